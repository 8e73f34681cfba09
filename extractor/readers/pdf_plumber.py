"""PDF pages read with pdfplumber (pdfminer): the reference engine.

Slower than PDFium by about 10× (pdfminer builds every character object in
Python), but it is what the rules were developed against; ``--pdf-engine
pdfplumber`` forces it, and ``auto`` falls back to it for a file PDFium
cannot open.
"""
from __future__ import annotations

import re

from ..errors import ReadError
from .limits import ReadLimits
from .pdf_page import PageData, open_error


class PlumberPages:
    """The pages of one PDF, opened with pdfplumber; limits checked on open."""

    def __init__(self, path: str, limits: ReadLimits) -> None:
        self.path, self.limits = path, limits
        self.pdf = _open(path)
        self._pdfium = None
        try:
            _check_pages(self.pdf, limits)
        except BaseException:
            self.pdf.close()
            raise
        self.n_pages = len(self.pdf.pages)

    def __iter__(self):
        for pno, page in enumerate(self.pdf.pages, start=1):
            chars = [c for c in page.chars if c.get("upright", True) and c["text"] and c["text"] != "\x00"]
            ruled = bool(page.rects or page.lines or page.curves)
            yield PageData(pno, float(page.width), float(page.height), chars, list(page.images),
                           page.find_tables if ruled else list)

    def render(self, index: int, scale: float):
        """Page ``index`` as a greyscale PIL image (PDFium renders; pdfplumber cannot)."""
        if self._pdfium is None:
            from .pdf_pdfium import PdfiumPages

            self._pdfium = PdfiumPages(self.path, self.limits)
        return self._pdfium.render(index, scale)

    def close(self) -> None:
        if self._pdfium is not None:
            self._pdfium.close()
        self.pdf.close()


def _open(path: str):
    import pdfplumber

    try:
        pdf = pdfplumber.open(path)
        pdf.pages  # noqa: B018 — forces the page tree to be parsed
        return pdf
    except Exception as e:  # pdfminer wraps everything; look at the chain
        chain = []
        x: BaseException | None = e
        while x is not None:
            chain.append(f"{type(x).__name__} {x!r}")
            x = x.__cause__ or x.__context__ or (x.args[0] if x.args and isinstance(x.args[0], BaseException) else None)
            if len(chain) > 6:
                break
        raise open_error(" ".join(chain)) from e


def _check_pages(pdf, limits: ReadLimits) -> None:
    """Refuse, before any page is parsed, a PDF too long or with a page too busy
    to read in reasonable time (a 2,000-page PDF; a page of 100,000 objects).
    Refused rather than half-read: a report checked up to page 500 would pass
    as checked. Only the page's object counts are read here (pdfminer parses
    the page once and caches it for ``_read``)."""
    n = len(pdf.pages)
    if n > limits.max_pages:
        raise ReadError("too-many-pages", f"页数过多（{n} 页，上限 {limits.max_pages} 页）")
    for pno, page in enumerate(pdf.pages, start=1):
        # estimated from the content stream first: pdfminer needs ~0.2 ms per
        # object, so counting 100,000 parsed objects would itself take 20 s
        k = _estimate_objects(page.page_obj, limits.max_page_objects)
        if k <= limits.max_page_objects:
            k = sum(len(v) for v in page.objects.values())
        if k > limits.max_page_objects:
            raise ReadError("too-complex", f"第 {pno} 页内容过于复杂（{k} 个对象，上限 {limits.max_page_objects} 个）")


_OPS = re.compile(rb"(?<![A-Za-z0-9#/.])(?:re|l|c|v|y|Do)(?![A-Za-z0-9])")
_STRINGS = re.compile(rb"\((?:\\.|[^\\()])*\)|<[0-9A-Fa-f\s]*>")


def _estimate_objects(page_obj, limit: int) -> int:
    """Path segments, images and shown string bytes in a page's content
    streams: at least as many as the objects pdfplumber would make of them.
    Only unfiltered and Flate streams are looked at, decompressed in bounded
    steps (a content stream can itself be a deflate bomb); 0 when unknown."""
    import zlib

    from pdfminer.pdftypes import resolve1

    total = 0
    contents = page_obj.contents if isinstance(page_obj.contents, list) else [page_obj.contents]
    for ref in contents:
        st = resolve1(ref)
        filters = [resolve1(f) for f in st.get_filters()] if hasattr(st, "get_filters") else None
        if filters is None:
            continue
        names = [getattr(f[0] if isinstance(f, tuple) else f, "name", "") for f in filters]
        if names not in ([], ["FlateDecode"]):
            continue
        raw = st.rawdata if st.rawdata is not None else b""
        d = zlib.decompressobj() if names else None
        pos, cap = 0, 64 * 1024 * 1024
        carry = b""
        while pos < len(raw) and cap > 0:
            piece = raw[pos : pos + (1 << 20)]
            pos += len(piece)
            try:
                data = d.decompress(piece, cap) if d else piece
            except zlib.error:
                break
            cap -= len(data)
            data = carry + data
            cut = max(data.rfind(b"\n"), 0)
            head, carry = data[:cut], data[cut:]
            total += len(_OPS.findall(head))
            total += sum(len(m) - 2 for m in _STRINGS.findall(head))
            if total > limit:
                return total
        total += len(_OPS.findall(carry)) + sum(len(m) - 2 for m in _STRINGS.findall(carry))
    return total


