"""Every PDF and DOCX of samples/, ../shared/seeds and ../shared/corpus/docs reads to the
same Document as before the readers were made faster (issue 15): text, blocks, line and
page marks, tables, cells and diagnostics, hashed into tests/snapshots/documents.json
(made from main before the change).

A reader change that is meant to change what is read regenerates it:

    JXCHECK_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_documents_golden.py

(``JXCHECK_GOLDEN_FROM=/work/main`` makes it with main's readers.) PDF text depends on the
fonts installed for PDFium's fallback when a PDF does not embed its fonts: installing
fonts-wqy-microhei changed two corpus PDFs' text, so the golden is made on the machine
that runs the test.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from golden_fonts import KEY, font_fingerprint

from extractor.readers import read

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "snapshots" / "documents.json"
FOLDERS = [ROOT / "samples", ROOT.parent / "shared" / "seeds", ROOT.parent / "shared" / "corpus" / "docs"]
FILES = sorted(p for d in FOLDERS if d.is_dir() for p in d.iterdir() if p.suffix in (".pdf", ".docx"))


def _key(p: Path) -> str:
    return f"{p.parent.name}/{p.name}"


def fingerprint(p: Path) -> str:
    doc = read(p)
    fields = (doc.format, doc.text, doc.blocks, doc.tables, doc.pages, doc.line_marks, doc.diagnostics, doc.ocr_spans)
    return hashlib.sha256(repr(fields).encode("utf-8")).hexdigest()


@pytest.fixture(scope="module")
def golden() -> dict:
    if os.environ.get("JXCHECK_UPDATE_GOLDEN"):
        other = os.environ.get("JXCHECK_GOLDEN_FROM")
        if other:  # another checkout's readers, in a process of their own
            code = ("import json, sys\nfrom pathlib import Path\nsys.path.insert(0, sys.argv[1])\n"
                    "import test_documents_golden as T\n"
                    "print(json.dumps({T._key(p): T.fingerprint(p) for p in T.FILES}))\n")
            r = subprocess.run([sys.executable, "-c", code, str(ROOT / "tests")], capture_output=True, text=True,
                               check=True, cwd=ROOT / "tests", env={**os.environ, "PYTHONPATH": str(Path(other).resolve())})
            data = json.loads(r.stdout)
        else:
            data = {_key(p): fingerprint(p) for p in FILES}
        data[KEY] = font_fingerprint()
        GOLDEN.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", FILES, ids=_key)
def test_document_unchanged(golden, path):
    if _key(path) not in golden:
        pytest.skip("not in the golden file")
    if path.suffix == ".pdf" and golden.get(KEY) != font_fingerprint():
        pytest.skip("the golden was made with other system fonts (PDFium's text of a PDF without embedded fonts depends on them)")
    assert fingerprint(path) == golden[_key(path)]
