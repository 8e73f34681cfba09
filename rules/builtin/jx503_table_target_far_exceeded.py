"""JX503 table-target-far-exceeded."""
from __future__ import annotations

from decimal import Decimal

from rules.common import num
from rules.registry import rule
from rules.selfeval_common import count_rows
from rules.tolerance import bounds

MIN_TARGET = 5  # "≥1项, 实际4项" is a small count, not a target set too low …
SMALL_FACTOR = 10  # … unless it is exceeded tenfold ("≥4期, 实际46期")


@rule("JX503", "table-target-far-exceeded", "target-gap", "warning", factor=Decimal("3"))
def check(ctx):
    """自评表中正向数量指标的实际完成值达到年度指标值的数倍（目标可能定得过低）。

    检查什么：自评表指标行中，正向（≥）数量指标（个、家、人、场……同一计量单位）的实际完成值
    达到年度指标值的 factor 倍（默认 3 倍）以上。目标小于 5 的计数（"≥1项"）只在达到 10 倍以上时报告；比率、金额和定性指标
    不在此检查。

    为什么：目标值明显低于实际能力，完成率与得分就失去意义；财政部办法要求对大幅超额完成的
    指标说明原因（domain-rules c，TARGET-LOW）。

    错误示例：培育新型农业经营主体 | ≥20家 | 68家
    正确示例：培育新型农业经营主体 | ≥60家 | 68家

    选项：factor（倍数，默认 3）。
    """
    factor = Decimal(str(ctx.opt("factor")))
    for row, t, a in count_rows(ctx, ("≥",)):
        need = factor if t.q.value >= MIN_TARGET else max(factor, Decimal(SMALL_FACTOR))
        if bounds(a.q)[0] >= need * t.q.value:
            ratio = a.q.value / t.q.value
            yield ctx.finding(
                f"指标「{row.label}」目标 {t.text}，实际 {a.text}，为目标的 {num(ratio, 1)} 倍：目标可能定得过低",
                [t.q, a.q], expected=f"≈ {t.text}", stated=a.text, data={"ratio": str(ratio.quantize(Decimal('0.01')))})
