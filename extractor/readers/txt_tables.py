"""Tables that a TXT report draws with characters instead of tabs.

Three layouts of a table exported or typed as text are read here (tab-separated lines are
read in ``txt``):

* **Ruled with box or bar characters**: ``│年度资金总额│  620.00│  680.00│`` or
  ``项目 | 预算 | 支出`` (or the full-width ``｜``); the border lines (``┌──┬──┐``, ``|---|``) are dropped.
* **Aligned with spaces**: a header line and rows whose cells start under its columns,
  counted in display columns (a CJK character is two wide, as a monospace editor shows
  it). A row's token belongs to the header column its start falls in, so an empty cell
  (a merged 一级指标 left blank) keeps the columns of the others in place, and a header
  cell that joins level names with ``/`` (``一级指标/二级指标/三级指标``) is one column per
  level, its rows' cells split at ``/`` alike.
* **Label-value pairs on one line**: ``年初预算数 1480.00 | 全年预算数 1480.00 | 得分 8.50``
  is a two-row table, the labels over their values.

A block is two or more consecutive lines of one layout (a pair line stands alone) with
a figure in it, so prose with a double space in it is never a table.
"""
from __future__ import annotations

import re
import unicodedata

BAR = re.compile(r"[│|┃｜]")  # ｜: the full-width bar a Chinese input method types
BORDER = re.compile(r"^[\s┌┬┐├┼┤└┴┘─━═╔╦╗╠╬╣╚╩╝║|｜:+\-－]+$")
_FIGURE = re.compile(r"\d")
_GAP = re.compile(r"\S+")
PAIR = re.compile(r"^\s*([^\d|│｜]{2,20}?)\s*[：:]?\s*([-−]?[\d,，.]+%?|—|-)\s*$")
_LEVELS = re.compile(r"^[一二三]级指标$")


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _bar_cells(raw: str, left_border: bool = True, right_border: bool = True) -> list[str] | None:
    """The cells of a ruled line. ``left_border``/``right_border``: whether the table draws its
    outer edges; without them a leading bar is an empty first cell ("││垃圾分类覆盖小区│≥480个│…"
    under "一级指标│二级指标│三级指标│…")."""
    if len(BAR.findall(raw)) < 2:
        return None
    cells = BAR.split(raw.strip())
    if left_border and cells and not cells[0].strip():
        cells = cells[1:]
    if right_border and cells and not cells[-1].strip():
        cells = cells[:-1]
    return [c.strip() for c in cells] if len(cells) >= 2 else None


def _tokens(raw: str) -> list[tuple[int, str]]:
    """Each run of non-space characters with its start display column (tabs are not here)."""
    line = raw.replace("\u3000", "  ")
    out, col, pos = [], 0, 0
    for m in _GAP.finditer(line):
        col += width(line[pos:m.start()])  # the width of what lies before, counted once
        out.append((col, m.group()))
        pos = m.start()
    return out


def _spaced(raw: str) -> bool:
    """Three or more cells, at least two of the gaps two spaces wide."""
    t = raw.replace("\u3000", "  ").strip()
    return len(re.findall(r"\S(?: {2,})(?=\S)", t)) >= 2


def _fields(raw: str) -> bool:
    """``项目名称：…     实施单位：…     单位：万元``: a line of labelled fields, not a header."""
    toks = [t for _, t in _tokens(raw)]
    return sum(1 for t in toks if re.search(r"[：:]", t)) * 2 >= len(toks)


def pair_row(raw: str) -> tuple[list[str], list[str]] | None:
    """``年初预算数 1480.00 | 全年预算数 1480.00 | 执行率 78.54% | 得分 8.50``: labels and values."""
    parts = BAR.split(raw.strip())
    if len(parts) < 3:
        return None
    labels, values = [], []
    for p in parts:
        m = PAIR.match(p)
        if m is None:
            return None
        labels.append(m.group(1).strip())
        values.append(m.group(2))
    return labels, values


def bar_block(lines: list[tuple[int, str]], i: int) -> tuple[int, list[tuple[int, list[str]]]] | None:
    """Lines i.. of a ruled table: (the line after it, its rows with their line numbers)."""
    rows: list[tuple[int, list[str]]] = []
    j = i
    while j < len(lines):
        number, raw = lines[j]
        if BORDER.match(raw) and (rows or j + 1 < len(lines) and _bar_cells(lines[j + 1][1])):
            j += 1
            continue
        cells = _bar_cells(raw)
        if cells is None or pair_row(raw) is not None:
            break
        rows.append((number, cells))
        j += 1
    if len(rows) < 2 or not any(_FIGURE.search(c) for _, cs in rows for c in cs):
        return None
    # a table drawn without outer edges: its first line opens with a cell, not a bar
    raws = [lines[k][1].strip() for k in range(i, j) if not BORDER.match(lines[k][1])]
    left = not raws or BAR.match(raws[0]) is not None
    right = not raws or BAR.match(raws[0][-1:]) is not None
    if not (left and right):
        rows = [(n, c) for (n, _), c in zip(rows, (
            _bar_cells(lines[k][1], left, right) for k in range(i, j) if not BORDER.match(lines[k][1])), strict=False)
                if c is not None]
    return j, rows


_CELL = re.compile(r"\S+(?: \S+)*")  # a cell: words one space apart


def _cell_starts(raw: str) -> list[tuple[int, str]]:
    """Each cell (words one space apart) with its start display column."""
    line = raw.replace("\u3000", "  ")
    return [(width(line[:m.start()]), m.group()) for m in _CELL.finditer(line)]


def _aligned(body: list[tuple[int, str]], starts: list[int], indent: int) -> bool:
    """Whether the rows' cells start under the header's columns (at least half of them)."""
    cells = [p - indent for _, raw in body for p, _ in _cell_starts(raw)]
    return not cells or sum(1 for p in cells if any(abs(p - s) <= 1 for s in starts)) * 2 >= len(cells)


def _indented_cells(raw: str, indent: int, n: int) -> list[str]:
    """A row of an indented table: one empty cell per two spaces of indent, then its cells in order."""
    cells = _cell_starts(raw)
    lead = max(0, (cells[0][0] - indent) // 2) if cells else 0
    out = [""] * lead + [t for _, t in cells]
    return (out + [""] * (n - len(out)))[:max(n, len(out))]


def spaced_block(lines: list[tuple[int, str]], i: int) -> tuple[int, list[tuple[int, list[str]]]] | None:
    """Lines i.. of a space-aligned table whose first line is its header."""
    if not _spaced(lines[i][1]) or BAR.search(lines[i][1]) or _fields(lines[i][1]):
        return None
    j = i + 1
    while j < len(lines) and len(_tokens(lines[j][1])) >= 2 and re.search(r"\S {2,}\S", lines[j][1].strip()) \
            and not BAR.search(lines[j][1]):
        if j > i + 1 and _spaced(lines[j][1]) and not _FIGURE.search(lines[j][1]) and _FIGURE.search(lines[j - 1][1]):
            break  # a line of words after rows of figures heads the next table
        j += 1
    if j - i < 2:
        return None
    indent = min(_tokens(raw)[0][0] for _, raw in lines[i:j])
    head = [(p - indent, t) for p, t in _tokens(lines[i][1])]
    # a header token joined only by 2+ spaces from its neighbours is one column
    starts = [p for p, _ in head]
    names = [t for _, t in head]
    split_at = {k: len(t.split("/")) for k, t in enumerate(names)
                if "/" in t and all(_LEVELS.match(x) or x.endswith("指标") for x in t.split("/"))}
    rows: list[tuple[int, list[str]]] = [(lines[i][0], [x for k, t in enumerate(names)
                                                        for x in (t.split("/") if k in split_at else [t])])]
    if not split_at and not _aligned(lines[i + 1:j], starts, indent):
        # cells two spaces apart, not under their headers: a merged cell is left out and the row
        # indented instead ("  质量指标  新植苗木成活率  ≥90%  88.5%  8  7.87" under 一级指标…)
        rows += [(number, _indented_cells(raw, indent, len(names))) for number, raw in lines[i + 1:j]]
        return (j, rows) if any(_FIGURE.search(c) for _, cs in rows[1:] for c in cs) else None
    for number, raw in lines[i + 1:j]:
        cols: list[list[str]] = [[] for _ in names]
        for p, t in _tokens(raw):
            p -= indent
            k = max((k for k, s in enumerate(starts) if s <= p + 1), default=0)
            cols[k].append(t)
        cells: list[str] = []
        for k, parts in enumerate(cols):
            text = " ".join(parts)
            if k in split_at:
                pieces = text.split("/", split_at[k] - 1) if text else []
                cells.extend(pieces + [""] * (split_at[k] - len(pieces)))
            else:
                cells.append(text)
        rows.append((number, cells))
    if not any(_FIGURE.search(c) for _, cs in rows[1:] for c in cs):
        return None
    return j, rows
