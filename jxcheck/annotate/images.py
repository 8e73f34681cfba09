"""``--html-images``: beside each PDF finding in the HTML report, the region of its page
with the figures boxed, so a reviewer without a PDF reader sees them where they are
printed. Rendered with pypdfium2 from the figures' character boxes
(``extractor.readers.pdf_boxes``) and embedded as ``data:`` URIs: the page stays one
self-contained file (a 4-bit PNG at 144 dpi, the page's width: 5–30 KB, about 30 ms an image)."""
from __future__ import annotations

import base64
import io

from rules.finding import Finding

from ..result import FileResult
from .pdf import figure_rects

SCALE = 2.0  # 144 dpi
MARGIN = 36.0  # points above and below the figures
_GREYS = 15
BOX = {"error": (198, 40, 40), "warning": (239, 108, 0), "info": (2, 119, 189)}


class PageImages:
    """Called by the HTML reporter once per file: ``{id(finding): [(data URI, alt)]}``."""

    def __init__(self, limits=None) -> None:
        from extractor.readers.limits import DEFAULT_LIMITS

        self.limits = limits or DEFAULT_LIMITS

    def __call__(self, r: FileResult) -> dict[int, list[tuple[str, str]]]:
        if r.unreadable or r.skipped or r.format != "pdf" or not r.findings:
            return {}
        try:
            return self._images(r)
        except Exception:  # noqa: BLE001 - an image that cannot be made leaves the text as it is
            return {}

    def _images(self, r: FileResult) -> dict[int, list[tuple[str, str]]]:
        import pypdfium2 as pdfium

        from extractor.readers.pdf_boxes import read_boxes
        from extractor.readers.pdf_pdfium import LOCK

        doc, boxes = read_boxes(r.path, self.limits)
        out: dict[int, list[tuple[str, str]]] = {}
        with LOCK:
            pdf = pdfium.PdfDocument(r.path)
            try:
                rendered: dict[int, tuple] = {}  # page -> (page, its grey image): each page rendered once
                for f in r.findings:
                    evs = [e for e in f.evidence if e.file is None]
                    for page_no, rects in sorted(figure_rects(doc, boxes, evs).items()):
                        if page_no not in rendered:
                            page = pdf[page_no - 1]
                            rendered[page_no] = (page, page.render(scale=SCALE, draw_annots=False,
                                                                   grayscale=True).to_pil().convert("L"))
                        for band in bands(rects):
                            img = _region(*rendered[page_no], band, f)
                            out.setdefault(id(f), []).append((img, f"第{page_no}页 {f.rule}"))
            finally:
                pdf.close()
        return out


def bands(rects: list, gap: float = 4 * MARGIN) -> list[list]:
    """The boxes of one page in bands, a new band where the next box is more than
    ``gap`` points below the last: two figures half a page apart give two small images,
    not one of the half page between them."""
    out: list[list] = []
    for r in sorted(rects, key=lambda r: r[2]):
        if out and r[2] - max(b[4] for b in out[-1]) <= gap:
            out[-1].append(r)
        else:
            out.append([r])
    return out


def _region(page, grey, rects, f: Finding) -> str:
    """The page's full width, from a little above the first figure to a little below the
    last, the figures boxed in the severity's colour; a PNG data URI."""
    import pypdfium2.raw as R
    from PIL import Image, ImageDraw

    from .pdf import page_geometry, to_user

    mb = page.get_mediabox()
    geo = page_geometry(mb, max(R.FPDFPage_GetRotation(page), 0) * 90)
    sx, sy = grey.width, grey.height

    def device(x: float, top: float) -> tuple[float, float]:
        ux, uy = to_user(geo, x, top)
        dx, dy = R.c_int(), R.c_int()
        R.FPDF_PageToDevice(page, 0, 0, sx, sy, 0, ux, uy, dx, dy)
        return dx.value, dy.value

    boxes = []
    for _, x0, top, x1, bottom in rects:
        (ax, ay), (bx, by) = device(x0, top), device(x1, bottom)
        boxes.append((min(ax, bx) - 3, min(ay, by) - 3, max(ax, bx) + 3, max(ay, by) + 3))
    # 15 grey levels for the page and one palette entry for the boxes: a 4-bit PNG
    img = Image.frombytes("P", grey.size, grey.point(lambda v: round(v * (_GREYS - 1) / 255)).tobytes())
    img.putpalette([g for i in range(_GREYS) for g in (round(i * 255 / (_GREYS - 1)),) * 3]
                   + list(BOX.get(f.severity, BOX["warning"])))
    draw = ImageDraw.Draw(img)
    for b in boxes:
        draw.rectangle(b, outline=_GREYS, width=3)
    y0 = max(0, int(min(b[1] for b in boxes) - MARGIN * SCALE))
    y1 = min(sy, int(max(b[3] for b in boxes) + MARGIN * SCALE))
    buf = io.BytesIO()
    img.crop((0, y0, sx, y1)).save(buf, format="PNG", compress_level=6, bits=4)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
