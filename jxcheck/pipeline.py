"""One file in, one FileResult out. The unit of work of every executor."""
from __future__ import annotations

from extractor.errors import ReadError
from rules.config import DEFAULT, Config

from .result import FileResult


def check_file(path: str, config: Config = DEFAULT) -> FileResult:
    from extractor.analysis import extract
    from extractor.readers import read
    from rules.engine import run_rules

    try:
        doc = read(path)
    except ReadError as e:
        return FileResult(path=path, status="error", error=e.reason, error_code=e.code)
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
    )
