"""JX402 conflicting-amounts."""
from __future__ import annotations

from rules.common import num, scope_label, unit_slip
from rules.registry import rule
from rules.tolerance import meet

CONCEPTS = ("spent", "budget.total", "budget.initial", "funds.arrived")
NAMES = {"spent": "实际支出", "budget.total": "全年预算", "budget.initial": "年初预算", "funds.arrived": "到位资金"}


@rule("JX402", "conflicting-amounts", "value-conflict", "error")
def check(ctx):
    """同一金额（实际支出、全年预算、年初预算、到位资金）在正文不同位置写成不同数值，包括元与万元的错位。

    检查什么：正文中同一概念、同一主体（本项目/本单位，或同一个子项目、资金来源、支出类别）
    的金额，按各自的打印精度不能相容时报告。不同主体的金额（部门整体与其中某个项目、
    "三公"经费与全年支出）不是同一个数。相差恰好一万倍（或十倍）时，指出是单位或小数点错位。

    为什么：同一金额只能有一个值；执行率、结余和得分都以它为依据（domain-rules c，VALUE-CONFLICT、UNIT-SCALE）。

    错误示例：项目全年实际支出4,573,732.68元……全年实际支出475.37万元。
    正确示例：项目全年实际支出4,573,732.68元……全年实际支出457.37万元。
    """
    facts = ctx.facts
    for concept in CONCEPTS:
        figs = []
        seen: set[tuple] = set()
        for f in facts.of(concept, source="prose"):
            if not f.headline or f.q.qualifier is not None:
                continue
            key = (f.context, f.q.value, f.q.ulp)
            if key not in seen:
                seen.add(key)
                figs.append(f)
        reported = set()
        for i, j in _same_context_pairs(figs):
            a, b = figs[i], figs[j]
            if meet(a.q, b.q):
                continue
            key = (a.q.value, b.q.value)
            if key in reported:
                continue
            reported.add(key)
            slip = unit_slip(a, b)
            note = {10000: "：相差一万倍，元与万元混用", 10: "：相差十倍，小数点或单位错位"}.get(slip, "")
            yield ctx.finding(
                f"{scope_label(a)}{NAMES[concept]}前后不一致：{a.q.text}（{num(a.q.value)}万元）与 {b.q.text}（{num(b.q.value)}万元）{note}",
                [a.q, b.q], data={"unit_slip": slip == 10000, "factor": slip, "context": str(a.context)})


def _same_context_pairs(figs) -> list[tuple[int, int]]:
    """The pairs (i < j, in order) of figures whose contexts are one (Context.same),
    found per distinct context rather than by comparing every figure with every other."""
    by_ctx: dict = {}
    for k, f in enumerate(figs):
        by_ctx.setdefault(f.context, []).append(k)
    out: list[tuple[int, int]] = []
    for c, ks in by_ctx.items():
        peers = [k for d, ds in by_ctx.items() if c.same(d) for k in ds]
        out.extend((i, j) for i in ks for j in peers if j > i)
    out.sort()
    return out
