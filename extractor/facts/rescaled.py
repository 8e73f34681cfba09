"""One amount told twice in the narrative, the second time at ten, a hundred, a thousand or
ten thousand times the first: a slipped 元/万元 or decimal point.

Class of phrasing read here: ``群众性体育赛事活动支出23.60万元`` … ``赛事活动经费2,360,000元``
(236,000元 and 2,360,000元): two money figures whose values are exactly 10ⁿ apart (n = 1 … 4),
with at least three significant digits (two-digit amounts meet by chance: 12万元 and 120万元), and
whose subjects, the words of each clause before the figure, share a name of at least four
characters that is not a generic money word (资金, 项目, 支出 …). Per-unit standards, averages,
cumulative and other years' amounts are not read: "每人1,250元" beside "培训经费12.50万元" is
another quantity.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..model import Document, Quantity
from .contexts import clause_start

FACTORS = (Decimal(10), Decimal(100), Decimal(1000), Decimal(10000))
MIN_DIGITS = 3
MIN_SHARED = 4
GENERIC = re.compile(r"财政|资金|经费|项目|支出|支付|费用|预算|金额|合计|共计|累计|全年|年度|实际|完成|安排|用于|主要|"
                     r"其中|投入|拨付|下达|到位|万元|亿元|元")
NOT_AMOUNT = re.compile(r"每|平均|人均|户均|亩均|均为|标准|单价|累计|以来|上年|去年|同期|较|比上|历年")
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
CJK = re.compile(r"[\u4e00-\u9fff]+")


@dataclass(frozen=True, slots=True)
class Rescaled:
    first: Quantity
    second: Quantity
    factor: Decimal  # the larger value ÷ the smaller
    shared: str  # the name both subjects hold ("赛事活动")


def _digits(q: Quantity) -> int:
    return len(format(q.value.normalize(), "f").replace(".", "").strip("0"))


def _subject(text: str, q: Quantity, lo: int) -> str:
    return text[clause_start(text, q.start, lo):q.start]


def _shared(a: str, b: str) -> str:
    """The longest run of Chinese characters both subjects hold, generic money words taken out."""
    best = ""
    for ra in CJK.findall(GENERIC.sub("|", a)):
        for rb in CJK.findall(GENERIC.sub("|", b)):
            for i in range(len(ra)):
                for j in range(i + len(best) + 1, len(ra) + 1):
                    if ra[i:j] in rb:
                        best = ra[i:j]
                    else:
                        break
    return best


def find_rescaled(doc: Document, qs: list[Quantity], prose_block, year: int | None = None) -> list[Rescaled]:
    """``year``: the evaluated year; an amount of another year's clause is not read."""
    text = doc.text
    amounts: list[tuple[Quantity, str]] = []
    for q in qs:
        if q.kind != "money" or q.value <= 0 or q.qualifier is not None or q.high is not None or _digits(q) < MIN_DIGITS:
            continue
        b = doc.block_at(q.start)
        if b is None or not prose_block(b):
            continue
        subject = _subject(text, q, b.start)
        if NOT_AMOUNT.search(subject) or text.startswith(("/", "／"), q.end):
            continue
        if any(year is None or int(y) != year for y in YEAR.findall(subject)):
            continue  # "2022年培训经费…": another year's (or, with no year known, any dated) amount
        amounts.append((q, subject))
    by_value: dict[Decimal, list[tuple[Quantity, str]]] = {}
    for a in amounts:
        by_value.setdefault(a[0].value, []).append(a)
    out: list[Rescaled] = []
    seen: set[tuple[Decimal, Decimal]] = set()
    for q, subject in amounts:
        for factor in FACTORS:
            for p, other in by_value.get(q.value * factor, ()):
                key = (q.value, p.value)
                if key in seen:
                    continue
                name = _shared(subject, other)
                if len(name) < MIN_SHARED:
                    continue
                seen.add(key)
                first, second = (q, p) if q.start < p.start else (p, q)
                out.append(Rescaled(first, second, factor, name))
    return out
