"""The on-disk prefix dictionary (extractor.jieba_index) gives exactly stock jieba's
tokens: its index holds the same entries and total as ``jieba.initialize`` builds, and
the tokens agree on every string jxcheck tokenises in samples/, seeds and corpus
(tests/fixtures/jieba_strings.json, from tests/make_jieba_strings.py), on every line of
their text files and on generated Chinese strings. Building it is safe when several
processes race, and a cache that cannot be written falls back to stock jieba."""
from __future__ import annotations

import json
import multiprocessing
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor import jieba_index as J

ROOT = Path(__file__).resolve().parents[1]
STRINGS = json.loads((ROOT / "tests" / "fixtures" / "jieba_strings.json").read_text(encoding="utf-8"))
TEXT_FOLDERS = [ROOT / "samples", ROOT.parent / "shared" / "seeds", ROOT.parent / "shared" / "corpus" / "docs"]


@pytest.fixture(scope="module")
def stock():
    return J.tokenizer(use_index=False)


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("JXCHECK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    try:
        tk = J.tokenizer()
        tk.lcut("预热")  # opens the index while the cache dir is set
        yield tk
    finally:
        mp.undo()


def test_the_index_is_used(indexed):
    assert isinstance(indexed.FREQ, J.DiskFreq)


def test_index_holds_jiebas_prefix_dictionary(stock, indexed):
    assert indexed.total == stock.total
    con = sqlite3.connect(str(indexed.FREQ._path))
    rows = dict(con.execute("SELECT w, f FROM freq"))
    con.close()
    assert rows == stock.FREQ


def test_fixture_strings_are_there():
    assert len(STRINGS) > 400 and any("指标" in s or "率" in s for s in STRINGS)


def test_tokens_identical_on_every_string_jxcheck_tokenises(stock, indexed):
    diffs = [s for s in STRINGS if indexed.lcut(s) != stock.lcut(s)]
    assert not diffs


def test_tokens_identical_on_every_line_of_the_text_reports(stock, indexed):
    lines = [ln for d in TEXT_FOLDERS if d.is_dir() for p in sorted(d.glob("*.txt"))
             for ln in p.read_bytes().decode("utf-8", "replace").splitlines()]
    assert len(lines) > 200
    assert [ln for ln in lines if indexed.lcut(ln) != stock.lcut(ln)] == []


_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_MIXED = st.one_of(_CJK, _CJK, _CJK, st.sampled_from(list("0123456789.%-+#&_ ，。、（）()abcXYZ万元亿\n\t")))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.text(_MIXED, max_size=30), st.sampled_from(STRINGS)), min_size=1, max_size=3))
def test_tokens_identical_on_generated_strings(stock, indexed, parts):
    s = "".join(parts)  # real clauses glued to generated Chinese
    assert indexed.lcut(s) == stock.lcut(s)


def _build(args: tuple[str, str]) -> list[str]:
    import os

    os.environ["JXCHECK_CACHE_DIR"] = args[0]
    return J.tokenizer().lcut(args[1])


def test_concurrent_first_use_builds_one_whole_index(tmp_path, stock):
    cache = tmp_path / "c"
    s = "项目资金到位率达到100%，完成老旧小区改造"
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        got = pool.map(_build, [(str(cache), s)] * 3)
    assert got == [stock.lcut(s)] * 3
    assert [p.suffix for p in cache.iterdir()] == [".sqlite3"]  # no temporary file left behind


def test_unwritable_cache_falls_back_to_stock_jieba(tmp_path, monkeypatch, stock):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("JXCHECK_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    tk = J.tokenizer()
    assert isinstance(tk.FREQ, dict)
    assert tk.lcut("绩效目标完成情况") == stock.lcut("绩效目标完成情况")


def test_damaged_index_is_rebuilt(tmp_path, monkeypatch, stock):
    monkeypatch.setenv("JXCHECK_CACHE_DIR", str(tmp_path))
    J.index_path(J._import_jieba()).write_bytes(b"not a database")
    tk = J.tokenizer()
    assert isinstance(tk.FREQ, J.DiskFreq)
    assert tk.lcut("绩效目标完成情况") == stock.lcut("绩效目标完成情况")
