"""A PDF's characters are released page by page (issue 15): the memory a read needs
grows with its longest page, not with every page's character dicts kept to the end
(that cost ~0.23 MB of Python objects a page, measured with tracemalloc)."""
from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from extractor.readers import read

ROOT = Path(__file__).resolve().parents[1]
SRC = sorted(ROOT.glob("samples/*.pdf"))


def _pdf(out: Path, pages: int) -> Path:
    import pypdfium2 as pdfium

    docs = [pdfium.PdfDocument(str(p)) for p in SRC]
    new = pdfium.PdfDocument.new()
    i = 0
    while len(new) < pages:
        d = docs[i % len(docs)]
        new.import_pages(d, list(range(min(len(d), pages - len(new)))))
        i += 1
    new.save(str(out))
    new.close()
    for d in docs:
        d.close()
    return out


def _peak(p: Path) -> float:
    read(p)  # imports and caches out of the measurement
    tracemalloc.start()
    try:
        read(p)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


@pytest.mark.skipif(not SRC, reason="no sample PDFs")
def test_memory_does_not_grow_with_every_page(tmp_path):
    small, big = _peak(_pdf(tmp_path / "s.pdf", 10)), _peak(_pdf(tmp_path / "b.pdf", 60))
    per_page = (big - small) / 50
    assert per_page < 0.08, f"{per_page:.3f} MB per page ({small:.1f} MB at 10 pages, {big:.1f} MB at 60)"
