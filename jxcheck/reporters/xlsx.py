"""A workbook for a batch: sheet 发现 (findings) with one row per finding and
sheet 文件 (files) with one row per report. Both have a frozen, bold header and
an autofilter so a finance bureau can filter by rule, severity or file."""
from __future__ import annotations

from typing import IO, Any

from ..result import FileResult
from .common import COLUMNS, rows

FILE_COLUMNS = ("path", "status", "error", "format", "pages", "errors", "warnings", "infos", "unassessed",
                "failed_rules")
WIDTHS = {"path": 40, "message": 60, "figures": 30, "context": 80, "error": 30}


def _sheet(ws: Any, columns: tuple[str, ...], data: list[list[Any]]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws.append(list(columns))
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in data:
        ws.append(row)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(data) + 1)}"
    for i, col in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(col, 12)


def render(results: list[FileResult], stream: IO[bytes], **_: Any) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "发现"
    _sheet(ws, COLUMNS, [[row[c] for c in COLUMNS] for row in rows(results)])
    files = []
    for r in results:
        c = r.counts()
        files.append([r.path, r.status, r.error or "", r.format or "", r.pages,
                      c["error"], c["warning"], c["info"], len(r.unassessed),
                      ", ".join(x.rule for x in r.failed_rules)])
    _sheet(wb.create_sheet("文件"), FILE_COLUMNS, files)
    wb.save(stream)
