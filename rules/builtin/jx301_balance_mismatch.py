"""JX301 balance-mismatch."""
from __future__ import annotations

from rules.common import num
from rules.registry import rule
from rules.tolerance import bounds

NEAR = 1500


def _an_items_balance(facts, bal, b_lo, b_hi) -> bool:
    """A balance read as the project's that is one item's of its paragraph: "⑤…项目，安排资金80.00万元，
    实际支出73.80万元…。其中，务工交通补贴…计73.80万元，结余6.20万元" (80.00 − 73.80)."""
    items: dict = {}
    for concept in ("budget", "budget.total", "budget.initial", "spent"):
        for f in facts.of(concept, source="prose"):
            if f.block == bal.block and not f.context.is_main and f.q.start < bal.q.start:
                items.setdefault(f.context, {}).setdefault("spent" if concept == "spent" else "budget", []).append(f)
    return any(_leaves(d, x, b_lo, b_hi) for got in items.values() for d in got.get("budget", ()) for x in got.get("spent", ()))


def _leaves(budget, spent, b_lo, b_hi) -> bool:
    """budget − spent can be the balance [b_lo, b_hi]: the intervals of the printed figures meet."""
    return b_lo <= bounds(budget.q)[1] - bounds(spent.q)[0] and bounds(budget.q)[0] - bounds(spent.q)[1] <= b_hi


@rule("JX301", "balance-mismatch", "sum-mismatch", "error")
def check(ctx):
    """结余（节约）资金不等于 预算 − 支出。

    检查什么：报告写明的结余/节约资金是否等于同一主体的 预算（全年、年初或到位）减去实际支出，
    容差为各数字末位半个单位之和。任一口径相符即通过。

    为什么：结余 = 全年预算 − 执行（或 到位 − 支出）（domain-rules b）；
    结余与支出、预算对不上，说明其中至少一个数字有误。

    错误示例：预算7,800,000.00元，支出4,573,732.68元，结余3,262,267.32元。
    正确示例：预算7,800,000.00元，支出4,573,732.68元，结余3,226,267.32元。
    """
    facts = ctx.facts
    for bal in facts.of("balance", source="prose"):
        # the spending a balance is left from is stated in its own paragraph; an item's spending in
        # the paragraph before ("困难群众参保资助…支出1,869,600元。" / "年末结余76,000元") is not it
        spent = [f for f in facts.before(bal, "spent", within=NEAR) if f.block == bal.block]
        if not spent:
            continue
        s = spent[0]
        cands = [c[0] for lb in ("budget.total", "budget", "budget.initial", "budget.control", "funds.arrived")
                 if (c := [x for x in facts.before(bal, lb, within=NEAR * 2) if x is not s])]
        if not cands:
            continue
        # the 自评表's budgets of the same fund count too: "县级资金结余326.68万元" is left of the
        # table's 全年预算 1236.58 when the prose gives only the 年初 1212.00
        table = [x for lb in ("budget.total", "budget", "budget.initial", "funds.arrived")
                 for x in facts.of(lb, context=bal.context, source="table")]
        # any spending of the paragraph may be the one left from: "全年实际支出261.32万元……其中财政资金支出
        # 228.14万元，赞助资金支出33.18万元。结余24.68万元" (财政资金 names the project's own money too)
        b_lo, b_hi = bounds(bal.q)
        if any(_leaves(d, x, b_lo, b_hi) for x in spent for d in cands + table if d is not x):
            continue
        if bal.context.is_main and _an_items_balance(facts, bal, b_lo, b_hi):
            continue
        d = cands[0]
        diff = d.q.value - s.q.value
        yield ctx.finding(
            f"结余写为 {bal.q.text}，但 {d.q.text} − {s.q.text} = {num(diff)}万元",
            [bal, d, s], stated=bal.q.text, expected=f"{num(diff)}万元")
