"""Limits checked *before* a parsing library sees a file.

A file over a limit is not checked: ``ReadError`` with a one-line reason says
which limit and the measured value (``超过大小上限（250.0 MB，上限 200 MB）``).
The per-file time and memory limits live in ``jxcheck.guard`` (they need a
child process); these are the ones a reader can check cheaply itself.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass

from ..errors import ReadError

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReadLimits:
    max_bytes: int = 200 * MB  # file size on disk
    max_pages: int = 500  # PDF pages: a longer PDF is refused, not half-read
    max_page_objects: int = 100_000  # chars + lines + rects + curves on one PDF page
    # PDF, the whole document (forms counted as often as they are drawn): 500 pages
    # of 95,000 characters each pass the page limit and take > 9 GB; a dense
    # 500-page report has < 1,000,000 (~1 GB read)
    max_document_objects: int = 1_000_000
    max_stream_bytes: int = 64 * MB  # PDF: one page's content streams, inflated and forms expanded
    max_zip_members: int = 10_000  # DOCX/XLSX parts
    max_unzipped_bytes: int = 1024 * MB  # DOCX/XLSX: all parts, uncompressed
    # images: one image file's frame (a 600 dpi A3 scan is 70 million pixels), and a
    # scanned page rendered for OCR (A4 at 300 dpi: 8.7 million; A0 at 150 dpi: 35 million)
    max_image_pixels: int = 100_000_000
    max_render_pixels: int = 40_000_000
    max_zip_ratio: int = 200  # uncompressed ÷ compressed, for a part over 1 MB
    # TXT: the checks' cost grows with the text (a 4 MB line of figures: 8 s,
    # 200 MB), so a text over these is refused rather than checked for minutes
    max_line_chars: int = 200_000  # one line (a block); a report's paragraph is < 10,000
    max_text_chars: int = 5_000_000  # the whole text: ~3,000 pages of dense Chinese
    # .doc/.xls/.wps/.et: LibreOffice's conversion is ended after this long (kept
    # below the per-file timeout of jxcheck.guard, so the converter's process
    # group is ended by the reader, never left running)
    convert_timeout_s: float = 90.0
    # OFD: one XML part (a page's Content.xml) at most this large, uncompressed
    max_xml_part_bytes: int = 64 * MB
    # not a limit but a reading setting that travels with them to every reader:
    # PDF text from PDFium ("auto": falling back to pdfplumber for a file PDFium
    # cannot open) or from pdfplumber only (the reference path)
    pdf_engine: str = "auto"


DEFAULT_LIMITS = ReadLimits()


def _mb(n: int) -> str:
    return f"{n / MB:.1f} MB"


def check_size(size: int, limits: ReadLimits) -> None:
    if size > limits.max_bytes:
        raise ReadError("too-large", f"超过大小上限（{_mb(size)}，上限 {limits.max_bytes // MB} MB）")


# DOCTYPE (and so ENTITY) declarations in any encoding lxml/expat would accept.
# OOXML parts never need one; with one a part can expand to gigabytes (billion
# laughs) or pull in another file or a URL (XXE).
_DTD_MARKS = tuple(m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY")
                   for enc in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"))
_OVERLAP = max(len(m) for m in _DTD_MARKS)
_XML_SUFFIXES = (".xml", ".rels", ".vml")


def check_zip(z: zipfile.ZipFile, limits: ReadLimits) -> None:
    """Zip-bomb and XML-declaration guards for an Office package, before any
    library opens it. ``zipfile`` enforces the declared sizes when reading, so
    checking the central directory is enough for the size limits."""
    infos = z.infolist()
    if len(infos) > limits.max_zip_members:
        raise ReadError("zip-bomb", f"压缩包内文件过多（{len(infos)} 个，上限 {limits.max_zip_members} 个），疑似压缩炸弹")
    total = sum(i.file_size for i in infos)
    if total > limits.max_unzipped_bytes:
        raise ReadError("zip-bomb", f"解压后过大（{_mb(total)}，上限 {limits.max_unzipped_bytes // MB} MB），疑似压缩炸弹")
    for i in infos:
        if i.file_size > MB and i.file_size > limits.max_zip_ratio * max(i.compress_size, 1):
            ratio = i.file_size // max(i.compress_size, 1)
            raise ReadError("zip-bomb", f"压缩比异常（{i.filename} 压缩比 {ratio}:1，上限 {limits.max_zip_ratio}:1），疑似压缩炸弹")
    for i in infos:
        if i.filename.lower().endswith(_XML_SUFFIXES) or i.filename == "[Content_Types].xml":
            _check_xml_part(z, i)


def _check_xml_part(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    try:
        with z.open(info) as f:
            tail = b""
            while True:
                chunk = f.read(1 << 20)
                if not chunk:
                    return
                buf = tail + chunk
                if any(m in buf for m in _DTD_MARKS):
                    raise ReadError("unsafe-xml", f"文档含有不允许的 XML 声明（{info.filename} 中的 DOCTYPE/ENTITY），已拒绝读取")
                tail = buf[-_OVERLAP:]
    except ReadError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as e:
        # bad CRC, truncated member, unsupported compression, encrypted member
        raise ReadError("corrupt", "文件已损坏或格式不符（压缩包内容无法解压）") from e
    except Exception as e:  # zlib.error and friends
        raise ReadError("corrupt", "文件已损坏或格式不符（压缩包内容无法解压）") from e
