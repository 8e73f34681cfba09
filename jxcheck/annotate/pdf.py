"""A PDF copy with a highlight over every figure of every finding (pypdf).

The boxes come from the project's own reader (``extractor.readers.pdf_boxes``):
the PDF is read again exactly as the check read it, so each evidence offset names
the characters it was read from. Boxes are in the reader's coordinates (top-left
origin, ``/Rotate`` applied); ``to_user`` maps them back to the page's user space,
the inverse of ``extractor.readers.pdf_pdfium.Geometry``.

The copy is an incremental update (the original bytes, then the annotations),
falling back to a full rewrite for a file pypdf cannot update in place.
"""
from __future__ import annotations

from typing import IO

from rules.finding import Evidence, Finding

from . import AUTHOR, note

COLORS = {"error": "ff8a80", "warning": "ffd54f", "info": "90caf9"}


def page_geometry(mediabox: tuple[float, float, float, float], rotate: int):
    """(ctm, dx, height, dtop) as ``pdf_pdfium.Geometry`` builds them."""
    x0, y0, x1, y1 = mediabox
    x0, x1 = sorted((x0, x1))
    y0, y1 = sorted((y0, y1))
    rot = rotate % 360
    ctm = {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1), 270: (0, 1, -1, 0, y1, -x0)}.get(
        rot, (1, 0, 0, 1, -x0, -y0))
    bx0, by0, bx1, by1 = (y0, x0, y1, x1) if rot in (90, 270) else (x0, y0, x1, y1)
    height = by1 - by0
    return ctm, bx0, height, height - by1


def to_user(geo, x: float, top: float) -> tuple[float, float]:
    """A point in the reader's coordinates -> the page's user space."""
    (a, b, c, d, e, f), dx, height, dtop = geo
    u = x - e - dx
    v = height + dtop - top - f
    det = a * d - b * c
    return (d * u - c * v) / det, (-b * u + a * v) / det


def quads(geo, rects) -> tuple[list[float], tuple[float, float, float, float]]:
    """QuadPoints (upper-left, upper-right, lower-left, lower-right of each box as the
    page is displayed) and the bounding Rect, in user space."""
    pts: list[float] = []
    xs: list[float] = []
    ys: list[float] = []
    for _, x0, top, x1, bottom in rects:
        corners = [to_user(geo, x0, top), to_user(geo, x1, top), to_user(geo, x0, bottom), to_user(geo, x1, bottom)]
        for px, py in corners:
            pts += [px, py]
            xs.append(px)
            ys.append(py)
    return pts, (min(xs) - 1, min(ys) - 1, max(xs) + 1, max(ys) + 1)


def figure_rects(doc, boxes, evs: list[Evidence], shift: int = 0) -> dict[int, list]:
    """page -> the boxes of these figures (only those whose text is where the evidence
    says: a document read differently is not guessed at)."""
    out: dict[int, list] = {}
    for e in evs:
        s, t = e.start - shift, e.end - shift
        if s < 0 or doc.text[s:t] != e.text:
            continue
        for r in boxes.rects(s, t):
            out.setdefault(r[0], []).append(r)
    return out


def annotate(path: str, items: list[tuple[Finding, list[Evidence]]], out: IO[bytes], shift: int = 0,
             limits=None) -> None:
    from pypdf import PdfWriter
    from pypdf.annotations import Highlight, Popup
    from pypdf.generic import NameObject, NumberObject, TextStringObject

    from extractor.readers.limits import DEFAULT_LIMITS
    from extractor.readers.pdf_boxes import read_boxes

    doc, boxes = read_boxes(path, limits or DEFAULT_LIMITS)
    try:
        writer = PdfWriter(path, incremental=True)
    except Exception:  # noqa: BLE001 - a file pypdf cannot update in place is rewritten whole
        writer = PdfWriter(clone_from=path)
    geos = {}
    for f, evs in items:
        for page_no, rects in sorted(figure_rects(doc, boxes, evs, shift).items()):
            page = writer.pages[page_no - 1]
            if page_no not in geos:
                mb = page.mediabox
                geos[page_no] = page_geometry((float(mb.left), float(mb.bottom), float(mb.right), float(mb.top)),
                                              int(page.get("/Rotate", 0) or 0))
            pts, rect = quads(geos[page_no], rects)
            hl = Highlight(rect=rect, quad_points=_array(pts), highlight_color=COLORS.get(f.severity, "ffd54f"),
                           printing=True)
            hl[NameObject("/Contents")] = TextStringObject(note(f, f.evidence))
            hl[NameObject("/T")] = TextStringObject(AUTHOR)
            hl[NameObject("/Subj")] = TextStringObject(f.rule)
            ref = writer.add_annotation(page_no - 1, hl)
            x1, y1 = rect[2], rect[3]
            popup = Popup(rect=(x1, y1 - 80, x1 + 200, y1), parent=ref, open=False)
            popup[NameObject("/F")] = NumberObject(28)  # print, no zoom, no rotate
            ref[NameObject("/Popup")] = writer.add_annotation(page_no - 1, popup).indirect_reference
    writer.write(out)


def _array(values: list[float]):
    from pypdf.generic import ArrayObject, FloatObject

    return ArrayObject([FloatObject(round(v, 3)) for v in values])
