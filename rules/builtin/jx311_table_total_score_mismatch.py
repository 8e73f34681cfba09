"""JX311 table-total-score-mismatch."""
from __future__ import annotations

from decimal import Decimal

from rules.common import num
from rules.registry import rule
from rules.selfeval_common import EPS, scored, tables
from rules.tolerance import score_sum_slack


@rule("JX311", "table-total-score-mismatch", "sum-mismatch", "error")
def check(ctx):
    """自评表的总分不等于各项得分之和（含预算执行率得分）。

    检查什么：总分行的得分 = 年度资金总额行的得分 + 各指标得分。总分是各项得分按所印数值相加：
    整数得分是整分，带小数的得分容差为半个末位单位，总分另加它自己的半个末位单位。
    有指标得分空白时不检查（由 JX962 报告）。指标表的合计行只合计指标（"合计 | 90 | 80.45"，资金栏另占
    10 分）时，与指标得分之和对照。续表（分页后没有表头的
    指标表）先与前表合并再求和。

    为什么：自评得分是自评表各项得分之和（财政部办法；domain-rules a1、c，SCORE-SUM；
    银川第六中学：各项合计最多 94 分，自评得分却写 98 分）。

    错误示例：预算执行率得分 10，各指标得分合计 84，总分 98
    正确示例：预算执行率得分 8.62，各指标得分合计 90，总分 98.62

    选项：无。
    """
    for se in tables(ctx):
        total = se.total_score
        if not scored(total):
            continue
        parts = []
        ft = se.funds_total()
        if ft is not None and scored(ft.get("score")) and not se.total_of_indicators():
            parts.append(ft.get("score"))
        for row in se.indicators:
            if scored(row.weight) and not scored(row.score):
                parts = []
                break
            if scored(row.score):
                parts.append(row.score)
        if not parts:
            continue
        s = sum((p.q.value for p in parts), Decimal(0))
        tol = score_sum_slack([p.q for p in parts], total.q)
        if abs(s - total.q.value) <= tol + EPS:
            continue
        shown = " + ".join(p.text for p in parts)
        yield ctx.finding(
            f"总分写为 {total.text}，但各项得分之和为 {shown} = {num(s)}（容差 ±{num(tol)}）",
            [total.q, *(p.q for p in parts[:12])], expected=num(s), stated=total.text,
            data={"sum": str(s), "tolerance": str(tol), "n": len(parts)})
