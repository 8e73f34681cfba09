"""JX851 full-marks-despite-shortfall."""
from __future__ import annotations

from decimal import Decimal

from rules.common import missed_indicators, num
from rules.registry import rule
from rules.tolerance import bounds, quotient

HUNDRED = Decimal(100)


def _rate_high(ctx, rate) -> Decimal:
    """The highest execution rate the report's own figures allow: the stated rate's upper
    bound, or the quotient of the 实际支出 and 全年预算 (or 年初预算) stated before it, or of the
    自评表's 全年执行数 and 全年预算数, when that is higher
    (a mistyped rate, "3,862.45 ÷ 4,120.00 … 执行率93.57%", is JX101's finding and caps no score)."""
    hi = bounds(rate.q)[1]
    fact = next((f for f in ctx.facts.of("rate.execution", source="prose") if f.q.start == rate.q.start), None)
    if fact is None:
        return min(hi, HUNDRED)
    prose = (ctx.facts.before(fact, "spent", within=1500)[:1],
             ctx.facts.before(fact, "budget.total", "budget", within=1500)[:1]
             or ctx.facts.before(fact, "budget.initial", within=1500)[:1])
    table = (ctx.facts.of("spent", context=fact.context, source="table")[:1],
             ctx.facts.of("budget.total", context=fact.context, source="table")[:1])
    for ns, ds in (prose, table):
        if ns and ds and (iv := quotient(bounds(ns[0].q), bounds(ds[0].q))) is not None:
            hi = max(hi, iv[1] + rate.q.ulp / 2)  # the quotient as printed to the rate's places (domain-rules c)
    return min(hi, HUNDRED)


@rule("JX851", "full-marks-despite-shortfall", "score-inflation", "error", execution_weight=Decimal(10))
def check(ctx):
    """总得分高于报告自身数字所允许的最高分。

    检查什么：预算执行率低于 100% 时，预算执行率一项（默认 10 分）最多得 执行率 × 10 分，
    总分最多 100 − (1 − 执行率) × 10；有未完成的数量指标时总分不可能是满分。

    为什么：财政部自评表：预算执行率得分 = 执行率 × 分值，不超过分值；
    未完成的指标按完成比例计分（domain-rules a4、a5）。满分与未用完的资金或未完成的指标并存，即为抬高得分。

    错误示例：资金使用率77.04%……综合绩效评价指标评分，得分100分。
    正确示例：资金使用率77.04%……得分97.70分（执行率一项得7.70分）。

    选项：execution_weight（预算执行率一项的分值，默认 10）。
    """
    w = Decimal(str(ctx.opt("execution_weight")))
    totals = [f for f in ctx.figures("score.total", narrative=True) if f.q.unit in ("分", "") and f.q.value <= 100]
    if not totals:
        return
    rates = [f for f in ctx.figures("rate.execution", narrative=True) if f.q.qualifier is None]
    rate = max(rates, key=lambda f: f.q.value) if rates else None
    missed = missed_indicators(ctx.ext)
    for total in totals:
        t_lo = bounds(total.q)[0]
        if rate is not None and rate.q.value < HUNDRED:
            r_hi = _rate_high(ctx, rate)
            cap = HUNDRED - (HUNDRED - r_hi) / HUNDRED * w
            if t_lo > cap:
                pts = r_hi / HUNDRED * w
                yield ctx.finding(
                    f"总得分 {total.q.text}，但{rate.cue}仅 {rate.q.text}：预算执行率一项（{num(w)}分）最多得 "
                    f"{num(rate.q.value / HUNDRED * w, 2)} 分，总分最多 {num(HUNDRED - (HUNDRED - rate.q.value) / HUNDRED * w, 2)} 分",
                    [total, rate], expected=f"≤ {num(cap, 2)}", stated=total.q.text,
                    data={"max_execution_points": str(pts.quantize(Decimal("0.0001")))})
                continue
        if missed and total.q.value == HUNDRED:
            yield ctx.finding(
                f"总得分为满分 {total.q.text}，但有未完成的指标：{', '.join(q.text for q in missed[:3])}",
                [total, *missed[:3]], expected="< 100", stated=total.q.text)
