"""JX801 grade-band-mismatch."""
from __future__ import annotations

import re
from decimal import Decimal

from rules.common import nearest_before
from rules.context import Figures
from rules.registry import rule

# lower bounds, half-open bands: 优 ≥ 90, 良 [80, 90), 中 [60, 80), 差 < 60 (财政部)
BANDS = {"优": Decimal(90), "良": Decimal(80), "中": Decimal(60), "差": Decimal(0)}
ORDER = ("优", "良", "中", "差")
TOTAL_CUE = re.compile(r"总分|总得分|综合得分|综合评分|自评得分|合计|最终得分|评价得分")
QIZHONG = re.compile(r"其中")


def band_of(score: Decimal, bands: dict[str, Decimal]) -> str:
    for g in ORDER:
        if score >= bands[g]:
            return g
    return "差"


def narrative_totals(ctx) -> Figures:
    """The narrative's total scores: a grade word is judged against the nearest one before it
    (within 300 characters)."""
    return Figures(f for f in ctx.figures("score.total", narrative=True) if f.q.unit in ("分", ""))


@rule("JX801", "grade-band-mismatch", "grade-mismatch", "error",
      bands={"优": 90, "良": 80, "中": 60})
def check(ctx):
    """总得分不在所写评价等次的分数段内。

    检查什么：评价等次（优/良/中/差，或优秀/良好/中等/较差）与总得分对照：
    优 ≥ 90，良 80–90（不含 90），中 60–80，差 < 60。分数段没有容差：89.5 是良。等次之后紧跟的
    分数（"自评等级为良好（91.5分）""良好，得分91.5分"）是它所评的总分；否则取等次之前最近的总得分。

    为什么：财政部《项目支出绩效评价管理办法》规定了等次与分数的对应关系；
    等次写高一档是自评中最常见的"抬高评价"方式之一（domain-rules a6）。

    错误示例：综合评分85分，评价等次为优。
    正确示例：综合评分85分，评价等次为良。

    选项：bands（各等次的下限，默认 优 90、良 80、中 60）。
    """
    bands = dict(BANDS)
    bands.update({k: Decimal(str(v)) for k, v in ctx.opt("bands").items()})
    scores = narrative_totals(ctx)
    totals = Figures(f for f in scores if TOTAL_CUE.search(f.cue))
    for g in ctx.ext.grades:
        s = nearest_before(scores, g.start, 300)
        # "自评总分99.00分，其中……满意度得分10.00分，自评等级为优": the grade after a breakdown is the total's
        t = nearest_before(totals, g.start, 300)
        if s is not None and t is not None and t is not s and QIZHONG.search(ctx.doc.text, t.q.end, s.q.start):
            s = t
        q = g.score if g.score is not None else (s.q if s is not None else None)
        if q is None or q.value > 100:
            continue
        expect = band_of(q.value, bands)
        if expect != g.value:
            yield ctx.finding(
                f"总得分 {q.text} 应为「{expect}」，报告写为「{ctx.doc.text[g.start:g.end]}」",
                [q, (g.start, g.end)], expected=expect, stated=g.value)
