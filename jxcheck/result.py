"""What checking one file produced. Reporters only read these."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rules.finding import Finding, RuleFailure

OK, UNREADABLE, RULE_FAILED = "ok", "error", "rule-failed"  # FileResult.status
SKIPPED = "skipped"  # found in a folder, not a report format (.doc, .zip …): listed, not checked


@dataclass(frozen=True)
class FileResult:
    path: str
    # 'ok': read and every enabled rule ran; 'error': not checked (unreadable, a
    # crash), ``error`` says why and there are no findings; 'rule-failed': read and
    # checked, but a rule raised (``failed_rules``), so the check is incomplete:
    # the findings of the other rules are there, ``error`` names the failed ones;
    # 'skipped': found by a folder walk but not a format jxcheck reads (.doc, .zip),
    # ``error`` says why (jxcheck.skipped); not counted as unreadable
    status: str
    error: str | None = None  # one-line reason when status != 'ok'
    error_code: str | None = None  # stable code: encrypted, corrupt, empty, unsupported …
    format: str | None = None
    pages: int | None = None
    findings: tuple[Finding, ...] = ()
    diagnostics: tuple[str, ...] = ()
    # the document text findings point into; not serialised, and not filled by
    # check_file (every finding carries its sentence; a batch result crossing a
    # process boundary should not carry the whole report)
    text: str | None = field(default=None, repr=False, compare=False)
    notes: tuple[str, ...] = ()  # e.g. pairing of a separate 自评表 file
    # checks a rule could not make (a stated rate with no amounts to divide, a
    # grade with no score): neither a pass nor a finding; never counted as one
    unassessed: tuple[Finding, ...] = ()
    failed_rules: tuple[RuleFailure, ...] = ()  # rules that raised on this file
    # what the report is about, for the screening workbook: project, unit, year,
    # score, grade (strings; a key is absent when not found). jxcheck.pipeline.about
    summary: dict[str, str] = field(default_factory=dict, compare=False)
    hidden: int = field(default=0, compare=False)  # findings waived by --baseline (jxcheck.baseline.apply)
    # (max_bytes, discover.content_hash(path, max_bytes)) computed by the worker that checked
    # the file, so that the parent's duplicate detection does not read every file again
    content_hash: tuple[int, str | None] | None = field(default=None, repr=False, compare=False)
    # the tables' 项目名称 this report's text holds (pipeline.check_file's probe; jxcheck.pairing)
    projects_found: tuple[str, ...] = field(default=(), repr=False, compare=False)

    @property
    def unreadable(self) -> bool:
        """Not checked at all (no findings to show)."""
        return self.status == UNREADABLE

    @property
    def skipped(self) -> bool:
        """Found in a folder but not a report format: listed with its reason, not checked."""
        return self.status == SKIPPED

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
        if self.unassessed:
            d["unassessed"] = [f.to_dict() for f in self.unassessed]
        if self.error_code:
            d["error_code"] = self.error_code
        if self.failed_rules:
            d["failed_rules"] = [x.to_dict() for x in self.failed_rules]
        if self.diagnostics:
            d["diagnostics"] = list(self.diagnostics)
        if self.notes:
            d["notes"] = list(self.notes)
        if self.summary:
            d["summary"] = dict(self.summary)
        return d


def summary(results: list[FileResult]) -> dict[str, int]:
    s = {"files": 0, "errors": 0, "warnings": 0, "infos": 0, "unreadable": 0, "unassessed": 0, "rule_failed": 0,
         "skipped": 0}
    for r in results:
        add(s, r)
    return s


def add(totals: dict[str, int], r: FileResult) -> None:
    """Count ``r`` into running ``summary`` totals (streaming reporters keep only these)."""
    c = r.counts()
    totals["files"] += 1
    totals["errors"] += c["error"]
    totals["warnings"] += c["warning"]
    totals["infos"] += c["info"]
    totals["unreadable"] += r.unreadable
    totals["rule_failed"] += r.status == RULE_FAILED
    totals["unassessed"] += len(r.unassessed)
    totals["skipped"] += r.skipped


_SURROGATES = {cp: "\ufffd" for cp in range(0xD800, 0xE000)}


def printable(s: str) -> str:
    """``s`` with every lone surrogate replaced by U+FFFD.

    File names that are not valid UTF-8 (a GBK name copied from an old
    system) arrive from the OS as lone surrogates (``surrogateescape``);
    JSON, CSV, HTML and the terminal would fail on them when encoding to
    UTF-8, losing the whole report. The result's path is for people; the
    file was already read by its real name."""
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.translate(_SURROGATES)


def printable_result(r: FileResult) -> FileResult:
    """The result with every text field safe to encode (see ``printable``), and
    its reason, notes and diagnostics one line each in every format: they are
    prose that may quote a name (a zip member ``x\n未发现问题.xml``), so control
    characters in them are escaped (``visible``). The path itself stays exact
    for JSON and SARIF; human-facing reporters escape it (``visible_result``)."""
    import dataclasses

    def prose(x: str) -> str:
        return visible(printable(x))

    texts = (r.error or "", *r.diagnostics, *r.notes, *(x.error for x in r.failed_rules))
    if printable(r.path) is r.path and all(prose(x) == x for x in texts):
        return r
    return dataclasses.replace(
        r,
        path=printable(r.path),
        error=prose(r.error) if r.error is not None else None,
        diagnostics=tuple(prose(x) for x in r.diagnostics),
        notes=tuple(prose(x) for x in r.notes),
        failed_rules=tuple(dataclasses.replace(x, error=prose(x.error)) for x in r.failed_rules),
    )


# -- names are data --------------------------------------------------------------
# A file name or a zip member name is chosen by whoever submitted the file. Printed
# raw, ESC starts a terminal escape sequence and CR/LF start a new line, so a name
# could forge "未发现问题" or hide a line above it; bidi overrides reorder what a
# reader sees. Human-facing outputs (text, HTML, CSV, XLSX) show such characters
# escaped, as Python would (\x1b, \n, \u202e); JSON, JSON Lines and SARIF keep the
# name exactly (their own escaping makes it safe).
_NAME_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(m: re.Match[str]) -> str:
    c = m.group()
    return _NAMED.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")


def visible(s: str) -> str:
    """``s`` with control, line-separator and bidi characters escaped (``\x1b``, ``\n``)."""
    return _NAME_CONTROLS.sub(_escaped, s) if _NAME_CONTROLS.search(s) else s


# document text (a finding's sentence) keeps its length, since highlight offsets
# point into it: each C0/C1 control but the tab (a table row's cell separator)
# becomes one visible character (U+2400.. control pictures; U+FFFD for C1)
_TEXT_CONTROLS = {**{c: 0x2400 + c for c in range(0x20) if c != 0x09}, 0x7F: 0x2421,
                  **{c: 0xFFFD for c in range(0x80, 0xA0)}, 0x2028: 0x2424, 0x2029: 0x2424}


def visible_text(s: str) -> str:
    """Document text safe to print: same length, no control character but tabs."""
    return s.translate(_TEXT_CONTROLS)


def visible_result(r: FileResult) -> FileResult:
    """The result with its path, reason, notes and diagnostics made ``visible``
    (they name files and zip members); findings are left to the reporter."""
    import dataclasses

    fields = (r.path, r.error or "", *r.diagnostics, *r.notes, *(x.error for x in r.failed_rules))
    if not any(_NAME_CONTROLS.search(x) for x in fields):
        return r
    return dataclasses.replace(
        r, path=visible(r.path), error=visible(r.error) if r.error is not None else None,
        diagnostics=tuple(visible(x) for x in r.diagnostics), notes=tuple(visible(x) for x in r.notes),
        failed_rules=tuple(dataclasses.replace(x, error=visible(x.error)) for x in r.failed_rules))


def failed_rules_line(failures: tuple[RuleFailure, ...]) -> str:
    """``FileResult.error`` of a file on which rules raised: one line naming them."""
    return "检查不完整，规则运行出错：" + "；".join(f"{x.rule} {x.name}（{x.error}）" for x in failures)
