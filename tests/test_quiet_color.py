"""Issue 13: --quiet, and --color auto|always|never with FORCE_COLOR / NO_COLOR."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jxcheck import cli

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
ESC = "\x1b["


@pytest.fixture
def folder(tmp_path, monkeypatch, no_converters):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    (tmp_path / "in").mkdir()
    shutil.copy(ROOT / "samples" / "06-village-revitalisation-funds.txt", tmp_path / "in" / "bad.txt")
    (tmp_path / "in" / "clean.txt").write_text("本项目无数字。\n", encoding="utf-8")
    (tmp_path / "in" / "old.doc").write_bytes(b"x")
    (tmp_path / "in" / "x.bak").write_bytes(b"x")
    (tmp_path / "empty").mkdir()
    return tmp_path


def run(*args: str, env: dict | None = None):
    return runner.invoke(cli.app, ["check", "--jobs", "1", "--no-config", *args], env=env)


def test_quiet_prints_only_files_with_findings(folder):
    loud = run("in", "empty", "--exclude", "*.bak")
    assert "in/clean.txt" in loud.stdout and "in/old.doc" in loud.stdout and "┏" in loud.stdout
    assert "文件夹 empty 中没有文件" in loud.stderr and "排除了 1 个文件" in loud.stderr
    res = run("in", "empty", "-q", "--exclude", "*.bak")
    assert res.exit_code == loud.exit_code == 1
    assert "in/bad.txt" in res.stdout and "JX101" in res.stdout
    assert "in/clean.txt" not in res.stdout and "in/old.doc" not in res.stdout
    assert "┏" not in res.stdout  # no summary table
    assert res.stderr == ""  # no notices


def test_color_never_always_and_auto_with_the_environment(folder):
    # CliRunner's stdout is not a terminal: auto is plain unless FORCE_COLOR
    assert ESC not in run("in/bad.txt").stdout
    assert ESC in run("in/bad.txt", "--color", "always").stdout
    assert ESC in run("in/bad.txt", env={"FORCE_COLOR": "1"}).stdout
    assert ESC not in run("in/bad.txt", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert ESC not in run("in/bad.txt", "--color", "never", env={"FORCE_COLOR": "1"}).stdout
    assert ESC in run("in/bad.txt", "--color", "always", env={"NO_COLOR": "1"}).stdout
    plain = run("in/bad.txt", "--color", "never").stdout
    assert "^^^" in plain  # carets instead of colour
    assert run("in/bad.txt", "--color", "rainbow").exit_code == 2


def test_color_always_colours_an_output_file_too(folder):
    assert run("in/bad.txt", "--color", "always", "-o", "out.txt").exit_code == 1
    assert ESC in (folder / "out.txt").read_text(encoding="utf-8")
    assert run("in/bad.txt", "-o", "plain.txt", env={"FORCE_COLOR": "1"}).exit_code == 1
    assert ESC not in (folder / "plain.txt").read_text(encoding="utf-8")  # auto: a file is never coloured
