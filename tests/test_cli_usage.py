"""Usage errors from the installed console script, in a real process: exit 2 and one
Chinese line on stderr naming the option, value, command or path, never a Python
traceback (typer's bundled click raised its own exception classes, which ``main``
did not catch: exit 1, the code for findings, and a rich traceback). Also
``--version``/``-V`` and ``-`` (the report text on standard input)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jxcheck import __version__

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "samples" / "06-village-revitalisation-funds.txt"
CLEAN = ROOT / "samples" / "04-hebei-school-heating.txt"


def jx(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    script = shutil.which("jxcheck", path=str(Path(sys.executable).parent))
    cmd = [script] if script else [sys.executable, "-c", "from jxcheck.cli import main; main()"]
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "FORCE_COLOR")}
    p = subprocess.run([*cmd, *args], input=stdin if stdin is not None else b"", capture_output=True,
                       timeout=120, env=env, cwd=cwd)
    return subprocess.CompletedProcess(p.args, p.returncode, p.stdout.decode("utf-8"),
                                       p.stderr.decode("utf-8"))


def _one_usage_line(r: subprocess.CompletedProcess, *names: str) -> str:
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr and "╭" not in r.stderr and "Error" not in r.stderr, r.stderr
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    line = lines[0]
    assert line.startswith("jxcheck: ")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in line), line  # in Chinese
    for n in names:
        assert n in line, (n, line)
    assert r.stdout == ""
    return line


@pytest.mark.parametrize("args, names", [
    (["check", "--bogus", str(REPORT)], ["--bogus", "没有选项"]),
    (["--bogus"], ["--bogus", "没有选项"]),
    (["rules", "--bogus"], ["--bogus", "rules"]),
    (["bogus"], ["bogus", "没有命令", "check"]),
    ([], ["缺少命令", "check"]),
    (["check"], ["PATHS"]),
    (["explain"], ["CODE"]),
    (["check", "-j"], ["-j", "缺少值"]),
], ids=["check-bogus-option", "root-bogus-option", "rules-bogus-option", "bogus-command", "bare",
        "check-no-paths", "explain-no-code", "option-without-value"])
def test_unknown_options_and_commands(args, names):
    _one_usage_line(jx(*args), *names)


@pytest.mark.parametrize("args, names", [
    (["-j", "0"], ["--jobs", "「0」", "不小于 1"]),
    (["-j0"], ["--jobs", "「0」"]),
    (["--jobs=abc"], ["--jobs", "「abc」", "整数"]),
    (["--timeout", "abc"], ["--timeout", "「abc」", "数字"]),
    (["--max-size", "0"], ["--max-size", "「0」"]),
    (["--format", "yaml"], ["--format", "「yaml」", "json"]),
    (["--fail-on", "bad"], ["--fail-on", "「bad」", "warning"]),
], ids=["jobs-0", "jobs-0-attached", "jobs-abc", "timeout-abc", "max-size-0", "format", "fail-on"])
def test_bad_values_are_named(args, names):
    _one_usage_line(jx("check", *args, str(REPORT)), *names)


def test_a_path_that_does_not_exist_is_a_usage_error(tmp_path):
    line = _one_usage_line(jx("check", "-j", "1", str(REPORT), "没有这个文件.txt", "nope/", cwd=tmp_path),
                           "路径不存在", "没有这个文件.txt", "nope/")
    assert str(REPORT) not in line
    _one_usage_line(jx("extract", "nope.pdf", cwd=tmp_path), "nope.pdf")
    # a broken link does exist (as a link): a file outcome, exit 3, as before
    os.symlink("nowhere.txt", tmp_path / "link.txt")
    r = jx("check", "-j", "1", "link.txt", cwd=tmp_path)
    assert r.returncode == 3 and "文件不存在" in r.stdout


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag):
    r = jx(flag)
    assert (r.returncode, r.stdout, r.stderr) == (0, f"jxcheck {__version__}\n", "")


def test_help_still_works():
    r = jx("--help")
    assert r.returncode == 0 and "check" in r.stdout and "--version" in r.stdout
    assert jx("check", "--help").returncode == 0


def test_stdin_is_read_as_txt():
    data = REPORT.read_bytes()
    r = jx("check", "-j", "1", "-f", "json", "-", stdin=data)
    assert r.returncode == 1, r.stderr
    doc = json.loads(r.stdout)
    [f] = doc["files"]
    assert f["path"] == "-" and f["format"] == "txt" and f["status"] == "ok"
    direct = json.loads(jx("check", "-j", "1", "-f", "json", str(REPORT)).stdout)["files"][0]
    assert f["findings"] == direct["findings"]


def test_stdin_in_another_encoding_beside_files():
    data = REPORT.read_text(encoding="utf-8").encode("gb18030")
    r = jx("check", "-j", "2", "-f", "jsonl", str(CLEAN), "-", str(REPORT), stdin=data)
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["path"] for x in lines] == [str(CLEAN), "-", str(REPORT)]
    assert {f["rule"] for f in lines[1]["findings"]} == {f["rule"] for f in lines[2]["findings"]}


def test_stdin_same_text_as_a_file_is_noted_under_its_name():
    r = jx("check", "-j", "1", "-f", "json", "-", str(REPORT), stdin=REPORT.read_bytes())
    files = json.loads(r.stdout)["files"]
    assert files[1]["notes"] == ["与 - 内容相同"]


def test_empty_stdin_is_a_file_outcome():
    r = jx("check", "-", stdin=b"")
    assert r.returncode == 3 and "-  无法检查：文件为空" in r.stdout


def test_extract_reads_stdin():
    r = jx("extract", "-f", "json", "-", stdin=REPORT.read_bytes())
    assert r.returncode == 0, r.stderr
    [item] = json.loads(r.stdout)["files"]
    assert item["path"] == "-" and item["status"] == "ok"


def test_ctrl_c_is_one_line_and_130():
    """Interrupted while waiting for stdin: no traceback, exit 130."""
    import signal
    import time

    script = shutil.which("jxcheck", path=str(Path(sys.executable).parent))
    cmd = [script] if script else [sys.executable, "-c", "from jxcheck.cli import main; main()"]
    p = subprocess.Popen([*cmd, "check", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    time.sleep(1.5)  # started, blocked reading stdin
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 130, (p.returncode, err)
    assert err.decode("utf-8") == "jxcheck: 已中断\n"
