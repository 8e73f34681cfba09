"""Property tests: the number grammar and the normaliser take any text.

tests/test_normalize.py already checks normalize_line never grows and
normalize_lines' offsets; these add what hostile extracted text brings
(control characters, lone surrogates, full-width forms, digit soup) and the
number grammar's own contract: no exception, offsets inside the text, a
figure's text equal to the slice it points at.
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.normalize import normalize_line
from extractor.numbers import find_quantities
from extractor.readers.txt import from_text

# text shaped like report figures, so the grammar's deep paths are reached
FIGURE_BITS = st.sampled_from([
    "0", "1", "7", "9", "12", "500.00", "1,000", "77.04", "2021", "０", "１２", "．", "％", "%", "‰",
    "万元", "亿元", "元", "万", "个", "条", "家", "年", "月", "日", "百分之", "一", "二", "十", "百", "千", "万",
    "零", "两", "约", "近", "超过", "以上", "以下", "≥", "≤", "~", "～", "-", "—", "至", "到", "、", "，", "。",
    "（", "）", "(", ")", " ", "\u3000", "\u00a0", "\t", "\n", "\x00", "\x1b", "\ud800", "\udcff", "\u200b",
    "\ufeff", "执行率", "完成率", "预算", "实际", "得分", "分", "第", "页", "/", ".", "+", "e", "E",
])
FIGURE_TEXT = st.lists(FIGURE_BITS, max_size=40).map("".join)
ANY_TEXT = st.text(max_size=200)


def _check(text: str, offset: int) -> None:
    for q in find_quantities(text, offset):
        assert offset <= q.start <= q.end <= offset + len(text), (q, text)
        assert q.text == text[q.start - offset : q.end - offset], (q, text)


@settings(max_examples=300, deadline=None)
@given(st.one_of(FIGURE_TEXT, ANY_TEXT), st.integers(min_value=0, max_value=10_000))
def test_find_quantities_any_text(text, offset):
    _check(text, offset)


@settings(max_examples=200, deadline=None)
@given(st.one_of(FIGURE_TEXT, ANY_TEXT))
def test_find_quantities_on_normalized_text(text):
    _check(normalize_line(text), 0)


@settings(max_examples=300, deadline=None)
@given(st.one_of(FIGURE_TEXT, ANY_TEXT))
def test_normalize_line_output_is_clean(s):
    out = normalize_line(s)
    out.encode("utf-8")  # no lone surrogates survive
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in out)
    assert "\u200b" not in out and "\ufeff" not in out and "  " not in out


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(FIGURE_TEXT, ANY_TEXT), max_size=6).map("\n".join))
def test_text_reader_blocks_point_into_the_text(text):
    from extractor.errors import ReadError

    try:
        doc = from_text(text)
    except ReadError as e:
        assert e.code == "empty"
        return
    doc.text.encode("utf-8")
    for b in doc.blocks:
        assert 0 <= b.start <= b.end <= len(doc.text)
