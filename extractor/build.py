"""DocumentBuilder: the one place where a reader's output becomes a Document.

Readers hand over already-normalized block text (see ``extractor.normalize``)
and, for PDF, where each physical line starts inside the block. The builder
lays the blocks end to end in ``Document.text`` (separated by ``\\n``),
tracks the section headings (一、 (一) 1. (1)) and records line marks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Block, Cell, Document, LineMark, Table

# Heading markers of Chinese official documents, by level.
_CN = "一二三四五六七八九十"
HEADING_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(rf"^第[{_CN}]{{1,3}}(?:部分|章|篇)(?![\u4e00-\u9fff]{{0,2}}[的中])")),  # 第三部分　主要问题: above 一、
    (1, re.compile(rf"^[{_CN}]{{1,3}}[、是]")),
    (2, re.compile(rf"^[（(]\s*[{_CN}]{{1,3}}\s*[）)]")),
    (3, re.compile(r"^\d{1,2}\s*[.、．](?!\d)")),
    (4, re.compile(r"^[（(]\s*\d{1,2}\s*[）)]")),
)
# A paragraph that merely *starts* with a marker ("(一)项目完成情况。驻外…")
# opens a section titled by its first phrase; it is a heading block only when short.
HEADING_MAX_LEN = 40
_TITLE_END = re.compile(r"[。：:；;]")


def heading_level(text: str) -> int | None:
    for level, pat in HEADING_PATTERNS:
        if pat.match(text):
            # "一是资金计划…" is an enumerated paragraph, not a section
            if level == 1 and re.match(rf"^[{_CN}]{{1,3}}是", text):
                return None
            return level
    return None


def heading_title(text: str) -> str:
    m = _TITLE_END.search(text)
    return (text[: m.start()] if m else text).strip()


def _flatten(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ").replace("\r", " ")


@dataclass
class CellIn:
    """A cell as a reader saw it, before it is placed in the document."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    conf: float | None = None  # OCR confidence of the cell's text (None: text layer)


class DocumentBuilder:
    def __init__(self, path: str, fmt: str) -> None:
        self.path = path
        self.format = fmt
        self._parts: list[str] = []
        self._pos = 0
        self._blocks: list[Block] = []
        self._marks: list[LineMark] = []
        self._tables: list[Table] = []
        self._sections: list[tuple[int, str]] = []  # (level, title)
        self.diagnostics: list[str] = []
        self.ocr_spans: list[tuple[int, int, float]] = []  # (start, end, confidence)

    # -- blocks -----------------------------------------------------------
    def _append(self, text: str) -> int:
        if self._parts:
            self._parts.append("\n")
            self._pos += 1
        start = self._pos
        self._parts.append(text)
        self._pos += len(text)
        return start

    def _marks_for(self, start: int, index: int, page: int | None, lines: list[tuple[int, ...]] | None) -> None:
        if lines:
            if lines[0][0] != 0:  # the block's own start must be located too
                lines = [(0, *lines[0][1:]), *lines]
            last = -1
            for entry in lines:
                off, line = entry[0], entry[1]
                pg = entry[2] if len(entry) > 2 else page  # a paragraph may run over a page break
                if off < last:
                    continue  # keep line marks sorted
                last = off
                self._marks.append(LineMark(start + off, pg, line))
        else:
            self._marks.append(LineMark(start, page, index))

    def add_block(
        self,
        text: str,
        *,
        page: int | None = None,
        lines: list[tuple[int, int]] | list[tuple[int, int, int]] | None = None,
        heading: bool | None = None,
        level: int | None = None,
    ) -> Block | None:
        """Add a paragraph (or heading). ``lines``: (offset in text, line number on page)
        for each physical line of a PDF paragraph, or (offset, line, page) when the
        paragraph runs over a page break. ``heading``: force the decision.
        ``level``: the level of a forced heading that has no 一、/(一) marker (a Word
        "Heading 2" style), used only when the text itself gives none."""
        if not text.strip():
            return None
        # a block is one line of Document.text: tabs/newlines become spaces (one for one)
        text = _flatten(text)
        style_level = level
        level = heading_level(text.lstrip())
        is_heading = heading if heading is not None else (
            level is not None and len(text) <= HEADING_MAX_LEN and not _TITLE_END.search(text.rstrip("。：:"))
        )
        if level is not None and (is_heading or heading is None):
            while self._sections and self._sections[-1][0] >= level:
                self._sections.pop()
            self._sections.append((level, heading_title(text.strip())))
        elif is_heading:
            # a forced heading without a marker (a Word "Heading" style): level 1 … by style
            level = level or style_level or 1
            while self._sections and self._sections[-1][0] >= level:
                self._sections.pop()
            self._sections.append((level, heading_title(text.strip())))
        start = self._append(text)
        index = len(self._blocks) + 1
        section = tuple(t for _, t in self._sections)
        block = Block(
            index=index,
            kind="heading" if is_heading else "paragraph",
            start=start,
            end=start + len(text),
            level=level if (is_heading or level) else None,
            section=section,
        )
        self._blocks.append(block)
        self._marks_for(start, index, page, lines)
        return block

    def add_table(
        self,
        cells: list[CellIn],
        *,
        page: int | None = None,
        sheet: str | None = None,
        row_locs: dict[int, tuple[int | None, int]] | None = None,
        origin: tuple[int, int] | None = None,
    ) -> Table | None:
        """Add a table. Each grid row becomes one 'table_row' block whose text is its
        cells joined by tabs; a merged cell is given once (top-left slot).
        ``row_locs``: grid row -> (page, line on page) for PDF tables; otherwise a
        row's line is its block index, like a paragraph's. ``origin``: XLSX, the sheet
        (row, column) of grid cell (0, 0), 1-based, so a cell can be named ("G6")."""
        if not cells:
            return None
        t_index = len(self._tables)
        n_rows = max(c.row + c.rowspan for c in cells)
        n_cols = max(c.col + c.colspan for c in cells)
        by_row: dict[int, list[CellIn]] = {}
        for c in cells:
            if "\t" in c.text or "\n" in c.text:
                c = CellIn(c.row, c.col, _flatten(c.text), c.rowspan, c.colspan, c.conf)
            by_row.setdefault(c.row, []).append(c)
        placed: list[Cell] = []
        section = tuple(t for _, t in self._sections)
        for r in sorted(by_row):
            row_cells = sorted(by_row[r], key=lambda c: c.col)
            parts: list[str] = []
            offsets: list[tuple[CellIn, int]] = []
            pos = 0
            for c in row_cells:
                if parts:
                    parts.append("\t")
                    pos += 1
                offsets.append((c, pos))
                parts.append(c.text)
                pos += len(c.text)
            row_text = "".join(parts)
            start = self._append(row_text)
            index = len(self._blocks) + 1
            self._blocks.append(
                Block(index=index, kind="table_row", start=start, end=start + len(row_text),
                      section=section, table=t_index, row=r)
            )
            loc = (row_locs or {}).get(r)
            if loc is None:
                self._marks.append(LineMark(start, page, index))
            else:
                self._marks.append(LineMark(start, loc[0], loc[1]))
            for c, off in offsets:
                if c.conf is not None and c.text:
                    self.ocr_spans.append((start + off, start + off + len(c.text), c.conf))
                placed.append(Cell(c.row, c.col, start + off, start + off + len(c.text), c.rowspan, c.colspan))
        table = Table(index=t_index, cells=tuple(placed), n_rows=n_rows, n_cols=n_cols, page=page, sheet=sheet,
                      origin=origin)
        self._tables.append(table)
        return table

    def build(self, pages: int | None = None) -> Document:
        return Document(
            path=self.path,
            format=self.format,
            text="".join(self._parts),
            blocks=tuple(self._blocks),
            tables=tuple(self._tables),
            pages=pages,
            line_marks=tuple(self._marks),
            diagnostics=tuple(self.diagnostics),
            ocr_spans=tuple(sorted(self.ocr_spans)),
        )


def append_companion(main: Document, companion: Document) -> Document:
    """The report with a separately submitted 自评表 file appended after its text, so the
    rules check the pair together. Offsets, block and table indices of the companion are
    shifted; its line marks keep the companion's own pages and lines."""
    import dataclasses

    shift = len(main.text) + 1
    nb, nt = len(main.blocks), len(main.tables)
    blocks = tuple(dataclasses.replace(b, index=b.index + nb, start=b.start + shift, end=b.end + shift,
                                       table=None if b.table is None else b.table + nt) for b in companion.blocks)
    tables = tuple(dataclasses.replace(t, index=t.index + nt, cells=tuple(
        dataclasses.replace(c, start=c.start + shift, end=c.end + shift) for c in t.cells)) for t in companion.tables)
    marks = tuple(dataclasses.replace(m, offset=m.offset + shift) for m in companion.line_marks)
    return Document(
        path=main.path, format=main.format, text=main.text + "\n" + companion.text,
        blocks=main.blocks + blocks, tables=main.tables + tables, pages=main.pages,
        line_marks=main.line_marks + marks,
        diagnostics=main.diagnostics + tuple(f"{companion.path}: {d}" for d in companion.diagnostics),
        companions=main.companions + ((shift, companion.path, nt),),
        converted=main.converted,  # a converted report's own locations stay marked
    )
