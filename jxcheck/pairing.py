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
    # a report of a folder whose tables name their 项目名称: the names the worker that
    # checks it looks for in its text (FileResult.projects_found); the pairing is decided
    # when every report of the folder has been checked (``run_planned``)
    probe: tuple[str, ...] = ()
    folder: str | None = None  # the folder waiting for its reports (reports and tables)
    table: bool = False  # a table of such a folder: checked once its pairing is known
    project: str | None = None  # such a table's 项目名称, as plan() read it


def _is_table_file(path: str) -> bool:
    name = os.path.basename(path)
    # a workbook is a table file, in the old formats too (.xls, WPS .et: converted by LibreOffice)
    return path.lower().endswith((".xlsx", ".xls", ".et")) or bool(TABLE_NAME.search(name) and "报告" not in name)


def _stem(path: str) -> str:
    return _NAME_NOISE.sub("", os.path.splitext(os.path.basename(path))[0])


def _project_of(path: str) -> str | None:
    from extractor.analysis import selfevals_of
    from extractor.readers import read

    try:
        doc = read(path)
    except Exception:  # noqa: BLE001 - an unreadable table is reported when it is checked
        return None
    for se in selfevals_of(doc):  # the tables alone: the analysis of the narrative is the check's
        if se.project:
            # with the unit the table names: two counties' reports on one national programme
            # (电子商务进农村综合示范项目) share the 项目名称, not the unit
            unit = _TABLE_UNIT.search(doc.text)
            project = re.sub(r"\s+", "", se.project)
            return project + UNIT_SEP + re.sub(r"\s+", "", unit.group(1)) if unit else project
    return None


UNIT_SEP = "｜"  # between the 项目名称 and the unit in a table's pairing key; a report's text holds both
_TABLE_UNIT = re.compile(r"(?:主管部门|实施单位|单位名称|预算单位)(?:（盖章）)?[\t：:\s]*"
                         r"([^\t\n：:，,]{2,30}?(?:局|委员会|委|院|厅|中心|办公室|政府|站|所|学校|馆|队|处|会|公司))")


def _guarded(fn, path: str, limits, default, failed: dict[str, str]):
    from .guard import call_guarded

    value, failure = call_guarded(fn, path, limits=limits, path=path)
    if failure is not None:
        failed[path] = failure.error or failure.error_code or "?"
        return default
    return value


def plan(paths: list[str], limits=None) -> list[Planned]:
    """Each input once: a report with its companion table, or a file on its own, or (in a
    folder whose tables name their 项目名称) a report to probe for those names and a
    table that waits for the answer (``run_planned``).

    Only the tables are read here: a report is read once, by the worker that checks it,
    which also says which of the names its text contains.

    ``limits``: ``jxcheck.guard.Limits`` for the reads (default: the command
    line's defaults, ``guard.BOUNDED``)."""
    from .guard import BOUNDED, sharing_child

    limits = limits or BOUNDED
    by_dir: dict[str, list[str]] = {}
    for p in paths:
        by_dir.setdefault(os.path.dirname(os.path.abspath(p)), []).append(p)
    paired: dict[str, Planned] = {}
    used: set[str] = set()
    notes: dict[str, list[str]] = {}
    failed: dict[str, str] = {}  # path -> why it could not be read for pairing
    waiting: dict[str, tuple[str, tuple[str, ...], str | None]] = {}  # path -> (folder, names to probe, project)
    for folder, files in by_dir.items():
        tables = [p for p in files if _is_table_file(p)]
        reports = [p for p in files if p not in tables]
        if not tables:
            continue
        projects: dict[str, str | None] = {}
        with sharing_child():  # one guarded child reads the tables one after another
            for t in tables:
                projects[t] = _guarded(_project_of, t, limits, None, failed)
            if t in failed:
                notes.setdefault(t, []).append(f"配对时无法读取（{failed[t]}），未按项目名称配对")
        names = tuple(dict.fromkeys(x for x in projects.values() if x))
        if names:  # decided when the reports have been read, by their own checks
            for p in files:
                waiting[p] = (folder, names if p in reports else (), projects.get(p))
            continue
        decide(tables, reports, projects, {}, paired, used, notes)
    out = []
    for p in paths:
        if p in waiting:
            folder, names, project = waiting[p]
            out.append(Planned(p, None, notes.get(p, []), probe=names, folder=folder, table=not names, project=project))
        elif p in used:
            continue
        elif p in paired:
            out.append(paired[p])
        else:
            out.append(Planned(p, None, notes.get(p, [])))
    return out


def decide(tables: list[str], reports: list[str], projects: dict[str, str | None], found: dict[str, tuple[str, ...]],
           paired: dict[str, Planned], used: set[str], notes: dict[str, list[str]]) -> None:
    """Pair the tables of one folder: by 项目名称 when exactly one report's text holds it
    (``found``: report -> the names its text contains), else by file name, else the
    folder's only report; what is left is noted, never guessed."""
    for t in tables:
        project = projects.get(t)
        match, how = None, ""
        if project:
            hits = [r for r in reports if project in found.get(r, ())]
            if len(hits) == 1:
                match, how = hits[0], f"按项目名称「{project.split(UNIT_SEP)[0]}」"
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


def as_item(p: Planned):
    """What the batch checks: the path alone when there is nothing to pair or note."""
    return p.path if (p.companion is None and not p.notes and not p.probe) else p


def run_planned(planned: list[Planned], run):
    """The results of a plan, in its order: ``run(items)`` checks items (``as_item``) and
    yields their results in order. A waiting folder's reports are checked first, each
    saying which table names its text holds; then its tables are paired exactly as if
    the reports had been read beforehand, and the paired reports (with their table) and
    the unpaired tables are checked. Results from the first waiting file on are held
    until then."""
    first = [p for p in planned if not p.table]
    if len(first) == len(planned):
        yield from run([as_item(p) for p in first])
        return
    hold_from = next(i for i, p in enumerate(planned) if p.folder is not None)
    got: dict[int, object] = {}
    at = [i for i, p in enumerate(planned) if not p.table]
    for k, r in enumerate(run([as_item(planned[i]) for i in at])):
        if at[k] < hold_from:
            yield r
        else:
            got[at[k]] = r
    # decide every waiting folder from its reports' answers
    paired: dict[str, Planned] = {}
    used: set[str] = set()
    notes: dict[str, list[str]] = {p.path: list(p.notes) for p in planned if p.table}
    folders: dict[str, list[int]] = {}
    for i, p in enumerate(planned):
        if p.folder is not None:
            folders.setdefault(p.folder, []).append(i)
    for idx in folders.values():
        tables = [planned[i].path for i in idx if planned[i].table]
        reports = [planned[i].path for i in idx if not planned[i].table]
        found = {planned[i].path: getattr(got.get(i), "projects_found", ()) for i in idx if not planned[i].table}
        projects = {planned[i].path: planned[i].project for i in idx if planned[i].table}
        decide(tables, reports, projects, found, paired, used, notes)
    again = [i for i in range(hold_from, len(planned))
             if (planned[i].table and planned[i].path not in used) or planned[i].path in paired and planned[i].folder]
    items = [as_item(Planned(planned[i].path, None, notes[planned[i].path])) if planned[i].table
             else paired[planned[i].path] for i in again]
    got.update(zip(again, run(items), strict=True))
    for i in range(hold_from, len(planned)):
        if i in got:
            yield got[i]
