"""One guarded child checks a batch's files one after another (jxcheck.guard.sharing_child):
the same results as a child per file, the limits still per file, a failing file only
costs its own result and the child, the next file a fresh one."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from jxcheck import guard, pipeline
from jxcheck.batch import run_batch
from jxcheck.guard import Limits, run_guarded
from jxcheck.result import FileResult

ROOT = Path(__file__).resolve().parent.parent
LIM = Limits(timeout_s=20, max_memory_mb=256)

pytestmark = pytest.mark.skipif(not guard.fork_available(), reason="needs fork")

_LEAK: list = []


def _fake(path, config=None, limits=None, **kw):
    """Says which process checked it; what the file's name asks for happens first."""
    name = os.path.basename(path)
    if name.startswith("slow"):
        time.sleep(30)
    if name.startswith("hog"):
        [bytearray(64 << 20) for _ in range(64)]  # 4 GB, if it were allowed
    if name.startswith("leak"):
        _LEAK.append(bytearray(150 << 20))  # kept: the child grows file by file
    if name.startswith("abort"):
        import faulthandler

        faulthandler.disable()
        os.abort()
    if name.startswith("raise"):
        raise RuntimeError("boom")
    return FileResult(path=path, status="ok", notes=(f"pid {os.getpid()}",))


def _files(tmp_path: Path, names: list[str]) -> list[str]:
    out = []
    for n in names:
        (tmp_path / n).write_text("预算100万元", encoding="utf-8")
        out.append(str(tmp_path / n))
    return out


def _pid(r: FileResult) -> str:
    return r.notes[0] if r.notes else ""


def test_a_batch_shares_one_child_and_a_failure_costs_only_its_file(monkeypatch, tmp_path):
    monkeypatch.setattr(pipeline, "check_file", _fake)
    names = ["a.txt", "b.txt", "abort.txt", "c.txt", "raise.txt", "d.txt", "hog.txt", "e.txt", "slow.txt", "f.txt"]
    paths = _files(tmp_path, names)
    lim = Limits(timeout_s=2, max_memory_mb=256)
    got = list(run_batch(paths, jobs=1, limits=lim))
    assert [r.path for r in got] == paths  # input order, one result each
    by = dict(zip(names, got, strict=True))
    assert [(by[n].status, by[n].error_code) for n in ("abort.txt", "raise.txt", "hog.txt", "slow.txt")] == [
        ("error", "crashed"), ("error", "crashed"), ("error", "too-large"), ("error", "timeout")]
    assert "SIGABRT" in by["abort.txt"].error and "RuntimeError: boom" in by["raise.txt"].error
    assert "256 MB" in by["hog.txt"].error and "2 秒" in by["slow.txt"].error
    ok = [n for n in names if by[n].status == "ok"]
    assert ok == ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt", "f.txt"]
    pids = [_pid(by[n]) for n in ok]
    assert pids[0] == pids[1] != pids[2]  # shared until a file kills the child, then a fresh one
    assert pids[2] != pids[3] != pids[4] != pids[5]  # each failure in between ended its child
    assert str(os.getpid()) not in pids  # never in the parent
    # the same outcomes as a child per file
    alone = [run_guarded(p, limits=lim) for p in paths]
    assert [(r.status, r.error_code, r.error) for r in alone] == [(r.status, r.error_code, r.error) for r in got]


def test_the_memory_limit_is_per_file_in_a_shared_child(monkeypatch, tmp_path):
    # each file keeps 150 MB: three of them (450 MB) pass a 256 MB limit per file, as
    # three children would; a file over the limit on its own still fails
    monkeypatch.setattr(pipeline, "check_file", _fake)
    paths = _files(tmp_path, ["leak1.txt", "leak2.txt", "leak3.txt", "hog.txt", "ok.txt"])
    got = list(run_batch(paths, jobs=1, limits=LIM))
    assert [r.error_code for r in got] == [None, None, None, "too-large", None]
    assert _pid(got[0]) == _pid(got[1]) == _pid(got[2]) != _pid(got[4])


def test_a_child_is_replaced_after_shared_files(monkeypatch, tmp_path):
    monkeypatch.setattr(pipeline, "check_file", _fake)
    monkeypatch.setattr(guard, "SHARED_FILES", 3)
    paths = _files(tmp_path, [f"r{i}.txt" for i in range(7)])
    pids = [_pid(r) for r in run_batch(paths, jobs=1, limits=LIM)]
    assert pids[0] == pids[1] == pids[2] != pids[3] == pids[4] == pids[5] != pids[6]


def test_the_child_ends_with_the_batch(monkeypatch, tmp_path):
    monkeypatch.setattr(pipeline, "check_file", _fake)
    paths = _files(tmp_path, ["a.txt", "b.txt", "c.txt"])
    it = run_batch(paths, jobs=1, limits=LIM)
    pid = int(_pid(next(it)).split()[1])
    os.kill(pid, 0)  # alive while the batch runs
    it.close()  # a consumer that stops early
    time.sleep(0.1)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert guard._local.child is None and not getattr(guard._local, "share", False)


def test_outside_a_batch_each_file_has_its_own_child(monkeypatch, tmp_path):
    monkeypatch.setattr(pipeline, "check_file", _fake)
    a, b = _files(tmp_path, ["a.txt", "b.txt"])
    assert _pid(run_guarded(a, limits=LIM)) != _pid(run_guarded(b, limits=LIM))


def test_real_files_give_the_same_results_shared_or_not():
    paths = sorted(str(p) for p in (ROOT / "samples").iterdir() if p.suffix in (".txt", ".docx", ".pdf", ".xlsx"))
    shared = list(run_batch(paths, jobs=1, limits=LIM))
    alone = [run_guarded(p, limits=LIM) for p in paths]
    assert [r.to_dict() for r in shared] == [r.to_dict() for r in alone]


# -- the fork server preloads what the batch's formats need (issue 15) ---------------

def test_the_fork_server_preloads_only_the_batch_formats(monkeypatch, tmp_path):
    import multiprocessing.forkserver as fs

    from jxcheck import batch

    seen: list[list[str]] = []
    real = fs.set_forkserver_preload
    monkeypatch.setattr(fs, "set_forkserver_preload", lambda names: (seen.append(list(names)), real(names)))
    docx = sorted(str(p) for p in (ROOT / "samples").glob("*.docx"))[:3]
    got = list(run_batch(docx, jobs=2))  # no per-file child: the pool at once
    assert [r.status for r in got] == ["ok"] * len(docx)
    assert seen and "extractor.readers.docx" in seen[0] and "jxcheck.warmed" in seen[0]
    assert not any("pdf" in m or "openpyxl" in m for m in seen[0])
    pdf = batch._preload(["a.txt", "b.PDF"])
    assert "extractor.readers.pdf_tables" in pdf and not any(m.startswith("pdfplumber") for m in pdf)
    assert "openpyxl" not in batch._preload(["a.pdf"])


def test_warmed_loads_what_a_first_check_would():
    import subprocess
    import sys

    code = ("import sys, jxcheck.warmed, jxcheck.guard as g\n"
            "assert g._warm_check and 'jieba' in sys.modules and 'pdfplumber' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def _pid_project(path):
    return f"项目{os.getpid()}"


def test_pairing_reads_its_tables_in_one_child(monkeypatch, tmp_path):
    from jxcheck import pairing

    monkeypatch.setattr(pairing, "_project_of", _pid_project)
    paths = _files(tmp_path, ["报告.txt", "甲-自评表.xlsx", "乙-自评表.xlsx", "丙-自评表.xlsx"])
    planned = pairing.plan(paths, LIM)
    projects = [p.project for p in planned if p.table]
    assert len(projects) == 3 and len(set(projects)) == 1 and projects[0] != f"项目{os.getpid()}"
    assert guard._local.child is None  # ended with plan()


def _boom(path):
    if "乙" in path:
        os._exit(9)
    return "项目" + os.path.basename(path)[0]


def test_a_table_that_kills_the_shared_child_fails_alone(monkeypatch, tmp_path):
    from jxcheck import pairing

    monkeypatch.setattr(pairing, "_project_of", _boom)
    paths = _files(tmp_path, ["报告.txt", "甲-自评表.xlsx", "乙-自评表.xlsx", "丙-自评表.xlsx"])
    tables = {os.path.basename(p.path): p for p in pairing.plan(paths, LIM) if p.table}
    assert tables["甲-自评表.xlsx"].project == "项目甲" and tables["丙-自评表.xlsx"].project == "项目丙"
    assert tables["乙-自评表.xlsx"].project is None  # unread: it is checked, and reported, on its own turn
