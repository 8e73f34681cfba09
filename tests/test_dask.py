"""The Dask executor gives the same results, in the same order, as the local pool.

Uses a ``distributed.LocalCluster`` of two workers with ``processes=False`` (threads in
this process): process workers start in ~2-3 s each on the 2-core CI box and test nothing
more about jxcheck; the per-file function, the pickling of its arguments and results and
the ordering are the same. ``test_process_workers_local_cluster`` runs real
worker processes once (about 1 s).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="jxcheck[dask] is not installed (pip install 'jxcheck[dask]')")

from distributed import LocalCluster  # noqa: E402
from test_batch import crashy_check, same, sleepy_check, write_corpus  # noqa: E402

from jxcheck.batch import CRASHED, run_batch  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0") as c:
        yield c


def _inputs(tmp_path: Path, seeds: Path) -> list[str]:
    return write_corpus(tmp_path) + sorted(str(p) for p in seeds.iterdir() if p.suffix in {".txt", ".pdf", ".docx"})


@pytest.mark.parametrize("send_bytes", [False, True])
def test_dask_matches_local(cluster, tmp_path: Path, seeds: Path, send_bytes: bool) -> None:
    paths = _inputs(tmp_path, seeds)
    local = list(run_batch(paths, jobs=2))
    remote = list(run_batch(paths, executor="dask", scheduler=cluster.scheduler_address, send_bytes=send_bytes))
    assert [r.path for r in remote] == paths
    for a, b in zip(local, remote, strict=True):
        assert same(a, b), (a, b)


def test_dask_order_and_failures(cluster, tmp_path: Path) -> None:
    paths = [p for p in write_corpus(tmp_path) if "r07" not in p]  # os._exit would kill this process
    out = list(run_batch(paths, executor="dask", scheduler=cluster.scheduler_address, check=sleepy_check))
    assert [r.path for r in out] == paths
    out = list(run_batch(paths, executor="dask", scheduler=cluster.scheduler_address, check=crashy_check,
                         window=3))
    assert [r.path for r in out] == paths
    bad = [r for r in out if r.error_code == CRASHED]
    assert [os.path.basename(r.path) for r in bad] == ["r05.txt"] and "rule bug" in bad[0].error
    assert sum(r.status == "ok" for r in out) == len(paths) - 3  # r05, empty, missing


def test_process_workers_local_cluster(tmp_path: Path, seeds: Path) -> None:
    """No --scheduler: run_batch starts (and stops) a LocalCluster of worker processes.
    Under the command line's default limits, as `jxcheck check --executor dask` runs: each
    file in a guarded child of its worker, a daemonic process (every file used to fail
    there: "daemonic processes are not allowed to have children")."""
    from jxcheck.guard import BOUNDED

    paths = _inputs(tmp_path, seeds)
    local = list(run_batch(paths, jobs=2, limits=BOUNDED))
    remote = list(run_batch(paths, executor="dask", jobs=2, limits=BOUNDED))
    assert not any(r.error_code == CRASHED for r in remote), [r.error for r in remote if r.error_code == CRASHED]
    assert all(same(a, b) for a, b in zip(local, remote, strict=True))


def test_guarded_checks_on_process_workers(tmp_path: Path, seeds: Path) -> None:
    """The command line's default limits check each file in a child of the worker; a Dask
    worker is a daemonic process, which multiprocessing refused children: every file was
    'worker-crashed: daemonic processes are not allowed to have children'."""
    from jxcheck.guard import BOUNDED

    paths = sorted(str(p) for p in seeds.iterdir() if p.suffix in {".txt", ".docx"})[:6]
    local = list(run_batch(paths, jobs=2, limits=BOUNDED))
    remote = list(run_batch(paths, executor="dask", jobs=2, limits=BOUNDED))
    assert [r.error for r in remote] == [None] * len(paths)
    assert all(same(a, b) for a, b in zip(local, remote, strict=True))


# -- hostile inputs and a cluster that goes away (issue 14) -------------------------

def absolute_check(path: str, config):
    """Says whether the worker was given an absolute path (a worker's cwd is not ours)."""
    from jxcheck.result import FileResult

    return FileResult(path=path, status="ok" if os.path.isabs(path) else "error",
                      error_code=None if os.path.isabs(path) else "relative-path")


def _in_thread(fn, timeout: float):
    """fn() in a daemon thread; (value, seconds), or pytest.fail after ``timeout`` (on
    old code a FIFO blocks the client forever: the thread is left blocked, not joined)."""
    import threading
    import time

    box: dict = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as e:  # noqa: BLE001
            box["error"] = e

    t0 = time.monotonic()
    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive():
        pytest.fail(f"still waiting after {timeout} s")
    if "error" in box:
        raise box["error"]
    return box["value"], time.monotonic() - t0


def test_send_bytes_reads_only_regular_files_within_max_size(cluster, tmp_path: Path) -> None:
    from jxcheck.guard import Limits

    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)  # opening it for reading would block until a writer comes
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")  # reading it never ends
    big = tmp_path / "big.txt"
    big.write_bytes(b"1" * (2 << 20))
    ok = tmp_path / "ok.txt"
    ok.write_text("项目预算500万元，实际支出388.76万元，执行率77.75%。\n", encoding="utf-8")
    paths = [str(fifo), str(zero), str(big), str(ok)]
    out, _ = _in_thread(lambda: list(run_batch(paths, executor="dask", scheduler=cluster.scheduler_address,
                                                send_bytes=True, limits=Limits(max_bytes=1 << 20))), 60)
    assert [r.path for r in out] == paths
    assert [r.error_code for r in out] == ["unsupported", "unsupported", "too-large", None]
    assert out[3].status == "ok"


def test_relative_paths_are_resolved_before_they_are_sent(cluster, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = list(run_batch(["a.txt"], executor="dask", scheduler=cluster.scheduler_address, check=absolute_check))
    assert [(r.path, r.status) for r in out] == [("a.txt", "ok")]  # reported under the name given


def test_no_worker_left_fails_the_remaining_files_within_a_bound(tmp_path: Path, monkeypatch) -> None:
    import jxcheck.batch as batch

    monkeypatch.setattr(batch, "NO_WORKERS_SECONDS", 2.0)
    paths = write_corpus(tmp_path)[:4]
    with LocalCluster(n_workers=0, processes=False, dashboard_address=":0") as empty:
        out, seconds = _in_thread(lambda: list(run_batch(paths, executor="dask", window=2,
                                                         scheduler=empty.scheduler_address)), 60)
    assert [r.path for r in out] == paths
    assert all(r.error_code == CRASHED and "没有可用的 worker" in r.error for r in out), out
    assert seconds < 20


# -- chunks (issue 15) ----------------------------------------------------------------

def quick_check(path: str, config):
    """A check that takes no time, so that files go to Dask in chunks; r07 kills its worker."""
    from jxcheck.result import FileResult

    if "r07" in path:
        os._exit(3)
    return FileResult(path=path, status="ok", notes=(f"pid {os.getpid()}",))


def _tiny(tmp_path: Path, n: int) -> list[str]:
    out = []
    for i in range(n):
        p = tmp_path / f"r{i:02d}.txt"
        p.write_text("预算100万元", encoding="utf-8")
        out.append(str(p))
    return out


def test_files_go_in_chunks_in_input_order(cluster, tmp_path: Path, monkeypatch) -> None:
    from distributed import Client

    sizes: list[int] = []
    real = Client.submit

    def counting(self, fn, *args, **kw):
        sizes.append(len(args[0]))  # the chunk's files
        return real(self, fn, *args, **kw)

    monkeypatch.setattr(Client, "submit", counting)
    paths = _tiny(tmp_path, 60)[:59] + [str(tmp_path / "missing.txt")]
    out = list(run_batch(paths, executor="dask", scheduler=cluster.scheduler_address))
    assert [r.path for r in out] == paths
    assert [r.error_code for r in out] == [None] * 59 + ["missing"]
    assert max(sizes) > 1 and sum(sizes) == 60  # chunks, each file once
    assert len(sizes) < 20


def test_a_chunk_whose_worker_dies_still_reports_each_file(tmp_path: Path, monkeypatch) -> None:
    import dask
    from distributed import Client

    chunks: list[list[str]] = []
    real = Client.submit

    def recording(self, fn, *args, **kw):
        chunks.append([os.path.basename(item) for item, _ in args[0]])
        return real(self, fn, *args, **kw)

    monkeypatch.setattr(Client, "submit", recording)
    paths = _tiny(tmp_path, 12)
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as c:
        out = list(run_batch(paths, executor="dask", scheduler=c.scheduler_address, check=quick_check))
    assert [r.path for r in out] == paths
    assert [os.path.basename(r.path) for r in out if r.error_code == CRASHED] == ["r07.txt"]
    assert all(r.status == "ok" for r in out if "r07" not in r.path)
    assert any(len(c) > 1 and "r07.txt" in c for c in chunks)  # it died in a chunk
    assert ["r07.txt"] in chunks  # then alone
    assert len({r.notes[0] for r in out if r.status == "ok"}) >= 2  # r07 took a worker with it
