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
    """No --scheduler: run_batch starts (and stops) a LocalCluster of worker processes."""
    paths = _inputs(tmp_path, seeds)
    local = list(run_batch(paths, jobs=2))
    remote = list(run_batch(paths, executor="dask", jobs=2))
    assert all(same(a, b) for a, b in zip(local, remote, strict=True))
