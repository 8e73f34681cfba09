"""Limits checked *before* a parsing library sees a file.

A file over a limit is not checked: ``ReadError`` with a one-line reason says
which limit and the measured value (``超过大小上限（250.0 MB，上限 200 MB）``).
The per-file time and memory limits live in ``jxcheck.guard`` (they need a
child process); these are the ones a reader can check cheaply itself.
"""
from __future__ import annotations

import codecs
import re
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
    # images: one image file's frame (a 600 dpi A3 scan is 70 million pixels), and a
    # scanned page rendered for OCR (A4 at 300 dpi: 8.7 million; A0 at 150 dpi: 35 million)
    max_image_pixels: int = 100_000_000
    max_render_pixels: int = 40_000_000
    max_zip_members: int = 10_000  # DOCX/XLSX parts
    max_unzipped_bytes: int = 1024 * MB  # DOCX/XLSX: all parts, uncompressed
    max_zip_ratio: int = 200  # uncompressed ÷ compressed, for a part over 1 MB
    # TXT: the checks' cost grows with the text (a 4 MB line of figures: 8 s,
    # 200 MB), so a text over these is refused rather than checked for minutes
    max_line_chars: int = 200_000  # one line (a block); a report's paragraph is < 10,000
    max_text_chars: int = 5_000_000  # the whole text: ~3,000 pages of dense Chinese
    # .doc/.xls/.wps/.et: LibreOffice's conversion is ended after this long (kept
    # below the per-file timeout of jxcheck.guard, so the converter's process
    # group is ended by the reader, never left running)
    convert_timeout_s: float = 90.0
    # OFD, DOCX: one XML part that is parsed (a page's Content.xml, word/document.xml) at
    # most this large, uncompressed, and (DOCX) at most this many elements and comments:
    # a tree costs ~130 bytes a node (63 MB of <w:p/>: 11 million, 16 s and 1.5 GB);
    # a 500-page report has < 1,000,000
    max_xml_part_bytes: int = 64 * MB
    max_xml_nodes: int = 2_000_000
    # not a limit but a reading setting that travels with them to every reader:
    # PDF text from PDFium ("auto": falling back to pdfplumber for a file PDFium
    # cannot open) or from pdfplumber only (the reference path)
    pdf_engine: str = "auto"


DEFAULT_LIMITS = ReadLimits()


def part_name(name: str) -> str:
    """A zip member name as a reason quotes it: control characters escaped (``\\n``,
    ``\\x1b``), so the reason stays one line and cannot forge output; at most 80 characters."""
    out = "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)
    return out if len(out) <= 80 else out[:77] + "…"


def _mb(n: int) -> str:
    return f"{n / MB:.1f} MB"


def check_size(size: int, limits: ReadLimits) -> None:
    if size > limits.max_bytes:
        raise ReadError("too-large", f"超过大小上限（{_mb(size)}，上限 {limits.max_bytes // MB} MB）")


# DOCTYPE (and so ENTITY) declarations in any encoding lxml/expat would accept.
# OOXML parts never need one; with one a part can expand to gigabytes (billion
# laughs) or pull in another file or a URL (XXE). Every part is looked at, whatever
# its name: a worksheet stored as ``xl/worksheets/sheet1.bin`` is still parsed as XML
# (through the package's relationships), and so is any part the relationships name.
# A bare ``<!DOCTYPE html>`` (no internal subset, no external identifier: nothing to
# expand or fetch) is allowed: HTML parts Word embeds (altChunk) carry one.
_DTD = ("<!DOCTYPE", "<!ENTITY")
_UTF = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
_DTD_MARKS = tuple((m.encode(enc), enc) for m in _DTD for enc in _UTF)
_BARE = re.compile(r"<!DOCTYPE\s+[A-Za-z_][\w.:-]*\s*>")
_OVERLAP = 4 * 64  # the longest bare DOCTYPE looked at, in UTF-32
# what the first bytes of an XML document are in each encoding family (XML 1.0, appendix F)
_FAMILY = ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\x00<", "utf-32-be"),
           (b"<\x00\x00\x00", "utf-32-le"), (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"),
           (b"\x00<", "utf-16-be"), (b"<\x00", "utf-16-le"), (b"\xef\xbb\xbf", "utf-8"),
           (b"\x4c\x6f\xa7\x94", "cp037"))  # EBCDIC '<?xm'
_DECL = re.compile(r"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
# encodings in which the byte scan above sees '<!DOCTYPE' as it is written
_SCANNED = re.compile(r"^(utf-?8|utf-?16(-?[lb]e)?|ucs-?2|utf-?32(-?[lb]e)?|ucs-?4|(us-)?ascii|iso-?8859-\d+|latin-?1"
                      r"|(windows|cp)-?125\d|gb2312|gbk|gb18030|big5|euc-\w+|shift_jis|sjis)$", re.I)


def check_zip(z: zipfile.ZipFile, limits: ReadLimits, keep: dict[str, bytes] | None = None) -> None:
    """Zip-bomb and XML-declaration guards for an Office package, before any
    library opens it. ``zipfile`` enforces the declared sizes when reading, so
    checking the central directory is enough for the size limits. ``keep``: parts
    (by name) whose checked bytes the caller will parse, filled in here so that
    they are decompressed once."""
    infos = z.infolist()
    if len(infos) > limits.max_zip_members:
        raise ReadError("zip-bomb", f"压缩包内文件过多（{len(infos)} 个，上限 {limits.max_zip_members} 个），疑似压缩炸弹")
    total = sum(i.file_size for i in infos)
    if total > limits.max_unzipped_bytes:
        raise ReadError("zip-bomb", f"解压后过大（{_mb(total)}，上限 {limits.max_unzipped_bytes // MB} MB），疑似压缩炸弹")
    for i in infos:
        if i.file_size > MB and i.file_size > limits.max_zip_ratio * max(i.compress_size, 1):
            ratio = i.file_size // max(i.compress_size, 1)
            raise ReadError("zip-bomb", f"压缩比异常（{part_name(i.filename)} 压缩比 {ratio}:1，上限 {limits.max_zip_ratio}:1），疑似压缩炸弹")
    # the parts together, so that many parts each just under 1 MB (1,000 of them: 1 GB from
    # 1.6 MB) are no way around the ratio; a real package is < 30:1 as a whole
    packed = sum(i.compress_size for i in infos)
    if total > MB and total > limits.max_zip_ratio * max(packed, 1):
        raise ReadError("zip-bomb", f"压缩比异常（{len(infos)} 个部件合计 {_mb(total)}，压缩比 {total // max(packed, 1)}:1，"
                                    f"上限 {limits.max_zip_ratio}:1），疑似压缩炸弹")
    for i in infos:  # a part the reader will parse: its size before it is inflated
        if keep is not None and i.filename in keep and i.file_size > limits.max_xml_part_bytes:
            raise xml_part_too_large(i.filename, i.file_size, limits)
    for i in infos:
        if not i.is_dir():
            got = _check_xml_part(z, i, keep is not None and i.filename in keep)
            if got is not None:
                keep[i.filename] = got  # type: ignore[index]


def xml_part_too_large(name: str, size: int, limits: ReadLimits) -> ReadError:
    return ReadError("too-large", f"文档部件过大（{part_name(name)} 解压后 {_mb(size)}，上限 "
                                  f"{limits.max_xml_part_bytes // MB} MB），未读取")


def check_xml_nodes(name: str, data: bytes, limits: ReadLimits) -> None:
    """Refuse a part to be parsed whose elements and comments (its '<' that do not close
    an element) are over ``max_xml_nodes``, before a tree is built (two passes over the
    bytes: 0.1 s for 200 MB)."""
    if len(data) > limits.max_xml_part_bytes:
        raise xml_part_too_large(name, len(data), limits)
    n = data.count(b"<") - data.count(b"</")
    if n > limits.max_xml_nodes:
        raise ReadError("too-complex", f"文档内容过于复杂（{part_name(name)} 有 {n:,} 个元素，上限 "
                                       f"{limits.max_xml_nodes:,} 个），未读取")


def _unsafe(name: str) -> ReadError:
    return ReadError("unsafe-xml", f"文档含有不允许的 XML 声明（{part_name(name)} 中的 DOCTYPE/ENTITY），已拒绝读取")


def _xml_encoding(head: bytes) -> str | None:
    """The encoding a parser would read this part in (its declaration, else what its
    first bytes say), or None if it is not XML (an XML document starts with '<'
    after an optional BOM and white space; images and OLE parts do not)."""
    family = next((enc for magic, enc in _FAMILY if head.startswith(magic)), "utf-8")
    text = head.decode(family, errors="ignore").lstrip("\ufeff \t\r\n")
    if not text.startswith("<"):
        return None
    m = _DECL.match(text)
    return m.group(1) if m else family


def _declares_text(text: str) -> bool:
    """An ENTITY or a DOCTYPE that is not bare (one cut by the chunk's end counts)."""
    return "<!ENTITY" in text or any(not _BARE.match(text, m.start()) for m in re.finditer("<!DOCTYPE", text))


def _declares(buf: bytes) -> bool:
    """``_declares_text`` for raw bytes, in each UTF encoding."""
    for mark, enc in _DTD_MARKS:
        i = buf.find(mark)
        while i >= 0:
            text = buf[i : i + 4 * 64].decode(enc, errors="ignore")
            if mark.decode(enc) == "<!ENTITY" or not _BARE.match(text):
                return True
            i = buf.find(mark, i + 1)
    return False


def _check_xml_part(z: zipfile.ZipFile, info: zipfile.ZipInfo, whole: bool = False) -> bytes | None:
    """Scan one part for DOCTYPE/ENTITY; ``whole``: return its bytes (checked), so the
    reader parses them without decompressing the part again."""
    try:
        with z.open(info) as f:
            head = f.read(4096)
            enc = _xml_encoding(head)  # None: not XML, but its bytes are still looked at (cheap)
            decoder = None
            if enc is not None and not _SCANNED.match(enc):
                # UTF-7, EBCDIC …: '<!DOCTYPE' is not those bytes, so the part is read as text
                try:
                    decoder = codecs.getincrementaldecoder(enc)(errors="replace")
                except LookupError:
                    raise ReadError("unsafe-xml", f"文档含有无法检查的 XML 编码（{part_name(info.filename)}：{enc}），已拒绝读取") from None
            tail, text_tail, chunk = b"", "", head
            parts: list[bytes] = []
            while chunk:
                if whole:
                    parts.append(chunk)
                buf = tail + chunk
                # every mark, in every UTF, holds the byte "!": a part without one (most:
                # CJK text has no ASCII "!") is scanned once, not once per mark (issue 15)
                if b"!" in buf and any(m in buf for m, _ in _DTD_MARKS) and _declares(buf):
                    raise _unsafe(info.filename)
                tail = buf[-_OVERLAP:]
                if decoder is not None:
                    text = text_tail + decoder.decode(chunk)
                    if _declares_text(text):
                        raise _unsafe(info.filename)
                    text_tail = text[-_OVERLAP:]
                chunk = f.read(1 << 20)
            return b"".join(parts) if whole else None
    except ReadError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as e:
        # bad CRC, truncated member, unsupported compression, encrypted member
        raise ReadError("corrupt", "文件已损坏或格式不符（压缩包内容无法解压）") from e
    except Exception as e:  # zlib.error and friends
        raise ReadError("corrupt", "文件已损坏或格式不符（压缩包内容无法解压）") from e

