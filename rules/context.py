"""What a rule sees: the document, what was extracted from it, and its options."""
from __future__ import annotations

import os
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from extractor.analysis import Extraction
from extractor.facts import Fact, Facts
from extractor.model import Document, Figure, Quantity, Table

from .finding import Evidence, Finding
from .registry import Rule

CONTEXT_MAX = 160  # characters of sentence shown around a figure
# a location in a document read from a converted copy (a .doc/.xls through LibreOffice)
CONVERTED_MARK = "（转换后）"


def column_letter(n: int) -> str:
    """1 -> A, 27 -> AA (spreadsheet column names)."""
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def sheet_ref(sheet: str, cell: str) -> str:
    """``自评表!G6``; a sheet name with spaces or punctuation quoted as Excel does."""
    plain = all(ch.isalnum() or ch == "_" for ch in sheet)
    return f"{sheet}!{cell}" if plain else "'" + sheet.replace("'", "''") + f"'!{cell}"


def locate_cell(doc: Document, offset: int, page: int | None, line: int | None,
                cache: dict | None = None) -> dict[str, Any]:
    """The Evidence location fields of ``offset``: the table cell it sits in (table,
    row, col; XLSX also sheet and cell ``G6``) and the ``location`` an auditor can
    follow: ``自评表!G6`` (XLSX), ``表2 第5行 第7列`` (DOCX table), ``第2页第14行``
    (PDF, tables too), ``第12行`` (TXT: physical line; ``第18行（表1 第5行 第2列）`` in a
    tab-separated table), ``第4段`` (DOCX paragraph). ``cache``: a dict kept for one
    document (``RuleContext``), where a table's rows and headers are remembered."""
    if cache is None:
        cache = {}
    out: dict[str, Any] = {}
    part = next((c for c in reversed(getattr(doc, "companions", ())) if offset >= c[0]), None)
    tables_before = part[2] if part else 0  # a paired file's tables are numbered in that file
    b = doc.block_at(offset)
    t = doc.tables[b.table] if (b is not None and b.table is not None and b.table < len(doc.tables)) else None
    if t is not None:
        row_cells = _table_rows(t, cache).get(b.row, [])
        hit = next((c for c in row_cells if c.start <= offset < c.end), None) or next(
            (c for c in row_cells if c.start <= offset <= c.end), None)
        if hit is not None:
            out.update(table=t.index + 1 - tables_before, row=hit.row + 1, col=hit.col + 1)
            header = row_header(doc, t, b.row, cache)
            if header is not None:
                out["header"] = header
            if t.sheet is not None and t.origin is not None:
                cell = f"{column_letter(t.origin[1] + hit.col)}{t.origin[0] + hit.row}"
                out.update(sheet=t.sheet, cell=cell, location=sheet_ref(t.sheet, cell))
            elif page is None:
                out["location"] = f"表{t.index + 1 - tables_before} 第{hit.row + 1}行 第{hit.col + 1}列"
                if doc.format == "txt" and part is None and line is not None:
                    # a tab-separated table of a TXT report: its physical line first
                    out["location"] = f"第{line}行（{out['location']}）"
    if "location" not in out:
        if page is not None:
            out["location"] = f"第{page}页第{line}行" if line is not None else f"第{page}页"
        elif line is not None:
            out["location"] = f"第{line}行" if doc.format == "txt" and part is None else f"第{line}段"
    if part is not None:  # a figure of the paired 自评表: its file is named
        out["file"] = part[1]
        out["location"] = f"{os.path.basename(part[1])} {out.get('location', '')}".rstrip()
    # read from a converted copy: paragraphs and tables are counted in that copy
    converted = getattr(doc, "converted", None) if part is None else None
    if converted and out.get("location"):
        out["location"] += CONVERTED_MARK
    return out


_DIGIT = re.compile(r"\d")


def _table_rows(t: Table, cache: dict) -> dict[int, list]:
    """The table's cells by their (top) row, in the table's order; once per table."""
    key = ("rows", id(t))
    rows = cache.get(key)
    if rows is None:
        rows = cache[key] = {}
        for c in t.cells:
            rows.setdefault(c.row, []).append(c)
    return rows


def row_header(doc: Document, t: Table, row: int, cache: dict | None = None) -> tuple[str, ...] | None:
    """The column headers of a table row: for each of its cells (in column order, as the
    row's text joins them), the text over its column in the nearest row above that has
    no digit in any cell and names at least half of the row's columns (the header of the
    row's block: a 自评表's funds header for a funds row, its indicator header for an
    indicator row). A header cell merged down over two rows counts for both. None when
    no such row is found. ``cache`` (one document's): each row's answer, and each row
    above's cells and whether they can head, are worked out once (issue 15: every
    piece of evidence in a table rescanned every cell of every row above it)."""
    if cache is None:
        cache = {}
    key = ("header", id(t), row)
    if key in cache:
        return cache[key]
    mine = sorted(_table_rows(t, cache).get(row, []), key=lambda c: c.col)
    found = None
    if len(mine) >= 2:
        for r in range(row - 1, -1, -1):
            above, texts = _heading_row(doc, t, r, cache)
            if above is None:
                continue
            names = tuple(next((x for h, x in zip(above, texts, strict=True) if h.col <= c.col < h.col + h.colspan), "")
                          for c in mine)
            if sum(1 for x in names if x) * 2 >= len(mine):
                found = names
                break
    cache[key] = found
    return found


def _heading_row(doc: Document, t: Table, r: int, cache: dict) -> tuple[list | None, list[str]]:
    """The cells covering row ``r`` (in the table's order) and their texts; ``(None, [])``
    when the row cannot be a header (fewer than two texts, or a digit in one)."""
    key = ("above", id(t), r)
    hit = cache.get(key)
    if hit is None:
        above = [c for c in t.cells if c.row <= r < c.row + c.rowspan]
        texts = [doc.cell_text(c).strip() for c in above]
        if sum(1 for x in texts if x) < 2 or any(_DIGIT.search(x) for x in texts):
            hit = (None, [])
        else:
            hit = (above, texts)
        cache[key] = hit
    return hit


class Figures(list):
    """A list of figures in document order, with their start offsets for bisection."""

    def __init__(self, items) -> None:
        super().__init__(sorted(items, key=lambda f: f.q.start))
        self.starts = [f.q.start for f in self]


class RuleContext:
    def __init__(self, doc: Document, ext: Extraction, options: dict[str, Any] | None = None) -> None:
        self.doc = doc
        self.ext = ext
        self.options: dict[str, Any] = options or {}
        self._rule: Rule | None = None
        self._severity: str | None = None
        self._cache: dict[tuple, Figures] = {}
        self._where: dict[int, dict[str, Any]] = {}  # evidence location by start offset
        self._cells: dict = {}  # locate_cell's table rows and headers

    # -- lookups ------------------------------------------------------------
    def figures(self, *labels: str, narrative: bool | None = None) -> Figures:
        """Figures with one of the labels, in document order; ``narrative=True`` keeps
        prose only, ``False`` table cells only. Cached: rules ask for the same lists often."""
        key = (labels, narrative)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = Figures(self._figures(labels, narrative))
        return hit

    def _figures(self, labels: tuple[str, ...], narrative: bool | None) -> list[Figure]:  # noqa: D401
        out = []
        for f in self.ext.figures:
            if labels and f.label not in labels:
                continue
            if narrative is not None:
                b = self.doc.blocks[f.block - 1]
                if (b.kind != "table_row") != narrative:
                    continue
            out.append(f)
        return out

    @property
    def facts(self) -> Facts:
        """Every figure with its concept and context (extractor.facts): what rules compare."""
        return self.ext.facts

    def opt(self, name: str) -> Any:
        return self.options[name]

    # -- evidence -----------------------------------------------------------
    def evidence(self, item: Quantity | Figure | tuple[int, int], value: Decimal | None = None, unit: str | None = None) -> Evidence:
        if isinstance(item, (Figure, Fact)):
            item = item.q
        if isinstance(item, Quantity):
            start, end = item.start, item.end
            value = item.value if value is None else value
            unit = (item.raw_unit or item.unit or None) if unit is None else unit
            if item.kind == "money" and item.raw_unit in ("元", "亿元", "千元"):
                unit = "万元"  # value is canonical 万元; the text shows what was printed
        else:
            start, end = item
        page, line = self.doc.locate(start)
        where = self._where.get(start)
        if where is None:  # rules cite the same figures: each offset is located once
            where = self._where[start] = locate_cell(self.doc, start, page, line, self._cells)
        s, e = self.doc.sentence_span(start, end)
        if e - s > CONTEXT_MAX:
            half = (CONTEXT_MAX - (end - start)) // 2
            s = max(s, start - max(half, 20))
            e = min(e, end + max(half, 20))
        return Evidence(
            text=self.doc.text[start:end],
            value=value,
            unit=unit,
            page=page,
            line=line,
            start=start,
            end=end,
            context=self.doc.text[s:e].strip(),
            context_start=s + (len(self.doc.text[s:e]) - len(self.doc.text[s:e].lstrip())),
            **where,
        )

    def finding(
        self,
        message: str,
        evidence: Iterable[Quantity | Figure | Fact | tuple[int, int] | Evidence],
        *,
        expected: str | None = None,
        stated: str | None = None,
        severity: str | None = None,
        data: dict[str, Any] | None = None,
        unassessed: bool = False,
    ) -> Finding:
        """A finding of the rule being run. ``severity`` overrides the rule's (configured)
        severity only to lower or raise it for a documented reason (e.g. one unit out).
        ``unassessed``: use ``not_assessed`` instead."""
        assert self._rule is not None
        ev = tuple(e if isinstance(e, Evidence) else self.evidence(e) for e in evidence)
        # de-duplicate identical spans, keep document order
        seen: set[tuple[int, int]] = set()
        uniq = []
        for e in sorted(ev, key=lambda e: e.start):
            if (e.start, e.end) not in seen:
                seen.add((e.start, e.end))
                uniq.append(e)
        return Finding(
            rule=self._rule.code,
            name=self._rule.name,
            category=self._rule.category,
            severity=severity or self._severity or self._rule.severity,
            message=message,
            evidence=tuple(uniq),
            expected=expected,
            stated=stated,
            data=data or {},
            unassessed=unassessed,
        )

    def not_assessed(self, message: str, evidence: Iterable[Quantity | Figure | Fact | tuple[int, int] | Evidence],
                     *, data: dict[str, Any] | None = None) -> Finding:
        """A check the rule could not make: the figures it needs are missing or
        ambiguous (a stated 执行率 with no amounts before it). Reported apart from
        the findings, as "未能核对", so it is read neither as a pass nor as an error;
        ``message`` says what was missing."""
        return self.finding(message, evidence, severity="info", data=data, unassessed=True)
