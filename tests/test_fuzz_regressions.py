"""Inputs bench/fuzz_readers.py found, rebuilt by script, one test each."""
from __future__ import annotations

import pytest
from hostile_corpus import xlsx_bytes

from extractor.errors import ReadError
from extractor.readers import read


def _future_zip_version(data: bytes) -> bytes:
    # every central-directory entry says "version needed to extract: 20.1"
    out = bytearray(data)
    i = out.find(b"PK\x01\x02")
    while i >= 0:
        out[i + 6 : i + 8] = (201).to_bytes(2, "little")
        i = out.find(b"PK\x01\x02", i + 4)
    return bytes(out)


@pytest.mark.parametrize("ext", ["xlsx", "docx"])
def test_fuzz_zip_version_from_the_future(tmp_path, ext):
    # crash-0a2cfc3e…: zipfile raised NotImplementedError("zip file version 20.1"),
    # which escaped the reader as reader-failed instead of corrupt
    p = tmp_path / f"future.{ext}"
    p.write_bytes(_future_zip_version(xlsx_bytes()))
    with pytest.raises(ReadError) as e:
        read(p)
    assert e.value.code == "corrupt"


def test_fuzz_pdfminer_error_while_opening_after_pdfium_gave_up(tmp_path, monkeypatch):
    # crash-49045350…: a mutated seed PDF that PDFium refused, so ``auto`` fell back to
    # pdfplumber, whose page-limit check then raised PdfminerException("… 'Length1'")
    # while the engine was being opened — outside the reader's conversion to ReadError.
    # Rebuilt with the two failures injected (the 151 KB input is not committed).
    from hostile_corpus import text_pdf

    from extractor.readers import pdf_pdfium, pdf_plumber

    def pdfium_refuses(*_a, **_k):
        raise ReadError("corrupt", "文件已损坏或格式不符（无法解析 PDF）")

    def pdfminer_breaks(*_a, **_k):
        raise RuntimeError("PDF stream object None does not have attribute 'Length1'")

    monkeypatch.setattr(pdf_pdfium, "PdfiumPages", pdfium_refuses)
    monkeypatch.setattr(pdf_plumber, "_check_pages", pdfminer_breaks)
    p = tmp_path / "mutated.pdf"
    p.write_bytes(text_pdf())
    with pytest.raises(ReadError) as e:
        read(p)
    assert e.value.code == "corrupt"
