"""Untrusted submissions, round two (issue 14): PDF and image bombs inside the
documented limits, budgets per document, the DOCTYPE guard on every part.

Every file is generated here and small. A case that used to take gigabytes is
read in a child process under an address-space cap, so on a reader without
the bound the test fails (MemoryError, killed) instead of taking the machine.
"""
from __future__ import annotations

import io
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from hostile_corpus import _stream, pdf_bytes

from extractor.errors import ReadError
from extractor.readers import read
from extractor.readers.limits import ReadLimits

ROOT = Path(__file__).resolve().parent.parent
ENGINES = ["pdfium", "pdfplumber"]
_FONT = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"

_CHILD = """
import resource, sys
sys.path.insert(0, {root!r})
resource.setrlimit(resource.RLIMIT_AS, ({cap} << 20, {cap} << 20))
from extractor.errors import ReadError
from extractor.readers import read
from extractor.readers.limits import ReadLimits
try:
    d = read({path!r}, ReadLimits(pdf_engine={engine!r}))
    print("ok", len(d.text))
except ReadError as e:
    print("error", e.code, e.reason)
"""


def read_capped(path: Path, engine: str = "auto", cap_mb: int = 1500, timeout: float = 120) -> tuple[str, ...]:
    """('ok', n_chars) or ('error', code, reason), read in a child under ``cap_mb`` of address space."""
    code = _CHILD.format(root=str(ROOT), cap=cap_mb, path=str(path), engine=engine)
    try:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{path.name} ({engine}): not done in {timeout:g} s")
    assert out.returncode == 0 and out.stdout, f"{path.name} ({engine}): {out.stderr[-500:]}"
    return tuple(out.stdout.strip().split(" ", 2))


def _page(contents: str = "5 0 R", res: str = "/Font << /F1 4 0 R >>", box: str = "0 0 200 200") -> str:
    return f"<< /Type /Page /Parent 2 0 R /MediaBox [{box}] /Contents {contents} /Resources << {res} >> >>"


def _form(body: str, res: str) -> str:
    return (f"<< /Type /XObject /Subtype /Form /BBox [0 0 200 200] /Resources << {res} >> "
            f"/Length {len(body)} >>\nstream\n{body}\nendstream")


def nested_forms_pdf(levels: int = 12, fan: int = 4, text: str = "Budget 1000 2021") -> bytes:
    """A page drawing form X12, which draws X11 ``fan`` times, … X0 draws two characters:
    2.8 KB, fan**levels drawings (4**12 = 16.7 million)."""
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            _page(res="/Font << /F1 4 0 R >> /XObject << /X 6 0 R >>"), _FONT,
            _stream(f"BT /F1 12 Tf 20 150 Td ({text}) Tj ET /X Do")]
    for lv in range(levels, -1, -1):
        n = 6 + (levels - lv)
        if lv == 0:
            objs.append(_form("BT /F1 6 Tf 0 0 Td (ab) Tj ET", "/Font << /F1 4 0 R >>"))
        else:  # side by side, so that no drawing covers another
            draw = " ".join(f"q 1 0 0 1 {i * 8 * fan ** (lv - 1)} 0 cm /X Do Q" for i in range(fan))
            objs.append(_form(draw, f"/XObject << /X {n + 1} 0 R >>"))
    return pdf_bytes(objs)


def busy_pages_pdf(pages: int = 500, chars: int = 95_000) -> bytes:
    """``pages`` pages, each painting the same stream of ``chars`` characters: every
    page is under the page limit, the document is 47.5 million characters."""
    objs = ["<< /Type /Catalog /Pages 2 0 R >>",
            f"<< /Type /Pages /Kids [{' '.join(f'{i + 5} 0 R' for i in range(pages))}] /Count {pages} >>",
            _stream("BT /F1 1 Tf 0 100 Td (" + "8" * chars + ") Tj ET"), _FONT]
    objs += [_page("3 0 R")] * pages
    return pdf_bytes(objs)


def flate_bomb_pdf(mb: int = 200) -> bytes:
    """One page whose Flate content stream is a line of text and ``mb`` MB of spaces."""
    c = zlib.compressobj(9)
    parts = [c.compress(b"BT /F1 12 Tf 20 150 Td (Budget 1000 2021) Tj ET\n")]
    block = b" " * (1 << 20)
    parts += [c.compress(block) for _ in range(mb)]
    data = b"".join([*parts, c.flush()])
    return pdf_bytes(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", _page(), _FONT,
                      f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n{data.decode('latin-1')}\nendstream"])


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_forms_drawn_in_forms_are_counted_as_drawn(tmp_path, engine):
    # main: PDFium 7.6 GB, pdfplumber > 120 s
    p = tmp_path / "nested.pdf"
    p.write_bytes(nested_forms_pdf())
    assert p.stat().st_size < 5000
    got = read_capped(p, engine)
    assert got[:2] == ("error", "too-complex"), got
    assert "第 1 页" in got[2]


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_a_form_drawn_a_few_times_is_read(tmp_path, engine):
    # a logo or a letterhead drawn as a form, nested a little: read as before
    p = tmp_path / "forms.pdf"
    p.write_bytes(nested_forms_pdf(levels=3, fan=2))
    doc = read(p, ReadLimits(pdf_engine=engine))
    assert "Budget 1000 2021" in doc.text
    assert doc.text.count("a") == 8  # 2**3 drawings of the innermost form


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_a_form_drawing_itself_is_refused(tmp_path, engine):
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            _page(res="/Font << /F1 4 0 R >> /XObject << /X 6 0 R >>"), _FONT,
            _stream("BT /F1 12 Tf 20 150 Td (Budget 1000 2021) Tj ET /X Do"),
            _form("BT /F1 1 Tf 0 0 Td (ab) Tj ET /X Do /X Do /X Do /X Do", "/Font << /F1 4 0 R >> /XObject << /X 6 0 R >>")]
    p = tmp_path / "cycle.pdf"
    p.write_bytes(pdf_bytes(objs))
    got = read_capped(p, engine)
    assert got[:2] == ("error", "too-complex"), got
    assert "循环" in got[2]


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_document_budget_not_only_per_page(tmp_path, engine):
    # main: > 9 GB under either engine; every page passes the page limit
    p = tmp_path / "busy.pdf"
    p.write_bytes(busy_pages_pdf())
    got = read_capped(p, engine)
    assert got[:2] == ("error", "too-complex"), got
    assert "全文上限 1000000 个" in got[2]


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_document_budget_counts_exactly_as_pages_are_read(tmp_path, engine):
    # the estimate lets it through (it may be twice the characters); the engine's own count does not
    p = tmp_path / "three.pdf"
    p.write_bytes(busy_pages_pdf(pages=3, chars=400))
    limits = ReadLimits(pdf_engine=engine, max_document_objects=1000)
    with pytest.raises(ReadError) as e:
        read(p, limits)
    assert e.value.code == "too-complex" and "前 3 页共" in e.value.reason
    assert read(p, ReadLimits(pdf_engine=engine, max_document_objects=1300)).text.count("8") == 1200


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_flate_bomb_in_a_content_stream(tmp_path, engine):
    # main: 2 MB → 2 GB inflated, reported ok (PDFium) or corrupt after 37 s (pdfplumber)
    p = tmp_path / "flate.pdf"
    p.write_bytes(flate_bomb_pdf())
    assert p.stat().st_size < 400_000
    got = read_capped(p, engine, cap_mb=1000)
    assert got[:2] == ("error", "zip-bomb"), got
    assert "内容流解压后超过 64 MB" in got[2]


def test_pdf_a_large_content_stream_under_the_cap_is_read(tmp_path):
    p = tmp_path / "spaces.pdf"
    p.write_bytes(flate_bomb_pdf(mb=20))
    assert "Budget 1000 2021" in read(p).text


# -- images -------------------------------------------------------------------------------


def tiff_bytes(frames: int = 40, size: int = 9000) -> bytes:
    """A grey TIFF of ``frames`` frames of ``size``×``size`` pixels, all pointing at one
    Deflate strip of white: ~80 KB on disk, 81 million pixels a frame."""
    import struct

    strip = zlib.compress(b"\xff" * size * size, 9)
    out = bytearray(b"II*\x00" + struct.pack("<I", 8))
    out += strip
    if len(out) % 2:
        out += b"\x00"
    strip_at = 8
    tags = [(256, 4, size), (257, 4, size), (258, 3, 8), (259, 3, 8), (262, 3, 1), (273, 4, strip_at),
            (277, 3, 1), (278, 4, size), (279, 4, len(strip))]
    first = len(out)
    out[4:8] = struct.pack("<I", first)
    for k in range(frames):
        here = len(out)
        nxt = here + 2 + 12 * len(tags) + 4
        out += struct.pack("<H", len(tags))
        for tag, typ, val in tags:
            out += struct.pack("<HHI", tag, typ, 1) + (struct.pack("<HH", val, 0) if typ == 3 else struct.pack("<I", val))
        out += struct.pack("<I", nxt if k < frames - 1 else 0)
    return bytes(out)


def png_header(w: int, h: int) -> bytes:
    """A PNG that says it is ``w``×``h`` (grey), with a few rows of data: the header is what counts."""
    import struct

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = zlib.compress((b"\x00" + b"\xff" * w) * 4)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) + chunk(
        b"IDAT", rows) + chunk(b"IEND", b"")


_NO_OCR = "import extractor.readers.image as _i; _i.available = lambda: False\n"


def test_tiff_frames_are_not_decoded_without_ocr(tmp_path):
    # main: all 40 frames decoded before looking whether OCR is there: 3.2 GB
    p = tmp_path / "scan.tif"
    p.write_bytes(tiff_bytes())
    assert p.stat().st_size < 200_000
    global _CHILD
    child = _CHILD
    try:
        _CHILD = child.replace("try:\n", _NO_OCR + "try:\n", 1)
        got = read_capped(p, cap_mb=1000)
    finally:
        _CHILD = child
    assert got[:2] == ("error", "scanned"), got
    assert "OCR" in got[2]


def test_tiff_frame_pixels_are_checked_before_decoding(tmp_path):
    p = tmp_path / "scan.tif"
    p.write_bytes(tiff_bytes(frames=3, size=12_000))  # 144 million pixels a frame
    with pytest.raises(ReadError) as e:
        read(p)
    assert e.value.code == "too-large"
    assert e.value.reason == "图片第 1 页过大（144000000 像素，上限 100 百万像素），未识别"


def test_tiff_pages_over_the_page_limit_are_refused(tmp_path):
    p = tmp_path / "scan.tif"
    p.write_bytes(tiff_bytes(frames=6, size=50))
    with pytest.raises(ReadError) as e:
        read(p, ReadLimits(max_pages=5))
    assert (e.value.code, e.value.reason) == ("too-many-pages", "页数过多（6 页，上限 5 页）")


@pytest.mark.parametrize("side", [12_000, 30_000])
def test_huge_png_is_too_large_in_chinese(tmp_path, side):
    # main: 30000×30000 was reader-failed with Pillow's English DecompressionBombError
    from jxcheck.pipeline import check_file

    p = tmp_path / "huge.png"
    p.write_bytes(png_header(side, side))
    r = check_file(str(p))
    assert (r.status, r.error_code) == ("error", "too-large"), r.error
    assert r.error == f"图片过大（{side * side} 像素，上限 100 百万像素），未识别"


def _giant_page_pdf(pt: int = 14_400) -> bytes:
    """One image-only page of ``pt``×``pt`` points (200 inches, the largest PDF allows)."""
    return pdf_bytes([
        "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pt} {pt}] /Contents 4 0 R"
        " /Resources << /XObject << /Im1 5 0 R >> >> >>",
        _stream(f"q {pt} 0 0 {pt} 0 0 cm /Im1 Do Q"),
        "<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray"
        " /BitsPerComponent 8 /Length 1 >>\nstream\n\xff\nendstream"])


needs_ocr = pytest.mark.skipif(not __import__("extractor.ocr", fromlist=["available"]).available(),
                               reason="OCR extra not installed (pip install 'jxcheck[ocr]'; CI installs it)")


@needs_ocr
def test_ocr_does_not_render_a_giant_page_at_full_size(tmp_path):
    # main: rendered at 150 dpi, 30000×30000 pixels, 8.7 GB through deskew and OCR
    p = tmp_path / "giant.pdf"
    p.write_bytes(_giant_page_pdf())
    got = read_capped(p, cap_mb=2500, timeout=240)
    assert got[:2] == ("error", "too-large"), got
    assert got[2] == "第 1 页尺寸过大（508×508 厘米），无法按扫描件识别"


def test_render_resolution_is_capped_by_pixels():
    from extractor.readers.pdf import _render_dpi
    from extractor.readers.pdf_page import PageData

    a4 = PageData(1, 595, 842, [], [{"x0": 0, "x1": 595, "top": 0, "bottom": 842, "srcsize": (2480, 3508)}])
    assert _render_dpi(a4, ReadLimits()) == pytest.approx(300, abs=0.5)  # a 300 dpi scan: as scanned
    dpi = _render_dpi(a4, ReadLimits(max_render_pixels=2_000_000))
    assert 100 < dpi < 150 and (595 * dpi / 72) * (842 * dpi / 72) <= 2_000_000 * 1.001


# -- the DOCTYPE guard: every part, every encoding ----------------------------------------


def _rename(package: bytes, old: str, new: str, data: bytes) -> bytes:
    """``package`` with part ``old`` stored as ``new`` holding ``data``; the relationships
    and content types that name it are rewritten to the new name."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(package))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename == old:
                out.writestr(new, data)
                continue
            body = src.read(info.filename)
            if info.filename.endswith((".rels", "[Content_Types].xml")):
                body = body.replace(old.encode(), new.encode()).replace(old.split("/", 1)[1].encode(),
                                                                        new.split("/", 1)[1].encode())
            out.writestr(info.filename, body)
    return buf.getvalue()


_LAUGHS = ('<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(5)) + "]>")


def _sheet(body: str, enc: str = "UTF-8", prolog: str = _LAUGHS) -> str:
    return (f'<?xml version="1.0" encoding="{enc}"?>{prolog}<worksheet xmlns='
            f'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{body}</sheetData></worksheet>')


def _document(enc: str = "UTF-8", prolog: str = _LAUGHS) -> str:
    from hostile_corpus import W_NS, para

    return (f'<?xml version="1.0" encoding="{enc}" standalone="yes"?>{prolog}<w:document xmlns:w="{W_NS}"><w:body>'
            f'{para("项目预算500.00万元 &f;")}</w:body></w:document>')


def _encode(xml: str, enc: str) -> bytes:
    if enc == "UTF-7":  # '<!' written as base64 of UTF-16, so the bytes '<!DOCTYPE' never occur
        return xml.replace("<!", "+ADwAIQ-").encode("ascii", "xmlcharrefreplace")
    if enc == "IBM037":
        return xml.encode("cp037", "xmlcharrefreplace")
    return xml.encode({"UTF-16": "utf-16-le", "UTF-32": "utf-32-be"}.get(enc, enc))


def test_doctype_in_a_part_named_bin(tmp_path):
    # main: only .xml/.rels/.vml names were looked at; openpyxl expanded 1.7 KB to 400,037 characters
    from hostile_corpus import base_docx, xlsx_bytes

    p = tmp_path / "bin.xlsx"
    data = _encode(_sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&f;</t></is></c></row>'), "UTF-8")
    p.write_bytes(_rename(xlsx_bytes(), "xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.bin", data))
    with pytest.raises(ReadError) as e:
        read(p)
    assert e.value.code == "unsafe-xml" and "sheet1.bin" in e.value.reason
    # python-docx parses every XML part the relationships name (styles here), whatever its name
    styles = f'<?xml version="1.0"?>{_LAUGHS}<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
    p = tmp_path / "bin.docx"
    p.write_bytes(_rename(base_docx(), "word/styles.xml", "word/styles.bin", styles.encode()))
    with pytest.raises(ReadError) as e:
        read(p)
    assert e.value.code == "unsafe-xml" and "styles.bin" in e.value.reason


@pytest.mark.parametrize("enc", ["UTF-7", "UTF-16", "UTF-32", "IBM037"])
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_doctype_in_any_declared_encoding(tmp_path, enc, fmt):
    from hostile_corpus import base_docx, xlsx_bytes

    if fmt == "docx":
        package, part, xml = base_docx(), "word/document.xml", _document(enc)
    else:
        package, part = xlsx_bytes(), "xl/worksheets/sheet1.xml"
        xml = _sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&f;</t></is></c></row>', enc)
    p = tmp_path / f"enc.{fmt}"
    p.write_bytes(_rename(package, part, part if fmt == "docx" else part.replace(".xml", ".dat"), _encode(xml, enc)))
    with pytest.raises(ReadError) as e:
        read(p)
    assert e.value.code == "unsafe-xml", e.value.reason


def test_an_encoding_that_cannot_be_checked_is_refused(tmp_path):
    from hostile_corpus import base_docx, replace_member

    p = tmp_path / "x.docx"
    p.write_bytes(replace_member(base_docx(), "word/document.xml", _document("X-NO-SUCH", prolog="").encode()))
    with pytest.raises(ReadError) as e:
        read(p)
    assert (e.value.code, e.value.reason) == ("unsafe-xml", "文档含有无法检查的 XML 编码（word/document.xml：X-NO-SUCH），已拒绝读取")


def test_a_bare_html_doctype_in_an_embedded_part_is_harmless(tmp_path):
    # Word embeds HTML (altChunk) with '<!DOCTYPE html>': nothing to expand or fetch
    import zipfile

    from hostile_corpus import base_docx

    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base_docx())) as src, zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            out.writestr(info.filename, src.read(info.filename))
        out.writestr("word/afchunk.htm", "<!DOCTYPE html>\n<html><body>附件</body></html>")
        out.writestr("word/afchunk2.htm", "\ufeff<!DOCTYPE HTML >".encode("utf-16"))
    p = tmp_path / "alt.docx"
    p.write_bytes(buf.getvalue())
    assert "项目预算500.00万元" in read(p).text
    # but a DOCTYPE with an internal subset or an external identifier is not bare
    for doctype in ('<!DOCTYPE html [<!ENTITY x "y">]>', '<!DOCTYPE html SYSTEM "file:///etc/passwd">'):
        buf2 = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(buf2, "w") as out:
            for info in src.infolist():
                out.writestr(info.filename, doctype if info.filename == "word/afchunk.htm" else src.read(info.filename))
        p.write_bytes(buf2.getvalue())
        with pytest.raises(ReadError) as e:
            read(p)
        assert e.value.code == "unsafe-xml"


def test_binary_parts_are_not_xml(tmp_path):
    from extractor.readers.limits import _xml_encoding

    assert _xml_encoding(b"\x89PNG\r\n\x1a\n") is None
    assert _xml_encoding(b"\xd0\xcf\x11\xe0") is None
    assert _xml_encoding(b'\xef\xbb\xbf<?xml version="1.0" encoding="utf-8"?><a/>') == "utf-8"
    assert _xml_encoding('<?xml version="1.0" encoding="UTF-7"?>'.encode("utf-16-le")) == "UTF-7"
    assert _xml_encoding('<?xml version="1.0"?><a/>'.encode("utf-32-be")) == "utf-32-be"
