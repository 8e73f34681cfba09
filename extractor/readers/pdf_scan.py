"""What a PDF will cost to read, estimated before either engine parses a page.

Both engines expand a page as it is drawn: a Form XObject drawn four times is
parsed four times, a form drawn four times inside it sixteen times, and so on
(12 levels of four: 2.8 KB → 16.7 million drawings, 7.6 GB under PDFium); a
content stream is inflated whole (a 2 MB Flate stream of spaces → 2 GB). So
per page, from the page tree and the content streams alone (pdfminer's parser,
no layout), this counts

* the objects the page will make — path operators, images and shown string
  bytes (at least one per character), each form's own count multiplied by the
  times it is drawn (memoised: the cost of the 12-level bomb is computed, not
  expanded);
* the bytes of content the engine will parse, forms expanded the same way;

and refuses a page, or the document as a whole, over the budget in
``ReadLimits`` (``max_page_objects``, ``max_document_objects`` — the document
budget matters: 500 pages each within the page budget can still be 47 million
characters). Streams are inflated in bounded steps, so a Flate bomb costs at
most ``max_stream_bytes`` to detect. Only unfiltered, Flate, ASCIIHex and
ASCII85 streams are measured (the content-stream filters PDF writers use); a
stream in another filter counts by its raw size.

The estimate is an upper bound for one-byte fonts and up to twice the
characters for two-byte (CID) fonts, so the document is refused here only
above twice the budget; the engines count exactly as they read
(``DocumentBudget``).
"""
from __future__ import annotations

import re
import zlib

from ..errors import ReadError
from .limits import MB, ReadLimits

_OPS = re.compile(rb"(?<![A-Za-z0-9#/.])(?:re|l|c|v|y|Do|BI)(?![A-Za-z0-9])")
_LITERAL = re.compile(rb"\((?:\\.|[^\\()])*\)")
_HEX = re.compile(rb"<[0-9A-Fa-f\s]*>")
_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do(?![A-Za-z0-9])")
_WHITESPACE = b" \t\n\r\f\v"  # what \s matches in a bytes pattern
_MAX_DEPTH = 28  # PDFium draws forms nested at most 30 deep; deeper is a crafted file


class _TooBig(Exception):
    pass


def count(data: bytes) -> int:
    """Objects a piece of content stream will make (see the module docstring)."""
    n = len(_OPS.findall(data))
    n += sum(len(m) - 2 for m in _LITERAL.findall(data))
    # a hex string holds digits and whitespace only: its digits are what is left
    # without the whitespace (one C call, not a regex pass per string)
    n += sum((len(m.translate(None, _WHITESPACE)) - 2) // 2 for m in _HEX.findall(data))
    return n


class _Scan:
    def __init__(self, limits: ReadLimits) -> None:
        self.limits = limits
        self.streams: dict[int, tuple[int, int, dict[bytes, int]]] = {}  # objid -> (objects, bytes, Do names)
        self.forms: dict[tuple, tuple[int, int]] = {}  # (objid, resources) -> expanded (objects, bytes)

    def stream(self, st, objid: int | None, where: str) -> tuple[int, int, dict[bytes, int]]:
        """(objects, decoded bytes, {XObject name: times drawn}) of one stream, memoised."""
        if objid is not None and objid in self.streams:
            return self.streams[objid]
        data = self._decode(st, where)
        dos: dict[bytes, int] = {}
        for m in _DO.finditer(data):
            dos[m.group(1)] = dos.get(m.group(1), 0) + 1
        out = (count(data), len(data), dos)
        if objid is not None:
            self.streams[objid] = out
        return out

    def _decode(self, st, where: str) -> bytes:
        from pdfminer.pdftypes import resolve1

        raw = st.rawdata if st.rawdata is not None else (st.data or b"")
        try:
            filters = [getattr(resolve1(f[0] if isinstance(f, tuple) else f), "name", "") for f in st.get_filters()]
        except Exception:  # a malformed /Filter: the engines decide
            return b""
        cap = self.limits.max_stream_bytes
        data = raw
        for name in filters:
            if name in ("FlateDecode", "Fl"):
                data = self._inflate(data, cap, where)
            elif name in ("ASCIIHexDecode", "AHx"):
                from pdfminer.ascii85 import asciihexdecode

                data = asciihexdecode(data)
            elif name in ("ASCII85Decode", "A85"):
                from pdfminer.ascii85 import ascii85decode

                data = ascii85decode(data)
            else:  # LZW, RunLength, …: counted by the raw bytes
                return data
        return data

    def _inflate(self, raw: bytes, cap: int, where: str) -> bytes:
        d = zlib.decompressobj()
        out: list[bytes] = []
        size, pos = 0, 0
        try:
            while pos < len(raw) and not d.eof:
                piece = d.decompress(raw[pos : pos + (1 << 16)], cap + 1 - size)
                pos += 1 << 16
                while True:
                    size += len(piece)
                    out.append(piece)
                    if size > cap:
                        raise ReadError("zip-bomb", f"{where}内容流解压后超过 {cap // MB} MB（压缩数据 {len(raw) / MB:.1f} MB），"
                                                    "疑似压缩炸弹")
                    if not d.unconsumed_tail:
                        break
                    piece = d.decompress(d.unconsumed_tail, cap + 1 - size)
        except zlib.error:
            pass  # a damaged stream: what inflated so far (the engines decide)
        return b"".join(out)

    def resources(self, res) -> dict:
        from pdfminer.pdftypes import resolve1

        res = resolve1(res)
        xo = resolve1(res.get("XObject")) if isinstance(res, dict) else None
        return xo if isinstance(xo, dict) else {}

    def drawn(self, dos: dict[bytes, int], xobjects: dict, res, where: str, depth: int, path: tuple) -> tuple[int, int]:
        """(objects, bytes) of the XObjects a stream draws, each times the number of drawings."""
        from pdfminer.pdftypes import PDFObjRef, resolve1

        objects = size = 0
        for name, times in dos.items():
            ref = xobjects.get(name.decode("latin-1"))
            objid = ref.objid if isinstance(ref, PDFObjRef) else getattr(ref, "objid", None)
            xo = resolve1(ref)
            attrs = getattr(xo, "attrs", None)
            if not isinstance(attrs, dict):
                continue
            if getattr(resolve1(attrs.get("Subtype")), "name", "") != "Form":
                objects += times  # an image: one object each time it is drawn
                continue
            o, b = self.form(xo, objid, res, where, depth + 1, path)
            objects += times * o
            size += times * b
            self.check(objects, size, where)
        return objects, size

    def form(self, xo, objid: int | None, parent_res, where: str, depth: int, path: tuple) -> tuple[int, int]:
        from pdfminer.pdftypes import resolve1

        if depth > _MAX_DEPTH or (objid is not None and objid in path):
            raise ReadError("too-complex", f"{where}内容过于复杂（表单对象{'循环引用' if depth <= _MAX_DEPTH else '嵌套过深'}）")
        res = xo.attrs.get("Resources")
        own = res is not None
        res = resolve1(res) if own else parent_res
        key = (objid, id(res)) if objid is not None else None
        if key is not None and key in self.forms:
            return self.forms[key]
        o, b, dos = self.stream(xo, objid, where)
        if dos:
            o2, b2 = self.drawn(dos, self.resources(res), res, where, depth, (*path, objid))
            o, b = o + o2, b + b2
        if key is not None:
            self.forms[key] = (o, b)
        return o, b

    def check(self, objects: int, size: int, where: str) -> None:
        lim = self.limits
        if objects > 2 * lim.max_page_objects:
            raise _TooBig(objects)
        if size > lim.max_stream_bytes:
            raise ReadError("too-complex", f"{where}内容过于复杂（展开后内容流超过 {lim.max_stream_bytes // MB} MB）")


def check_document(pdf_document, limits: ReadLimits) -> list[int]:
    """Refuse, before any page is parsed, a document whose pages (or their sum)
    would be over the budget; else each page's estimated objects.
    ``pdf_document``: a pdfminer ``PDFDocument``."""
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import PDFObjRef, resolve1

    scan = _Scan(limits)
    total = 0
    estimates: list[int] = []
    for pno, page in enumerate(PDFPage.create_pages(pdf_document), start=1):
        if pno > limits.max_pages:
            break  # the engine refuses it by its page count
        where = f"第 {pno} 页"
        res = resolve1(page.resources) if page.resources is not None else {}
        xobjects = scan.resources(res)
        contents = page.contents if isinstance(page.contents, list) else [page.contents]
        objects = size = 0
        try:
            for ref in contents:
                st = resolve1(ref)
                if not hasattr(st, "get_filters"):
                    continue
                o, b, dos = scan.stream(st, ref.objid if isinstance(ref, PDFObjRef) else getattr(st, "objid", None), where)
                objects, size = objects + o, size + b
                scan.check(objects, size, where)
                if dos and xobjects:
                    o, b = scan.drawn(dos, xobjects, res, where, 0, ())
                    objects, size = objects + o, size + b
                    scan.check(objects, size, where)
        except _TooBig as e:
            objects = e.args[0]
        if objects > 2 * limits.max_page_objects:
            raise ReadError("too-complex", f"{where}内容过于复杂（约 {objects} 个对象，上限 {limits.max_page_objects} 个）")
        estimates.append(objects)
        total += objects
        if total > 2 * limits.max_document_objects:
            raise ReadError("too-complex", f"文档内容过于复杂（前 {pno} 页约 {total} 个对象，全文上限 "
                                           f"{limits.max_document_objects} 个）")
    return estimates


def check_file(path: str, limits: ReadLimits) -> list[int] | None:
    """``check_document`` for a file; None when pdfminer cannot parse it (the
    engine that can decides, within the per-file guard)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    with open(path, "rb") as f:
        try:
            doc = PDFDocument(PDFParser(f))
        except Exception:
            return None
        try:
            return check_document(doc, limits)
        except ReadError:
            raise
        except Exception:
            return None


class DocumentBudget:
    """The exact objects of the pages read so far (each engine counts its own),
    against ``max_document_objects``."""

    def __init__(self, limits: ReadLimits) -> None:
        self.cap = limits.max_document_objects
        self.total = 0

    def add(self, pno: int, objects: int) -> None:
        self.total += objects
        if self.total > self.cap:
            raise ReadError("too-complex", f"文档内容过于复杂（前 {pno} 页共 {self.total} 个对象，全文上限 {self.cap} 个）")
