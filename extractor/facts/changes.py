"""Year-on-year changes as one sentence states them: the current figure, the earlier one it is
compared with, and the rate of change.

Class of phrasing read here: ``2025年"三公"经费支出41.3万元，较2024年的48.6万元减少7.3万元，下降17.02%``
/ ``完成抽检4,200批次，比上年的3,800批次增长10.53%``. The earlier figure follows 较/比 + a year
word (上年, 去年, 2024年, 同期) at once; the current one is the last figure of the same measure
before it in the sentence; the rate follows within the clause after (增长/下降/提高/降低/增加/减少
… N%). A 个百分点 change compares rates, not amounts, and is not read. The change may be printed
as an amount instead of the earlier figure (``较上年增加1,654.20万元，增长12.60%``). With
``与2022年总支出8,025.60万元相比，同比增长7.88%`` the earlier figure is bracketed by 与…相比 and names
its measure; with no figure of that measure before it in the sentence, the current one is the
paragraph's latest figure stated under the same name (``全年总支出8,712.30万元``).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..model import Document, Quantity
from .contexts import bracket_depth

# "全年支出18,411.06万元，较上年增加1,654.20万元，增长12.60%": the change as an amount, the earlier
# figure not printed (it is current − change when it rose, current + change when it fell)
DELTA = re.compile(r"(?:较|比|相比|比较)(?:上年|去年|上一年度?|上年度|\d{4}\s*年(?:度)?)(?:同期)?"
                   r"(增加|增长|提高|上升|多|减少|下降|降低|节约|少)(?:了)?\s*$")
QIZHONG = re.compile(r"其中")
BASE = re.compile(r"(?:较|比|相比|比较)(?:上年|去年|上一年度?|上年度|\d{4}\s*年(?:度)?)(?:同期)?(?:的)?\s*$"
                  # "门急诊48.6万人次，上年同期为44.1万人次，同比增长12.4%": the earlier figure in its own clause
                  r"|[，,]\s*(?:上年同期|去年同期|上年|去年|上一年度?)(?:为|是|共|全年)?\s*$")
# "与2022年总支出8,025.60万元相比，同比增长7.88%": the earlier figure between 与 … and 相比, naming its
# measure; the current one may stand in an earlier sentence of the paragraph under the same name
WITH = re.compile(r"与(?:上年|去年|上一年度?|上年度|\d{4}\s*年(?:度)?)(?:同期)?(?:的)?(?P<noun>[\u4e00-\u9fff“”\"]{0,10}?)"
                  r"(?:为|是)?\s*$")
COMPARED = re.compile(r"\s*(?:相比|比较|相较|对比)")
DIRECTION = re.compile(r"^[^。；;%]{0,24}?(增长|增加|提高|上升|下降|减少|降低|下降了|增长了)(?:了)?(?:幅度)?(?:为|达)?\s*$")
_TARGET = re.compile(r"目标|计划|预期|任务|标准")  # "年度目标4,000批次" is not the year's figure
AVERAGE = re.compile(r"日均|月均|年均|人均|户均|场均|平均|每")
UP = ("增长", "增加", "提高", "上升", "增长了")


@dataclass(frozen=True, slots=True)
class Change:
    current: Quantity
    earlier: Quantity | None  # None when only the change is printed (``delta``)
    rate: Quantity
    up: bool  # the sentence says the figure rose
    block: int
    delta: Quantity | None = None  # "较上年增加1,654.20万元": the change as an amount


def _clause(text: str, lo: int, pos: int) -> str:
    return text[max(lo, max(text.rfind(c, lo, pos) for c in "，,") + 1):pos]


def find_changes(doc: Document, qs: list[Quantity]) -> list[Change]:
    from .periods import evaluated_year

    text = doc.text
    year = evaluated_year(doc)
    starts = [q.start for q in qs]
    out: list[Change] = []
    for i, prev in enumerate(qs):
        if prev.kind not in ("money", "count") or prev.qualifier is not None:
            continue
        delta = DELTA.search(text, max(0, prev.start - 16), prev.start)
        with_ = None
        if delta is None and not BASE.search(text, max(0, prev.start - 16), prev.start):
            with_ = WITH.search(text, max(0, prev.start - 24), prev.start)
            if with_ is None or not COMPARED.match(text, prev.end):
                continue
        b = doc.block_at(prev.start)
        if b is None:
            continue
        s0 = max(b.start, max(text.rfind(c, b.start, prev.start) for c in "。；;") + 1)
        # "“三公”经费预算22.00万元，……比2022年的20.15万元下降8.88%": a budget is not the figure compared
        # with an earlier year's unless the comparison names a budget too
        budget_ok = "预算" in _clause(text, s0, prev.start)
        # "全年核定污水处理量23,652万吨，日均处理64.80万吨，……较2022年的22,418万吨增长5.50%": an average is
        # not the figure a total of last year is compared with
        mean_ok = bool(AVERAGE.search(_clause(text, s0, prev.start)))
        # "覆盖率36.71%（36.2万亩÷98.6万亩），较2022年的32.8万亩增长10.37%": a divisor is no current figure
        # the clause of each figure of the same measure before it, read once
        clause_of = {q.start: _clause(text, s0, q.start) for q in qs[bisect.bisect_left(starts, s0):i]
                     if q.unit == prev.unit and q.kind == prev.kind and q.qualifier is None}
        # (nor a part in brackets: "支出21.30万元（…因公出国（境）费0.00万元），本年较上年减少2.84万元")
        before = [q for q in reversed(qs[bisect.bisect_left(starts, s0):i]) if q.start in clause_of
                  and not _TARGET.search(clause_of[q.start]) and text[max(0, q.start - 1):q.start] not in ("÷", "/")
                  and not bracket_depth(text, s0, q.start)]
        plain = before if mean_ok else [q for q in before if not AVERAGE.search(clause_of[q.start])]
        budget_cur = bool(before) and not budget_ok and "预算" in clause_of[before[0].start]
        if not before and with_ is not None and len(with_.group("noun")) >= 2:
            before = _named_before(text, qs[bisect.bisect_left(starts, b.start):i], prev, with_.group("noun"))
        if not before:
            continue
        rate = next((q for q in qs[i + 1:i + 4] if q.unit == "%" and q.start - prev.end <= 30), None)
        if rate is None or rate.qualifier is not None:
            continue
        m = DIRECTION.match(text[prev.end:rate.start])
        if m is None or "百分点" in text[rate.end:rate.end + 4]:
            continue
        up = m.group(1) in UP
        if delta is not None:
            if _earlier_opening(text, s0, year):
                continue  # "2024年…支出21.30万元，本年较上年减少2.84万元": the figure before is the earlier year's
            out.append(Change(before[0], None, rate, up, b.index, delta=prev))
            continue
        if plain and before[0] is not plain[0] and not _fits(before[0], prev, rate):
            before = plain  # the average nearest does not fit; "人均3.26平方米，较上年的3.14平方米" does
        cur = _current(text, before, prev, rate, up)
        if cur is not None and budget_cur and not _fits(cur, prev, rate):
            continue  # a budget the comparison does not name may not be what it compares: not read
        if cur is not None:
            out.append(Change(cur, prev, rate, up, b.index))
    return out


_EARLIER_OPENING = re.compile(r"\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.、．])?\s*(?:(上年|去年|上一年度?)|((?:19|20)\d{2})\s*年)")


def _earlier_opening(text: str, s0: int, year: int | None) -> bool:
    """The sentence opens with the year before the evaluated one ("2024年“三公”经费支出…", "上年…")."""
    m = _EARLIER_OPENING.match(text, s0)
    return m is not None and (m.group(1) is not None or (year is not None and int(m.group(2)) < year))


def _named_before(text: str, qs: list[Quantity], earlier: Quantity, noun: str) -> list[Quantity]:
    """The latest figure of the earlier one's measure stated under the same name before it in the
    paragraph ("全年总支出8,712.30万元……与2022年总支出8,025.60万元相比"), as a one-figure list."""
    for q in reversed(qs):
        if q.unit != earlier.unit or q.kind != earlier.kind or q.qualifier is not None:
            continue
        clause = _clause(text, max(0, q.start - 24), q.start)
        clause = clause[max(clause.rfind(c) for c in "。；;：:") + 1:]
        if noun in clause and not _TARGET.search(clause):
            return [q]
    return []


def _current(text: str, before: list[Quantity], earlier: Quantity, rate: Quantity, up: bool) -> Quantity | None:
    """The figure compared with ``earlier``: the last one before it, or, when that one is the last
    part of a 其中 list ("支出16.80万元，其中…因公出国（境）费0万元，较上年的18.30万元下降8.20%"),
    the list's total if the stated rate is its change and not the part's."""
    near = before[0]
    total = next((q for q in before[1:] if QIZHONG.search(text, q.end, near.start)), None)
    if total is None or _fits(near, earlier, rate):
        return near
    return total if _fits(total, earlier, rate) else None


def _fits(cur: Quantity, earlier: Quantity, rate: Quantity) -> bool:
    from ..intervals import bounds, change_interval

    iv = change_interval(cur, earlier)
    if iv is None:
        return False
    r_lo, r_hi = bounds(rate)
    return r_lo <= iv[1] and iv[0] <= r_hi
