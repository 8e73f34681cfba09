"""The -table variants of the seed reports give the 自评表 findings of KNOWN.md
(last section), in DOCX and in PDF."""
from __future__ import annotations

from pathlib import Path

import pytest

from jxcheck.pipeline import check_file

SEEDS = Path(__file__).parents[1].parent / "shared" / "seeds"
FORMATS = ("docx", "pdf")


def _findings(name: str):
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(f"seed not found: {path}")
    r = check_file(str(path))
    assert r.status == "ok", r.error
    return r.findings


def _has(findings, category, *figures, severity=None, rule=None):
    for f in findings:
        if f.category != category or (severity and f.severity != severity) or (rule and f.rule != rule):
            continue
        texts = [e.text for e in f.evidence]
        if all(any(fig in t for t in texts) for fig in figures):
            return f
    return None


@pytest.mark.parametrize("fmt", FORMATS)
def test_seed000_table(fmt):
    fs = _findings(f"seed-000-table.{fmt}")
    f = _has(fs, "score-inflation", "77.04%", "10", severity="error", rule="JX861")
    assert f is not None, [x.message for x in fs]
    assert "7.70" in f.message
    assert _has(fs, "indicator-mismatch", "5个", "5家")
    # 总分 100: weights and item scores both add to 100
    assert not [x for x in fs if x.category == "sum-mismatch" and x.rule.startswith("JX31")], [x.message for x in fs]


@pytest.mark.parametrize("fmt", FORMATS)
def test_seed003_table(fmt):
    fs = _findings(f"seed-003-table.{fmt}")
    f = _has(fs, "score-inflation", "≥1400家", "423个", severity="error")
    assert f is not None and "3.02" in f.message, [x.message for x in fs]
    assert _has(fs, "indicator-mismatch", "1400家", "423个")
    assert _has(fs, "missing-content", "93个", "9.3")
    # not errors: 9.3 = 93/100 × 10; 总分 99.3; 388.76 ÷ 388.76 = 100%
    assert not [x for x in fs if x.category == "score-inflation" and any(e.text == "9.3" for e in x.evidence)]
    assert not [x for x in fs if x.category == "sum-mismatch" and any("99.3" in e.text for e in x.evidence)]
    assert not [x for x in fs if x.category == "ratio-mismatch"
                and any("388.76" in e.text for e in x.evidence) and any("100%" == e.text for e in x.evidence)]
