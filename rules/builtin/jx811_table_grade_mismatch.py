"""JX811 table-grade-mismatch."""
from __future__ import annotations

from decimal import Decimal

from rules.builtin.jx801_grade_band_mismatch import BANDS, band_of, narrative_totals
from rules.common import nearest_before
from rules.registry import rule
from rules.selfeval_common import scored, tables

GRADE_WORDS = {"优秀": "优", "优": "优", "良好": "良", "良": "良", "中等": "中", "中": "中", "合格": "中", "较差": "差", "差": "差"}


@rule("JX811", "table-grade-mismatch", "grade-mismatch", "error", bands={"优": 90, "良": 80, "中": 60})
def check(ctx):
    """自评表的总分与报告（或表中）写的评价等次不符。

    检查什么：自评表总分行的得分，对照表中「评价等次」栏和报告正文写的等次：
    优 ≥ 90，良 [80, 90)，中 [60, 80)，差 < 60；没有容差（89.5 是良）。

    为什么：财政部办法规定等次与分数段的对应关系（domain-rules a6，GRADE）；
    正文的等次须与表中实际得分一致，而不只与正文里写的总分一致。

    错误示例：自评表总分 86.5；报告：评价等次为优。
    正确示例：自评表总分 96.9；报告：评价等次为优。

    选项：bands（各等次的下限，默认 优 90、良 80、中 60）。
    """
    bands = dict(BANDS)
    bands.update({k: Decimal(str(v)) for k, v in ctx.opt("bands").items()})
    narrative = narrative_totals(ctx)
    for se in tables(ctx):
        total = se.total_score
        if not scored(total) or total.q.value > 100:
            continue
        expect = band_of(total.q.value, bands)
        # a narrative grade word beside a narrative total equal to the table's is JX801's finding
        # and one beside another total is that total's grade (a department's beside its project's table)
        stated = [(g.value, (g.start, g.end), ctx.doc.text[g.start:g.end]) for g in ctx.ext.grades
                  if nearest_before(narrative, g.start, 300) is None] if ctx.facts.table_context(se).is_main else []
        if se.grade is not None:
            word = next((GRADE_WORDS[w] for w in sorted(GRADE_WORDS, key=len, reverse=True) if w in se.grade.text), None)
            if word:
                stated.append((word, se.grade.span, se.grade.text))
        # one finding per wrong grade word, with every place it is written (the table's 等次
        # cell and the narrative's "评价等级为优" state one conclusion)
        wrong: dict[str, list[tuple[tuple[int, int], str]]] = {}
        for value, span, text in stated:
            if value != expect:
                wrong.setdefault(value, []).append((span, text))
        for value, places in wrong.items():
            yield ctx.finding(
                f"自评表总分 {total.text} 分应为「{expect}」，等次却写为「{places[0][1]}」"
                + (f"（共 {len(places)} 处）" if len(places) > 1 else ""),
                [total.q, *(span for span, _ in places)], expected=expect, stated=value)
