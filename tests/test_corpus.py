"""The corpus gate: jxcheck on ../shared/corpus (36 labelled reports nobody here wrote),
scored by the corpus's own scorer, must not fall below the figures reached so far.

Floors are raised as the reading improves and never lowered. The scorer is run as a
program, exactly as the corpus README says, on the JSON the real entry point writes.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"

# must items found, per category (reached when the fact model landed)
MUST_FLOORS = {
    "ratio-mismatch": 7, "over-limit": 4, "sum-mismatch": 10, "value-conflict": 6, "grade-mismatch": 5,
    "score-inflation": 5, "missing-content": 8, "duplicate-text": 2, "period-mismatch": 4, "indicator-mismatch": 3,
    "claim-contradiction": 3,
}
MUST_TOTAL = 58
JUDGMENT_TOTAL = 18  # judgment items found (reasonable findings that may be missed); 19 → 18 when JX862 stopped restating JX211 (dC07)
ERROR_PRECISION = 1.0  # error findings that match an expected item / error findings
MAX_DISTRACTOR_HITS = 0
MAX_FALSE_ERRORS_ON_CLEAN = 0

pytestmark = pytest.mark.skipif(not (CORPUS / "score.py").exists(), reason="../shared/corpus is not beside the repository")


@pytest.fixture(scope="module")
def score(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus") / "r.json"
    with open(out, "w", encoding="utf-8") as fh:
        subprocess.run([sys.executable, "-m", "jxcheck.cli", "check", "--format", "json", str(CORPUS / "docs")],
                       stdout=fh, stderr=subprocess.DEVNULL, cwd=ROOT, check=False)
    json.loads(out.read_text(encoding="utf-8"))  # the run wrote a whole JSON document
    r = subprocess.run([sys.executable, str(CORPUS / "score.py"), str(out)], capture_output=True, text=True, check=True)
    return r.stdout


def _section(text: str, title: str) -> dict[str, tuple[int, int]]:
    lines = text.split(title, 1)[1].splitlines()[1:]
    out = {}
    for ln in lines:
        m = re.match(r"^\s+(\S+)\s+(\d+)/(\d+)", ln)
        if not m:
            break
        out[m.group(1)] = (int(m.group(2)), int(m.group(3)))
    return out


def test_must_recall_per_category(score):
    got = _section(score, "must-recall by category:")
    for cat, floor in MUST_FLOORS.items():
        assert got.get(cat, (0, 0))[0] >= floor, f"{cat}: {got.get(cat)} below the floor {floor}\n{score}"


def test_summary_floors(score):
    last = score.strip().splitlines()[-1]
    j = re.search(r"judgment (\d+)/(\d+)", last)
    assert j and int(j.group(1)) >= JUDGMENT_TOTAL, last
    m = re.search(r"must-recall (\d+)/(\d+).*error-precision (\d+)/(\d+).*distractor-hits (\d+)\s+false-errors-on-clean (\d+)"
                  r"\s+unread (\d+)\s+no-result (\d+)", last)
    assert m, last
    must, _, ok, errors, distractors, clean, unread, missing = map(int, m.groups())
    assert must >= MUST_TOTAL, last
    assert errors == 0 or ok / errors >= ERROR_PRECISION, last
    assert distractors <= MAX_DISTRACTOR_HITS, last
    assert clean <= MAX_FALSE_ERRORS_ON_CLEAN, last
    assert unread == 0 and missing == 0, last
