"""Untrusted submissions, round two (issue 14): readers bound their own work,
the guard covers pairing, and one byte cannot hide a report's errors.

Every case is generated here, small, and must be cheap to read or to refuse.
"""
from __future__ import annotations

import pytest
from hostile_corpus import REPORT

from extractor.readers import read
from jxcheck import pipeline

# a report whose stated rate contradicts its figures three times: 3 findings
WRONG = "乐山市经济合作和外事局2021年度项目预算500.00万元，实际支出388.76万元，执行率70.00%。\n提供线索419条。\n" * 3


def _rules(r) -> list[tuple[str, str]]:
    return [(f.rule, f.message) for f in r.findings]


# -- nothing hidden: a NUL byte is not evidence of UTF-16 ------------------------


@pytest.mark.parametrize("where", ["line-start", "mid-character"])
def test_one_nul_in_a_utf8_report_hides_nothing(tmp_path, where):
    data = WRONG.encode()
    clean = tmp_path / "clean.txt"
    clean.write_bytes(data)
    # one NUL after the first line (a character boundary), or inside a character
    at = data.index(b"\n") + 1 if where == "line-start" else 99
    nul = tmp_path / "nul.txt"
    nul.write_bytes(data[:at] + b"\x00" + data[at:] + (b"\n" if (len(data) + 1) % 2 else b""))
    expected = pipeline.check_file(str(clean))
    assert len(expected.findings) == 3
    got = pipeline.check_file(str(nul))
    assert got.status == "ok", got.error
    assert not any("utf-16" in d for d in read(str(nul)).diagnostics)
    if where == "line-start":
        assert _rules(got) == _rules(expected)
    else:  # the broken line is lost to U+FFFD, the others are still checked
        assert got.findings


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_still_recognised_by_its_nuls(tmp_path, enc):
    p = tmp_path / "u16.txt"
    p.write_bytes(WRONG.encode(enc))
    doc = read(str(p))
    assert any(d.startswith("文本编码：utf-16") for d in doc.diagnostics), doc.diagnostics
    assert "执行率70.00%" in doc.text
    assert len(pipeline.check_file(str(p)).findings) == 3


def test_nuls_of_a_binary_file_are_not_text(tmp_path):
    p = tmp_path / "bin.txt"
    p.write_bytes(b"\x00\x01\x02\x03\xfe\xff" * 700)
    r = pipeline.check_file(str(p))
    assert (r.status, r.error_code) == ("error", "encoding")


def test_utf8_bom_with_a_nul_is_utf8(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf" + REPORT.encode() + b"\x00" + REPORT.encode())
    doc = read(str(p))
    assert not doc.diagnostics
    assert "执行率77.75%" in doc.text
