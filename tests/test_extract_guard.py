"""``jxcheck extract`` reads each file under the same per-file limits as ``check``
(issue 14): on by default, a bomb is one file's outcome (one Chinese line), the
others are read, and the exit code is 3.

The bombs are the generated ones the check tests use (tests/hostile_corpus.py,
test_hostile_read.py); the guard itself is tested with readers replaced by a
sleeper, a memory hog and an abort, as test_hostile.py does for ``check``.
"""
from __future__ import annotations

import json
import os
import time

import pytest
from hostile_corpus import REPORT, empty_paragraphs_docx, grid_span_docx, long_line_txt, many_parts_docx
from test_hostile_read import busy_pages_pdf, nested_forms_pdf
from typer.testing import CliRunner

import extractor.readers
from jxcheck import cli

WRONG = "乐山市经济合作和外事局2021年度项目预算500.00万元，实际支出388.76万元，执行率70.00%。\n"


def _extract(*args: str):
    return CliRunner().invoke(cli.app, ["extract", *args])


def _files(res) -> dict[str, dict]:
    return {os.path.basename(f["path"]): f for f in json.loads(res.stdout)["files"]}


@pytest.fixture(scope="module")
def bombs(tmp_path_factory):
    d = tmp_path_factory.mktemp("bombs")
    (d / "a-good.txt").write_text(WRONG, encoding="utf-8")
    (d / "docx-211mb-paragraphs.docx").write_bytes(empty_paragraphs_docx())
    (d / "docx-1000-parts.docx").write_bytes(many_parts_docx())
    (d / "docx-gridspan.docx").write_bytes(grid_span_docx())
    (d / "pdf-nested-forms.pdf").write_bytes(nested_forms_pdf())
    (d / "pdf-500-busy-pages.pdf").write_bytes(busy_pages_pdf())
    (d / "txt-8mb-line.txt").write_bytes(long_line_txt(mb=8))
    (d / "z-good.txt").write_text(REPORT, encoding="utf-8")
    return d


def test_extract_gives_each_bomb_the_outcome_check_gives(bombs):
    t0 = time.perf_counter()
    res = _extract("-f", "json", str(bombs))
    assert time.perf_counter() - t0 < 60
    assert res.exit_code == 3, res.output[-2000:]
    got = _files(res)
    checked = {os.path.basename(f["path"]): f for f in json.loads(CliRunner().invoke(
        cli.app, ["check", "--no-config", "-f", "json", str(bombs)]).stdout)["files"]}
    assert set(got) == set(checked) == {p.name for p in bombs.iterdir()}
    for name, f in got.items():
        c = checked[name]
        assert (f["status"], f.get("error_code"), f.get("error")) == (c["status"], c.get("error_code"), c.get("error")), name
    assert {n: f.get("error_code") for n, f in got.items() if f["status"] != "ok"} == {
        "docx-211mb-paragraphs.docx": "too-large", "docx-1000-parts.docx": "zip-bomb",
        "pdf-nested-forms.pdf": "too-complex", "pdf-500-busy-pages.pdf": "too-complex",
        "txt-8mb-line.txt": "too-complex"}
    assert got["a-good.txt"]["figures"] and got["z-good.txt"]["figures"]  # the batch went on


def test_extract_text_output_is_one_line_per_bad_file(bombs):
    res = _extract(str(bombs))
    assert res.exit_code == 3
    lines = res.stdout.splitlines()
    for name in ("docx-211mb-paragraphs.docx", "docx-1000-parts.docx", "txt-8mb-line.txt"):
        (line,) = [x for x in lines if name in x]
        assert "无法读取：" in line, line
    assert any("z-good.txt" in x and "(txt," in x for x in lines)


def _sleepy(real):
    def read(path, *a, **kw):
        if os.path.basename(str(path)).startswith("slow"):
            time.sleep(30)
        return real(path, *a, **kw)
    return read


def test_extract_timeout_ends_the_file_not_the_batch(tmp_path, monkeypatch):
    for n in ("a.txt", "slow.txt", "z.txt"):
        (tmp_path / n).write_text(WRONG, encoding="utf-8")
    monkeypatch.setattr(extractor.readers, "read", _sleepy(extractor.readers.read))
    t0 = time.perf_counter()
    res = _extract("-f", "json", "--timeout", "1", str(tmp_path))
    assert time.perf_counter() - t0 < 15
    assert res.exit_code == 3, res.output
    got = _files(res)
    assert (got["slow.txt"]["error_code"], got["slow.txt"]["error"]) == ("timeout", "处理超时（超过 1 秒），已跳过")
    assert got["a.txt"]["status"] == got["z.txt"]["status"] == "ok"


def test_extract_memory_limit(tmp_path, monkeypatch):
    def hog(path, *a, **kw):
        blocks = [bytearray(64 << 20) for _ in range(64)]  # 4 GB, if it were allowed
        return blocks

    (tmp_path / "big.txt").write_text(WRONG, encoding="utf-8")
    monkeypatch.setattr(extractor.readers, "read", hog)
    res = _extract("-f", "json", "--max-memory", "256", str(tmp_path / "big.txt"))
    assert res.exit_code == 3, res.output
    f = _files(res)["big.txt"]
    assert (f["error_code"], f["error"]) == ("too-large", "超过内存上限（256 MB），已跳过")


def test_extract_crash_is_one_file(tmp_path, monkeypatch):
    def abort(path, *a, **kw):
        if os.path.basename(str(path)) == "crash.txt":
            import faulthandler

            faulthandler.disable()  # pytest's handler would print the child's stack
            os.abort()
        return real(path, *a, **kw)

    real = extractor.readers.read
    for n in ("crash.txt", "ok.txt"):
        (tmp_path / n).write_text(WRONG, encoding="utf-8")
    monkeypatch.setattr(extractor.readers, "read", abort)
    res = _extract("-f", "json", str(tmp_path))
    assert res.exit_code == 3, res.output
    got = _files(res)
    assert got["crash.txt"]["error_code"] == "crashed" and "SIGABRT" in got["crash.txt"]["error"]
    assert got["ok.txt"]["status"] == "ok"


@pytest.mark.parametrize("limits", [[], ["--timeout", "0", "--max-memory", "0"]])
def test_extract_a_reader_bug_is_one_line_not_a_traceback(tmp_path, monkeypatch, limits):
    def buggy(path, *a, **kw):
        raise TypeError("unexpected\nshape")

    (tmp_path / "r.txt").write_text(WRONG, encoding="utf-8")
    monkeypatch.setattr(extractor.readers, "read", buggy)
    res = _extract("-f", "json", *limits, str(tmp_path / "r.txt"))
    assert res.exit_code == 3, res.output
    f = _files(res)["r.txt"]
    assert (f["error_code"], f["error"]) == ("reader-failed", "读取失败：TypeError: unexpected shape")


def test_extract_an_extractor_bug_is_one_file(tmp_path, monkeypatch):
    import extractor.analysis

    def buggy(doc):
        raise KeyError("x")

    (tmp_path / "r.txt").write_text(WRONG, encoding="utf-8")
    monkeypatch.setattr(extractor.analysis, "extract", buggy)
    res = _extract("-f", "json", str(tmp_path / "r.txt"))
    assert res.exit_code == 3, res.output
    f = _files(res)["r.txt"]
    assert (f["error_code"], f["error"]) == ("check-failed", "提取失败：KeyError: 'x'")


@pytest.mark.parametrize("args, timeout, memory, pages", [
    ([], 120, 2048, 500), (["--timeout", "0", "--max-memory", "0"], None, None, 500),
    (["--timeout", "5", "--max-pages", "3"], 5, 2048, 3)])
def test_extract_limits_are_on_by_default(tmp_path, monkeypatch, args, timeout, memory, pages):
    from jxcheck import extract_view

    seen = []
    real = extract_view.extraction_dicts

    def spy(paths, pdf_engine="auto", limits=None):
        seen.append(limits)
        return real(paths, pdf_engine, limits)

    monkeypatch.setattr(extract_view, "extraction_dicts", spy)
    (tmp_path / "r.txt").write_text(WRONG, encoding="utf-8")
    res = _extract(*args, str(tmp_path / "r.txt"))
    assert res.exit_code == 0, res.output
    (limits,) = seen
    assert (limits.timeout_s, limits.max_memory_mb, limits.max_pages) == (timeout, memory, pages)


def test_extract_max_size(tmp_path):
    (tmp_path / "r.txt").write_text(WRONG * 40_000, encoding="utf-8")  # 3.5 MB
    f = _files(_extract("-f", "json", "--max-size", "1", str(tmp_path / "r.txt")))["r.txt"]
    assert f["error_code"] == "too-large" and f["error"].startswith("超过大小上限")


def test_guarded_extract_reads_what_an_unguarded_one_reads(tmp_path):
    from pathlib import Path

    samples = Path(__file__).resolve().parent.parent / "samples"
    some = [str(p) for p in sorted(samples.iterdir()) if p.suffix in (".txt", ".docx", ".pdf", ".xlsx")][:8]
    guarded = _extract("-f", "json", *some)
    plain = _extract("-f", "json", "--timeout", "0", "--max-memory", "0", *some)
    assert guarded.exit_code == plain.exit_code == 0
    assert guarded.stdout == plain.stdout
