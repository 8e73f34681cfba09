"""PDF pages read with pdfplumber (pdfminer): the reference engine.

Slower than PDFium by about 10× (pdfminer builds every character object in
Python), but it is what the rules were developed against; ``--pdf-engine
pdfplumber`` forces it, and ``auto`` falls back to it for a file PDFium
cannot open.
"""
from __future__ import annotations

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
    to read in reasonable time (a 2,000-page PDF; a page of 100,000 objects; a
    form drawn in forms; a Flate bomb; 500 busy pages).
    Refused rather than half-read: a report checked up to page 500 would pass
    as checked. Only the page's object counts are read here (pdfminer parses
    the page once and caches it for ``_read``)."""
    from .pdf_scan import DocumentBudget, check_document

    n = len(pdf.pages)
    if n > limits.max_pages:
        raise ReadError("too-many-pages", f"页数过多（{n} 页，上限 {limits.max_pages} 页）")
    # estimated from the content streams first: pdfminer needs ~0.2 ms per
    # object, so counting 100,000 parsed objects would itself take 20 s
    estimates = check_document(pdf.doc, limits)
    budget = DocumentBudget(limits)
    for pno, page in enumerate(pdf.pages, start=1):
        k = estimates[pno - 1] if pno <= len(estimates) else 0
        if k <= limits.max_page_objects:
            k = sum(len(v) for v in page.objects.values())
        if k > limits.max_page_objects:
            raise ReadError("too-complex", f"第 {pno} 页内容过于复杂（{k} 个对象，上限 {limits.max_page_objects} 个）")
        budget.add(pno, k)
