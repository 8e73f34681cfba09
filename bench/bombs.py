"""Time and peak memory of reading each bomb case of issue 14, one child process each.

    python bench/bombs.py [--src DIR] [--check] [--cap-mb 4096] [--timeout 60] [case ...]

``--src`` runs another checkout's readers (``git archive <rev> | tar -x -C DIR``)
to measure before/after. Each case is read by ``extractor.readers.read`` in a
fresh interpreter under an address-space cap and a timeout, so a case that
would take the machine down is reported as over the cap instead. The peak is
the child's maximum RSS, less the same for an empty read of a small text file
(the interpreter and the imports).
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))


def cases(folder: str) -> dict[str, str]:
    from hostile_corpus import REPORT, grid_span_docx, long_line_txt, replace_member, xlsx_bytes

    def sheet(rows: str, tail: str = "") -> bytes:
        return replace_member(xlsx_bytes(), "xl/worksheets/sheet1.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><worksheet '
            'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{rows}</sheetData>{tail}</worksheet>").encode())

    def inline(ref: str, text: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'

    out: dict[str, bytes] = {
        "baseline.txt": REPORT.encode(),
        "nul.txt": REPORT.encode() + b"\x00" + REPORT.encode() * 3,
        "xlsx-merge-all.xlsx": sheet(f'<row r="1">{inline("A1", "预算500万元")}</row>',
                                     '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'),
        "xlsx-corners.xlsx": sheet(f'<row r="1">{inline("A1", "预算500万元")}</row>'
                                   f'<row r="1048576">{inline("XFD1048576", "x")}</row>'),
    }
    out["docx-gridspan.docx"] = grid_span_docx()
    out["txt-50mb-line.txt"] = long_line_txt()
    paths = {}
    for name, data in out.items():
        p = os.path.join(folder, name)
        with open(p, "wb") as f:
            f.write(data)
        paths[name] = p
    return paths


CHILD = """
import sys, time
sys.path.insert(0, {src!r})
from extractor.readers import read
from jxcheck.pipeline import check_file
t = time.perf_counter()
try:
    if {check!r}:
        r = check_file({path!r})
        what = f"{{r.status}} {{r.error_code or ''}} {{len(r.findings)}} findings {{(r.error or '')[:50]}}"
    else:
        d = read({path!r})
        what = f"ok, {{len(d.text)}} chars, {{len(d.diagnostics)}} diagnostics"
except Exception as e:
    what = f"{{type(e).__name__}}: {{getattr(e, 'code', '')}} {{str(e)[:60]}}"
print(f"{{time.perf_counter() - t:.2f}}\\t{{what}}")
"""


def run(src: str, path: str, cap_mb: int, timeout: float, check: bool) -> tuple[str, float, int]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap_mb << 20, cap_mb << 20))

    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", CHILD.format(src=src, path=path, check=check)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=limit)
    try:
        out, err = proc.communicate(timeout=timeout)
        what = out.strip().split("\t", 1)[-1] if out.strip() else (err.strip().splitlines() or ["?"])[-1][:80]
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        what = f"killed after {timeout:g} s"
    wall = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KB, the largest child so far
    return what, wall, rss // 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", default=os.path.join(HERE, ".."))
    ap.add_argument("--cap-mb", type=int, default=4096)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--check", action="store_true", help="check_file (readers + extraction + rules), not only read")
    ap.add_argument("only", nargs="*")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        for name, path in cases(d).items():
            if a.only and name not in a.only:
                continue
            # each case in its own measurement: ru_maxrss of RUSAGE_CHILDREN is a running maximum,
            # so run this script once per case for exact peaks (as the README's table was made)
            what, wall, rss = run(os.path.abspath(a.src), path, a.cap_mb, a.timeout, a.check)
            print(f"{name:24} {os.path.getsize(path):>10,} B  {wall:6.2f} s  peak {rss:6,} MB  {what}")


if __name__ == "__main__":
    main()
