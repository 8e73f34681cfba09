"""JX313 table-fund-rows-mismatch."""
from __future__ import annotations

import re
from decimal import Decimal

from rules.common import num
from rules.registry import rule
from rules.selfeval_common import EPS, tables
from rules.tolerance import half

EXPENSE_USE = re.compile(r"基本支出|项目支出|人员经费|公用经费")
COLUMNS = (("initial", "年初预算数"), ("annual", "全年预算数"), ("executed", "全年执行数"), ("arrived", "到位资金"))


def _adds_up(parent, rows) -> bool:
    """rows add up to parent in every column where parent and a row have an amount (one at least)."""
    seen = False
    for key, _ in COLUMNS:
        t = parent.get(key)
        parts = [v for r in rows if (v := r.get(key)) is not None and v.q is not None]
        if t is None or t.q is None or not parts:
            continue
        s = sum((p.q.value for p in parts), Decimal(0))
        if abs(s - t.q.value) > sum((half(p.q) for p in parts), Decimal(0)) + half(t.q) + EPS:
            return False
        seen = True
    return seen


def _top_level(rows: list) -> list:
    """The rows without the nested split of one of them: "其中：当年财政拨款 760.00" followed by
    "中央补助 520.00 / 自治区补助 180.00 / 县级配套 60.00" (its parts, adding up to it) and then
    "上年结转资金 85.36": the total is 760.00 + 85.36, the three parts are counted in 760.00."""
    out: list = []
    i = 0
    while i < len(rows):
        out.append(rows[i])
        # the longest run of two or more rows of no fund role of their own (not 结转, 其他…) right
        # after this one that adds up to it
        run = i + 1
        while run < len(rows) and rows[run].role == "sub":
            run += 1
        k = next((k for k in range(run, i + 2, -1) if _adds_up(rows[i], rows[i + 1:k])), None)
        i = k if k is not None else i + 1
    return out


@rule("JX313", "table-fund-rows-mismatch", "sum-mismatch", "error")
def check(ctx):
    """自评表「年度资金总额」行不等于其中各行之和。

    检查什么：逐栏（年初预算数、全年预算数、全年执行数、到位资金）比较：年度资金总额 =
    当年财政拨款 + 上年结转资金 + 其他资金（写出的其中行）。容差为各数半个末位单位之和。
    「—」、空白按缺项处理，其中行全部缺项的栏不检查。既按来源（拨款、结转、其他收入）又按用途（基本支出、
    项目支出）分列时，两种分法各自与总额相加对照。

    为什么：其中行是总额的分解（domain-rules a2、c，FUND-ROWS；池州棠溪镇：总额行 0/0/0，
    当年财政拨款行却是 90/89.974/89.974，执行率得分因此记为 0）。

    错误示例：年度资金总额 | 0 | 0 | 0；其中：当年财政拨款 | 90 | 89.974 | 89.974
    正确示例：年度资金总额 | 1000.00 | 1000.00 | 770.42；其中：当年财政拨款 | 1000.00 | 1000.00 | 770.42

    选项：无。
    """
    for se in tables(ctx):
        total = next((r for r in se.funds if r.role == "total"), None)
        if total is None:
            continue
        subs = _top_level([r for r in se.funds if r is not total and r.row > total.row])
        # "一般公共预算拨款 | 上年结转 | 其他收入" then "基本支出 | 项目支出": the total split twice, by source
        # and by use; each split adds up to it on its own
        uses = [r for r in subs if EXPENSE_USE.search(r.label)]
        splits = [uses, [r for r in subs if r not in uses]] if uses and len(uses) < len(subs) else [subs]
        for (key, name), group in ((c, g) for c in COLUMNS for g in splits):
            t = total.get(key)
            parts = [v for r in group if (v := r.get(key)) is not None and v.q is not None]
            if t is None or t.q is None or not parts:
                continue
            s = sum((p.q.value for p in parts), Decimal(0))
            tol = sum((half(p.q) for p in parts), Decimal(0)) + half(t.q)
            if abs(s - t.q.value) <= tol + EPS:
                continue
            yield ctx.finding(
                f"{name}：年度资金总额写为 {t.text}，其中各行之和为 {' + '.join(p.text for p in parts)} = {num(s)}",
                [t.q, *(p.q for p in parts)], expected=num(s), stated=t.text)
