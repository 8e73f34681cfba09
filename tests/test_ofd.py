"""Issue 16: OFD (GB/T 33190) read natively into the PDF reader's document model.

The OFD files are written here (tests/ofd_writer.py): the sample PDFs re-set as
OFD from their own characters and ruling lines, and a TXT sample set as lines."""
from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import ofd_writer
import pytest
from typer.testing import CliRunner

from extractor.errors import ReadError
from extractor.readers import read
from extractor.readers.limits import ReadLimits
from extractor.readers.ofd import deltas
from jxcheck import cli
from jxcheck.pipeline import check_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
runner = CliRunner()


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


def _findings(r):
    return [(f.rule, f.severity, f.message, tuple((e.text, e.value, e.location) for e in f.evidence)) for f in r.findings]


@pytest.mark.parametrize("name", ["t04-yinchuan-school-funds", "t07-national-clean", "06-village-revitalisation-funds",
                                  "09-anyuan-county-health"])
def test_ofd_of_a_sample_pdf_reads_as_the_pdf(tmp_path, name):
    pdf = str(SAMPLES / f"{name}.pdf")
    ofd = _write(tmp_path, f"{name}.ofd", ofd_writer.from_pdf(pdf))
    a, b = read(pdf), read(ofd)
    assert b.format == "ofd" and b.pages == a.pages
    assert b.text == a.text and b.line_marks == a.line_marks and b.blocks == a.blocks
    assert [(t.n_rows, t.n_cols, t.page, t.cells) for t in b.tables] == [(t.n_rows, t.n_cols, t.page, t.cells)
                                                                        for t in a.tables]
    ra, rb = check_file(pdf), check_file(ofd)
    assert rb.status == "ok" and _findings(rb) == _findings(ra)  # page and line locations too


def test_a_table_of_the_ofd_is_read_with_its_cells(tmp_path):
    ofd = _write(tmp_path, "t04.ofd", ofd_writer.from_pdf(str(SAMPLES / "t04-yinchuan-school-funds.pdf")))
    r = check_file(ofd)
    locs = [e.location for f in r.findings for e in f.evidence]
    assert r.findings and all(loc.startswith("第") and "页第" in loc for loc in locs)
    doc = read(ofd)
    assert doc.tables and doc.tables[0].n_cols >= 6  # the 自评表, cell by cell


def test_ofd_set_from_a_txt_sample_gives_its_findings(tmp_path):
    src = SAMPLES / "06-village-revitalisation-funds.txt"
    lines = src.read_text(encoding="utf-8").splitlines()
    ofd = _write(tmp_path, "v.ofd", ofd_writer.from_lines(lines))
    got, want = check_file(ofd), check_file(str(src))
    assert got.status == "ok" and got.pages == -(-len(lines) // 40)
    assert sorted((f.rule, f.message) for f in got.findings) == sorted((f.rule, f.message) for f in want.findings)


def test_deltax_shorthand():
    assert deltas("g 3 1.5 2 g 2 0.5") == [1.5, 1.5, 1.5, 2.0, 0.5, 0.5]
    assert deltas("") == [] and deltas("1 x 2") == [1.0]


def _bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'/>")
        z.writestr("Doc_0/Pages/Page_0/Content.xml", b"<a>" + b" " * (50 * 1024 * 1024) + b"</a>")
    return buf.getvalue()


def _objects(n: int) -> bytes:
    objs = [ofd_writer.line_object(i, 10, 10 + i * 0.01, 100, 10 + i * 0.01) for i in range(n)]
    return ofd_writer.package([ofd_writer.page_xml(objs)])


@pytest.mark.parametrize("data,limits,code,words", [
    (_bomb(), None, "zip-bomb", "压缩比异常"),
    (ofd_writer.package([ofd_writer.page_xml([])], doctype='<!DOCTYPE x [<!ENTITY a "aaaa">]>'), None,
     "unsafe-xml", "OFD.xml"),
    (ofd_writer.from_lines(["一行"] * 90, per_page=1), ReadLimits(max_pages=50), "too-many-pages", "页数过多"),
    (_objects(300), ReadLimits(max_page_objects=200), "too-complex", "第 1 页内容过于复杂"),
    (ofd_writer.package([ofd_writer.page_xml([])]), None, "scanned", "没有可提取的文字"),
    (ofd_writer.package(["<ofd:Page xmlns:ofd='x'><unclosed"]), None, "corrupt", "不是有效的 XML"),
])
def test_hostile_ofd(tmp_path, data, limits, code, words):
    p = _write(tmp_path, "h.ofd", data)
    with pytest.raises(ReadError) as e:
        read(p, limits or ReadLimits())
    assert e.value.code == code and words in e.value.reason, e.value.reason


def test_not_an_ofd(tmp_path):
    pdf = _write(tmp_path, "renamed.ofd", (SAMPLES / "t07-national-clean.pdf").read_bytes())
    assert check_file(pdf).error_code == "not-ofd"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    r = check_file(_write(tmp_path, "docx.ofd", buf.getvalue()))
    assert r.error_code == "not-ofd" and "缺少 OFD.xml" in r.error


def test_ofd_in_a_folder_is_checked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.ofd").write_bytes(ofd_writer.from_pdf(str(SAMPLES / "06-village-revitalisation-funds.pdf")))
    shutil.copy(SAMPLES / "06-village-revitalisation-funds.pdf", tmp_path / "in" / "r.pdf")
    res = runner.invoke(cli.app, ["check", "--jobs", "1", "--no-config", "in", "-f", "json"])
    by = {f["path"]: f for f in json.loads(res.stdout)["files"]}
    assert by["in/r.ofd"]["status"] == "ok" and by["in/r.ofd"]["format"] == "ofd"
    assert [f["rule"] for f in by["in/r.ofd"]["findings"]] == [f["rule"] for f in by["in/r.pdf"]["findings"]]
    assert res.exit_code == 1
