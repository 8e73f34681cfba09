"""Text normalisation that keeps offsets usable: every change replaces one
character by one character, or deletes characters — never an expansion
(NFKC would shift offsets and turn ％ into %, fine, but also ½ into 1⁄2).

- full-width digits, letters and ％．＋－ become ASCII (one for one); Chinese
  punctuation (，。（）：；) is kept as is, except a full-width comma between full-width
  digits before a group of three (``１，２００．００``), which is a thousands separator;
- Kangxi radicals / CJK compatibility ideographs that some PDF fonts emit
  (⼀ U+2F00 for 一) become the unified ideograph;
- NBSP, ideographic space and the other Unicode spaces become a plain space;
  runs of spaces become one space;
- control characters, zero-width characters, soft hyphens, bidi marks and
  lone surrogates are deleted;
- spaces next to a CJK character or CJK punctuation, or before ``%``, are
  deleted (``2021 年`` → ``2021年``, ``500.00 万元`` → ``500.00万元``,
  ``乐山市 关于`` → ``乐山市关于``); a space between two numbers is kept, so
  two figures never merge (``2021 2022``).

``normalize_lines`` joins the physical lines of one paragraph (a PDF wraps
lines at the right margin) and returns where each line starts in the result.
"""
from __future__ import annotations

import re
import unicodedata


def _table() -> dict[int, int | str | None]:
    t: dict[int, int | str | None] = {}
    for i in range(10):
        t[0xFF10 + i] = str(i)
    for i in range(26):
        t[0xFF21 + i] = chr(0x41 + i)
        t[0xFF41 + i] = chr(0x61 + i)
    t.update({ord("％"): "%", ord("．"): ".", ord("＋"): "+", ord("－"): "-"})
    # spaces of every width -> ' '
    for cp in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000):
        t[cp] = " "
    for cp in range(0x2000, 0x200B):
        t[cp] = " "
    # deleted: C0/C1 controls, zero-width, bidi, soft hyphen, BOM, surrogates
    for cp in list(range(0x00, 0x20)) + list(range(0x7F, 0xA0)):
        t.setdefault(cp, None)
    for cp in (0xAD, 0x180E, 0xFEFF, *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2070)):
        t[cp] = None
    for cp in range(0xD800, 0xE000):
        t[cp] = None
    # Kangxi radicals, CJK radicals supplement, compatibility ideographs -> unified ideograph
    for cp in (*range(0x2E80, 0x2FE0), *range(0xF900, 0xFB00)):
        n = unicodedata.normalize("NFKC", chr(cp))
        if len(n) == 1 and n != chr(cp):
            t[cp] = n
    return t


TRANS = str.maketrans(_table())

CJK = "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# CJK punctuation (ideographic, full-width forms) and the quotes Chinese text uses
CJK_PUNCT = "\u3001-\u3004\u3008-\u3020\u3030\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
_CJK_RE = re.compile(f"[{CJK}]")
_SPACES = re.compile(r" {2,}")
# a space with a CJK char / CJK punctuation on at least one side, or before '%'
_SPACE_CJK = re.compile(rf"(?<=[{CJK}{CJK_PUNCT}]) | (?=[{CJK}{CJK_PUNCT}%])")


def is_cjk(ch: str) -> bool:
    return bool(_CJK_RE.match(ch))


# "１，２００．００万元": a full-width comma between full-width digits, before a group of three, is
# the thousands separator of a number typed in full width (one character for one)
_WIDE_THOUSANDS = re.compile("(?<=[\uff10-\uff19])\uff0c(?=[\uff10-\uff19]{3}(?![\uff10-\uff19]))")


def normalize_line(s: str) -> str:
    """Normalise one line (no line breaks survive: they become spaces)."""
    if "\uff0c" in s:
        s = _WIDE_THOUSANDS.sub(",", s)
    s = s.translate(TRANS)
    if "  " in s:
        s = _SPACES.sub(" ", s)
    if " " in s:
        s = _SPACE_CJK.sub("", s)
    return s


def _is_latin(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z")


_CJK_BEFORE_NUMBER = re.compile(r"[\u4e00-\u9fff][\d,]*\d$")
_NUMBER_THEN_CJK = re.compile(r"[\d.,]*\d?\s*(?:[\u4e00-\u9fff%％‰])")


def join_sep(left: str, right: str) -> str:
    """Separator between a wrapped line ending in ``left`` and the next starting with ``right``.

    A space only between two Latin letters (a word break) or when a number would
    otherwise run into another (``2021⏎2022``, ``93%⏎2021``); nothing inside CJK
    text or between a number and its unit (``93⏎个``, ``1000家以⏎上``), nor inside a number
    that a fixed-width wrap split in Chinese text (``购置41⏎2.60万元``)."""
    if not left or not right:
        return ""
    a, b = left[-1], right[0]
    if _is_latin(a) and _is_latin(b):
        return " "
    if a.isdigit() and a.isascii() and (b.isdigit() or b == ".") and _CJK_BEFORE_NUMBER.search(left) \
            and _NUMBER_THEN_CJK.match(right):
        return ""  # "其中文献购置41⏎2.60万元": a number a fixed-width wrap split inside Chinese text
    if b.isdigit() and a.isascii() and (a.isdigit() or a in "%.,"):
        return " "
    if a.isdigit() and a.isascii() and b in ".,":
        return " "
    return ""


def normalize_lines(lines: list[str]) -> tuple[str, list[int]]:
    """Normalise the physical lines of one paragraph and join them.

    Returns the paragraph text and, for each input line, the offset where its
    (normalized, stripped) text begins in the paragraph. Offsets never decrease
    and are <= len(text); an empty line starts where the next text would.
    """
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    prev = ""
    for raw in lines:
        s = normalize_line(raw).strip()
        if not s:
            starts.append(pos)
            continue
        sep = join_sep(prev, s) if parts else ""
        if sep:
            parts.append(sep)
            pos += len(sep)
        starts.append(pos)
        parts.append(s)
        pos += len(s)
        prev = s
    return "".join(parts), starts


def align(raw: str, norm: str) -> list[int | None]:
    """For each character of ``norm`` (``normalize_line(raw)``, stripped), the index in
    ``raw`` it came from; None for one ``raw`` does not hold. Normalisation only maps
    one character to one or deletes, so ``norm`` is a subsequence of ``raw`` mapped
    through ``TRANS``: the earliest match of each character is a valid alignment (two
    equal characters — two spaces — may swap, which moves nothing visible)."""
    out: list[int | None] = []
    i, n = 0, len(raw)
    for ch in norm:
        while i < n and raw[i].translate(TRANS) != ch:
            i += 1
        if i < n:
            out.append(i)
            i += 1
        else:
            out.append(None)
    return out
