"""The readers' fuzzer (bench/fuzz_readers.py), run in CI for a bounded time.

A fixed seed and a 20-second budget: every mutated input (bytes flipped,
inserted, deleted, repeated; zip members renamed with control characters)
must end in a Document or a ReadError whose reason is one printable line.
A failing input is written to ./crash-<sha1>. The long coverage-guided run
(atheris) stays a bench tool.
"""
from __future__ import annotations

import importlib.util
import os
import signal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUDGET = float(os.environ.get("JXCHECK_FUZZ_SECONDS", "20"))


def _fuzzer():
    spec = importlib.util.spec_from_file_location("fuzz_readers", ROOT / "bench" / "fuzz_readers.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _seeds(tmp_path: Path, fz) -> list[bytes]:
    from hostile_corpus import build

    out = []
    for c in build(str(tmp_path / "c")):
        p = tmp_path / "c" / c.name
        ext = p.suffix.lower()
        if ext in fz.EXTS and p.is_file() and not p.is_symlink() and 0 < p.stat().st_size < 300_000:
            out.append(bytes([fz.EXTS.index(ext)]) + p.read_bytes())
    for p in sorted((ROOT / "samples").iterdir()):
        if p.suffix.lower() in fz.EXTS and p.stat().st_size < 300_000:
            out.append(bytes([fz.EXTS.index(p.suffix.lower())]) + p.read_bytes())
    return out


def test_reasons_are_one_printable_line():
    fz = _fuzzer()
    fz.check_reason("文件已损坏或格式不符（无法解析 PDF）")
    for bad in ("", "第一行\n第二行", "名字\x1b[31m", "a\rb"):
        with pytest.raises(AssertionError):
            fz.check_reason(bad)


def test_a_control_character_in_a_member_name_stays_escaped(tmp_path):
    # the rule the fuzzer found broken: a zip member named with a newline reached the reason as it was
    import io
    import zipfile

    from hostile_corpus import base_docx

    from extractor.errors import ReadError
    from extractor.readers import read

    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base_docx())) as src, zipfile.ZipFile(buf, "w") as out:
        for n in src.namelist():
            out.writestr(n, src.read(n))
        out.writestr("word/x\n未发现问题\x1b[0m.xml", "<!DOCTYPE x [<!ENTITY a 'b'>]><x/>")
    p = tmp_path / "names.docx"
    p.write_bytes(buf.getvalue())
    with pytest.raises(ReadError) as e:
        read(p)
    assert e.value.reason == "文档含有不允许的 XML 声明（word/x\\n未发现问题\\x1b[0m.xml 中的 DOCTYPE/ENTITY），已拒绝读取"
    _fuzzer().check_reason(e.value.reason)


def test_bounded_fuzz_run(tmp_path, monkeypatch):
    fz = _fuzzer()
    seeds = _seeds(tmp_path, fz)
    assert len(seeds) >= 30
    monkeypatch.chdir(tmp_path)  # a crash-<sha1> file lands here, and is named in the failure

    def hang(*_):
        raise TimeoutError("one input took over 30 s")

    old = signal.signal(signal.SIGALRM, hang)
    try:
        real = fz.one_input

        def one(data: bytes) -> None:
            signal.alarm(30)
            try:
                real(data)
            finally:
                signal.alarm(0)

        fz.one_input = one
        n = fz.bounded_run(seeds, BUDGET, seed=14)
    finally:
        signal.signal(signal.SIGALRM, old)
    assert n >= 20, f"only {n} inputs in {BUDGET:g} s"
