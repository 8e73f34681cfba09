"""JX111 table-execution-rate-mismatch."""
from __future__ import annotations

from rules.common import num
from rules.registry import rule
from rules.selfeval_common import tables
from rules.tolerance import MISMATCH, OK, ROUNDING, midpoint, try_denominators

DENOMINATORS = (("annual", "全年预算数"), ("initial", "年初预算数"), ("arrived", "到位资金"))


@rule("JX111", "table-execution-rate-mismatch", "ratio-mismatch", "error")
def check(ctx):
    """自评表资金栏的执行率与本行的执行数、预算数不符。

    检查什么：自评表「年度资金总额」及其其中行写出的执行率，依次与 执行数 ÷ 全年预算数、
    ÷ 年初预算数、÷ 到位资金 比较（按打印精度的舍入区间）。全年预算数相符则无问题；
    只与年初预算或到位资金相符时为警告并说明是哪个分母；都不相符为错误；
    恰好差最后一位一个单位（截断而非四舍五入）为警告。表中没有全年预算栏时（北京
    年初预算数(A)/全年执行数(B) 格式），年初预算就是正式分母。

    为什么：自评表的预算执行率 = 全年执行数 ÷ 全年预算数（财政部自评表、四川表注；
    domain-rules a4、b，EXEC-RATE）。

    错误示例：年度资金总额 | 19204.096 | 19204.096 | 18501.096 | 10 | 95% | …（应为 96.34%）
    正确示例：年度资金总额 | 500.00 | 388.76 | 388.76 | 10 | 100% | 10

    执行率写了而执行数或全部分母栏为空时，列为"未能核对"。

    选项：无。
    """
    for se in tables(ctx):
        for row in se.funds:
            rate = row.get("rate")
            ex = row.get("executed")
            if rate is None or rate.q is None or rate.q.unit != "%":
                continue
            if ex is None or ex.q is None:
                yield ctx.not_assessed(f"「{row.label}」执行率 {rate.text}：执行数一栏为空或不是数字", [rate.q])
                continue
            cells = ((key, name, row.get(key)) for key, name in DENOMINATORS)
            tried = try_denominators(rate.q, ex.q, ((key, name, d, d.q) for key, name, d in cells
                                                    if d is not None and d.q is not None))
            if not tried:
                yield ctx.not_assessed(f"「{row.label}」执行率 {rate.text}：预算数、到位资金栏都为空或不是数字",
                                       [rate.q, ex.q])
                continue
            key0, name0, d0, c0, v0 = tried[0]
            calc0 = f"{ex.text} ÷ {d0.text} = {num(midpoint(c0), 2)}%"
            if v0 == OK:
                continue
            if v0 == ROUNDING:
                yield ctx.finding(
                    f"「{row.label}」执行率写为 {rate.text}，{calc0}：差最后一位一个单位（可能是截断而非四舍五入）",
                    [rate.q, ex.q, d0.q], expected=f"{num(midpoint(c0), 2)}%", stated=rate.text, severity="warning",
                    data={"denominator": key0})
                continue
            other = next((t for t in tried[1:] if t[4] != MISMATCH), None)
            if other is not None:
                key, name, d, c, _ = other
                yield ctx.finding(
                    f"「{row.label}」执行率写为 {rate.text}，按{name0} {calc0}；按{name} {ex.text} ÷ {d.text} = "
                    f"{num(midpoint(c), 2)}% 才相符：分母用了{name}而非全年预算数",
                    [rate.q, ex.q, d0.q, d.q], expected=f"{num(midpoint(c0), 2)}%", stated=rate.text,
                    severity="warning", data={"denominator": key})
                continue
            yield ctx.finding(
                f"「{row.label}」执行率写为 {rate.text}，但 {calc0}"
                + "".join(f"；按{n} {ex.text} ÷ {d.text} = {num(midpoint(c), 2)}%" for _, n, d, c, _ in tried[1:]),
                [rate.q, ex.q, d0.q], expected=f"{num(midpoint(c0), 2)}%", stated=rate.text,
                data={"denominator": None})
