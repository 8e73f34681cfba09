"""An XLSX copy with every figure's cell filled and a cell comment naming each
finding on it (openpyxl). The workbook keeps its formulas (it is opened as it is,
not with cached values); openpyxl does not carry images and charts over."""
from __future__ import annotations

from typing import IO

from rules.finding import Evidence, Finding

from . import AUTHOR, note

FILLS = {"error": "FFFF8A80", "warning": "FFFFD54F", "info": "FF90CAF9"}
_RANK = {"info": 1, "warning": 2, "error": 3}


def annotate(path: str, items: list[tuple[Finding, list[Evidence]]], out: IO[bytes], shift: int = 0,
             limits=None) -> None:
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    wb = openpyxl.load_workbook(path)
    cells: dict[tuple[str, str], list[Finding]] = {}
    for f, evs in items:
        for e in evs:
            if e.sheet is None or e.cell is None or e.sheet not in wb.sheetnames:
                continue
            fs = cells.setdefault((e.sheet, e.cell), [])
            if f not in fs:
                fs.append(f)
    for (sheet, ref), fs in cells.items():
        c = wb[sheet][ref]
        worst = max(fs, key=lambda f: _RANK.get(f.severity, 0)).severity
        color = FILLS.get(worst, FILLS["warning"])
        c.fill = PatternFill(fill_type="solid", start_color=color, end_color=color)
        text = "\n\n".join(note(f, f.evidence) for f in fs)
        if c.comment is not None and c.comment.text:
            text = c.comment.text.rstrip() + "\n\n" + text
        cm = Comment(text, AUTHOR)
        cm.width, cm.height = 320, min(60 + 18 * text.count("\n") + 14 * (len(text) // 24), 600)
        c.comment = cm
    wb.save(out)
