"""The system fonts a golden file was made with.

PDFium substitutes system fonts for fonts a PDF does not embed, so the text it reads from
such a PDF (STSong-Light in some corpus files) can change with the fonts installed: a
golden made on one machine holds for PDFs only on a machine with the same fonts. The
golden files record this fingerprint; where the machine's differs, their PDF entries are
skipped with that reason (DOCX, XLSX and TXT entries are still compared).
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", os.path.expanduser("~/.fonts"),
             os.path.expanduser("~/.local/share/fonts"))


def font_fingerprint() -> str:
    names = sorted(str(p) for d in FONT_DIRS if os.path.isdir(d) for p in Path(d).rglob("*") if p.is_file())
    return hashlib.sha256("\n".join(names).encode("utf-8")).hexdigest()[:16]


KEY = "__fonts__"
