"""JX711 table-budget-adjustment."""
from __future__ import annotations

from extractor.selfeval import blank_reason
from rules.common import num
from rules.registry import rule
from rules.selfeval_common import tables
from rules.tolerance import bounds


@rule("JX711", "table-budget-adjustment", "claim-contradiction", "warning")
def check(ctx):
    """自评表的全年预算数与年初预算数不同却未说明原因，或全年预算被调减到恰好等于执行数。

    检查什么：年度资金总额行（1）全年预算数 ≠ 年初预算数，而资金栏的原因栏为空、
    报告正文也没有「调整 / 追加 / 调减 / 收回」等说明；（2）全年预算数低于年初预算数并
    恰好等于全年执行数，使执行率成为 100%（同时给出按年初预算的执行率）。

    为什么：执行率以全年（调整后）预算为分母，调减预算可以让任何项目得满分；
    四川要求说明每一次预算调整（domain-rules a4、c，BUDGET-ADJ；池州 90 → 89.974 = 执行数）。

    错误示例：年度资金总额 | 500.00 | 388.76 | 388.76 | 10 | 100% | 10
    正确示例：年度资金总额 | 238.93 | 251.89 | 251.89 | 10 | 100% | 10（正文：年中追加人员经费12.96万元）

    选项：无。
    """
    # the narrative, a workbook's 自评说明 sheet included (one-cell rows that hold sentences)
    narrative_reason = ctx.facts.budget_words.adjustment_explained
    for se in tables(ctx):
        row = se.funds_total()
        if row is None:
            continue
        ini, ann, ex = row.get("initial"), row.get("annual"), row.get("executed")
        if ini is None or ann is None or ini.q is None or ann.q is None:
            continue
        i_lo, i_hi = bounds(ini.q)
        a_lo, a_hi = bounds(ann.q)
        if a_hi >= i_lo and a_lo <= i_hi:
            continue  # not adjusted
        if ex is not None and ex.q is not None and ex.q.value == ann.q.value and ann.q.value < ini.q.value:
            rate = ex.q.value / ini.q.value * 100 if ini.q.value else None
            yield ctx.finding(
                f"全年预算数由年初 {ini.text} 调减为 {ann.text}，恰好等于全年执行数 {ex.text}，执行率因此为 100%"
                + (f"；按年初预算计为 {num(rate, 2)}%" if rate is not None else ""),
                [ini.q, ann.q, ex.q], expected="调整原因", stated=ann.text)
            continue
        reason = row.get("reason")
        has_reason = (reason is not None and not blank_reason(reason)) or narrative_reason
        if not has_reason:
            yield ctx.finding(
                f"全年预算数 {ann.text} 与年初预算数 {ini.text} 不同（{'+' if ann.q.value > ini.q.value else ''}"
                f"{num(ann.q.value - ini.q.value)}），表中和报告中都没有说明调整原因",
                [ini.q, ann.q], expected="调整原因", stated="（无）")
