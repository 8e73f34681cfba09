"""DOCX: body paragraphs and tables in document order (the package's parts read with
lxml under python-docx's parser settings, found as python-docx finds them).

- Headings: a Heading N / Title / 标题 N style or an outline level → heading;
  other paragraphs are left to the builder (一、 (一) … markers).
- Tables: one CellIn per *real* cell at its top-left grid slot; ``w:gridSpan``
  gives colspan (clipped to the table's grid), ``w:vMerge`` continuation cells extend the rowspan of the cell
  above, ``w:gridBefore`` skips grid columns. Nested tables are flattened into
  the text of their cell.
- Text: ``w:t``, tabs and breaks; deleted text (``w:delText``), field codes and
  the VML fallback copy of text boxes (``mc:Fallback``) are ignored. Headers,
  footers, footnotes and comments are not read.
"""
from __future__ import annotations

import posixpath
import re
import zipfile

from ..build import CellIn, DocumentBuilder
from ..errors import ReadError
from ..model import Document
from ..normalize import normalize_lines
from ._ole import check_ooxml
from .limits import DEFAULT_LIMITS, ReadLimits, check_xml_nodes, part_name, xml_part_too_large

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _TR, _TC, _T, _SDT = W + "p", W + "tbl", W + "tr", W + "tc", W + "t", W + "sdt"
_TAB, _BR, _CR, _NBH = W + "tab", W + "br", W + "cr", W + "noBreakHyphen"
_VAL = W + "val"
_HEADING_STYLE = re.compile(r"^(heading|标题)\s*(\d)?$", re.I)


def _text_of(el, out: list[str]) -> None:
    """Collect the text under ``el`` in document order."""
    for ch in el:
        tag = ch.tag
        if tag == _T:
            if ch.text:
                out.append(ch.text)
        elif tag == _TAB:
            if el.tag == W + "r":  # a w:tab in w:pPr/w:tabs is a tab stop, not text
                out.append("\t")
        elif tag in (_BR, _CR):
            out.append("\n")
        elif tag == _NBH:
            out.append("-")
        elif tag == MC_FALLBACK or not isinstance(tag, str):
            continue  # the fallback duplicates the text box; comments/PIs
        elif tag in (W + "pPr", W + "rPr", W + "instrText", W + "delText"):
            continue
        else:
            _text_of(ch, out)


def para_text(p) -> str:
    out: list[str] = []
    _text_of(p, out)
    return "".join(out)


def _para_clean(raw: str) -> str:
    # a soft line break inside a paragraph joins like a wrapped line
    return normalize_lines(raw.split("\n"))[0]


def _cell_text(tc) -> str:
    """All paragraphs of a cell (nested tables flattened), joined by a space."""
    parts = [_para_clean(para_text(p)) for p in tc.iter(_P)]
    return " ".join(p for p in parts if p)


def _int_attr(el, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(_VAL))
    except (TypeError, ValueError):
        return default


def _grid_width(tbl) -> int:
    """Columns of the table's real grid: its ``w:tblGrid``, or its widest row
    counted in cells when the grid says less (a malformed table)."""
    grid = tbl.find(W + "tblGrid")
    declared = len(grid.findall(W + "gridCol")) if grid is not None else 0
    widest = max((sum(1 for _ in _row_cells(tr)) for tr in tbl.iterchildren(_TR)), default=0)
    return max(declared, widest, 1)


def table_cells(tbl) -> list[CellIn]:
    cells: list[CellIn] = []
    open_by_col: dict[int, CellIn] = {}  # grid col -> cell that a vMerge continue extends
    # w:gridSpan / w:gridBefore are clipped to the grid: a span of 2,000,000,000
    # columns is a few bytes of XML, and every loop over it would run that long
    width = _grid_width(tbl)
    r = 0
    for tr in tbl.iterchildren(_TR):
        trpr = tr.find(W + "trPr")
        col = _int_attr(trpr.find(W + "gridBefore"), 0) if trpr is not None else 0
        col = min(max(col, 0), width - 1)
        for tc in _row_cells(tr):
            tcpr = tc.find(W + "tcPr")
            span = max(1, _int_attr(tcpr.find(W + "gridSpan") if tcpr is not None else None, 1))
            span = min(span, max(1, width - col))
            vm = tcpr.find(W + "vMerge") if tcpr is not None else None
            if vm is not None and vm.get(_VAL) in (None, "continue") and col in open_by_col:
                above = open_by_col[col]
                above.rowspan = r - above.row + 1
            else:
                c = CellIn(r, col, _cell_text(tc), 1, span)
                cells.append(c)
                for k in range(col, col + span):
                    open_by_col.pop(k, None)
                if vm is not None:  # restart (or a continue with nothing above)
                    open_by_col[col] = c
            col += span
        r += 1
    return cells


def _row_cells(tr):
    """w:tc children of a row, looking through w:sdt/w:customXml wrappers."""
    for ch in tr:
        if ch.tag == _TC:
            yield ch
        elif ch.tag in (_SDT, W + "customXml"):
            content = ch.find(W + "sdtContent") if ch.tag == _SDT else ch
            if content is not None:
                yield from _row_cells(content)


def _body_items(el):
    for ch in el:
        if ch.tag in (_P, _TBL):
            yield ch
        elif ch.tag == _SDT:
            content = ch.find(W + "sdtContent")
            if content is not None:
                yield from _body_items(content)
        elif ch.tag == W + "customXml":
            yield from _body_items(ch)


def _style_heading(p, styles: dict[str, str]) -> tuple[bool | None, int | None]:
    ppr = p.find(W + "pPr")
    if ppr is None:
        return None, None
    ps = ppr.find(W + "pStyle")
    if ps is not None:
        sid = ps.get(_VAL) or ""
        name = styles.get(sid, sid)
        if name.lower() in ("title", "标题") or sid.lower() == "title":
            return True, 1
        m = _HEADING_STYLE.match(name) or _HEADING_STYLE.match(sid)
        if m:
            return True, int(m.group(2) or 1)
    ol = ppr.find(W + "outlineLvl")
    if ol is not None:
        lvl = _int_attr(ol, 9)
        if lvl < 9:
            return True, lvl + 1
    return None, None


# python-docx's oxml_parser settings (docx.oxml.parser): the same tree, without the
# package load, part graph and proxy objects that cost ~60% of a DOCX's reading (issue 15)
_PARSER = None
_CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"


class _Parts:
    """The package's parts by zip member name: those the guard already decompressed
    and checked (``check_zip(keep=...)``), any other from the zip (checked by the
    guard too, on the way)."""

    def __init__(self, path: str, kept: dict[str, bytes | None], limits: ReadLimits = DEFAULT_LIMITS) -> None:
        self.path, self.kept, self._names, self.limits = path, kept, None, limits

    def names(self) -> set[str]:
        if self._names is None:
            with zipfile.ZipFile(self.path) as z:
                self._names = set(z.namelist())
        return self._names

    def has(self, member: str) -> bool:
        if member in self.kept:
            return self.kept[member] is not None
        return member in self.names()

    def read(self, member: str) -> bytes:
        """The part's bytes, to be parsed: within the XML part limits (size, nodes)."""
        data = self.kept.get(member)
        if data is None:
            with zipfile.ZipFile(self.path) as z:
                size = z.getinfo(member).file_size  # KeyError when missing: a corrupt package
                if size > self.limits.max_xml_part_bytes:
                    raise xml_part_too_large(member, size, self.limits)
                data = z.read(member)
        check_xml_nodes(member, data, self.limits)
        return data

    def parse(self, member: str):
        from lxml import etree

        global _PARSER
        if _PARSER is None:
            _PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
        return etree.fromstring(self.read(member), _PARSER)


def _related(parts: _Parts, partname: str, reltype: str) -> str | None:
    """The part ``partname`` relates to by ``reltype`` (python-docx's ``part_related_by``):
    None when there is none, ValueError when there are several."""
    base, name = posixpath.split(partname)
    rels = posixpath.join(base, "_rels", name + ".rels")[1:]
    if not parts.has(rels):
        return None
    found = [posixpath.abspath(posixpath.join(base, r.get("Target", ""))) for r in parts.parse(rels).iter(_REL)
             if r.get("Type") == reltype and r.get("TargetMode") != "External"]
    if len(found) > 1:
        raise ValueError(f"multiple relationships of type '{reltype}'")
    return found[0] if found else None


def _content_type(parts: _Parts, partname: str) -> str:
    overrides, defaults = {}, {}
    for el in parts.parse("[Content_Types].xml"):
        if el.tag == _CT + "Override":
            overrides[(el.get("PartName") or "").lower()] = el.get("ContentType")
        elif el.tag == _CT + "Default":
            defaults[(el.get("Extension") or "").lower()] = el.get("ContentType")
    if partname.lower() in overrides:
        return overrides[partname.lower()]
    ext = posixpath.splitext(partname)[1][1:].lower()
    if ext in defaults:
        return defaults[ext]
    raise KeyError(f"no content type for partname '{partname}' in [Content_Types].xml")


def _default_styles():
    """python-docx's default styles (used by it when a document has no styles part),
    read from its package data without importing it."""
    import importlib.util
    import os

    from lxml import etree

    spec = importlib.util.find_spec("docx")
    if spec is None or not spec.submodule_search_locations:
        return None
    p = os.path.join(list(spec.submodule_search_locations)[0], "templates", "default-styles.xml")
    return etree.parse(p, _PARSER).getroot() if os.path.isfile(p) else None


def _style_names(styles) -> dict[str, str]:
    """style id -> UI name, as python-docx's ``Styles``/``BaseStyle.name`` give them."""
    out: dict[str, str] = {}
    if styles is None:
        return out
    for st in styles.iterchildren(W + "style"):
        sid = st.get(W + "styleId")
        if not sid:
            continue
        n = st.find(W + "name")
        name = n.get(_VAL) if n is not None else None
        out[sid] = _UI_NAMES.get(name, name) if name is not None else sid
    return out


# docx.styles.BabelFish: internal names of built-in styles -> the names Word shows
_UI_NAMES = {"caption": "Caption", "footer": "Footer", "header": "Header",
             **{f"heading {i}": f"Heading {i}" for i in range(1, 10)}}


# the parts a DOCX is read from where Word and python-docx put them
_USUAL = ("[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
          "word/styles.xml")
# style parts seen in this process -> their style map: a batch of reports made from one
# template parses its styles.xml (often 100-400 KB, the slowest part to parse) once;
# keyed by the bytes themselves, so a hit is exact
_STYLE_MAPS: dict[bytes, dict[str, str]] = {}


def _styles_of(parts: _Parts, partname: str | None) -> dict[str, str]:
    if partname is None:
        return _style_names(_default_styles())
    data = parts.read(partname[1:])
    got = _STYLE_MAPS.get(data)
    if got is None:
        from lxml import etree

        got = _style_names(etree.fromstring(data, _PARSER))
        if len(_STYLE_MAPS) >= 16:
            _STYLE_MAPS.pop(next(iter(_STYLE_MAPS)))
        _STYLE_MAPS[data] = got
    return got


def _load(parts: _Parts):
    """(w:body, style map) of the main document part, found as python-docx finds it:
    the package's officeDocument relationship, its content type, its styles part."""
    main = _related(parts, "/", _RT + "officeDocument")
    if main is None:
        raise KeyError("no relationship of type officeDocument")
    ct = _content_type(parts, main)
    if ct != _CT_MAIN:
        raise ValueError(f"file '{parts.path}' is not a Word file, content type is '{ct}'")
    root = parts.parse(main[1:])
    return root.find(W + "body"), _styles_of(parts, _related(parts, main, _RT + "styles"))


def read(path: str, limits: ReadLimits = DEFAULT_LIMITS) -> Document:
    kept: dict[str, bytes | None] = dict.fromkeys(_USUAL)
    check_ooxml(path, "word/document.xml", "DOCX", ".doc", limits, keep=kept)
    try:
        try:
            body, styles = _load(_Parts(path, kept, limits))
        except ValueError as e:  # content type is not a Word document (e.g. .dotx/.docm renamed is fine)
            raise ReadError("not-docx", f"不是 DOCX 文件（{part_name(str(e))[:60]}）") from e
    except ReadError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, SyntaxError, AttributeError) as e:
        if "Memory allocation failed" in str(e):  # libxml2 out of memory: lxml says XMLSyntaxError
            raise ReadError("too-large", "文件过大，内存不足") from e
        raise ReadError("corrupt", "文件已损坏或格式不符") from e
    except Exception as e:  # lxml XMLSyntaxError and friends
        raise ReadError("corrupt", f"文件已损坏或格式不符（{type(e).__name__}）") from e
    if body is None:
        raise ReadError("empty", "文件为空（文档中没有文字）")
    return build(path, body, styles)


def build(path: str, body, styles: dict[str, str]) -> Document:
    """The Document of a w:body (an lxml element) and its style map."""
    b = DocumentBuilder(path, "docx")
    for el in _body_items(body):
        if el.tag == _P:
            text = _para_clean(para_text(el)).strip()
            if not text:
                continue
            heading, level = _style_heading(el, styles)
            b.add_block(text, heading=heading, level=level)
        else:
            cells = table_cells(el)
            if any(c.text for c in cells):
                b.add_table(cells)
    doc = b.build()
    if not doc.blocks:
        raise ReadError("empty", "文件为空（文档中没有文字）")
    return doc
