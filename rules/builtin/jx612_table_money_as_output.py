"""JX612 table-money-as-output."""
from __future__ import annotations

from decimal import Decimal

from rules.common import num
from rules.registry import rule
from rules.selfeval_common import tables, wan


@rule("JX612", "table-money-as-output", "indicator-mismatch", "warning")
def check(ctx):
    """产出指标只是把预算金额重写一遍。

    检查什么：（1）产出指标的年度指标值或实际完成值是金额，且等于项目的全年预算数或
    年初预算数（如「工程资金金额 43.2万元」）；（2）成本指标各行金额之和恰好等于预算数
    （只是预算的拆分，如 15 + 35 + 14.8 = 64.8）。

    为什么：投入的资金不是绩效目标；产出指标应计量做成了什么（domain-rules c、e3，
    INPUT-AS-OUTPUT；廊坊、银川第六中学）。

    错误示例：产出指标 | 成本指标 | 工程资金金额 | 43.2万元 | 37.24万元（预算 43.2）
    正确示例：产出指标 | 成本指标 | 单位面积改造成本 | ≤350元/平方米 | 338元/平方米

    选项：无。
    """
    for se in tables(ctx):
        row = se.funds_total()
        if row is None:
            continue
        budgets = {x for x in (wan(se, row.get("annual")), wan(se, row.get("initial"))) if x}
        if not budgets:
            continue
        costs = []
        for ind in se.indicators:
            if "产出" not in ind.level1 and "成本" not in ind.level2:
                continue
            for v in (ind.target, ind.actual):
                if v is not None and v.q is not None and v.q.kind == "money" and v.q.value in budgets:
                    yield ctx.finding(
                        f"产出指标「{ind.label}」的 {v.text} 就是项目预算数 {num(v.q.value)}万元：资金投入不是产出",
                        [v.q, *(x.q for x in (row.get("annual"), row.get("initial")) if x is not None and x.q is not None)],
                        expected="计量产出的指标", stated=v.text)
                    break
            else:
                if "成本" in ind.level2 and ind.target is not None and ind.target.q is not None \
                        and ind.target.q.kind == "money":
                    costs.append(ind.target)
        if len(costs) >= 2:
            s = sum((c.q.value for c in costs), Decimal(0))
            if s in budgets:
                yield ctx.finding(
                    f"成本指标 {' + '.join(c.text for c in costs)} = {num(s)}万元，恰好是项目预算数：只是预算的拆分",
                    [c.q for c in costs], expected="计量产出的指标", stated=num(s))
