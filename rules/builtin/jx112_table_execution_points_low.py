"""JX112 table-execution-points-low."""
from __future__ import annotations

from rules.builtin.jx861_table_execution_points_inflated import execution_points
from rules.common import num
from rules.registry import rule
from rules.selfeval_common import EPS, HUNDRED, iv, tables


@rule("JX112", "table-execution-points-low", "ratio-mismatch", "warning")
def check(ctx):
    """自评表中预算执行率一项的得分低于 执行率 × 分值（超出舍入范围）。

    检查什么：「年度资金总额」行的得分比 min(执行率, 100%) × 分值 低，且差距超出打印精度
    （整数得分允许 ±0.5，两位小数允许 ±0.005）。整数得分等于截尾取整的结果（9.78 → 9）时，
    视为取整方法不同，不报告。

    为什么：执行率得分按公式计算，少计说明算错了或用错了分母（domain-rules a4，EXEC-SCORE；
    银川第六中学：执行率 100% 只得 9/10 分）。

    错误示例：年度资金总额 | 64.8 | 64.8 | 64.8 | 10 | 100% | 9
    正确示例：年度资金总额 | 43.2 | 43.2 | 37.24 | 10 | 86% | 9（8.62 按整数取 9）

    选项：无。
    """
    for se in tables(ctx):
        got = execution_points(se)
        if got is None:
            continue
        row, (r_lo, r_hi), how, w, s = got
        min_pts = min(r_lo, HUNDRED) / HUNDRED * w.q.value
        _, s_hi = iv(s)
        stated = row.get("rate")
        rate = stated.q.value if stated is not None and stated.q is not None and stated.q.unit == "%" else (r_lo + r_hi) / 2
        if s.q.ulp == 1 and s.q.value == int(min(rate, HUNDRED) / HUNDRED * w.q.value):
            continue  # whole points by truncation (97.80% × 10 = 9.78 → 9): a rounding method, not an error
        if s_hi < min_pts - EPS:
            mid = (r_lo + r_hi) / 2
            shown = f"{num(mid, 2)}%"
            yield ctx.finding(
                f"执行率 {shown}（{how}），得分 {s.text} 分：执行率得分应为 min({shown}, 1) × {w.text} = "
                f"{num(min(mid, HUNDRED) / HUNDRED * w.q.value, 2)} 分",
                [s.q, *(x.q for x in (row.get("rate"),) if x is not None and x.q is not None)],
                expected=f"≥ {num(min_pts, 2)}", stated=s.text)
