"""Common OCR confusions inside figures, fixed one character for one character.

Only characters *inside a number-like run* are touched, so prose is never
rewritten and offsets never move:

- ``O``/``o`` (and ``〇`` between Arabic digits) → ``0``: ``1O00`` → ``1000``;
- ``l``/``I``/``|`` → ``1``: ``l20`` → ``120``;
- ``。`` before one or two final digits → ``.`` (``77。04%`` → ``77.04%``), ``，``
  before a group of three digits → ``,`` (``1，000元``); ``、`` is left alone
  (``3、4月`` is an enumeration).

A letter counts as "inside a number" when a digit is on one side and a digit,
``.``/``,``, ``%``, or a CJK unit is on the other — a lone ``I`` or a word like
``OK`` stays as is.
"""
from __future__ import annotations

import re

_ZERO = "Oo〇"
_ONE = "lI|"
# 。 is a misread decimal point when one or two digits follow (77。04%; not 共5。2021年);
# ， a misread thousands separator when exactly three digits follow (1，000元).
_DOT = re.compile(r"(?<=\d)[。·](?=\d{1,2}(?!\d))")
_COMMA = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")
_LETTERS = _ZERO + _ONE
# a run of digits and confusable letters that holds at least one real digit
_RUN = re.compile(rf"[0-9{re.escape(_LETTERS)}]*[0-9][0-9{re.escape(_LETTERS)}]*")


def _fix_run(run: str) -> str:
    out = []
    for i, ch in enumerate(run):
        if ch in _LETTERS:
            left = run[i - 1] if i else ""
            right = run[i + 1] if i + 1 < len(run) else ""
            # a confusable at the run's edge must touch a digit on its inner side
            if (left.isdigit() or right.isdigit()) or (left in _LETTERS and right in _LETTERS):
                ch = "0" if ch in _ZERO else "1"
        out.append(ch)
    return "".join(out)


def _is_word(text: str, start: int, end: int) -> bool:
    """Is the run glued to Latin letters (a code like ``A10O``, ``ISO9001``)?"""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())


def fix_confusions(text: str) -> str:
    """``text`` with OCR confusions inside figures repaired; same length."""
    if not text:
        return text
    chars = list(text)
    for m in _RUN.finditer(text):
        s, e = m.span()
        run = m.group()
        if run.isdigit() or _is_word(text, s, e):
            continue
        fixed = _fix_run(run)
        chars[s:e] = list(fixed)
    # Chinese punctuation between two digits: 77。04 → 77.04, 1，000 → 1,000
    out = "".join(chars)
    out = _DOT.sub(".", out)
    out = _COMMA.sub(",", out)
    assert len(out) == len(text)
    return out
