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
