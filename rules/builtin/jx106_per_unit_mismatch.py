"""JX106 per-unit-mismatch."""
from __future__ import annotations

from rules.common import num
from rules.registry import rule
from rules.tolerance import OK, ROUNDING, bounds, compare_stated, quotient


@rule("JX106", "per-unit-mismatch", "ratio-mismatch", "error")
def check(ctx):
    """人均、户均、亩均、每公里等平均数与同一句中的总数和数量不符。

    检查什么：一句话里写出总额（或总量）、数量和平均数（"发放养老服务补贴2316.48万元，惠及老年人
    19304人，人均1300元"；"亩均治理成本223.53元"与同句的 1,162.38万元、5.2万亩），平均数应为
    总额 ÷ 数量，按各数的印刷精度不能相容时报告。句中只有一个可作分子的总额、一个以对应量词
    （人均 → 人/名/人次，亩均 → 亩，每公里 → 公里……）计的数量时才判断；写"约""左右"的平均数不查。

    为什么：平均数是由总额和数量算出的比率，写错会夸大或缩小补助标准、单位成本
    （domain-rules c，RATIO）。

    错误示例：发放补贴2316.48万元，惠及老年人19304人，人均1300元（2316.48万 ÷ 19304 = 1200元）。
    正确示例：发放补贴2316.48万元，惠及老年人19304人，人均1200元。
    """
    for a in ctx.facts.averages:
        if len(a.numerators) != 1 or len(a.denominators) != 1:
            continue
        n, d = a.numerators[0], a.denominators[0]
        iv = quotient(bounds(n), bounds(d), scale=1)
        if iv is None:
            continue
        verdict = compare_stated(a.value, iv)
        if verdict == OK:
            continue
        computed = n.value / d.value
        shown, unit = (computed * 10000, "元") if a.value.kind == "money" and a.value.raw_unit.endswith("元") \
            and not a.value.raw_unit.startswith("万") else (computed, a.value.raw_unit or a.value.unit)
        yield ctx.finding(
            f"平均数写为 {a.value.text}，但 {n.text} ÷ {d.text} = {num(shown, 2)}{unit}",
            [n, d, a.value], expected=f"{num(shown, 2)}{unit}", stated=a.value.text,
            severity="warning" if verdict == ROUNDING else None)
