"""JX213 table-spending-over-budget."""
from __future__ import annotations

from rules.registry import rule
from rules.selfeval_common import EPS, tables
from rules.tolerance import bounds


@rule("JX213", "table-spending-over-budget", "over-limit", "error")
def check(ctx):
    """自评表资金栏（或其他资金表格的一行）的执行数大于全年预算数，或出现负数。

    检查什么：资金栏每一行：全年执行数 ≤ 全年预算数（错误）；执行数 ≤ 到位资金（警告）；
    金额不得为负（错误）。比较时允许各数半个末位单位的舍入。执行数大于年初预算数不算问题
    （全年预算可能已追加，如舒城 1,170.36 对年初 800、全年 1,400）。其他资金表格（各项目、各资金
    来源一行：项目名称 | 全年预算 | 实际支出 | 执行率）每一行的实际支出同样不得超过该行的全年预算
    （或预算、安排数）；该表只有年初预算一栏时，超过它提示警告。

    为什么：执行数不可能超过可用预算（domain-rules c，FUND-ORDER）。

    错误示例：年度资金总额 | 100.00 | 100.00 | 120.00 | 10 | 120% | 10
    正确示例：年度资金总额 | 800.00 | 1400.00 | 1170.36 | 10 | 83.60% | 8.36

    选项：无。
    """
    for se in tables(ctx):
        for row in se.funds:
            for key, v in row.values:
                if key in ("initial", "annual", "executed", "arrived") and v.q is not None and v.q.value < 0:
                    yield ctx.finding(f"「{row.label}」{key_name(key)}为负数 {v.text}", [v.q], expected="≥ 0", stated=v.text)
            ex = row.get("executed")
            if ex is None or ex.q is None:
                continue
            for key, sev in (("annual", None), ("arrived", "warning")):
                d = row.get(key)
                if d is None or d.q is None:
                    continue
                if bounds(ex.q)[0] > bounds(d.q)[1] + EPS:
                    yield ctx.finding(
                        f"「{row.label}」全年执行数 {ex.text} 大于{key_name(key)} {d.text}",
                        [ex.q, d.q], expected=f"≤ {d.text}", stated=ex.text, severity=sev)


    yield from _money_table_rows(ctx)


# a row's budget columns, the one a spending is held to first; 年初 only warns (it may have been topped up)
_ROW_BUDGETS = (("budget.total", None), ("budget", None), ("budget.initial", "warning"))


def _money_table_rows(ctx):
    """The rows of money tables other than a 自评表 (facts.money_table_facts)."""
    own = {se.table for se in tables(ctx)}
    rows: dict[tuple[int, int], dict[str, object]] = {}
    for f in ctx.facts.of("spent", "budget.total", "budget", "budget.initial", source="table"):
        if f.table is None or f.table in own or f.cell is None:
            continue
        rows.setdefault((f.table, f.cell.row), {}).setdefault(f.concept, f)
    for row in rows.values():
        ex = row.get("spent")
        if ex is None:
            continue
        for concept, sev in _ROW_BUDGETS:
            d = row.get(concept)
            if d is None:
                continue
            if bounds(ex.q)[0] > bounds(d.q)[1] + EPS:
                yield ctx.finding(
                    f"「{ex.row_label}」{ex.how} {ex.q.text} 大于{d.how} {d.q.text}",
                    [ex, d], expected=f"≤ {d.q.text}", stated=ex.q.text, severity=sev)
            break


def key_name(key: str) -> str:
    return {"initial": "年初预算数", "annual": "全年预算数", "executed": "全年执行数", "arrived": "到位资金"}[key]
