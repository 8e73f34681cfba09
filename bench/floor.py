"""jxcheck against the floor it stands on (issue 15), every row in one command:

    python bench/floor.py                 # 5 interleaved rounds
    python bench/floor.py --rounds 3 --batch 300 --skip doubling
    python bench/floor.py --skip docx,doubling,pss --before /work/main   # before/after, interleaved

Every measurement is a fresh process (``python -m jxcheck.cli check -f json -j 1``
from this checkout, or a bare-library script), wall time and CPU time (user + system
of the process and its children, from ``wait4``), with bytecode cached as an installed
jxcheck has it: ``PYTHONDONTWRITEBYTECODE`` is dropped and ``PYTHONPYCACHEPREFIX`` points
to a folder of the run, filled by untimed warm-up runs (with it set and no
``__pycache__``, every run compiles jxcheck's ~110 modules from source: ≈ 0.1 s of a
cold check that no installed copy pays). Rounds are interleaved (round 1 of
every command, then round 2 …) so load on the machine falls on all sides alike;
medians are printed, with the ratio jxcheck ÷ floor.

Rows:
- one 4-page PDF, cold: ``jxcheck check`` vs bare pypdfium2 text (``get_text_range``
  per page) vs ``pdftotext`` (poppler-utils; skipped when it is not installed);
- 30 PDFs of 2–10 pages, ``-j 1``: the real PDFs of samples/, seeds and corpus with
  2–10 pages, topped up to 30 with PDFs generated from their pages (bench/corpus.py);
- generated pages (``--pages``, default 926) per page, ``-j 1`` vs bare pypdfium2;
- 31 DOCX, ``-j 1``: the real DOCX, topped up with generated ones, vs bare python-docx
  (paragraph text and every table cell's text);
- doubling: one PDF of 75, 150, 300 pages and one DOCX of 1,250 … 10,000 paragraphs,
  the time ratio of each doubling (goal ≤ 2.3);
- PSS (``/proc/PID/smaps_rollup``) of every process of a ``--batch`` (default 1,000)
  TXT/DOCX/PDF batch at the default ``-j``, sampled every 50 ms: the largest per process.
"""
from __future__ import annotations

import argparse
import os
import platform
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

from corpus import make_docx, make_pdfs, make_txt, sources  # noqa: E402
from run import _BARE, jx_env  # noqa: E402

REAL_DIRS = [ROOT / "samples", ROOT.parent / "shared" / "seeds", ROOT.parent / "shared" / "corpus" / "docs"]


JX_PYTHON = sys.executable  # --python: another interpreter (e.g. another checkout's venv)
JX_CWD = ROOT  # --checkout: ``python -m`` puts the working directory first on sys.path, so jxcheck runs there
BEFORE: tuple[str, dict[str, str], Path] | None = None  # --before: (interpreter, environment, checkout)


def jx(*args: str) -> list[str]:
    return [JX_PYTHON, "-m", "jxcheck.cli", "check", "-f", "json", *args]


def with_before(cmds: dict, *args: str) -> dict:
    """``cmds`` plus, with ``--before``, the same jxcheck command run by the other
    checkout (key ``before``), measured in the same interleaved rounds."""
    if BEFORE is not None:
        py, env, cwd = BEFORE
        cmds["before"] = ([py, "-m", "jxcheck.cli", "check", "-f", "json", *args], env, cwd)
    return cmds


def bare(kind: str, files: list[str]) -> list[str]:
    return [sys.executable, "-c", _BARE[kind], *files]


def run_once(cmd: list[str], env: dict[str, str], cwd: Path | None = None) -> tuple[float, float]:
    """(wall s, CPU s) of one fresh process (and its children); jxcheck runs in its checkout."""
    if cwd is None:
        cwd = JX_CWD if cmd[1:3] == ["-m", "jxcheck.cli"] else ROOT
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t
    if p.returncode not in (0, 1):
        raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd[:6])} …")
    return wall, ru.ru_utime + ru.ru_stime


def measure(cmds: dict, rounds: int, env: dict[str, str]) -> dict[str, tuple[float, float]]:
    """Interleaved rounds; median (wall, cpu) per command (a list, or (list, environment, cwd))."""
    got: dict[str, list[tuple[float, float]]] = {k: [] for k in cmds}
    for _ in range(rounds):
        for k, cmd in cmds.items():
            got[k].append(run_once(*cmd) if isinstance(cmd, tuple) else run_once(cmd, env))
    return {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in got.items()}


def n_pages(p: Path) -> int:
    import pypdfium2 as pdfium

    d = pdfium.PdfDocument(str(p))
    try:
        return len(d)
    finally:
        d.close()


def pdf_of(srcs: list[Path], out: Path, pages: int) -> Path:
    """One PDF of exactly ``pages`` pages, the source pages cycled."""
    import pypdfium2 as pdfium

    docs = [pdfium.PdfDocument(str(p)) for p in srcs]
    new = pdfium.PdfDocument.new()
    i = 0
    while len(new) < pages:
        d = docs[i % len(docs)]
        new.import_pages(d, list(range(min(len(d), pages - len(new)))))
        i += 1
    new.save(str(out))
    new.close()
    for d in docs:
        d.close()
    return out


def docx_of(srcs: list[Path], out: Path, paragraphs: int) -> Path:
    import docx

    pool = [p.text for s in srcs for p in docx.Document(str(s)).paragraphs if p.text.strip()]
    d = docx.Document()
    for i in range(paragraphs):
        d.add_paragraph(pool[i % len(pool)])
    d.save(str(out))
    return out


def pss_batch(folder: Path, env: dict[str, str]) -> dict:
    """Largest PSS of each process of one batch run, sampled from smaps_rollup."""
    p = subprocess.Popen(jx(str(folder)), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=JX_CWD)
    peak: dict[int, int] = {}
    t = time.perf_counter()
    while p.poll() is None:
        for pid in _tree(p.pid):
            try:
                with open(f"/proc/{pid}/smaps_rollup") as f:
                    for ln in f:
                        if ln.startswith("Pss:"):
                            peak[pid] = max(peak.get(pid, 0), int(ln.split()[1]) * 1024)
                            break
            except OSError:
                pass
        time.sleep(0.05)
    wall = time.perf_counter() - t
    vals = sorted(peak.values())
    return {"processes": len(vals), "max": vals[-1] if vals else 0, "median": statistics.median(vals) if vals else 0,
            "sum_of_peaks": sum(vals), "wall": wall}


def _tree(root: int) -> list[int]:
    parent = {}
    for e in os.scandir("/proc"):
        if e.name.isdigit():
            try:
                with open(f"/proc/{e.name}/stat", "rb") as f:
                    parent[int(e.name)] = int(f.read().rsplit(b")", 1)[1].split()[1])
            except OSError:
                pass
    out, frontier = [root], [root]
    while frontier:
        x = frontier.pop()
        kids = [c for c, pp in parent.items() if pp == x]
        out.extend(kids)
        frontier.extend(kids)
    return out


def machine() -> str:
    model = "?"
    try:
        for ln in open("/proc/cpuinfo"):
            if ln.startswith("model name"):
                model = ln.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = float("nan")
    return f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {model}, Python {platform.python_version()}, load {load:.1f}"


def _ms(x: float) -> str:
    return f"{x * 1000:8.1f} ms"


def row(label: str, a: tuple[float, float], b: tuple[float, float], per: int = 1, goal: str = "") -> None:
    print(f"{label:<44} jxcheck {_ms(a[0] / per)} (cpu {_ms(a[1] / per)})   floor {_ms(b[0] / per)} "
          f"(cpu {_ms(b[1] / per)})   ratio {a[0] / b[0]:5.2f}× wall, {a[1] / max(b[1], 1e-9):5.2f}× cpu  {goal}")


FLOOR_LABEL = {"pypdfium2": "bare pypdfium2 text", "python-docx": "bare python-docx paragraphs + cells"}


def folder_row(d: Path, kind: str, rounds: int, env: dict[str, str], goal: str, title: str, per: int = 1) -> None:
    """``jxcheck check -j 1`` on a folder against the bare library reading its files: one row."""
    files = sorted(str(p) for p in d.iterdir())
    m = measure(with_before({"jx": jx("-j", "1", str(d)), kind: bare(kind, files)}, "-j", "1", str(d)), rounds, env)
    print(f"\n{title}")
    row(f"  vs {FLOOR_LABEL[kind]}", m["jx"], m[kind], per=per, goal=goal)
    before_row(m, kind, per=per)


def before_row(m: dict, floor: str, per: int = 1) -> None:
    """With ``--before``: the other checkout against the same floor, and what changed."""
    if "before" in m:
        row("    before (--before)", m["before"], m[floor], per=per)
        print(f"{'    after ÷ before':<44} wall {m['jx'][0] / m['before'][0]:5.2f}×, cpu {m['jx'][1] / m['before'][1]:5.2f}×")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--pages", type=int, default=926)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--skip", default="", help="comma-separated rows to skip: cold,pdf30,pages,docx,doubling,pss , doubling-pdf, doubling-docx")
    ap.add_argument("--checkout", type=Path, help="measure the jxcheck of another checkout (PYTHONPATH), e.g. main")
    ap.add_argument("--python", help="the interpreter that runs jxcheck (default: this one)")
    ap.add_argument("--before", type=Path, help="also measure this checkout's jxcheck, interleaved (before/after)")
    ap.add_argument("--before-python", help="the interpreter for --before (default: its .venv/bin/python)")
    a = ap.parse_args()
    skip = set(filter(None, a.skip.split(",")))
    env = jx_env()
    tmp = Path(tempfile.mkdtemp(prefix="jx-floor-"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    global JX_PYTHON, JX_CWD, BEFORE
    if a.python:
        JX_PYTHON = a.python
    if a.checkout:
        env["PYTHONPATH"] = str(a.checkout.resolve())
        JX_CWD = a.checkout.resolve()
        print("jxcheck from", a.checkout)
    if a.before:
        py = a.before_python or str(a.before.resolve() / ".venv" / "bin" / "python")
        BEFORE = (py, {**env, "PYTHONPATH": str(a.before.resolve())}, a.before.resolve())
        print("before: jxcheck from", a.before, "run by", py)
    print("machine:", machine())
    rng = random.Random(15)
    real_pdf = sources(REAL_DIRS, ".pdf")
    real_docx = sources(REAL_DIRS, ".docx")
    try:
        # untimed: jieba's index built once; bytecode compiled for every reader and the bare scripts
        subprocess.run(jx(str(ROOT / "samples")), env=env, cwd=JX_CWD, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        if BEFORE is not None:
            subprocess.run(with_before({}, str(ROOT / "samples"))["before"][0], env=BEFORE[1], cwd=BEFORE[2],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for kind, ext in (("pypdfium2", ".pdf"), ("python-docx", ".docx")):
            some = sources(REAL_DIRS, ext)[:1]
            if some:
                subprocess.run(bare(kind, [str(some[0])]), env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        if "cold" not in skip:
            four = [p for p in real_pdf if n_pages(p) == 4]
            one = four[0] if four else pdf_of(real_pdf, tmp / "four.pdf", 4)
            cmds = with_before({"jx": jx(str(one)), "pdfium": bare("pypdfium2", [str(one)])}, str(one))
            if shutil.which("pdftotext"):
                cmds["pdftotext"] = ["pdftotext", "-q", str(one), "-"]
            m = measure(cmds, a.rounds, env)
            print(f"\none 4-page PDF, cold ({one.name})")
            row("  vs bare pypdfium2 text", m["jx"], m["pdfium"], goal="goal ≤ 3×")
            before_row(m, "pdfium")
            if "pdftotext" in m:
                row("  vs pdftotext", m["jx"], m["pdftotext"])
        if "pdf30" not in skip:
            d = tmp / "pdf30"
            d.mkdir()
            chosen = [p for p in real_pdf if 2 <= n_pages(p) <= 10][:30]
            for p in chosen:
                shutil.copy(p, d / f"real-{p.parent.name}-{p.name}")
            if len(chosen) < 30:
                gen = tmp / "pdf30gen"
                gen.mkdir()
                import corpus

                corpus.PDF_LENGTHS = [2, 3, 4, 5, 6, 8, 10]
                make_pdfs(real_pdf, gen, 30 - len(chosen), rng)
                for p in gen.iterdir():
                    shutil.move(str(p), d / f"gen-{p.name}")
            folder_row(d, "pypdfium2", a.rounds, env, "goal ≤ 2×",
                       f"30 PDFs of 2–10 pages, -j 1 ({len(chosen)} real, {30 - len(chosen)} generated from their pages)")
        if "pages" not in skip:
            d = tmp / "pages"
            d.mkdir()
            total, i = 0, 0
            while total < a.pages:
                k = min(rng.choice([5, 10, 20, 30]), a.pages - total)
                pdf_of(rng.sample(real_pdf, min(3, len(real_pdf))), d / f"p{i:04d}.pdf", k)
                total, i = total + k, i + 1
            folder_row(d, "pypdfium2", max(1, a.rounds // 2), env, "goal ≤ 2×",
                       f"{total} generated pages in {i} PDFs, -j 1, per page", per=total)
        if "docx" not in skip:
            d = tmp / "docx31"
            d.mkdir()
            for p in real_docx[:31]:
                shutil.copy(p, d / f"real-{p.parent.name}-{p.name}")
            n_gen = max(0, 31 - len(real_docx))
            if n_gen:
                gen = tmp / "docxgen"
                gen.mkdir()
                make_docx(real_docx, gen, n_gen, rng)
                for p in gen.iterdir():
                    shutil.move(str(p), d / f"gen-{p.name}")
            folder_row(d, "python-docx", a.rounds, env, "goal ≤ 1.0×",
                       f"31 DOCX, -j 1 ({min(31, len(real_docx))} real, {n_gen} generated)")
        if "doubling" not in skip:
            # CPU beside wall: one round of wall time on a loaded machine once read as
            # super-linear (DOCX 5.4 → 64.6 s) what was 0.54 → 1.85 s of CPU (issue 15)
            print("\ndoubling (jxcheck, one file, -j 1, default limits): time(2n) ÷ time(n), goal ≤ 2.3")
            for kind, sizes in (("pdf", [75, 150, 300]), ("docx", [1250, 2500, 5000, 10000])):
                if f"doubling-{kind}" in skip:
                    continue
                files = {n: (pdf_of(real_pdf, tmp / f"d{n}.pdf", n) if kind == "pdf"
                             else docx_of(real_docx, tmp / f"d{n}.docx", n)) for n in sizes}
                m = measure({n: jx("-j", "1", str(p)) for n, p in files.items()}, a.rounds, env)
                for i, what in ((0, "wall"), (1, "cpu ")):
                    line = "  ".join(f"{n}: {m[n][i]:6.2f} s" for n in sizes)
                    ratios = "  ".join(f"{m[b][i] / m[s][i]:.2f}" for s, b in zip(sizes, sizes[1:], strict=False))
                    print(f"  {kind:<5} {what} {line}   ratios {ratios}")
        if "pss" not in skip:
            d = tmp / "batch"
            d.mkdir()
            per = max(1, a.batch // 10)
            make_txt(sources(REAL_DIRS, ".txt"), d, a.batch - 2 * per, rng)
            g = tmp / "batchd"
            g.mkdir()
            make_docx(real_docx, g, per, rng)
            for p in g.iterdir():
                shutil.move(str(p), d / f"d-{p.name}")
            g = tmp / "batchp"
            g.mkdir()
            corpus_lengths = [2, 3, 4, 5, 6, 8, 10]
            import corpus

            corpus.PDF_LENGTHS = corpus_lengths
            make_pdfs(real_pdf, g, per, rng)
            for p in g.iterdir():
                shutil.move(str(p), d / f"p-{p.name}")
            r = pss_batch(d, env)
            print(f"\nPSS, one batch of {a.batch} files (80% TXT, 10% DOCX, 10% PDF), default -j: "
                  f"{r['processes']} processes, largest {r['max'] / 2**20:.0f} MB, median {r['median'] / 2**20:.0f} MB "
                  f"per process (sum of peaks {r['sum_of_peaks'] / 2**20:.0f} MB), {r['wall']:.1f} s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
