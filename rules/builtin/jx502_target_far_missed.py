"""JX502 target-far-missed."""
from __future__ import annotations

from decimal import Decimal

from rules.common import count_pairs, num, pct
from rules.registry import rule
from rules.tolerance import bounds


@rule("JX502", "target-far-missed", "target-gap", "warning", floor=Decimal("0.5"))
def check(ctx):
    """实际完成值远低于目标值。

    检查什么：正向数量指标的实际值不到目标值的 floor（默认 50%）。按组下达的目标以合计目标比较。

    为什么：大幅未完成的指标应当扣分并说明偏差原因（财政部办法：未完成的按完成比例计分）；
    远低于目标而未说明，往往是目标口径或实际数有误。

    错误示例：5个专业招商组各梳理行业目标企业280家以上（合计1400家），实际梳理423个。
    正确示例：目标1400家，实际1,420家。

    选项：floor（比例，默认 0.5）。
    """
    floor = Decimal(str(ctx.opt("floor")))
    for t, r, total in count_pairs(ctx.ext):
        if r.rate is not None and bounds(r.rate)[0] >= floor * 100:
            # the report's own rate says otherwise: the denominator is in question,
            # which JX102 reports; do not guess which one is right here
            continue
        if bounds(r.q)[1] < floor * total:
            tdesc = f"{t.q.text}（{t.total_note} = {num(total)}）" if t.total_note else t.q.text
            yield ctx.finding(
                f"目标 {tdesc}，实际 {r.q.text}，仅完成 {pct(r.q.value / total * 100)}",
                [t.q, r.q], expected=f"≥ {num(total)}", stated=r.q.text)
