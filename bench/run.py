"""Benchmark jxcheck batches: reports/s, pages/s, peak memory, and PDF time against bare
pdfplumber / pypdfium2 text extraction on the same files.

    python bench/run.py --n 200                 # 200 reports of each format
    python bench/run.py --n 1000 --kinds docx,txt --repeat 5
    python bench/run.py --n 100 --kinds pdf --executors local,dask   # also on a Dask LocalCluster

Runs ``python -m jxcheck.cli check -j J -f json`` from this checkout (PYTHONPATH = the
repository root) as a subprocess per measurement; --repeat times each, medians printed.
Peak memory: the sum of RSS over the whole process tree (parent, fork server, workers),
sampled from /proc every 20 ms; and the largest single process (getrusage of the
children, measured in a wrapper process so runs do not mix).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")
# run one command, print (wall seconds, max RSS of any descendant in KiB) as JSON
_WRAPPER = (
    "import json, resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "rc = subprocess.call(sys.argv[1:])\n"
    "t = time.perf_counter() - t\n"
    "print(json.dumps([rc, t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))\n"
)


def _tree_rss(root: int) -> int:
    """Bytes of RSS summed over ``root`` and all its descendants (Linux /proc)."""
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    for e in os.scandir("/proc"):
        if not e.name.isdigit():
            continue
        try:
            with open(f"/proc/{e.name}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(e.name)
        parent[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * PAGE
    tree, frontier = {root}, [root]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parent.items() if pp == p and c not in tree]
        tree.update(kids)
        frontier.extend(kids)
    return sum(rss.get(p, 0) for p in tree)


def measure(cmd: list[str], env: dict[str, str]) -> dict:
    proc = subprocess.Popen([sys.executable, "-c", _WRAPPER, *cmd], stdout=subprocess.PIPE, env=env, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.02)
    rc, wall, maxrss_kib = json.loads(proc.stdout.read().strip().splitlines()[-1])
    return {"rc": rc, "wall": wall, "tree_rss": peak, "proc_rss": maxrss_kib * 1024}


def jx_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), "NO_COLOR": "1"}


def run_jxcheck(folder: Path, jobs: int, repeat: int, out_json: Path, engine: str = "auto",
                executor: str = "local") -> dict:
    cmd = [sys.executable, "-m", "jxcheck.cli", "check", "-j", str(jobs), "-f", "json", "--fail-on", "never",
           "--pdf-engine", engine, "--executor", executor, "-o", str(out_json), str(folder)]
    runs = [measure(cmd, jx_env()) for _ in range(repeat)]
    doc = json.loads(out_json.read_text(encoding="utf-8"))
    files = doc["files"]
    return {
        "wall": statistics.median(r["wall"] for r in runs),
        "walls": [r["wall"] for r in runs],
        "tree_rss": statistics.median(r["tree_rss"] for r in runs),
        "proc_rss": statistics.median(r["proc_rss"] for r in runs),
        "files": len(files),
        "pages": sum(f.get("pages") or 0 for f in files),
        "errors": sum(f["status"] != "ok" for f in files),
        "error_codes": sorted({f.get("error_code") or "" for f in files if f["status"] != "ok"}),
        "digest": hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest(),
    }


_BARE = {
    "pdfplumber": (
        "import sys, time, pdfplumber\n"
        "t = time.perf_counter(); n = 0\n"
        "for p in sys.argv[1:]:\n"
        "    with pdfplumber.open(p) as pdf:\n"
        "        for page in pdf.pages:\n"
        "            page.extract_text(); n += 1\n"
        "            page.close()\n"
        "print(time.perf_counter() - t, n)\n"
    ),
    "pypdfium2": (
        "import sys, time, pypdfium2 as pdfium\n"
        "t = time.perf_counter(); n = 0\n"
        "for p in sys.argv[1:]:\n"
        "    pdf = pdfium.PdfDocument(p)\n"
        "    for page in pdf:\n"
        "        tp = page.get_textpage(); tp.get_text_range(); tp.close(); page.close(); n += 1\n"
        "    pdf.close()\n"
        "print(time.perf_counter() - t, n)\n"
    ),
    "python-docx": (
        "import sys, time, docx\n"
        "t = time.perf_counter(); n = 0\n"
        "for p in sys.argv[1:]:\n"
        "    d = docx.Document(p)\n"
        "    [q.text for q in d.paragraphs]; [c.text for tb in d.tables for r in tb.rows for c in r.cells]\n"
        "    n += 1\n"
        "print(time.perf_counter() - t, n)\n"
    ),
}


def run_bare(kind: str, files: list[str], repeat: int) -> dict:
    """Bare extraction, one process, in-loop time (imports excluded), median of runs."""
    ts, n = [], 0
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", _BARE[kind], *files], capture_output=True, text=True, check=True)
        t, n = out.stdout.split()
        ts.append(float(t))
    return {"wall": statistics.median(ts), "walls": ts, "units": int(n)}


def pdf_pages(files: list[str]) -> int:
    import pypdfium2 as pdfium

    n = 0
    for f in files:
        d = pdfium.PdfDocument(f)
        n += len(d)
        d.close()
    return n


def cold_start(repeat: int) -> dict:
    out = {}
    for name, args in {"--help": ["--help"], "rules": ["rules"]}.items():
        ts = []
        for _ in range(repeat):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "jxcheck.cli", *args], env=jx_env(), capture_output=True)
            ts.append(time.perf_counter() - t)
        out[name] = statistics.median(ts)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200, help="reports per format (default 200)")
    ap.add_argument("--kinds", default="pdf,docx,txt")
    ap.add_argument("--jobs", default="1,2", help="comma-separated --jobs values (default 1,2)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement; medians are printed")
    ap.add_argument("--corpus", type=Path, help="reuse/keep the corpus here (default: a temporary folder)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--executors", default="local",
                    help="local and/or dask (a LocalCluster of -j workers, started inside the measured run)")
    ap.add_argument("--pdf-engines", default="auto,pdfplumber",
                    help="PDF engines to run (default auto,pdfplumber: the fast path and the reference, "
                         "with a check that their findings are identical)")
    ap.add_argument("--no-bare", action="store_true", help="skip the bare pdfplumber/pypdfium2/python-docx runs")
    ap.add_argument("--json", type=Path, help="also write all measurements here")
    a = ap.parse_args()
    kinds = a.kinds.split(",")
    jobs = [int(j) for j in a.jobs.split(",")]

    with tempfile.TemporaryDirectory(prefix="jxbench-") as tmp:
        corpus = a.corpus or Path(tmp) / "corpus"
        if not all((corpus / k).is_dir() and len(list((corpus / k).iterdir())) >= a.n for k in kinds):
            print(f"generating {a.n} reports per format in {corpus} …", file=sys.stderr)
            generate(corpus, a.n, kinds, a.seed)
        results: dict = {"n": a.n, "repeat": a.repeat, "cpus": os.cpu_count(), "jx": {}, "bare": {}}
        results["cold"] = cold_start(max(3, a.repeat))
        for kind in kinds:
            files = sorted(str(p) for p in (corpus / kind).iterdir())[: a.n]
            folder = Path(tmp) / f"sel-{kind}"  # exactly n files, whatever the corpus holds
            if not folder.exists():
                folder.mkdir()
                for f in files:
                    os.symlink(f, folder / os.path.basename(f))
            corpus_pages = pdf_pages(files) if kind == "pdf" else None
            runs = [(e, "local") for e in (a.pdf_engines.split(",") if kind == "pdf" else ["auto"])]
            runs += [("auto", x) for x in a.executors.split(",") if x != "local"]
            if "local" not in a.executors.split(","):
                runs = [r for r in runs if r[1] != "local"]
            for engine, executor in runs:
                label = kind + ("" if engine == "auto" else f":{engine}") + ("" if executor == "local" else f"@{executor}")
                for j in jobs:
                    print(f"jxcheck {label} -j {j} …", file=sys.stderr)
                    r = results["jx"][f"{label}/{j}"] = run_jxcheck(folder, j, a.repeat, Path(tmp) / "out.json",
                                                                     engine, executor)
                    if corpus_pages is not None:
                        r["pages"] = corpus_pages  # the PDF's own count, whether jxcheck could read it or not
            if a.no_bare:
                continue
            bare_kinds = {"pdf": ["pdfplumber", "pypdfium2"], "docx": ["python-docx"]}.get(kind, [])
            for b in bare_kinds:
                print(f"bare {b} …", file=sys.stderr)
                results["bare"][b] = run_bare(b, files, a.repeat)
        report(results, kinds, jobs)
        if a.json:
            a.json.write_text(json.dumps(results, indent=2))


def _format(label: str) -> str:
    """'pdf:pdfplumber@dask/2' -> 'pdf' (format, :engine, @executor, /jobs)."""
    return label.split("/")[0].split("@")[0].split(":")[0]


def report(res: dict, kinds: list[str], jobs: list[int]) -> None:
    mb = 1 << 20
    print(f"\njxcheck batch benchmark: {res['n']} reports per format, median of {res['repeat']} runs, "
          f"{res['cpus']} CPUs\n")
    print(f"{'format':18} {'jobs':>4} {'files':>6} {'pages':>6} {'wall s':>8} {'reports/s':>10} {'pages/s':>8} "
          f"{'tree MB':>8} {'proc MB':>8}  notes")
    labels = sorted({k.rsplit("/", 1)[0] for k in res["jx"]},
                    key=lambda x: (kinds.index(_format(x)), x))
    for kind in labels:
        for j in jobs:
            r = res["jx"][f"{kind}/{j}"]
            pages = r["pages"]
            note = f"{r['errors']} unreadable ({', '.join(r['error_codes'])})" if r["errors"] else ""
            print(f"{kind:18} {j:>4} {r['files']:>6} {pages:>6} {r['wall']:>8.2f} {r['files'] / r['wall']:>10.1f} "
                  f"{pages / r['wall'] if pages else float('nan'):>8.1f} {r['tree_rss'] / mb:>8.0f} "
                  f"{r['proc_rss'] / mb:>8.0f}  {note}")
    bare = res["bare"]
    if bare:
        print(f"\n{'bare extraction (1 process, no imports)':42} {'wall s':>8} {'units':>6} {'ms/unit':>8}")
        for name, b in bare.items():
            unit = "reports" if name == "python-docx" else "pages"
            print(f"{name:42} {b['wall']:>8.2f} {b['units']:>6} {1000 * b['wall'] / b['units']:>8.2f}  ({unit})")
        pdf_labels = [x for x in labels if _format(x) == "pdf"]
        for kind, bases in [*((x, ["pdfplumber", "pypdfium2"]) for x in pdf_labels), ("docx", ["python-docx"])]:
            for j in jobs:
                r = res["jx"].get(f"{kind}/{j}")
                if not r:
                    continue
                if r["errors"]:
                    print(f"jxcheck {kind} -j {j}: ratio meaningless, {r['errors']} of {r['files']} files unreadable")
                    continue
                ratios = ", ".join(f"{r['wall'] / bare[b]['wall']:.2f}× bare {b}" for b in bases if b in bare)
                if ratios:
                    print(f"jxcheck {kind} -j {j}: {ratios}")
    for kind in kinds:
        digests = {k: r["digest"] for k, r in res["jx"].items() if _format(k) == kind}
        if len(digests) > 1:
            same = len(set(digests.values())) == 1
            print(f"{kind} findings identical across runs ({', '.join(sorted(digests))}): {'yes' if same else 'NO'}")
    print("\ncold start: " + ", ".join(f"jxcheck {k} {v:.3f} s" for k, v in res["cold"].items()))
    print("targets: PDF ≤ 0.5× bare pdfplumber; DOCX ≥ 80, TXT ≥ 300 reports/s at -j 2 over 1,000; "
          "--help ≤ 0.3 s; peak ≤ 500 MB for 1,000, flat in N")


if __name__ == "__main__":
    main()
