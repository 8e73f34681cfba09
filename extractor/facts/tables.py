"""Facts from tables: the 自评表's funds block, fund-source tables, and the
national layout's 按收入性质分 / 按支出性质分 breakdown.

A table's money unit comes from its caption or header (``单位：元``, ``（金额单位：元）``,
``项目资金（万元）``); a cell that prints its own unit keeps it. Every amount becomes
万元 exactly, so a table in 元 meets prose in 万元 as the same quantity.
"""
from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

from ..model import Cell, Document, Quantity, Table, bare_wan, money_in_wan
from ..numbers import parse_quantity
from ..selfeval import UNIT_PER_WAN, Grid, SelfEval, money_unit, norm_header
from .contexts import foreign_project, named, normalize_name, row_context
from .model import ITEM, PART_OF, Context, Fact, Total

# 自评表 funds-block column -> concept
FUNDS_CONCEPTS = {"initial": "budget.initial", "annual": "budget.total", "executed": "spent",
                  "arrived": "funds.arrived", "rate": "rate.execution"}
FUNDS_NAMES = {"initial": "年初预算数", "annual": "全年预算数", "executed": "全年执行数", "arrived": "到位资金",
               "rate": "执行率"}
# other money tables: header (normalized) -> concept; first match wins
COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((c, re.compile(p)) for c, p in (
    ("rate.execution", r"执行率|使用率|支付率"),
    ("rate.arrival", r"到位率"),
    ("budget.initial", r"^年初(?:预算|安排|批复)"),
    ("budget.total", r"^(?:全年|调整后|调整)预算"),
    ("funds.arrived", r"到位(?:金额|资金|数)?$"),
    ("spent", r"^(?:实际)?(?:支出|执行|使用|决算|拨付)(?:金额|资金|数)?$|执行数$|支出数$|决算数$"),
    ("budget", r"^(?:预算|安排|下达|批复|计划)(?:金额|资金|数|投资)?$"),
))
TOTAL_LABEL = re.compile(r"^(?:合计|总计|小计|年度资金总额?|资金总额)$")


def scaled(q: Quantity, unit: str) -> Quantity:
    """A cell's figure in 万元: a bare number in a table declared in 元 (or 万元)."""
    if q.kind == "money":
        return q
    wan = bare_wan(q)  # "125.25万" in a money column: 万 alone is 万元 there
    if wan is not None:
        return wan
    if q.kind not in ("number",) or q.raw_unit:
        return q
    return money_in_wan(q, UNIT_PER_WAN.get(unit, Decimal(1)))


def table_owner(se: SelfEval, doc: Document, names: tuple[str, ...]) -> Context | None:
    """The project a 自评表 belongs to when it is not what the report is about (one project's
    table in a department's report), else None."""
    return named(normalize_name(se.project), names) if se.project and foreign_project(doc, se.project) else None


def selfeval_facts(se: SelfEval, doc: Document, names: tuple[str, ...], owner: Context | None = None) -> list[Fact]:
    """``owner``: the project the table belongs to when it is not what the report is about
    (``table_owner``)."""
    out = []
    has_total = any(r.role == "total" for r in se.funds)
    for row in se.funds:
        total = row.role == "total" or (len(se.funds) == 1)
        # a row under the 年度资金总额 row is one part of it, even when the 项目名称 names that part
        # ("城镇老旧小区改造中央补助" and its row "其中：中央补助 | 2,480.00" under 3,300.00)
        ctx = row_context(row.label, total, () if has_total and not total else names)
        if owner is not None:
            # a project's table in a department's report: its rows are the project's money
            ctx = owner if ctx.is_main else Context(ITEM, f"{owner.name or normalize_name(se.project)}{PART_OF}{ctx.name}")
        for key, v in row.values:
            concept = FUNDS_CONCEPTS.get(key)
            if concept is None or v.q is None:
                continue
            q = v.q if concept.startswith("rate") else scaled(v.q, se.unit)
            if concept.startswith("rate") and q.unit != "%":
                continue
            if not concept.startswith("rate") and q.kind != "money":
                continue
            b = doc.block_at(v.cell.start)
            out.append(Fact(concept=concept, context=ctx, q=q, source="table", how=FUNDS_NAMES[key],
                            block=b.index if b else 0, table=se.table, cell=v.cell, row_label=row.label,
                            table_unit=se.unit if se.unit != "万元" else None))
    return out


def _header(g: Grid, doc: Document, table: Table) -> tuple[int, dict[int, tuple[str, str]]] | None:
    """The first row whose cells (after the first) name ≥ 2 money concepts: (row, col -> (concept, header))."""
    for r in range(min(table.n_rows, 4)):
        cols: dict[int, tuple[str, str]] = {}
        for c, t in g.row_texts(r)[1:]:
            h = norm_header(t)
            for concept, pat in COLUMNS:
                if pat.search(h):
                    cols[c.col] = (concept, h)
                    break
        if len({c for c, _ in cols.values()}) >= 2:
            return r, cols
    return None


def money_table_facts(doc: Document, table: Table, names: tuple[str, ...]) -> list[Fact]:
    """A table of rows (fund sources, projects, expense types) × money columns."""
    g = Grid(doc, table)
    head = _header(g, doc, table)
    if head is None:
        return []
    hr, cols = head
    unit = money_unit(doc, table, g)
    out = []
    for r in range(hr + 1, table.n_rows):
        cells = g.row_texts(r)
        if not cells:
            continue
        label_cell, label = cells[0]
        if label_cell.col in cols or not label or parse_quantity(label) is not None:
            continue
        ctx = row_context(label, bool(TOTAL_LABEL.match(re.sub(r"\s+", "", label))), names)
        for c, t in cells[1:]:
            if c.col not in cols or not t:
                continue
            concept, header = cols[c.col]
            q = parse_quantity(doc.cell_text(c))
            if q is None:
                continue
            q = dataclasses.replace(q, start=q.start + c.start, end=q.end + c.start)
            if not concept.startswith("rate"):
                q = scaled(q, unit)
                if q.kind != "money":
                    continue
            elif q.unit != "%":
                continue
            b = doc.block_at(c.start)
            out.append(Fact(concept=concept, context=ctx, q=q, source="table", how=header, block=b.index if b else 0,
                            table=table.index, cell=c, row_label=label, table_unit=unit if unit != "万元" else None))
    return out


# "按收入性质分：2030.12 | 按支出性质分：1925.67", then "其中：基本支出：900.47" …
_SPLIT = re.compile(r"^按(收入|支出)性质分[：:]?\s*(.*)$")
_LABELLED = re.compile(r"^(?:其中[：:])?([^：:]{1,30})[：:]\s*(.*)$")


def _cell_quantity(doc: Document, c: Cell, value_text: str, unit: str) -> Quantity | None:
    if not value_text.strip():
        return None
    raw = doc.cell_text(c)
    off = raw.rfind(value_text.strip())
    q = parse_quantity(value_text)
    if q is None or off < 0:
        return None
    q = dataclasses.replace(q, start=q.start + c.start + off, end=q.end + c.start + off)
    q = scaled(q, unit)
    return q if q.kind == "money" else None


def nature_split_totals(doc: Document, se: SelfEval) -> list[Total]:
    """The national 部门整体 layout splits 年度资金总额 twice, by income and by expense
    nature; each side's parts add up to its subtotal, and the subtotal to the total."""
    if not 0 <= se.table < len(doc.tables):
        return []
    table = doc.tables[se.table]
    g = Grid(doc, table)
    total_row = se.funds_total()
    totals = [scaled(v.q, se.unit) for key in ("annual", "executed", "initial")
              if total_row is not None and (v := total_row.get(key)) is not None and v.q is not None]
    out = []
    sides: dict[int, dict] = {}
    for r in range(table.n_rows):
        for c, t in g.row_texts(r):
            m = _SPLIT.match(re.sub(r"\s+", "", t))
            if m:
                sides[c.col] = {"label": f"按{m.group(1)}性质分", "sub": _cell_quantity(doc, c, m.group(2), se.unit),
                                "parts": [], "names": [], "row": r}
                continue
            side = sides.get(c.col)
            if side is None or side.get("done") or r <= side["row"] or not t.strip():
                continue
            m = _LABELLED.match(re.sub(r"\s+", "", t))
            if m is None:
                side["done"] = True  # the next block of the form (年度总体目标 …)
                continue
            q = _cell_quantity(doc, c, m.group(2), se.unit)
            if q is not None:
                side["parts"].append(q)
                side["names"].append(m.group(1))
    for side in sides.values():
        b = doc.block_at(table.cells[0].start)
        block = b.index if b else 0
        sub, parts = side["sub"], side["parts"]
        if sub is not None and len(parts) >= 2:
            out.append(Total(total=sub, parts=tuple(parts), exhaustive=True, marker=side["label"], block=block,
                             names=tuple(side["names"]), label=side["label"]))
        whole = sub if sub is not None else None
        if totals:
            if whole is not None:
                out.append(Total(total=totals[0], parts=(whole,), exhaustive=True, marker=side["label"], block=block,
                                 names=(side["label"],), alternatives=tuple(totals[1:]), label="年度资金总额"))
            elif len(parts) >= 2:
                out.append(Total(total=totals[0], parts=tuple(parts), exhaustive=True, marker=side["label"],
                                 block=block, names=tuple(side["names"]), alternatives=tuple(totals[1:]),
                                 label="年度资金总额"))
    return out


def table_facts(doc: Document, selfevals: tuple[SelfEval, ...], names: tuple[str, ...],
                owners: dict[int, Context] | None = None) -> tuple[list[Fact], list[Total]]:
    """``owners``: Table.index -> the project of a 自评表 that is not what the report is about."""
    owners = owners or {}
    facts: list[Fact] = []
    totals: list[Total] = []
    in_selfeval = set()
    for se in selfevals:
        if se.funds:
            in_selfeval.add(se.table)
            facts.extend(selfeval_facts(se, doc, names, owners.get(se.table)))
            totals.extend(nature_split_totals(doc, se))
    for t in doc.tables:
        if t.index not in in_selfeval:
            facts.extend(money_table_facts(doc, t, names))
    return facts, totals
