"""JX411 narrative-table-conflict."""
from __future__ import annotations

from rules.common import num, unit_slip
from rules.registry import rule
from rules.selfeval_common import EPS, tables
from rules.tolerance import OK, bounds, compare_stated, half, meet, quotient

BUDGETS = ("budget", "budget.total", "budget.initial", "budget.control")
CONCEPTS = ("budget.total", "budget.initial", "budget", "spent", "funds.arrived", "rate.execution")
# the prose concepts that state the same quantity as a table column
SAME = {"budget": ("budget", "budget.total"), "budget.total": ("budget.total", "budget"),
        "budget.initial": ("budget.initial",), "spent": ("spent",), "funds.arrived": ("funds.arrived",),
        "rate.execution": ("rate.execution",)}
NAMES = {"budget.total": "全年预算数", "budget.initial": "年初预算数", "budget": "预算", "spent": "执行数",
         "funds.arrived": "到位资金", "rate.execution": "执行率"}


def _mistyped(facts, wrong, right, context, source: str) -> bool:
    """Every rate of ``wrong`` (read from ``source``) misses the quotient of that source's own 支出 ÷ 预算
    in ``context``, and a rate of ``right`` is that quotient: "3,862.45 ÷ 4,120.00 … 执行率93.57%" beside a
    table's 93.75% (or a table's 92.52% beside the prose's right 92.25%)."""
    spent = facts.of("spent", context=context, source=source)
    budgets = facts.of("budget.total", "budget", "budget.initial", context=context, source=source)
    for n in spent:
        for d in budgets:
            iv = quotient(bounds(n.q), bounds(d.q))
            if iv is not None and any(compare_stated(r.q, iv) == OK for r in right) \
                    and all(compare_stated(w.q, iv) != OK for w in wrong):
                return True
    return False


@rule("JX411", "narrative-table-conflict", "value-conflict", "error")
def check(ctx):
    """报告正文与表格给出的同一金额、执行率或总分不一致（含 元/万元 错位）。

    检查什么：表格（自评表资金栏、资金来源表）中每一行的全年预算、年初预算、执行数、
    到位资金和执行率，与正文中同一主体（本项目，或同名的资金来源、子项目）的同一概念对照；
    正文中没有一个与表相符时报告。表格以元为单位时先换算为万元；相差恰好 10⁴ 倍（或 10 倍）时，
    按「元与万元混用」（小数点错位）报告，绝不悄悄换算成相符。总分与自评表总分行对照。

    为什么：报告和它的自评表说的是同一个项目，数字必须一致（domain-rules c，
    VALUE-CONFLICT、UNIT-SCALE；池州棠溪镇：表中总额 0，正文 90 万元 / 89.97 万元）。

    错误示例：正文「全年预算1000万元，实际支出770.42万元」；表中全年执行数 707.42
    正确示例：正文「全年预算1000万元，实际支出770.42万元」；表中 1000.00 | 770.42

    选项：无。
    """
    facts = ctx.facts
    done: set[tuple] = set()
    for t in facts.of(*CONCEPTS, source="table"):
        prose = [p for p in facts.of(*SAME[t.concept], context=t.context, source="prose") if p.q.qualifier is None]
        if t.concept in BUDGETS:
            family = [p for p in facts.of(*BUDGETS, context=t.context, source="prose") if p.q.qualifier is None]
        else:
            family = prose
        if not prose or any(meet(p.q, t.q, eps=EPS) for p in family):
            continue
        if all(p.concept == "budget" for p in prose) and all(
                any(meet(p.q, o.q, eps=EPS) for o in facts.of(*BUDGETS, context=t.context, source="table")) for p in prose):
            continue  # "安排资金160.00万元" names no budget column; it is the table's 年初预算数
        if t.concept == "rate.execution" and (_mistyped(facts, prose, [t], t.context, "prose")
                                              or _mistyped(facts, [t], prose, t.context, "table")):
            continue  # one side's rate is not the quotient of its own amounts, the other's is: JX101's or JX111's finding
        key = (t.concept, t.context, t.q.value)
        if key in done:
            continue
        done.add(key)
        p = prose[0]
        where = "" if t.context.is_main else f"「{t.row_label or t.context}」"
        shown = f"{t.q.text}{'（' + t.table_unit + '）' if t.table_unit else ''}"
        slip = unit_slip(p, t) if not t.concept.startswith("rate") else None
        if slip:
            what = "元与万元混用" if slip == 10000 else "小数点或单位错位"
            yield ctx.finding(
                f"正文{p.how} {p.q.text} 与表格{where}{t.how} {shown}（{num(t.q.value)}万元）相差 {slip} 倍：{what}",
                [p, t], expected=f"{num(t.q.value)}万元", stated=p.q.text,
                data={"scale": "10^4" if slip == 10000 else "10", "context": str(t.context)})
            continue
        unit = "" if t.concept.startswith("rate") else "万元"
        yield ctx.finding(
            f"正文{p.how} {p.q.text}，表格{where}{t.how}为 {shown}"
            f"{'（' + num(t.q.value) + '万元）' if t.table_unit else ''}：同一数字前后不一致",
            [p, t], expected=f"{num(t.q.value)}{unit}", stated=p.q.text, data={"context": str(t.context)})
    # the total score: the narrative's 总得分 against the 自评表's 总分 row
    for se in tables(ctx):
        v = se.total_score
        if v is None or v.q is None:
            continue
        owner = facts.table_context(se)  # a project's table in a department's report: that project's score
        figs = [f for f in facts.of("score.total", context=None, source="prose")
                if f.context == owner and f.q.unit in ("分", "") and f.q.value <= 100]
        if not figs:
            continue
        whole = v.q.value
        ft = se.funds_total()
        if se.total_of_indicators() and ft is not None and (fs := ft.get("score")) is not None and fs.q is not None:
            whole += fs.q.value  # "合计 | 90 | 80.45" + the 执行率 points 9.15 = the report's 89.60
        if any(abs(f.q.value - whole) <= half(f.q) + half(v.q) + EPS for f in figs):
            continue
        f = figs[0]
        yield ctx.finding(f"正文{f.how} {f.q.text}，自评表总分为 {v.text}：同一数字前后不一致",
                          [f, v.q], expected=num(v.q.value), stated=f.q.text)

