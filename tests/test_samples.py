"""End to end: every report in samples/ gives the findings in its <base>.expected.yaml,
in every format it is provided in, and nothing else at warning or error."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from jxcheck.pipeline import check_file

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
REPORT_EXTS = (".txt", ".docx", ".pdf", ".xlsx")
RANK = {"info": 1, "warning": 2, "error": 3}


def sample_files():
    for exp in sorted(SAMPLES.glob("*.expected.yaml")):
        base = exp.name[: -len(".expected.yaml")]
        for ext in REPORT_EXTS:
            f = SAMPLES / f"{base}{ext}"
            if f.exists():
                yield pytest.param(f, exp, id=f.name)


def evidence_text(f) -> str:
    return " | ".join(e.text + " " + e.context for e in f.evidence)


def strip(fig: str) -> str:
    return fig.replace(" ", "")


def matches(finding, entry) -> bool:
    if finding.category != entry["category"]:
        return False
    ev = " | ".join(e.text for e in finding.evidence) + " | " + finding.message
    ctx = evidence_text(finding)
    return all(strip(fig) in ev or strip(fig) in ctx for fig in entry.get("figures", []))


def diff(path: Path, exp_path: Path) -> tuple[list[str], list[str]]:
    """(missing expected findings, unexpected warning/error findings)."""
    expected = yaml.safe_load(exp_path.read_text(encoding="utf-8")) or {}
    result = check_file(str(path))
    assert result.status == "ok", result.error
    found = list(result.findings)
    missing = []
    for entry in expected.get("findings") or []:
        hits = [f for f in found if matches(f, entry)]
        if entry.get("known_gap"):
            # a documented miss: the test fails when the checker starts finding it,
            # so the marker cannot outlive the gap
            if hits:
                missing.append(f"known_gap now found, remove the marker: {entry['category']} {entry.get('figures')}")
            continue
        if not hits:
            missing.append(f"{entry['category']} {entry.get('figures')}: {entry.get('why', '')}")
        elif not any(RANK[f.severity] >= RANK[entry.get("severity", "info")] for f in hits):
            missing.append(f"{entry['category']} {entry.get('figures')} at {entry['severity']}, found {hits[0].severity}")
    unexpected = []
    for f in found:
        if RANK[f.severity] < RANK["warning"]:
            continue
        explained = any(
            f.category == e["category"]
            and (not e.get("figures") or any(strip(x) in evidence_text(f) or strip(x) in f.message for x in e["figures"]))
            for e in expected.get("findings") or []
        )
        if not explained:
            unexpected.append(f"{f.severity} {f.rule} {f.category}: {f.message}")
    return missing, unexpected


@pytest.mark.parametrize("path,exp", list(sample_files()))
def test_sample(path, exp):
    missing, unexpected = diff(path, exp)
    assert not missing, "missing: " + "; ".join(missing)
    assert not unexpected, "false alarms: " + "; ".join(unexpected)


def test_samples_exist_in_every_format():
    exts = {p.suffix for p in SAMPLES.iterdir()}
    assert {".txt", ".docx", ".pdf"} <= exts
