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

    此外，正文中凡是点出某行指标名称的数（行名去掉"面积、数、场次、长度"等计量词后的各个词都在句中，
    或只差开头的动词："全年完成人工造林2.36万亩"与"人工造林面积"；"受理并指派法律援助案件456件"与
    "办理法律援助案件数"），与该行实际完成值相差不到四分之一或只是数字顺序颠倒（68个 / 86个），
    而数值对不上的，逐一报告，即使正文另一处与表中一致（概况、存在问题中的同一个数写错）。
    以前年度的数、其中所列的部分、抽查样本、目标值不算。

    为什么：报告和它的自评表说的是同一项指标的同一个实际值（domain-rules c，VALUE-CONFLICT）。

    错误示例：正文"开展文化惠民演出52场"；表中"开展文化惠民演出场次 | ≥48场 | 50场"
    正确示例：正文"开展文化惠民演出52场"；表中"开展文化惠民演出场次 | ≥48场 | 52场"
    """
    reported: set[tuple[int, int]] = set()
    for link in ctx.facts.indicator_links:
        actual = link.row.actual.q
        if any(meet(s.q, actual) for s in link.results):
            continue
        s = link.results[0]
        reported.add((s.q.start, actual.start))
        # a result linked only as the last of its measure sharing a word with the row: likely the same
        # indicator, not certainly (a warning)
        yield ctx.finding(
            f"指标「{link.row.label}」：正文写 {s.q.text}，自评表实际完成值为 {link.row.actual.text}："
            f"{'可能是同一指标，数字' if link.weak else '同一数字'}前后不一致",
            [s.q, actual], expected=link.row.actual.text, stated=s.q.text, severity="warning" if link.weak else None,
            data={"similarity": round(link.scores[0], 1)})
    for link in ctx.facts.restatements:
        actual = link.row.actual.q
        for s in link.results:
            if meet(s.q, actual) or (s.q.start, actual.start) in reported:
                continue
            reported.add((s.q.start, actual.start))
            yield ctx.finding(
                f"指标「{link.row.label}」：正文写 {s.q.text}，自评表实际完成值为 {link.row.actual.text}：同一数字前后不一致",
                [s.q, actual], expected=link.row.actual.text, stated=s.q.text)
