"""Output to a redirected stdout is complete while stderr is a terminal.

The progress bar runs on stderr when stderr is a terminal. It used to redirect
stdout into its own console (on stderr), so `jxcheck check dir/ > out.txt` kept only
the summary and `-f json > f.json` gave ``"files": []``. Here the installed console
script runs in a real process with stderr on a pseudo-terminal and stdout on a
file, for every format, with and without ``--output``; what it writes must equal
what it writes when stderr is not a terminal (no progress bar at all)."""
from __future__ import annotations

import io
import json
import os
import pty
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
# three reports with findings, so every format has something to lose
REPORTS = [str(SAMPLES / n) for n in ("06-village-revitalisation-funds.txt", "07-honghe-data-center.txt",
                                      "05-daying-railway-environment.txt")]
FORMATS = ["text", "json", "jsonl", "csv", "sarif", "xlsx", "html"]


def _command() -> list[str]:
    script = shutil.which("jxcheck", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-c", "from jxcheck.cli import main; main()"]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "FORCE_COLOR")}
    env["TERM"] = "xterm-256color"
    env["COLUMNS"] = "100"
    return env


def _run(args: list[str], stdout_path: Path, stderr_tty: bool, cwd: Path) -> tuple[int, str]:
    """Run jxcheck with stdout to ``stdout_path``; stderr on a pty (drained as it
    runs, so a full pty buffer cannot block the child) or on a pipe."""
    with open(stdout_path, "wb") as out:
        if not stderr_tty:
            p = subprocess.run([*_command(), *args], stdout=out, stderr=subprocess.PIPE, env=_env(),
                               cwd=cwd, timeout=300)
            return p.returncode, p.stderr.decode("utf-8", "replace")
        master, slave = pty.openpty()
        try:
            p = subprocess.Popen([*_command(), *args], stdout=out, stderr=slave, stdin=subprocess.DEVNULL,
                                 env=_env(), cwd=cwd)
        finally:
            os.close(slave)
        seen = bytearray()

        def drain() -> None:
            while True:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO once the child has closed the slave
                    return
                if not chunk:
                    return
                seen.extend(chunk)

        t = threading.Thread(target=drain, daemon=True)
        t.start()
        try:
            rc = p.wait(timeout=300)
        finally:
            t.join(timeout=10)
            os.close(master)
        return rc, seen.decode("utf-8", "replace")


def _content(fmt: str, data: bytes):
    """What must match: the bytes, except where a format carries a timestamp (xlsx, html)."""
    if fmt == "xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data))
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    if fmt == "html":  # the head names the command (its -o file) and the time it ran
        import re

        return re.sub(rb'<p class="meta">.*?</p>', b"", data)
    return data


def _check_complete(fmt: str, data: bytes) -> None:
    """Independently of the reference run: every report is in the output."""
    names = [os.path.basename(r) for r in REPORTS]
    if fmt == "xlsx":
        sheets = _content(fmt, data)
        assert sheets["文件"][-1][0] == "合计"  # the totals row below the reports
        assert {os.path.basename(str(r[0])) for r in sheets["文件"][1:-1]} == set(names)
        return
    text = data.decode("utf-8-sig")
    if fmt == "json":
        assert [os.path.basename(f["path"]) for f in json.loads(text)["files"]] == names
    elif fmt == "jsonl":
        assert [os.path.basename(json.loads(x)["path"]) for x in text.splitlines()] == names
    elif fmt == "sarif":
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for r in json.loads(text)["runs"][0]["results"]}
        assert {os.path.basename(u) for u in uris} == set(names)
    else:
        for n in names:
            assert n in text, (fmt, n)


@pytest.mark.parametrize("with_output", [False, True], ids=["stdout", "output-file"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_redirected_stdout_is_complete_with_stderr_on_a_terminal(tmp_path, fmt, with_output):
    args = ["check", "-j", "1", "--no-config", "-f", fmt, *REPORTS]
    got: dict[bool, bytes] = {}
    for tty in (False, True):
        stdout = tmp_path / f"stdout-{tty}"
        extra = ["-o", str(tmp_path / f"out-{tty}.{fmt}")] if with_output else []
        rc, err = _run([*args, *extra], stdout, tty, tmp_path)
        assert rc == 1, (tty, rc, err)  # the reports carry planted errors
        data = (tmp_path / f"out-{tty}.{fmt}").read_bytes() if with_output else stdout.read_bytes()
        if with_output:
            assert stdout.read_bytes() == b"", "with --output nothing goes to stdout"
        got[tty] = data
        if tty:
            # the terminal got the progress bar, and none of the findings
            assert "检查中" in err, err[-500:]
            assert "JX" not in err, err[-2000:]
    _check_complete(fmt, got[False])
    _check_complete(fmt, got[True])
    assert _content(fmt, got[True]) == _content(fmt, got[False])


def test_both_on_one_terminal_the_findings_are_shown(tmp_path):
    """stdout and stderr on the same terminal: the findings are printed (above the bar)."""
    master, slave = pty.openpty()
    try:
        p = subprocess.Popen([*_command(), "check", "-j", "1", "--no-config", *REPORTS], stdout=slave,
                             stderr=slave, stdin=subprocess.DEVNULL, env=_env(), cwd=tmp_path)
    finally:
        os.close(slave)
    seen = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen.extend(chunk)
    os.close(master)
    assert p.wait(timeout=300) == 1
    screen = seen.decode("utf-8", "replace")
    for r in REPORTS:
        assert os.path.basename(r) in screen
    assert "JX101" in screen and "JX401" in screen
