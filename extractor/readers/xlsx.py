"""XLSX (openpyxl): each sheet's used range becomes one table, after a heading
block with the sheet name.

Values are the cached results (``data_only=True``; a workbook never opened in
Excel has no cached formula results — those cells read as empty; no diagnostic
is given yet). Numbers are rendered as Excel shows them: the number format
decides the decimals (0.7704 with ``0.00%`` → ``77.04%``), General numbers
lose float noise (0.30000000000000004 → ``0.3``). Numbers stored as text stay
text. A merged range is read once, at its top-left cell.
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

MAX_CELLS = 200_000
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


def read(path: str, limits: ReadLimits = DEFAULT_LIMITS) -> Document:
    check_ooxml(path, "xl/workbook.xml", "XLSX", ".xls", limits)
    try:
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=False, data_only=True)
    except ReadError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError) as e:
        raise ReadError("corrupt", "文件已损坏或格式不符（无法打开 Excel 工作簿）") from e
    except Exception as e:  # openpyxl raises many kinds on malformed parts
        raise ReadError("corrupt", f"文件已损坏或格式不符（{type(e).__name__}）") from e

    b = DocumentBuilder(path, "xlsx")
    for ws in wb.worksheets:
        merged: dict[tuple[int, int], tuple[int, int]] = {}
        covered: set[tuple[int, int]] = set()
        for rng in ws.merged_cells.ranges:
            merged[(rng.min_row, rng.min_col)] = (rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1)
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) != (rng.min_row, rng.min_col):
                        covered.add((r, c))
        values: dict[tuple[int, int], str] = {}
        n = 0
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None or (cell.row, cell.column) in covered:
                    continue
                text = normalize_lines(render(cell.value, cell.number_format).split("\n"))[0]
                if text:
                    values[(cell.row, cell.column)] = text
                n += 1
            if n > MAX_CELLS:
                b.diagnostics.append(f"工作表 {ws.title} 过大，只读取了前 {MAX_CELLS} 个单元格")
                break
        if not values:
            continue
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
        b.add_block(ws.title, heading=True, level=1)
        b.add_table(cells, sheet=ws.title, origin=(r0, c0))
    wb.close()
    doc = b.build()
    if not doc.blocks:
        raise ReadError("empty", "文件为空（工作簿中没有数据）")
    return doc
