"""A small OFD (GB/T 33190) writer for the tests: zip + XML, as OFD producers lay it out.

``from_pdf`` re-typesets a PDF's pages as OFD: every run of characters on one
baseline becomes a ``TextObject`` with a ``TextCode`` (X/Y and ``DeltaX``, with
the ``g N d`` shorthand for repeated advances), every ruling line PDFium finds a
``PathObject``. ``from_lines`` sets plain text lines on A4 pages. Coordinates are
millimetres, top-left origin, as OFD has them.
"""
from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

NS = "http://www.ofdspec.org/2016"
MM = 72 / 25.4


def _fmt(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return s if s not in ("", "-0") else "0"


def _delta(xs: list[float]) -> str:
    """Advances between glyph origins, equal neighbours written ``g N d``."""
    d = [_fmt(b - a) for a, b in zip(xs, xs[1:], strict=False)]
    out: list[str] = []
    i = 0
    while i < len(d):
        j = i
        while j + 1 < len(d) and d[j + 1] == d[i]:
            j += 1
        n = j - i + 1
        out.append(f"g {n} {d[i]}" if n >= 3 else " ".join([d[i]] * n))
        i = j + 1
    return " ".join(out)


def text_object(oid: int, chars: list[dict]) -> str:
    """One run of characters (pdfplumber-style dicts in points) on one baseline."""
    size = chars[0]["size"] / MM
    base = chars[0]["bottom"] / MM - 0.12 * size
    xs = [c["x0"] / MM for c in chars]
    bx, by = xs[0], base - size
    w = chars[-1]["x1"] / MM - bx
    text = escape("".join(c["text"] for c in chars))
    return (f'<ofd:TextObject ID="{oid}" Boundary="{_fmt(bx)} {_fmt(by)} {_fmt(w)} {_fmt(size * 1.2)}" '
            f'Font="1" Size="{_fmt(size)}"><ofd:FillColor Value="0 0 0"/>'
            f'<ofd:TextCode X="0" Y="{_fmt(base - by)}" DeltaX="{_delta(xs)}">{text}</ofd:TextCode></ofd:TextObject>')


def line_object(oid: int, x0: float, y0: float, x1: float, y1: float) -> str:
    """A stroked ruling line, in mm."""
    bx, by = min(x0, x1), min(y0, y1)
    return (f'<ofd:PathObject ID="{oid}" Boundary="{_fmt(bx)} {_fmt(by)} {_fmt(abs(x1 - x0))} {_fmt(abs(y1 - y0))}" '
            f'LineWidth="0.25"><ofd:AbbreviatedData>M {_fmt(x0 - bx)} {_fmt(y0 - by)} '
            f'L {_fmt(x1 - bx)} {_fmt(y1 - by)}</ofd:AbbreviatedData></ofd:PathObject>')


def page_xml(objects: list[str], box: tuple[float, float] | None = None) -> str:
    area = f"<ofd:Area><ofd:PhysicalBox>0 0 {_fmt(box[0])} {_fmt(box[1])}</ofd:PhysicalBox></ofd:Area>" if box else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}">{area}<ofd:Content>'
            f'<ofd:Layer ID="2">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>')


def package(pages: list[str], extra: dict[str, bytes] | None = None, doctype: str = "") -> bytes:
    """The OFD package: OFD.xml → Doc_0/Document.xml → Doc_0/Pages/Page_N/Content.xml."""
    buf = io.BytesIO()
    page_refs = "".join(f'<ofd:Page ID="{10 + i}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages)))
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<ofd:OFD xmlns:ofd="{NS}" Version="1.0" '
                              f'DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>jxcheck-test</ofd:DocID>'
                              f'</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
        z.writestr("Doc_0/Document.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}">'
                                         f'<ofd:CommonData><ofd:MaxUnitID>999999</ofd:MaxUnitID><ofd:PageArea>'
                                         f'<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>'
                                         f'<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>'
                                         f'<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>')
        z.writestr("Doc_0/PublicRes.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" '
                                          f'BaseLoc="Res"><ofd:Fonts><ofd:Font ID="1" FontName="宋体" '
                                          f'FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
        for i, p in enumerate(pages):
            z.writestr(f"Doc_0/Pages/Page_{i}/Content.xml", p)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def _runs(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped into runs on one baseline with one size, left to right."""
    rows: dict[tuple[float, float], list[dict]] = {}
    for c in chars:
        if c["text"].strip():
            rows.setdefault((round(c["bottom"], 1), round(c["size"], 2)), []).append(c)
    out = []
    for key in sorted(rows):
        row = sorted(rows[key], key=lambda c: c["x0"])
        run = [row[0]]
        for c in row[1:]:
            if c["x0"] - run[-1]["x1"] > 3 * c["size"]:  # a wide gap: a new object (a table's next cell)
                out.append(run)
                run = [c]
            else:
                run.append(c)
        out.append(run)
    return out


def from_pdf(path: str) -> bytes:
    """The PDF's pages as OFD: its characters (PDFium) and its ruling lines."""
    import pypdfium2 as pdfium

    from extractor.readers.pdf_pdfium import Geometry, chars, edges

    pages = []
    pdf = pdfium.PdfDocument(path)
    try:
        for page in pdf:
            geo = Geometry(page)
            tp = page.get_textpage()
            cs = chars(tp, geo)
            tp.close()
            es, _ = edges(page, geo)
            objs = []
            oid = 100
            for run in _runs([c for c in cs if c["upright"]]):
                objs.append(text_object(oid, run))
                oid += 1
            for e in es:
                objs.append(line_object(oid, e["x0"] / MM, e["top"] / MM, e["x1"] / MM, e["bottom"] / MM))
                oid += 1
            pages.append(page_xml(objs, (geo.width / MM, geo.height / MM)))
            page.close()
    finally:
        pdf.close()
    return package(pages)


def from_lines(lines: list[str], size_mm: float = 3.7, per_page: int = 40) -> bytes:
    """Plain text lines set on A4 pages, one TextObject per line, left margin 25 mm."""
    pages = []
    for start in range(0, max(len(lines), 1), per_page):
        objs = []
        for k, ln in enumerate(lines[start:start + per_page]):
            if not ln.strip():
                continue
            y = 30 + k * size_mm * 1.6
            objs.append(f'<ofd:TextObject ID="{100 + k}" Boundary="25 {_fmt(y)} 160 {_fmt(size_mm * 1.3)}" Font="1" '
                        f'Size="{_fmt(size_mm)}"><ofd:TextCode X="0" Y="{_fmt(size_mm)}" '
                        f'DeltaX="g {max(len(ln) - 1, 1)} {_fmt(size_mm)}">{escape(ln)}</ofd:TextCode></ofd:TextObject>')
        pages.append(page_xml(objs))
    return package(pages)
