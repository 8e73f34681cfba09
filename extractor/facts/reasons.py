"""Shortfalls of the narrative and whether the report gives their reason; the words that
explain a budget's adjustment and an arrival in full.

A result short of its target (a stated 完成率 below 100 %, or a result below its aligned
target in the target's direction) is explained when a reason is given: in the rest of its
sentence or the next one ("…完成率93%，主要原因是受疫情影响…"), in a 偏差原因 / 存在问题
part that names its head word, in the 偏差原因 cell of its indicator's 自评表 row, or beside
the same result stated elsewhere. JX951 asks.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..indicators import missed, tokens
from ..intervals import bounds
from ..model import Document, Quantity, Statement
from ..selfeval import SelfEval, blank_reason

REASON = re.compile(r"原因|由于|因为|主要(?:是|系|反映|体现在?|在于|表现为|集中在|因)|系因|反映|意见集中|(?:差额|差距|缺口|减少部分|未完成部分)(?:系|是|为|主要)|"
                    r"因(?:受|疫情|天气|政策|资金)|受[^，。]{1,12}影响|导致|未能|未完成的|偏差|"
                    r"因[^，。；]{1,24}(?:未|暂未|无法|延迟|推迟|暂缓|尚未|不能)|"
                    # "县级配套资金到位不足……影响危桥改造进度": the cause named before its effect
                    r"影响(?:了)?[^，。；]{0,12}(?:进度|进展|实施|完成|开展|推进)")
REASON_SECTION = re.compile(r"偏差|原因|问题")
# a weakness a 存在问题 part names beside the shortfall ("服务点运营能力偏弱，……带动就业……均未达到目标")
WEAKNESS = re.compile(r"偏弱|不足|滞后|不够|薄弱|不到位|不完善|不高|较低|偏低")
TAIL = 80  # characters after a result's clause where its reason may be given
# a reasons part's item that names the shortfall and gives its cause after a colon:
# "培训人次未达目标：上半年场馆屋面维修期间停办大班课程…", "单处成本偏高：管材价格上涨…"
NAMED_CAUSE = re.compile(r"\s*(?:[（(]?[一二三四五六七八九十\d]{1,2}[）)]|\d{1,2}\s*[.、．])?\s*"
                        r"(?P<topic>[^：:。；]{2,40}?)(?:未达(?:到)?(?:年度|预期)?(?:目标|计划|要求)(?:值)?|未(?:全部)?完成|偏低|偏高|偏少|不足|较低|超出[^：:。；]{0,8})"
                        r"[：:](?P<cause>[^。；]{6,})")
# words one indicator's name is given by in one place and another in the next
# ("投放点建设成本" in the results, "投放点建设单价超出控制标准" among the problems)
HEAD_ALIKE = ({"成本", "单价", "造价", "费用"}, {"满意度", "满意率"})


@dataclass(frozen=True, slots=True)
class Shortfall:
    result: Statement
    rate: Quantity | None  # the stated 完成率 below 100 %, or None (short of its aligned target)
    target: Statement | None  # the aligned target of a shortfall with no stated rate
    explained: bool  # a reason is given for it


def find_shortfalls(doc: Document, statements, pairs, selfevals: tuple[SelfEval, ...]) -> tuple[Shortfall, ...]:
    text = doc.text
    short: list[tuple[Statement, Quantity | None, Statement | None]] = []
    seen: set[int] = set()
    for s in statements:
        if s.role == "result" and s.rate is not None and bounds(s.rate)[1] < 100:
            short.append((s, s.rate, None))
            seen.add(id(s))
    for p in pairs:
        r = p.result
        if id(r) in seen or r.rate is not None:
            continue
        if missed(p.target, r):
            short.append((r, None, next(x.target for x in pairs if x.result is r)))
    if not short:
        return ()
    # the text of each reasons-section block that gives a reason (read once, not per result)
    reasons_part = [b for b in doc.blocks if b.kind != "table_row" and any(REASON_SECTION.search(x) for x in b.section)]
    reason_texts = [t for b in reasons_part if REASON.search(t := text[b.start:b.end]) or WEAKNESS.search(t)]
    named_causes = [m.group("topic") for b in reasons_part if (m := NAMED_CAUSE.match(text, b.start, b.end))]
    # results by value and unit, for "the same result stated elsewhere"
    alike: dict[tuple, list[Statement]] = {}
    for o in statements:
        if o.role == "result":
            alike.setdefault((o.q.value, o.q.unit), []).append(o)
    rows = [row for se in selfevals for row in se.indicators
            if row.reason is not None and row.reason.present and not blank_reason(row.reason)]
    return tuple(Shortfall(s, rate, target, _explained(doc, s, reason_texts, named_causes, alike, rows))
                 for s, rate, target in short)


def _heads(head: str) -> set[str]:
    return next((g for g in HEAD_ALIKE if head in g), {head}) if head else set()


def _explained(doc: Document, s: Statement, reason_texts: list[str], named_causes: list[str], alike, rows) -> bool:
    text = doc.text
    block = doc.blocks[s.block - 1]
    # the rest of the sentence and the next sentence of the same paragraph
    if REASON.search(text[s.clause_end: min(block.end, s.clause_end + TAIL)]):
        return True
    heads = _heads(s.head)
    if any(h in t for t in reason_texts for h in heads):
        return True
    # an item of the reasons part naming it before its cause: the head word, or a word of the
    # subject with the result's own measure ("培训人次未达目标：…" for 培训群众2,136人次)
    words = [w for w in tokens(s.subject) if len(w) >= 2]
    if any(any(h in t for h in heads) or any(w in t for w in words) and (s.q.unit in t or s.head in t)
           for t in named_causes):
        return True
    # the 自评表 row of the same indicator gives its 偏差原因
    if any(set(tokens(row.label)) & set(tokens(s.subject)) or _same_measure_and_words(row, s) for row in rows):
        return True
    # the same result stated elsewhere with its reason ("更新健身器材186件，完成率93.00%，未完成原因是…")
    return any(o is not s and REASON.search(text, o.clause_end, min(len(text), o.clause_end + TAIL))
               for o in alike.get((s.q.value, s.q.unit), ()))


def _same_measure_and_words(row, s: Statement) -> bool:
    """"配水管网 | ≥180公里 | 120公里 | … | 同上" is the row of "铺设管网120公里": the same measure
    word and two characters of the name in common (jieba keeps 配水管网 as one token)."""
    t = row.target.q if row.target is not None else None
    if t is None or t.unit != s.q.unit:
        return False
    words = re.sub(r"[^\u4e00-\u9fff]", "", s.subject)
    return any(words[i:i + 2] in row.label for i in range(len(words) - 1))


# a budget adjustment explained anywhere in the narrative (JX711)
ADJUSTMENT_WORDS = re.compile(r"调整|追加|调减|调增|压减|收回|调剂|追减|核减|增加预算|减少预算|"
                              r"(?:增加|纳入|列入|调入|补充)[^，。；]{0,12}(?:结转|资金|预算)|争取[^，。；]{0,12}资金|社会捐赠|"
                              # "全年预算数较年初预算数增加666.00万元，系…下达第二批中央衔接资金"
                              r"(?:较|比)年初预算(?:数)?(?:增加|减少|多|少)|下达第[二三四五六七八九十\d]批")
# a reason given between the original budget and the cut one (JX702)
# ("因两个乡镇的河段划转至城区管理，年中调减10.00万元"); "根据实际情况调整" gives none
CUT_EXPLAINED = re.compile(r"因(?!此)|由于|鉴于|划转|移交|取消|终止|暂停|调整至下|推迟至")
# "预算资金43.2万元于5月全额下达，到位率100%": the amount arrived is the budget itself (JX101)
IN_FULL = re.compile(r"(?:全额|全部|足额|均已|已)[^，。；,;]{0,15}(?:下达|到位|拨付|下拨|到账)")


@dataclass(frozen=True, slots=True)
class BudgetWords:
    """Where the narrative explains its money: offsets of the reasons for a cut, of the
    statements of an arrival in full, and whether any prose explains an adjustment."""

    adjustment_explained: bool = False
    cut_reasons: tuple[tuple[int, int], ...] = ()  # (start, end) of each reason for a cut, in text order
    in_full: tuple[tuple[int, int], ...] = ()  # (start, end) of each "全额下达/全部到位"

    def cut_reason_between(self, lo: int, hi: int) -> bool:
        return _between(self.cut_reasons, lo, hi)

    def in_full_between(self, lo: int, hi: int) -> bool:
        return _between(self.in_full, lo, hi)


def _between(spans: tuple[tuple[int, int], ...], lo: int, hi: int) -> bool:
    """The first span starting at or after ``lo`` ends by ``hi``."""
    i = bisect.bisect_left(spans, lo, key=lambda s: s[0])
    return i < len(spans) and spans[i][1] <= hi


def find_budget_words(doc: Document, prose_block) -> BudgetWords:
    text = doc.text
    adjusted = any(ADJUSTMENT_WORDS.search(text, b.start, b.end) for b in doc.blocks if prose_block(b)) or any(
        # a sentence in a 自评表 cell ("实际完成情况：……年中根据区财政预算调整要求调减经费180,000.00元。")
        c.end - c.start >= 20 and re.search(r"[。，；]", text[c.start:c.end]) and ADJUSTMENT_WORDS.search(text, c.start, c.end)
        for t in doc.tables for c in t.cells)
    cuts = tuple(m.span() for m in CUT_EXPLAINED.finditer(text))
    full = tuple(m.span() for m in IN_FULL.finditer(text))
    return BudgetWords(adjusted, cuts, full)
