"""One file in, one FileResult out. The unit of work of every executor."""
from __future__ import annotations

from extractor.errors import ReadError
from rules.config import DEFAULT, Config

from .result import FileResult


def check_file(path: str, config: Config = DEFAULT, companion: str | None = None,
               notes: tuple[str, ...] = ()) -> FileResult:
    """``companion``: a 自评表 submitted as its own file (see jxcheck.pairing), checked with the report."""
    from extractor.analysis import extract
    from extractor.build import append_companion
    from extractor.readers import read
    from rules.engine import run_rules

    try:
        doc = read(path)
        if companion is not None:
            try:
                doc = append_companion(doc, read(companion))
            except ReadError as e:
                notes = (*notes, f"配对的自评表 {companion} 无法读取：{e.reason}")
    except ReadError as e:
        return FileResult(path=path, status="error", error=e.reason, error_code=e.code, notes=notes)
    except MemoryError:
        return FileResult(path=path, status="error", error="文件过大，内存不足", error_code="too-large")
    except Exception as e:  # noqa: BLE001 - a reader bug must not stop the batch
        return FileResult(path=path, status="error", error=f"读取失败：{type(e).__name__}: {e}", error_code="reader-failed")
    ext = extract(doc)
    findings, problems = run_rules(doc, ext, config)
    return FileResult(
        path=path,
        status="ok",
        format=doc.format,
        pages=doc.pages,
        findings=tuple(findings),
        diagnostics=doc.diagnostics + tuple(problems),
        text=doc.text,
        notes=tuple(notes),
    )
