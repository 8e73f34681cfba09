"""The screening workflow of the README, from a real run: a folder of 200 reports
→ the workbook (sorted by risk) and the HTML report, and the two pictures in
docs/img/ taken from them.

    python docs/screening_demo.py /tmp/筛查演示          # 200 reports, workbook, HTML, pictures
    python docs/screening_demo.py /tmp/筛查演示 --no-pictures

The 200 reports are made from samples/: every sample report once under its own
name, then variants of the TXT samples (some figures changed, some lines left
out, so that findings come and go and no two texts are the same), each named
after its title, as a clerk saves it. Deterministic for a given --seed.

Pictures: the workbook's sheet 文件 is drawn as an HTML grid (its first rows, as
openpyxl reads them back from the .xlsx: values, bold header, column letters and
row numbers) and photographed with headless Chromium; the HTML index is the real
report's top, photographed the same way. (LibreOffice is not installed here; the
grid is a faithful copy of the cells, not Excel's rendering.)
"""
from __future__ import annotations

import argparse
import html
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
REPORT_EXT = (".txt", ".docx", ".pdf", ".xlsx")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _vary(text: str, rng: random.Random) -> str:
    """A variant of a report: about one figure in eight changed, a few lines dropped."""
    def sub(m: re.Match[str]) -> str:
        s = m.group(0)
        if rng.random() >= 0.12 or len(s) == 4 and s.startswith("20"):  # keep years
            return s
        if "." in s:
            places = len(s.split(".")[1])
            return f"{float(s) * rng.uniform(0.9, 1.1):.{places}f}"
        return str(max(1, int(s) + rng.randint(-3, 9)))

    lines = text.splitlines(keepends=True)
    kept = [ln for i, ln in enumerate(lines) if i < 3 or rng.random() > 0.06]
    return _NUMBER.sub(sub, "".join(kept))


def _title(text: str) -> str:
    """The report's title (its first lines' one that says 绩效) as a file name, as a clerk saves it."""
    lines = [ln.strip() for ln in text.splitlines()[:8] if ln.strip()]
    first = next((ln for ln in lines if "绩效" in ln), lines[0] if lines else "报告")
    return re.sub(r"[\\/:*?\"<>|\s]+", "", first)[:40] or "报告"


def _text(p: Path) -> str:
    raw = p.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")  # a sample kept in GB18030, as many county files are


def make_reports(out: Path, n: int = 200, seed: int = 0, kinds: tuple[str, ...] = REPORT_EXT) -> list[Path]:
    """``n`` reports in ``out``: the samples of ``kinds`` once, then TXT variants."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    originals = sorted(p for p in SAMPLES.iterdir() if p.suffix in kinds)
    for p in originals[:n]:
        dst = out / f"{len(made) + 1:03d}-{p.name}"
        shutil.copyfile(p, dst)
        made.append(dst)
    texts = [(p.stem, _text(p)) for p in sorted(SAMPLES.glob("*.txt"))]
    while len(made) < n:
        stem, text = rng.choice(texts)
        dst = out / f"{len(made) + 1:03d}-{_title(text)}.txt"
        dst.write_text(_vary(text, rng), encoding="utf-8")
        made.append(dst)
    return made


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def screenshot(page: Path, png: Path, size: tuple[int, int], profile: Path) -> None:
    browser = _chromium()
    if browser is None:
        raise SystemExit("no Chromium (apt-get install chromium)")
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--no-first-run", "--disable-background-networking", f"--user-data-dir={profile}",
                    f"--window-size={size[0]},{size[1]}", f"--screenshot={png}", page.as_uri()],
                   check=True, capture_output=True, timeout=180)


def sheet_html(xlsx: Path, rows: int = 22, cols: int = 14) -> str:
    """The first rows and columns of sheet 文件 as a spreadsheet-like HTML grid."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    ws = openpyxl.load_workbook(xlsx)["文件"]
    out = ["<!DOCTYPE html><meta charset=utf-8><style>body{margin:0;font:13px 'WenQuanYi Micro Hei',"
           "'Noto Sans CJK SC',sans-serif}table{border-collapse:collapse}td,th{border:1px solid #d0d0d0;"
           "padding:2px 6px;white-space:nowrap;max-width:260px;overflow:hidden}th{background:#efefef;"
           "color:#555;font-weight:normal}td.h{font-weight:bold;background:#f7f7f7}td.n{text-align:right}"
           ".tab{display:inline-block;padding:3px 14px;border:1px solid #bbb;border-top:0;background:#fff}"
           ".tab.off{background:#e8e8e8;color:#666}</style><table><tr><th></th>"]
    out += [f"<th>{get_column_letter(c)}</th>" for c in range(1, cols + 1)]
    out.append("</tr>")
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=rows, max_col=cols, values_only=True), 1):
        out.append(f"<tr><th>{r}</th>")
        for v in row:
            cls = "h" if r == 1 else ("n" if isinstance(v, (int, float)) else "")
            text = "" if v is None else str(v)
            out.append(f"<td class='{cls}'>{html.escape(text)}</td>")
        out.append("</tr>")
    out.append("</table><div><span class=tab>文件</span><span class='tab off'>发现</span>"
               "<span class='tab off'>未能核对</span><span class='tab off'>统计</span></div>")
    return "".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("work", type=Path, help="a folder to make (the reports go in WORK/2023年自评报告)")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-pictures", action="store_true")
    args = ap.parse_args()
    reports = args.work / "2023年自评报告"
    if reports.exists():
        shutil.rmtree(reports)
    make_reports(reports, args.n, args.seed)
    jx = [sys.executable, "-m", "jxcheck.cli", "check"]
    cwd = args.work
    for extra in (["-f", "xlsx", "-o", "筛查.xlsx", "--statistics"], ["-f", "html", "-o", "筛查.html"]):
        cmd = [*jx, "2023年自评报告/", *extra]
        print("$ jxcheck check 2023年自评报告/ " + " ".join(extra), flush=True)
        rc = subprocess.run(cmd, cwd=cwd).returncode
        print(f"  exit {rc}")
    if args.no_pictures:
        return
    img = ROOT / "docs" / "img"
    img.mkdir(parents=True, exist_ok=True)
    grid = args.work / "sheet.html"
    grid.write_text(sheet_html(args.work / "筛查.xlsx"), encoding="utf-8")
    screenshot(grid, img / "screening-workbook.png", (1500, 560), args.work / "profile")
    screenshot(args.work / "筛查.html", img / "html-index.png", (1280, 900), args.work / "profile")
    print(f"pictures: {img / 'screening-workbook.png'}, {img / 'html-index.png'}")


if __name__ == "__main__":
    main()
