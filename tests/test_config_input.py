"""Configuration and baseline files are input too (issue 14): each hostile one
exits 2 with one Chinese line naming the file, never a traceback or a hang."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

REPORT = "预算100万元，实际支出80万元，执行率90%。\n"


def _jxcheck(args, cwd, timeout=60):
    return subprocess.run([sys.executable, "-m", "jxcheck.cli", "check", *args, "--timeout", "0"], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout)


def _one_line(res, *words):
    assert res.returncode == 2, (res.returncode, res.stderr[-1500:])
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("jxcheck: "), res.stderr[-1500:]
    assert "Traceback" not in res.stderr and not res.stdout
    assert any("\u4e00" <= ch <= "\u9fff" for ch in lines[0])  # Chinese
    for w in words:
        assert w in lines[0], lines[0]
    return lines[0]


CONFIGS = {
    "nested-array-5000": ("jxcheck.toml", ("select = " + "[" * 5000 + "]" * 5000 + "\n").encode(), "嵌套过深"),
    "nested-table-3000": ("jxcheck.toml", ("x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n").encode(), "嵌套过深"),
    "bad-utf8": ("jxcheck.toml", b'select = ["\xff\xfe"]\n', "UTF-8"),
    "bad-utf8-pyproject": ("pyproject.toml", b'[tool.jxcheck]\nselect = ["\xff"]\n', "UTF-8"),
    "int-5000-digits": ("jxcheck.toml", ("[rules.JX101]\ntolerance = " + "9" * 5000 + "\n").encode(), "数字过长"),
    "tool-is-an-int": ("pyproject.toml", b"tool = 1\n", "tool 应为表"),
    "tool-jxcheck-is-an-int": ("pyproject.toml", b"[tool]\njxcheck = 1\n", "tool.jxcheck 应为表"),
    "too-large": ("jxcheck.toml", b"# x\n" * 300_000, "过大"),
}


@pytest.mark.parametrize("case", list(CONFIGS))
def test_hostile_config_in_a_parent_folder(case, tmp_path):
    name, data, words = CONFIGS[case]
    (tmp_path / name).write_bytes(data)
    work = tmp_path / "upload" / "sub"
    work.mkdir(parents=True)
    (work / "r.txt").write_text(REPORT, encoding="utf-8")
    line = _one_line(_jxcheck(["r.txt"], work), words)
    assert name in line  # names the file found on the way up
    # --no-config walks past it
    assert _jxcheck(["r.txt", "--no-config"], work).returncode in (0, 1)


@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
@pytest.mark.parametrize("option", ["--config", "--baseline"])
def test_special_files_as_config_or_baseline(special, option, tmp_path):
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    path = special
    if special == "fifo":
        os.mkfifo(tmp_path / "fifo")
    args = ["r.txt", option, path] + (["--no-config"] if option == "--baseline" else [])
    _one_line(_jxcheck(args, tmp_path, timeout=30), "不是普通文件")


BASELINES = {
    "nested-1e5": ('{"version": 1, "findings": ' + "[" * 100_000 + "]" * 100_000 + "}").encode(),
    "bad-utf8": b'{"version": 1, "findings": ["\xff"]}',
    "int-5000-digits": ('{"version": 1, "findings": [{"fingerprint": ' + "9" * 5000 + "}]}").encode(),
    "fingerprint-not-a-string": b'{"version": 1, "findings": [{"fingerprint": {"a": 1}}]}',
    "not-json": b"\x00\x01",
}


@pytest.mark.parametrize("case", list(BASELINES))
def test_hostile_baseline(case, tmp_path):
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "b.json").write_bytes(BASELINES[case])
    _one_line(_jxcheck(["r.txt", "--no-config", "--baseline", "b.json"], tmp_path), "基线文件", "b.json")


def test_a_broken_parent_pyproject_is_not_silently_skipped(tmp_path):
    """A parent pyproject.toml that does not parse may hold the [tool.jxcheck] table
    the user expects: an error naming it, not a run without it."""
    (tmp_path / "pyproject.toml").write_text("[tool.jxcheck\nselect = []\n", encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "r.txt").write_text(REPORT, encoding="utf-8")
    _one_line(_jxcheck(["r.txt"], tmp_path / "a"), "pyproject.toml", "TOML 语法错误")
