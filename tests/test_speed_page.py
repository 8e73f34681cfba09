"""The per-page and per-row shortcuts of issue 15 (speed-page) give what the code they
replaced gave: each is compared here with that code, kept below as the reference, on
the documents of samples/, ../shared/seeds and the corpus, and on generated inputs. (The golden
tests compare whole Documents and findings; these name the piece that broke.)"""
from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import indicators, selfeval
from extractor.numbers import _parse_quantity, _remembered_quantity, parse_quantity
from extractor.readers import pdf, read
from rules import context

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = [ROOT / "samples", ROOT.parent / "shared" / "seeds", ROOT.parent / "shared" / "corpus" / "docs"]
FILES = sorted(p for d in FOLDERS if d.is_dir() for p in d.iterdir() if p.suffix in (".pdf", ".docx", ".txt", ".xlsx"))


@pytest.fixture(scope="module")
def docs():
    out = []
    for p in FILES:
        try:
            out.append(read(str(p)))
        except Exception:  # noqa: BLE001 - a file that does not read has no tables to compare
            continue
    assert sum(1 for d in out if d.tables) >= 10
    return out


# -- references: the code before ------------------------------------------------------


def ref_map_header(cells, patterns):
    out = {}
    for c, t in cells:
        h = selfeval.norm_header(t)
        for key, pat in patterns:
            if key not in out and pat.search(h):
                out[key] = c
                break
    return out


def ref_row_header(doc, t, row):
    mine = sorted((c for c in t.cells if c.row == row), key=lambda c: c.col)
    if len(mine) < 2:
        return None
    for r in range(row - 1, -1, -1):
        above = [c for c in t.cells if c.row <= r < c.row + c.rowspan]
        texts = [doc.cell_text(c).strip() for c in above]
        if sum(1 for x in texts if x) < 2 or any(re.search(r"\d", x) for x in texts):
            continue
        names = tuple(next((x for h, x in zip(above, texts, strict=True) if h.col <= c.col < h.col + h.colspan), "")
                      for c in mine)
        if sum(1 for x in names if x) * 2 >= len(mine):
            return names
    return None


def ref_line_text(chars):
    out, prev_text, prev_x1 = [], None, 0.0
    for c in chars:
        t = c["text"]
        if prev_text is not None and t != " " and prev_text != " ":
            if c["x0"] - prev_x1 > 0.3 * max(c.get("size") or 10, 1):
                out.append(" ")
        out.append(t)
        prev_text, prev_x1 = t, c["x1"]
    return "".join(out)


def ref_cluster_order(chars):
    return [k for _, _, k in sorted([(round(c["top"], 1), c["x0"], k) for k, c in enumerate(chars)])]


def ref_clauses(text, start):
    spans, depth, s = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif depth == 0 and indicators.CLAUSE_SEP.match(ch) and not (
            ch in ",.:" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()
        ):
            if i > s:
                spans.append((start + s, start + i))
            s = i + 1
    if len(text) > s:
        spans.append((start + s, start + len(text)))
    return spans


# -- the comparisons --------------------------------------------------------------------


def test_header_search_is_the_pattern_search(docs):
    """Every row of every table: the funds and indicator header maps, with and without
    the first cell, as the pattern lists searched cell by cell gave them."""
    rows = 0
    for doc in docs:
        for t in doc.tables:
            g = selfeval.Grid(doc, t)
            for r in range(t.n_rows):
                cells = g.row_texts(r)
                for part in (cells, cells[1:]):
                    assert selfeval._map_header(part, selfeval._FUNDS) == ref_map_header(part, selfeval._FUNDS_RE)
                    assert selfeval._map_header(part, selfeval._INDICATORS) == ref_map_header(part, selfeval._IND_RE)
                rows += 1
    assert rows > 300


@given(st.lists(st.sampled_from(["年初预算数", "全年预算数（A）", "全年执行数\n(B)", "执行率", "执行率（B/A）", "分值", "得分",
                                 "一级指标", "三级指标", "指标值", "实际完成值", "完成率", "偏差原因分析及改进措施", "权重",
                                 "预算数", "支出数", "到位资金", "", "—", "项目资金（万元）"]), max_size=12))
def test_header_search_on_generated_rows(texts):
    cells = [(k, t) for k, t in enumerate(texts)]  # any hashable stands for a cell
    for which, pats in ((selfeval._FUNDS, selfeval._FUNDS_RE), (selfeval._INDICATORS, selfeval._IND_RE)):
        assert selfeval._map_header(cells, which) == ref_map_header(cells, pats)


def test_row_headers_with_the_document_cache(docs):
    """Each table row's header, asked in any order through one cache, equals the scan of
    every row above it."""
    asked = 0
    for doc in docs:
        cache: dict = {}
        for t in doc.tables:
            for row in [*range(t.n_rows - 1, -1, -1), *range(t.n_rows)]:  # twice: the second from the cache
                assert context.row_header(doc, t, row, cache) == ref_row_header(doc, t, row)
                asked += 1
    assert asked > 600


def test_parse_quantity_remembered_is_parsed_afresh(docs):
    for doc in docs:
        for t in doc.tables:
            for c in t.cells:
                s = doc.cell_text(c)
                assert parse_quantity(s) == _parse_quantity(s)
                assert parse_quantity(s) == parse_quantity(s + "")  # asked again, from the cache
    assert _remembered_quantity.cache_info().hits > 0


_num = st.one_of(st.floats(-50, 600, allow_nan=False), st.sampled_from([0.0, 0.3, 0.30000000000000004, 3.0, 2.9999999]))
_char = st.fixed_dictionaries({
    "text": st.sampled_from(["中", "a", " ", "1", "，", "%", "ab"]),
    "x0": _num, "x1": _num, "top": _num, "bottom": _num,
}, optional={"size": st.one_of(st.none(), st.sampled_from([0, 1, 0.5, 10.5, -3, math.nan, math.inf]), _num)})


_gap = st.one_of(st.sampled_from([0.0, 0.1, 0.29, 0.3, 0.30000000000000004, 0.31, 0.4, 0.5, 1.0, 2.9, 3.0, 3.15, 5.0]),
                 st.floats(-1, 6, allow_nan=False))


@st.composite
def _line_chars(draw):
    """Characters left to right with gaps around every threshold 0.3 × size can make."""
    out, x = [], draw(st.floats(0, 500, allow_nan=False))
    for _ in range(draw(st.integers(0, 30))):
        c = draw(_char)
        c["x0"] = x + draw(_gap)
        c["x1"] = c["x0"] + draw(st.sampled_from([0.0, 5.0, 10.5, 12.0]))
        x = c["x1"]
        out.append(c)
    return out


@settings(max_examples=400)
@given(_line_chars())
def test_line_text_reads_the_size_only_when_it_matters(chars):
    assert pdf._line_text(chars) == ref_line_text(chars)


@settings(max_examples=200)
@given(st.lists(_char, max_size=60))
def test_lines_clustered_as_with_every_top_rounded(chars):
    order = ref_cluster_order(chars)
    got = [id(c) for row in pdf._cluster_lines(chars) for c in row]
    # the clustering walks that order; its rows, joined, are the sorted characters
    assert got == [id(chars[k]) for k in order]


@given(st.lists(st.floats(0, 800, allow_nan=False), min_size=1, max_size=30), st.floats(-10, 810), st.floats(-10, 810))
def test_span_by_bisection(values, lo, hi):
    grid = pdf._grid(values)
    assert pdf._span(grid, lo, hi) == max(1, sum(1 for x in grid if lo <= x < hi))


def test_clauses_of_every_block(docs):
    for doc in docs:
        for b in doc.blocks:
            text = doc.text[b.start:b.end]
            assert indicators._clauses(text, b.start) == ref_clauses(text, b.start)


@settings(max_examples=300)
@given(st.text(alphabet="（()），,；;。！？!?、：:\n\t.1２中a ", max_size=40), st.integers(0, 99))
def test_clauses_on_generated_text(text, start):
    assert indicators._clauses(text, start) == ref_clauses(text, start)


def test_every_dtd_mark_holds_the_byte_the_zip_guard_looks_for_first():
    """The part scan asks ``b"!" in buf`` before looking for each of '<!DOCTYPE' and
    '<!ENTITY' in every UTF: exact only while every mark holds that byte."""
    from extractor.readers import limits

    assert len(limits._DTD_MARKS) == 10
    assert all(b"!" in mark for mark, _ in limits._DTD_MARKS)


def test_page_objects_asked_once_count_and_walk_as_before():
    """``count_objects`` and ``edges`` given the page's objects (``page_objects``, asked
    once a page) count and draw what they count and draw asking PDFium themselves."""
    import pypdfium2 as pdfium

    from extractor.readers import pdf_pdfium as P

    pages = 0
    for path in [p for p in FILES if p.suffix == ".pdf"][:12]:
        doc = pdfium.PdfDocument(str(path))
        try:
            for i in range(len(doc)):
                page = doc[i]
                geo = P.Geometry(page)
                tp = page.get_textpage()
                top = P.page_objects(page)
                for limit in (0, 5, 10**6):
                    assert P.count_objects(page, tp, limit, top) == P.count_objects(page, tp, limit)
                assert P.edges(page, geo, top) == P.edges(page, geo)
                tp.close()
                page.close()
                pages += 1
        finally:
            doc.close()
    assert pages > 20


@settings(max_examples=300)
@given(st.text(alphabet="（()），,；;。:1２中a ", max_size=40), st.integers(0, 30), st.integers(-2, 30), st.integers(0, 20))
def test_clause_of_a_figure_by_bisection(text, start, q_start, length):
    """The clause found by bisection is the first clause holding the figure (the old
    scan of every clause), empty and out-of-range figures included."""
    from types import SimpleNamespace

    clauses = indicators._clauses(text, start)
    q = SimpleNamespace(start=start + q_start, end=start + q_start + length)
    want = next(((cs, ce) for cs, ce in clauses if cs <= q.start and q.end <= ce), None)
    assert indicators._clause_of(clauses, [cs for cs, _ in clauses], q) == want


@settings(max_examples=200)
@given(st.data(), st.lists(st.floats(0, 100), min_size=2, max_size=5, unique=True),
       st.lists(st.floats(0, 60), min_size=2, max_size=5, unique=True))
def test_table_cells_read_the_characters_inside_them(data, xs, ys):
    """Every cell of a generated grid holds the characters whose midpoints are in its box
    (edges included), by its own visual lines, left to right: what scanning every
    character of the cell's rows gives."""
    from extractor.normalize import normalize_lines

    xs, ys = sorted(xs), sorted(ys)
    points = data.draw(st.lists(st.tuples(st.one_of(st.sampled_from(xs), st.floats(0, 100)),
                                          st.one_of(st.sampled_from(ys), st.floats(0, 60)),
                                          st.sampled_from(["中", "1", "a", "，"])), max_size=80))
    boxes = [(x0, y0, x1, y1) for y0, y1 in zip(ys, ys[1:], strict=False) for x0, x1 in zip(xs, xs[1:], strict=False)]

    class T:
        cells = boxes
        bbox = (xs[0], ys[0], xs[-1], ys[-1])

    char_line = []
    for k, (x, y, t) in enumerate(points):
        c = {"text": t, "x0": x - 1, "x1": x + 1, "top": y - 1, "bottom": y + 1, "size": 2}
        if any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes):
            char_line.append((c, 1 + k % 3))
    got = pdf._read_table(T, 1, char_line)
    for cell, b in zip(got.cells, sorted(boxes, key=lambda b: (b[1], b[0])), strict=True):
        by_line: dict = {}
        for c, no in char_line:
            if b[0] <= (c["x0"] + c["x1"]) / 2 <= b[2] and b[1] <= (c["top"] + c["bottom"]) / 2 <= b[3]:
                by_line.setdefault(no, []).append(c)
        groups = [sorted(by_line[no], key=lambda c: c["x0"]) for no in sorted(by_line)]
        if len(groups) > 1:  # a cell's lines are its own characters' lines
            groups = [sorted(row, key=lambda c: c["x0"]) for row in pdf._cluster_lines([c for g in groups for c in g])]
        want = normalize_lines([ref_line_text(g) for g in groups])[0]
        assert cell.text == want


def _prefilters():
    """(pattern, the text find_placeholders tries it on, the prefilter it must pass)."""
    from extractor.facts import template as T

    def same(s):
        return s

    return ((T.PLACEHOLDER, same, lambda s: bool(T._PLACEHOLDER_CHAR.search(s))),
            (T.INSTRUCTION, same, lambda s: "（" in s or "(" in s),
            (T.BLANK_FIELD, same, lambda s: "：" in s or ":" in s),
            (T.CHOICES, same, lambda s: "□" in s or "☐" in s),
            (T.LEAD_IN, str.rstrip, lambda s: s.endswith(("：", ":"))))


def test_placeholder_patterns_only_match_where_their_prefilter_says(docs):
    """find_placeholders tries each pattern only on blocks passing its prefilter: every
    block of every document where the pattern matches passes it."""
    matched = 0
    for doc in docs:
        for b in doc.blocks:
            for pat, prep, ok in _prefilters():
                line = prep(doc.text[b.start:b.end])
                if pat.search(line):
                    matched += 1
                    assert ok(line), (pat.pattern[:30], line)
    assert matched > 10


@settings(max_examples=300)
@given(st.text(alphabet="20xX×Ｘｘ*＊年县局（(请填写）)：:主管部门□☐☑如下 \n", max_size=30))
def test_placeholder_prefilters_on_generated_text(s):
    for pat, prep, ok in _prefilters():
        line = prep(s)
        if pat.search(line):
            assert ok(line), (pat.pattern[:30], line)
