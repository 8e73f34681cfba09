"""Runs the enabled rules over one extracted document."""
from __future__ import annotations

from extractor.analysis import Extraction
from extractor.model import Document

from .config import DEFAULT, Config
from .context import RuleContext
from .finding import Finding, RuleFailure
from .registry import all_rules


def run_rules(doc: Document, ext: Extraction, config: Config = DEFAULT) -> tuple[list[Finding], list[RuleFailure]]:
    """Findings in document order, and the rules that raised (a broken rule must
    not lose the file's other findings, nor the ones it yielded before raising;
    the caller reports the file's check as incomplete)."""
    findings: list[Finding] = []
    problems: list[RuleFailure] = []
    ctx = RuleContext(doc, ext)
    for rule in all_rules():
        if not config.enabled(rule):
            continue
        ctx._rule = rule
        ctx._severity = config.severity_for(rule)
        ctx.options = config.options_for(rule)
        try:
            for f in rule.check(ctx):
                findings.append(f)
        except Exception as exc:  # noqa: BLE001 - reported, never swallowed
            problems.append(RuleFailure(rule.code, rule.name, _describe(exc)))
    # one finding per (rule, evidence) even if two code paths reached it
    uniq: dict[tuple[str, tuple[tuple[int, int], ...], str], Finding] = {}
    for f in findings:
        uniq.setdefault((f.rule, tuple((e.start, e.end) for e in f.evidence), f.message), f)
    return sorted(uniq.values(), key=Finding.sort_key), problems


def _describe(exc: Exception, limit: int = 300) -> str:
    """``TypeError: message (jx101_funds.py:88)``: one line, with the innermost frame."""
    import os
    import traceback

    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    frames = traceback.extract_tb(exc.__traceback__)
    if frames:
        text += f" ({os.path.basename(frames[-1].filename)}:{frames[-1].lineno})"
    return text
