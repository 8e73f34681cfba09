"""Dask throughput against the local pool's, both with 2 workers (issue 15):

    python bench/dask_vs_local.py                       # 1,000 files: 500 TXT, 500 DOCX
    python bench/dask_vs_local.py --n 400 --kinds txt --rounds 5

One ``distributed.LocalCluster`` of ``--workers`` worker processes (one thread each) is
started once and warmed, as a real cluster is started once outside the batch; then, in
interleaved rounds, fresh ``jxcheck check -f json`` processes run ``-j 2`` (the local
pool) and ``--executor dask --scheduler ADDRESS`` over the same folder. Wall time
(the Dask workers' CPU is not the command's), median, files/s, and whether both gave
byte-identical JSON.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import DEFAULT_SOURCES, make_docx, make_txt, sources  # noqa: E402
from floor import machine  # noqa: E402


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - t
    if p.returncode not in (0, 1):
        raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd[:8])}\n{p.stderr.decode()[-2000:]}")
    return wall, hashlib.sha256(p.stdout).hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--kinds", default="txt,docx")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    from distributed import Client, LocalCluster

    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), "NO_COLOR": "1"}
    os.environ["PYTHONPATH"] = env["PYTHONPATH"]  # the cluster's workers import this checkout
    print("machine:", machine())
    tmp = Path(tempfile.mkdtemp(prefix="jx-dask-"))
    try:
        kinds = a.kinds.split(",")
        rng = random.Random(15)
        per = a.n // len(kinds)
        for k in kinds:
            srcs = sources(DEFAULT_SOURCES, f".{k}")
            (make_txt if k == "txt" else make_docx)(srcs, tmp, per, rng)
        n = sum(1 for _ in tmp.iterdir())
        with LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True, dashboard_address=":0") as c, \
                Client(c):
            jx = [sys.executable, "-m", "jxcheck.cli", "check", "-f", "json"]
            cmds = {"local pool": [*jx, "-j", str(a.workers), str(tmp)],
                    "dask": [*jx, "--executor", "dask", "--scheduler", c.scheduler_address, str(tmp)]}
            run(cmds["dask"], env)  # warm the workers (imports, jieba's index), as a running cluster is
            walls: dict[str, list[float]] = {k: [] for k in cmds}
            digests: dict[str, set[str]] = {k: set() for k in cmds}
            for _ in range(a.rounds):
                for k, cmd in cmds.items():
                    w, d = run(cmd, env)
                    walls[k].append(w)
                    digests[k].add(d)
        print(f"{n} files ({a.kinds}), {a.workers} workers, median of {a.rounds} rounds (wall, CLI start included):")
        for k, ws in walls.items():
            m = statistics.median(ws)
            print(f"  {k:<11} {m:7.2f} s  {n / m:7.1f} files/s   (rounds: {', '.join(f'{w:.2f}' for w in ws)})")
        ratio = statistics.median(walls["local pool"]) / statistics.median(walls["dask"])
        same = len(digests["local pool"] | digests["dask"]) == 1
        print(f"  dask throughput ÷ local pool's: {ratio:.2f} (goal ≥ 1.0); output identical: {same}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
