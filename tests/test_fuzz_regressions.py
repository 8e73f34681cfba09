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
