"""JX861 table-execution-points-inflated (and JX112 below-rate, in its own module)."""
from __future__ import annotations

from decimal import Decimal

from rules.common import num
from rules.registry import rule
from rules.selfeval_common import EPS, HUNDRED, iv, tables
from rules.tolerance import bounds, quotient


def execution_points(se):
    """(funds total row, rate interval in %, how the rate was found, weight, score) or None."""
    row = se.funds_total()
    if row is None:
        return None
    w, s = row.get("weight"), row.get("score")
    if w is None or s is None or w.q is None or s.q is None or w.q.value <= 0:
        return None
    ex = row.get("executed")
    rate_iv = None
    how = ""
    for key in ("annual", "initial"):
        d = row.get(key)
        if ex is not None and ex.q is not None and d is not None and d.q is not None:
            rate_iv = quotient(bounds(ex.q), bounds(d.q))
            if rate_iv is not None:
                how = f"{ex.text} ÷ {d.text}"
                break
    rate = row.get("rate")
    if rate_iv is None and rate is not None and rate.q is not None and rate.q.unit == "%":
        rate_iv = bounds(rate.q)
        how = rate.text
    if rate_iv is None:
        return None
    return row, rate_iv, how, w, s


@rule("JX861", "table-execution-points-inflated", "score-inflation", "error")
def check(ctx):
    """自评表中预算执行率一项的得分高于 执行率 × 分值。

    检查什么：自评表「年度资金总额」行的得分，与 min(执行率, 100%) × 分值 比较；执行率由
    本行 全年执行数 ÷ 全年预算数（无全年栏时 ÷ 年初预算数）算出，算不出时用表中写的执行率。
    得分高于可得的最高分（考虑打印精度：整数得分 ±0.5）即为错误。

    为什么：预算执行率得分 = 执行率 × 分值，不超过分值（财政部自评表；北京表注
    「执行率×分值，最高不超过该项分值」；domain-rules a4，EXEC-SCORE）。

    错误示例：年度资金总额 | 1000.00 | 1000.00 | 770.42 | 10 | 77.04% | 10（最多 7.70 分）
    正确示例：年度资金总额 | 250,000 | 250,000 | 215,457.6 | 10 | 86.18% | 8.62

    选项：无。
    """
    for se in tables(ctx):
        got = execution_points(se)
        if got is None:
            continue
        row, (r_lo, r_hi), how, w, s = got
        w_v = w.q.value
        max_pts = min(r_hi, HUNDRED) / HUNDRED * w_v
        s_lo, _ = iv(s)
        if s_lo > max_pts + EPS:
            mid = (r_lo + r_hi) / 2
            shown = f"{num(mid, 2)}%"
            yield ctx.finding(
                f"执行率 {shown}（{how}），得分 {s.text.removesuffix('分')} 分：执行率得分应为 min({shown}, 1) × {w.text.removesuffix('分')} = "
                f"{num(min(mid, HUNDRED) / HUNDRED * w_v, 2)} 分，最多 {num(max_pts, 2)} 分",
                [s.q, *(x.q for x in (row.get("rate"),) if x is not None and x.q is not None)],
                expected=f"≤ {num(max_pts, 2)}", stated=s.text,
                data={"rate_percent": str(mid), "max_points": str(max_pts), "weight": str(w_v)})


__all__ = ["check", "execution_points", "Decimal"]
