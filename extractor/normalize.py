"""Text normalisation that keeps offsets: every change is one character for one
character, or a deletion, never an expansion (NFKC would shift offsets).

- full-width digits, letters and ％．＋－ become ASCII (one for one);
- spaces between a CJK character and a digit, or between a number and its
  unit (``2021 年``, ``500.00 万元``) are removed — PDF and Word exports insert
  them; spaces between two numbers are kept so two figures never merge.
"""
from __future__ import annotations

import re

_FW = {chr(0xFF10 + i): str(i) for i in range(10)}
_FW.update({"％": "%", "．": ".", "＋": "+", "－": "-", "\u3000": " ", "\xa0": " "})
_FW.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_FW.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
TRANS = str.maketrans(_FW)

_CJK = "\u3400-\u9fff\uf900-\ufaff"
_PUNCT = "，。；：、！？（）《》“”‘’【】"
# a run of spaces with a CJK char / CJK punctuation on at least one side
_SPACE_CJK = re.compile(rf"(?<=[{_CJK}{_PUNCT}%])[ \t]+|[ \t]+(?=[{_CJK}{_PUNCT}%])")


def normalize_line(s: str) -> str:
    s = s.translate(TRANS)
    return _SPACE_CJK.sub("", s)
