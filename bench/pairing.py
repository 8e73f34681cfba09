"""How long a batch waits before its first check when a folder holds table files (issue 15):
``pairing.plan`` over N reports and K 自评表 files in one folder, and, in wall time from
the command's start (``jxcheck check -f jsonl FOLDER``, a fresh process, default ``-j``):
when the first file's check is done (the first result out of the batch runner) and when
the first line is written (a folder with tables holds its results until every report of
it has said which 项目名称 it names: see README, pairing).

    python bench/pairing.py                       # 1,000 reports (DOCX and TXT) + 20 .xlsx tables
    python bench/pairing.py --root /work/main --python /work/main/.venv/bin/python   # another checkout

Fresh process per round (``--one``), guarded reads as the command line does them (BOUNDED);
median of --rounds printed with CPU time.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make(out: Path, reports: int, tables: int) -> list[str]:
    samples = ROOT / "samples"
    srcs = sorted(p for p in samples.iterdir() if p.suffix in (".docx", ".txt"))
    xlsx = sorted(samples.glob("*.xlsx"))
    for i in range(reports):
        src = srcs[i % len(srcs)]
        shutil.copy(src, out / f"r{i:04d}{src.suffix}")
    for k in range(tables):
        shutil.copy(xlsx[k % len(xlsx)], out / f"t{k:02d}-自评表.xlsx")
    return sorted(str(p) for p in out.iterdir())


def one(folder: str) -> dict:
    from jxcheck.guard import BOUNDED
    from jxcheck.pairing import plan

    paths = sorted(str(p) for p in Path(folder).iterdir())
    c0, t0 = time.process_time(), time.perf_counter()
    plan(paths, BOUNDED)
    return {"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0}


def first(folder: str, t0: float, out: str) -> None:
    """The command line in this process, timing (from ``t0``, CLOCK_MONOTONIC of the
    parent's Popen) the first result the batch runner yields."""
    import jxcheck.batch as batch

    real, seen = batch.run_batch, []

    def timed(*a, **k):
        for r in real(*a, **k):
            if not seen:
                seen.append(time.monotonic() - t0)
            yield r

    batch.run_batch = timed
    from jxcheck.cli import main as cli

    sys.argv = ["jxcheck", "check", "-f", "jsonl", "--fail-on", "never", folder]
    try:
        cli()
    except SystemExit:
        pass
    finally:
        sys.stdout.flush()
        with open(out, "w") as f:
            json.dump({"first_check": seen[0] if seen else None, "total": time.monotonic() - t0}, f)


def first_round(python: str, folder: str, root: Path, env: dict) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as tf:
        t0 = time.monotonic()
        p = subprocess.Popen([python, __file__, "--first", folder, "--t0", repr(t0), "--out", tf.name,
                              "--root", str(root)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        assert p.stdout is not None
        p.stdout.readline()
        line = time.monotonic() - t0
        p.stdout.read()
        p.wait()
        got = json.loads(Path(tf.name).read_text())
    return {**got, "first_line": line}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--tables", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--root", type=Path, default=ROOT)
    ap.add_argument("--python", default=sys.executable, help="the interpreter of --root's checkout")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--first", help=argparse.SUPPRESS)
    ap.add_argument("--t0", type=float, help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        sys.path.insert(0, str(a.root))
        print(json.dumps(one(a.one)))
        return
    if a.first:
        sys.path.insert(0, str(a.root))
        first(a.first, a.t0, a.out)
        return
    with tempfile.TemporaryDirectory(prefix="jxpair-") as d:
        make(Path(d), a.reports, a.tables)
        env = dict(os.environ, PYTHONPATH=str(a.root))
        runs, firsts = [], []
        for _ in range(a.rounds):  # interleaved
            runs.append(json.loads(subprocess.run([a.python, __file__, "--one", d, "--root", str(a.root)], env=env,
                                                  capture_output=True, text=True, check=True).stdout))
            firsts.append(first_round(a.python, d, a.root, env))
    print(f"plan() over {a.reports} reports + {a.tables} tables ({a.root}): "
          f"wall {statistics.median(r['wall'] for r in runs):.2f} s, cpu {statistics.median(r['cpu'] for r in runs):.2f} s "
          f"(median of {a.rounds})")
    med = {k: statistics.median(f[k] for f in firsts) for k in ("first_check", "total", "first_line")}
    print(f"jxcheck check -f jsonl (default -j), wall from start: first file checked {med['first_check']:.2f} s "
          f"(goal ≤ 1 s), first line out {med['first_line']:.2f} s, all done {med['total']:.2f} s")


if __name__ == "__main__":
    main()
