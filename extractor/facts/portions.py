"""A figure stated as a portion of another with 占: ``累计激活医保电子凭证40.18万人，占全县参保人数的
80.36%`` / ``违规的定点医药机构58家，占检查机构的18.59%`` / ``其中中央资金60.00万元，占总预算的60.00%``
/ ``占全县参保人数50.00万人的104.36%``.

Class of phrasing read here: a count or amount (the part), then in its clause or the next one 占,
the whole's name (or the whole itself, a figure of the part's unit before 的), 的 and a percentage
(``的比重为``, ``的比例为`` between them). The whole is the figure written between 占 and 的, or else
the one earlier figure of the part's unit in the paragraph whose clause holds the name's characters
in order (the name less 全县/全部/总 …): 检查机构 finds "全年现场检查定点医药机构312家", not "全县
现有定点医药机构326家". A name that is only a measure word (人数, 总额), a second candidate of
another value, or a name of a target, a plan or an earlier year (占目标任务的, 占上年的) leaves the
portion unread. ``占比`` with no name is the share of the total the part is listed under (其中 …).
"""
from __future__ import annotations

import bisect
import re

from ..model import Document, Quantity
from .contexts import clause_start
from .model import MAIN_CONTEXT, Fact, Total
from .shares import Share

SENTENCE = "。；;！？\n"
# from the part's end to the rate: "，占全县参保人数的", "（占", "，占比", "，占全部支出的比重为"
LINK = re.compile(r"\s*[，,（(]?\s*(?:[\u4e00-\u9fff]{0,4}?)占(?P<name>[^，,。；;（）()%\n]{0,20}?)"
                  r"(?:的)?(?:比重|比例|比)?(?:为|达到?|是)?\s*")
NAME_PREFIX = re.compile(r"^(?:全县|全区|全市|全省|全州|全旗|全镇|全乡|全国|全年|全部|全体|所有|本项目|本年度?|当年|总)+")
NAME_SUFFIX = re.compile(r"(?:总额|总数|总量|总计|总和|合计)$")
GENERIC = {"比例", "比重", "人数", "户数", "场次", "次数", "个数", "数量", "金额", "资金", "数", "人口", "总"}
NOT_WHOLE = re.compile(r"目标|计划|任务|预期|指标|上年|去年|同期|历年|标准|基数|(?:19|20)\d{2}\s*年")
# the project's own whole, read once as a fact: "占实际支出的", "占全年预算的", "占到位资金的"
MAIN_WHOLES = ((re.compile(r"^(?:实际)?(?:支出|执行数|支出数)$"), ("spent",)),
               (re.compile(r"^年初预算(?:数)?$"), ("budget.initial",)),
               (re.compile(r"^(?:调整后)?(?:全年)?预算(?:数|资金)?$"), ("budget.total", "budget")),
               (re.compile(r"^(?:实际)?到位资金$"), ("funds.arrived",)))
LEAD = re.compile(r"^(?:[（(]?[0-9一二三四五六七八九十]{1,3}[）)]?[.．、]?\s*)?(?:其中|含)?[：:]?")
WHOLE_OF_ALL = re.compile(r"\s*(?:全年|本年度?|当年)?(?:总|全部)")
CLAUSE_TAIL = re.compile(r"(?:为|共|达到?|计|合计|累计|总计|共计|约|近|有)+$")


def _core(name: str) -> str:
    core = NAME_SUFFIX.sub("", NAME_PREFIX.sub("", name.strip()))
    return core if len(core) >= 2 else name.strip()


def _in_order(core: str, clause: str) -> bool:
    i = 0
    for c in clause:
        if i < len(core) and c == core[i]:
            i += 1
    return i == len(core)


def _same_measure(a: Quantity, b: Quantity) -> bool:
    return a.kind == b.kind and (a.kind == "money" or a.unit == b.unit)


def find_portions(doc: Document, qs: list[Quantity], prose_block, totals: list[Total], items: list[Fact]) -> list[Share]:
    text = doc.text
    starts = [q.start for q in qs]
    listed = {p.start: t for t in totals for p in t.parts}
    out: list[Share] = []
    for i, r in enumerate(qs):
        if r.unit != "%" or r.qualifier is not None or r.high is not None or i == 0:
            continue
        b = doc.block_at(r.start)
        if b is None or not prose_block(b):
            continue
        lo = max(b.start, r.start - 40)
        j = bisect.bisect_left(starts, lo)
        before = [q for q in qs[j:i] if q.kind in ("count", "money")]
        if not before:
            continue
        m = None
        part = whole = None
        # the whole written inline: "占全县参保人数50.00万人的104.36%"
        if len(before) >= 2:
            cand, inner = before[-2], before[-1]
            m1 = re.match(r"\s*[，,（(]?\s*[\u4e00-\u9fff]{0,4}?占[^，,。；;（）()%\n\d]{0,16}$", text[cand.end:inner.start])
            if m1 and re.match(r"\s*的(?:比重|比例)?(?:为|达到?|是)?\s*$", text[inner.end:r.start]) \
                    and _same_measure(cand, inner):
                part, whole = cand, inner
                name = text[cand.end:inner.start].split("占", 1)[1]
        if part is None:
            part = before[-1]
            m = LINK.fullmatch(text, part.end, r.start)
            if m is None:
                continue
            name = m.group("name")
            if NOT_WHOLE.search(name):
                continue
            if name.strip() in ("", "比"):
                t = listed.get(part.start)  # "其中中央资金2,520万元（占比60%）": of the list's total
                if t is None or not _same_measure(part, t.total):
                    continue
                whole = t.total
            else:
                whole = _named_whole(doc, qs, starts, part, name, items, r)
                if whole is None:
                    continue
        elif NOT_WHOLE.search(name):
            continue
        if part.qualifier is not None or whole.qualifier is not None or whole.value <= 0 or part.high is not None:
            continue
        subject = LEAD.sub("", text[clause_start(text, part.start, b.start):part.start].strip())
        label = f"{subject}占{name.strip()}的比例" if name.strip() not in ("", "比") else f"{subject}的占比"
        out.append(Share(r, "占", label, whole, part, False, b.index))
    return out


def _named_whole(doc: Document, qs: list[Quantity], starts: list[int], part: Quantity, name: str,
                 items: list[Fact], rate: Quantity) -> Quantity | None:
    """The whole a name after 占 stands for: the project's own spending or budget for those
    names (MAIN_WHOLES), the figure before 其中 for a bare measure ("其中偏远乡村236场，占全部场次
    的…"), else the one earlier figure of the part's measure whose clause holds the name's
    characters in order and ends with its last two (检查机构: "全年现场检查定点医药机构312家")."""
    text = doc.text
    core = _core(name)
    b = doc.block_at(part.start)
    if part.kind == "money":
        # the part's own context: a programme's 实际支出 is a share of that programme's 预算
        ctx = next((f.context for f in items if f.q.start == part.start), MAIN_CONTEXT)
        if WHOLE_OF_ALL.match(name):
            ctx = MAIN_CONTEXT  # "项目支出…，占全年总支出的": the unit's whole, not the category's
        for pattern, concepts in MAIN_WHOLES:
            if pattern.match(core):
                found = [f.q for f in items if f.concept in concepts and f.context.same(ctx) and f.q.kind == "money"
                         and f.q.qualifier is None and f.q.start != part.start]
                if found:
                    return found[0] if len({q.value for q in found}) == 1 else None
    if len(core) < 2 or core in GENERIC:
        s0 = max(b.start, max(text.rfind(c, b.start, part.start) for c in SENTENCE) + 1)
        k = text.rfind("其中", s0, part.start)
        if k < 0:
            return None
        before = [q for q in qs[bisect.bisect_left(starts, s0):bisect.bisect_left(starts, k)] if _same_measure(q, part)]
        return before[-1] if before and before[-1].qualifier is None else None
    k = doc.blocks.index(b)
    # the nearest paragraph that names it: the whole may stand in an earlier part of the report
    # ("全年现场检查定点医药机构312家" under 产出, "…58家，占检查机构的18.59%" under 效益)
    for bl in reversed(doc.blocks[:k + 1]):
        if bl is not b and bl.kind == "table_row":
            continue
        found = []
        hi = part.start if bl.index == b.index else bl.end
        for q in qs[bisect.bisect_left(starts, bl.start):bisect.bisect_left(starts, hi)]:
            if not _same_measure(q, part) or q.qualifier is not None or q.high is not None:
                continue
            clause = CLAUSE_TAIL.sub("", text[clause_start(text, q.start, bl.start):q.start].strip())
            if _in_order(core, clause) and clause.endswith(core[-2:]) and (rate.value > 100 or q.value >= part.value):
                found.append(q)
        if found:
            return found[-1] if len({q.value for q in found}) == 1 else None
    return None
