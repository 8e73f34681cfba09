"""What several reporters share: ordering by location, highlight spans, flat rows."""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from rules.context import CONVERTED_MARK
from rules.finding import Evidence, Finding

from ..result import FileResult

SEV_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
UNASSESSED = "unassessed"  # the severity column of a check a rule could not make
UNASSESSED_ZH = "未能核对"

# CSV columns, in order (the README lists them); locations and notes were added last
COLUMNS = ("path", "status", "error", "rule", "name", "category", "severity", "message",
           "stated", "expected", "page", "line", "figures", "context", "locations", "notes")

CATEGORY_ZH = {
    "ratio-mismatch": "比率不符", "over-limit": "超出限额", "sum-mismatch": "合计不符",
    "value-conflict": "数值矛盾", "target-gap": "目标偏离", "indicator-mismatch": "指标不对应",
    "claim-contradiction": "表述矛盾", "grade-mismatch": "等次不符", "score-inflation": "得分虚高",
    "duplicate-text": "文字重复", "period-mismatch": "期间不符", "missing-content": "内容缺失",
}
STATUS_ZH = {"ok": "已检查", "error": "无法读取", "rule-failed": "检查不完整", "skipped": "未检查"}
RISK_WEIGHT = {"error": 10, "warning": 3, "info": 1}


def root_causes(findings: Iterable[Finding]) -> list[list[Finding]]:
    """Findings grouped by root cause: two findings that rest on the same figure
    (an evidence span in common) are one cause, transitively. One wrong 执行率 cell
    reported by JX111, JX861, JX411 and JX711 is one cause, not four."""
    fs = list(findings)
    parent = list(range(len(fs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[int, int], int] = {}
    for i, f in enumerate(fs):
        for e in f.evidence:
            j = owner.setdefault((e.start, e.end), i)
            if j != i:
                parent[find(i)] = find(j)
    groups: dict[int, list[Finding]] = {}
    for i, f in enumerate(fs):
        groups.setdefault(find(i), []).append(f)
    return list(groups.values())


def risk(r: FileResult) -> int:
    """A file's risk score: per root cause the weight of its worst finding (error 10,
    warning 3, info 1), summed. Files not checked score 0."""
    return sum(max(RISK_WEIGHT.get(f.severity, 0) for f in g) for g in root_causes(r.findings))


def risk_ranks(results: list[FileResult]) -> list[int | None]:
    """Rank by risk, 1 = highest; equal scores share a rank (1, 2, 2, 4); files
    with no finding, and files not checked, get None."""
    scores = [risk(r) for r in results]
    ordered_scores = sorted((s for s in scores if s > 0), reverse=True)
    first = {}
    for i, s in enumerate(ordered_scores, 1):
        first.setdefault(s, i)
    return [first[s] if s > 0 else None for s in scores]


class Statistics:
    """Counts over a batch (like ruff --statistics), kept as results stream by:
    per rule (code, name, category, severity, count, files), most frequent first,
    and per category."""

    def __init__(self) -> None:
        self._rules: dict[str, dict[str, Any]] = {}
        self._cats: dict[str, int] = {}

    def add(self, r: FileResult) -> None:
        for f in r.findings:
            x = self._rules.setdefault(f.rule, {"rule": f.rule, "name": f.name, "category": f.category,
                                                "severity": f.severity, "count": 0, "files": set()})
            x["count"] += 1
            x["files"].add(r.path)
            self._cats[f.category] = self._cats.get(f.category, 0) + 1

    def result(self) -> dict[str, Any]:
        out = sorted(self._rules.values(), key=lambda x: (-x["count"], x["rule"]))
        return {"rules": [{**x, "files": len(x["files"])} for x in out],
                "categories": dict(sorted(self._cats.items(), key=lambda kv: (-kv[1], kv[0])))}


def statistics(results: Iterable[FileResult]) -> dict[str, Any]:
    st = Statistics()
    for r in results:
        st.add(r)
    return st.result()


def location_key(f: Finding) -> tuple[int, int, int, str, str]:
    """Findings in reading order: page, line, then offset of the first figure."""
    if not f.evidence:
        return (0, 0, 0, f.rule, f.message)
    first = min(f.evidence, key=lambda e: e.start)
    return (first.page or 0, first.line or 0, first.start, f.rule, f.message)


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=location_key)


def where(page: int | None, line: int | None) -> str:
    if page is not None:
        return f"第{page}页第{line}行" if line is not None else f"第{page}页"
    if line is not None:
        return f"第{line}段"
    return ""


def loc(e: Evidence) -> str:
    """Where the figure is, as an auditor would look for it (``Evidence.location``:
    ``自评表!G6``, ``表2 第5行 第7列``, ``第2页第14行``, ``第12行``, ``第4段``)."""
    return getattr(e, "location", "") or where(e.page, e.line)


def locations(f: Finding) -> list[str]:
    """Every distinct location of a finding's figures, in reading order."""
    return list(dict.fromkeys(x for x in (loc(e) for e in sorted(f.evidence, key=lambda e: e.start)) if x))


def group_location(evs: list[Evidence]) -> str:
    """One line naming where every figure of one quoted sentence is: ``自评表!D6、F6、I6``,
    ``表1 第4行 第3、5列``, else the distinct locations joined by 、."""
    places = list(dict.fromkeys(loc(e) for e in sorted(evs, key=lambda e: e.start) if loc(e)))
    if len(places) < 2:
        return places[0] if places else ""
    # figures of a converted copy (a .doc/.xls): grouped as any other, the mark said once
    if all(p.endswith(CONVERTED_MARK) for p in places):
        return _group(evs, [p[: -len(CONVERTED_MARK)] for p in places]) + CONVERTED_MARK
    return _group(evs, places)


def _group(evs: list[Evidence], places: list[str]) -> str:
    first = evs[0]
    if all(e.sheet == first.sheet and e.cell for e in evs) and first.sheet is not None:
        head = places[0].rsplit("!", 1)[0]
        return head + "!" + "、".join(dict.fromkeys(e.cell for e in sorted(evs, key=lambda e: e.start)))
    if (all(e.table == first.table and e.row == first.row and e.col and e.page is None and e.sheet is None
            and getattr(e, "file", None) == getattr(first, "file", None)
            for e in evs) and first.table is not None):
        cols = "、".join(str(c) for c in dict.fromkeys(e.col for e in sorted(evs, key=lambda e: e.start)))
        where_file = f"{os.path.basename(first.file)} " if getattr(first, "file", None) else ""
        cell = f"表{first.table} 第{first.row}行 第{cols}列"
        if loc(first).startswith(f"第{first.line}行（"):  # a TXT table row: its physical line first
            return f"{where_file}第{first.line}行（{cell}）"
        return f"{where_file}{cell}"
    return "、".join(places)


def contexts(f: Finding) -> Iterator[tuple[list[Evidence], str, list[tuple[int, int]]]]:
    """Each distinct sentence of a finding once, with its figures (the evidence
    quoted in it) and their spans inside it (``start - context_start .. end -
    context_start``), merged and sorted. Spans that fall outside the context are
    dropped rather than guessed."""
    groups: dict[tuple[int, str], list[Evidence]] = {}
    for e in f.evidence:
        groups.setdefault((e.context_start, e.context), []).append(e)
    for (cstart, ctx), evs in groups.items():
        spans = sorted((e.start - cstart, e.end - cstart) for e in evs
                       if 0 <= e.start - cstart < e.end - cstart <= len(ctx))
        merged: list[tuple[int, int]] = []
        for a, b in spans:
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        yield evs, ctx, merged


def number(v: Decimal | None) -> str:
    if v is None:
        return ""
    return format(v, "f")


# -- spreadsheet cells -----------------------------------------------------------
# A spreadsheet reads a cell that starts with = + - @ (or a tab or CR before one) as
# a formula: a file named =HYPERLINK("http://…") would become a live link, and
# =cmd|… a DDE call (OWASP "CSV injection"). Every text cell of the CSV and XLSX
# outputs goes through ``cell_text``; a plain number (-5, +3.2%) is left alone.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9][0-9,]*(\.[0-9]+)?%?")
# characters a worksheet cannot hold (openpyxl raises IllegalCharacterError on
# them, which lost the whole workbook): shown as control pictures instead
_CELL_CONTROLS = {c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A)}


def formula_like(s: str) -> bool:
    """Whether a spreadsheet would read ``s`` as a formula."""
    return s.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(s)


def cell_text(s: str, *, quote: bool = True) -> str:
    """``s`` fit for a spreadsheet cell: no control character but tab and newline,
    and (``quote``) a leading ``'`` when it would read as a formula (for CSV; XLSX
    marks such a cell as text instead, see ``reporters.xlsx``)."""
    s = s.translate(_CELL_CONTROLS)
    return "'" + s if quote and formula_like(s) else s


def file_notes(r: FileResult) -> str:
    return "；".join((*r.notes, *r.diagnostics))


def rows(results: Iterable[FileResult]) -> Iterator[dict[str, Any]]:
    """One row per finding, then one per check a rule could not make (severity
    ``unassessed``); a file with neither (or unreadable, or skipped) gets one row with
    the finding columns empty, so the batch's every file is visible. ``page`` and
    ``line`` are the first figure's; ``locations`` names every figure's place."""
    for r in results:
        base = {"path": r.path, "status": r.status, "error": r.error or "", "notes": file_notes(r)}
        if not r.findings and not r.unassessed:
            yield {c: base.get(c, "") for c in COLUMNS} | {"page": None, "line": None}
            continue
        items = [(f, f.severity) for f in ordered(r.findings)] + [(f, UNASSESSED) for f in ordered(r.unassessed)]
        for f, severity in items:
            first = min(f.evidence, key=lambda e: e.start) if f.evidence else None
            yield {
                **base,
                "rule": f.rule, "name": f.name, "category": f.category, "severity": severity,
                "message": f.message, "stated": f.stated or "", "expected": f.expected or "",
                "page": first.page if first else None, "line": first.line if first else None,
                "figures": " | ".join(e.text for e in f.evidence),
                "context": " | ".join(dict.fromkeys(e.context for e in f.evidence)),
                "locations": " | ".join(locations(f)),
            }
