"""JX101 funds-rate-mismatch."""
from __future__ import annotations

import bisect
from decimal import Decimal

from rules.common import cue_name, num, pct, places, scope_label
from rules.registry import rule
from rules.tolerance import (
    HUNDRED,
    OK,
    ROUNDING,
    bounds,
    compare_stated,
    midpoint,
    quotient,
    try_denominators,
)

# denominators tried in order; the first is the official one (domain-rules b)
EXEC_DENOMS = (("budget.total", "全年预算"), ("budget", "预算"), ("budget.initial", "年初预算"),
               ("budget.control", "预算控制数"), ("funds.arrived", "到位资金"))
ARRIVAL_DENOMS = (("budget.total", "全年预算"), ("budget", "预算"), ("budget.initial", "年初预算"),
                  ("budget.control", "预算控制数"))
NEAR = 1500  # characters: a rate is computed from figures stated shortly before it


def _said_in_full(ctx, rate) -> bool:
    """"预算资金43.2万元于5月全额下达，到位率100%": the amount arrived is the budget itself."""
    text = ctx.doc.text
    start = max(text.rfind("。", 0, rate.q.start), text.rfind("\n", 0, rate.q.start)) + 1
    return ctx.facts.budget_words.in_full_between(start, rate.q.start)


def _own_quotient_fits(ctx, rate) -> bool:
    """The rate equals the quotient printed after it, and both numbers are amounts the report
    states as money (in the unit it prints them in)."""
    if rate.quotient_of is None:
        return False
    n, d = rate.quotient_of
    iv = quotient(bounds(n), bounds(d))
    if iv is None or compare_stated(rate.q, iv) != OK:
        return False
    stated = {f.q.value for f in ctx.facts if f.q.kind == "money"} | {
        f.q.value * 10000 for f in ctx.facts if f.q.kind == "money"}  # 万元, or printed in 元
    return n.value in stated and d.value in stated


def _candidates(ctx, rate, concept, within):
    """Facts of the rate's own context: the prose ones stated before it (nearest first),
    then the table's."""
    prose = ctx.facts.before(rate, concept, within=within)
    if not prose:
        # "项目资金执行率97.5%。该项目年初预算800万元……全年实际支出722万元": a rate that opens its
        # paragraph is computed from the amounts that follow in it
        prose = [f for f in ctx.facts.of(concept, context=rate.context, source="prose")
                 if f.block == rate.block and f.q.start > rate.q.start]
    table = [f for f in ctx.facts.of(concept, context=rate.context, source="table")]
    return prose + table


def _denominators(rate, denoms):
    """A formula written beside the rate decides its denominator: "使用率（已支出资金÷到位资金）",
    and so does a basis said in its clause: "若以年初预算计算，执行率为94.54%"."""
    note = (rate.note or "").replace("/", "÷")
    if rate.basis:
        note = "÷" + rate.basis
    if "÷" in note:
        below = note.split("÷", 1)[1]
        if "年初" in below:
            return tuple(d for d in denoms if d[0] == "budget.initial") or (("budget.initial", "年初预算"),)
        if "到位" in below:
            return tuple(d for d in denoms if d[0] == "funds.arrived") or (("funds.arrived", "到位资金"),)
        if "预算" in below:
            return tuple(d for d in denoms if d[0] != "funds.arrived")
    return denoms


def _any_pair_fits(ctx, rate, numerator, denoms, cache: dict) -> bool:
    # distinct printed values only: a long report repeats the same amounts many times
    # the prose's own figures when it states them (a table that disagrees is JX411's
    # finding), the table's when the prose gives none
    key = (numerator, denoms, rate.context)
    hit = cache.get(key)
    if hit is None:
        src = "prose" if ctx.facts.of(numerator, context=rate.context, source="prose") else None
        dens = {(d.q.value, d.q.ulp): d.q for concept, _ in denoms
                for d in ctx.facts.of(concept, context=rate.context, source=src)}
        numv = {(n.q.value, n.q.ulp): n.q for n in ctx.facts.of(numerator, context=rate.context, source=src)}
        ds = sorted((bounds(d) for d in dens.values() if d.value > 0), key=lambda b: b[0])
        width = max((hi - lo for lo, hi in ds), default=Decimal(0))
        hit = cache[key] = ([bounds(n) for n in numv.values()], ds, [lo for lo, _ in ds], width)
    nbs, ds, d_los, width = hit
    s_lo, s_hi = rate.q.value - rate.q.ulp / 2, rate.q.value + rate.q.ulp / 2
    for nb in nbs:
        if s_lo > 0 and s_hi > 0:
            # n/d meets the stated rate only if d_lo ≤ n_hi·100/s_lo and d_hi ≥ n_lo·100/s_hi;
            # a margin covers Decimal rounding: the exact test below decides
            lo = nb[0] * HUNDRED / s_hi * _BELOW - width
            hi = nb[1] * HUNDRED / s_lo * _ABOVE
            cands = ds[bisect.bisect_left(d_los, lo):bisect.bisect_right(d_los, hi)]
        else:
            cands = ds
        for db in cands:
            iv = quotient(nb, db)
            if iv is not None and compare_stated(rate.q, iv) == OK:
                return True
    return False


_BELOW, _ABOVE = Decimal("0.999999"), Decimal("1.000001")


@rule("JX101", "funds-rate-mismatch", "ratio-mismatch", "error")
def check(ctx):
    """资金执行率/使用率/支付率/到位率与其金额不符。

    检查什么：报告写明的预算执行率（使用率、支付率）是否等于 实际支出 ÷ 预算，
    到位率是否等于 到位资金 ÷ 预算。只用同一主体的金额（本项目，或比率所在句子说的
    那个子项目、资金来源）：正文中比率之前的，再加表格中的；依次尝试 全年预算（调整后预算）、
    预算、年初预算、预算控制数、到位资金 作分母，并说明哪一个相符。比率旁写明公式
    （"使用率（已支出资金÷到位资金）"）时按公式取分母。同一主体有几组金额、其中一组相符时不报。

    为什么：自评表的预算执行率 = 全年执行数 ÷ 全年预算数（财政部自评表、四川说明）；
    部分地区仍以年初预算或到位资金为分母。比率与其数字不符说明计算或填报有误。
    容差：印到 d 位小数的数字代表 ±½·10⁻ᵈ，误差随除法传递；只有区间无法相交才报错，
    恰好差末位一个单位（截尾或进位）报警告。

    写明的比率前没有支出（到位）金额或预算数时，列为"未能核对"，不算通过也不算问题。

    错误示例：项目实际使用资金770.42万元，年初预算1000万元，资金使用率77.40%。
    正确示例：项目实际使用资金770.42万元，年初预算1000万元，资金使用率77.04%。
    """
    stated: set[tuple[str, Decimal]] = set()
    settled: set[tuple[str, Decimal]] = set()  # rates shown right by the quotient printed after them
    fits_cache: dict = {}
    for rate in ctx.facts.of("rate.execution", "rate.arrival", source="prose"):
        if rate.q.qualifier in ("≥", ">", "≤", "<", "≈"):
            continue  # a target ("执行率≥90%"), not a measurement
        if (rate.concept, rate.q.value) in settled:
            continue  # restated after it was shown right on its own stated base
        if _own_quotient_fits(ctx, rate):
            settled.add((rate.concept, rate.q.value))
            continue  # "到位率92.00%（1380.00÷1500.00）": the report's own arithmetic on amounts it states
        restated = (rate.concept, rate.context, rate.q.value) in stated  # "（评分）预算执行率为86.2%" again
        stated.add((rate.concept, rate.context, rate.q.value))
        if rate.concept == "rate.execution":
            numerator, denoms, what = "spent", EXEC_DENOMS, "实际支出"
        else:
            numerator, denoms, what = "funds.arrived", ARRIVAL_DENOMS, "到位资金"
        denoms = _denominators(rate, denoms)
        nums = _candidates(ctx, rate, numerator, NEAR)
        n = nums[0] if nums else None
        if n is None:
            if not restated and not (rate.concept == "rate.arrival" and rate.q.value == 100 and _said_in_full(ctx, rate)):
                yield ctx.not_assessed(f"{rate.how} {rate.q.text}：前文未识别出{scope_label(rate)}对应的{what}金额", [rate])
            continue
        if rate.base is not None and rate.base.kind == "money":
            iv = quotient(bounds(n.q), bounds(rate.base))
            if iv is not None and compare_stated(rate.q, iv) == OK:
                continue  # "执行率97.32%（按调减后的100.00万元计算）": the base it names fits
        nearest = []
        for concept, name in denoms:
            cands = [d for d in _candidates(ctx, rate, concept, NEAR * 2) if d is not n and d.q.value > 0]
            if cands:
                nearest.append((concept, name, cands[0]))
        tried = try_denominators(rate.q, n.q, ((concept, name, d, d.q) for concept, name, d in nearest))
        if not tried:
            if not restated:
                yield ctx.not_assessed(f"{rate.how} {rate.q.text}：前文有{what} {n.q.text}，但未识别出{scope_label(rate)}预算数",
                                       [rate, n])
            continue
        if tried[0][4] == OK:
            continue
        if rate.concept == "rate.execution" and all(t[0] == "funds.arrived" for t in tried) and \
                not (rate.note or rate.basis):
            # no budget of the rate's context was read: its official base is not known
            if not restated:
                yield ctx.not_assessed(f"{rate.how} {rate.q.text}：前文有{what} {n.q.text}，但未识别出{scope_label(rate)}预算数，"
                                       f"只有到位资金", [rate, n])
            continue
        p = places(rate.q)
        first_label, first_name, d0, iv0, verdict0 = tried[0]
        computed = midpoint(iv0)
        later_ok = next((t for t in tried[1:] if t[4] == OK), None)
        shown = rate.q.text
        if later_ok is not None:
            # only a non-official denominator fits: say which
            _, name, d, iv, _ = later_ok
            yield ctx.finding(
                f"{cue_name(rate.how)}写为 {shown}，按{first_name}计算为 {num(n.q.value)} ÷ {num(d0.q.value)} = {pct(computed, p)}；"
                f"与{name}相符（{num(n.q.value)} ÷ {num(d.q.value)} = {pct(midpoint(iv), p)}），请确认口径",
                [rate, n, d0, d], expected=pct(computed, p), stated=shown, severity="warning",
                data={"denominator": name, "official": first_name, "context": str(rate.context)},
            )
            continue
        # several amounts of one context (a value stated twice, prose and table) may give the
        # rate: it is wrong only if no pair of its own context fits
        if _any_pair_fits(ctx, rate, numerator, denoms, fits_cache):
            continue
        severity = "warning" if verdict0 == ROUNDING else None
        note = "（相差末位一个单位，可能是截尾或进位）" if verdict0 == ROUNDING else ""
        yield ctx.finding(
            f"{scope_label(rate)}{cue_name(rate.how)}写为 {shown}，但 {num(n.q.value)} ÷ {num(d0.q.value)} = {pct(computed, max(p, 2))}{note}",
            [rate, n, d0], expected=pct(computed, p), stated=shown, severity=severity,
            data={"numerator": what, "denominator": first_name, "computed": str(computed.quantize(Decimal('0.0001'))),
                  "context": str(rate.context)},
        )

