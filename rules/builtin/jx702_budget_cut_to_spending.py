"""JX702 budget-cut-to-spending."""
from __future__ import annotations

from rules.common import num, pct
from rules.registry import rule

NEAR = 3000


@rule("JX702", "budget-cut-to-spending", "claim-contradiction", "warning")
def check(ctx):
    """全年预算被调减到恰好等于实际支出，使执行率成为 100%。

    检查什么：同一主体调整后的全年预算与实际支出完全相等，而年初预算（或预算控制数）更高，
    且两者之间没有写明调减的原因（"因……划转""由于……取消"）。
    此时 100% 的执行率来自调减预算，而不是把钱用完；报告按年初预算的执行率一并给出。

    为什么：预算执行率以调整后预算为分母（domain-rules a4），把预算调减到支出数
    可以让任何项目得满分；四川等地要求说明每一次预算调整的原因（domain-rules c，BUDGET-ADJ）。

    错误示例：财政年初下达预算500万元，调整的全年预算数为388.76万元，全年实际执行388.76万元，执行率100%。
    正确示例：年初预算500万元，实际执行388.76万元，执行率77.75%，结余111.24万元已按规定收回。
    """
    facts = ctx.facts
    spent_by_value: dict = {}
    for s in facts.of("spent", source="prose"):
        spent_by_value.setdefault((s.context, s.q.value), s)
    seen = set()
    for total in facts.of("budget.total", source="prose"):
        s = spent_by_value.get((total.context, total.q.value))
        if s is None or (total.context, total.q.value) in seen:
            continue
        seen.add((total.context, total.q.value))
        before = facts.before(total, "budget.initial", "budget.control", within=NEAR)
        initial = before[0] if before else None
        if initial is None or initial.q.value <= total.q.value:
            continue
        if facts.budget_words.cut_reason_between(initial.q.end, total.q.start):
            continue  # "因两个乡镇的河段划转至城区管理，年中调减10.00万元": the cut is explained
        rate = s.q.value / initial.q.value * 100
        yield ctx.finding(
            f"全年预算由{initial.how} {initial.q.text} 调减为 {total.q.text}，恰好等于实际支出 {s.q.text}；"
            f"按年初预算计执行率为 {pct(rate)}",
            [initial, total, s], expected=pct(rate), data={"initial": str(initial.q.value), "adjusted": str(total.q.value),
                                                          "cut": num(initial.q.value - total.q.value)})
