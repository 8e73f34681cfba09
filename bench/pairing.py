"""How long a batch waits before its first check when a folder holds table files (issue 15):
``pairing.plan`` over N reports and K 自评表 files in one folder.

    python bench/pairing.py                       # 1,000 reports (DOCX and TXT) + 20 .xlsx tables
    python bench/pairing.py --root /work/main     # the same with another checkout's code

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--tables", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--root", type=Path, default=ROOT)
    ap.add_argument("--one", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        sys.path.insert(0, str(a.root))
        print(json.dumps(one(a.one)))
        return
    with tempfile.TemporaryDirectory(prefix="jxpair-") as d:
        make(Path(d), a.reports, a.tables)
        env = dict(os.environ, PYTHONPATH=str(a.root))
        runs = [json.loads(subprocess.run([sys.executable, __file__, "--one", d, "--root", str(a.root)], env=env,
                                          capture_output=True, text=True, check=True).stdout) for _ in range(a.rounds)]
    print(f"plan() over {a.reports} reports + {a.tables} tables ({a.root}): "
          f"wall {statistics.median(r['wall'] for r in runs):.2f} s, cpu {statistics.median(r['cpu'] for r in runs):.2f} s "
          f"(median of {a.rounds})")


if __name__ == "__main__":
    main()
