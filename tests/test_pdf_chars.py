"""PDFium's characters as ``pdf_pdfium.chars`` reads them (two calls per character,
the font size and matrix once per text object) equal what asking PDFium every
character for its box, matrix and font size gives (issue 15), on every PDF at hand:
samples/, ../shared/seeds, ../shared/corpus/docs, the crafted pages of the engine
tests (``/Rotate``, MediaBox off the origin, forms) and the hostile corpus."""
from __future__ import annotations

import ctypes
import math
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as R
import pytest
from hostile_corpus import busy_pdf, deep_pdf, image_pdf, text_pdf
from test_pdf_engines import _page_pdf

from extractor.readers import pdf_pdfium as P

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = [ROOT / "samples", ROOT.parent / "shared" / "seeds", ROOT.parent / "shared" / "corpus" / "docs"]
REAL = sorted(p for d in FOLDERS if d.is_dir() for p in d.rglob("*.pdf"))


def per_character(textpage: pdfium.PdfTextPage, geo: P.Geometry) -> list[dict]:
    """The reference: every property asked of every character (the reader before
    issue 15, with its own text: one ``GetUnicode`` per character)."""
    tp = textpage.raw
    n = R.FPDFText_CountChars(tp)
    if n <= 0:
        return []
    text = "".join(chr(R.FPDFText_GetUnicode(tp, i)) for i in range(n))
    rect, m = R.FS_RECTF(), R.FS_MATRIX()
    lin = (*geo.ctm[:4], 0, 0)
    upright_page = lin == P._ID
    ox, ky = geo.ctm[4] + geo.dx, geo.height + geo.dtop - geo.ctm[5]
    out = []
    for i, t in enumerate(text):
        if t in "\r\n\x00\ufffe\uffff" or (t.isspace() and R.FPDFText_IsGenerated(tp, i)):
            continue
        R.FPDFText_GetLooseCharBox(tp, i, rect)
        R.FPDFText_GetMatrix(tp, i, m)
        fs = R.FPDFText_GetFontSize(tp, i)
        if upright_page:
            ma, mb, mc, md = m.a, m.b, m.c, m.d
            out.append({"text": t, "x0": rect.left + ox, "x1": rect.right + ox, "top": ky - rect.top,
                        "bottom": ky - rect.bottom, "size": fs * math.hypot(mc, md),
                        "upright": ma * md > 0 and mb * mc <= 0})
            continue
        xa, ta = geo.point(rect.left, rect.top)
        xb, tb = geo.point(rect.right, rect.bottom)
        ma, mb, mc, md, _, _ = P._mul((m.a, m.b, m.c, m.d, 0, 0), lin)
        out.append({"text": t, "x0": min(xa, xb), "x1": max(xa, xb), "top": min(ta, tb), "bottom": max(ta, tb),
                    "size": fs * math.hypot(mc, md), "upright": ma * md > 0 and mb * mc <= 0})
    return out


def _compare(path: Path) -> int:
    doc = pdfium.PdfDocument(str(path))
    n = 0
    try:
        for page in doc:
            geo = P.Geometry(page)
            tp = page.get_textpage()
            try:
                got, ref = P.chars(tp, geo), per_character(tp, geo)
            finally:
                tp.close()
                page.close()
            assert got == ref, path.name  # the same floats, not approximately
            n += len(got)
    finally:
        doc.close()
    return n


def test_there_are_real_pdfs() -> None:
    assert len(REAL) >= 10


@pytest.mark.parametrize("path", REAL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_pdfs(path: Path) -> None:
    assert _compare(path) > 0


@pytest.mark.parametrize("kw", [
    {}, {"in_form": True}, {"rotate": 90}, {"rotate": 180}, {"rotate": 270},
    {"mediabox": "50 80 450 380"}, {"in_form": True, "mediabox": "50 80 450 380", "rotate": 270},
], ids=lambda kw: "-".join(f"{k}={v}" for k, v in kw.items()) or "plain")
def test_crafted_pages(tmp_path: Path, kw: dict) -> None:
    assert _compare(_page_pdf(tmp_path, "page", **kw)) > 0


@pytest.mark.parametrize("make", [lambda: text_pdf(pages=3), image_pdf, lambda: busy_pdf(2000), lambda: deep_pdf(50)],
                         ids=["text", "image", "busy", "deep"])
def test_hostile_pages(tmp_path: Path, make) -> None:
    p = tmp_path / "h.pdf"
    p.write_bytes(make())
    _compare(p)


def test_the_fast_calls_are_the_raw_functions(tmp_path: Path) -> None:
    """Called without argument conversion, they answer as pypdfium2.raw's own."""
    p = _page_pdf(tmp_path, "page")
    doc = pdfium.PdfDocument(str(p))
    page = doc[0]
    tp = page.get_textpage()
    try:
        handle = ctypes.c_void_p(ctypes.cast(tp.raw, ctypes.c_void_p).value)
        box = (ctypes.c_float * 4)()
        rect = R.FS_RECTF()
        for i in range(R.FPDFText_CountChars(tp.raw)):
            assert P._loose_box(handle, i, ctypes.byref(box)) == R.FPDFText_GetLooseCharBox(tp.raw, i, rect)
            assert list(box) == [rect.left, rect.top, rect.right, rect.bottom]
            assert P._text_object(handle, i) == ctypes.cast(R.FPDFText_GetTextObject(tp.raw, i), ctypes.c_void_p).value
            assert P._is_generated(handle, i) == R.FPDFText_IsGenerated(tp.raw, i)
            assert P._font_size(handle, i) == R.FPDFText_GetFontSize(tp.raw, i)
            m, m2 = R.FS_MATRIX(), R.FS_MATRIX()
            assert P._char_matrix(handle, i, ctypes.byref(m)) == R.FPDFText_GetMatrix(tp.raw, i, m2)
            assert (m.a, m.b, m.c, m.d, m.e, m.f) == (m2.a, m2.b, m2.c, m2.d, m2.e, m2.f)
    finally:
        tp.close()
        page.close()
        doc.close()


# -- objects, paths and images (the same fast calls) --------------------------------------


def _reference_edges(page, geo: P.Geometry) -> tuple[list, list]:
    """``edges`` as it read with pypdfium2.raw's own calls (before issue 15)."""
    from pdfplumber.utils import obj_to_edges

    def children(parent, is_form):
        n = R.FPDFFormObj_CountObjects(parent) if is_form else R.FPDFPage_CountObjects(parent)
        get = R.FPDFFormObj_GetObject if is_form else R.FPDFPage_GetObject
        return [get(parent, i) for i in range(n)]

    def matrix(obj):
        m = R.FS_MATRIX()
        return (m.a, m.b, m.c, m.d, m.e, m.f) if R.FPDFPageObj_GetMatrix(obj, m) else P._ID

    def objects():
        stack = [(page, False, P._ID)]
        while stack:
            parent, is_form, outer = stack.pop()
            for obj in children(parent, is_form):
                kind = R.FPDFPageObj_GetType(obj)
                if kind == R.FPDF_PAGEOBJ_FORM:
                    stack.append((obj, True, P._mul(matrix(obj), outer)))
                elif kind in (R.FPDF_PAGEOBJ_PATH, R.FPDF_PAGEOBJ_IMAGE):
                    yield obj, kind, outer

    def subpaths(obj, m):
        a, b, c, d, e, f = P._mul(m, geo.ctm)
        x, y = ctypes.c_float(), ctypes.c_float()
        out, cur, bezier = [], [], 0
        for j in range(R.FPDFPath_CountSegments(obj)):
            seg = R.FPDFPath_GetPathSegment(obj, j)
            R.FPDFPathSegment_GetPoint(seg, x, y)
            pt = (round(a * x.value + c * y.value + e + geo.dx, 3),
                  round(geo.height + geo.dtop - (b * x.value + d * y.value + f), 3))
            kind = R.FPDFPathSegment_GetType(seg)
            if kind == R.FPDF_SEGMENT_MOVETO:
                if cur:
                    out.append(cur)
                cur, bezier = [("m", pt)], 0
            elif kind == R.FPDF_SEGMENT_BEZIERTO:
                bezier += 1
                if bezier % 3 == 0:
                    cur.append(("c", pt))
            else:
                cur.append(("l", pt))
            if R.FPDFPathSegment_GetClose(seg) and cur:
                cur.append(("h", cur[0][1]))
        if cur:
            out.append(cur)
        return out

    out, images = [], []
    w, h = ctypes.c_uint(), ctypes.c_uint()
    for obj, kind, outer in objects():
        m = P._mul(matrix(obj), outer)
        if kind == R.FPDF_PAGEOBJ_IMAGE:
            corners = [geo.point(m[4] + m[0] * u + m[2] * v, m[5] + m[1] * u + m[3] * v) for u in (0, 1) for v in (0, 1)]
            xs, tops = [p[0] for p in corners], [p[1] for p in corners]
            src = (w.value, h.value) if R.FPDFImageObj_GetImagePixelSize(obj, w, h) else (0, 0)
            images.append({"x0": min(xs), "x1": max(xs), "top": min(tops), "bottom": max(tops), "srcsize": src})
            continue
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        if R.FPDFPath_GetDrawMode(obj, fill, stroke) and not fill.value and not stroke.value:
            continue
        for sub in subpaths(obj, m):
            for o in P._shape_objects(sub, geo.height):
                out.extend(obj_to_edges(o))
    return out, images


def _reference_count(page, textpage, limit: int) -> int:
    total = R.FPDFText_CountChars(textpage)
    stack = [(page, False)]
    while stack and total <= limit:
        parent, is_form = stack.pop()
        n = R.FPDFFormObj_CountObjects(parent) if is_form else R.FPDFPage_CountObjects(parent)
        if n > limit:
            return total + n
        get = R.FPDFFormObj_GetObject if is_form else R.FPDFPage_GetObject
        for i in range(n):
            obj = get(parent, i)
            kind = R.FPDFPageObj_GetType(obj)
            if kind == R.FPDF_PAGEOBJ_PATH:
                total += max(1, R.FPDFPath_CountSegments(obj))
            elif kind == R.FPDF_PAGEOBJ_FORM:
                stack.append((obj, True))
            elif kind != R.FPDF_PAGEOBJ_TEXT:
                total += 1
            if total > limit:
                break
    return total


def _compare_objects(path: Path) -> int:
    doc = pdfium.PdfDocument(str(path))
    n = 0
    try:
        for page in doc:
            geo = P.Geometry(page)
            tp = page.get_textpage()
            try:
                for limit in (10, 1000, 10**7):
                    assert P.count_objects(page, tp, limit) == _reference_count(page, tp, limit)
                got = P.edges(page, geo)
                assert got == _reference_edges(page, geo), path.name
                n += len(got[0]) + len(got[1])
            finally:
                tp.close()
                page.close()
    finally:
        doc.close()
    return n


@pytest.mark.parametrize("path", REAL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_objects(path: Path) -> None:
    _compare_objects(path)


def test_real_pdfs_have_edges() -> None:
    assert sum(_compare_objects(p) for p in REAL[:6]) > 0


@pytest.mark.parametrize("kw", [{}, {"table": "lines"}, {"in_form": True}, {"rotate": 90},
                                {"in_form": True, "mediabox": "50 80 450 380", "rotate": 270}],
                         ids=lambda kw: "-".join(f"{k}={v}" for k, v in kw.items()) or "plain")
def test_crafted_objects(tmp_path: Path, kw: dict) -> None:
    assert _compare_objects(_page_pdf(tmp_path, "page", **kw)) > 0


@pytest.mark.parametrize("make", [image_pdf, lambda: busy_pdf(2000), lambda: deep_pdf(50)], ids=["image", "busy", "deep"])
def test_hostile_objects(tmp_path: Path, make) -> None:
    p = tmp_path / "h.pdf"
    p.write_bytes(make())
    _compare_objects(p)
