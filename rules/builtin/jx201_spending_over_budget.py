"""JX201 spending-over-budget."""
from __future__ import annotations

from decimal import Decimal

from extractor.facts import MAIN_CONTEXT
from rules.common import money_diff, scope_label
from rules.registry import rule
from rules.tolerance import bounds

NEAR = 3000


@rule("JX201", "spending-over-budget", "over-limit", "error")
def check(ctx):
    """支出超过预算、到位超过预算、执行率或到位率超过100%、金额为负。

    检查什么：实际支出（执行数）不得超过同一主体（本项目，或同一子项目、资金来源）的
    全年预算（调整后预算）；没有写调整后预算时，
    超过年初预算提示警告；支出超过到位资金（且报告未写上年结转）提示警告；到位资金超过预算、执行率/到位率超过 100%、负数金额也在此报告。

    为什么：全年执行数 ≤ 全年预算数是自评表的基本勾稽关系（domain-rules c，FUND-ORDER）；
    执行超过年初预算本身并不违规（年中可追加，如舒城：年初800，全年1,400，执行1,170.36），
    所以只有在没有写明调整后预算时才提示。

    错误示例：全年预算数为388.76万元……全年实际执行412.30万元。
    正确示例：年初预算800万元，追加后全年预算1,400万元，实际支出1,170.36万元。
    """
    facts = ctx.facts

    def nearest(f, *concepts):
        c = facts.before(f, *concepts, within=NEAR)
        return c[0] if c else None

    for s in facts.of("spent", source="prose"):
        s_lo, _ = bounds(s.q)
        # the budget the spending is held to: the 全年预算, else a plainer budget when the report
        # gives no 全年预算 for it
        total = nearest(s, "budget.total")
        base = None if total is not None else nearest(s, "budget", "budget.initial", "budget.control")
        if base is not None and facts.of("budget.total", context=s.context):
            base = None
        limit = total or base
        over = limit is not None and s_lo > bounds(limit.q)[1]
        arrived = nearest(s, "funds.arrived")
        if arrived is not None and s_lo > bounds(arrived.q)[1] and not over \
                and not facts.of("funds.carryover", context=s.context):
            # FUND-ORDER 执行 ≤ 到位: money can be spent only once it has arrived (a carry-over
            # from the year before is money that had arrived; it is named when it is spent)
            yield ctx.finding(
                f"{scope_label(s)}实际支出 {s.q.text} 超过到位资金 {arrived.q.text}（多 {money_diff(s.q, arrived.q)}），"
                f"报告未写明差额的来源", [s, arrived], severity="warning", stated=s.q.text, expected=f"≤ {arrived.q.text}")
        if not over:
            continue
        if total is not None:
            yield ctx.finding(
                f"{scope_label(s)}实际支出 {s.q.text} 超过全年预算 {total.q.text}（多 {money_diff(s.q, total.q)}）",
                [s, total], stated=s.q.text, expected=f"≤ {total.q.text}")
        elif not s.context.is_main and _main_adjusted(facts):
            continue  # the whole budget was adjusted (年初6,842.35 → 全年7,318.62); an item's share of it is not given
        elif base.concept == "budget.initial" and any(
                bounds(b.q)[1] >= s_lo for b in facts.of("budget", source="prose", context=s.context)):
            continue  # "共安排…资金4,862.00万元，其中年初预算下达4,500.00万元，10月追加362.00万元": the whole is stated
        else:
            yield ctx.finding(
                f"{scope_label(s)}实际支出 {s.q.text} 超过{base.how} {base.q.text}，报告未写明调整后的全年预算",
                [s, base], severity="warning", stated=s.q.text, expected=f"≤ {base.q.text}")
    for a in facts.of("funds.arrived", source="prose"):
        base = nearest(a, "budget.total", "budget", "budget.initial", "budget.control")
        if base is not None and bounds(a.q)[0] > bounds(base.q)[1]:
            yield ctx.finding(f"{scope_label(a)}到位资金 {a.q.text} 超过{base.how} {base.q.text}", [a, base], severity="warning")
    for r in facts.of("rate.execution", "rate.arrival", source="prose"):
        if r.basis == "年初预算":
            continue  # "以年初预算1,200.00万元为基数计算的支出进度为124.89%": against the budget before its top-up
        if r.q.qualifier is None and r.q.value - r.q.ulp / 2 > Decimal(100):
            yield ctx.finding(f"{r.how}写为 {r.q.text}，超过 100%", [r], severity="warning", stated=r.q.text)
    for f in facts.of("spent", "budget", "budget.total", "budget.initial", "funds.arrived", source="prose"):
        if f.q.value < 0:
            yield ctx.finding(f"{f.how} 为负数：{f.q.text}", [f])



def _main_adjusted(facts) -> bool:
    """The report states an adjusted 全年预算 for the project or unit that differs from its 年初预算."""
    totals = {f.q.value for f in facts.of("budget.total", context=MAIN_CONTEXT)}
    initials = {f.q.value for f in facts.of("budget.initial", context=MAIN_CONTEXT)}
    return bool(totals and initials and not totals & initials)
