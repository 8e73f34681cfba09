"""Batch runner: input order, per-file failures, pickling, bounded window, CLI --jobs."""
from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from jxcheck.batch import CRASHED, run_batch
from jxcheck.pipeline import check_file
from jxcheck.result import FileResult
from rules.config import DEFAULT, Config
from rules.finding import Evidence, Finding

ROOT = Path(__file__).resolve().parent.parent

PARA = "2021年项目预算资金1000万元，实际支出770.42万元，预算执行率77.04%，项目得分100分，评价等级为优。\n"


def write_corpus(d: Path, n: int = 12) -> list[str]:
    """TXT reports of very different sizes (1 line … 5,000 lines), plus oddities."""
    paths = []
    for i in range(n):
        p = d / f"r{i:02d}.txt"
        lines = 5_000 if i % 4 == 0 else 1 + i  # big ones first in every group of four
        p.write_text(f"报告{i}\n" + PARA * lines, encoding="utf-8")
        paths.append(str(p))
    (d / "empty.txt").write_bytes(b"")
    paths.insert(3, str(d / "empty.txt"))
    paths.insert(5, str(d / "missing.txt"))  # never created
    return paths


def same(a: FileResult, b: FileResult) -> bool:
    return a == b and a.text == b.text


# ---- per-file functions the workers import by reference (module-level, picklable) ----

def sleepy_check(path: str, config: Config) -> FileResult:
    """The earlier a file is in the batch, the longer it takes: completion order is the
    reverse of input order."""
    name = os.path.basename(path)
    digits = "".join(c for c in name if c.isdigit()) or "0"
    time.sleep(max(0, 12 - int(digits)) * 0.01)
    return check_file(path, config)


def crashy_check(path: str, config: Config) -> FileResult:
    if "r05" in path:
        raise RuntimeError("rule bug")
    if "r07" in path:
        os._exit(3)  # the worker process dies
    return check_file(path, config)


# ---------------------------------------------------------------------------------------

def test_order_is_input_order_with_two_jobs(tmp_path: Path) -> None:
    paths = write_corpus(tmp_path)
    serial = list(run_batch(paths, jobs=1))
    for check in (None, sleepy_check):
        parallel = list(run_batch(paths, jobs=2, check=check))
        assert [r.path for r in parallel] == paths
        assert all(same(a, b) for a, b in zip(serial, parallel, strict=True))
    assert [r.status for r in serial].count("error") == 2  # empty + missing
    assert {r.error_code for r in serial if r.status == "error"} == {"empty", "missing"}


def test_small_window_still_ordered(tmp_path: Path) -> None:
    paths = write_corpus(tmp_path)
    out = list(run_batch(paths, jobs=2, window=2, check=sleepy_check))
    assert [r.path for r in out] == paths


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_crashing_file_is_an_error_result_and_the_batch_goes_on(tmp_path: Path, jobs: int) -> None:
    paths = write_corpus(tmp_path)
    if jobs == 1:  # in-process: os._exit would end the test run; only the exception
        paths = [p for p in paths if "r07" not in p]
    out = list(run_batch(paths, jobs=jobs, check=crashy_check))
    assert [r.path for r in out] == paths
    by_name = {os.path.basename(r.path): r for r in out}
    assert by_name["r05.txt"].status == "error" and by_name["r05.txt"].error_code == CRASHED
    assert "rule bug" in by_name["r05.txt"].error
    if jobs == 2:
        assert by_name["r07.txt"].error_code == CRASHED
    ok = [r for n, r in by_name.items() if n not in {"r05.txt", "r07.txt", "empty.txt", "missing.txt"}]
    assert ok and all(r.status == "ok" for r in ok)


def test_two_crashes_in_one_window(tmp_path: Path) -> None:
    paths = write_corpus(tmp_path, n=10)
    paths = paths + [paths[paths.index(str(tmp_path / "r07.txt"))]]  # the killer twice
    out = list(run_batch(paths, jobs=2, check=crashy_check))
    assert [r.path for r in out] == paths
    assert [os.path.basename(r.path) for r in out if r.error_code == CRASHED] == ["r05.txt", "r07.txt", "r07.txt"]
    assert sum(r.status == "ok" for r in out) == 8


def test_window_bounds_what_is_read_ahead(tmp_path: Path) -> None:
    paths = write_corpus(tmp_path)
    pulled = 0

    def gen():
        nonlocal pulled
        for p in paths:
            pulled += 1
            yield p

    it = run_batch(gen(), jobs=2, window=3)
    first = next(it)
    assert first.path == paths[0]
    assert pulled <= 4  # the window, plus at most the one just pulled
    rest = list(it)
    assert len(rest) == len(paths) - 1


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        list(run_batch([], jobs=0))
    with pytest.raises(ValueError):
        list(run_batch([], executor="spark"))
    assert list(run_batch([], jobs=2)) == []


def test_fileresult_pickles_with_findings_and_decimals(tmp_path: Path) -> None:
    ev = Evidence(text="77.04%", value=Decimal("77.04"), unit="%", page=1, line=3, start=10, end=16,
                  context="预算执行率77.04%", context_start=5)
    f = Finding(rule="JX101", name="ratio", category="ratio-mismatch", severity="error", message="比率不符",
                evidence=(ev,), expected="77.04%", stated="70%", data={"ratio": Decimal("0.7704")})
    r = FileResult(path="a.pdf", status="ok", format="pdf", pages=3, findings=(f,), diagnostics=("x",),
                   text="全文", notes=("n",))
    back = pickle.loads(pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == r and back.text == r.text
    assert back.findings[0].evidence[0].value == Decimal("77.04")
    assert back.to_dict() == r.to_dict()
    real = check_file(write_corpus(tmp_path, 1)[0], DEFAULT)
    assert same(pickle.loads(pickle.dumps(real)), real)


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "jxcheck.cli", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)


def test_cli_jobs_1_and_2_give_identical_output(tmp_path: Path, seeds: Path) -> None:
    write_corpus(tmp_path)
    outs = {}
    for fmt in ("json", "text"):
        for j in ("1", "2"):
            p = _cli("check", "-j", j, "-f", fmt, str(tmp_path), str(seeds))
            outs[fmt, j] = (p.returncode, p.stdout)
        assert outs[fmt, "1"] == outs[fmt, "2"]
    doc = json.loads(outs["json", "2"][1])
    reports = len(list(tmp_path.iterdir())) + sum(p.suffix in {".txt", ".pdf", ".docx", ".xlsx"} for p in seeds.iterdir())
    others = sum(p.is_file() and p.suffix not in {".txt", ".pdf", ".docx", ".xlsx"} and not p.name.startswith(".")
                 for p in seeds.iterdir())  # listed as not checked (status skipped), never dropped
    assert doc["summary"]["files"] == reports + others and doc["summary"]["skipped"] == others


def test_cli_help_and_rules_do_not_import_readers_or_dask() -> None:
    code = (
        "import sys\n"
        "from jxcheck.cli import main\n"
        "for argv in (['jxcheck', '--help'], ['jxcheck', 'rules'], ['jxcheck', 'check', '--help']):\n"
        "    sys.argv = argv\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = [m for m in ('extractor.readers.txt', 'pdfplumber', 'pypdfium2', 'docx', 'openpyxl', 'jieba',\n"
        "                     'distributed', 'dask', 'concurrent.futures.process') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert "HEAVY []" in p.stdout, p.stdout + p.stderr


def pid_check(path: str, config: Config) -> FileResult:
    return FileResult(path=path, status="ok", notes=(str(os.getpid()),))


def test_one_file_runs_in_process_and_workers_are_reused(tmp_path: Path) -> None:
    paths = write_corpus(tmp_path, 6)
    [one] = run_batch(paths[:1], jobs=4, check=pid_check)
    assert one.notes == (str(os.getpid()),)
    pids = {r.notes[0] for r in run_batch(paths, jobs=2, check=pid_check)}
    assert str(os.getpid()) not in pids and 1 <= len(pids) <= 2  # one pool, not a process per file


# ---- small batches: in-process until the work left justifies a pool (issue 15) ----

def _guarded_limits():
    from jxcheck.guard import Limits

    return Limits(timeout_s=60)


def test_a_small_guarded_batch_starts_no_pool(tmp_path: Path, monkeypatch) -> None:
    from jxcheck import batch

    def no_pool(*a, **kw):
        raise AssertionError("a pool was started for three small files")

    monkeypatch.setattr(batch, "_run_pool", no_pool)
    paths = write_corpus(tmp_path, 3)
    out = list(run_batch(paths, jobs=2, limits=_guarded_limits()))
    assert [r.path for r in out] == paths
    assert all(same(a, b) for a, b in zip(out, run_batch(paths, jobs=1, limits=_guarded_limits()), strict=True))


def test_a_batch_moves_to_the_pool_when_the_work_left_is_worth_it(tmp_path: Path, monkeypatch) -> None:
    from jxcheck import batch

    started = []
    real = batch._run_pool

    def pool(paths, *a, **kw):
        started.append(kw["jobs"])
        yield from real(paths, *a, **kw)

    monkeypatch.setattr(batch, "_run_pool", pool)
    monkeypatch.setattr(batch, "POOL_START_S", 1e-6)
    paths = write_corpus(tmp_path, 8)
    out = list(run_batch(paths, jobs=2, limits=_guarded_limits()))
    assert started == [2]
    assert [r.path for r in out] == paths
    serial = list(run_batch(paths, jobs=1, limits=_guarded_limits()))
    assert all(same(a, b) for a, b in zip(out, serial, strict=True))


def test_an_unguarded_check_goes_to_the_pool_at_once(tmp_path: Path, monkeypatch) -> None:
    """Without a per-file child, a file that kills its process would kill the parent."""
    from jxcheck import batch

    started = []
    real = batch._run_pool

    def pool(paths, *a, **kw):
        started.append(kw["jobs"])
        yield from real(paths, *a, **kw)

    monkeypatch.setattr(batch, "_run_pool", pool)
    paths = write_corpus(tmp_path, 3)
    out = list(run_batch(paths, jobs=2, check=crashy_check))
    assert started == [2] and len(out) == len(paths)


def test_a_batch_leaves_no_temporary_folders(tmp_path: Path, seeds: Path) -> None:
    # every guarded child works in a folder of its own; the pool workers exit with os._exit (no
    # atexit), so their shared children must still be closed and their folders removed
    reports = tmp_path / "reports"
    reports.mkdir()
    write_corpus(reports)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "TMPDIR": str(tmp)}
    for j in ("1", "2"):
        p = subprocess.run([sys.executable, "-m", "jxcheck.cli", "check", "-j", j, "-f", "json", str(reports), str(seeds)],
                           capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
        assert p.returncode in (0, 1, 2, 3), p.stderr  # the corpus holds an unreadable file on purpose (3)
    assert [x.name for x in tmp.iterdir() if x.name.startswith("jxcheck-child-")] == []
