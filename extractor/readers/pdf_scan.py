"""What a PDF will cost to read, estimated before either engine parses a page.

Both engines expand a page as it is drawn: a Form XObject drawn four times is
parsed four times, a form drawn four times inside it sixteen times, and so on
(12 levels of four: 2.8 KB → 16.7 million drawings, 7.6 GB under PDFium); a
content stream is inflated whole (a 2 MB Flate stream of spaces → 2 GB). So
per page, from the page tree and the content streams alone (the file's objects read
by ``_Lite`` below, or by pdfminer's parser; no layout), this counts

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

import os
import re
import zlib
from base64 import a85decode
from binascii import unhexlify

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


# pdfminer.ascii85's two decoders (pdfminer.six 20221105 … 20260107), here so that neither
# the scan nor _Lite imports pdfminer for a file whose content streams are ASCII85 (what
# ReportLab writes by default): both are the standard library's decoders after pdfminer's
# own trimming; tests/test_pdf_scan_lite.py compares them with pdfminer's.
_A85_START = re.compile(rb"^\s*<?\s*~\s*")
_A85_END = re.compile(rb"\s*~\s*>?\s*$")
_HEX_WS = re.compile(rb"\s")


def ascii85decode(data: bytes) -> bytes:
    """pdfminer's ``ascii85decode``: a leading ``<~``/``~`` and a trailing ``~``/``~>``
    stripped, then ``base64.a85decode``."""
    return a85decode(_A85_END.sub(b"", _A85_START.sub(b"", data)))


def asciihexdecode(data: bytes) -> bytes:
    """pdfminer's ``asciihexdecode``: white space dropped, up to ``>``, an odd digit
    padded with 0."""
    data = _HEX_WS.sub(b"", data)
    idx = data.find(b">")
    if idx != -1:
        data = data[:idx]
        if idx % 2 == 1:
            data += b"0"
    return unhexlify(data)


class _Scan:
    def __init__(self, limits: ReadLimits, resolve) -> None:
        self.limits = limits
        self.resolve = resolve  # pdfminer's resolve1, or _Lite's
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
        resolve1 = self.resolve
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
            elif name in ("ASCIIHexDecode", "AHx", "ASCII85Decode", "A85"):
                try:
                    data = asciihexdecode(data) if name in ("ASCIIHexDecode", "AHx") else ascii85decode(data)
                except ValueError:  # what pdfminer raises too: neither reading estimates the file
                    raise _Unsupported("a stream that does not decode") from None
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
        resolve1 = self.resolve
        res = resolve1(res)
        xo = resolve1(res.get("XObject")) if isinstance(res, dict) else None
        return xo if isinstance(xo, dict) else {}

    def drawn(self, dos: dict[bytes, int], xobjects: dict, res, where: str, depth: int, path: tuple) -> tuple[int, int]:
        """(objects, bytes) of the XObjects a stream draws, each times the number of drawings."""
        resolve1 = self.resolve
        objects = size = 0
        for name, times in dos.items():
            ref = xobjects.get(name.decode("latin-1"))
            objid = getattr(ref, "objid", None)  # a reference's, or a direct stream's
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
        resolve1 = self.resolve
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
    ``pdf_document``: a pdfminer ``PDFDocument``, or a ``_Lite`` reading of the file."""
    if isinstance(pdf_document, _Lite):
        resolve1, PDFObjRef, pages = pdf_document.resolve, _Ref, pdf_document.pages()
    else:
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdftypes import PDFObjRef, resolve1

        pages = PDFPage.create_pages(pdf_document)
    scan = _Scan(limits, resolve1)
    total = 0
    estimates: list[int] = []
    for pno, page in enumerate(pages, start=1):
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
    engine that can decides, within the per-file guard). An ordinary file is read by
    ``_Lite`` (no pdfminer import: ≈ 40 ms of a cold check); one it does not follow
    exactly, by pdfminer."""
    try:
        with open(path, "rb") as f:
            if os.fstat(f.fileno()).st_size > _LITE_MAX_BYTES:
                raise _Unsupported("large: pdfminer reads it in pieces")
            lite = _Lite(f.read())
        return check_document(lite, limits)
    except ReadError:
        raise
    except Exception:  # noqa: BLE001 - _Unsupported, or anything else: pdfminer's reading decides
        pass
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


# -- _Lite: the object graph of an ordinary file, without pdfminer ------------------
#
# pdfminer's import (its version through importlib.metadata, cryptography for AES,
# charset_normalizer) is ≈ 40 ms of a cold one-PDF check; the scan itself ≈ 3 ms. _Lite
# reads what the scan asks of the file — the trailer, the page tree with its inherited
# resources, streams and their dictionaries — for files made the ordinary way: one or
# more classic xref tables (``/Prev``), objects where their table says, a stream's
# ``/Length`` an integer. It reads them as pdfminer does (the same pages in the same
# order, the same stream bytes, the same names), and gives up — ``_Unsupported``,
# pdfminer reads the file — on anything else: an xref stream or object stream, a table
# or object out of place, encryption, page labels, a value of the wrong type where the scan looks.
# tests/test_pdf_scan_lite.py compares the two readings on every PDF at hand and the
# hostile ones.

class _Unsupported(Exception):
    pass


class _Ref:
    __slots__ = ("objid",)

    def __init__(self, objid: int) -> None:
        self.objid = objid


class _Name:
    """pdfminer's PSLiteral: ``name`` is the name's text (UTF-8, #xx unescaped), or
    its bytes when they are not UTF-8."""
    __slots__ = ("name",)

    def __init__(self, name) -> None:
        self.name = name


class _Stream:
    __slots__ = ("attrs", "rawdata", "data", "objid", "filters")

    def __init__(self, attrs: dict, rawdata: bytes, objid: int | None, filters: list) -> None:
        self.attrs, self.rawdata, self.data, self.objid, self.filters = attrs, rawdata, None, objid, filters

    def get_filters(self) -> list:
        """pdfminer's ``PDFStream.get_filters`` (checked when the stream was read)."""
        return self.filters


_WS_RE = re.compile(rb"(?:[\x00\t\n\x0c\r ]|%[^\r\n]*)*")
_REGULAR = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]"
_TOKEN = re.compile(
    rb"(?P<num>[+-]?(?:\d+\.?\d*|\.\d+))(?!" + _REGULAR + rb")"
    rb"|(?P<name>/" + _REGULAR + rb"*)"
    rb"|(?P<dopen><<)|(?P<dclose>>>)|(?P<hex><[0-9A-Fa-f\x00\t\n\x0c\r ]*>)"
    rb"|(?P<aopen>\[)|(?P<aclose>\])|(?P<lit>\()"
    rb"|(?P<kw>" + _REGULAR + rb"+)"
)
_NAME_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")
_LIT_STOP = re.compile(rb"[\\()]")
_EOL = re.compile(rb"\r\n?|\n")
_DICT_END, _ARRAY_END = object(), object()
_MAX_NESTING = 100
_LITE_MAX_BYTES = 64 * MB  # _Lite holds the file in memory


def _name_text(raw: bytes):
    b = _NAME_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), raw) if b"#" in raw else raw
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return b


class _Lite:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.offsets: dict[int, tuple[int, int]] = {}  # objid -> (offset, generation), newest table first
        self.cache: dict[int, object] = {}
        self.resolving: set[int] = set()
        start = self._startxref()
        trailers, seen = [], set()
        while True:
            if start in seen or len(seen) > 64:
                raise _Unsupported("xref /Prev loop")
            seen.add(start)
            offsets, trailer = self._xref(start)
            for objid, v in offsets.items():
                self.offsets.setdefault(objid, v)  # pdfminer asks the tables newest first
            trailers.append(trailer)
            if "XRefStm" in trailer:
                raise _Unsupported("hybrid xref")
            if "Prev" not in trailer:
                break
            start = trailer["Prev"]
            if type(start) is not int or start < 0:
                raise _Unsupported("/Prev")
        for t in trailers:  # pdfminer: the first trailer with /Root, /Encrypt and /Info read on the way
            if "Encrypt" in t:
                raise _Unsupported("encrypted")
            if "Info" in t:
                self.resolve(t["Info"])  # pdfminer reads it: one it cannot parse fails the document
            if "Root" in t:
                root = self.resolve(t["Root"])
                break
        else:
            raise _Unsupported("no /Root")
        if not isinstance(root, dict) or "PageLabels" in root or "Pages" not in root:
            raise _Unsupported("catalog")
        self.catalog = root

    # the lexer and parser -----------------------------------------------------------
    def _token(self, pos: int):
        """(kind, value, end) of the token at or after ``pos``; kind None at the end."""
        data = self.data
        pos = _WS_RE.match(data, pos).end()
        if pos >= len(data):
            return None, None, pos
        m = _TOKEN.match(data, pos)
        if m is None:
            raise _Unsupported(f"token at {pos}")
        kind = m.lastgroup
        if kind == "lit":
            return "str", None, self._literal_end(pos + 1)
        return kind, m.group(), m.end()

    def _literal_end(self, pos: int) -> int:
        depth, data = 1, self.data
        while True:
            m = _LIT_STOP.search(data, pos)
            if m is None:
                raise _Unsupported("unterminated string")
            c, pos = m.group(), m.end()
            if c == b"\\":
                pos += 1
            elif c == b"(":
                depth += 1
            else:
                depth -= 1
                if not depth:
                    return pos

    def _object(self, pos: int, depth: int = 0):
        """(object, end): one object, references as _Ref, without resolving them."""
        if depth > _MAX_NESTING:
            raise _Unsupported("nesting")
        kind, v, end = self._token(pos)
        if kind == "num":
            if b"." in v:
                return float(v), end
            n = int(v)
            # "objid generation R"
            k2, v2, e2 = self._token(end)
            if k2 == "num" and b"." not in v2 and not v2.startswith((b"+", b"-")) and not v.startswith((b"+", b"-")):
                k3, v3, e3 = self._token(e2)
                if k3 == "kw" and v3 == b"R":
                    return _Ref(n), e3
            return n, end
        if kind == "name":
            return _Name(_name_text(v[1:])), end
        if kind in ("str", "hex"):
            return b"", end  # a string's value is never asked for here
        if kind == "aopen":
            out = []
            while True:
                o, end = self._object(end, depth + 1)
                if o is _ARRAY_END:
                    return out, end
                if o is _DICT_END:
                    raise _Unsupported("array")
                out.append(o)
        if kind == "dopen":
            items = []
            while True:
                o, end = self._object(end, depth + 1)
                if o is _DICT_END:
                    break
                if o is _ARRAY_END:
                    raise _Unsupported("dict")
                items.append(o)
            if len(items) % 2:
                raise _Unsupported("dict")
            d = {}
            for k, val in zip(items[::2], items[1::2], strict=True):
                if not isinstance(k, _Name):
                    raise _Unsupported("dict key")
                if val is not None:  # pdfminer drops a key whose value is null
                    d[k.name if isinstance(k.name, str) else str(k.name)] = val
            return d, end
        if kind == "dclose":
            return _DICT_END, end
        if kind == "aclose":
            return _ARRAY_END, end
        if kind == "kw":
            if v == b"true":
                return True, end
            if v == b"false":
                return False, end
            if v == b"null":
                return None, end
        raise _Unsupported(f"unexpected {kind} {v!r}")

    def _startxref(self) -> int:
        """pdfminer's find_xref: the last line ``startxref`` and the line after it."""
        prev = b""
        for line in reversed(re.split(rb"[\r\n]", self.data[-2048:])[1:]):
            line = line.strip()
            if line == b"startxref":
                if not prev.isdigit() or int(prev) >= 2**31:
                    raise _Unsupported("startxref")
                return int(prev)
            if line:
                prev = line
        raise _Unsupported("no startxref")

    def _line(self, pos: int) -> tuple[bytes, int]:
        """pdfminer's nextline: up to and with its end (\r, \n or \r\n)."""
        m = _EOL.search(self.data, pos)
        if m is None:
            raise _Unsupported("end of file in a line")
        return self.data[pos:m.end()], m.end()

    def _xref(self, start: int) -> tuple[dict, dict]:
        kind, v, pos = self._token(start)
        if kind != "kw" or v != b"xref":
            raise _Unsupported("not a classic xref table")  # an xref stream, or a table out of place
        _, pos = self._line(pos)
        offsets: dict[int, tuple[int, int]] = {}
        while True:
            at = pos
            line, pos = self._line(pos)
            line = line.strip()
            if not line:
                continue
            if line.startswith(b"trailer"):
                break
            f = line.split(b" ")
            if len(f) != 2 or not all(x.isdigit() for x in f):
                raise _Unsupported("xref subsection")
            first, n = int(f[0]), int(f[1])
            for objid in range(first, first + n):
                line, pos = self._line(pos)
                f = line.strip().split(b" ")
                if len(f) != 3 or not f[0].isdigit() or not f[1].isdigit():
                    raise _Unsupported("xref entry")
                if f[2] == b"n":
                    offsets[objid] = (int(f[0]), int(f[1]))  # a later subsection's entry wins, as in pdfminer
        kind, v, pos = self._token(at)
        if kind != "kw" or v != b"trailer":
            raise _Unsupported("trailer keyword")
        trailer, _ = self._object(pos)
        if not isinstance(trailer, dict):
            raise _Unsupported("trailer")
        return offsets, trailer

    # objects -----------------------------------------------------------------------
    def getobj(self, objid: int):
        if objid in self.cache:
            return self.cache[objid]
        if objid not in self.offsets:
            return None  # pdfminer: PDFObjectNotFound, a reference resolves to None
        if objid in self.resolving:
            raise _Unsupported("reference loop")
        self.resolving.add(objid)
        try:
            obj = self._read_object(objid, *self.offsets[objid])
        finally:
            self.resolving.discard(objid)
        self.cache[objid] = obj
        return obj

    def _read_object(self, objid: int, pos: int, gen: int):
        k1, v1, pos = self._token(pos)
        k2, v2, pos = self._token(pos)
        k3, v3, pos = self._token(pos)
        if (k1, k2, k3) != ("num", "num", "kw") or v3 != b"obj" or int(v1) != objid or b"." in v1 + v2:
            raise _Unsupported(f"object {objid} is not where its table says")
        obj, pos = self._object(pos)
        kind, v, end = self._token(pos)
        if isinstance(obj, dict) and kind == "kw" and v == b"stream":
            obj, end = self._stream(obj, end, objid)
            kind, v, end = self._token(end)
        # an object not closed as written (pdfminer's parser then reads on, its own way)
        if kind != "kw" or v != b"endobj":
            raise _Unsupported(f"object {objid} not closed by endobj")
        return obj

    def _stream(self, attrs: dict, pos: int, objid: int) -> tuple[_Stream, int]:
        # pdfminer: the rest of the ``stream`` line, then /Length bytes
        _, pos = self._line(pos)
        length = self.resolve(attrs.get("Length"))
        if type(length) is not int or length < 0:
            raise _Unsupported("stream /Length")
        kind, v, end = self._token(pos + length)
        if kind != "kw" or v != b"endstream":  # a /Length that does not end the data
            raise _Unsupported("stream /Length")
        return _Stream(attrs, self.data[pos:pos + length], objid, self._filters(attrs)), end

    def _filters(self, attrs: dict) -> list:
        """pdfminer's get_filters, for direct names (and their parameters) only."""
        filters = next((attrs[k] for k in ("F", "Filter") if k in attrs), None)
        params = next((attrs[k] for k in ("DP", "DecodeParms", "FDecodeParms") if k in attrs), {})
        if not filters:
            return []
        if not isinstance(filters, list):
            filters = [filters]
        if not isinstance(params, list):
            params = [params] * len(filters)
        if len(params) != len(filters) or not all(isinstance(f, _Name) for f in filters):
            raise _Unsupported("filters")
        return list(zip(filters, [self.resolve(p) for p in params], strict=True))

    def resolve(self, x):
        """pdfminer's resolve1."""
        for _ in range(32):
            if not isinstance(x, _Ref):
                return x
            x = self.getobj(x.objid)
        raise _Unsupported("a chain of references")

    # pages -------------------------------------------------------------------------
    def pages(self):
        """pdfminer's PDFPage.create_pages (the tree, depth first, inherited attributes),
        page by page as the scan asks (pages past ``max_pages`` are never read)."""
        visited: set[int] = set()

        def walk(obj, parent: dict, depth: int):
            if depth > _MAX_NESTING or not isinstance(obj, _Ref):
                raise _Unsupported("page tree")
            props = self.resolve(obj)
            if not isinstance(props, dict):
                raise _Unsupported("page tree node")
            if obj.objid in visited:
                return
            visited.add(obj.objid)
            props = dict(props)
            for k in ("Resources", "MediaBox", "CropBox", "Rotate"):
                if k in parent and k not in props:
                    props[k] = parent[k]
            t = props.get("Type", props.get("type"))
            t = t.name if isinstance(t, _Name) else None
            if t == "Pages" and "Kids" in props:
                kids = self.resolve(props["Kids"])
                if not isinstance(kids, list):
                    raise _Unsupported("/Kids")
                for kid in kids:
                    yield from walk(kid, props, depth + 1)
            elif t == "Page":
                yield _Page(self, props)

        n = 0
        for page in walk(self.catalog["Pages"], self.catalog, 0):
            n += 1
            yield page
        if not n:
            raise _Unsupported("no pages in the tree")  # pdfminer then looks at every object


class _Page:
    """What check_document reads of pdfminer's PDFPage; the boxes checked as pdfminer
    would read them without failing."""

    def __init__(self, lite: _Lite, attrs: dict) -> None:
        for box in ("MediaBox", "CropBox"):
            if box in attrs:
                v = lite.resolve(attrs[box])
                if not (isinstance(v, list) and len(v) == 4
                        and all(isinstance(lite.resolve(x), (int, float)) for x in v)):
                    raise _Unsupported(box)
        self.resources = lite.resolve(attrs.get("Resources", {}))
        contents = lite.resolve(attrs["Contents"]) if "Contents" in attrs and attrs["Contents"] is not None else []
        self.contents = contents if isinstance(contents, list) else [contents]


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
