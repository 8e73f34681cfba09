"""A DOCX copy with every figure highlighted and a Word comment per finding
(python-docx ≥ 1.2 writes comments).

The document is read again with the project's reader (``extractor.readers``), so
each evidence offset names a block (a paragraph, or a table row and cell); the
paragraph's text is rebuilt from its ``w:t`` nodes exactly as the reader builds it
(``para_text`` then ``normalize_lines``) and aligned with the normalised text
(``extractor.normalize.align``), which gives the node and position of each figure
character. The runs holding a figure are split at its ends (each piece keeps the
run's formatting) and the figure's pieces are highlighted. A paragraph whose rebuilt
text differs from what the reader read is not guessed at: its finding's comment is
anchored on the paragraph's first run instead.
"""
from __future__ import annotations

import copy
from typing import IO

from extractor.readers.docx import _body_items, _row_cells
from rules.finding import Evidence, Finding

from . import AUTHOR, note

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TR, _T, _R = W + "p", W + "tr", W + "t", W + "r"
_SKIP = (W + "pPr", W + "rPr", W + "instrText", W + "delText")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


# -- the document's structure: the reader's own walk, so blocks line up one for one ------

def _int(el, default: int) -> int:
    try:
        return int(el.get(W + "val")) if el is not None else default
    except (TypeError, ValueError):
        return default


def cell_elements(tbl) -> dict[tuple[int, int], object]:
    """(grid row, col), 0-based -> the ``w:tc`` read there: the slots of
    ``extractor.readers.docx.table_cells`` (a test keeps the two in step)."""
    from extractor.readers.docx import _grid_width

    width = _grid_width(tbl)
    out: dict[tuple[int, int], object] = {}
    open_cols: set[int] = set()
    for r, tr in enumerate(tbl.iterchildren(_TR)):
        trpr = tr.find(W + "trPr")
        col = _int(trpr.find(W + "gridBefore"), 0) if trpr is not None else 0
        col = min(max(col, 0), width - 1)
        for tc in _row_cells(tr):
            tcpr = tc.find(W + "tcPr")
            span = min(max(1, _int(tcpr.find(W + "gridSpan") if tcpr is not None else None, 1)), max(1, width - col))
            vm = tcpr.find(W + "vMerge") if tcpr is not None else None
            if vm is not None and vm.get(W + "val") in (None, "continue") and col in open_cols:
                pass
            else:
                out[(r, col)] = tc
                for k in range(col, col + span):
                    open_cols.discard(k)
                if vm is not None:
                    open_cols.add(col)
            col += span
    return out


def _raw(el, chars: list[str], nodes: list) -> None:
    """The paragraph's text as ``extractor.readers.docx.para_text`` reads it, and for each
    character its node: (``w:t``, index) or (other element, -1)."""
    for ch in el:
        tag = ch.tag
        if tag == _T:
            for k, c in enumerate(ch.text or ""):
                chars.append(c)
                nodes.append((ch, k))
        elif tag == W + "tab":
            if el.tag == _R:
                chars.append("\t")
                nodes.append((ch, -1))
        elif tag in (W + "br", W + "cr"):
            chars.append("\n")
            nodes.append((ch, -1))
        elif tag == W + "noBreakHyphen":
            chars.append("-")
            nodes.append((ch, -1))
        elif tag == _MC_FALLBACK or not isinstance(tag, str) or tag in _SKIP:
            continue
        else:
            _raw(ch, chars, nodes)


def paragraph_map(p) -> tuple[str, list]:
    """The paragraph's normalised text (as the reader has it) and, per character, the
    node it came from (None for a character the reader inserted)."""
    from extractor.normalize import align, normalize_line, normalize_lines

    chars: list[str] = []
    nodes: list = []
    _raw(p, chars, nodes)
    raw = "".join(chars)
    lines = raw.split("\n")
    text, starts = normalize_lines(lines)
    where: list = [None] * len(text)
    base = 0
    for line, s0 in zip(lines, starts, strict=True):
        norm = normalize_line(line).strip()
        for j, i in enumerate(align(line, norm)):
            if i is not None and s0 + j < len(where):
                where[s0 + j] = nodes[base + i]
        base += len(line) + 1
    lead = len(text) - len(text.lstrip())
    return text.strip(), where[lead:lead + len(text.strip())]


class _Layout:
    """The reader's blocks matched to the document's elements."""

    def __init__(self, body, doc) -> None:
        from extractor.readers.docx import table_cells

        paras, tables = [], []
        for el in _body_items(body):
            if el.tag == _P:
                if paragraph_map(el)[0]:
                    paras.append(el)
            elif any(c.text for c in table_cells(el)):
                tables.append(el)
        self.doc = doc
        self.paras = paras
        self.tables = tables
        self.para_of: dict[int, object] = {}  # block index -> w:p
        k = 0
        for b in doc.blocks:
            if b.kind != "table_row":
                if k < len(paras):
                    self.para_of[b.index] = paras[k]
                k += 1
        self._cells: dict[int, dict] = {}

    def spans(self, start: int, end: int) -> list[tuple[object, int, int]]:
        """(w:p, start, end) in that paragraph's normalised text for [start, end) of the
        document; empty when the reader's text is not found there."""
        doc = self.doc
        b = doc.block_at(start)
        if b is None:
            return []
        if b.kind != "table_row":
            p = self.para_of.get(b.index)
            if p is None or paragraph_map(p)[0] != doc.text[b.start:b.end]:
                return []
            return [(p, start - b.start, end - b.start)]
        table = doc.tables[b.table] if b.table is not None and b.table < len(doc.tables) else None
        cell = next((c for c in (table.cells if table else ()) if c.start <= start < c.end or c.start == start), None)
        if cell is None or b.table >= len(self.tables):
            return []
        if b.table not in self._cells:
            self._cells[b.table] = cell_elements(self.tables[b.table])
        tc = self._cells[b.table].get((cell.row, cell.col))
        if tc is None:
            return []
        out, pos = [], cell.start  # the cell's text: its paragraphs' texts joined by one space
        for p in tc.iter(_P):
            text = paragraph_map(p)[0]
            if not text:
                continue
            a, z = max(start, pos), min(end, pos + len(text))
            if a < z:
                out.append((p, a - pos, z - pos))
            pos += len(text) + 1
        return out

    def first_run(self, start: int):
        b = self.doc.block_at(start)
        p = self.para_of.get(b.index) if b is not None and b.kind != "table_row" else None
        if p is None and b is not None and b.table is not None and b.table < len(self.tables):
            p = next(self.tables[b.table].iter(_P), None)
        return next(p.iter(_R), None) if p is not None else None


def _new_run(r, children: list, text: str | None = None):
    n = copy.deepcopy(r)
    for ch in list(n):
        if ch.tag != W + "rPr":
            n.remove(ch)
    for ch in children:
        n.append(ch)
    if text is not None:
        t = n.makeelement(_T, {})
        t.text = text
        t.set(XML_SPACE, "preserve")
        n.append(t)
    return n


def _split(t, cuts: list[int]) -> list[tuple[object, int, int]]:
    """Split the run holding ``w:t`` ``t`` at the character positions ``cuts`` of ``t``:
    one run per piece, each with the run's formatting; the run's other children stay
    before and after. Returns (run, start, end) per piece of ``t``."""
    r = t.getparent()
    if r is None or r.tag != _R:
        return []
    text = t.text or ""
    kids = [c for c in r if c.tag != W + "rPr"]
    i = kids.index(t)
    before, after = kids[:i], kids[i + 1:]
    bounds = sorted({0, len(text), *(c for c in cuts if 0 < c < len(text))})
    runs = [_new_run(r, before)] if before else []
    pieces = []
    for a, z in zip(bounds, bounds[1:], strict=False):
        piece = _new_run(r, [], text[a:z])
        runs.append(piece)
        pieces.append((piece, a, z))
    if after:
        runs.append(_new_run(r, after))
    parent = r.getparent()
    at = parent.index(r)
    parent.remove(r)
    for n, run in enumerate(runs):
        parent.insert(at + n, run)
    return pieces


def annotate(path: str, items: list[tuple[Finding, list[Evidence]]], out: IO[bytes], shift: int = 0,
             limits=None) -> None:
    import docx
    from docx.enum.text import WD_COLOR_INDEX
    from docx.text.run import Run

    from extractor.readers import read
    from extractor.readers.limits import DEFAULT_LIMITS

    doc = read(path, limits or DEFAULT_LIMITS)
    d = docx.Document(path)
    lay = _Layout(d.element.body, doc)
    # 1. every figure as (w:p, start, end) in its paragraph; then as node ranges
    wanted: list[tuple[tuple[int, int], list[tuple[object, int, int]]]] = []  # ((item, evidence), spans)
    for n, (_, evs) in enumerate(items):
        for i, e in enumerate(evs):
            s, t = e.start - shift, e.end - shift
            if 0 <= s < len(doc.text) and doc.text[s:t] == e.text:
                wanted.append(((n, i), lay.spans(s, t)))
    ranges: dict[object, list[tuple[int, int, tuple[int, int]]]] = {}  # w:t -> (k0, k1, (item, evidence))
    for n, spans in wanted:
        for p, a, z in spans:
            where = paragraph_map(p)[1]
            run_start = None
            for j in range(a, min(z, len(where))):
                node = where[j]
                if node is None or node[0].tag != _T:
                    run_start = None
                    continue
                t, k = node
                cur = ranges.setdefault(t, [])
                if run_start is not None and cur and cur[-1][2] == n and cur[-1][1] == k:
                    cur[-1] = (cur[-1][0], k + 1, n)
                else:
                    cur.append((k, k + 1, n))
                run_start = k
    # 2. split the runs and highlight the figures' pieces, remembering each figure's runs
    runs_of: dict[tuple[int, int], list] = {}
    for t, rs in ranges.items():
        for piece, a, z in _split(t, [k for k0, k1, _ in rs for k in (k0, k1)]):
            covering = {n for k0, k1, n in rs if k0 <= a and z <= k1}
            if covering:
                Run(piece, d._body).font.highlight_color = WD_COLOR_INDEX.YELLOW
            for n in covering:
                runs_of.setdefault(n, []).append(piece)
    # 3. one comment per finding, on its first figure in the text (else its paragraph)
    body = d.element.body
    order = {id(el): i for i, el in enumerate(body.iter(_R))}
    for n, (f, evs) in enumerate(items):
        lit = sorted((k for k in runs_of if k[0] == n), key=lambda k: evs[k[1]].start)
        runs = sorted(runs_of[lit[0]], key=lambda r: order.get(id(r), 0)) if lit else []
        if not runs:
            first = min((e.start - shift for e in evs), default=0)
            r = lay.first_run(max(first, 0))
            runs = [r] if r is not None else []
        if runs:
            d.add_comment([Run(runs[0], d._body), Run(runs[-1], d._body)], text=note(f, f.evidence), author=AUTHOR,
                          initials="JX")
    d.save(out)
