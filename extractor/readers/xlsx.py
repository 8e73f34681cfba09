"""XLSX (openpyxl): each sheet's used range becomes one table, after a heading
block with the sheet name.

Values are the cached results (``data_only=True``; a workbook never opened in
Excel has no cached formula results — those cells read as empty; no diagnostic
is given yet). Numbers are rendered as Excel shows them: the number format
decides the decimals (0.7704 with ``0.00%`` → ``77.04%``), General numbers
lose float noise (0.30000000000000004 → ``0.3``). Numbers stored as text stay
text. A merged range is read once, at its top-left cell.

Sheets are streamed (no cell object for the empty grid) within a cell budget
that counts the used range's extent, not only its filled cells; merged ranges
are clipped to it (see ``_sheet_table``); the cells' text has a budget too
(``TextBudget``).
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile

from ..build import CellIn, DocumentBuilder
from ..errors import ReadError
from ..model import Document
from ..normalize import normalize_lines
from ._ole import check_ooxml
from .limits import DEFAULT_LIMITS, ReadLimits

MAX_CELLS = 200_000  # per sheet: cells with a value read, and cells in the grid
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def _decimals(fmt: str) -> tuple[int, bool, bool] | None:
    """(decimals, percent, thousands) for a numeric format, or None for General/text."""
    if not fmt or fmt == "General" or fmt == "@":
        return None
    sect = _QUOTED.sub("", fmt.split(";")[0])
    if not re.search(r"[0#?]", sect):
        return None
    m = re.search(r"\.([0#?]+)", sect)
    dec = len(m.group(1)) if m else 0
    return dec, "%" in sect, "," in sect


def render(value, fmt: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (dt.datetime, dt.date)):
        if isinstance(value, dt.datetime) and value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, (int, float)):
        spec = _decimals(fmt)
        if spec is None:
            if isinstance(value, int) or float(value).is_integer():
                return str(int(value))
            return f"{value:.15g}"
        dec, pct, thousands = spec
        v = value * 100 if pct else value
        s = f"{v:{',' if thousands else ''}.{dec}f}"
        if s.startswith("-") and not s.strip("-0.,"):
            s = s[1:]  # -0.00
        return s + ("%" if pct else "")
    return str(value)


class _Sheet:
    """One worksheet streamed by openpyxl's own sheet parser (the one its
    read-only mode uses): cells as they are in the XML, nothing built for the
    empty grid between them, merged ranges as four numbers each. openpyxl's
    normal mode builds every cell of a merged range (``A1:XFD1048576``: 17
    billion cells from 1.6 KB)."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.merges: list[tuple[int, int, int, int]] = []  # min_row, min_col, max_row, max_col
        self.complete = False  # every row was read, so the merges are known

    def _parser(self, src):
        from openpyxl.worksheet._reader import WorkSheetParser

        wb = self.ws.parent
        return WorkSheetParser(src, self.ws._shared_strings, data_only=wb.data_only, epoch=wb.epoch,
                               date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)

    def cells(self):
        """(row, column, value, number format) of every cell with a value, in file order."""
        from openpyxl.cell.read_only import ReadOnlyCell

        with self.ws._get_source() as src:
            parser = self._parser(src)
            for _, row in parser.parse():
                for c in row:
                    if c["value"] is not None:
                        yield c["row"], c["column"], c["value"], ReadOnlyCell(self.ws, **c).number_format
            self.merges = _merge_bounds(parser.merged_cells)
            self.complete = True

    def read_merges(self) -> None:
        """The merged ranges, when the rows were not all read (a sheet over the
        budget): a second pass that skips the cells."""
        if self.complete:
            return
        from openpyxl.worksheet.merge import MergeCells
        from openpyxl.xml.functions import iterparse
        tag = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}mergeCells"
        with self.ws._get_source() as src:  # the DOCTYPE guard already ran on every part
            for _, el in iterparse(src):
                if el.tag == tag:
                    self.merges = _merge_bounds(MergeCells.from_tree(el))
                    break
                el.clear()
        self.complete = True


def _merge_bounds(mc) -> list[tuple[int, int, int, int]]:
    from openpyxl.utils.cell import range_boundaries

    out = []
    for m in (mc.mergeCell if mc is not None else ()):
        min_col, min_row, max_col, max_row = range_boundaries(m.ref)
        out.append((min_row, min_col, max_row or min_row, max_col or min_col))
    return out


class TextBudget:
    """A workbook's text, counted as its cells are read: a cell of at most
    ``max_line_chars`` (Excel itself holds at most 32,767 characters in a cell) and at
    most ``max_text_chars`` in all. One shared string of 1 MB is cheap to store once and
    to reference from 5,000 cells, which made 5 billion characters of cell text (killed
    at the 2 GB memory limit after 200 s); it is refused at its first cell."""

    def __init__(self, limits: ReadLimits = DEFAULT_LIMITS) -> None:
        self.limits, self.total = limits, 0

    def take(self, title: str, row: int, col: int, text: str) -> None:
        lim = self.limits
        if len(text) > lim.max_line_chars:
            from openpyxl.utils.cell import get_column_letter

            raise ReadError("too-complex", f"工作表 {title} 的单元格 {get_column_letter(col)}{row} 过长"
                                           f"（{len(text):,} 个字符，上限 {lim.max_line_chars:,} 个），不像自评表，未检查")
        self.total += len(text)
        if self.total > lim.max_text_chars:
            raise ReadError("too-large", f"文字过多（单元格合计超过 {lim.max_text_chars:,} 个字符），未检查")


def _sheet_table(sheet: _Sheet, diagnostics: list[str],
                 budget: TextBudget | None = None) -> tuple[list[CellIn], tuple[int, int]] | None:
    """The sheet's used range as table cells, within a budget of MAX_CELLS: at
    most that many cells with a value are read, and the grid (rows × columns of
    the used range, which the table is built over) holds at most that many
    cells — a cell that would stretch it further is left out (``A1`` and
    ``XFD1048576``: two cells, a grid of 17 billion). Merged ranges are clipped
    to that grid."""
    title = sheet.ws.title
    values: dict[tuple[int, int], str] = {}
    n = dropped = 0
    r0 = c0 = r1 = c1 = 0
    last_row = None
    for r, c, value, fmt in sheet.cells():
        if r != last_row:
            if n > MAX_CELLS:  # checked at the end of a row, as a row is read whole
                break
            last_row = r
        n += 1
        raw = render(value, fmt)
        if budget is not None:
            budget.take(title, r, c, raw)
        text = normalize_lines(raw.split("\n"))[0]
        if not text:
            continue
        if values:
            nr0, nc0, nr1, nc1 = min(r0, r), min(c0, c), max(r1, r), max(c1, c)
            if (nr1 - nr0 + 1) * (nc1 - nc0 + 1) > MAX_CELLS:
                dropped += 1
                continue
            r0, c0, r1, c1 = nr0, nc0, nr1, nc1
        else:
            r0, c0, r1, c1 = r, c, r, c
        values[(r, c)] = text
    if n > MAX_CELLS:
        diagnostics.append(f"工作表 {title} 过大，只读取了前 {MAX_CELLS} 个单元格")
    if dropped:
        diagnostics.append(f"工作表 {title} 范围过大，超出 {MAX_CELLS} 个单元格的 {dropped} 个单元格未读取")
    if not values:
        return None
    sheet.read_merges()
    # merged ranges clipped to the grid: a covered slot is no cell of its own
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    work = 0
    for mr0, mc0, mr1, mc1 in sheet.merges:
        merged[(mr0, mc0)] = (mr1 - mr0 + 1, mc1 - mc0 + 1)
        lo_r, lo_c, hi_r, hi_c = max(mr0, r0), max(mc0, c0), min(mr1, r1), min(mc1, c1)
        if lo_r > hi_r or lo_c > hi_c:
            continue
        work += (hi_r - lo_r + 1) * (hi_c - lo_c + 1)
        if work > 4 * MAX_CELLS:  # overlapping ranges: no real sheet has them
            diagnostics.append(f"工作表 {title} 的合并单元格过多，其余合并已忽略")
            break
        for r in range(lo_r, hi_r + 1):
            for c in range(lo_c, hi_c + 1):
                if (r, c) != (mr0, mc0):
                    covered.add((r, c))
    values = {k: v for k, v in values.items() if k not in covered}
    if not values:
        return None
    r0 = min(r for r, _ in values)
    c0 = min(c for _, c in values)
    r1 = max(r for r, _ in values)
    c1 = max(c for _, c in values)
    cells: list[CellIn] = []
    for r in range(r0, r1 + 1):
        for c in range(c0, c1 + 1):
            if (r, c) in covered:
                continue
            rs, cs = merged.get((r, c), (1, 1))
            rs = min(rs, r1 - r + 1)
            cs = min(cs, c1 - c + 1)
            cells.append(CellIn(r - r0, c - c0, values.get((r, c), ""), rs, cs))
    return cells, (r0, c0)


def read(path: str, limits: ReadLimits = DEFAULT_LIMITS) -> Document:
    check_ooxml(path, "xl/workbook.xml", "XLSX", ".xls", limits)
    b = DocumentBuilder(path, "xlsx")
    wb = None
    try:
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        budget = TextBudget(limits)
        for ws in wb.worksheets:
            got = _sheet_table(_Sheet(ws), b.diagnostics, budget)
            if got is None:
                continue
            cells, origin = got
            b.add_block(ws.title, heading=True, level=1)
            b.add_table(cells, sheet=ws.title, origin=origin)
    except ReadError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError) as e:
        raise ReadError("corrupt", "文件已损坏或格式不符（无法打开 Excel 工作簿）") from e
    except Exception as e:  # openpyxl raises many kinds on malformed parts
        raise ReadError("corrupt", f"文件已损坏或格式不符（{type(e).__name__}）") from e
    finally:
        if wb is not None:
            wb.close()
    doc = b.build()
    if not doc.blocks:
        raise ReadError("empty", "文件为空（工作簿中没有数据）")
    return doc
