"""Year-on-year changes as one sentence states them: the current figure, the earlier one it is
compared with, and the rate of change.

Class of phrasing read here: ``2025年"三公"经费支出41.3万元，较2024年的48.6万元减少7.3万元，下降17.02%``
/ ``完成抽检4,200批次，比上年的3,800批次增长10.53%``. The earlier figure follows 较/比 + a year
word (上年, 去年, 2024年, 同期) at once; the current one is the last figure of the same measure
before it in the sentence; the rate follows within the clause after (增长/下降/提高/降低/增加/减少
… N%). A 个百分点 change compares rates, not amounts, and is not read.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..model import Document, Quantity

BASE = re.compile(r"(?:较|比|相比|比较)(?:上年|去年|上一年度?|上年度|\d{4}\s*年(?:度)?)(?:同期)?(?:的)?\s*$")
DIRECTION = re.compile(r"^[^。；;%]{0,24}?(增长|增加|提高|上升|下降|减少|降低|下降了|增长了)(?:了)?(?:幅度)?(?:为|达)?\s*$")
_TARGET = re.compile(r"目标|计划|预期|任务|标准")  # "年度目标4,000批次" is not the year's figure
UP = ("增长", "增加", "提高", "上升", "增长了")


@dataclass(frozen=True, slots=True)
class Change:
    current: Quantity
    earlier: Quantity
    rate: Quantity
    up: bool  # the sentence says the figure rose
    block: int


def _clause(text: str, lo: int, pos: int) -> str:
    return text[max(lo, max(text.rfind(c, lo, pos) for c in "，,") + 1):pos]


def find_changes(doc: Document, qs: list[Quantity]) -> list[Change]:
    text = doc.text
    starts = [q.start for q in qs]
    out: list[Change] = []
    for i, prev in enumerate(qs):
        if prev.kind not in ("money", "count") or prev.qualifier is not None:
            continue
        if not BASE.search(text, max(0, prev.start - 16), prev.start):
            continue
        b = doc.block_at(prev.start)
        if b is None:
            continue
        s0 = max(b.start, max(text.rfind(c, b.start, prev.start) for c in "。；;") + 1)
        cur = next((q for q in reversed(qs[bisect.bisect_left(starts, s0):i])
                    if q.unit == prev.unit and q.kind == prev.kind and q.qualifier is None
                    and not _TARGET.search(_clause(text, s0, q.start))), None)
        if cur is None:
            continue
        rate = next((q for q in qs[i + 1:i + 4] if q.unit == "%" and q.start - prev.end <= 30), None)
        if rate is None or rate.qualifier is not None:
            continue
        m = DIRECTION.match(text[prev.end:rate.start])
        if m is None or "百分点" in text[rate.end:rate.end + 4]:
            continue
        out.append(Change(cur, prev, rate, m.group(1) in UP, b.index))
    return out
