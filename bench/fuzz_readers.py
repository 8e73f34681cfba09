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

try:
    import atheris
except ImportError:  # the bounded run in CI (tests/test_fuzz_bounded.py) mutates without it
    atheris = None

if atheris is not None:
    with atheris.instrument_imports():
        from extractor.errors import ReadError
        from extractor.readers import read
else:
    from extractor.errors import ReadError
    from extractor.readers import read

EXTS = (".txt", ".docx", ".pdf", ".xlsx")
_DIR = tempfile.mkdtemp(prefix="jxfuzz-")


def check_reason(reason: str) -> None:
    """A reason is one non-empty line: no newline, no control character at all (a zip
    member name with ESC or a newline used to reach the reason as it was)."""
    if not reason or any(not c.isprintable() for c in reason):
        raise AssertionError(f"bad reason {reason!r}")


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
        check_reason(e.reason)


# -- a bounded mutational run without atheris (CI) ---------------------------------------

_NASTY = ("\n", "\r", "\x1b[31m", "\x00", "\u2028", "\t", "\x7f")


def mutate(data: bytes, rng) -> bytes:
    """One random change: flip, insert, delete or repeat bytes; in a zip package,
    sometimes rename a member with control characters (names reach reasons)."""
    import io
    import zipfile

    if data[1:3] == b"PK" and rng.random() < 0.25:
        try:
            src = zipfile.ZipFile(io.BytesIO(data[1:]))
            buf = io.BytesIO()
            names = src.namelist()
            victim = rng.choice(names)
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
                for n in names:
                    body = src.read(n)
                    if n == victim:
                        n = n[: rng.randrange(len(n) + 1)] + rng.choice(_NASTY) + n
                        if rng.random() < 0.5:  # and make the part suspicious, so a reason quotes it
                            body = b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>"
                    out.writestr(n, body)
            return data[:1] + buf.getvalue()
        except Exception:
            pass
    b = bytearray(data)
    for _ in range(rng.randrange(1, 5)):
        op, i = rng.randrange(4), rng.randrange(1, max(len(b), 2))
        if op == 0 and i < len(b):
            b[i] ^= 1 << rng.randrange(8)
        elif op == 1:
            b[i:i] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 9)))
        elif op == 2:
            del b[i : i + rng.randrange(1, 64)]
        else:
            b[i:i] = b[i : i + rng.randrange(1, 32)] * rng.randrange(2, 8)
    return bytes(b)


def bounded_run(seeds: list[bytes], seconds: float, seed: int = 14) -> int:
    """Mutate ``seeds`` for ``seconds`` with a fixed random seed; ``one_input`` on each.
    Returns how many inputs were read; raises on the first bad outcome (with the input
    written to ./crash-<sha1> for ``python bench/fuzz_readers.py crash-<sha1>``)."""
    import hashlib
    import random
    import time

    rng = random.Random(seed)
    end, n = time.monotonic() + seconds, 0
    while time.monotonic() < end:
        data = mutate(rng.choice(seeds), rng)
        n += 1
        try:
            one_input(data)
        except BaseException:
            name = f"crash-{hashlib.sha1(data).hexdigest()}"
            with open(name, "wb") as f:
                f.write(data)
            raise
    return n


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
    if atheris is None:
        sys.exit("pip install atheris (or run the bounded run: pytest tests/test_fuzz_bounded.py)")
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    if args and os.path.isdir(args[0]) and not os.listdir(args[0]):
        seed_corpus(args[0])
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
