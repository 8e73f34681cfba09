"""The screening workbook for a finance bureau: which reports to look at first.

Sheet 文件 (first): one row per report — 文件, 项目名称, 单位, 年度, 总分, 等次,
错误, 警告, 未能核对, 状态, 风险排序, 风险分, then one column per rule category
(findings of that category) and 说明 (why a file was not checked, notes). Rows are
sorted by risk (rank 1 first; files without findings after, in input order), and a
totals row (合计) sits below the filtered range so sorting and filtering leave it
alone. The risk counts one root cause once (``common.root_causes``: findings that
share a figure), weighted by its worst severity.

Sheet 发现: every finding with every location (位置) and the file's notes.
Sheet 未能核对: the checks rules could not make, in the same columns.
Every sheet: bold frozen header, autofilter, Chinese headers.
"""
from __future__ import annotations

from typing import IO, Any

from ..result import FileResult, visible_result
from .common import (
    CATEGORY_ZH,
    SEV_ZH,
    STATUS_ZH,
    cell_text,
    file_notes,
    formula_like,
    locations,
    ordered,
    risk,
    risk_ranks,
)
from .common import statistics as batch_statistics

FILE_HEADERS = ("文件", "项目名称", "单位", "年度", "总分", "等次", "错误", "警告", "未能核对", "状态",
                "风险排序", "风险分")
FINDING_HEADERS = ("文件", "规则", "名称", "类别", "严重程度", "说明", "报告写为", "应为", "位置", "数字",
                   "原文", "备注")
STAT_HEADERS = ("规则", "名称", "类别", "严重程度", "发现数", "涉及文件数")
WIDTHS = {"文件": 40, "项目名称": 30, "单位": 20, "说明": 60, "原文": 80, "位置": 28, "数字": 24, "备注": 30}


def _sheet(ws: Any, headers: tuple[str, ...], data: list[list[Any]], totals: list[Any] | None = None) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws.append(list(headers))
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in data:
        _append(ws, row)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, len(data) + 1)}"
    if totals is not None:
        _append(ws, totals)
        for c in ws[ws.max_row]:
            c.font = Font(bold=True)
    for i, h in enumerate(headers, 1):
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(h, max(8, 2 * len(h) + 2))


def _append(ws: Any, row: list[Any]) -> None:
    """Append a row of values; text is data, never a formula. A string starting with
    ``=`` is stored as text (openpyxl would write it as a formula), and every
    formula-like cell gets Excel's quote prefix, so editing it keeps it text."""
    ws.append([cell_text(v, quote=False) if isinstance(v, str) else v for v in row])
    for c in ws[ws.max_row]:
        if isinstance(c.value, str) and formula_like(c.value):
            c.data_type = "s"
            c.quotePrefix = True


def _number(s: str | None) -> Any:
    if not s:
        return None
    try:
        f = float(s.replace(",", ""))
    except ValueError:
        return s
    return int(f) if f.is_integer() else f


def _finding_row(r: FileResult, f: Any, severity: str) -> list[Any]:
    return [r.path, f.rule, f.name, CATEGORY_ZH.get(f.category, f.category), severity, f.message,
            f.stated or "", f.expected or "", "；".join(locations(f)), " | ".join(e.text for e in f.evidence),
            " | ".join(dict.fromkeys(e.context for e in f.evidence)), file_notes(r)]


def render(results: list[FileResult], stream: IO[bytes], *, statistics: bool = False, **_: Any) -> None:
    from openpyxl import Workbook

    results = [visible_result(r) for r in results]  # names are data: control characters escaped
    cats = tuple(CATEGORY_ZH)
    headers = FILE_HEADERS + tuple(CATEGORY_ZH[c] for c in cats) + ("说明",)
    ranks = risk_ranks(results)
    order = sorted(range(len(results)), key=lambda i: (ranks[i] is None, ranks[i] or 0, i))
    files: list[list[Any]] = []
    for i in order:
        r = results[i]
        c = r.counts()
        per_cat = {k: 0 for k in cats}
        for f in r.findings:
            per_cat[f.category] = per_cat.get(f.category, 0) + 1
        about = r.summary
        why = "；".join(x for x in (r.error or "", file_notes(r)) if x)
        checked = not (r.unreadable or r.skipped)
        files.append([r.path, about.get("project", ""), about.get("unit", ""), _number(about.get("year")),
                      _number(about.get("score")), about.get("grade", ""),
                      c["error"] if checked else None, c["warning"] if checked else None,
                      len(r.unassessed) if checked else None, STATUS_ZH.get(r.status, r.status), ranks[i],
                      risk(r) if checked else None, *(per_cat[k] if checked else None for k in cats), why])
    n = len(results)
    totals = ["合计", f"{n} 个文件", "", "", None, "", sum(r.counts()["error"] for r in results),
              sum(r.counts()["warning"] for r in results), sum(len(r.unassessed) for r in results),
              "；".join(f"{STATUS_ZH.get(s, s)} {k}" for s, k in _status_counts(results)), None,
              sum(risk(r) for r in results),
              *(sum(1 for r in results for f in r.findings if f.category == k) for k in cats), ""]
    wb = Workbook()
    ws = wb.active
    ws.title = "文件"
    _sheet(ws, headers, files, totals)
    found = [_finding_row(r, f, SEV_ZH.get(f.severity, f.severity)) for r in results for f in ordered(r.findings)]
    _sheet(wb.create_sheet("发现"), FINDING_HEADERS, found)
    open_checks = [_finding_row(r, f, "未能核对") for r in results for f in ordered(r.unassessed)]
    _sheet(wb.create_sheet("未能核对"), FINDING_HEADERS, open_checks)
    if statistics:  # --statistics: counts per rule over the batch
        st = batch_statistics(results)
        _sheet(wb.create_sheet("统计"), STAT_HEADERS,
               [[x["rule"], x["name"], CATEGORY_ZH.get(x["category"], x["category"]), SEV_ZH.get(x["severity"], ""),
                 x["count"], x["files"]] for x in st["rules"]])
    wb.save(stream)


def _status_counts(results: list[FileResult]) -> list[tuple[str, int]]:
    c: dict[str, int] = {}
    for r in results:
        c[r.status] = c.get(r.status, 0) + 1
    return sorted(c.items(), key=lambda kv: list(STATUS_ZH).index(kv[0]) if kv[0] in STATUS_ZH else 99)
