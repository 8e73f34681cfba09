"""One file in, one FileResult out. The unit of work of every executor.

Whatever happens inside, the caller gets exactly one FileResult: checked
(``ok``) or not (``error`` with a stable ``error_code`` and a one-line reason).
A per-file time or memory limit needs a child process: ``jxcheck.guard``.
"""
from __future__ import annotations

import re
from dataclasses import replace

from extractor.errors import ReadError
from extractor.model import Document
from extractor.readers.limits import DEFAULT_LIMITS, ReadLimits
from rules.config import DEFAULT, Config
from rules.finding import Finding

from .result import RULE_FAILED, SKIPPED, FileResult, failed_rules_line


def check_file(path: str, config: Config = DEFAULT, companion: str | None = None,
               notes: tuple[str, ...] = (), limits: ReadLimits = DEFAULT_LIMITS,
               probe: tuple[str, ...] = ()) -> FileResult:
    """``companion``: a 自评表 submitted as its own file (see jxcheck.pairing), checked
    with the report. ``limits``: the pre-parse guards (size, pages, zip and XML bombs).
    ``probe``: 项目名称 of tables beside the report; the result's ``projects_found`` are
    those its text (whitespace removed) contains, for jxcheck.pairing."""
    from extractor.analysis import extract
    from extractor.build import append_companion
    from extractor.kind import NOT_REPORT, report_signs
    from extractor.readers import read
    from rules.engine import run_rules

    try:
        doc = read(path, limits)
        found = _found(doc.text, probe)
        if companion is not None:
            try:
                doc = append_companion(doc, read(companion, limits))
            except ReadError as e:
                notes = (*notes, f"配对的自评表 {companion} 无法读取：{e.reason}")
    except Exception as e:  # noqa: BLE001 - a reader bug must not stop the batch
        return read_failure(path, e, notes)
    try:
        ext = extract(doc)
        if not report_signs(doc, ext):  # a meeting notice, a random text: said, never "未发现问题"
            return FileResult(path=path, status=SKIPPED, error=NOT_REPORT, error_code="not-report",
                              format=doc.format, pages=doc.pages, diagnostics=doc.diagnostics, notes=notes)
        findings, problems = run_rules(doc, ext, config)
    except MemoryError:
        return FileResult(path=path, status="error", error="文件过大，内存不足", error_code="too-large")
    except Exception as e:  # noqa: BLE001 - neither may an extractor or engine bug
        return FileResult(path=path, status="error", error=_one_line(f"检查失败：{type(e).__name__}: {e}"),
                          error_code="check-failed")
    if doc.ocr_spans:
        findings = mark_ocr(findings, doc, getattr(config, "ocr_min_confidence", OCR_MIN_CONFIDENCE))
    return FileResult(
        path=path,
        # a rule that raised leaves the check incomplete: said in the status, the
        # error line, and the exit code (3), never only in a diagnostic
        status=RULE_FAILED if problems else "ok",
        error=failed_rules_line(tuple(problems)) if problems else None,
        format=doc.format,
        pages=doc.pages,
        findings=tuple(f for f in findings if not f.unassessed),
        unassessed=tuple(f for f in findings if f.unassessed),
        diagnostics=doc.diagnostics,
        notes=tuple(notes),
        failed_rules=tuple(problems),
        summary=about(doc, ext),
        projects_found=found,
    )


def read_failure(path: str, e: Exception, notes: tuple[str, ...] = ()) -> FileResult:
    """The result of a file whose reading raised ``e``: the reader's own code and reason
    for a ``ReadError``, else what happened (out of memory, the disk, a reader bug), in
    one line. ``check`` and ``extract`` report a file they could not read alike."""
    if isinstance(e, ReadError):
        # a reader's catch-all may have wrapped running out of memory or a failing disk
        # as "corrupt": say what happened
        if _cause(e, MemoryError) is not None:
            return FileResult(path=path, status="error", error="文件过大，内存不足", error_code="too-large")
        io = _cause(e, OSError)
        if io is not None and io.errno is not None and e.code not in ("missing", "unreadable"):
            return _io_failure(path, io, notes)
        return FileResult(path=path, status="error", error=e.reason, error_code=e.code, notes=notes)
    if isinstance(e, MemoryError):
        return FileResult(path=path, status="error", error="文件过大，内存不足", error_code="too-large")
    if isinstance(e, RecursionError):
        return FileResult(path=path, status="error", error="文件已损坏或格式不符（结构嵌套过深）", error_code="corrupt")
    if isinstance(e, OSError) and e.errno is not None:  # EIO and friends: the disk, not the file's content
        return _io_failure(path, e, notes)
    return FileResult(path=path, status="error", error=_one_line(f"读取失败：{type(e).__name__}: {e}"),
                      error_code="reader-failed")


def _found(text: str, probe: tuple[str, ...]) -> tuple[str, ...]:
    if not probe:
        return ()
    flat = re.sub(r"\s+", "", text)
    return tuple(p for p in probe if all(part in flat for part in p.split("｜")))  # jxcheck.pairing.UNIT_SEP


_UNIT_CUE = re.compile(r"^(?:项目)?(?:实施单位|主管部门|预算单位|单位名称|项目单位|责任单位)")
_UNIT_TEXT = re.compile(r"(?:实施单位|主管部门|预算单位|单位名称|项目单位|责任单位)(?:（盖章）|\(盖章\))?[:：]\s*"
                        r"([^\s，,。；;：:]{2,40})")
_LEAD_YEAR = re.compile(r"^(?:19|20)\d{2}年度?")
_UNIT_NAME = re.compile(r"(?:局|委员会|委|院|厅|中心|办公室|政府|部|站|所|学校|馆|队|处|会)$")
_TITLE_TAIL = re.compile(r"(?:支出)?(?:整体支出)?绩效(?:自评|评价)(?:报告|表)?$")


def about(doc: Document, ext) -> dict[str, str]:
    """What the report is about, from what was already read: the 自评表's 项目名称,
    its 主管部门/实施单位 (or the text's), the 评价年度 (the facts' evaluated year, as the
    period rules read it), the total score (the 自评表's 总分, else the
    text's 总得分/自评得分) and the grade (the 自评表's, else the first stated
    等次). For the screening workbook; never used by a rule."""
    out: dict[str, str] = {}
    ses = list(getattr(ext, "selfevals", ()) or ())
    project = next((se.project for se in ses if se.project), None)
    head = [doc.text[b.start:b.end].strip() for b in doc.blocks[:4] if b.kind != "table_row"]
    title = next((i for i, t in enumerate(head) if "绩效" in t and len(t) <= 80), None)
    if project is None and title is not None and "项目" in head[title]:
        project = _LEAD_YEAR.sub("", _TITLE_TAIL.sub("", head[title])).strip() or None
    if project:
        out["project"] = project
    unit = None
    for se in ses:
        t = doc.tables[se.table] if 0 <= se.table < len(doc.tables) else None
        cells = sorted(t.cells, key=lambda c: (c.row, c.col)) if t else []
        for i, c in enumerate(cells[:-1]):
            if _UNIT_CUE.match(re.sub(r"\s+", "", doc.cell_text(c))) and cells[i + 1].row == c.row:
                unit = doc.cell_text(cells[i + 1]).strip() or None
                if unit:
                    break
        if unit:
            break
    if unit is None and title:  # a department's name on its own line above the title
        unit = next((t for t in head[:title] if len(t) <= 30 and _UNIT_NAME.search(t)), None)
    if unit is None:
        m = _UNIT_TEXT.search(doc.text[:3000])
        unit = m.group(1) if m else None
    if unit:
        out["unit"] = unit
    facts = getattr(ext, "facts", None)
    if facts is not None and facts.year is not None:
        out["year"] = str(facts.year)  # the evaluated year, as the rules read it (extractor.facts.periods)
    score = next((se.total_score.text.strip() for se in ses
                  if se.total_score is not None and se.total_score.present), None)
    if score is None:
        totals = [f for f in ext.figures if f.label == "score.total" and f.q.unit in ("分", "")
                  and f.q.value <= 100]
        best = next((f for f in totals if any(w in f.cue for w in ("总", "综合", "自评", "最终"))), None)
        best = best or (totals[-1] if totals else None)
        score = format(best.q.value, "f") if best is not None else None
    if score:
        out["score"] = score
    grade = next((se.grade.text.strip() for se in ses if se.grade is not None and se.grade.present), None)
    if grade is None and ext.grades:
        grade = ext.grades[0].value
    if grade:
        out["grade"] = grade
    return out


def _cause(e: BaseException, kind: type) -> BaseException | None:
    """The first exception of ``kind`` in ``e``'s chain (``raise … from``, or raised
    while handling), ``e`` itself included."""
    seen: set[int] = set()
    x: BaseException | None = e
    while x is not None and id(x) not in seen:
        if isinstance(x, kind):
            return x
        seen.add(id(x))
        x = x.__cause__ if x.__cause__ is not None or x.__suppress_context__ else x.__context__
    return None


def _io_failure(path: str, e: OSError, notes: tuple[str, ...]) -> FileResult:
    """A file the system could not read (EIO: a failing disk or network share)."""
    from .output import why

    return FileResult(path=path, status="error", error_code="unreadable", notes=notes,
                      error=f"读取文件时出错：{why(e)}，未检查（磁盘或网络盘可能有故障）")


def _one_line(s: str, limit: int = 200) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


OCR_MIN_CONFIDENCE = 0.8  # figures read by OCR below this confidence (0-1) cap a finding at warning
OCR_NOTE = "（OCR 识别，请核对原件）"


def mark_ocr(findings: list[Finding], doc: Document, threshold: float = OCR_MIN_CONFIDENCE) -> list[Finding]:
    """Findings resting on text read by OCR carry its lowest confidence in
    ``data["ocr_confidence"]``; one resting on a figure read below ``threshold``
    says so in its message and is never more than a warning."""
    out = []
    for f in findings:
        confs = [c for e in f.evidence if (c := doc.ocr_confidence(e.start, e.end)) is not None]
        if not confs:
            out.append(f)
            continue
        low = min(confs)
        data = {**f.data, "ocr_confidence": round(low, 3)}
        if low >= threshold:
            out.append(replace(f, data=data))
        else:
            severity = "warning" if f.severity == "error" else f.severity
            out.append(replace(f, severity=severity, message=f.message + OCR_NOTE, data=data))
    return out
