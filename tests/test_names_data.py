"""Names are data (issue 14): a file name is chosen by whoever submitted the file.

ESC, CR/LF and other control characters in a name are shown escaped in the text,
HTML, CSV and XLSX outputs (a name can no longer print a forged "未发现问题" line
or a terminal escape); JSON, JSON Lines and SARIF keep the exact name and stay
valid; spreadsheet cells that would read as a formula are neutralised; a control
character no longer loses the whole workbook (openpyxl IllegalCharacterError)."""
from __future__ import annotations

import io
import json
import zipfile

import pytest
from typer.testing import CliRunner

from jxcheck import cli
from jxcheck.reporters.common import cell_text, formula_like
from jxcheck.result import FileResult, visible, visible_result, visible_text

REPORT = "预算100万元，实际支出80万元，执行率90%。\n".encode()
NAMES = {
    "esc": "a\x1b[2Kb.txt",
    "newline": "n\n未发现问题.txt",
    "cr": "r\r未发现问题.txt",
    "bidi": "x\u202etxt.exe.txt",
    "formula": '=HYPERLINK("https:x.example","点这里").txt',
    "dde": "@SUM(1+1)cmd.txt",
    "plus": "+1-1.txt",
}
FAST = ["--no-config", "--timeout", "0", "--max-memory", "0", "-j", "1"]


@pytest.fixture
def named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for n in NAMES.values():
        (tmp_path / n).write_bytes(REPORT)
    return sorted(NAMES.values())


def _run(args):
    res = CliRunner().invoke(cli.app, ["check", *args, *FAST])
    assert res.exit_code in (0, 1), res.output[-2000:]
    return res


def test_visible_escapes_controls_as_python_would():
    assert visible("a\x1b[2Kb\nc\rd\te\u202ef\x85") == "a\\x1b[2Kb\\nc\\rd\\te\\u202ef\\x85"
    assert visible("正常的名字.txt") == "正常的名字.txt"
    # document text keeps its length (highlight offsets point into it) and its tabs
    s = "a\x1bb\tc\nd\x9b"
    assert len(visible_text(s)) == len(s) and "\t" in visible_text(s)
    assert not any(ord(c) < 0x20 and c != "\t" for c in visible_text(s))


def test_visible_result_covers_notes_and_reasons():
    r = FileResult(path="a\x1b.docx", status="error", error="成员 x\ny 太大", notes=("与 b\x1b 内容相同",))
    v = visible_result(r)
    assert "\x1b" not in v.path + v.error + "".join(v.notes) and "\n" not in v.error


def test_text_output_has_no_control_characters(named):
    out = _run(named).stdout
    assert "\x1b" not in out and "\r" not in out and "\u202e" not in out
    lines = out.splitlines()
    # the forged line: a name ending "\n未发现问题.txt" must not start a line of its own
    assert not any(line.startswith("未发现问题") for line in lines)
    assert any(line.startswith("n\\n未发现问题.txt") for line in lines)
    assert any(line.startswith("a\\x1b[2Kb.txt") for line in lines)


def test_json_and_sarif_keep_the_exact_name_and_stay_valid(named):
    doc = json.loads(_run([*named, "-f", "json"]).stdout)
    assert sorted(f["path"] for f in doc["files"]) == named
    for line in _run([*named, "-f", "jsonl"]).stdout.splitlines():
        json.loads(line)
    sarif = json.loads(_run([*named, "-f", "sarif"]).stdout)
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in sarif["runs"][0]["results"]]
    assert uris and all("\x1b" not in u and "\n" not in u for u in uris)


def test_html_escapes_names(named):
    out = _run([*named, "-f", "html"]).stdout
    assert "\x1b" not in out and "\r" not in out and "<a href" in out
    assert "a\\x1b[2Kb.txt" in out and "=HYPERLINK(&quot;https:x.example&quot;" in out


def test_csv_cells_never_read_as_formulas(named):
    import csv

    out = _run([*named, "-f", "csv"]).stdout
    assert "\x1b" not in out
    rows = list(csv.DictReader(io.StringIO(out)))
    paths = {r["path"] for r in rows}
    assert "'" + NAMES["formula"] in paths and "'" + NAMES["dde"] in paths and "'" + NAMES["plus"] in paths
    assert "n\\n未发现问题.txt" in paths
    for r in rows:
        for v in r.values():
            assert not formula_like(v), v


def test_xlsx_survives_control_characters_and_holds_no_formula(named, tmp_path):
    import openpyxl

    out = tmp_path / "out" / "r.xlsx"
    out.parent.mkdir()
    _run([*named, "-f", "xlsx", "-o", str(out)])
    assert out.stat().st_size > 0  # today: IllegalCharacterError, a 0-byte file
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name)  # no formula anywhere
    wb = openpyxl.load_workbook(out)
    ws = wb["文件"]
    cells = {c.value: c for c in ws["A"][1:]}
    assert "a\\x1b[2Kb.txt" in cells and "n\\n未发现问题.txt" in cells
    f = cells[NAMES["formula"]]  # the name itself, shown as text
    assert f.data_type == "s" and f.quotePrefix
    assert all(c.data_type == "s" for c in ws["A"][1:])


def test_cell_text_leaves_numbers_alone():
    assert cell_text("-5") == "-5" and cell_text("+3.2%") == "+3.2%" and cell_text("1,000.00") == "1,000.00"
    assert cell_text("-2+3+cmd|' /C calc'!A0").startswith("'-2")
    assert cell_text("\t=1") == "'\t=1" and cell_text("a\x1bb") == "a\u241bb"


def test_a_zip_member_name_cannot_forge_a_line(tmp_path, monkeypatch):
    """The DOCTYPE guard quotes the member's name in its reason: one line in every format."""
    from pathlib import Path

    monkeypatch.chdir(tmp_path)
    sample = Path(__file__).resolve().parent.parent / "samples" / "01-shucheng-audit-investment.docx"
    with zipfile.ZipFile(sample) as src, zipfile.ZipFile("m.docx", "w") as z:
        for i in src.infolist():
            z.writestr(i, src.read(i.filename))
        z.writestr("word/x\x1b[2K\n未发现问题.xml", '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><a/>')
    res = CliRunner().invoke(cli.app, ["check", "m.docx", *FAST])
    assert res.exit_code == 3
    assert "\x1b" not in res.stdout and not any(x.startswith("未发现问题") for x in res.stdout.splitlines())
    assert "x\\x1b[2K\\n未发现问题.xml" in res.stdout
    doc = json.loads(CliRunner().invoke(cli.app, ["check", "m.docx", *FAST, "-f", "json"]).stdout)
    err = doc["files"][0]["error"]
    assert doc["files"][0]["error_code"] == "unsafe-xml" and "\n" not in err and "\x1b" not in err


def test_extract_prints_names_with_brackets_as_written(tmp_path):
    """rich markup in a file name ("[red]", "[b]") is printed, not applied (names are data)."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    d = tmp_path / "上传[red]"
    d.mkdir()
    p = d / "报告[b].txt"
    shutil.copy(Path(__file__).resolve().parents[1] / "samples" / "06-village-revitalisation-funds.txt", p)
    r = subprocess.run([sys.executable, "-m", "jxcheck.cli", "extract", str(p)], capture_output=True, text=True,
                       env={"COLUMNS": "200", "NO_COLOR": "1", "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr
    assert str(p) in r.stdout.splitlines()[0]
