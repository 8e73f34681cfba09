"""JX412 narrative-table-indicator-conflict."""
from __future__ import annotations

from rules.registry import rule
from rules.tolerance import meet


@rule("JX412", "narrative-table-indicator-conflict", "value-conflict", "error")
def check(ctx):
    """正文写的某项指标完成数与自评表该指标的实际完成值不一致。

    检查什么：正文完成情况中的一个实际数（"开展文化惠民演出52场"）与自评表中主题相同、
    计量单位相同的指标行（"开展文化惠民演出场次 | ≥48场 | 50场"）对照；正文中与该行对应的
    实际数没有一个与表中实际完成值相符时报告。一个实际数与两行同样接近时不对照。按主题对照之后，
    某一计量单位只剩一行和一个实际数未对照、二者有一个共同的词（"为272家科技型中小企业兑付创新券"与
    "创新券服务企业数 | ≥300家 | 262家"）时也对照，不一致时提示警告。

    为什么：报告和它的自评表说的是同一项指标的同一个实际值（domain-rules c，VALUE-CONFLICT）。

    错误示例：正文"开展文化惠民演出52场"；表中"开展文化惠民演出场次 | ≥48场 | 50场"
    正确示例：正文"开展文化惠民演出52场"；表中"开展文化惠民演出场次 | ≥48场 | 52场"
    """
    for link in ctx.facts.indicator_links:
        actual = link.row.actual.q
        if any(meet(s.q, actual) for s in link.results):
            continue
        s = link.results[0]
        # a result linked only as the last of its measure sharing a word with the row: likely the same
        # indicator, not certainly (a warning)
        yield ctx.finding(
            f"指标「{link.row.label}」：正文写 {s.q.text}，自评表实际完成值为 {link.row.actual.text}："
            f"{'可能是同一指标，数字' if link.weak else '同一数字'}前后不一致",
            [s.q, actual], expected=link.row.actual.text, stated=s.q.text, severity="warning" if link.weak else None,
            data={"similarity": round(link.scores[0], 1)})
