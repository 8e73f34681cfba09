"""JX113 table-completion-rate-mismatch."""
from __future__ import annotations

from decimal import Decimal

from rules.common import pct
from rules.registry import rule
from rules.selfeval_common import comparable, tables
from rules.tolerance import MISMATCH, OK, bounds, compare_stated, midpoint, quotient

HUNDRED = Decimal(100)


@rule("JX113", "table-completion-rate-mismatch", "ratio-mismatch", "error")
def check(ctx):
    """自评表指标行的完成率与本行的实际完成值 ÷ 年度指标值不符。

    检查什么：指标表有"完成率"一栏时，正向和等值指标的完成率应为 实际完成值 ÷ 年度指标值
    （按打印精度的舍入区间）；写 100% 而实际超过目标（完成率封顶）不算错。反向指标
    （≤）的完成率各地算法不一，不在此检查。

    为什么：完成率是实际值与目标值之比，与它们不符说明计算或填报有误（domain-rules a5，
    IND-RATE）。

    错误示例：农村户厕改造数量 | ≥3200户 | 2912户 | 94.00%（应为 91.00%）
    正确示例：农村户厕改造数量 | ≥3200户 | 2912户 | 91.00%
    """
    for se in tables(ctx):
        for row in se.indicators:
            r = row.rate
            if r is None or r.q is None or r.q.unit != "%" or row.direction not in ("≥", "=") or not comparable(row):
                continue
            t, a = row.target.q, row.actual.q
            if t.kind != a.kind:
                continue
            iv = quotient(bounds(a), (t.value, t.value) if t.qualifier or t.kind == "count" else bounds(t))
            if iv is None:
                continue
            verdict = compare_stated(r.q, iv)
            if verdict == OK or (r.q.value == HUNDRED and iv[0] >= HUNDRED):
                continue
            computed = midpoint(iv)
            yield ctx.finding(
                f"指标「{row.label}」完成率写为 {r.text}，但 {a.text} ÷ {t.text} = {pct(computed)}",
                [r.q, a, t], expected=pct(computed), stated=r.text,
                severity=None if verdict == MISMATCH else "warning")
