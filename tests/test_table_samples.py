"""End-to-end: the 自评表 samples (samples/t*) give exactly their expected findings.

Every expected finding is reported (category, severity, all evidence figures); no
error or warning is reported that the expected file does not list; the
not_errors figures draw no error or warning."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from jxcheck.pipeline import check_file

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
CASES = [(exp, f) for exp in sorted(SAMPLES.glob("t*.expected.yaml"))
         for f in sorted(SAMPLES.glob(exp.name.replace(".expected.yaml", ".*")))
         if f.suffix in (".docx", ".pdf", ".xlsx", ".txt")]


def _matches(f, item) -> bool:
    if item.get("category") and f.category != item["category"]:
        return False
    if item.get("severity") and f.severity != item["severity"]:
        return False
    texts = [e.text for e in f.evidence]
    return all(any(fig in t for t in texts) for fig in item.get("figures", []))


@pytest.mark.parametrize("expected,path", CASES, ids=[p.name for _, p in CASES])
def test_table_sample(expected, path):
    spec = yaml.safe_load(expected.read_text(encoding="utf-8"))
    r = check_file(str(path))
    assert r.status == "ok", r.error
    found = [f for f in r.findings if f.severity in ("error", "warning")]
    shown = [f"{f.rule} {f.category} {f.severity}: {f.message}" for f in found]
    if spec.get("clean"):
        assert not found, shown
    for item in spec.get("findings") or []:
        assert any(_matches(f, item) for f in found), (item, shown)
    for f in found:
        assert any(_matches(f, item) for item in spec.get("findings") or []), f"unexpected: {f.rule} {f.message}"
    for item in spec.get("not_errors") or []:
        bad = [f for f in found if _matches(f, {"figures": item["figures"]})
               and not any(_matches(f, e) for e in spec.get("findings") or [])]
        assert not bad, (item, [x.message for x in bad])


def test_samples_cover_three_formats():
    suffixes = {p.suffix for _, p in CASES}
    assert {".docx", ".pdf", ".xlsx"} <= suffixes
