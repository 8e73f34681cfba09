"""Pairing a report with its 自评表 submitted as a separate file in the same folder.

A pre-pass over the batch's input list: it maps each report path to its companion
table path (``报告.docx`` + ``自评表.xlsx``), so any executor can call
``check_file(report, config, companion=table)``. Pairing is by 项目名称 (the
table's 项目名称 cell found in the report's text), failing that by file name.
A table with no report, or a folder where the match is ambiguous, is reported in
the result's notes instead of guessed.

Pairing reads files before the batch does, so it reads them as the batch does:
each read under the per-file time and memory limits (``jxcheck.guard``), in a
child process when they are set. A file that cannot be read here (a bomb, a
crash) only loses its pairing by 项目名称; it is still checked, and reported,
on its own turn in the batch.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

TABLE_NAME = re.compile(r"自评表|绩效自评表|评分表")
_NAME_NOISE = re.compile(r"项目支出|绩效|自评|报告|评价|表|[（）()《》\s_\-—·.]|\d{4}年?度?")


@dataclass
class Planned:
    path: str
    companion: str | None = None
    notes: list[str] = field(default_factory=list)


def _is_table_file(path: str) -> bool:
    name = os.path.basename(path)
    # a workbook is a table file, in the old formats too (.xls, WPS .et: converted by LibreOffice)
    return path.lower().endswith((".xlsx", ".xls", ".et")) or bool(TABLE_NAME.search(name) and "报告" not in name)


def _stem(path: str) -> str:
    return _NAME_NOISE.sub("", os.path.splitext(os.path.basename(path))[0])


def _project_of(path: str) -> str | None:
    from extractor.analysis import extract
    from extractor.readers import read

    try:
        doc = read(path)
    except Exception:  # noqa: BLE001 - an unreadable table is reported when it is checked
        return None
    for se in extract(doc).selfevals:
        if se.project:
            return re.sub(r"\s+", "", se.project)
    return None


def _text_of(path: str) -> str:
    from extractor.readers import read

    try:
        return re.sub(r"\s+", "", read(path).text)
    except Exception:  # noqa: BLE001
        return ""


def _guarded(fn, path: str, limits, default, failed: dict[str, str]):
    from .guard import call_guarded

    value, failure = call_guarded(fn, path, limits=limits, path=path)
    if failure is not None:
        failed[path] = failure.error or failure.error_code or "?"
        return default
    return value


def plan(paths: list[str], limits=None) -> list[Planned]:
    """Each input once: a report with its companion table, or a file on its own.

    ``limits``: ``jxcheck.guard.Limits`` for the reads (default: the command
    line's defaults, ``guard.BOUNDED``)."""
    from .guard import BOUNDED

    limits = limits or BOUNDED
    by_dir: dict[str, list[str]] = {}
    for p in paths:
        by_dir.setdefault(os.path.dirname(os.path.abspath(p)), []).append(p)
    paired: dict[str, Planned] = {}
    used: set[str] = set()
    notes: dict[str, list[str]] = {}
    failed: dict[str, str] = {}  # path -> why it could not be read for pairing
    for files in by_dir.values():
        tables = [p for p in files if _is_table_file(p)]
        reports = [p for p in files if p not in tables]
        if not tables:
            continue
        texts: dict[str, str] = {}
        for t in tables:
            project = _guarded(_project_of, t, limits, None, failed)
            if t in failed:
                notes.setdefault(t, []).append(f"配对时无法读取（{failed[t]}），未按项目名称配对")
            match, how = None, ""
            if project:
                for r in reports:
                    if r not in texts:
                        texts[r] = _guarded(_text_of, r, limits, "", failed)
                hits = [r for r in reports if project in texts[r]]
                if len(hits) == 1:
                    match, how = hits[0], f"按项目名称「{project}」"
            if match is None:
                st = _stem(t)
                hits = [r for r in reports if st and (_stem(r) == st or (_stem(r) and (_stem(r) in st or st in _stem(r))))]
                if len(hits) == 1:
                    match, how = hits[0], "按文件名"
                elif not hits and len(reports) == 1 and len(tables) == 1 and not project:
                    match, how = reports[0], "同一文件夹中唯一的报告"
            if match is None or match in paired:
                why = "找不到对应的报告" if match is None else "对应的报告已配对其他自评表"
                notes.setdefault(t, []).append(f"自评表单独提交，{why}，单独检查")
                continue
            paired[match] = Planned(match, t, [f"已与自评表 {os.path.basename(t)} 配对（{how}），一并检查"])
            used.add(t)
    out = []
    for p in paths:
        if p in used:
            continue
        if p in paired:
            out.append(paired[p])
        else:
            out.append(Planned(p, None, notes.get(p, [])))
    return out
