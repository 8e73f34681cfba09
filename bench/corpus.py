"""Generate a varied corpus of N reports per format from the seeds (and samples/, if any).

PDFs: pages of the seed PDFs concatenated / truncated with pypdfium2 to lengths of 1-30
pages. DOCX: a seed document with paragraphs dropped, repeated and figures changed, via
python-docx. TXT: line subsets, changed figures, UTF-8 / UTF-8-BOM / GB18030.
Deterministic for a given --seed.
"""
from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = [ROOT / "samples", ROOT.parent / "shared" / "seeds"]
PDF_LENGTHS = [1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 30]
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def sources(dirs: list[Path], ext: str) -> list[Path]:
    out: list[Path] = []
    for d in dirs:
        if d.is_dir():
            out.extend(sorted(p for p in d.rglob(f"*{ext}") if not p.name.startswith((".", "~$"))))
    return out


def _jiggle(text: str, rng: random.Random) -> str:
    """Change some figures so that no two reports are the same text."""
    def sub(m: re.Match[str]) -> str:
        if rng.random() < 0.3:
            s = m.group(0)
            return str(int(s) + rng.randint(1, 9)) if "." not in s else f"{float(s) * rng.uniform(0.9, 1.1):.2f}"
        return m.group(0)
    return _DIGITS.sub(sub, text)


def make_pdfs(srcs: list[Path], out: Path, n: int, rng: random.Random) -> int:
    import pypdfium2 as pdfium

    docs = [pdfium.PdfDocument(str(p)) for p in srcs]
    pages = 0
    for i in range(n):
        length = rng.choice(PDF_LENGTHS)
        new = pdfium.PdfDocument.new()
        while len(new) < length:
            src = rng.choice(docs)
            k = rng.randint(1, len(src))
            start = rng.randint(0, len(src) - k)
            new.import_pages(src, list(range(start, start + min(k, length - len(new)))))
        new.save(str(out / f"r{i:05d}.pdf"))
        pages += len(new)
        new.close()
    for d in docs:
        d.close()
    return pages


def make_docx(srcs: list[Path], out: Path, n: int, rng: random.Random) -> None:
    import docx

    pools = [[p.text for p in docx.Document(str(s)).paragraphs if p.text.strip()] for s in srcs]
    for i in range(n):
        d = docx.Document(str(rng.choice(srcs)))  # keep its styles and tables
        body = list(d.paragraphs)
        for p in body:
            r = rng.random()
            if r < 0.1 and len(body) > 5:
                p._element.getparent().remove(p._element)
            elif r < 0.5 and p.runs:
                p.runs[0].text = _jiggle(p.runs[0].text, rng)
        for _ in range(rng.randint(0, 30)):
            d.add_paragraph(_jiggle(rng.choice(rng.choice(pools)), rng))
        d.save(str(out / f"r{i:05d}.docx"))


def make_txt(srcs: list[Path], out: Path, n: int, rng: random.Random) -> None:
    import sys

    sys.path.insert(0, str(ROOT))
    from extractor.readers.txt import decode  # sources are UTF-8 or GB18030 (02-nanxian…)

    texts = [decode(s.read_bytes())[0].splitlines() for s in srcs]
    for i in range(n):
        lines = list(rng.choice(texts))
        keep = [ln for ln in lines if rng.random() > 0.15]
        keep += [rng.choice(rng.choice(texts)) for _ in range(rng.randint(0, 40))]
        text = _jiggle("\n".join(keep), rng) + "\n"
        enc = rng.choices(["utf-8", "utf-8-sig", "gb18030"], weights=[6, 2, 2])[0]
        (out / f"r{i:05d}.txt").write_bytes(text.encode(enc, errors="replace"))


def generate(out: Path, n: int, kinds: list[str], seed: int = 0, source_dirs: list[Path] | None = None) -> dict:
    """Write ``out/<kind>/r00000.<kind>`` …; returns {'pdf_pages': total PDF pages}."""
    dirs = source_dirs or DEFAULT_SOURCES
    info = {}
    for kind in kinds:
        srcs = sources(dirs, f".{kind}")
        if not srcs:
            raise SystemExit(f"no .{kind} sources in {', '.join(map(str, dirs))}")
        d = out / kind
        d.mkdir(parents=True, exist_ok=True)
        rng = random.Random(f"{seed}-{kind}")
        if kind == "pdf":
            info["pdf_pages"] = make_pdfs(srcs, d, n, rng)
        elif kind == "docx":
            make_docx(srcs, d, n, rng)
        elif kind == "txt":
            make_txt(srcs, d, n, rng)
    return info


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--kinds", default="pdf,docx,txt")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    print(generate(a.out, a.n, a.kinds.split(","), a.seed))
