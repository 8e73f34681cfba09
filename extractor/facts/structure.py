"""The report's parts as a rule asks about them: its section titles and what follows
each, the attachments it cites and the ones the file holds, and its claims that the
whole work was done ("各项指标均已完成"). Read once here; JX701, JX952 and JX953 ask.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..build import HEADING_MAX_LEN, heading_level, heading_title
from ..indicators import small_int, tokens
from ..model import Document

REPORT = re.compile(r"绩效(?:自评|评价)|自评报告|评价报告")


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part: a heading, or a paragraph with a level ("（五）提升服务水平。…"),
    whose title is its first phrase."""

    title: str
    block: int  # Block.index
    start: int  # the heading block's span in Document.text
    end: int
    level: int | None  # the block's outline level (None for a heading read by its style alone)
    body: tuple[int, int] | None  # the text that follows the title: the rest of its paragraph, or the next one


@dataclass(frozen=True, slots=True)
class Attachments:
    cited: tuple[tuple[int, int, int], ...] = ()  # (number, start, end) of "详见附件1…", first citation of each
    present: frozenset[int] = frozenset()  # numbers of the parts that open with 附件N
    unnumbered_part: bool = False  # a bare "附件：" line opens a part whose items are not numbered as cited
    has_selfeval_table: bool = False  # a table whose header reads as a 自评表 (一级指标, 年度指标值, 分值 …)
    # "附件：项目支出绩效自评表" mentions with no such table and no table-like lines after them
    unmet_table_mentions: tuple[tuple[int, int], ...] = ()
    # "详见附件：2023年度公租房租金收缴明细表": an attachment cited by its title alone, in a file that holds
    # no attachment part and no other mention of that title: (start, end) of the title
    unmet_titled: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class IndicatorClaim:
    """A claim that one indicator was met, right after its result: "全县疫情发生面积下降率为6.2%，
    该指标已完成"."""

    result: Any  # the Statement the claim follows
    start: int
    end: int


# "该指标已完成", "此项指标已达标", "已完成年度目标" in the clause after a result (not "未完成", "尚未达到")
ONE_MET = re.compile(r"\s*(?:该|此|本)(?:项)?(?:指标|目标)?(?:已经?|均已|全部)?(?:完成|达标|达到(?:年度)?(?:目标|要求)|实现(?:年度)?目标)"
                     r"|\s*(?:已经?|均已)(?:完成|达到|实现)(?:年度|预期)?(?:目标|指标)(?:值|任务)?")


def find_indicator_claims(doc: Document, statements) -> tuple[IndicatorClaim, ...]:
    text = doc.text
    out = []
    for s in statements:
        if s.role != "result" or s.clause_end >= len(text) or text[s.clause_end] not in "，,":
            continue
        m = ONE_MET.match(text, s.clause_end + 1)
        if m is None or m.end() < len(text) and text[m.end()] not in "，,；;。":
            continue  # "该指标已完成80%": the words go on to a figure of their own
        out.append(IndicatorClaim(s, m.start() + len(m.group(0)) - len(m.group(0).lstrip()), m.end()))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Claim:
    """A claim that the whole work was done: "各项绩效指标均已完成", "圆满完成"; or that the
    project's money was all spent: "项目资金已全部支付完毕" (``about`` 'money')."""

    start: int
    end: int
    text: str
    # the words of the exceptions it names ("除X外，其余…", "…；其余指标全部完成"): a shortfall whose
    # subject shares one is excepted; None when it names none
    excepts: frozenset[str] | None = None
    about: str = "work"  # 'work' | 'money' (all spent) | 'arrival' (all arrived)


def find_sections(doc: Document) -> tuple[bool, tuple[Section, ...]]:
    """(whether the file reads as a performance report, its titled parts)."""
    text = doc.text
    out = []
    for i, b in enumerate(doc.blocks):
        if b.kind == "table_row" and b.level is None:
            row = text[b.start:b.end]
            level = heading_level(row) if "\t" not in row else None
            if level is not None and len(heading_title(row)) <= HEADING_MAX_LEN:
                # a sheet of narrative, one numbered part per row ("五、存在问题及改进措施：一是…"):
                # each row opens its part
                title = heading_title(row)
                rest = row[len(title):].lstrip("。：: ")
                out.append(Section(title, b.index, b.start, b.end, level,
                                   (b.end - len(rest), b.end) if rest else None))
            continue
        if b.kind != "heading" and b.level is None:
            continue
        if b.kind == "table_row":
            # a table row with a level counts among the titles (as it always has), with no body
            out.append(Section(heading_title(text[b.start:b.end]), b.index, b.start, b.end, b.level, None))
            continue
        out.append(Section(heading_title(text[b.start:b.end]), b.index, b.start, b.end, b.level, _body(doc, i)))
    return bool(REPORT.search(text[:2000])), tuple(out)


def _body(doc: Document, i: int) -> tuple[int, int] | None:
    b = doc.blocks[i]
    text = doc.text[b.start:b.end]
    title = heading_title(text)
    rest = text[len(title):].lstrip("。：: ")
    if rest:
        return (b.end - len(rest), b.end)
    if i + 1 < len(doc.blocks) and doc.blocks[i + 1].kind == "paragraph":
        n = doc.blocks[i + 1]
        return (n.start, n.end)
    return None


ATTACH = re.compile(r"附件\s*\d*\s*[：:、.．]?\s*[^。\n]{0,60}?(?:自评表|评价表|绩效目标表|指标表|评分表)")
TABLE_MARK = re.compile(r"一级指标|三级指标|年度指标值|实际完成值|全年预算数|年初预算数|分值|得分")
CITED = re.compile(r"(?:详见|参见|见|附有?)\s*附件\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,2})")
PART = re.compile(r"\s*附件\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,2})")
BARE_PART = re.compile(r"(?m)^\s*附件\s*[：:]?\s*$")
CITED_TITLE = re.compile(r"(?:详见|参见|见)\s*附件\s*[：:]\s*《?(?P<t>[^。；;，,\n《》]{4,40}(?:表|清单|名单|目录|明细|报告))》?")


def find_attachments(doc: Document) -> Attachments:
    text = doc.text
    present = set()
    for b in doc.blocks:
        m = PART.match(text, b.start, b.end)
        if m and (b.kind == "heading" or b.end - b.start <= 60):
            present.add(small_int(m.group(1)) or 0)
    cited: dict[int, tuple[int, int, int]] = {}
    for m in CITED.finditer(text):
        b = doc.block_at(m.start())
        if b is None or b.kind == "table_row":
            continue
        n = small_int(m.group(1)) or 0
        cited.setdefault(n, (n, m.start(), m.end()))
    has_table = any(
        TABLE_MARK.search(" ".join(text[c.start:c.end] for c in t.cells[:80])) for t in doc.tables)
    unmet = []
    if not has_table:
        for m in ATTACH.finditer(text):
            b = doc.block_at(m.start())
            if b is not None and b.kind == "table_row":
                continue
            # a table pasted as text lines right after the mention ("附件：评价指标评分表" then
            # "一级指标 二级指标 三级指标 分值 得分 …")
            if b is not None and TABLE_MARK.search(text, m.end(), min(len(text), b.end + 300)):
                continue
            unmet.append((m.start(), m.end()))
    bare = BARE_PART.search(text) is not None
    titled = []
    if not present and not bare:
        for m in CITED_TITLE.finditer(text):
            b = doc.block_at(m.start())
            title = m.group("t")
            if b is None or b.kind == "table_row" or ATTACH.search(m.group(0)):
                continue  # a 自评表's mention is weighed by its header (unmet_table_mentions)
            if text.find(title, m.end()) >= 0 or text.find(title, 0, m.start()) >= 0:
                continue  # the attachment's own title stands elsewhere in the file
            titled.append((m.start("t"), m.end("t")))
    return Attachments(cited=tuple(v for _, v in sorted(cited.items())), present=frozenset(present),
                       unnumbered_part=bare, has_selfeval_table=has_table,
                       unmet_table_mentions=tuple(unmet), unmet_titled=tuple(titled))


# Only claims about the whole project: "X和Y均达到预期" speaks of two indicators, not all.
CLAIM = re.compile(
    r"圆满完成|全面完成|保质保量(?:地)?完成|完成(?:情况)?良好|全部(?:圆满)?完成|全(?:部|面)达标|超额完成(?:了)?全部|"
    r"(?:各项|所有|全部)(?:绩效|产出|效益|年度)?(?:指标|目标|任务|工作)[^，。；]{0,8}(?:完成|达到|达标|实现|推进)"
)
# a 自评表's rows of sentences: "年度总体目标 | 实际完成情况 | …各县资金全部按期支出完毕。", "自评结论 | …"
NARRATIVE_ROW = re.compile(r"\s*(?:年度总体目标|总体目标|实际完成情况|自评结论|评价结论|总体评价|自评情况说明)")
CLAIM_ADVERBS = re.compile(r"[^\u4e00-\u9fff\d]|均|已|均已|并|且|已经|都|按期|按时|如期|顺利|基本")
ALL_OF = re.compile(r"(?:各项|所有|全部)(?:绩效|产出|效益|年度)?(?:指标|目标|任务|工作)")
NEGATED = re.compile(r"未|没有|尚未|不能|难以")
DENIED = re.compile(r"(?:不能|不宜|不可|难以|无法|并非|不是|不属于|不应)(?:被)?(?:认定|视|算|称|评)(?:为|作)?(?:已)?$")
ENUMERATOR = re.compile(r"^\s*(?:\d{1,2}\s*[.、．](?!\d)|[（(][\d一二三四五六七八九十]{1,3}[）)])")
MONEY_AFTER = re.compile(r"[\u4e00-\u9fff]{0,2}(?:支出|拨付|支付|兑付|资金)")
REST = re.compile(r"其余|其他")
EXCEPT = re.compile(r"除(?:了)?([^，。；]{2,40}?)(?:以)?外")
DIGIT = re.compile(r"\d")
DATES = re.compile(r"(?:19|20)\d{2}\s*年|\d{1,2}\s*月(?:\d{1,2}\s*日)?")  # a date's digits are no amount


def find_claims(doc: Document, prose_block=None) -> tuple[Claim, ...]:
    """``prose_block``: which blocks are prose (a spreadsheet's note written in one cell is)."""
    text = doc.text
    out = []
    for b in doc.blocks:
        if b.kind == "table_row" and (prose_block is None or not prose_block(b)) and not NARRATIVE_ROW.match(text, b.start, b.end):
            continue
        for m in CLAIM.finditer(text, b.start, b.end):
            if NEGATED.search(text[max(b.start, m.start() - 3):m.start()]) or \
                    DENIED.search(text, max(b.start, m.start() - 10), m.start()):
                continue  # "不能认定为全面完成年度目标": the claim is denied
            if MONEY_AFTER.match(text, m.end()):
                continue  # "年内全部完成支出": a claim about the money, weighed by the rate rules
            s0, _ = doc.sentence_span(m.start(), m.end())
            cs = max(s0, max(text.rfind(c, s0, m.start()) for c in "，,；;：:") + 1)
            own = CLAIM_ADVERBS.sub("", text[cs:m.start()])
            if not ALL_OF.match(m.group(0)) and DIGIT.search(text, s0, m.start()) and (len(own) < 2 or DIGIT.search(own)):
                # "维修养护水库51座，全部完成": the claim is about the figure before it, not the project; with a
                # subject of its own ("……，专职消防队伍建设任务圆满完成") it is about the work
                continue
            # "除小型水库安全鉴定外，其余各项绩效指标均已完成": the claim names its exceptions
            exc = EXCEPT.search(text, s0, m.start())
            rest = REST.search(text, max(s0, m.start() - 4), m.start() + 2)
            words = None
            if exc is not None or rest is not None:
                # "除X外，其余…", or "X…按完成率得13.95分；其余指标全部完成": the exceptions are named before
                # (for 其余: the whole sentence up to its full stop names them, across ；)
                lo = max(text.rfind(c, b.start, m.start()) for c in "。\n") + 1
                named_part = exc.group(1) if exc is not None else text[max(lo, b.start):m.start()]
                words = frozenset(w for w in tokens(named_part) if len(w) >= 2)
            out.append(Claim(m.start(), m.end(), m.group(0), words))
        # "上年结转资金120.00万元已全部支出": one source's money, with its amount; "已全部拨付到位" is arrival
        # (a money claim), and "未全部到位" denies an arrival claim
        for pattern, about in ((MONEY_CLAIM, "money"), (ARRIVAL_CLAIM, "arrival")):
            for m in pattern.finditer(text, b.start, b.end):
                s0, _ = doc.sentence_span(m.start(), m.end())
                lead = ENUMERATOR.sub("", text[s0:m.start()])  # "2.本年度补贴资金已全部兑付…": a note's number
                if DIGIT.search(DATES.sub("", lead)) or FUND_SOURCE.search(lead + m.group(0)) or (
                        about == "arrival" and NEGATED.search(lead[-3:])):
                    continue
                out.append(Claim(m.start(), m.end(), m.group(0), None, about))
    return tuple(sorted(out, key=lambda c: c.start))


# "各级资金全部按期足额拨付到位": all the money arrived
ARRIVAL_CLAIM = re.compile(r"(?:各级|项目|专项)?资金(?:已|均已|均)?(?:全部|全额|足额)(?:按期|及时)?(?:足额)?(?:拨付|下达)?到位")


# "截至年底，项目资金已全部支付完毕": the project's money all spent
MONEY_CLAIM = re.compile(r"(?:项目|专项)?资金(?:已|均已|已经)?(?:按计划|按进度)?(?:全部|全额|足额)?(?:按期|及时|如期)?(?:支付|支出|使用|拨付使用)完毕"
                         r"|(?:项目|专项)?资金(?:已|均已|已经)?(?:全部|全额)(?:支付|支出|使用)(?![^，。；]{0,4}(?:到位|下达))"
                         # "本年度补贴资金已全部兑付到购机户账户": paid out to those it is for
                         r"|资金(?:已|均已|已经)?(?:全部|全额|足额)(?:兑付|发放|支付)(?:到|至|给)[^，。；]{0,12}(?:账户|手中|个人|农户|群众)")
FUND_SOURCE = re.compile(r"结转|结余|中央|省级|市级|县级|区级|配套|补助|自筹|其中|部分|大部分|除")


def subject_words(doc: Document, offset: int, end: int) -> frozenset[str]:
    """The words of what a figure is about: its sentence, the short title that opens its
    paragraph ("4.小型水库安全鉴定。年度计划完成22座，实际完成20座") and the section titles
    above it."""
    b = doc.block_at(offset)
    if b is None:
        return frozenset()
    text = doc.text
    s0, s1 = doc.sentence_span(offset, end)
    first = text[b.start:b.end].split("。", 1)[0]
    title = first if len(first) <= 20 else ""
    return frozenset(tokens(text[s0:s1] + title + "".join(b.section)))
