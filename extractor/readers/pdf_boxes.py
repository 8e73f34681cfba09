"""Where each character of a PDF's text is on its page, for annotating the original.

``read_boxes(path)`` reads the PDF exactly as the check does (the same reader, the
same engine and limits, so the same text and offsets) and records, for every
character of ``Document.text`` that came from a character on a page, its page and
box in the reader's coordinates (pdfplumber's: points, origin at the top left of
the page as displayed, ``/Rotate`` applied). Inserted characters (the space between
two words set apart, the join of two wrapped lines) have no box.

The check never asks for boxes (``pdf.read(path, limits)`` leaves ``char_boxes`` None),
so it pays nothing for them: they are collected only when annotating.
"""
from __future__ import annotations

from ..model import Document
from ..normalize import align, normalize_line, normalize_lines
from .limits import DEFAULT_LIMITS, ReadLimits

Box = tuple[int, float, float, float, float]  # page (1-based), x0, top, x1, bottom


class Boxes:
    """Offset in ``Document.text`` -> the box of the character printed there."""

    def __init__(self) -> None:
        self.at: dict[int, Box] = {}

    def _line(self, offset: int, page: int, raw: str, origin: list, norm: str) -> None:
        for j, i in enumerate(align(raw, norm)):
            c = origin[i] if i is not None else None
            if c is not None:
                self.at[offset + j] = (page, c["x0"], c["top"], c["x1"], c["bottom"])

    def add_paragraph(self, start: int, text: str, starts: list[int], para: list) -> None:
        """A block from the physical lines ``para`` ((Line, page) each), joined at ``starts``."""
        from .pdf import _line_text

        for (ln, page), s0 in zip(para, starts, strict=True):
            origin: list = []
            raw = _line_text(ln.chars, origin)
            norm = normalize_line(raw).strip()
            if text[s0:s0 + len(norm)] == norm:
                self._line(start + s0, page, raw, origin, norm)

    def add_table(self, table, ptable) -> None:
        """The cells of ``table`` (as placed in the document) from the characters the
        PDF table ``ptable`` kept per cell."""
        from .pdf import _line_text

        chars = ptable.cell_chars or {}
        for cell in table.cells:
            got = chars.get((cell.row, cell.col))
            if not got:
                continue
            page, lines = got
            origins: list[list] = [[] for _ in lines]
            raws = [_line_text(chs, o) for chs, o in zip(lines, origins, strict=True)]
            text, starts = normalize_lines(raws)
            if len(text) != cell.end - cell.start:
                continue
            for raw, origin, s0 in zip(raws, origins, starts, strict=True):
                self._line(cell.start + s0, page, raw, origin, normalize_line(raw).strip())

    def rects(self, start: int, end: int) -> list[Box]:
        """The boxes of the characters in [start, end), one per page and visual line:
        a figure wrapped over two lines gives two boxes."""
        out: list[list[float]] = []
        for k in range(start, end):
            b = self.at.get(k)
            if b is None:
                continue
            last = out[-1] if out else None
            if last is not None and last[0] == b[0] and b[2] < last[4] and b[4] > last[2] and b[1] >= last[1] - 1:
                last[1], last[2], last[3], last[4] = min(last[1], b[1]), min(last[2], b[2]), max(last[3], b[3]), max(last[4], b[4])
            else:
                out.append(list(b))
        return [(int(r[0]), r[1], r[2], r[3], r[4]) for r in out]


def read_boxes(path: str, limits: ReadLimits = DEFAULT_LIMITS) -> tuple[Document, Boxes]:
    """The document as the check reads it, and its characters' boxes."""
    from .pdf import read

    boxes = Boxes()
    doc = read(path, limits, char_boxes=boxes)
    return doc, boxes
