"""DOCX: body paragraphs and tables in document order (python-docx for the package,
the WordprocessingML itself for the content).

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

import re
import zipfile

from ..build import CellIn, DocumentBuilder
from ..errors import ReadError
from ..model import Document
from ..normalize import normalize_lines
from ._ole import check_ooxml
from .limits import DEFAULT_LIMITS, ReadLimits, part_name

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


def read(path: str, limits: ReadLimits = DEFAULT_LIMITS) -> Document:
    check_ooxml(path, "word/document.xml", "DOCX", ".doc", limits)
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        try:
            d = docx.Document(path)
        except PackageNotFoundError as e:
            raise ReadError("corrupt", "文件已损坏或格式不符（无法打开 Word 文档）") from e
        except ValueError as e:  # content type is not a Word document (e.g. .dotx/.docm renamed is fine)
            raise ReadError("not-docx", f"不是 DOCX 文件（{part_name(str(e))[:60]}）") from e
        body = d.element.body
        styles = {s.style_id: s.name for s in d.styles if s.style_id}
    except ReadError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, SyntaxError, AttributeError) as e:
        raise ReadError("corrupt", "文件已损坏或格式不符") from e
    except Exception as e:  # lxml XMLSyntaxError and friends
        raise ReadError("corrupt", f"文件已损坏或格式不符（{type(e).__name__}）") from e

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
