"""seed-003's correct 完成率 (114.6% = 165 ÷ 144, 129.86% = 187 ÷ 144, 101.72% = 118 ÷ 116) are
checked against their per-group targets and pass: neither a finding nor 未能核对."""
from __future__ import annotations

import pytest

from jxcheck.pipeline import check_file
from tests.conftest import SEEDS

RATES = ("114.6%", "129.86%", "101.72%")


@pytest.mark.parametrize("name", ["seed-003.txt", "seed-003.docx", "seed-003.pdf"])
def test_correct_completion_rates_are_checked(name):
    path = SEEDS / name
    if not path.exists():
        pytest.skip("../shared/seeds is not beside the repository")
    r = check_file(str(path))
    texts = [" ".join([f.message, *(e.text for e in f.evidence)]) for f in (*r.findings, *r.unassessed)]
    for rate in RATES:
        assert not any(rate in t for t in texts), (rate, [t for t in texts if rate in t])
