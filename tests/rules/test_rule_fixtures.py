"""Every rule's pass and fail cases, from tests/rules/fixtures/<CODE>.yml, run by one test."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from extractor.analysis import extract
from extractor.readers.txt import from_text
from rules.config import Config
from rules.engine import run_rules
from rules.registry import all_rules

FIXTURES = Path(__file__).parent / "fixtures"


def load_cases():
    for f in sorted(FIXTURES.glob("*.yml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["rule"], case, id=f"{data['rule']}-{case['name']}")


def findings_for(code: str, text: str, options: dict | None = None):
    doc = from_text(text)
    cfg = Config(select=(code,), options={code: options} if options else {})
    found, problems = run_rules(doc, extract(doc), cfg)
    assert not problems, problems
    return found


@pytest.mark.parametrize("code,case", list(load_cases()))
def test_rule_case(code, case):
    found = findings_for(code, case["text"], case.get("options"))
    if case["expect"] == "pass":
        assert not found, [f.message for f in found]
        return
    assert found, f"{code} did not fire on {case['name']}"
    f = found[0]
    if "severity" in case:
        assert f.severity == case["severity"], f.message
    texts = " | ".join(e.text for x in found for e in x.evidence)
    for fig in case.get("figures", []):
        assert fig in texts, f"{fig!r} not in evidence {texts!r}"
    for part in case.get("message_contains", []):
        assert any(part in x.message for x in found), [x.message for x in found]
    if "count" in case:
        assert len(found) == case["count"], [x.message for x in found]


def test_every_rule_has_pass_and_fail_fixtures():
    have: dict[str, set[str]] = {}
    for f in FIXTURES.glob("*.yml"):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        have.setdefault(data["rule"], set()).update(c["expect"] for c in data["cases"])
    for r in all_rules():
        assert have.get(r.code) == {"pass", "fail"}, f"{r.code} needs pass and fail fixtures"


@pytest.mark.parametrize("r", all_rules(), ids=lambda r: r.code)
def test_rule_is_documented(r):
    doc = r.doc
    for part in ("检查什么", "为什么", "错误示例", "正确示例"):
        assert part in doc, f"{r.code} docstring lacks {part}"
    for opt in r.options:
        assert opt in doc, f"{r.code} does not document option {opt}"
