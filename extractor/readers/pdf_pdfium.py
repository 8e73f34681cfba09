"""PDF pages read with pypdfium2 (PDFium, C++): the fast engine.

PDFium builds a page's text and objects in about 1/10 of the time pdfminer
(under pdfplumber) needs. This module turns one PDFium page into what the
PDF reader consumes from either engine (``pdf_page.PageData``):

* characters as dicts with pdfplumber's keys (``text x0 x1 top bottom size
  upright``), in top-left page coordinates. ``x0``/``x1`` are the same as
  pdfminer's; the vertical box is the font's own ascent/descent box (pdfminer
  uses the font descriptor's descent), which only moves every line of a font
  by the same amount. Characters PDFium generates itself (spaces, line breaks
  it infers) are left out, as pdfplumber has no such characters.
* ruling lines: every painted path, cut into subpaths and classified exactly
  as pdfminer does (line / rectangle / curve), turned into pdfplumber edges,
  so that pdfplumber's table algorithm (``pdf_tables``, its ``TableFinder``
  without importing pdfplumber) finds the same table cells as on a pdfplumber
  page — without pdfminer's parse;
* images (for telling a scanned page) with their pixel size.

Coordinates are pdfplumber's: pdfminer's page transformation (``/Rotate``, the
MediaBox origin) and pdfplumber's MediaBox shift are applied as they do, so a
rotated landscape 自评表 page reads the same with either engine.
"""
from __future__ import annotations

import ctypes
import math
import threading

import pypdfium2 as pdfium
import pypdfium2.raw as R

Matrix = tuple[float, float, float, float, float, float]
_ID: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

# PDFium is not thread-safe: one document at a time per process (a Dask worker
# with several threads, an application calling jxcheck from threads). Processes,
# jxcheck's own unit of parallelism, are unaffected.
LOCK = threading.RLock()


class Geometry:
    """pdfminer's page CTM for ``/Rotate`` and the MediaBox, then pdfplumber's flip
    to top-left coordinates (``top = height - y + mediabox top``)."""

    def __init__(self, page: pdfium.PdfPage) -> None:
        x0, y0, x1, y1 = page.get_mediabox()
        x0, x1 = sorted((x0, x1))
        y0, y1 = sorted((y0, y1))
        rot = max(R.FPDFPage_GetRotation(page), 0) * 90  # -1: unknown, taken as none
        self.ctm: Matrix = {
            90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1), 270: (0, 1, -1, 0, y1, -x0),
        }.get(rot, (1, 0, 0, 1, -x0, -y0))
        bx0, by0, bx1, by1 = (y0, x0, y1, x1) if rot in (90, 270) else (x0, y0, x1, y1)
        self.width, self.height = bx1 - bx0, by1 - by0
        self.dx = bx0  # pdfplumber: x += mediabox x0; top = height - y + mediabox top
        self.dtop = self.height - by1

    def point(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self.ctm
        return a * x + c * y + e + self.dx, self.height - (b * x + d * y + f) + self.dtop


def _c_function(name: str, restype):
    """pypdfium2.raw's ``name`` called without ctypes' per-argument conversion
    (``argtypes`` None): half the cost of a call (≈ 0.2 µs, not 0.4) for the
    functions called once per character, object or path segment. Arguments are passed
    as ``c_void_p`` handles (``_handle``), Python ints (``int`` parameters only; an
    ``unsigned long`` gets a ``c_ulong``) and ``byref`` pointers."""
    f = ctypes.CFUNCTYPE(restype)(ctypes.cast(getattr(R, name), ctypes.c_void_p).value)
    f.argtypes = None
    return f


_text_object = _c_function("FPDFText_GetTextObject", ctypes.c_void_p)
_loose_box = _c_function("FPDFText_GetLooseCharBox", ctypes.c_int)
_is_generated = _c_function("FPDFText_IsGenerated", ctypes.c_int)
_char_matrix = _c_function("FPDFText_GetMatrix", ctypes.c_int)
_font_size = _c_function("FPDFText_GetFontSize", ctypes.c_double)
_count_page_objects = _c_function("FPDFPage_CountObjects", ctypes.c_int)
_page_object = _c_function("FPDFPage_GetObject", ctypes.c_void_p)
_count_form_objects = _c_function("FPDFFormObj_CountObjects", ctypes.c_int)
_form_object = _c_function("FPDFFormObj_GetObject", ctypes.c_void_p)
_object_type = _c_function("FPDFPageObj_GetType", ctypes.c_int)
_object_matrix = _c_function("FPDFPageObj_GetMatrix", ctypes.c_int)
_count_segments = _c_function("FPDFPath_CountSegments", ctypes.c_int)
_path_segment = _c_function("FPDFPath_GetPathSegment", ctypes.c_void_p)
_segment_point = _c_function("FPDFPathSegment_GetPoint", ctypes.c_int)
_segment_type = _c_function("FPDFPathSegment_GetType", ctypes.c_int)
_segment_close = _c_function("FPDFPathSegment_GetClose", ctypes.c_int)
_draw_mode = _c_function("FPDFPath_GetDrawMode", ctypes.c_int)
_image_pixel_size = _c_function("FPDFImageObj_GetImagePixelSize", ctypes.c_int)
_count_chars = _c_function("FPDFText_CountChars", ctypes.c_int)


def _handle(obj) -> ctypes.c_void_p:
    """A pypdfium2 object (``PdfPage``, ``PdfTextPage``) or raw pointer as the
    ``c_void_p`` the functions above take."""
    return ctypes.c_void_p(ctypes.cast(getattr(obj, "raw", obj), ctypes.c_void_p).value)


def _children(parent: ctypes.c_void_p, is_form: bool) -> list[ctypes.c_void_p]:
    """The objects directly in a page or a Form XObject (handles; a NULL one, which
    PDFium never returns for an index below its count, stays: PDFium types it unknown)."""
    if is_form:
        n = _count_form_objects(parent)
        got = [_form_object(parent, ctypes.c_ulong(i)) for i in range(max(n, 0))]
    else:
        n = _count_page_objects(parent)
        got = [_page_object(parent, i) for i in range(max(n, 0))]
    return [ctypes.c_void_p(h) for h in got]


def page_objects(page: pdfium.PdfPage) -> list[tuple[ctypes.c_void_p, int]]:
    """(handle, type) of the objects directly on a page: asked once a page and given to
    ``count_objects`` and ``edges`` (issue 15: each walked the page's objects, most of
    them text objects, one ctypes call per object and per type, again)."""
    return [(obj, _object_type(obj)) for obj in _children(_handle(page), False)]


def count_objects(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, limit: int,
                  top: list[tuple[ctypes.c_void_p, int]] | None = None) -> int:
    """Characters + path segments + images of a page (what pdfplumber would turn
    into objects); stops counting once over ``limit``. ``top``: ``page_objects(page)``."""
    total = _count_chars(_handle(textpage))
    stack = [(_handle(page), False)]
    path, form, text = R.FPDF_PAGEOBJ_PATH, R.FPDF_PAGEOBJ_FORM, R.FPDF_PAGEOBJ_TEXT
    while stack and total <= limit:
        parent, is_form = stack.pop()
        n = _count_form_objects(parent) if is_form else _count_page_objects(parent)
        if n > limit:
            return total + n
        if top is not None and not is_form:
            typed = top
        else:
            typed = [(obj, _object_type(obj)) for obj in _children(parent, is_form)]
        for obj, kind in typed:
            if kind == path:
                total += max(1, _count_segments(obj))
            elif kind == form:
                stack.append((obj, True))
            elif kind != text:
                total += 1
            if total > limit:
                break
    return total


_SKIP = frozenset("\r\n\x00\ufffe\uffff")


def chars(textpage: pdfium.PdfTextPage, geo: Geometry) -> list[dict]:
    """The page's characters, pdfplumber-style (see the module docstring).

    Two PDFium calls per character: its text object and its loose box. The font size
    and the matrix (``size``, ``upright``) are PDFium's per text object (a character's
    matrix is its text object's text matrix times the form's; its font size the
    object's), so they are asked once per text object (issue 15: four calls per
    character were half the page's reading time). ``tests/test_pdf_chars.py``
    compares with asking every character, on every PDF at hand."""
    tp = textpage.raw
    n = R.FPDFText_CountChars(tp)
    if n <= 0:
        return []
    buf = ctypes.create_string_buffer((n + 1) * 2)
    got = R.FPDFText_GetText(tp, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    text = buf.raw[: max(got - 1, 0) * 2].decode("utf-16-le", errors="replace")
    if len(text) != n:  # characters outside the BMP: one index, two UTF-16 units
        text = "".join(chr(R.FPDFText_GetUnicode(tp, i)) for i in range(n))
    handle = ctypes.c_void_p(ctypes.cast(tp, ctypes.c_void_p).value)
    box = (ctypes.c_float * 4)()  # FS_RECTF: left, top, right, bottom
    box_ref, box_values = ctypes.byref(box), memoryview(box).cast("B").cast("f")
    m = R.FS_MATRIX()
    m_ref = ctypes.byref(m)
    text_object, loose_box, generated, char_matrix, font_size = (
        _text_object, _loose_box, _is_generated, _char_matrix, _font_size)
    point = geo.point
    lin = (*geo.ctm[:4], 0, 0)
    upright_page = lin == _ID  # no /Rotate: only a shift (the common case, kept cheap)
    ox, ky = geo.ctm[4] + geo.dx, geo.height + geo.dtop - geo.ctm[5]
    per_object: dict[int, tuple[float, bool]] = {}
    out: list[dict] = []
    append = out.append
    for i, t in enumerate(text):
        if t in _SKIP or (t.isspace() and generated(handle, i)):
            continue
        obj = text_object(handle, i)
        style = per_object.get(obj) if obj else None
        if style is None:
            char_matrix(handle, i, m_ref)
            fs = font_size(handle, i)
            if upright_page:
                ma, mb, mc, md = m.a, m.b, m.c, m.d
            else:
                ma, mb, mc, md, _, _ = _mul((m.a, m.b, m.c, m.d, 0, 0), lin)
            style = (fs * math.hypot(mc, md), ma * md > 0 and mb * mc <= 0)
            if obj:
                per_object[obj] = style
        loose_box(handle, i, box_ref)
        left, top, right, bottom = box_values
        if upright_page:
            append({"text": t, "x0": left + ox, "x1": right + ox, "top": ky - top, "bottom": ky - bottom,
                    "size": style[0], "upright": style[1]})
            continue
        xa, ta = point(left, top)
        xb, tb = point(right, bottom)
        append({"text": t, "x0": min(xa, xb), "x1": max(xa, xb), "top": min(ta, tb), "bottom": max(ta, tb),
                "size": style[0], "upright": style[1]})
    return out


# -- ruling lines and images ---------------------------------------------------------


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _matrix(obj: ctypes.c_void_p) -> Matrix:
    m = R.FS_MATRIX()
    if not _object_matrix(obj, ctypes.byref(m)):
        return _ID
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _objects(page: pdfium.PdfPage, top: list[tuple[ctypes.c_void_p, int]] | None = None):
    """(object, type, matrix to page space) for every object, inside forms too.
    ``top``: ``page_objects(page)``, when the caller has them."""
    stack = [(_handle(page), False, _ID)]
    while stack:
        parent, is_form, outer = stack.pop()
        if top is not None and not is_form:
            typed = top
        else:
            typed = [(obj, _object_type(obj)) for obj in _children(parent, is_form)]
        for obj, kind in typed:
            if kind == R.FPDF_PAGEOBJ_FORM:
                stack.append((obj, True, _mul(_matrix(obj), outer)))
            elif kind in (R.FPDF_PAGEOBJ_PATH, R.FPDF_PAGEOBJ_IMAGE):
                yield obj, kind, outer


def _subpaths(obj, m: Matrix, geo: Geometry) -> list[list[tuple[str, tuple[float, float]]]]:
    """A path object as pdfminer sees it: subpaths of (operator, end point), with an
    ``h`` for a closed subpath; Bézier control points dropped, points in top-left
    page coordinates, rounded so that equal coordinates compare equal."""
    a, b, c, d, e, f = _mul(m, geo.ctm)
    dx, top0 = geo.dx, geo.height + geo.dtop
    x, y = ctypes.c_float(), ctypes.c_float()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    moveto, bezierto = R.FPDF_SEGMENT_MOVETO, R.FPDF_SEGMENT_BEZIERTO
    out: list[list[tuple[str, tuple[float, float]]]] = []
    cur: list[tuple[str, tuple[float, float]]] = []
    bezier = 0
    for j in range(_count_segments(obj)):
        seg = ctypes.c_void_p(_path_segment(obj, j))  # NULL (never for j < count): PDFium says so below
        _segment_point(seg, x_ref, y_ref)
        px, py = x.value, y.value
        pt = (round(a * px + c * py + e + dx, 3), round(top0 - (b * px + d * py + f), 3))
        kind = _segment_type(seg)
        if kind == moveto:
            if cur:
                out.append(cur)
            cur, bezier = [("m", pt)], 0
        elif kind == bezierto:
            bezier += 1
            if bezier % 3 == 0:
                cur.append(("c", pt))
        else:
            cur.append(("l", pt))
        if _segment_close(seg) and cur:
            cur.append(("h", cur[0][1]))
    if cur:
        out.append(cur)
    return out


def _shape_objects(path: list[tuple[str, tuple[float, float]]], height: float) -> list[dict]:
    """pdfminer's ``paint_path`` for one subpath: a line, a rectangle or a curve, as
    pdfplumber object dicts (only the keys its edge functions read)."""
    shape = "".join(op for op, _ in path)
    pts = [p for _, p in path]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop(-2)
    if shape in ("mlh", "ml"):
        return [_obj("line", pts[:2], height)]
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == pts[4] and square:
            return [_obj("rect", [pts[0], pts[2]], height)]
    if len(pts) < 2:
        return []
    return [_obj("curve", pts, height)]


def _obj(kind: str, pts: list[tuple[float, float]], height: float) -> dict:
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    o = {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
         "y0": height - bottom, "y1": height - top, "width": x1 - x0, "height": bottom - top}
    if kind == "curve":
        o["pts"] = pts
    return o


def edges(page: pdfium.PdfPage, geo: Geometry,
          top: list[tuple[ctypes.c_void_p, int]] | None = None) -> tuple[list[dict], list[dict]]:
    """(pdfplumber edges of every painted path, images with their boxes and pixel sizes).
    ``top``: ``page_objects(page)``, when the caller has them."""
    from .pdf_tables import obj_to_edges

    out: list[dict] = []
    images: list[dict] = []
    w, h = ctypes.c_uint(), ctypes.c_uint()
    for obj, kind, outer in _objects(page, top):
        m = _mul(_matrix(obj), outer)
        if kind == R.FPDF_PAGEOBJ_IMAGE:
            corners = [geo.point(m[4] + m[0] * u + m[2] * v, m[5] + m[1] * u + m[3] * v) for u in (0, 1) for v in (0, 1)]
            xs, tops = [p[0] for p in corners], [p[1] for p in corners]
            src = (w.value, h.value) if _image_pixel_size(obj, ctypes.byref(w), ctypes.byref(h)) else (0, 0)
            images.append({"x0": min(xs), "x1": max(xs), "top": min(tops), "bottom": max(tops), "srcsize": src})
            continue
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        if _draw_mode(obj, ctypes.byref(fill), ctypes.byref(stroke)) and not fill.value and not stroke.value:
            continue  # pdfminer does not paint a path ended with `n`
        for sub in _subpaths(obj, m, geo):
            for o in _shape_objects(sub, geo.height):
                out.extend(obj_to_edges(o))
    return out, images


def find_tables(edge_list: list[dict], width: float, height: float) -> list:
    """The ruled tables pdfplumber's ``TableFinder`` (default settings) finds on a page
    with ``edge_list`` (``pdf_tables``: its algorithm, without importing pdfplumber)."""
    from .pdf_tables import find_tables as tables

    return tables(edge_list)


class PdfiumPages:
    """The pages of one PDF, opened with PDFium; the same limits as the pdfplumber engine."""

    def __init__(self, path: str, limits) -> None:
        from ..errors import ReadError
        from .pdf_page import open_error

        self.limits = limits
        LOCK.acquire()  # held until close()
        try:
            self.doc = pdfium.PdfDocument(path)
        except pdfium.PdfiumError as e:
            LOCK.release()
            raise open_error(str(e)) from e
        except BaseException:
            LOCK.release()
            raise
        self.n_pages = len(self.doc)
        if self.n_pages > limits.max_pages:
            self.close()
            raise ReadError("too-many-pages", f"页数过多（{self.n_pages} 页，上限 {limits.max_pages} 页）")

    def __iter__(self):
        from ..errors import ReadError
        from .pdf_page import PageData
        from .pdf_scan import DocumentBudget

        cap = self.limits.max_page_objects
        budget = DocumentBudget(self.limits)
        for index in range(self.n_pages):
            page = self.doc[index]
            try:
                geo = Geometry(page)
                textpage = page.get_textpage()
                top = page_objects(page) if _count_page_objects(_handle(page)) <= cap else None
                try:
                    k = count_objects(page, textpage, cap, top)
                    if k > cap:
                        raise ReadError("too-complex", f"第 {index + 1} 页内容过于复杂（{k} 个对象，上限 {cap} 个）")
                    budget.add(index + 1, k)
                    page_chars = chars(textpage, geo)
                finally:
                    textpage.close()
                edge_list, images = edges(page, geo, top)
            finally:
                page.close()
            yield PageData(index + 1, geo.width, geo.height, [c for c in page_chars if c["upright"]], images,
                           lambda e=edge_list, g=geo: find_tables(e, g.width, g.height))

    def render(self, index: int, scale: float):
        return self.doc[index].render(scale=scale, grayscale=True).to_pil()

    def close(self) -> None:
        try:
            self.doc.close()
        finally:
            LOCK.release()
