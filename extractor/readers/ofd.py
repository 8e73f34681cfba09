"""OFD (GB/T 33190-2016, the fixed-layout format of Chinese official documents):
the package read directly, its pages laid out by the PDF reader.

An OFD file is a zip of XML parts: ``OFD.xml`` names each document's root
(``DocBody/DocRoot`` → ``Doc_0/Document.xml``), which lists the pages
(``Pages/Page/@BaseLoc`` → ``Pages/Page_0/Content.xml``), the page size
(``CommonData/PageArea/PhysicalBox``, a page's own ``Area`` overriding it) and
template pages (running headers, stamps) a page draws under its content.
Text is ``TextObject`` (``Boundary`` = x y w h of its box, ``Size``, optional
``CTM``) holding ``TextCode`` runs: ``X``/``Y`` the first glyph's origin
(baseline) inside the box, ``DeltaX`` the advance to each next glyph (``g N d``
repeats ``d`` N times). Ruling lines are ``PathObject`` with an
``AbbreviatedData`` path (``M L B Q A C`` in box coordinates). Units are mm.

Each page becomes the PDF reader's ``PageData``: characters as pdfplumber-style
dicts in points (top-left origin, as OFD itself), and the painted paths turned
into pdfplumber edges for pdfplumber's ``TableFinder``, exactly as the PDFium
engine does. ``pdf._read`` then does what it does for a PDF — visual lines and
their numbers, running headers and footers, paragraphs over page breaks, ruled
tables and their cells, tables continued on the next page — so findings point
at ``第2页第14行`` as in a PDF. A glyph's box is its advance wide (one em for
the last glyph of a run, half an em for a narrow one) and 0.88/0.12 em above and
below the baseline: OFD names fonts but the glyph metrics are in the embedded
font programs, which are not read.

Not read: image-only (scanned) pages (no OCR here: reported as no text layer),
text drawn in ``CompositeGraphicUnit``s, annotations (``Annots``), vertical text
(``DeltaY`` only). Before anything is parsed the package gets the DOCX/XLSX
guards (``limits.check_zip``: part count, total size, compression ratio,
DOCTYPE/ENTITY in every XML part), and the page count and objects per page are
bounded as for a PDF.
"""
from __future__ import annotations

import math
import posixpath
import re
import zipfile
from struct import error as struct_error

from ..errors import ReadError
from ..model import Document
from .limits import DEFAULT_LIMITS, MB, ReadLimits, check_zip

MM = 72 / 25.4  # points per millimetre
Matrix = tuple[float, float, float, float, float, float]
_ID: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_NUM = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_WIDE = re.compile(r"[\u2e80-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60\uffe0-\uffe6]")
_CORRUPT = "文件已损坏或格式不符（OFD 结构无法解析）"


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(el, name: str):
    return next((c for c in el if _local(c.tag) == name), None) if el is not None else None


def _children(el, name: str):
    return [c for c in el if _local(c.tag) == name] if el is not None else []


def _text(el) -> str | None:
    return None if el is None else el.text


def _floats(s: str | None) -> list[float]:
    return [float(x) for x in _NUM.findall(s or "")]


def _box(s: str | None) -> tuple[float, float, float, float] | None:
    v = _floats(s)
    return (v[0], v[1], v[2], v[3]) if len(v) >= 4 else None


def deltas(s: str | None) -> list[float]:
    """``DeltaX``/``DeltaY``: numbers, with ``g N d`` meaning N times d."""
    out: list[float] = []
    toks = (s or "").split()
    i = 0
    while i < len(toks):
        if toks[i] == "g" and i + 2 < len(toks):
            try:
                n, d = int(float(toks[i + 1])), float(toks[i + 2])
            except ValueError:
                break
            out.extend([d] * max(0, min(n, 100_000)))
            i += 3
            continue
        try:
            out.append(float(toks[i]))
        except ValueError:
            break
        i += 1
    return out


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _ctm(el) -> Matrix:
    v = _floats(el.get("CTM"))
    return (v[0], v[1], v[2], v[3], v[4], v[5]) if len(v) >= 6 else _ID


def _path_ops(data: str) -> list[list[tuple[str, tuple[float, float]]]]:
    """``AbbreviatedData`` as subpaths of (op, point), ops ``m l h`` as pdfminer
    names them (curves kept as their end points, which pdfminer's classification
    treats as a curve anyway)."""
    toks = data.split()
    subs: list[list[tuple[str, tuple[float, float]]]] = []
    cur: list[tuple[str, tuple[float, float]]] = []
    i = 0
    nargs = {"M": 2, "S": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}
    while i < len(toks):
        op = toks[i]
        n = nargs.get(op)
        if n is None:
            i += 1
            continue
        try:
            args = [float(t) for t in toks[i + 1:i + 1 + n]]
        except ValueError:
            break
        if len(args) < n:
            break
        i += 1 + n
        if op in ("M", "S"):
            if cur:
                subs.append(cur)
            cur = [("m", (args[0], args[1]))]
        elif op == "C":
            if cur:
                cur.append(("h", cur[0][1]))
        elif cur:
            cur.append(("l" if op == "L" else "c", (args[-2], args[-1])))
    if cur:
        subs.append(cur)
    return subs


class OfdPages:
    """The pages of one OFD document, as the PDF reader consumes them from an engine."""

    def __init__(self, path: str, limits: ReadLimits) -> None:
        from lxml import etree

        self.limits = limits
        self._parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        self._etree = etree
        try:
            self.z = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, struct_error) as e:
            raise ReadError("corrupt", "文件已损坏或格式不符（压缩包无法打开）") from e
        try:
            self._open()
        except BaseException:
            self.z.close()
            raise

    def _open(self) -> None:
        names = set(self.z.namelist())
        if "OFD.xml" not in names:
            raise ReadError("not-ofd", "不是 OFD 文件（缺少 OFD.xml）")
        check_zip(self.z, self.limits)  # zip bomb, DOCTYPE/ENTITY in every part, before parsing
        ofd = self._xml("OFD.xml")
        body = _child(ofd, "DocBody")
        root = _child(body, "DocRoot")
        if not (_text(root) or "").strip():
            raise ReadError("corrupt", _CORRUPT)
        self.doc_path = self._resolve("", root.text.strip())
        self.doc_dir = posixpath.dirname(self.doc_path)
        doc = self._xml(self.doc_path)
        common = _child(doc, "CommonData")
        self.default_box = _box(_text(_child(_child(common, "PageArea"), "PhysicalBox"))) or (0, 0, 210, 297)
        self.templates = {t.get("ID"): self._resolve(self.doc_dir, t.get("BaseLoc") or "")
                          for t in _children(common, "TemplatePage")}
        self.pages: list[str] = []
        for p in _children(_child(doc, "Pages"), "Page"):
            loc = p.get("BaseLoc")
            if loc:
                self.pages.append(self._resolve(self.doc_dir, loc))
        self.n_pages = len(self.pages)
        if self.n_pages == 0:
            raise ReadError("empty", "文件为空（OFD 中没有页面）")
        if self.n_pages > self.limits.max_pages:
            raise ReadError("too-many-pages", f"页数过多（{self.n_pages} 页，上限 {self.limits.max_pages} 页）")

    def _resolve(self, base: str, loc: str) -> str:
        loc = loc.strip().replace("\\", "/")
        p = posixpath.normpath(loc.lstrip("/") if loc.startswith("/") else posixpath.join(base, loc))
        return p

    def _xml(self, name: str):
        try:
            info = self.z.getinfo(name)
        except KeyError:
            raise ReadError("corrupt", f"文件已损坏或格式不符（OFD 缺少 {name}）") from None
        if info.file_size > self.limits.max_xml_part_bytes:
            raise ReadError("too-large", f"OFD 部件过大（{name} {info.file_size / MB:.1f} MB，"
                                         f"上限 {self.limits.max_xml_part_bytes // MB} MB）")
        try:
            data = self.z.read(info)
        except Exception as e:  # noqa: BLE001 - bad CRC, truncated member, zlib.error
            raise ReadError("corrupt", "文件已损坏或格式不符（压缩包内容无法解压）") from e
        try:
            return self._etree.fromstring(data, self._parser)
        except self._etree.XMLSyntaxError as e:
            raise ReadError("corrupt", f"文件已损坏或格式不符（{name} 不是有效的 XML）") from e

    def _page_box(self, page) -> tuple[float, float, float, float]:
        return _box(_text(_child(_child(page, "Area"), "PhysicalBox"))) or self.default_box

    def __iter__(self):
        from .pdf_page import PageData
        from .pdf_pdfium import find_tables

        for index, loc in enumerate(self.pages):
            page = self._xml(loc)
            x0, y0, w, h = self._page_box(page)
            layers = []
            for t in _children(page, "Template"):  # drawn under the page's own content
                tloc = self.templates.get(t.get("TemplateID"))
                if tloc:
                    layers.append(_child(self._xml(tloc), "Content"))
            layers.append(_child(page, "Content"))
            walk = _Walk(self.limits.max_page_objects, index + 1)
            for content in layers:
                if content is not None:
                    walk.block(content, (1.0, 0.0, 0.0, 1.0, -x0, -y0))
            width, height = w * MM, h * MM
            edge_list = _edges(walk.paths, height)
            yield PageData(index + 1, width, height, walk.chars, [],
                           lambda e=edge_list, wd=width, ht=height: find_tables(e, wd, ht))

    def render(self, index: int, scale: float):  # pragma: no cover - no OCR for OFD (pdf._read asks only for scans)
        raise ReadError("scanned", "OFD 扫描页不支持 OCR")

    def close(self) -> None:
        self.z.close()


class _Walk:
    """Characters and paths of one page, in points, page top-left origin."""

    def __init__(self, cap: int, page_no: int) -> None:
        self.chars: list[dict] = []
        self.paths: list[list[tuple[str, tuple[float, float]]]] = []
        self.cap = cap
        self.page_no = page_no
        self.n = 0

    def _count(self, k: int) -> None:
        self.n += k
        if self.n > self.cap:
            raise ReadError("too-complex", f"第 {self.page_no} 页内容过于复杂（超过 {self.cap} 个对象）")

    def block(self, el, outer: Matrix) -> None:
        for ch in el:
            name = _local(ch.tag)
            if name in ("Layer", "PageBlock"):
                self.block(ch, outer)
            elif name == "TextObject":
                self.text(ch, outer)
            elif name == "PathObject":
                self.path(ch, outer)

    @staticmethod
    def _frame(el, outer: Matrix) -> Matrix | None:
        """Object space → page mm: the object's CTM, then its Boundary's origin, then the page's."""
        bx = _box(el.get("Boundary"))
        if bx is None:
            return None
        a, b, c, d, e, f = _ctm(el)
        oa, ob, oc, od, oe, of = outer
        e, f = e + bx[0], f + bx[1]
        return (a * oa + b * oc, a * ob + b * od, c * oa + d * oc, c * ob + d * od,
                e * oa + f * oc + oe, e * ob + f * od + of)

    def text(self, el, outer: Matrix) -> None:
        m = self._frame(el, outer)
        if m is None:
            return
        try:
            size = float(el.get("Size") or 3.5)
        except ValueError:
            size = 3.5
        scale = math.hypot(m[0], m[1]) or 1.0
        size_pt = size * scale * MM
        x = y = 0.0
        for tc in _children(el, "TextCode"):
            s = tc.text or ""
            self._count(len(s))
            if tc.get("X") is not None:
                x = (_floats(tc.get("X")) or [0.0])[0]
            if tc.get("Y") is not None:
                y = (_floats(tc.get("Y")) or [0.0])[0]
            dx = deltas(tc.get("DeltaX"))
            for i, t in enumerate(s):
                adv = dx[i] if i < len(dx) else (size if _WIDE.match(t) else 0.5 * size)
                px, py = _apply(m, x, y)
                if t.strip():
                    x0 = px * MM
                    self.chars.append({"text": t, "x0": x0, "x1": x0 + max(adv * scale, 0.01) * MM,
                                       "top": (py - 0.88 * size * scale) * MM,
                                       "bottom": (py + 0.12 * size * scale) * MM,
                                       "size": size_pt, "upright": True})
                x += adv

    def path(self, el, outer: Matrix) -> None:
        m = self._frame(el, outer)
        data = _child(el, "AbbreviatedData")
        if m is None or data is None or not (data.text or "").strip():
            return
        if el.get("Stroke", "true") == "false" and el.get("Fill", "false") == "false":
            return  # painted neither way
        for sub in _path_ops(data.text):
            self._count(len(sub))
            self.paths.append([(op, tuple(v * MM for v in _apply(m, *pt))) for op, pt in sub])


def _edges(paths, height: float) -> list[dict]:
    from .pdf_pdfium import _shape_objects
    from .pdf_tables import obj_to_edges

    out: list[dict] = []
    for sub in paths:
        if any(op == "c" for op, _ in sub):
            continue  # a curve is no ruling line
        for o in _shape_objects(sub, height):
            out.extend(obj_to_edges(o))
    return out


def read(path: str, limits: ReadLimits = DEFAULT_LIMITS) -> Document:
    import dataclasses

    from .pdf import _read

    src = OfdPages(path, limits)
    try:
        doc = _read(src, path)
    except ReadError as e:
        if e.code == "scanned":
            raise ReadError("scanned", "OFD 中没有可提取的文字（可能是扫描图片）") from None
        raise
    except (KeyError, ValueError, TypeError, IndexError, AttributeError) as e:
        raise ReadError("corrupt", f"{_CORRUPT[:-1]}：{type(e).__name__}）") from e
    finally:
        src.close()
    return dataclasses.replace(doc, format="ofd")
