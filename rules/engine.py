"""Runs the enabled rules over one extracted document."""
from __future__ import annotations

from extractor.analysis import Extraction
from extractor.model import Document

from .config import DEFAULT, Config
from .context import RuleContext
from .finding import Finding
from .registry import all_rules


def run_rules(doc: Document, ext: Extraction, config: Config = DEFAULT) -> tuple[list[Finding], list[str]]:
    """Findings in document order, and diagnostics for rules that failed (a
    broken rule must not lose the file's other findings)."""
    findings: list[Finding] = []
    problems: list[str] = []
    ctx = RuleContext(doc, ext)
    for rule in all_rules():
        if not config.enabled(rule):
            continue
        ctx._rule = rule
        ctx._severity = config.severity_for(rule)
        ctx.options = config.options_for(rule)
        try:
            findings.extend(rule.check(ctx))
        except Exception as exc:  # noqa: BLE001 - reported, never swallowed
            problems.append(f"规则 {rule.code} 运行出错：{type(exc).__name__}: {exc}")
    # one finding per (rule, evidence) even if two code paths reached it
    uniq: dict[tuple[str, tuple[tuple[int, int], ...], str], Finding] = {}
    for f in findings:
        uniq.setdefault((f.rule, tuple((e.start, e.end) for e in f.evidence), f.message), f)
    return sorted(uniq.values(), key=Finding.sort_key), problems
