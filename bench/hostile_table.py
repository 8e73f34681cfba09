"""Issue 14's table: outcome, time and peak memory of every case that has a generator in
the tests, run through a given ``jxcheck`` executable, before and after.

    python bench/hostile_table.py --jxcheck after=.venv/bin/jxcheck
    python bench/hostile_table.py --jxcheck before=/tmp/old/jxcheck --jxcheck after=.venv/bin/jxcheck
    python bench/hostile_table.py --jxcheck after=.venv/bin/jxcheck --only docx-211mb,xlsx-shared

Each case is what the issue describes, made by the tests' own generators
(tests/hostile_corpus.py, tests/test_hostile_read.py, bench/growth.py), and run as a
user would: ``jxcheck check --no-config -f json FILE`` with the default settings (the
pairing case with the issue's ``--timeout 10 --max-memory 1024``, the names case through
``extract``), one fresh process each, under an address-space cap (``--cap-mb``, default
5120) and a wall-clock limit (``--timeout``, default 150 s), so that a case that would take
the machine down shows as killed instead. Peak memory is the largest resident set of the
process or any child it waited for (a guarded check's per-file child), from ``wait4``.

An executable for another commit: ``git archive REV | tar -x -C DIR`` and a wrapper that
runs ``PYTHONPATH=DIR python -c 'from jxcheck.cli import main; main()' "$@"``.
Prints a Markdown table (``--out FILE`` writes it too).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))


def _w(folder: Path, name: str, data: bytes) -> Path:
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)
    return p


def _xlsx_sheet(rows: str, tail: str = "") -> bytes:
    from hostile_corpus import replace_member, xlsx_bytes

    return replace_member(xlsx_bytes(), "xl/worksheets/sheet1.xml", (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet '
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData>{tail}</worksheet>").encode())


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


MERGE_ALL = ('<row r="1">' + _inline("A1", "项目预算500万元") + "</row>",
             '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')
WRONG = "乐山市经济合作和外事局2021年度项目预算500.00万元，实际支出388.76万元，执行率70.00%。\n提供线索419条。\n" * 3


def _growth_txt(n: int) -> bytes:
    from growth import lines_of

    return ("\n".join(lines_of(n, 0.0)) + "\n").encode()


def _three_million_paragraph() -> bytes:
    import random

    from hostile_corpus import base_docx, document_xml, para, replace_member

    text = "".join(random.Random(1).choices("预算500.00万元，支出388.76万元，执行率77.75%。", k=3_000_000))
    return replace_member(base_docx(), "word/document.xml", document_xml(para("一、项目概况") + para(text)))


def _bin_part() -> bytes:
    from hostile_corpus import xlsx_bytes
    from test_hostile_read import _rename
    from test_hostile_read import _sheet as sheet

    return _rename(xlsx_bytes(), "xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.bin",
                   sheet(f'<row r="1">{_inline("A1", "&f;")}</row>').encode())


def _nul_txt() -> bytes:
    data = WRONG.encode()
    at = data.index(b"\n") + 1
    return data[:at] + b"\x00" + data[at:] + b"\n"


# name -> (what the issue says, build(folder) -> the command's arguments after the executable)
Case = tuple[str, Callable[[Path], list[str]]]


def _check(name: str, make: Callable[[], bytes], *extra: str) -> Callable[[Path], list[str]]:
    def build(folder: Path) -> list[str]:
        return ["check", "--no-config", "-f", "json", *extra, str(_w(folder, name, make()))]
    return build


def _pairing(folder: Path) -> list[str]:
    d = folder / "upload"
    _w(d, "报告.txt", WRONG.encode())
    _w(d, "绩效自评表.xlsx", _xlsx_sheet(*MERGE_ALL))
    return ["check", "--no-config", "-f", "json", "--timeout", "10", "--max-memory", "1024", str(d)]


def _markup_name(folder: Path) -> list[str]:
    p = _w(folder / "上传[", "]报告.txt", WRONG.encode())  # the path holds "[/]"
    return ["extract", str(p)]  # rich's markup is the text output's


def _dev_full(folder: Path) -> list[str]:
    return ["check", "--no-config", "-f", "json", "-o", "/dev/full", str(_w(folder, "r.txt", WRONG.encode()))]


def cases() -> dict[str, Case]:
    import hostile_corpus as hc
    import test_hostile_read as hr

    return {
        "xlsx-merge-all": ("XLSX: one merged range A1:XFD1048576", _check("m.xlsx", lambda: _xlsx_sheet(*MERGE_ALL))),
        "xlsx-corners": ("XLSX: two cells, A1 and XFD1048576", _check("c.xlsx", lambda: _xlsx_sheet(
            '<row r="1">' + _inline("A1", "项目预算500万元") + '</row><row r="1048576">'
            + _inline("XFD1048576", "x") + "</row>"))),
        "xlsx-shared": ("XLSX: one 1 MB shared string referenced by 5,000 cells",
                        _check("s.xlsx", hc.shared_string_xlsx)),
        "docx-gridspan": ('DOCX: w:gridSpan="2000000000"', _check("g.docx", hc.grid_span_docx)),
        "docx-211mb": ("DOCX: 211 MB of <w:p/> at 127:1", _check("p.docx", hc.empty_paragraphs_docx)),
        "docx-1000-parts": ("DOCX: 1,000 parts of just under 1 MB each", _check("k.docx", hc.many_parts_docx)),
        "docx-3m-paragraph": ("DOCX: one paragraph of 3 million characters (found in round three)",
                              _check("l.docx", _three_million_paragraph)),
        "pdf-forms": ("PDF: a form drawn 4 times in a form … 12 levels (PDFium)", _check("f.pdf", hr.nested_forms_pdf)),
        "pdf-forms-plumber": ("same, --pdf-engine pdfplumber",
                              _check("f.pdf", hr.nested_forms_pdf, "--pdf-engine", "pdfplumber")),
        "pdf-busy-pages": ("PDF: 500 pages each painting one 95,000-character stream",
                           _check("b.pdf", hr.busy_pages_pdf)),
        "pdf-flate": ("PDF: a Flate bomb in a content stream", _check("z.pdf", hr.flate_bomb_pdf)),
        "tiff-frames": ("Images: a 40-frame 9000×9000 TIFF", _check("t.tif", hr.tiff_bytes)),
        "png-huge": ("Images: a 30000×30000 PNG", _check("h.png", lambda: hr.png_header(30000, 30000))),
        "txt-50mb-line": ("TXT: a 50 MB line of figures", _check("l.txt", hc.long_line_txt)),
        "txt-20k-lines": ("TXT: 20,000 lines", _check("g20k.txt", lambda: _growth_txt(20_000))),
        "txt-100k-paragraphs": ("TXT: 100,000 paragraphs", _check("g100k.txt", lambda: _growth_txt(100_000))),
        "pairing": ("a 1.6 KB workbook in a folder, --timeout 10 --max-memory 1024", _pairing),
        "nul-utf8": ("a UTF-8 report with one NUL byte (3 findings without it)", _check("n.txt", _nul_txt)),
        "extract-markup": ("extract: a path containing [/]", _markup_name),
        "xlsx-bin-part": ("DOCTYPE guard: a sheet part named .bin with entities", _check("x.xlsx", _bin_part)),
        "dev-full": ("-o /dev/full", _dev_full),
    }


def _outcome(rc: int | None, out: str, err: str) -> str:
    if rc is None:
        return "killed (time limit)"
    try:
        files = json.loads(out)["files"]
    except (ValueError, KeyError, TypeError):
        line = next((ln for ln in reversed(err.strip().splitlines()) if ln.strip()), "")
        if rc < 0:
            return f"killed by {signal.Signals(-rc).name}"
        return f"exit {rc}: {line[:70]}" if line else f"exit {rc}"
    parts = []
    for f in files:
        if f.get("status") in ("ok", "rule-failed"):
            n = len(f.get("findings") or ()) if "findings" in f else None
            parts.append("ok" + (f", {n} findings" if n is not None else ""))
        else:
            parts.append(f"`{f.get('error_code') or f.get('status')}`")
    return ("; ".join(parts) if len(parts) > 1 else parts[0] if parts else "no file") + f" (exit {rc})"


def run(exe: list[str], args: list[str], cap_mb: int, timeout: float, cwd: Path) -> tuple[str, float, int]:
    def limit() -> None:
        os.setsid()
        resource.setrlimit(resource.RLIMIT_AS, (cap_mb << 20, cap_mb << 20))

    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([*exe, *args], stdout=out, stderr=err, preexec_fn=limit, cwd=cwd,
                                env={**os.environ, "COLUMNS": "200"})
        deadline = t0 + timeout
        status = None
        while time.perf_counter() < deadline:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.05)
        else:
            os.killpg(proc.pid, signal.SIGKILL)
            _, status, usage = os.wait4(proc.pid, 0)
            status = None
        wall = time.perf_counter() - t0
        proc.returncode = 0  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        rc = None if status is None else os.waitstatus_to_exitcode(status)
        what = _outcome(rc, out.read().decode(errors="replace"), err.read().decode(errors="replace"))
    try:  # a guarded child left behind by a killed run
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    return what, wall, usage.ru_maxrss // 1024


def _size(folder: Path) -> str:
    n = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return f"{n:,} B" if n < 10 << 10 else f"{n / 1024:,.0f} KB" if n < 10 << 20 else f"{n / (1 << 20):,.1f} MB"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--jxcheck", action="append", required=True, metavar="LABEL=COMMAND",
                    help="a column: its label and the jxcheck command (may hold arguments)")
    ap.add_argument("--only", default="", help="comma-separated case names")
    ap.add_argument("--cap-mb", type=int, default=5120)
    ap.add_argument("--timeout", type=float, default=150)
    ap.add_argument("--out", help="also write the table to this file")
    a = ap.parse_args()
    cols = [(lbl, shlex.split(cmd)) for lbl, _, cmd in (x.partition("=") for x in a.jxcheck)]
    cols = [(lbl, [os.path.abspath(exe[0]) if os.sep in exe[0] else exe[0], *exe[1:]]) for lbl, exe in cols]
    only = {x for x in a.only.split(",") if x}
    rows = [f"| case | size | {' | '.join(lbl for lbl, _ in cols)} |", "|---|---|" + "---|" * len(cols)]
    print("\n".join(rows), flush=True)
    for name, (what, build) in cases().items():
        if only and name not in only:
            continue
        with tempfile.TemporaryDirectory(prefix="jx-hostile-") as d:
            folder = Path(d)
            args = build(folder)
            size = _size(folder)
            cells = []
            for _, exe in cols:
                outcome, wall, peak = run(exe, args, a.cap_mb, a.timeout, folder)
                cells.append(f"{outcome}, {wall:.1f} s, {peak:,} MB")
        row = f"| {what} | {size} | {' | '.join(cells)} |"
        rows.append(row)
        print(row, flush=True)
    if a.out:
        Path(a.out).write_text("\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
