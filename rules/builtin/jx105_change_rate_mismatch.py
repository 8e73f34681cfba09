"""JX105 change-rate-mismatch."""
from __future__ import annotations

from extractor.intervals import change_interval
from rules.common import num, pct, places
from rules.registry import rule
from rules.tolerance import OK, ROUNDING, bounds, compare_stated


@rule("JX105", "change-rate-mismatch", "ratio-mismatch", "error")
def check(ctx):
    """同比增长率/下降率与前后两年的数字不符。

    检查什么：一句话里写出本年数、上年数和变化率（"2025年"三公"经费支出41.3万元，较2024年的
    48.6万元减少7.3万元，下降17.02%"；"完成抽检4,200批次，比上年的3,800批次增长10.53%"），
    变化率应为 |本年 − 上年| ÷ 上年，按各数的印刷精度不能相容时报告；写"增长"而本年数更小
    （或写"下降"而更大）也报告。"个百分点"的变化比较的是比率，不在此检查。

    为什么：同比变化率是由两年的数字算出的比率，写错会夸大或掩盖变化（domain-rules c，RATIO）。

    错误示例：较2024年的48.6万元减少7.3万元，下降17.02%（7.3 ÷ 48.6 = 15.02%）
    正确示例：较2024年的48.6万元减少7.3万元，下降15.02%

    只写了变化额（"全年支出18,411.06万元，较上年增加1,654.20万元，增长12.60%"）时，上年数为
    本年数减去（下降时加上）变化额：1,654.20 ÷ (18,411.06 − 1,654.20) = 9.87%。
    """
    for c in ctx.facts.changes:
        if c.earlier is None:
            yield from _by_delta(ctx, c)
            continue
        (c_lo, c_hi), (p_lo, p_hi) = bounds(c.current), bounds(c.earlier)
        if p_lo <= 0:
            continue
        if (c.up and c_hi < p_lo) or (not c.up and c_lo > p_hi):
            word = "增长" if c.up else "下降"
            yield ctx.finding(f"写为{word} {c.rate.text}，但本年 {c.current.text} {'低于' if c.up else '高于'}上年 {c.earlier.text}",
                              [c.current, c.earlier, c.rate], stated=c.rate.text)
            continue
        verdict = compare_stated(c.rate, change_interval(c.current, c.earlier))
        if verdict == OK:
            continue
        p = max(places(c.rate), 2)
        change = abs(c.current.value - c.earlier.value)
        computed = change / c.earlier.value * 100
        yield ctx.finding(
            f"{'增长' if c.up else '下降'}率写为 {c.rate.text}，但 |{c.current.text} − {c.earlier.text}| ÷ "
            f"{c.earlier.text} = {pct(computed, p)}", [c.current, c.earlier, c.rate],
            expected=pct(computed, p), stated=c.rate.text, severity="warning" if verdict == ROUNDING else None)


def _by_delta(ctx, c):
    """"全年支出18,411.06万元，较上年增加1,654.20万元，增长12.60%": the earlier figure is the current
    one less the change (plus it, when it fell); the rate is the change over it."""
    (c_lo, c_hi), (d_lo, d_hi) = bounds(c.current), bounds(c.delta)
    if c.up:
        e_lo, e_hi = c_lo - d_hi, c_hi - d_lo
    else:
        e_lo, e_hi = c_lo + d_lo, c_hi + d_hi
    if e_lo <= 0 or d_lo < 0:
        return
    verdict = compare_stated(c.rate, (d_lo / e_hi * 100, d_hi / e_lo * 100))
    if verdict == OK:
        return
    earlier = c.current.value - c.delta.value if c.up else c.current.value + c.delta.value
    computed = c.delta.value / earlier * 100
    p = max(places(c.rate), 2)
    sign = "−" if c.up else "+"
    yield ctx.finding(
        f"{'增长' if c.up else '下降'}率写为 {c.rate.text}，但 {num(c.delta.value)} ÷ "
        f"({num(c.current.value)} {sign} {num(c.delta.value)}) = {pct(computed, p)}",
        [c.current, c.delta, c.rate], expected=pct(computed, p), stated=c.rate.text,
        severity="warning" if verdict == ROUNDING else None)
