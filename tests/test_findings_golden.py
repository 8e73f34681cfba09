"""Findings are byte-identical to a committed golden file (issue 15: every speed change
must be shown not to change what is found).

``jxcheck check -f json`` on samples/, ../shared/seeds and ../shared/corpus/docs is
compared, file by file, with tests/snapshots/findings.json: status, error code, every
finding and unassessed item (rule, message, evidence with its locations), summary,
diagnostics and notes. Nothing in that JSON is a timing.

A change that is *meant* to change findings regenerates the golden and commits it with
the change, so the diff shows what changed:

    JXCHECK_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_findings_golden.py

A speed change proves itself against main's findings: make the golden with main's code
(``JXCHECK_GOLDEN_FROM=/work/main``: that checkout's code, run from this one so the paths
are the same) and run the test on the change.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from golden_fonts import KEY, font_fingerprint

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "snapshots" / "findings.json"
# name -> folder, given to jxcheck relative to the repository so paths in the JSON are stable
SETS = {"samples": "samples", "seeds": "../shared/seeds", "corpus": "../shared/corpus/docs"}


def run_set(folder: str, code: Path = ROOT) -> dict:
    # not `-m`: it puts the working directory (this checkout) before PYTHONPATH
    boot = "import sys\ndel sys.path[0]\nsys.argv = ['jxcheck', *sys.argv[1:]]\nfrom jxcheck.cli import main\nmain()\n"
    r = subprocess.run([sys.executable, "-c", boot, "check", "-f", "json", folder],
                       capture_output=True, text=True, cwd=ROOT, check=False,
                       env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(code)})
    assert r.returncode in (0, 1), r.stderr[-2000:]
    return json.loads(r.stdout)


def _present() -> list[str]:
    return [name for name, folder in SETS.items() if (ROOT / folder).is_dir()]


@pytest.fixture(scope="module")
def golden() -> dict:
    if os.environ.get("JXCHECK_UPDATE_GOLDEN"):
        code = Path(os.environ.get("JXCHECK_GOLDEN_FROM") or ROOT).resolve()
        data = {name: run_set(SETS[name], code) for name in SETS if (ROOT / SETS[name]).is_dir()}
        data[KEY] = font_fingerprint()
        GOLDEN.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", _present())
def test_findings_identical_to_golden(golden, name):
    if name not in golden:
        pytest.skip(f"{name} was not beside the repository when the golden was made")
    got = run_set(SETS[name])
    want = golden[name]
    assert [f["path"] for f in got["files"]] == [f["path"] for f in want["files"]]
    same_fonts = golden.get(KEY) == font_fingerprint()
    for g, w in zip(got["files"], want["files"], strict=True):
        if not same_fonts and g["path"].lower().endswith(".pdf"):
            continue  # PDFium's text of a PDF without embedded fonts depends on the system fonts

        # one file at a time, so a failure names the file whose findings changed
        assert json.dumps(g, ensure_ascii=False, sort_keys=True) == json.dumps(w, ensure_ascii=False, sort_keys=True), \
            g["path"]
    if same_fonts:
        assert got["summary"] == want["summary"]
