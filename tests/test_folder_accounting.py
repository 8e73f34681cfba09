"""Issue 13: a folder walk accounts for every file. Files that are not reports
(.zip, .csv, anything else; .doc, .xls, .wps, .et where LibreOffice is not
installed) are listed as not checked (status ``skipped``) with a Chinese reason,
in every format and in the summary; they do not change the exit code. (Here as on a
machine with neither LibreOffice nor xlrd: tests/test_legacy_formats.py reads them.) ``--exclude GLOB`` leaves files out on
purpose; a folder with nothing in it says so."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jxcheck import cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "06-village-revitalisation-funds.txt"
OTHERS = ("a.doc", "b.xls", "c.wps", "d.et", "f.zip", "g.csv", "h.bak", "README")
runner = CliRunner()


def run(*args: str):
    return runner.invoke(cli.app, ["check", "--jobs", "1", "--no-config", *args])


@pytest.fixture
def folder(tmp_path, monkeypatch, no_converters):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in" / "sub").mkdir(parents=True)
    shutil.copy(SAMPLE, tmp_path / "in" / "report.txt")
    for name in OTHERS:
        (tmp_path / "in" / "sub" / name).write_bytes(b"x")
    (tmp_path / "in" / ".hidden.doc").write_bytes(b"x")
    (tmp_path / "in" / "~$lock.docx").write_bytes(b"x")
    return tmp_path / "in"


def test_every_file_in_a_folder_is_reported_in_json(folder):
    res = run("in", "-f", "json")
    doc = json.loads(res.stdout)
    by_path = {f["path"]: f for f in doc["files"]}
    assert set(by_path) == {"in/report.txt", *(f"in/sub/{n}" for n in OTHERS)}
    for name in OTHERS:
        f = by_path[f"in/sub/{name}"]
        assert f["status"] == "skipped" and f["findings"] == [] and f["error"]
    assert "另存为 .docx" in by_path["in/sub/a.doc"]["error"]
    assert "另存为 .xlsx" in by_path["in/sub/b.xls"]["error"]
    # the one command that enables them
    assert "apt-get install -y libreoffice-writer-nogui" in by_path["in/sub/c.wps"]["error"]
    assert "pip install 'jxcheck[xls]'" in by_path["in/sub/d.et"]["error"]
    assert "解压" in by_path["in/sub/f.zip"]["error"]
    assert by_path["in/sub/a.doc"]["error_code"] == "old-format"
    assert doc["summary"]["skipped"] == len(OTHERS) and doc["summary"]["files"] == len(OTHERS) + 1
    assert doc["summary"]["unreadable"] == 0
    assert res.exit_code == 1  # the report's findings decide; the skipped files do not give 3
    import jsonschema

    jsonschema.validate(doc, json.loads((ROOT / "jxcheck" / "schema" / "findings-v1.json").read_text()))


def test_skipped_files_alone_do_not_fail_but_a_named_one_is_unreadable(folder):
    res = run("in/sub")
    assert res.exit_code == 0
    assert "in/sub/a.doc  未检查：旧版 Word 文档（.doc）" in res.stdout
    assert "未检查" in res.stdout.splitlines()[-4]  # the summary table's column
    assert run("in/sub/a.doc").exit_code == 3  # named on the command line: read, refused, exit 3


@pytest.mark.parametrize("fmt", ["text", "csv", "html", "sarif", "jsonl"])
def test_skipped_files_appear_in_every_format(folder, fmt):
    res = run("in", "-f", fmt)
    for name in OTHERS:
        assert f"in/sub/{name}" in res.stdout, (fmt, name)
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(res.stdout)))
        assert {r["path"]: r["status"] for r in rows}["in/sub/g.csv"] == "skipped"
    if fmt == "sarif":
        notes = json.loads(res.stdout)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        assert sum(n["level"] == "note" for n in notes) == len(OTHERS)


def test_xlsx_lists_skipped_files(folder, tmp_path):
    from openpyxl import load_workbook

    assert run("in", "-f", "xlsx", "-o", str(tmp_path / "o.xlsx")).exit_code == 1
    wb = load_workbook(tmp_path / "o.xlsx")
    cells = [c.value for row in wb["文件"].iter_rows() for c in row]
    assert "in/sub/a.doc" in cells


def test_exclude_leaves_files_and_folders_out_and_says_how_many(folder):
    res = run("in", "-f", "json", "--exclude", "*.doc", "--exclude", "sub/*.zip", "--exclude", "README")
    paths = [f["path"] for f in json.loads(res.stdout)["files"]]
    assert "in/sub/a.doc" not in paths and "in/sub/f.zip" not in paths and "in/sub/README" not in paths
    assert "in/sub/b.xls" in paths and "in/report.txt" in paths
    assert "--exclude 排除了 3 个文件" in res.stderr
    res = run("in", "-f", "json", "--exclude", "sub")
    assert [f["path"] for f in json.loads(res.stdout)["files"]] == ["in/report.txt"]


def test_an_empty_folder_says_so(tmp_path, monkeypatch, folder):
    (tmp_path / "empty").mkdir()
    res = run("empty")
    assert res.exit_code == 2 and res.stdout == ""
    assert res.stderr.strip() == "jxcheck: 没有找到任何文件：empty"
    res = run("empty", "in/report.txt", "-f", "json")  # beside other paths: one line, the rest checked
    assert res.exit_code == 1 and "jxcheck: 文件夹 empty 中没有文件" in res.stderr
    res = run("in", "--exclude", "*")
    assert res.exit_code == 2 and "个被 --exclude 排除" in res.stderr
