"""PDF (pdfplumber): running text rebuilt into paragraphs, tables read once.

Line numbers: on each page, every visual text line (characters sharing a
baseline band) is numbered from the top, 1-based, *including* lines inside
tables and running headers/footers/page numbers that are then dropped from the
text — so "page 3, line 12" is the 12th line a reader counts on page 3.

Paragraphs: Word/LibreOffice wrap lines at the right margin. A line continues
into the next one when the next line's first word would not have fitted in
the space left at the end of the line; the next line starts a new paragraph
when it is indented (first-line indent), starts with a heading marker
(一、 （一） 1. (1)), or the line ends short — unless it ends inside its sentence
(on "，、；"). This also works over page breaks.

Tables: ``page.find_tables()`` (ruled tables); characters inside a table's
bounding box are taken out of the running text and read per cell. A merged
cell is read once, with rowspan/colspan from its box. A table that ends a page
and one that starts the next page with the same column count are one table.

Scanned pages (an image covering the page and next to no text layer) are read
by OCR when the extra is installed (``extractor.ocr``): the page is rendered
at its scan resolution, OCR characters become character dicts like
pdfplumber's (plus ``conf``) and ruled table cells come from the image, so
everything above applies unchanged. Each line and cell read by OCR is recorded
in ``Document.ocr_spans`` with its confidence.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from operator import itemgetter

from ..build import CellIn, DocumentBuilder
from ..errors import ReadError
from ..model import Document
from ..normalize import normalize_line, normalize_lines
from ..ocr import MISSING_REASON
from .limits import DEFAULT_LIMITS, ReadLimits
from .pdf_page import PageData, open_error

_CN = "一二三四五六七八九十"
_MARKER = re.compile(rf"^([{_CN}]{{1,3}}、|[（(]\s*[{_CN}]{{1,3}}\s*[）)]|\d{{1,2}}\s*[.、．](?!\d)|[（(]\s*\d{{1,2}}\s*[）)])")
_PAGE_NO = re.compile(
    r"^(?:[-—–]\s*\d{1,4}\s*[-—–]|\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$",
    re.I,
)
_OPEN = "（(《〈「『“‘【["
_CLOSE = "，。、；：！？）)》〉」』”’】],.;:!?%"


@dataclass(slots=True)
class Line:
    """A body line, reduced to what the layout needs once its page is read: the
    characters themselves are released page by page (issue 15: every page's
    character dicts lived until the end, ~0.76 MB a page)."""

    no: int  # 1-based visual line number on the page
    top: float
    bottom: float
    text: str
    x0: float  # first character's left edge
    x1: float  # last character's right edge
    head_sizes: tuple[int, ...]  # rounded font sizes of the first three characters
    token_w: float  # width of the first token (_first_token_width)
    conf: float | None  # lowest OCR confidence of its characters; None: text layer
    chars: list[dict] | None = None  # kept only when character boxes are asked for (--annotate)


def _line(no: int, body: list[dict], keep_chars: bool = False) -> Line:
    """``body``: the line's characters, sorted by x0, blank ends stripped."""
    confs = [c["conf"] for c in body if "conf" in c]
    return Line(no, min([c["top"] for c in body]), max([c["bottom"] for c in body]), _line_text(body),
                body[0]["x0"], body[-1]["x1"], tuple(round(c.get("size") or 0) for c in body[:3]),
                _first_token_width(body), min(confs) if confs else None, body if keep_chars else None)


@dataclass
class PTable:
    page: int
    top: float
    bottom: float
    n_cols: int
    cells: list[CellIn]
    row_locs: dict[int, tuple[int | None, int]]
    n_rows: int
    last_page: int = 0  # page where the (possibly continued) table ends
    # char boxes only (pdf_boxes): (grid row, col) -> (page, the cell's characters per visual line)
    cell_chars: dict[tuple[int, int], tuple[int, list[list[dict]]]] | None = None


_FULL_WIDTH = re.compile(r"[\u2e80-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60\uffe0-\uffe6]")


def _em_wide(chars: list[dict]) -> None:
    """A CJK ideograph or full-width form is one em wide: ``x1 = x0 + size``.
    Fonts say so too, but not always consistently: PDFium takes some subset CID
    fonts' widths from the embedded program (1,034 units for 以 in Noto Serif
    CJK) where pdfminer reads /W (1,000). Layout decisions that compare line ends
    (paragraph joins) must not depend on which engine read the page."""
    # one regex pass over the page's first letters, not one match per character
    firsts = "".join([c["text"][:1] or "\x00" for c in chars])
    for m in _FULL_WIDTH.finditer(firsts):
        c = chars[m.start()]
        if c.get("size"):
            c["x1"] = c["x0"] + c["size"]


def _line_text(chars: list[dict], origin: list | None = None) -> str:
    """The line's text, a space where the gap between two characters is wide.
    ``origin`` (char boxes, see ``pdf_boxes``): gets the character dict each text
    character came from, None for an inserted space."""
    if origin is None:
        return _plain_line_text(chars)
    out: list[str] = []
    prev_text = None  # the previous character's text and right edge
    prev_x1 = 0.0
    for c in chars:
        t = c["text"]
        if prev_text is not None and t != " " and prev_text != " ":
            if c["x0"] - prev_x1 > 0.3 * max(c.get("size") or 10, 1):
                out.append(" ")
                origin.append(None)
        out.append(t)
        origin.extend([c] * len(t))
        prev_text, prev_x1 = t, c["x1"]
    return "".join(out)


def _plain_line_text(chars: list[dict]) -> str:
    """``_line_text`` without ``origin``: the font size is read only for a gap over
    0.3 pt (the threshold, 0.3 × a size of at least 1, is never below 0.3), and a line
    with no such gap is its characters' texts joined."""
    out: list[str] = []
    prev_text = None
    prev_x1 = 0.0
    for c in chars:
        t = c["text"]
        gap = c["x0"] - prev_x1
        if (gap > 0.3 and prev_text is not None and t != " " and prev_text != " "
                and gap > 0.3 * max(c.get("size") or 10, 1)):
            out.append(" ")
        out.append(t)
        prev_text, prev_x1 = t, c["x1"]
    return "".join(out)


def _cluster_lines(chars: list[dict]) -> list[list[dict]]:
    """Group characters into visual lines by vertical overlap, top to bottom."""
    rows: list[list[dict]] = []
    cur: list[dict] = []
    ref_top = ref_bottom = 0.0
    # sorted by (top to 0.1 pt, x0); the index keeps equal keys in page order (a stable sort).
    # A line's characters share their top: each distinct top is rounded once
    rounded: dict[float, float] = {}
    order = []
    for k, c in enumerate(chars):
        top = c["top"]
        r = rounded.get(top)
        if r is None:
            r = rounded[top] = round(top, 1)
        order.append((r, c["x0"], k))
    order.sort()
    for _, _, k in order:
        c = chars[k]
        top, bottom = c["top"], c["bottom"]
        mid = (top + bottom) / 2
        if cur and ref_top - 1 <= mid <= ref_bottom + 1 and top < ref_bottom - 1:
            cur.append(c)
            if top <= ref_top + 2:
                ref_bottom = max(ref_bottom, bottom)
        else:
            if cur:
                rows.append(cur)
            cur = [c]
            ref_top, ref_bottom = top, bottom
    if cur:
        rows.append(cur)
    return rows


_X0 = itemgetter("x0")


def _grid(values: list[float], tol: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _index(grid: list[float], v: float, tol: float = 1.5) -> int:
    for i, g in enumerate(grid):
        if abs(g - v) <= tol:
            return i
    return min(range(len(grid)), key=lambda i: abs(grid[i] - v))


def _span(grid: list[float], lo: float, hi: float) -> int:
    """How many of ``grid`` (sorted, distinct) lie in [lo, hi): by bisection."""
    return max(1, bisect_left(grid, hi) - bisect_left(grid, lo))


def _midpoints(char_line: list[tuple[dict, int]]) -> list[tuple[float, float, int]]:
    """(y, x, index) of each character's midpoint, sorted: what ``_read_table`` bisects."""
    return sorted([((ch["top"] + ch["bottom"]) / 2, (ch["x0"] + ch["x1"]) / 2, k) for k, (ch, _) in enumerate(char_line)])


def _read_table(table, page_no: int, char_line: list[tuple[dict, int]], keep_chars: bool = False,
                mids: list[tuple[float, float, int]] | None = None) -> PTable | None:
    """``mids``: ``_midpoints(char_line)``, when the caller reads several tables of a page."""
    boxes = [c for c in table.cells if c]
    if not boxes:
        return None
    xs = _grid([b[0] for b in boxes])
    ys = _grid([b[1] for b in boxes])
    cells: list[CellIn] = []
    spans: list[tuple[CellIn, tuple[float, float, float, float]]] = []
    # a table's boxes share a few edges: each edge's grid index is found once
    row_of = {y: _index(ys, y) for y in {b[1] for b in boxes}}
    col_of = {x: _index(xs, x) for x in {b[0] for b in boxes}}
    for b in sorted(boxes, key=lambda b: (b[1], b[0])):
        r, c = row_of[b[1]], col_of[b[0]]
        colspan = _span(xs, b[0] - 1.5, b[2] - 1.5)
        rowspan = _span(ys, b[1] - 1.5, b[3] - 1.5)
        cell = CellIn(r, c, "", rowspan, colspan)
        cells.append(cell)
        spans.append((cell, b))
    # characters of each cell, by visual line (midpoints sorted by y, so each cell
    # looks only at the characters in its rows: a 100-cell table, 2,000 characters)
    if mids is None:
        mids = _midpoints(char_line)
    ys_mid = [m[0] for m in mids]
    row_first_line: dict[int, int] = {}
    cell_chars: dict[tuple[int, int], tuple[int, list[list[dict]]]] | None = {} if keep_chars else None
    for cell, b in spans:
        by_line: dict[int, list[dict]] = {}
        for k in sorted(m[2] for m in mids[bisect_left(ys_mid, b[1]):bisect_right(ys_mid, b[3])] if b[0] <= m[1] <= b[2]):
            ch, no = char_line[k]
            by_line.setdefault(no, []).append(ch)
        groups = [sorted(by_line[no], key=_X0) for no in sorted(by_line)]
        if len(groups) > 1:
            # the page's lines may split one line of a cell: a merged cell's text centred beside it
            # started a page line higher up, and a character a fraction of a point lower fell out
            # of it ("2200 00 ." for 2200.00); a cell's lines are its own characters' lines
            groups = [sorted(row, key=_X0) for row in _cluster_lines([ch for g in groups for ch in g])]
        lines = [_line_text(g) for g in groups]
        cell.text = normalize_lines(lines)[0]
        if cell_chars is not None:
            cell_chars[(cell.row, cell.col)] = (page_no, groups)
        confs = [ch["conf"] for chs in by_line.values() for ch in chs if "conf" in ch]
        if confs:
            cell.conf = min(confs)
        if by_line:
            first = min(by_line)
            if cell.row not in row_first_line or first < row_first_line[cell.row]:
                row_first_line[cell.row] = first
    n_rows = len(ys)
    row_locs: dict[int, tuple[int | None, int]] = {}
    last = min(row_first_line.values()) if row_first_line else 1
    for r in range(n_rows):
        last = row_first_line.get(r, last)
        row_locs[r] = (page_no, last)
    bbox = table.bbox
    return PTable(page_no, bbox[1], bbox[3], len(xs), cells, row_locs, n_rows, cell_chars=cell_chars)


def _continue_table(prev: PTable, nxt: PTable) -> None:
    """Append ``nxt`` (the same table continued on the next page) to ``prev``."""
    first_prev = sorted((c for c in prev.cells if c.row == 0), key=lambda c: c.col)
    first_next = sorted((c for c in nxt.cells if c.row == 0), key=lambda c: c.col)
    skip_header = bool(first_next) and [c.text for c in first_prev] == [c.text for c in first_next] and any(
        c.text for c in first_next
    )
    last_row = prev.n_rows - 1
    covering = {}  # grid col -> the prev cell covering the last row there from above
    for c in prev.cells:
        if c.row < last_row <= c.row + c.rowspan - 1:
            for k in range(c.col, c.col + c.colspan):
                covering[k] = c
    offset = prev.n_rows - (1 if skip_header else 0)
    for c in nxt.cells:
        if skip_header and c.row == 0:
            continue
        if c.row == 0 and not c.text and c.col in covering and covering[c.col].colspan == c.colspan:
            covering[c.col].rowspan += c.rowspan  # a vertical merge running over the page break
            continue
        prev.cells.append(CellIn(c.row + offset, c.col, c.text, c.rowspan, c.colspan, c.conf))
        if prev.cell_chars is not None and nxt.cell_chars is not None and (c.row, c.col) in nxt.cell_chars:
            prev.cell_chars[(c.row + offset, c.col)] = nxt.cell_chars[(c.row, c.col)]
    for r, loc in nxt.row_locs.items():
        if skip_header and r == 0:
            continue
        prev.row_locs[r + offset] = loc
    prev.n_rows += nxt.n_rows - (1 if skip_header else 0)


def _is_margin_repeat(count: int, pages: int) -> bool:
    return pages >= 2 and count >= max(2, (pages * 6 + 9) // 10)


ENGINES = ("auto", "pdfium", "pdfplumber")


def read(path: str, limits: ReadLimits = DEFAULT_LIMITS, char_boxes=None) -> Document:
    """``char_boxes``: a ``pdf_boxes.Boxes`` to fill with every character's box (for
    annotating the original; the check itself never asks, so it pays nothing)."""
    with open(path, "rb") as f:
        head = f.read(1024)
    if not head:
        raise ReadError("empty", "文件为空")
    if b"%PDF" not in head:
        raise ReadError("corrupt", "文件已损坏或格式不符（不是 PDF 文件）")
    engine = limits.pdf_engine
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r} (one of {', '.join(ENGINES)})")
    src = None
    try:
        src = _open_pages(path, limits, engine)
        try:
            return _read(src, path, char_boxes)
        except ReadError:
            raise
        except Exception:
            # auto: PDFium opened the file but failed on a page (a page tree whose /Count
            # says 5 for 1 page): pdfminer may read it, as when PDFium cannot open it
            if engine != "auto" or src.__class__.__name__ != "PdfiumPages":
                raise
            src.close()
            src = None
            from .pdf_plumber import PlumberPages

            src = PlumberPages(path, limits)
            return _read(src, path, char_boxes)
    except ReadError:
        raise
    except Exception as e:  # pdfminer/PDFium may fail anywhere: opening, the limits, a page
        raise open_error(repr(e), f"文件已损坏或格式不符（PDF 解析失败：{type(e).__name__}）") from e
    finally:
        if src is not None:
            src.close()


def _open_pages(path: str, limits: ReadLimits, engine: str):
    """The pages from PDFium, or from pdfplumber (forced, or PDFium could not open the file)."""
    if engine != "pdfplumber":
        from .pdf_pdfium import PdfiumPages
        from .pdf_scan import check_file

        check_file(path, limits)  # forms drawn in forms, Flate bombs, the document's budget
        try:
            return PdfiumPages(path, limits)
        except ReadError as e:
            if engine == "pdfium" or e.code not in ("corrupt", "encrypted"):
                raise
            # auto: pdfminer is more lenient with some damage, and says why it is not
    from .pdf_plumber import PlumberPages

    return PlumberPages(path, limits)


_OCR_MAX_CHARS = 20  # a scanned page may carry a stray text layer (a stamp, a page number)
_OCR_DPI = (150, 300)


class _OcrTable:
    """What ``_read_table`` needs of a pdfplumber table: cell boxes and a bbox."""

    def __init__(self, cells: list[tuple[float, float, float, float]]) -> None:
        self.cells = cells
        self.bbox = (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))


def _is_scan(page: PageData, chars: list[dict]) -> bool:
    printed = 0
    for c in chars:
        if c["text"].strip():
            printed += 1
            if printed >= _OCR_MAX_CHARS:
                return False
    area = float(page.width) * float(page.height)
    covered = 0.0
    for im in page.images:
        covered += max(0.0, float(im["x1"]) - float(im["x0"])) * max(0.0, float(im["bottom"]) - float(im["top"]))
    return covered >= 0.5 * area


def _scan_dpi(page: PageData) -> float:
    best = 0.0
    for im in page.images:
        w_pt = float(im["x1"]) - float(im["x0"])
        src = im.get("srcsize") or (0, 0)
        if w_pt > 0 and src[0]:
            best = max(best, src[0] / w_pt * 72)
    return min(max(best or 200.0, _OCR_DPI[0]), _OCR_DPI[1])


_OCR_MIN_DPI = 100  # below this a scan's characters are a few pixels high: not worth reading


def _render_dpi(page: PageData, limits: ReadLimits) -> float:
    """The scan's resolution, lowered so the rendered page stays within
    ``max_render_pixels``; a page too large to render even at 100 dpi (a 14,400-pt
    page at 150 dpi is 900 million pixels, 8.7 GB through OCR) is refused."""
    dpi = _scan_dpi(page)
    area = float(page.width) * float(page.height) / 72 / 72  # square inches
    fit = (limits.max_render_pixels / area) ** 0.5 if area > 0 else dpi
    if fit < _OCR_MIN_DPI:
        cm = f"{float(page.width) / 72 * 2.54:.0f}×{float(page.height) / 72 * 2.54:.0f} 厘米"
        raise ReadError("too-large", f"第 {page.number} 页尺寸过大（{cm}），无法按扫描件识别")
    return min(dpi, fit)


def _ocr_page(src, page: PageData, limits: ReadLimits = DEFAULT_LIMITS) -> tuple[list[dict], list[_OcrTable]]:
    """OCR one scanned page: character dicts in PDF points (with ``conf``) and its ruled tables."""
    from .. import ocr

    dpi = _render_dpi(page, limits)
    result = ocr.read_page(src.render(page.number - 1, dpi / 72))
    k = 72 / dpi
    chars = []
    for ch in result.chars:
        h = (ch.bottom - ch.top) * k
        chars.append({"text": ch.text, "x0": ch.x0 * k, "x1": ch.x1 * k, "top": ch.top * k, "bottom": ch.bottom * k,
                      "size": 0.75 * h, "upright": True, "conf": ch.conf})
    tables = [_OcrTable([(x0 * k, t * k, x1 * k, b * k) for x0, t, x1, b in cells]) for cells in result.tables]
    return chars, tables


def _read(src, path: str, char_boxes=None) -> Document:
    """``src``: the pages from an engine (``PdfiumPages`` or ``PlumberPages``)."""
    from .. import ocr

    can_ocr = ocr.available()
    n_pages = src.n_pages
    # per page: items (top, kind, obj) in reading order; page height
    pages: list[list[tuple[float, str, object]]] = []
    heights: list[float] = []
    widths: list[float] = []
    any_text = False
    diagnostics: list[str] = []
    scanned: list[int] = []  # scanned pages left unread (no OCR engine)
    ocr_pages = 0
    for page in src:
        pno, chars = page.number, page.chars
        _em_wide(chars)
        heights.append(page.height)
        widths.append(page.width)
        ocr_tables: list[_OcrTable] | None = None
        if _is_scan(page, chars):
            if can_ocr:
                chars, ocr_tables = _ocr_page(src, page, src.limits)
                ocr_pages += 1
            else:
                scanned.append(pno)
                chars = []
        if not chars or not any(c["text"].strip() for c in chars):
            pages.append([])
            if n_pages > 1 and pno not in scanned:
                diagnostics.append(f"第 {pno} 页没有文字层（可能是扫描图片）")
            continue
        any_text = True
        if ocr_tables is not None:
            tables = ocr_tables
        else:
            tables = page.find_tables()
        boxes = [t.bbox for t in tables]
        rows = _cluster_lines(chars)
        items: list[tuple[float, str, object]] = []
        char_line: list[tuple[dict, int]] = []
        for no, row in enumerate(rows, start=1):
            if boxes:
                body = []
                for c in row:  # is its midpoint inside (or on the edge of) a table's box?
                    x = (c["x0"] + c["x1"]) / 2
                    y = (c["top"] + c["bottom"]) / 2
                    for bx0, by0, bx1, by1 in boxes:
                        if bx0 <= x <= bx1 and by0 <= y <= by1:
                            char_line.append((c, no))
                            break
                    else:
                        body.append(c)
            else:
                body = row[:]
            body.sort(key=_X0)
            while body and not body[-1]["text"].strip():
                body.pop()
            while body and not body[0]["text"].strip():
                body.pop(0)
            if body:
                ln = _line(no, body, char_boxes is not None)
                items.append((ln.top, "line", ln))
        mids = _midpoints(char_line) if tables else None
        for t in tables:
            pt = _read_table(t, pno, char_line, char_boxes is not None, mids)
            if pt is not None and any(c.text for c in pt.cells):
                items.append((pt.top, "table", pt))
        items.sort(key=lambda it: it[0])
        pages.append(items)
    if not any_text:
        if scanned:
            raise ReadError("scanned", MISSING_REASON)
        if ocr_pages:
            raise ReadError("scanned", "扫描件未识别出文字（OCR 未读到任何文字）")
        raise ReadError("scanned", "扫描件无文字层：未发现可提取的文字")
    if scanned:
        pages_list = "、".join(str(p) for p in scanned)
        diagnostics.append(f"第 {pages_list} 页是扫描图片，未识别：{MISSING_REASON.split('：', 1)[1]}")
    if ocr_pages:
        diagnostics.append(f"{ocr_pages} 页扫描图片经 OCR 识别，数字请核对原件")

    _drop_headers_footers(pages, heights, n_pages)

    # layout metrics of the running text
    body_lines = [it[2] for items in pages for it in items if it[1] == "line"]
    sizes = Counter(s for ln in body_lines for s in ln.head_sizes)
    size = float(sizes.most_common(1)[0][0]) if sizes else 12.0
    size = size or 12.0
    lefts = Counter(round(ln.x0) for ln in body_lines)
    left = float(min(x for x, n in lefts.items() if n >= max(1, lefts.most_common(1)[0][1] // 3))) if lefts else 0.0
    page_w = max(widths) if widths else 600.0
    rights = sorted(ln.x1 for ln in body_lines if ln.x1 <= page_w - 10)
    right = rights[int(len(rights) * 0.95)] if rights else page_w

    b = DocumentBuilder(path, "pdf")
    b.diagnostics.extend(diagnostics)
    para: list[tuple[Line, int]] = []  # (line, page)
    open_table: PTable | None = None

    def flush() -> None:
        if not para:
            return
        text, starts = normalize_lines([ln.text for ln, _ in para])
        marks = [(off, ln.no, pg) for off, (ln, pg) in zip(starts, para, strict=True)]
        block = b.add_block(text, page=para[0][1], lines=marks)
        if block is not None and char_boxes is not None:
            char_boxes.add_paragraph(block.start, text, starts, para)
        if block is not None:
            ends = [*starts[1:], len(text)]
            for (ln, _), s0, e0 in zip(para, starts, ends, strict=True):
                if ln.conf is not None and e0 > s0:
                    b.ocr_spans.append((block.start + s0, block.start + e0, ln.conf))
        para.clear()

    def flush_table() -> None:
        nonlocal open_table
        if open_table is not None:
            table = b.add_table(open_table.cells, page=open_table.page, row_locs=open_table.row_locs)
            if table is not None and char_boxes is not None:
                char_boxes.add_table(table, open_table)
            open_table = None

    for pno, items in enumerate(pages, start=1):
        for i, (_, kind, obj) in enumerate(items):
            if kind == "table":
                flush()
                assert isinstance(obj, PTable)
                if open_table is not None and i == 0 and open_table.n_cols == obj.n_cols and open_table.page == pno - 1:
                    _continue_table(open_table, obj)
                    open_table.last_page = pno
                else:
                    flush_table()
                    open_table = obj
                    open_table.last_page = pno
                # a table can only continue if it is the last thing on its page
                if i != len(items) - 1:
                    flush_table()
                continue
            assert isinstance(obj, Line)
            flush_table()
            if para and not _continues(para[-1][0], obj, left, right, size):
                flush()
            para.append((obj, pno))
        # a table continued on the next page must be the next page's first item
        if open_table is not None and open_table.last_page != pno:
            flush_table()
        if open_table is not None and pno < n_pages and not (pages[pno] and pages[pno][0][1] == "table"):
            flush_table()
    flush()
    flush_table()
    doc = b.build(pages=n_pages)
    if not doc.blocks:
        raise ReadError("scanned", "扫描件无文字层：未发现可提取的文字")
    return doc


def _first_token_width(chars: list[dict]) -> float:
    i = 0
    while i < len(chars) and chars[i]["text"] in _OPEN:
        i += 1
    if i < len(chars):
        t = chars[i]["text"]
        if t.isascii() and t.isalnum():
            while i + 1 < len(chars) and chars[i + 1]["text"].isascii() and (
                chars[i + 1]["text"].isalnum() or chars[i + 1]["text"] in ".,%-/"
            ):
                i += 1
        while i + 1 < len(chars) and chars[i + 1]["text"] in _CLOSE:
            i += 1
    i = min(i, len(chars) - 1)
    return chars[i]["x1"] - chars[0]["x0"]


_OPEN_END = re.compile(r"[，,、；;]\s*$")


def _continues(prev: Line, nxt: Line, left: float, right: float, size: float) -> bool:
    """Does ``nxt`` continue the paragraph that ``prev`` ends?"""
    text = normalize_line(nxt.text).lstrip()
    if _MARKER.match(text):
        return False
    room = right - prev.x1
    full = room < nxt.token_w + 0.25 * size
    # a line ending inside its sentence ("…市级配套资金到位1,360.00万元，") goes on, however short
    if not full and not _OPEN_END.search(normalize_line(prev.text)):
        return False
    if nxt.x0 > left + 0.75 * size:
        # indented: a new paragraph, unless both lines are centred (a wrapped title)
        centred = abs((nxt.x0 - left) - (right - nxt.x1)) < size
        return centred and prev.x0 > left + 1
    return True


def _drop_headers_footers(pages: list[list[tuple[float, str, object]]], heights: list[float], n_pages: int) -> None:
    """Remove page numbers and running headers/footers (lines repeated near the same
    place on most pages) from the items of each page, in place."""
    keys: Counter[tuple[str, int]] = Counter()
    for pno, items in enumerate(pages):
        h = heights[pno]
        seen = set()
        for _, kind, obj in items:
            if kind == "line" and isinstance(obj, Line) and (obj.top < 0.12 * h or obj.bottom > 0.88 * h):
                k = (re.sub(r"\d+", "#", normalize_line(obj.text).strip()), round(obj.top / 6))
                if k not in seen:
                    seen.add(k)
                    keys[k] += 1
    for pno, items in enumerate(pages):
        h = heights[pno]
        keep = []
        lines_idx = [i for i, it in enumerate(items) if it[1] == "line"]
        edge = set(lines_idx[:2] + lines_idx[-2:])
        for i, it in enumerate(items):
            obj = it[2]
            if it[1] == "line" and isinstance(obj, Line):
                if obj.top < 0.12 * h or obj.bottom > 0.88 * h:  # in the margins (a body line is kept)
                    t = normalize_line(obj.text).strip()
                    if i in edge and _PAGE_NO.match(t):
                        continue
                    k = (re.sub(r"\d+", "#", t), round(obj.top / 6))
                    if _is_margin_repeat(keys[k], n_pages):
                        continue
            keep.append(it)
        items[:] = keep
