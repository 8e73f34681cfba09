"""A forked child checking a PDF imports no reader or parsing library: ``guard.warm``
has imported, in the parent, every module reading a PDF needs (issue 15: once the table finder stopped
importing pdfplumber, pdfminer — which pdf_scan's budget uses — was imported afresh in
every child, ~40 ms a file). Run in a fresh interpreter, so that nothing the test
session imported hides a missing module."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CODE = """
import json, sys
from jxcheck import guard
from jxcheck.pipeline import check_file
from rules.config import DEFAULT
guard.warm(True, [sys.argv[1]])
before = set(sys.modules)
r = check_file(sys.argv[1], DEFAULT)
print(json.dumps({"status": r.status, "new": sorted(set(sys.modules) - before)}))
"""


# what reading a PDF may import (the pipeline's own lazy imports are not the reader's)
_READING = ("extractor.readers", "extractor.ocr", "pdfminer", "pypdfium2", "pdfplumber", "cryptography",
            "charset_normalizer", "PIL")


def test_reading_a_pdf_after_warm_imports_no_reader() -> None:
    pdf = sorted(ROOT.glob("samples/*.pdf"))[0]
    out = subprocess.run([sys.executable, "-c", _CODE, str(pdf)], capture_output=True, text=True, check=True, cwd=ROOT)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["status"] == "ok"
    assert [m for m in got["new"] if m.startswith(_READING)] == []


def test_pdfplumber_is_not_imported_to_read_with_pdfium() -> None:
    code = _CODE.replace('print(json.dumps({"status": r.status, "new": sorted(set(sys.modules) - before)}))',
                         'print(json.dumps({"status": r.status, "new": sorted(m for m in sys.modules if "pdfplumber" in m)}))')
    pdf = sorted(ROOT.glob("samples/*.pdf"))[0]
    out = subprocess.run([sys.executable, "-c", code, str(pdf)], capture_output=True, text=True, check=True, cwd=ROOT)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got == {"status": "ok", "new": []}
