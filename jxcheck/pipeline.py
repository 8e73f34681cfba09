"""One file in, one FileResult out. The unit of work of every executor.

Whatever happens inside, the caller gets exactly one FileResult: checked
(``ok``) or not (``error`` with a stable ``error_code`` and a one-line reason).
A per-file time or memory limit needs a child process: ``jxcheck.guard``.
"""
from __future__ import annotations

from dataclasses import replace

from extractor.errors import ReadError
from extractor.model import Document
from extractor.readers.limits import DEFAULT_LIMITS, ReadLimits
from rules.config import DEFAULT, Config
from rules.finding import Finding

from .result import RULE_FAILED, FileResult, failed_rules_line


def check_file(path: str, config: Config = DEFAULT, companion: str | None = None,
               notes: tuple[str, ...] = (), limits: ReadLimits = DEFAULT_LIMITS) -> FileResult:
    """``companion``: a 自评表 submitted as its own file (see jxcheck.pairing), checked
    with the report. ``limits``: the pre-parse guards (size, pages, zip and XML bombs)."""
    from extractor.analysis import extract
    from extractor.build import append_companion
    from extractor.readers import read
    from rules.engine import run_rules

    try:
        doc = read(path, limits)
        if companion is not None:
            try:
                doc = append_companion(doc, read(companion, limits))
            except ReadError as e:
                notes = (*notes, f"配对的自评表 {companion} 无法读取：{e.reason}")
    except ReadError as e:
        return FileResult(path=path, status="error", error=e.reason, error_code=e.code, notes=notes)
    except MemoryError:
        return FileResult(path=path, status="error", error="文件过大，内存不足", error_code="too-large")
    except RecursionError:
        return FileResult(path=path, status="error", error="文件已损坏或格式不符（结构嵌套过深）", error_code="corrupt")
    except Exception as e:  # noqa: BLE001 - a reader bug must not stop the batch
        return FileResult(path=path, status="error", error=_one_line(f"读取失败：{type(e).__name__}: {e}"),
                          error_code="reader-failed")
    try:
        ext = extract(doc)
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
    )


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
