"""``pdf_scan.count`` (the objects a piece of content stream makes, for the pre-parse
budget) counts a hex string's digits without a regex pass per string (issue 15): the
same count as matching every digit, on generated content and on hand-made cases."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.readers.pdf_scan import _HEX, _LITERAL, _OPS, count

_DIGIT = re.compile(rb"[0-9A-Fa-f]")


def _digit_by_digit(data: bytes) -> int:
    n = len(_OPS.findall(data)) + sum(len(m) - 2 for m in _LITERAL.findall(data))
    return n + sum(len(_DIGIT.findall(m)) // 2 for m in _HEX.findall(data))


_PIECES = [b"<", b">", b"4E2D", b"0", b" ", b"\t", b"\n", b"\r", b"\x0b", b"\x0c", b"a", b"G", b"(", b")", b"\\",
           b" re ", b" Tj ", b"/X1 Do"]


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=300) | st.lists(st.sampled_from(_PIECES), max_size=60).map(b"".join))
def test_same_as_digit_by_digit(data: bytes) -> None:
    assert count(data) == _digit_by_digit(data)


@pytest.mark.parametrize("data, n", [
    (b"<4E2D> Tj", 2), (b"<4E2D 6587> Tj", 4), (b"<4E2\n> Tj", 1), (b"< > Tj", 0), (b"<\x0b4E2D\x0c> Tj", 2),
])
def test_hex_strings(data: bytes, n: int) -> None:
    assert count(data) == n
