"""Coverage-guided fuzzing of the readers (atheris).

Every input must end in a Document or a ``ReadError`` with a one-line reason;
anything else (another exception, a hang, a crash) is a bug. The first byte
picks the reader (txt/docx/pdf/xlsx); the rest is the file. Seeds: the
hostile corpus (tests/hostile_corpus.py) and, if present, /work/shared/seeds.

    pip install atheris            # a bench tool, not a dependency of jxcheck
    python bench/fuzz_readers.py -max_total_time=300 -rss_limit_mb=2048 -timeout=20 [corpus_dir]

A found crash is written to ./crash-<sha1>; reproduce it with
``python bench/fuzz_readers.py crash-<sha1>`` and add it as a regression test
(tests/test_fuzz_regressions.py).
"""
from __future__ import annotations

import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))

import atheris  # noqa: E402

with atheris.instrument_imports():
    from extractor.errors import ReadError
    from extractor.readers import read

EXTS = (".txt", ".docx", ".pdf", ".xlsx")
_DIR = tempfile.mkdtemp(prefix="jxfuzz-")


def one_input(data: bytes) -> None:
    if not data:
        return
    ext = EXTS[data[0] % len(EXTS)]
    path = os.path.join(_DIR, "input" + ext)
    with open(path, "wb") as f:
        f.write(data[1:])
    try:
        read(path)
    except ReadError as e:
        if not e.reason or "\n" in e.reason:
            raise AssertionError(f"bad reason {e.reason!r}") from e


def seed_corpus(folder: str) -> None:
    """Write the hostile corpus and the seed reports as fuzz seeds (ext byte first)."""
    import hostile_corpus

    os.makedirs(folder, exist_ok=True)
    src = tempfile.mkdtemp(prefix="jxseed-")
    hostile_corpus.build(os.path.join(src, "c"))
    dirs = [os.path.join(src, "c"), "/work/shared/seeds"]
    for d in dirs:
        if not os.path.isdir(d):
            continue
        for name in os.listdir(d):
            p = os.path.join(d, name)
            ext = os.path.splitext(name)[1].lower()
            if ext not in EXTS or not os.path.isfile(p) or os.path.getsize(p) > 2_000_000:
                continue
            with open(p, "rb") as f, open(os.path.join(folder, f"seed-{len(os.listdir(folder))}"), "wb") as g:
                g.write(bytes([EXTS.index(ext)]) + f.read())


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    if args and os.path.isdir(args[0]) and not os.listdir(args[0]):
        seed_corpus(args[0])
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
