"""Rates that are the share of one count in another, as one sentence states them.

Class of phrasing read here: ``全年完成定量抽检6,420批次，检出不合格样品118批次，抽检合格率98.6%``
(the rate of the complement: (6,420 − 118) ÷ 6,420) / ``受理投诉120件，办结118件，办结率98.33%``
/ ``申领创新券1,380张，经审核兑付1,260张，兑付率91.30%`` (118 ÷ 120, 1,260 ÷ 1,380). The rate's stem
is the word before 率 (up to four characters: 抽检合格, 集中供养); the part is the one count whose
clause (on both sides of it) holds most of the stem's end (集中供养418人, not 分散供养1618人), or
its negation 不合格/未达标 for the complement; the whole is the one count of the part's measure
before it that is not itself a part of a 其中 list (persons may be counted out of person-times;
after "参训人员中…" it may stand in the sentence before). Money rates (执行率, 到位率)
and 完成率 (a result against its target) are read elsewhere; a sentence with another count of the
measure between whole and part, or a part larger than its whole, is not read.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..model import Document, Quantity

STEM = re.compile(r"([\u4e00-\u9fff]{2,4})率\s*(?:为|是|达到?|达|仅为|仅)?\s*[：:]?\s*$")
NOT_SHARES = re.compile(r"完成|执行|到位|使用|支出|支付|增长|下降|结余|满意|知晓|普及|利用|入住|就业|失业|发生|出生|死亡|患病|占有")
SENTENCE = "。；;！？\n"
AFTER = re.compile(r"[^，,；;。（(\n\d]{0,16}")
BACK_REFERENCE = re.compile(r"\s*(?:其中|[\u4e00-\u9fff]{1,6}中)(?=[\d，,])")


@dataclass(frozen=True, slots=True)
class Share:
    rate: Quantity
    stem: str  # the word before 率 the part is found by: 合格, 办结, 供餐 (of 食堂供餐覆盖率)
    name: str  # the rate as printed before 率: 抽检合格, 食堂供餐覆盖
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
        if m is None or NOT_SHARES.search(m.group(1)[-2:]):
            continue
        stem = m.group(1)  # up to four characters before 率: "集中供养率" names 集中供养, not 分散供养
        if len(stem) >= 4 and stem.endswith("覆盖"):
            stem = stem[:-2]  # "食堂供餐覆盖率", "检查覆盖率": the part is what was done (179所实现食堂供餐)
        elif stem.endswith("覆盖"):
            continue  # a bare 覆盖率 names no act to find the part by
        s0 = max(b.start, max(text.rfind(c, b.start, r.start) for c in SENTENCE) + 1)
        lo = s0
        if BACK_REFERENCE.match(text, s0):
            # "……培训6,850人次。参训人员中4,932人取得证书，取证率74.2%": the whole is the sentence before's
            lo = max(b.start, max(text.rfind(c, b.start, max(b.start, s0 - 1)) for c in SENTENCE) + 1)
        counts = [q for q in qs[bisect.bisect_left(starts, lo):i]
                  if q.kind == "count" and q.qualifier is None and q.high is None]
        found = _part_and_whole(text, counts, stem, lo)
        if found is not None:
            part, whole, complement = found
            out.append(Share(r, stem, m.group(1), whole, part, complement, b.index))
    return out


def _clause(text: str, lo: int, q: Quantity) -> str:
    i = max(lo, max(text.rfind(c, lo, q.start) for c in "，,、（(") + 1)
    return text[i:q.start]


def _around(text: str, lo: int, q: Quantity) -> str:
    """The part's clause on both sides: "办结118件", "4,932人取得职业资格证书"."""
    m = AFTER.match(text, q.end)
    return _clause(text, lo, q) + (m.group(0) if m else "")


def _in_breakdown(text: str, lo: int, q: Quantity) -> bool:
    """A part of a 其中 list ("其中企业职工培训4,120人次") is no whole."""
    s = max(lo, max(text.rfind(c, lo, q.start) for c in SENTENCE) + 1)
    return "其中" in text[s:q.start]


def _stem_length(clause: str, stem: str) -> int:
    """How much of the stem's end the part's clause holds (集中供养率: 4 in "集中供养418人", 2 in
    "分散供养1618人"); its last two characters in order count as 2 ("4,932人取得……证书" for 取证)."""
    for n in range(len(stem), 1, -1):
        if stem[-n:] in clause:
            return n
    a, b = stem[-2], stem[-1]
    i = clause.find(a)
    return 2 if i >= 0 and clause.find(b, i + 1) >= 0 else 0


def _whole_measure(part: Quantity, q: Quantity) -> bool:
    # persons out of person-times: "培训6,850人次……4,932人取得证书，取证率…"
    return q.unit == part.unit or (part.unit == "人" and q.unit == "人次")


def _part_and_whole(text: str, counts: list[Quantity], stem: str, s0: int) -> tuple[Quantity, Quantity, bool] | None:
    neg = re.compile(f"(?:不|未|非){re.escape(stem[-2:])}")
    lengths = [_stem_length(_around(text, s0, q), stem) for q in counts]
    best = max(lengths, default=0)
    if best == 0 or lengths.count(best) > 1 or lengths.index(best) == 0:
        return None  # no part, or two counts it may be ("初检合格480批次，复检合格490批次")
    k = lengths.index(best)
    part = counts[k]
    complement = bool(neg.search(_around(text, s0, part)))
    wholes = [q for q in counts[:k] if not _in_breakdown(text, s0, q)]
    same = [q for q in wholes if q.unit == part.unit] or [q for q in wholes if _whole_measure(part, q)]
    if len(same) != 1:
        return None  # no whole, or two it may be the share of ("受理120件，转办90件，办结88件")
    whole = same[0]
    if whole.value <= 0 or part.value > whole.value:
        return None
    return part, whole, complement
