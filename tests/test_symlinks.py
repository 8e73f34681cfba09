"""Symlinks inside a submitted folder that point outside it are not followed
(issue 14): today /etc/passwd and a secret file beside the upload folder were
read and their text quoted in the findings. Each such link is accounted for as
not checked, with the reason; ``--follow-symlinks`` reads them."""
from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from jxcheck import cli
from jxcheck.discover import SYMLINK_OUTSIDE, iter_inputs

SECRET = "TOPSECRET-7313 预算100万元，实际支出80万元，执行率90%。"
FAST = ["--no-config", "--timeout", "0", "--max-memory", "0", "-j", "1", "-f", "json"]


@pytest.fixture
def upload(tmp_path, monkeypatch):
    """tmp/secret/s.txt outside; tmp/up holds a report, a link inside, links out."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "s.txt").write_text(SECRET, encoding="utf-8")
    up = tmp_path / "up"
    (up / "sub").mkdir(parents=True)
    (up / "report.txt").write_text("预算100万元，实际支出80万元，执行率90%。", encoding="utf-8")
    os.symlink("report.txt", up / "same.txt")  # inside: read as usual
    os.symlink(tmp_path / "secret" / "s.txt", up / "abs.txt")
    os.symlink("../../secret/s.txt", up / "sub" / "rel.txt")
    os.symlink(tmp_path / "secret", up / "dir")  # a folder outside
    if os.path.exists("/etc/passwd"):
        os.symlink("/etc/passwd", up / "passwd.txt")
    return up


def _files(args):
    res = CliRunner().invoke(cli.app, ["check", *args, *FAST])
    assert res.exit_code in (0, 1), res.output[-2000:]
    return res.stdout, {os.path.relpath(f["path"], "up"): f for f in json.loads(res.stdout)["files"]}


def test_links_out_of_the_folder_are_listed_not_read(upload):
    out, files = _files(["up"])
    assert "TOPSECRET" not in out and "root:" not in out
    outside = {"abs.txt", os.path.join("sub", "rel.txt"), "dir"} | ({"passwd.txt"} if os.path.exists("/etc/passwd")
                                                                   else set())
    for name in outside:
        f = files[name]
        assert f["status"] == "skipped" and f["error_code"] == SYMLINK_OUTSIDE, f
        assert "符号链接" in f["error"] and "--follow-symlinks" in f["error"]
    assert files["report.txt"]["status"] == "ok" and files["same.txt"]["status"] == "ok"
    assert set(files) == outside | {"report.txt", "same.txt"}  # every entry accounted for, once


def test_follow_symlinks_reads_them(upload):
    out, files = _files(["up", "--follow-symlinks"])
    assert "TOPSECRET" in out and files["abs.txt"]["status"] == "ok"
    assert files[os.path.join("dir", "s.txt")]["status"] == "ok"


def test_a_link_named_on_the_command_line_is_read(upload):
    out, files = _files([str(upload / "abs.txt")])
    assert "TOPSECRET" in out


def test_iter_inputs_reports_the_reason(upload):
    skipped: list[str] = []
    reasons: dict = {}
    found = list(iter_inputs([str(upload)], skipped=skipped, reasons=reasons))
    assert all("secret" not in os.path.realpath(p) for p in found)
    assert set(reasons) <= set(skipped) and str(upload / "abs.txt") in reasons
    assert str(upload / "secret" / "s.txt") not in found
