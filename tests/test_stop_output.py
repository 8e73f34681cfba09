"""Output is never half-written, a failed write is one line (exit 4), and SIGINT/SIGTERM
stop the whole run (exit 130/143) leaving no process and no partial ``-o`` file.

The signal tests run ``jxcheck check`` in its own session (process group) with a
``sitecustomize`` that makes files named ``slow*`` take 10 minutes in whichever
process checks them (the pool's workers, a guarded child), then look in /proc for
any process left in that group.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jxcheck import cli, pipeline
from jxcheck.result import FileResult

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
REPORT = "项目预算500万元，实际支出388.76万元，执行率77.75%。\n"
FORMATS = ["text", "json", "jsonl", "csv", "xlsx", "html", "sarif"]


def _jxcheck() -> list[str]:
    script = Path(sys.executable).parent / "jxcheck"
    return [str(script)] if script.exists() else [sys.executable, "-c", "from jxcheck.cli import main; main()"]


def _reports(folder: Path, n: int = 3) -> Path:
    folder.mkdir(exist_ok=True)
    for i in range(n):
        (folder / f"r{i}.txt").write_text(REPORT, encoding="utf-8")
    return folder


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# -- never half-written -----------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_o_keeps_the_previous_report_until_the_new_one_is_complete(tmp_path, monkeypatch, fmt):
    """While a batch runs, -o FILE still holds the previous complete report (it used to
    be truncated to 0 bytes at the start and grown as files finished)."""
    src = _reports(tmp_path / "in")
    out = tmp_path / f"out.{fmt}"
    out.write_bytes(b"previous report")
    seen: list[bytes] = []
    real = pipeline.check_file

    def watching(path, *a, **k):
        seen.append(out.read_bytes())
        return real(path, *a, **k)

    monkeypatch.setattr(pipeline, "check_file", watching)
    r = CliRunner().invoke(cli.app, ["check", "-j", "1", "--timeout", "0", "--max-memory", "0",
                                     "-f", fmt, "-o", str(out), str(src)])
    assert r.exit_code == 0, r.output
    assert seen == [b"previous report"] * 3
    assert out.read_bytes() != b"previous report" and out.stat().st_size > 0
    if fmt == "json":
        assert len(json.loads(out.read_text(encoding="utf-8"))["files"]) == 3
    assert _leftovers(tmp_path) == []


def test_a_run_that_fails_leaves_the_previous_report(tmp_path, monkeypatch):
    src = _reports(tmp_path / "in")
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"previous report")
    calls = []

    def failing(path, *a, **k):
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return FileResult(path=path, status="ok", format="txt")

    monkeypatch.setattr(pipeline, "check_file", failing)
    r = CliRunner().invoke(cli.app, ["check", "-j", "1", "--timeout", "0", "--max-memory", "0",
                                     "-f", "jsonl", "-o", str(out), str(src)])
    assert r.exit_code == 130
    assert out.read_bytes() == b"previous report"  # jsonl streams: the first file's line was not added
    assert _leftovers(tmp_path) == []


def test_new_file_gets_ordinary_permissions(tmp_path):
    src = _reports(tmp_path / "in", 1)
    out = tmp_path / "new.json"
    old = os.umask(0o022)
    try:
        r = CliRunner().invoke(cli.app, ["check", "-j", "1", "-f", "json", "-o", str(out), str(src)])
    finally:
        os.umask(old)
    assert r.exit_code == 0, r.output
    assert out.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600


def test_two_runs_on_one_output_do_not_interleave(tmp_path):
    """Two runs at once on one -o: the file is one run's complete report, never a mix."""
    small = _reports(tmp_path / "small", 2)
    out = tmp_path / "out.json"
    cmd = [*_jxcheck(), "check", "-j", "1", "-f", "json", "-o", str(out)]
    for _ in range(3):
        procs = [subprocess.Popen([*cmd, str(p)], stderr=subprocess.DEVNULL) for p in (SAMPLES, small)]
        assert all(p.wait(120) in (0, 1, 3) for p in procs)
        data = json.loads(out.read_text(encoding="utf-8"))  # a mix would not parse
        assert len(data["files"]) in (2, data["summary"]["files"]) and data["summary"]["files"] in (
            2, len(list(SAMPLES.iterdir())))
        assert _leftovers(tmp_path) == []


def _run(args: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*_jxcheck(), *args], capture_output=True, text=True, timeout=120, **kw)


def _one_line_full(stderr: str) -> None:
    lines = [x for x in stderr.splitlines() if x.strip()]
    assert "Traceback" not in stderr and len(lines) == 1, stderr
    assert lines[0].startswith("jxcheck: 无法写入") and "磁盘已满" in lines[0], stderr


@pytest.mark.parametrize("fmt", ["text", "json", "xlsx"])
def test_disk_full_is_one_line_and_exit_4(tmp_path, fmt):
    src = _reports(tmp_path / "in", 2)
    p = _run(["check", "-f", fmt, "-o", "/dev/full", str(src)])
    assert p.returncode == 4
    _one_line_full(p.stderr)
    with open("/dev/full", "w") as full:  # standard output to a full disk
        p = subprocess.run([*_jxcheck(), "check", "-f", fmt, str(src)], stdout=full, stderr=subprocess.PIPE,
                           text=True, timeout=120)
    assert p.returncode == 4
    _one_line_full(p.stderr)


@pytest.fixture
def small_disk(tmp_path):
    """A 16 KB tmpfs (root only; skipped where it cannot be mounted)."""
    d = tmp_path / "small"
    d.mkdir()
    if not shutil.which("mount") or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(d)],
                                                   capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (not root?): /dev/full covers the disk-full path")
    yield d
    subprocess.run(["umount", str(d)], capture_output=True)


def test_full_small_disk_keeps_the_previous_report(small_disk):
    out = small_disk / "out.json"
    out.write_bytes(b"previous report")
    p = _run(["check", "-f", "json", "-o", str(out), str(SAMPLES)])  # ~130 KB of JSON into 16 KB
    assert p.returncode == 4
    _one_line_full(p.stderr)
    assert out.read_bytes() == b"previous report"
    assert sorted(x.name for x in small_disk.iterdir()) == ["out.json"]


# -- signals ----------------------------------------------------------------------

SITE = '''
import os
if os.environ.get("JX_SLOW_MARK"):
    import time
    import jxcheck.pipeline as _p
    _real = _p.check_file
    def _slow(path, *a, **k):
        if os.path.basename(str(path)).startswith("slow"):
            open(os.path.join(os.environ["JX_SLOW_MARK"], str(os.getpid())), "w").close()
            time.sleep(600)
        r = _real(path, *a, **k)
        if os.environ.get("JX_DONE_MARK"):  # a result exists
            open(os.path.join(os.environ["JX_DONE_MARK"], str(os.getpid())), "w").close()
        return r
    _p.check_file = _slow
'''


def _group(pgid: int) -> list[str]:
    """Live processes of a process group, read from /proc."""
    found = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{d}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")[:100]
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(f"{d} {cmd}")
    return found


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc")
@pytest.mark.parametrize(("sig", "code", "jobs"), [(signal.SIGTERM, 143, "2"), (signal.SIGINT, 130, "2"),
                                                   (signal.SIGTERM, 143, "1")])
def test_signal_stops_everything(tmp_path, sig, code, jobs):
    site, mark, src = tmp_path / "site", tmp_path / "mark", tmp_path / "in"
    site.mkdir()
    mark.mkdir()
    (site / "sitecustomize.py").write_text(SITE, encoding="utf-8")
    _reports(src, 2)
    for i in range(3):
        (src / f"slow{i}.txt").write_text(REPORT, encoding="utf-8")
    out = tmp_path / "out.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)]), "JX_SLOW_MARK": str(mark)}
    p = subprocess.Popen([*_jxcheck(), "check", "-j", jobs, "-f", "json", "-o", str(out), str(src)],
                         env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not any(mark.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert any(mark.iterdir()), "no file started"
        time.sleep(0.3)
        os.kill(p.pid, sig)  # the main process only, as `kill PID` does
        rc = p.wait(30)
        stderr = p.stderr.read().decode()
        assert rc == code, stderr
        assert "Traceback" not in stderr and stderr.strip().startswith("jxcheck: ")
        left = _group(p.pid)
        for _ in range(50):  # the fork server and resource tracker exit once their pipes close
            if not left:
                break
            time.sleep(0.1)
            left = _group(p.pid)
        assert left == []
        assert not out.exists() and _leftovers(tmp_path) == []
    finally:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        p.wait(10)


def test_write_baseline_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    """--write-baseline goes through the same temporary file as -o: a failed write is one
    line and exit 4, and the previous baseline stays as it was, with no .tmp left."""
    from jxcheck import baseline

    src = _reports(tmp_path / "in")
    base = tmp_path / "baseline.json"
    base.write_text("previous baseline", encoding="utf-8")

    def failing(results, fh):
        fh.write("{")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(baseline, "write", failing)
    r = CliRunner().invoke(cli.app, ["check", "-j", "1", "--timeout", "0", "--max-memory", "0",
                                     "--write-baseline", str(base), str(src)])
    assert r.exit_code == 4, r.output
    assert base.read_text(encoding="utf-8") == "previous baseline"
    assert _leftovers(tmp_path) == []


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc")
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_signal_stops_a_local_dask_cluster(tmp_path, sig, code):
    """--executor dask without --scheduler: a LocalCluster of worker processes, each file
    guarded (the default limits) in a child of its worker. Stopped after the first result,
    with the other files in flight: the exit code, no worker, nanny or guarded child left,
    no -o file. (Before: every guarded file failed in a Dask worker, a daemonic process,
    and closing the cluster waited 4 s per worker and logged Dask's warnings.)"""
    pytest.importorskip("distributed", reason="jxcheck[dask] is not installed")
    site, mark, done, src = tmp_path / "site", tmp_path / "mark", tmp_path / "done", tmp_path / "in"
    for d in (site, mark, done):
        d.mkdir()
    (site / "sitecustomize.py").write_text(SITE, encoding="utf-8")
    _reports(src, 2)
    for i in range(3):
        (src / f"slow{i}.txt").write_text(REPORT, encoding="utf-8")
    out = tmp_path / "out.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)]), "JX_SLOW_MARK": str(mark),
           "JX_DONE_MARK": str(done)}
    p = subprocess.Popen([*_jxcheck(), "check", "--no-config", "--executor", "dask", "-j", "2", "-f", "json",
                          "-o", str(out), str(src)],
                         env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while not (any(done.iterdir()) and any(mark.iterdir())) and time.monotonic() < deadline:
            assert p.poll() is None, p.stderr.read().decode()[-2000:]
            time.sleep(0.05)
        assert any(done.iterdir()), "no result"
        assert any(mark.iterdir()), "no slow file started"
        time.sleep(0.3)
        t = time.monotonic()
        os.kill(p.pid, sig)
        rc = p.wait(30)
        stderr = p.stderr.read().decode()
        assert rc == code, stderr
        assert stderr.strip().splitlines() == [stderr.strip().splitlines()[-1]] and stderr.startswith("jxcheck: "), stderr
        left = _group(p.pid)
        while left and time.monotonic() - t < 10:
            time.sleep(0.1)
            left = _group(p.pid)
        assert left == [], left
        assert time.monotonic() - t < 10
        assert not out.exists() and _leftovers(tmp_path) == []
    finally:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        p.wait(10)
