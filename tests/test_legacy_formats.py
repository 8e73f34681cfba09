"""Issue 16: .doc/.wps/.xls/.et are converted by LibreOffice (when installed) and read
by the DOCX/XLSX readers; without it each is reported not checked with the command
that installs it.

The old files are made here from the project's own samples with LibreOffice itself
(DOCX → ODT → DOC: LibreOffice 7.4's direct DOCX → DOC export drops python-docx's
tables; through ODT they survive). Tests that need LibreOffice skip without it;
``.ci/run`` installs it."""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.errors import ReadError
from extractor.readers import legacy, read, xls
from extractor.readers.limits import ReadLimits
from jxcheck import cli
from jxcheck.guard import BOUNDED, run_guarded
from jxcheck.pipeline import check_file
from rules.context import CONVERTED_MARK

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
runner = CliRunner()
needs_lo = pytest.mark.skipif(legacy.find_soffice() is None,
                              reason="LibreOffice not installed (apt-get install -y libreoffice-writer-nogui "
                                     "libreoffice-calc-nogui)")


def _lo(src: Path, fmt: str, out: Path, profile: Path) -> Path:
    subprocess.run([legacy.find_soffice(), "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
                    "--convert-to", fmt, "--outdir", str(out), str(src)], check=True, capture_output=True, timeout=120)
    return out / (src.stem + "." + fmt.split(":")[0])


@pytest.fixture(scope="module")
def old_files(tmp_path_factory) -> dict[str, Path]:
    """t08 (DOCX, a 自评表 with planted errors) as .doc and .wps, t03 (XLSX) as .xls and .et."""
    if legacy.find_soffice() is None:
        pytest.skip("LibreOffice not installed")
    d = tmp_path_factory.mktemp("old")
    prof = d / "profile"
    odt = _lo(SAMPLES / "t08-national-planted.docx", "odt", d / "odt", prof)
    doc = _lo(odt, "doc:MS Word 97", d / "doc", prof)
    xls = _lo(SAMPLES / "t03-putuo-sports-yuan.xlsx", "xls:MS Excel 97", d / "xls", prof)
    src = d / "in"
    src.mkdir()
    out = {"doc": src / "t08.doc", "wps": src / "t08.wps", "xls": src / "t03.xls", "et": src / "t03.et"}
    for k, p in (("doc", doc), ("wps", doc), ("xls", xls), ("et", xls)):
        shutil.copy(p, out[k])
    assert out["doc"].read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a real OLE Word 97 file
    return out


def _key(r, mark: str = ""):
    """A result's findings, locations with the converted mark taken off."""
    out = []
    for f in r.findings:
        locs = []
        for e in f.evidence:
            assert e.location.endswith(mark), e.location
            locs.append(e.location[: len(e.location) - len(mark)] if mark else e.location)
        out.append((f.rule, f.severity, f.message, tuple((e.text, e.value) for e in f.evidence), tuple(locs)))
    return out


@needs_lo
@pytest.mark.parametrize("kind,sample", [("doc", "t08-national-planted.docx"), ("wps", "t08-national-planted.docx"),
                                         ("xls", "t03-putuo-sports-yuan.xlsx"), ("et", "t03-putuo-sports-yuan.xlsx")])
def test_converted_file_gives_the_samples_findings(old_files, kind, sample, monkeypatch):
    monkeypatch.setattr("extractor.readers.xls.available", lambda: False)  # LibreOffice for workbooks too
    want = check_file(str(SAMPLES / sample))
    got = check_file(str(old_files[kind]))
    assert got.status == "ok" and got.format == kind
    assert want.findings and _key(got, CONVERTED_MARK) == _key(want)
    assert any("已由 LibreOffice 转换为" in d for d in got.diagnostics)
    if kind == "xls":  # the cell as Excel names it, said to be of the converted copy
        assert "自评表!G6（转换后）" in [e.location for f in got.findings for e in f.evidence]


@needs_lo
def test_converted_doc_under_the_default_guard_and_in_the_cli(old_files, monkeypatch):
    monkeypatch.setattr("extractor.readers.xls.available", lambda: False)
    r = run_guarded(str(old_files["doc"]), limits=BOUNDED)  # forked child, RLIMIT_AS, timeout
    assert r.status == "ok" and {f.rule for f in r.findings} >= {"JX861", "JX862", "JX212"}
    res = runner.invoke(cli.app, ["check", "--jobs", "1", "--no-config", str(old_files["doc"].parent)])
    text = res.stdout
    for name in ("t08.doc", "t08.wps", "t03.xls", "t03.et"):  # checked, each with its findings
        assert f"{name}  ({name.split('.')[1]})  " in text, text
    assert "无法检查" not in text and "未检查" not in text
    assert "自评表!D6、E6、G6（转换后）" in text


@needs_lo
def test_conversion_writes_nothing_beside_the_input_and_leaves_no_temp(old_files, tmp_path, monkeypatch):
    monkeypatch.setattr("extractor.readers.xls.available", lambda: False)
    folder = old_files["doc"].parent

    def snap():
        return {p.name: (p.stat().st_size, p.stat().st_mtime_ns, p.read_bytes()) for p in folder.iterdir()}

    before = snap()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    read(str(old_files["doc"]))
    read(str(old_files["xls"]))
    assert snap() == before
    assert list(tmp_path.iterdir()) == []  # the private folder and profile are gone


def _fake_soffice(folder: Path, body: str) -> None:
    folder.mkdir(exist_ok=True)
    exe = folder / "soffice"
    exe.write_text("#!/bin/sh\n" + body + "\n")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)


def test_a_hung_converter_is_ended_with_its_process_group(tmp_path, monkeypatch):
    """No LibreOffice needed: a fake ``soffice`` that starts a child and hangs."""
    pidfile = tmp_path / "pids"
    _fake_soffice(tmp_path / "bin", f"sleep 60 & echo $! > {pidfile}; sleep 60")
    monkeypatch.setenv("PATH", str(tmp_path / "bin") + os.pathsep + os.environ.get("PATH", ""))
    doc = tmp_path / "a.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\0" * 600)
    t = time.monotonic()
    with pytest.raises(ReadError) as e:
        read(str(doc), ReadLimits(convert_timeout_s=1.0))
    assert e.value.code == "timeout" and "LibreOffice 转换超时" in e.value.reason
    assert time.monotonic() - t < 10
    child = int(pidfile.read_text())
    for _ in range(50):  # the converter's own child was killed too (its group)
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the converter's child process is still running")


def test_a_converter_that_writes_nothing_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr("extractor.readers.xls.available", lambda: False)
    _fake_soffice(tmp_path / "bin", "echo 'Error: source file could not be loaded' >&2; exit 0")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    x = tmp_path / "b.xls"
    x.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le") + b"junk")
    with pytest.raises(ReadError) as e:
        read(str(x))
    assert e.value.code == "corrupt" and "LibreOffice 无法转换：Error: source file could not be loaded" in e.value.reason


def test_without_libreoffice_each_file_names_the_command(tmp_path, monkeypatch, no_converters):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    for name in ("a.doc", "b.wps", "c.xls", "d.et"):
        (tmp_path / "in" / name).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    shutil.copy(SAMPLES / "06-village-revitalisation-funds.txt", tmp_path / "in" / "r.txt")
    res = runner.invoke(cli.app, ["check", "--jobs", "1", "--no-config", "in", "-f", "json"])
    by = {f["path"]: f for f in json.loads(res.stdout)["files"]}
    writer, calc = "apt-get install -y libreoffice-writer-nogui", "pip install 'jxcheck[xls]'"
    for name, cmd in (("a.doc", writer), ("b.wps", writer), ("c.xls", calc), ("d.et", calc)):
        f = by[f"in/{name}"]
        assert f["status"] == "skipped" and f["error_code"] == "old-format" and cmd in f["error"], f
    assert res.exit_code == 1  # the folder's report decides; the files not checked do not give 3
    named = check_file("in/a.doc")  # named on the command line: not checked, the same reason
    assert named.status == "error" and named.error_code == "old-format" and writer in named.error
    assert runner.invoke(cli.app, ["check", "--jobs", "1", "--no-config", "in/c.xls"]).exit_code == 3


@needs_lo
def test_a_file_that_is_no_office_document_is_refused_not_read_as_text(tmp_path):
    """LibreOffice imports what it does not recognise as plain text: random bytes named
    .doc would pass as a report without findings."""
    for name, data in (("bad.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(4000)),
                       ("bad.et", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(4000)),
                       ("bad.xls", os.urandom(4000).replace(b"PK", b"pk")), ("notes.wps", "普通文字".encode())):
        p = tmp_path / name
        p.write_bytes(data)
        r = check_file(str(p))
        assert r.status == "error" and r.error_code in ("corrupt", "not-office"), r


@needs_lo
def test_a_doc_report_and_its_xls_table_are_paired(tmp_path):
    """报告.doc + 自评表.xls in one folder: paired by 项目名称 as 报告.docx + 自评表.xlsx are."""
    from jxcheck.pairing import plan

    seed = ROOT.parent / "shared" / "seeds" / "seed-003.docx"
    if not seed.is_file():
        pytest.skip("seed not found")
    from test_pairing import ROWS, _maker

    prof = tmp_path / "profile"
    _maker().xlsx(str(tmp_path / "附件：自评表.xlsx"), ROWS, "项目支出绩效自评表")
    odt = _lo(seed, "odt", tmp_path / "odt", prof)
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(_lo(odt, "doc:MS Word 97", tmp_path / "doc", prof), folder / "乐山市招商自评报告.doc")
    shutil.copy(_lo(tmp_path / "附件：自评表.xlsx", "xls:MS Excel 97", tmp_path / "xls", prof), folder / "附件：自评表.xls")
    from test_pairing import _run

    from jxcheck.pairing import run_planned

    results = list(run_planned(plan([str(folder / "乐山市招商自评报告.doc"), str(folder / "附件：自评表.xls")]), _run))
    assert len(results) == 1  # the table is checked with its report, not on its own
    r = results[0]
    assert r.path.endswith(".doc") and r.notes and "项目名称" in r.notes[0]
    hit = [e for f in r.findings if f.rule == "JX862" for e in f.evidence if e.text == "423家"]
    assert hit and hit[0].location.startswith("附件：自评表.xls ")


needs_xlrd = pytest.mark.skipif(not xls.available(), reason="xlrd not installed (pip install 'jxcheck[xls]')")


@needs_lo
@needs_xlrd
@pytest.mark.parametrize("kind", ["xls", "et"])
def test_xlrd_reads_old_workbooks_with_their_own_cells(old_files, kind):
    """With the xls extra, .xls/.et are read by xlrd: the XLSX sample's document and
    findings exactly, locations unmarked (no conversion), no LibreOffice needed."""
    sample = str(SAMPLES / "t03-putuo-sports-yuan.xlsx")
    a, b = read(sample), read(str(old_files[kind]))
    assert (b.format, b.converted) == (kind, None)
    assert (b.text, b.blocks, b.tables) == (a.text, a.blocks, a.tables)
    assert _key(check_file(str(old_files[kind]))) == _key(check_file(sample))


@needs_lo
@needs_xlrd
def test_xlrd_renders_numbers_as_the_xlsx_reader(tmp_path):
    """Numbers, percentages, thousands, dates and booleans: the XF records' number formats
    give the same text as the XLSX reader gives for the same workbook."""
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "自评表"
    rows = [("执行率", 0.7704, "0.00%"), ("预算", 1234567.5, "#,##0.00"), ("人次", 1200, "General"),
            ("比例", 0.30000000000000004, "General"), ("日期", dt.datetime(2023, 12, 31), "yyyy-mm-dd"),
            ("得分", 8.625, "0.0"), ("完成", True, "General"), ("负数", -0.001, "0.00")]
    for i, (label, value, fmt) in enumerate(rows, start=1):
        ws.cell(i, 1, label)
        ws.cell(i, 2, value).number_format = fmt
    ws.merge_cells("C1:D2")
    ws["C1"] = "合并"
    src = tmp_path / "n.xlsx"
    wb.save(src)
    xls_file = _lo(src, "xls:MS Excel 97", tmp_path / "out", tmp_path / "profile")
    a, b = read(str(src)), read(str(xls_file))
    assert b.text == a.text and b.tables == a.tables, (a.text, b.text)
    assert "77.04%" in b.text and "1,234,567.50" in b.text and "2023-12-31" in b.text


def test_without_libreoffice_xlrd_still_reads_workbooks(tmp_path, monkeypatch):
    """xlrd alone: .xls is checked in a folder walk, .doc is listed with LibreOffice's command."""
    if not xls.available():
        pytest.skip("xlrd not installed")
    from conftest import path_without_libreoffice

    from jxcheck.discover import iter_inputs

    monkeypatch.setenv("PATH", path_without_libreoffice())
    for name in ("a.doc", "b.xls", "c.et", "d.wps"):
        (tmp_path / name).write_bytes(b"x")
    skipped: list[str] = []
    found = [Path(p).name for p in iter_inputs([str(tmp_path)], skipped=skipped)]
    assert found == ["b.xls", "c.et"] and sorted(Path(p).name for p in skipped) == ["a.doc", "d.wps"]
