"""What checking one file produced. Reporters only read these."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rules.finding import Finding


@dataclass(frozen=True)
class FileResult:
    path: str
    status: str  # 'ok' | 'error'
    error: str | None = None  # one-line reason when status == 'error'
    error_code: str | None = None  # stable code: encrypted, corrupt, empty, unsupported …
    format: str | None = None
    pages: int | None = None
    findings: tuple[Finding, ...] = ()
    diagnostics: tuple[str, ...] = ()
    # the document text findings point into, for reporters that show context
    # (terminal, html); not serialised in JSON
    text: str | None = field(default=None, repr=False, compare=False)
    notes: tuple[str, ...] = ()  # e.g. pairing of a separate 自评表 file

    def counts(self) -> dict[str, int]:
        c = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            c[f.severity] += 1
        return c

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "path": self.path,
            "status": self.status,
            "error": self.error,
            "pages": self.pages,
            "format": self.format,
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.error_code:
            d["error_code"] = self.error_code
        if self.diagnostics:
            d["diagnostics"] = list(self.diagnostics)
        if self.notes:
            d["notes"] = list(self.notes)
        return d


def summary(results: list[FileResult]) -> dict[str, int]:
    s = {"files": len(results), "errors": 0, "warnings": 0, "infos": 0, "unreadable": 0}
    for r in results:
        c = r.counts()
        s["errors"] += c["error"]
        s["warnings"] += c["warning"]
        s["infos"] += c["info"]
        s["unreadable"] += r.status != "ok"
    return s
