"""JX411 narrative-table-conflict."""
from __future__ import annotations

from decimal import Decimal

from rules.common import num
from rules.registry import rule
from rules.selfeval_common import EPS, tables, wan
from rules.tolerance import bounds, half

# narrative label -> (funds-block column, what it is called)
MONEY = (("budget.total", "annual", "全年预算数"), ("budget.initial", "initial", "年初预算数"),
         ("spent", "executed", "全年执行数"))
TEN_K = Decimal(10000)


def _agree(x: Decimal, hx: Decimal, y: Decimal, hy: Decimal) -> bool:
    return abs(x - y) <= hx + hy + EPS


@rule("JX411", "narrative-table-conflict", "value-conflict", "error")
def check(ctx):
    """报告正文与自评表给出的同一金额、执行率或总分不一致（含 元/万元 错位）。

    检查什么：正文中的全年预算、年初预算、实际支出、预算执行率和总得分，与自评表
    年度资金总额行和总分行对照。正文中同一类数字没有一个与表相符时报告；
    若相差恰好 10⁴ 倍，按「元与万元混用」报告，绝不悄悄换算成相符。

    为什么：报告和它的自评表说的是同一个项目，数字必须一致（domain-rules c，
    VALUE-CONFLICT、UNIT-SCALE；池州棠溪镇：表中总额 0，正文 90 万元 / 89.97 万元）。

    错误示例：正文「全年预算1000万元，实际支出770.42万元」；表中全年执行数 707.42
    正确示例：正文「全年预算1000万元，实际支出770.42万元」；表中 1000.00 | 770.42

    选项：无。
    """
    for se in tables(ctx):
        row = se.funds_total()
        checks = []
        if row is not None:
            for label, key, name in MONEY:
                v = row.get(key)
                t = wan(se, v)
                if t is None or v is None or v.q is None:
                    continue
                ht = half(v.q) / (TEN_K if se.unit == "元" and v.q.kind != "money" else 1)
                checks.append((label, name, v, t, ht))
            r = row.get("rate")
            if r is not None and r.q is not None and r.q.unit == "%":
                checks.append(("rate.execution", "执行率", r, r.q.value, half(r.q)))
        if se.total_score is not None and se.total_score.q is not None:
            checks.append(("score.total", "总分", se.total_score, se.total_score.q.value, half(se.total_score.q)))
        for label, name, v, t, ht in checks:
            figs = [f for f in ctx.figures(label, narrative=True)
                    if label != "score.total" or (f.q.unit in ("分", "") and f.q.value <= 100)]
            if label == "rate.execution":
                figs = [f for f in figs if f.q.qualifier is None]
            if not figs:
                continue
            if any(_agree(f.q.value, (bounds(f.q)[1] - bounds(f.q)[0]) / 2, t, ht) for f in figs):
                continue
            f = figs[0]
            hf = (bounds(f.q)[1] - bounds(f.q)[0]) / 2
            if label not in ("rate.execution", "score.total") and t != 0 and f.q.value != 0 and (
                    _agree(f.q.value, hf, t * TEN_K, ht * TEN_K) or _agree(f.q.value * TEN_K, hf * TEN_K, t, ht)):
                yield ctx.finding(
                    f"正文{f.cue} {f.q.text} 与自评表{name} {v.text}（单位{se.unit}）相差 10⁴ 倍：元与万元混用",
                    [f, v.q], expected=f"{num(t)}万元", stated=f.q.text, data={"scale": "10^4"})
                continue
            unit = "万元" if label in ("budget.total", "budget.initial", "spent") else ""
            yield ctx.finding(
                f"正文{f.cue} {f.q.text}，自评表{name}为 {v.text}{'' if unit == '' or se.unit == '万元' else '（' + se.unit + '）'}"
                f"：同一数字前后不一致",
                [f, v.q], expected=f"{num(t)}{unit}", stated=f.q.text)
