"""JX312 table-weight-sum-mismatch."""
from __future__ import annotations

from decimal import Decimal

from rules.common import num
from rules.registry import rule
from rules.selfeval_common import EPS, scored, tables


@rule("JX312", "table-weight-sum-mismatch", "sum-mismatch", "error", execution_weight=Decimal(10))
def check(ctx):
    """自评表的分值（权重）合计不等于 100，或一级指标小计与标题中的分值不符。

    检查什么：年度资金总额行的分值 + 各指标分值 = 总分行的分值（没有写总分分值时为 100）。
    资金栏没有分值时，视为预算执行率占 execution_weight 分。表中没有总分行时（摘录或截断的表），
    不检查合计，只检查一级指标小计。没有资金栏、一级指标分值合计已等于总分的评分表，
    执行率一项在各行之中，不另加。一级指标标题写出分值时
    （「产出指标（50分）」），该一级指标下各行分值之和须等于它。22.5、12.5 等半分权重照常相加。

    为什么：各项分值合计 100（财政部默认 10/50/30/10；四川 10 + 90；domain-rules a3，WEIGHT-SUM）。

    错误示例：产出指标（50分）下 8 + 8 + 8 + 8 + 8 = 40
    正确示例：产出指标（50分）下 8 + 8 + 8 + 8 + 8 + 10 = 50；大英县 22.5 × 4 + 10 = 100

    选项：execution_weight（资金栏未写分值时预算执行率一项的分值，默认 10）。
    """
    ew = Decimal(str(ctx.opt("execution_weight")))
    for se in tables(ctx):
        if not se.indicators or not all(scored(r.weight) for r in se.indicators):
            continue
        ind = sum((r.weight.q.value for r in se.indicators), Decimal(0))
        ft = se.funds_total()
        fw = ft.get("weight") if ft is not None else None
        if se.total_weight is None and se.total_score is None:
            ind_only = None  # no 总分 row: the table is cut short (an excerpt); only its headings are checked
        else:
            ind_only = True
        expected = se.total_weight.q.value if scored(se.total_weight) else Decimal(100)
        heads = {r.level1: r.level1_weight for r in se.indicators if r.level1_weight is not None}
        if se.total_of_indicators():
            got, shown = ind, " + ".join(r.weight.text for r in se.indicators)  # "合计 | 90": the indicators' own total
        elif scored(fw):
            got, shown = ind + fw.q.value, f"{fw.text} + {num(ind)}"
        elif not se.funds and heads and abs(sum(heads.values(), Decimal(0)) - expected) <= EPS:
            # a score sheet whose level weights make the whole (决策15 + 过程20 + 产出40 + 效益25): the
            # 执行率 points are among its rows, none are added for it
            got, shown = ind, " + ".join(r.weight.text for r in se.indicators)
        else:
            got, shown = ind + ew, f"{num(ew)}（预算执行率）+ {num(ind)}"
            if abs(ind - expected) <= EPS:
                ind_only = None  # the 执行率 points sit inside the indicator block or the form leaves them out
        if ind_only and abs(got - expected) > EPS:
            ev = [se.total_weight.q] if scored(se.total_weight) else []
            yield ctx.finding(
                f"分值合计 {shown} = {num(got)}，应为 {num(expected)}",
                [*ev, *(r.weight.q for r in se.indicators[:12])], expected=num(expected), stated=num(got))
        groups: dict[str, list] = {}
        for r in se.indicators:
            if r.level1_weight is not None:
                groups.setdefault(r.level1, []).append(r)
        for name, rows in groups.items():
            s = sum((r.weight.q.value for r in rows), Decimal(0))
            if abs(s - rows[0].level1_weight) > EPS:
                yield ctx.finding(
                    f"一级指标「{name}」标题写 {num(rows[0].level1_weight)} 分，下列各项分值之和为 "
                    f"{' + '.join(r.weight.text for r in rows)} = {num(s)}",
                    [r.weight.q for r in rows], expected=num(rows[0].level1_weight), stated=num(s))
