"""A plain table's 合计 row as the total of the rows above it, column by column.

Class of layout read here: a list of items with one or more figure columns and a last row
labelled 合计/总计 (``支出内容 | 金额（万元）`` … ``合计 | 8,136.34``; a programme table ``项目 |
年初预算 | 全年预算 | 执行数 | 执行率`` … ``合计 | …``). Each column of amounts or counts whose cells
are all filled above the total row gives a complete breakdown (``Total``, exhaustive). Rates and
percentages are no sums, nor are points (a table of indicators and their 分值/得分 is the 自评表
rules'); a table with 其中/小计/含 rows (nested parts), with merged cells, or that is
a 自评表 (read in ``selfeval``) is not read.
"""
from __future__ import annotations

import dataclasses
import re

from ..model import Document, Quantity, Table
from ..numbers import parse_quantity
from .model import Total

TOTAL_LABEL = re.compile(r"^(?:合\s*计|总\s*计)(?:[（(][^（）()]{0,8}[）)])?$")
NESTED = re.compile(r"^(?:其中|含|小计|合计|总计|[（(]?[一二三四五六七八九十]+[）)、])")
MIN_PARTS = 2
INDICATOR_HEAD = re.compile(r"指标|分值|权重|得分|分数|满分")


def _cell_quantity(doc: Document, c) -> Quantity | None:
    t = doc.cell_text(c).strip()
    if not t:
        return None
    q = parse_quantity(t)
    if q is None or q.qualifier is not None or q.high is not None or q.kind not in ("money", "number", "count"):
        return None
    if q.start != 0 or q.end != len(t):
        return None  # the cell holds more than the figure
    at = doc.text.find(q.text, c.start, c.end)
    return dataclasses.replace(q, start=at, end=at + len(q.text)) if at >= 0 else None


def find_column_totals(doc: Document, skip: set[int]) -> list[Total]:
    """``skip``: Table.index of the 自评表 (their sums are the 自评表 rules')."""
    out: list[Total] = []
    for t in doc.tables:
        if t.index in skip:
            continue
        out.extend(_table_totals(doc, t))
    return out


def _table_totals(doc: Document, t: Table) -> list[Total]:
    rows: dict[int, dict[int, object]] = {}
    for c in t.cells:
        if c.rowspan > 1 or c.colspan > 1:
            return []
        rows.setdefault(c.row, {})[c.col] = c
    order = sorted(rows)
    if len(order) < MIN_PARTS + 2:
        return []
    def label_col(r: dict) -> int | None:
        return next((k for k in sorted(r) if doc.cell_text(r[k]).strip()), None)

    last = rows[order[-1]]
    lc = label_col(last)
    if lc is None or not TOTAL_LABEL.match(re.sub(r"\s+", "", doc.cell_text(last[lc]))):
        return []
    header = rows[order[0]]
    body = [rows[r] for r in order[1:-1]]
    if any(label_col(r) != lc for r in body):
        return []  # a row labelled in another column: a nested part or a note
    if any(NESTED.match(re.sub(r"\s+", "", doc.cell_text(r[lc]))) for r in body):
        return []
    out = []
    block = doc.block_at(last[lc].start)
    if any(INDICATOR_HEAD.search(doc.cell_text(h)) for h in header.values()):
        return []  # a table of indicators and points: the 自评表 rules' (the 执行率 points may stand elsewhere)
    for col, head in header.items():
        if col <= lc or "率" in doc.cell_text(head) or "%" in doc.cell_text(head):
            continue
        total_cell = last.get(col)
        total = _cell_quantity(doc, total_cell) if total_cell is not None else None
        if total is None:
            continue
        parts = []
        for r in body:
            c = r.get(col)
            q = _cell_quantity(doc, c) if c is not None else None
            if q is None or q.unit == "%":
                parts = []
                break
            parts.append(q)
        if len(parts) < MIN_PARTS or total.unit == "%":
            continue
        names = tuple(doc.cell_text(r[lc]).strip() for r in body)
        out.append(Total(total=total, parts=tuple(parts), exhaustive=True, marker="合计", block=block.index if block else 0,
                         names=names, label=doc.cell_text(head).strip()))
    return out
