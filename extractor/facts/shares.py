"""Rates that are the share of one count in another, as one sentence states them.

Class of phrasing read here: ``全年完成定量抽检6,420批次，检出不合格样品118批次，抽检合格率98.6%``
(the rate of the complement: (6,420 − 118) ÷ 6,420) / ``受理投诉120件，办结118件，办结率98.33%``
/ ``申领创新券1,380张，经审核兑付1,260张，兑付率91.30%`` (118 ÷ 120, 1,260 ÷ 1,380). The rate's stem
is the word before 率 (合格, 办结, 兑付); the part is the last count before the rate whose own clause
holds that stem (or its negation 不合格/未达标, for the complement); the whole is the count of the
same measure word just before the part, in a clause without the stem. Money rates (执行率, 到位率)
and 完成率 (a result against its target) are read elsewhere; a sentence with another count of the
measure between whole and part, or a part larger than its whole, is not read.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..model import Document, Quantity

STEM = re.compile(r"([\u4e00-\u9fff]{2})率\s*(?:为|是|达到?|达|仅为|仅)?\s*[：:]?\s*$")
NOT_SHARES = re.compile(r"完成|执行|到位|使用|支出|支付|增长|下降|结余|覆盖|满意|知晓|普及|利用|入住|就业|失业|发生|出生|死亡|患病|占有")
SENTENCE = "。；;！？\n"


@dataclass(frozen=True, slots=True)
class Share:
    rate: Quantity
    stem: str  # the word before 率: 合格, 办结
    whole: Quantity
    part: Quantity
    complement: bool  # the part counts the negation (不合格 118): the rate is (whole − part) ÷ whole
    block: int


def find_shares(doc: Document, qs: list[Quantity], prose_block) -> list[Share]:
    text = doc.text
    starts = [q.start for q in qs]
    out: list[Share] = []
    for i, r in enumerate(qs):
        if r.unit != "%" or r.qualifier is not None or r.high is not None:
            continue
        b = doc.block_at(r.start)
        if b is None or not prose_block(b):
            continue
        m = STEM.search(text, max(b.start, r.start - 12), r.start)
        if m is None or NOT_SHARES.search(m.group(1)):
            continue
        stem = m.group(1)
        s0 = max(b.start, max(text.rfind(c, b.start, r.start) for c in SENTENCE) + 1)
        counts = [q for q in qs[bisect.bisect_left(starts, s0):i]
                  if q.kind == "count" and q.qualifier is None and q.high is None]
        found = _part_and_whole(text, counts, stem, s0)
        if found is not None:
            part, whole, complement = found
            out.append(Share(r, stem, whole, part, complement, b.index))
    return out


def _clause(text: str, lo: int, q: Quantity) -> str:
    i = max(lo, max(text.rfind(c, lo, q.start) for c in "，,、（(") + 1)
    return text[i:q.start]


def _part_and_whole(text: str, counts: list[Quantity], stem: str, s0: int) -> tuple[Quantity, Quantity, bool] | None:
    neg = re.compile(f"(?:不|未|非){re.escape(stem)}")
    for k in range(len(counts) - 1, 0, -1):
        part = counts[k]
        clause = _clause(text, s0, part)
        complement = bool(neg.search(clause))
        if stem not in clause:
            continue
        same = [q for q in counts[:k] if q.unit == part.unit]
        if not same:
            return None
        whole = same[-1]
        if stem in _clause(text, s0, whole) and not neg.search(_clause(text, s0, whole)):
            return None  # two counts of the stem: which one is the part is not known
        if any(q.unit == part.unit for q in counts[counts.index(whole) + 1:k]):
            return None
        if whole.value <= 0 or part.value > whole.value:
            return None
        return part, whole, complement
    return None
