"""SARIF 2.1.0, so code-review and security dashboards can show the findings.

Every registered rule goes into ``tool.driver.rules``; a result carries its
``ruleId``/``ruleIndex``, a level (error/warning/note), the message with the
numbers, one location per evidence figure (``startLine`` = the evidence line;
``charOffset``/``charLength`` only when the offsets count the whole document,
not one PDF page, whose number goes in ``region.properties.page``), and the
baseline fingerprint in ``partialFingerprints`` so reviewers' tools can track a
finding across runs. Unreadable files become tool execution notifications, and
so does a rule that raised on a file (``associatedRule`` names it; the run's
``executionSuccessful`` is then false: its results are incomplete);
a check a rule could not make is a result of ``kind: "open"`` (SARIF's "could
not determine whether the rule was violated"), level ``none``."""
from __future__ import annotations

import inspect
import json
import os
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from .. import __version__
from ..baseline import fingerprints, normalised_path
from ..result import FileResult

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def uri(path: str) -> tuple[str, bool]:
    """A URI for the file, and whether it is relative to %SRCROOT% (the current folder)."""
    p = normalised_path(path)
    if os.path.isabs(p):
        return Path(p).as_uri(), False
    return quote(p), True


def _rule_entry(code: str, name: str, category: str, severity: str, doc: str) -> dict[str, Any]:
    doc = inspect.cleandoc(doc) if doc else ""
    summary = doc.splitlines()[0] if doc else name
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": doc or summary},
        "defaultConfiguration": {"level": LEVEL[severity]},
        "properties": {"category": category},
    }


def document(results: list[FileResult], **_: Any) -> dict[str, Any]:
    from rules.registry import all_rules

    rules: list[dict[str, Any]] = [_rule_entry(r.code, r.name, r.category, r.severity, r.doc)
                                   for r in all_rules()]
    index = {r["id"]: i for i, r in enumerate(rules)}
    out: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for fr in results:
        u, rel = uri(fr.path)
        art: dict[str, Any] = {"uri": u}
        if rel:
            art["uriBaseId"] = "%SRCROOT%"
        if fr.skipped:  # found in a folder, not a report format: noted, not an error
            notes.append({"level": "note", "message": {"text": f"{fr.path}：未检查：{fr.error or ''}"},
                          "locations": [{"physicalLocation": {"artifactLocation": art}}],
                          "properties": {"status": fr.status}})
            continue
        if fr.unreadable:
            notes.append({"level": "error", "message": {"text": f"{fr.path}：无法检查：{fr.error or ''}"},
                          "locations": [{"physicalLocation": {"artifactLocation": art}}]})
            continue
        for x in fr.failed_rules:
            if x.rule not in index:
                index[x.rule] = len(rules)
                rules.append(_rule_entry(x.rule, x.name, "", "error", ""))
            notes.append({"level": "error",
                          "message": {"text": f"{fr.path}：规则 {x.rule} {x.name} 运行出错，检查不完整：{x.error}"},
                          "locations": [{"physicalLocation": {"artifactLocation": art}}],
                          "associatedRule": {"id": x.rule, "index": index[x.rule]},
                          "properties": {"status": fr.status}})
        items = [*zip(fr.findings, fingerprints(fr), strict=True), *((f, None) for f in fr.unassessed)]
        for f, fp in items:
            if f.rule not in index:  # a rule outside the registry (a plugin, a test)
                index[f.rule] = len(rules)
                rules.append(_rule_entry(f.rule, f.name, f.category, f.severity, ""))
            locs = []
            for e in f.evidence:
                region: dict[str, Any] = {"snippet": {"text": e.context}}
                if e.line is not None and e.line >= 1:
                    region["startLine"] = e.line
                if e.page is None:
                    region["charOffset"] = e.start
                    region["charLength"] = max(0, e.end - e.start)
                else:
                    region["properties"] = {"page": e.page}
                locs.append({"physicalLocation": {"artifactLocation": art, "region": region},
                             "message": {"text": e.text}})
            res: dict[str, Any] = {
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": LEVEL[f.severity],
                "message": {"text": f.message},
                "locations": locs[:1] or [{"physicalLocation": {"artifactLocation": art}}],
                "partialFingerprints": {"jxcheckFingerprint/v1": fp},
                "properties": {"category": f.category, "name": f.name},
            }
            if fp is None:  # a check the rule could not make: SARIF's "open" (undetermined)
                res.update(kind="open", level="none")
                del res["partialFingerprints"]
            if len(locs) > 1:
                res["relatedLocations"] = [{"id": i, **loc} for i, loc in enumerate(locs[1:], 1)]
            for k in ("stated", "expected"):
                if getattr(f, k) is not None:
                    res["properties"][k] = getattr(f, k)
            out.append(res)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "jxcheck", "version": __version__,
                                "rules": rules}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
            "invocations": [{"executionSuccessful": not any(fr.failed_rules for fr in results),
                             "toolExecutionNotifications": notes}],
            "results": out,
        }],
    }


def render(results: list[FileResult], stream: IO[str], **opts: Any) -> None:
    json.dump(document(results, **opts), stream, ensure_ascii=False, indent=2)
    stream.write("\n")
