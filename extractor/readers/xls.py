"""Excel 97–2003 workbooks (.xls, and WPS .et in the same BIFF8 format) read
directly with xlrd 2.x, the optional extra ``pip install 'jxcheck[xls]'``.

xlrd is pure Python with no dependencies and reads the BIFF records themselves,
so no converter runs and every cell keeps its own address (``自评表!G6`` is G6
in Excel, nothing "after conversion"). Cells go through the XLSX reader's sheet
logic (``xlsx._sheet_table``: the cell budget, merged ranges clipped to the grid)
and its number rendering (``xlsx.render`` with the cell's number format, read
from the XF records: ``0.00%`` → ``77.04%``). Values are the cached results, as
for XLSX. Without xlrd, .xls/.et go through LibreOffice (``legacy.py``).
"""
from __future__ import annotations

import importlib.util
import io
from types import SimpleNamespace

from ..build import DocumentBuilder
from ..errors import ReadError
from ..model import Document
from .limits import DEFAULT_LIMITS, ReadLimits


def available() -> bool:
    return importlib.util.find_spec("xlrd") is not None


class _Sheet:
    """What ``xlsx._sheet_table`` asks of a sheet, from an xlrd sheet."""

    def __init__(self, book, sheet) -> None:
        self.book = book
        self.sheet = sheet
        self.ws = SimpleNamespace(title=sheet.name)
        # xlrd: (row_lo, row_hi, col_lo, col_hi), 0-based, hi exclusive -> 1-based inclusive
        self.merges = [(r0 + 1, c0 + 1, r1, c1) for r0, r1, c0, c1 in sheet.merged_cells]
        self.complete = True

    def cells(self):
        import xlrd

        book, sh = self.book, self.sheet
        for r in range(sh.nrows):
            for c, cell in enumerate(sh.row(r)):
                t = cell.ctype
                if t in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                    continue
                value = cell.value
                fmt = "General"
                if t in (xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_DATE):
                    try:
                        fmt = book.format_map[book.xf_list[cell.xf_index].format_key].format_str
                    except (IndexError, KeyError, AttributeError):
                        pass
                if t == xlrd.XL_CELL_DATE:
                    try:
                        value = xlrd.xldate_as_datetime(value, book.datemode)
                    except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                        pass
                elif t == xlrd.XL_CELL_BOOLEAN:
                    value = bool(value)
                yield r + 1, c + 1, value, fmt

    def read_merges(self) -> None:
        return None


def read(path: str, limits: ReadLimits = DEFAULT_LIMITS) -> Document:
    import os

    import xlrd

    from .xlsx import TextBudget, _sheet_table

    fmt = os.path.splitext(path)[1].lower().lstrip(".") or "xls"
    try:
        # xlrd writes its warnings to a log file (stdout by default): never onto our output
        book = xlrd.open_workbook(path, formatting_info=True, on_demand=True, logfile=io.StringIO())
    except MemoryError:
        raise
    except Exception as e:  # XLRDError, CompDocError and whatever a malformed record raises
        if "encrypt" in str(e).lower():
            raise ReadError("encrypted", "文件已加密（设置了打开密码），无法读取") from e
        raise ReadError("corrupt", "文件已损坏或格式不符（无法读取 Excel 97–2003 工作簿）") from e
    b = DocumentBuilder(path, fmt)
    budget = TextBudget(limits)
    try:
        for i in range(book.nsheets):
            sh = book.sheet_by_index(i)
            got = _sheet_table(_Sheet(book, sh), b.diagnostics, budget)
            book.unload_sheet(i)
            if got is None:
                continue
            cells, origin = got
            b.add_block(sh.name, heading=True, level=1)
            b.add_table(cells, sheet=sh.name, origin=origin)
    except ReadError:
        raise
    except Exception as e:  # xlrd raises many kinds on malformed records
        raise ReadError("corrupt", f"文件已损坏或格式不符（{type(e).__name__}）") from e
    finally:
        book.release_resources()
    doc = b.build()
    if not doc.blocks:
        raise ReadError("empty", "文件为空（工作簿中没有数据）")
    return doc
