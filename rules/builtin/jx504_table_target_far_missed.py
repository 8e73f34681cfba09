"""JX504 table-target-far-missed."""
from __future__ import annotations

from decimal import Decimal

from rules.common import num
from rules.registry import rule
from rules.selfeval_common import count_rows
from rules.tolerance import bounds


@rule("JX504", "table-target-far-missed", "target-gap", "warning", floor=Decimal("0.5"))
def check(ctx):
    """自评表中正向数量指标的实际完成值不到年度指标值的一半。

    检查什么：自评表指标行中，正向（≥ 或未写方向）数量指标（个、家、人、场……同一计量单位）的实际完成值
    不到年度指标值的 floor（默认 50%）。比率、金额和定性指标不在此检查（比率的未完成由 JX701、JX862 等对照）。

    为什么：大幅未完成的指标说明目标脱离实际或实施严重滞后，应扣分并说明原因（财政部办法：
    未完成的按完成比例计分；domain-rules c，TARGET-GAP）。与 JX503（目标定得过低）相对。

    错误示例：建设粪污集中处理中心 | ≥3个 | 1个
    正确示例：建设粪污集中处理中心 | ≥3个 | 3个

    选项：floor（比例，默认 0.5）。
    """
    floor = Decimal(str(ctx.opt("floor")))
    for row, t, a in count_rows(ctx, ("≥", "=")):
        # (a count of whole items is exact: "1个" is one, not 0.5–1.5)
        if (a.q.value if a.q.ulp >= 1 else bounds(a.q)[1]) < floor * t.q.value:
            share = a.q.value / t.q.value * 100
            yield ctx.finding(
                f"指标「{row.label}」目标 {t.text}，实际 {a.text}，只完成目标的 {num(share, 1)}%：远未完成",
                [t.q, a.q], expected=f"≈ {t.text}", stated=a.text, data={"share": str(share.quantize(Decimal('0.01')))})
