"""How the cost of one report grows with its length: a report twice as long should cost
at most 2.3× the time (issue 15). Not a timed test: a benchmark that prints the ratios.

    python bench/growth.py                                  # TXT and DOCX, 1,250 … 10,000 paragraphs
    python bench/growth.py --kinds txt --sizes 2000,4000,8000,16000 --rounds 5
    python bench/growth.py --profile 10000                  # cProfile of one 10,000-paragraph TXT check

A report of N paragraphs: the lines of the first sample report, then lines drawn from
every sample and seed report (with --vary, that share of them with some figures changed:
bench/corpus.py's jiggle), the same N lines as TXT and as DOCX (python-docx, one
paragraph per line). Deterministic.
Each measurement is one fresh process (``--one``) that reads, extracts and runs the
rules in-process (no guard child) and prints its stage CPU times; rounds are interleaved
over the sizes, medians printed. CPU time is the process's own (user + system): on a
shared machine it is the figure the ratios hold for; wall time is printed beside it.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from corpus import DEFAULT_SOURCES, _jiggle, sources  # noqa: E402

GOAL = 2.3  # a document twice as long costs at most this many times the time


def lines_of(n: int, vary: float, seed: int = 0) -> list[str]:
    from extractor.readers.txt import decode

    srcs = sources(DEFAULT_SOURCES, ".txt")
    pool = [ln for s in srcs for ln in decode(s.read_bytes())[0].splitlines() if ln.strip()]
    first = [ln for ln in decode(srcs[0].read_bytes())[0].splitlines() if ln.strip()][:n]
    rng = random.Random(f"{seed}-{n}")
    picked = [rng.choice(pool) for _ in range(n - len(first))]
    return first + [_jiggle(ln, rng) if rng.random() < vary else ln for ln in picked]


def write(kind: str, n: int, out: Path, vary: float) -> Path:
    path = out / f"g{n:06d}-{vary:g}.{kind}"
    if path.exists():
        return path
    lines = lines_of(n, vary)
    if kind == "txt":
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        import docx

        d = docx.Document()
        for ln in lines:
            d.add_paragraph(ln)
        d.save(str(path))
    return path


def one(path: str) -> dict:
    """Check one file in this process; stage times (wall), CPU and peak RSS."""
    from extractor.analysis import extract
    from extractor.readers import read
    from rules.config import DEFAULT
    from rules.engine import run_rules

    # import-time and first-use costs (jieba's dictionary, regex compiles) are not the document's
    warm = ROOT / "samples" / "01-shucheng-audit-investment.txt"
    d0 = read(str(warm))
    run_rules(d0, extract(d0), DEFAULT)
    c0, t0 = time.process_time(), time.perf_counter()
    doc = read(path)
    c1 = time.process_time()
    ext = extract(doc)
    c2 = time.process_time()
    findings, _ = run_rules(doc, ext, DEFAULT)
    c3, t3 = time.process_time(), time.perf_counter()
    return {"read": c1 - c0, "extract": c2 - c1, "rules": c3 - c2, "wall": t3 - t0, "cpu": c3 - c0,
            "findings": len(findings),
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure(path: Path, root: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(root))
    out = subprocess.run([sys.executable, __file__, "--one", str(path), "--root", str(root)], capture_output=True,
                         text=True, env=env, check=True)
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kinds", default="txt,docx")
    ap.add_argument("--sizes", default="1250,2500,5000,10000")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--vary", type=float, default=0.0,
                    help="share of the drawn lines whose figures are changed (default 0: repeated lines are repeated "
                         "as they were; with changes, every pair of differing amounts is a JX401/JX402 finding, "
                         "so the output itself grows quadratically)")
    ap.add_argument("--dir", type=Path, help="where the generated reports go (default: a temporary folder)")
    ap.add_argument("--root", type=Path, default=ROOT,
                    help="the checkout whose code is measured (default this one; e.g. /work/main for a before figure)")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--profile", type=int, metavar="N", help="cProfile one check of an N-paragraph TXT and exit")
    a = ap.parse_args()
    if a.one:
        sys.path.insert(0, str(a.root))
        print(json.dumps(one(a.one)))
        return
    out = a.dir or Path(tempfile.mkdtemp(prefix="jxgrowth-"))
    out.mkdir(parents=True, exist_ok=True)
    if a.profile:
        import cProfile
        import pstats

        p = write("txt", a.profile, out, a.vary)
        pr = cProfile.Profile()
        pr.runcall(one, str(p))
        pstats.Stats(pr).sort_stats("tottime").print_stats(30)
        return
    kinds = a.kinds.split(",")
    sizes = [int(x) for x in a.sizes.split(",")]
    files = {(k, n): write(k, n, out, a.vary) for k in kinds for n in sizes}
    runs: dict[tuple[str, int], list[dict]] = {key: [] for key in files}
    for _ in range(a.rounds):  # interleaved: load on the machine falls on every size alike
        for key, path in files.items():
            runs[key].append(measure(path, a.root))
    worst = 0.0
    for k in kinds:
        print(f"\n{k.upper()}  (medians of {a.rounds}; ratio = this size ÷ half this size)")
        print(f"{'paragraphs':>10} {'cpu s':>8} {'ratio':>6} {'wall s':>8} {'ratio':>6} "
              f"{'read':>6} {'extract':>8} {'rules':>7} {'findings':>8} {'RSS MB':>7}")
        prev = None
        for n in sizes:
            rs = runs[(k, n)]
            med = {f: statistics.median(r[f] for r in rs) for f in rs[0]}
            rc = rw = ""
            if prev is not None and prev[0] * 2 == n:
                rc, rw = med["cpu"] / prev[1]["cpu"], med["wall"] / prev[1]["wall"]
                worst = max(worst, rc)
                rc, rw = f"{rc:.2f}", f"{rw:.2f}"
            print(f"{n:>10} {med['cpu']:>8.2f} {rc:>6} {med['wall']:>8.2f} {rw:>6} {med['read']:>6.2f} "
                  f"{med['extract']:>8.2f} {med['rules']:>7.2f} {med['findings']:>8.0f} {med['rss_mb']:>7.0f}")
            prev = (n, med)
    print(f"\nworst doubling ratio (CPU): {worst:.2f} (goal ≤ {GOAL})")


if __name__ == "__main__":
    main()
