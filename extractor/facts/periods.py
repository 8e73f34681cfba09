"""The period a report evaluates, and the dates of what it says happened.

The evaluated year comes from the title and opening lines ("2022年度…自评报告"); a
stated project period (项目起止时间 / 实施期限 "2016年1月起至2016年12月止") narrows it.
Dated events are full dates tied to something done with the funds or the work
(接到/印发/下达/拨付/到位/支付/完成/完工/验收), and dated entries are table rows or lines
that begin with a month and carry an amount ("2015年12月城乡低保 | 70.1"). Notice
numbers (〔2024〕3号), titles of documents (《…》), "以来/起/开始" spans and plans
(计划/预计/将于/下一步) are not dated events.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..model import Document, Quantity

YEAR_OF_REPORT = re.compile(r"((?:19|20)\d{2})\s*年度")
YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月|[—\-－~～至到])(?=[\u4e00-\u9fff“])")
PERIOD = re.compile(r"(?:项目)?(?:起止时间|实施期限|实施周期|项目期限|实施时间|执行期限?)[：:\s]*"
                    r"((?:19|20)\d{2})年(\d{1,2})月(?:\d{1,2}日)?(?:起)?\s*(?:至|到|-|—|～|~)\s*"
                    r"((?:19|20)\d{2})年(\d{1,2})月(?:\d{1,2}日)?")
FULL_DATE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
EVENT = re.compile(r"接到|收到|印发|下达|拨付|到位|支付|完成|完工|竣工|验收|开工|启动|签订|实施")
NOT_EVENT = re.compile(r"以来|开始|起[，,]|计划|预计|将于|拟|下一步|力争|争取")
PAYMENT = re.compile(r"支付|拨付|兑付|报账|列支|付款")
# a late completion or payment the report explains as such is not counted in the year
# ("期后事项，已于2024年1月25日拨付完毕，不计入2023年度支出")
RESULT_LATE = re.compile(r"推迟|顺延|延至|延期|剩余|尾款|质保金|结转|期后|(?:不|未)(?:计入|纳入|列入)")
# "全部标段于2026年3月完成竣工验收并计入本年度产出": a result dated after the period and counted in it
COUNTED_IN = re.compile(r"(?<![未不没无])(?<!没有)(?:计入|纳入|算作|统计为|作为)(?:(?:本|当)年(?:度)?|年度(?:任务|目标|完成|产出|绩效))")
# "其中2024年1月举办的…活动8场", "133处（含2025年1—2月完成的17处…）": a part of the year's count, dated
PART_DATED = re.compile(r"(?:其中|含|包含|包括)\s*((?:19|20)\d{2})年(\d{1,2})(?:\s*[—\-－~～至到]\s*\d{1,2})?月")
# the period a form or report says it evaluates: "自评期间 | 2023年1月1日至2023年12月31日", "评价期间：2021—2023年"
EVALUATED_PERIOD = re.compile(r"(?:绩效)?(?:自评|评价|考核)(?:期间|时段|区间|周期|时限)[：:\s]*"
                              r"((?:19|20)\d{2})\s*年(?:度)?(?:\d{1,2}月(?:\d{1,2}日)?)?(?:起)?"
                              r"(?:\s*(?:至|到|-|—|－|～|~)\s*((?:19|20)\d{2})\s*年(?:度)?(?:\d{1,2}月(?:\d{1,2}日)?)?)?")
CUTOFF_BEFORE = re.compile(r"截至|截止|到$")
# the dates of counted items right after the count: a bracket "（2022年11月建成投用）" or "，分别于2022年10月、
# 2023年3月、5月…举办"
_DONE = r"(?:建成|完成|完工|竣工|投用|投入使用|举办|开展|验收|交付)"
_ITEM_DATES = re.compile(r"[（(]\s*(?:均|已|于|均于|已于)*\s*(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?(?:前|底|末)?\s*" + _DONE + r"[^（）()]{0,8}[）)]"
                         r"|[，,]\s*分别于\s*(?:(?:(?:19|20)\d{2}年)?\d{1,2}月(?:\d{1,2}日)?[、和及]?\s*){2,}" + _DONE)
COMPLETED = re.compile(r"完成|完工|竣工|验收|建成|投入使用|交付")
OPENING_DATE = re.compile(r"\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.、．])?\s*((?:19|20)\d{2})年(\d{1,2})月(?:\d{1,2}日)?(?:[上中下]旬|底|末|初)?[，,]")
ACTIVITY = re.compile(r"开展|举办|组织|完成|建成|召开|实施")
YEAR_MONTH = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月")
MONTH_ENTRY = re.compile(r"^\s*((?:19|20)\d{2})年(\d{1,2})月(?!\d{0,2}日)(?:份)?([\u4e00-\u9fff]{2,20})")
NOTICE_YEAR = re.compile(r"[〔【\[（(﹝]((?:19|20)\d{2})[〕】\]）)﹞]\s*第?\d{1,4}号")
FUNDS_YEAR = re.compile(r"((?:19|20)\d{2})年(?:度)?[\u4e00-\u9fff]{0,12}?(?:资金|预算|项目)")
TITLE = re.compile(r"《[^》]*》")


@dataclass(frozen=True, slots=True)
class Period:
    start: tuple[int, int]  # (year, month)
    end: tuple[int, int]
    how: str  # 'stated' (项目起止时间) | 'year' (the evaluated year)
    span: tuple[int, int] | None = None  # where a stated period is written


@dataclass(frozen=True, slots=True)
class DatedEvent:
    year: int
    month: int
    start: int  # the date's span in Document.text
    end: int
    refers_to: int | None  # the year of the notice or funds the sentence names, when later
    kind: str  # 'event' | 'entry' | 'payment' (a payment dated in its sentence) | 'counted' (a
    # completion dated in a sentence that counts it in this year: "于2026年3月完成…并计入本年度产出") |
    # 'title' (the year a 自评表's title names: "2022年度项目支出绩效自评表") | 'evaluated' (the period
    # a form says it evaluates, "自评期间 2023年1月1日至2023年12月31日": year is its last year) |
    # 'item' (the date of an item a count counts: "养老服务站18个（2022年11月建成投用）")
    amount: Quantity | None = None  # the amount of a dated entry
    first_year: int | None = None  # an 'evaluated' period's first year


def evaluated_year(doc: Document) -> int | None:
    """The year the title names ("2023年度…绩效自评报告"), else the most frequent 'YYYY年度' near
    the top (a sentence about last year's carried-over projects does not decide it)."""
    titles = [doc.text[b.start:b.end] for b in doc.blocks[:4]]
    # (not a sentence: "2022年度结转资金…已于上年度自评。")
    titles = [t for t in titles if len(t) <= 80 and re.search(r"报告|自评|评价|绩效", t) and not t.rstrip().endswith("。")]
    for pattern in (YEAR_OF_REPORT, YEAR_IN_TITLE):
        # "莘县2023年学生资助…自评报告": a title's year may be written without 度 (not a date,
        # "报告日期：2024年3月18日"), after any title that has it ("隆阳区2021年中央…资金绩效自评" /
        # "2022年度项目支出绩效自评表": the first names the funds' year)
        for line in titles:
            m = pattern.search(line)
            if m:
                return int(m.group(1))
    head = doc.text[:600]
    c = Counter(int(y) for y in YEAR_OF_REPORT.findall(head)) or Counter(int(y) for y in YEAR_OF_REPORT.findall(doc.text))
    return c.most_common(1)[0][0] if c else None


def find_period(doc: Document, year: int | None) -> Period | None:
    m = PERIOD.search(doc.text)
    if m:
        a = (int(m.group(1)), int(m.group(2)))
        b = (int(m.group(3)), int(m.group(4)))
        if 1 <= a[1] <= 12 and 1 <= b[1] <= 12 and a <= b:
            return Period(a, b, "stated", (m.start(), m.end()))
    if year is not None:
        return Period((year, 1), (year, 12), "year")
    return None


# "2022年度项目支出绩效自评表" as a table's title row or the line above it
TABLE_TITLE = re.compile(r"((?:19|20)\d{2})\s*年度?[\u4e00-\u9fff（）()]{0,16}?(?:绩效)?(?:自评表|评价表|目标表)")


def _table_titles(doc: Document) -> list[DatedEvent]:
    out = []
    for t in doc.tables:
        first = [c for c in t.cells if c.row == 0]
        cands = [(c.start, c.end) for c in first[:1]]
        b0 = doc.block_at(min((c.start for c in t.cells), default=0))
        if b0 is not None and b0.index >= 2:
            prev = doc.blocks[b0.index - 2]
            if prev.kind != "table_row" and prev.end - prev.start <= 40:
                cands.append((prev.start, prev.end))
        for lo, hi in cands:
            m = TABLE_TITLE.search(doc.text, lo, hi)
            if m:
                out.append(DatedEvent(int(m.group(1)), 12, m.start(1), m.end(1) + 2, None, "title"))
                break
    return out


def _count_between(quantities: list[Quantity], starts: list[int], lo: int, hi: int) -> bool:
    return any(q.kind == "count" for q in quantities[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)])


def find_dated(doc: Document, quantities: list[Quantity]) -> list[DatedEvent]:
    text = doc.text
    starts = [q.start for q in quantities]
    out: list[DatedEvent] = _table_titles(doc)
    for m in EVALUATED_PERIOD.finditer(text):
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) else first
        if first <= last:
            out.append(DatedEvent(last, 12, m.start(1), m.end(), None, "evaluated", first_year=first))
    for b in doc.blocks:
        line = text[b.start:b.end]
        m = MONTH_ENTRY.match(line)
        if m:
            amounts = [q for q in quantities if b.start + m.end() <= q.start < b.end and q.kind in ("money", "number")]
            if amounts and 1 <= int(m.group(2)) <= 12:
                out.append(DatedEvent(int(m.group(1)), int(m.group(2)), b.start + m.start(1), b.start + m.end(2) + 1,
                                      None, "entry", amounts[0]))
            continue
        clean = TITLE.sub(lambda x: "※" * len(x.group(0)), line)  # keep offsets, hide titles
        for sm in re.finditer(r"[^。；;！？]+", clean):
            # "全年开展科普活动72场，其中2024年1月举办的…活动8场": a part of the year's count dated after it
            for d in PART_DATED.finditer(clean, sm.start(), sm.end()):
                if 1 <= int(d.group(2)) <= 12 and _count_between(quantities, starts, b.start + d.end(), b.start + sm.end()) \
                        and not RESULT_LATE.search(sm.group()):
                    out.append(DatedEvent(int(d.group(1)), int(d.group(2)), b.start + d.start(1),
                                          b.start + d.end(), None, "counted"))
            # "新建养老服务站18个（2022年11月建成投用）", "举办培训班5期，分别于2022年10月、2023年3月…举办":
            # the dates of the items a count counts
            for d in _ITEM_DATES.finditer(clean, sm.start(), sm.end()):
                if _count_between(quantities, starts, b.start + max(sm.start(), d.start() - 16), b.start + d.start() + 1) \
                        and not RESULT_LATE.search(sm.group()) and not NOT_EVENT.search(d.group()):
                    for ym in YEAR_MONTH.finditer(d.group()):
                        if 1 <= int(ym.group(2)) <= 12:
                            out.append(DatedEvent(int(ym.group(1)), int(ym.group(2)), b.start + d.start() + ym.start(),
                                                  b.start + d.start() + ym.end(), None, "item"))
            counted = bool(COUNTED_IN.search(sm.group()))
            # "2024年5月，中心组织开展法律援助进村居活动12场": a sentence opened by its date that counts
            # the work then done tells when that work was done
            opened = OPENING_DATE.match(clean, sm.start())
            if opened and not NOT_EVENT.search(sm.group()) and not RESULT_LATE.search(sm.group()) \
                    and ACTIVITY.search(clean, opened.end(), sm.end()) and 1 <= int(opened.group(2)) <= 12 \
                    and _count_between(quantities, starts, b.start + opened.end(), b.start + sm.end()):
                out.append(DatedEvent(int(opened.group(1)), int(opened.group(2)), b.start + opened.start(1),
                                      b.start + opened.end(2) + 1, None, "counted"))
                continue
            if not (counted or COMPLETED.search(sm.group())) or NOT_EVENT.search(sm.group()):
                continue
            if not counted and RESULT_LATE.search(sm.group()):
                continue
            for d in YEAR_MONTH.finditer(clean, sm.start(), sm.end()):
                # "于2024年1月12日……补充放流并计入年度任务": what the sentence counts in the year, whatever was done
                if not 1 <= int(d.group(2)) <= 12 or not (counted or COMPLETED.search(clean, d.end(), sm.end())):
                    continue
                # "普查登记于2024年1月1日至4月30日完成，全区共登记普查对象11,937个": the output counted
                # after a completion date is claimed for the period the report evaluates
                if counted or (not CUTOFF_BEFORE.search(clean, max(sm.start(), d.start() - 4), d.start())
                               and _count_between(quantities, starts, b.start + d.end(), b.start + sm.end())):
                    out.append(DatedEvent(int(d.group(1)), int(d.group(2)), b.start + d.start(), b.start + d.end(),
                                          None, "counted"))
        for d in FULL_DATE.finditer(clean):
            lo = max(0, d.start() - 2)
            sent_lo = max(clean.rfind(c, 0, d.start()) for c in "。；;\n") + 1
            sent_hi = min((i for i in (clean.find(c, d.end()) for c in "。；;") if i >= 0), default=len(clean))
            sentence = clean[sent_lo:sent_hi]
            if NOT_EVENT.search(clean, lo, min(len(clean), d.end() + 6)) or not EVENT.search(sentence):
                continue
            years = [int(y) for y in NOTICE_YEAR.findall(line[sent_lo:sent_hi])]
            years += [int(y) for y in FUNDS_YEAR.findall(line[sent_lo:sent_hi]) if int(y) != int(d.group(1))]
            later = max(years) if years else None
            kind = "payment" if PAYMENT.search(sentence) and not RESULT_LATE.search(sentence) else "event"
            out.append(DatedEvent(int(d.group(1)), int(d.group(2)), b.start + d.start(), b.start + d.end(),
                                  later, kind))
    return out


# ---------------------------------------------------------------------------
# Results of another year: "实际完成值：6.3%（2022年度统计数据）", "2022年完成860套"
# ---------------------------------------------------------------------------
# a year in a result cell, unless it is the base of a comparison (较2022年), the start of a cumulative
# count (2018年以来) or a date of the evaluated year
RESULT_YEAR = re.compile(r"(?<![较比与由])(?<!同比)((?:19|20)\d{2})\s*年(?:度)?(?![^，,。；;]{0,6}(?:以来|起|开始))")


@dataclass(frozen=True, slots=True)
class OtherYearResult:
    """A 自评表 result that names a year other than the one evaluated."""

    row: Any  # the IndicatorRow
    year: int
    span: tuple[int, int]  # the year as printed, in Document.text (the result cell where it cannot be placed)


def find_other_year_results(doc: Document, rows, year: int | None) -> list[OtherYearResult]:
    if year is None:
        return []
    out = []
    for r in rows:
        a = r.actual
        if a is None or not a.present:
            continue
        m = next((m for m in RESULT_YEAR.finditer(a.text) if int(m.group(1)) != year), None)
        if m is None:
            continue
        lo, hi = a.cell.start, a.cell.end
        at = doc.text.find(m.group(0), lo, hi)
        span = (at, at + len(m.group(0))) if at >= 0 else (lo, hi)
        out.append(OtherYearResult(r, int(m.group(1)), span))
    return out


# ---------------------------------------------------------------------------
# Data cutoffs: "截至2022年12月8日，支出2,113.63万元"
# ---------------------------------------------------------------------------
CUTOFF = re.compile(r"(?:截至|截止|截止到|截至到)((?:19|20)\d{2})年(\d{1,2})月(?:(\d{1,2})日)?(底|末)?")
# "以上执行数据取自截至10月底的财务账面数": a month without a year is of the evaluated year
CUTOFF_NO_YEAR = re.compile(r"(?:截至|截止|截止到|截至到)(?<!\d年)(\d{1,2})月(?:\d{1,2}日)?(底|末)?(?![份]?\d)")
STAT_SPAN = re.compile(r"统计(?:时段|口径|期间|区间|时间)[^，。；\d]{0,6}?(?:为|是|：|:)?\s*(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?"
                       r"\s*(?:至|到|—|－|-|~|～)\s*(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?")
# "截至6月30日（年中进度节点，非年度口径）": a progress point the report labels as such
CHECKPOINT = re.compile(r"年中|半年|进度节点|季度|非年度|进度情况")
# "截至2026年3月底，……已发放612.40万元（属于2026年度执行数据，不计入本年度）": labelled as another period's
OTHER_PERIOD = re.compile(r"属于(?:19|20)\d{2}\s*年度|(?:不|未)(?:计入|纳入|列入)|期后(?:事项)?|以后年度|下一年度")
# "截至2024年3月底，累计支付已达…": the status of payments at that date
PAID = re.compile(r"[^。；;]{0,12}?(?:支付|拨付|付款|兑付|报账)")


@dataclass(frozen=True, slots=True)
class Cutoff:
    """A "截至…" date the report's figures are stated at."""

    year: int | None  # None: a month without a year (of the evaluated year)
    month: int
    day: int | None
    start: int
    end: int
    text: str  # the date as printed, after 截至
    checkpoint: bool  # labelled as a progress point (年中, 季度, 非年度口径) or as another period's data (不计入本年度)
    payments: bool  # the sentence reports payments at that date (累计支付已达…)
    years_before: tuple[int, ...]  # years its paragraph dates events in before it
    # it opens a statement of results in a results section ("三、部门履职绩效 … 截至2022年12月31日，全县共
    # 办理各类不动产登记业务3.18万件"), not a baseline (累计, 以来, 较, 现有 …)
    results_after: bool = False


# a count stated after a cutoff in its sentence, and the words that make it a baseline or a stock
RESULT_COUNT = re.compile(r"(?:共|完成|办理|实现|开展|建成|新增|发放|受理|培训|举办)[^，。；;]{0,16}?\d[\d,.]*\s*万?\s*"
                          r"(?:件|个|人|户|次|项|宗|笔|处|座|家|所|条|场|期)")
BASELINE = re.compile(r"累计|以来|基数|底数|存量|现有|原有|较|比上年|同比|上年度")


def find_cutoffs(doc: Document) -> list[Cutoff]:
    from ..indicators import section_role

    text = doc.text
    out: list[Cutoff] = []
    for m in CUTOFF_NO_YEAR.finditer(text):
        out.append(Cutoff(None, int(m.group(1)), None, m.start(), m.end(), text[m.start() + 2:m.end()],
                          bool(CHECKPOINT.search(text, m.end(), m.end() + 16)), False, ()))
    # "本次自评数据统计时段为2023年1月1日至2024年3月31日", "统计口径为…至…": the data run to the span's end
    for m in STAT_SPAN.finditer(text):
        end = min((i for i in (text.find(c, m.end()) for c in "。；;\n") if i >= 0), default=len(text))
        labelled = bool(CHECKPOINT.search(text, m.end(), min(end, m.end() + 16)) or OTHER_PERIOD.search(text, m.end(), end))
        out.append(Cutoff(int(m.group("y")), int(m.group("m")), int(m.group("d")) if m.group("d") else None,
                          m.start("y"), m.end(), text[m.start("y"):m.end()], labelled, False, ()))
    for m in CUTOFF.finditer(text):
        b = doc.block_at(m.start())
        before = tuple(int(d.group(1)) for d in YEAR_MONTH.finditer(text, b.start, m.start())) if b else ()
        end = min((i for i in (text.find(c, m.end()) for c in "。；;\n") if i >= 0), default=len(text))
        labelled = bool(CHECKPOINT.search(text, m.end(), m.end() + 16) or OTHER_PERIOD.search(text, m.end(), end))
        results = bool(b is not None and section_role(b.section) == "result" and RESULT_COUNT.search(text, m.end(), end)
                       and not BASELINE.search(text, m.end(), end))
        out.append(Cutoff(int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None, m.start(), m.end(),
                          m.group(0)[2:], labelled, bool(PAID.match(text, m.end())), before, results))
    out.sort(key=lambda c: c.start)
    return out
