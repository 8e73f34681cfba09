"""Indicator targets and results in the narrative, aligned by subject.

A *target* is a counted output promised in a 绩效目标 / 考核指标 passage
("开展境内外招商推介活动6场", "每年拜访企业120个以上"); a *result* is one reported
as done ("拜访目标企业785个，完成率109.03%"). Government reports often set
targets per group ("6个驻外招商组 … 各驻外招商组 … 每年拜访企业120个以上"), so
a target may carry a group count and a total (120 × 6 = 720), with one group
excepted in a parenthesis ("24家以上（数字经济招商组20家以上）" → 24 × 4 + 20).

The *subject* of a figure is its clause with the figure, dates and filler
removed; alignment compares subjects by jieba tokens (Dice) and characters
(rapidfuzz), and requires compatible measure words.
"""
from __future__ import annotations

import bisect
import heapq
import re
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

from .intervals import HUNDRED, rate_fits
from .model import Document, Pair, Quantity, Statement

# Clauses: the unit of a subject. 、 separates list items ("106个主题、118场活动").
CLAUSE_SEP = re.compile(r"[，,；;。！？!?、：:\n\t]")
PAREN = re.compile(r"[（(][^（）()]{0,40}[）)]")
_CLAUSE_MARK = re.compile(r"[（()）]|" + CLAUSE_SEP.pattern)  # what _clauses looks at

RESULT_CUE = re.compile(r"完成率|(?:截至|截止)[^，。；]{0,12}(?:底|末|止|日|月)|已完成|实际完成|共完成|累计完成|完成了|已实现|实际(?:开展|举办|拜访|提供|培训|建成)"
                        # "项目共建成高标准农田5.2万亩", "全年共举办…": what the year delivered
                        r"|(?:全年|项目|年内|本年度?)共(?:建成|新建|改造|举办|开展|培训|组织|实施|完成)")
TARGET_CUE = re.compile(r"考核指标|绩效目标|年度目标|目标任务|预期目标|产出目标|效益目标|计划(?:完成|开展|举办)|设置了|"
                        r"重点(?:做好|开展|实施)[^，。；]{0,6}工作|(?:主要|工作|建设)任务(?:是|为|包括|：)")
TARGET_SECTION = re.compile(r"目标")
PROBLEM_SECTION = re.compile(r"问题|不足|建议|改进|整改|下一步|措施|经验|做法")
RESULT_SECTION = re.compile(r"完成情况|指标分析|目标实现|绩效情况|实施效果|效益情况|产出情况|评价结论|综合评价|成效|绩效分析|实现情况|履职效能|履职绩效|履职情况")

# Measure-word families: a target and its result must count the same kind of thing.
FAMILIES = (
    frozenset("个家所户座处"),
    frozenset({"人", "名", "位"}),
    frozenset({"人次"}),  # person-times are not persons: 培训280人次 may be 50 people trained four times
    frozenset("场次期批届"),
    frozenset("篇份本册部"),
    frozenset("条"),
    frozenset("项件"),
)

STOP = frozenset(
    "的 了 和 与 及 在 等 其中 全年 累计 共 共计 合计 各 每 每年 年度 以上 以下 完成 实现 达到 开展 为 是 对 将 已 积极 有效 "
    "共有 总共 一共 其 并 分别 牵头 参与 进行 通过 全部 所属".split()
)

# "6个驻外招商组", "共设8个站点": a number of organisational units referred to later as 各X / 每X.
GROUP_NOUN = r"[\u4e00-\u9fff]{0,8}?(?:组|站|站点|中心|队|分队|小组|专班|工作站|基地|片区|网点|服务点)"
GROUP_COUNT = re.compile(rf"(\d{{1,3}}|[一二两三四五六七八九十]{{1,3}})个({GROUP_NOUN})(?![\u4e00-\u9fff]*?(?:成员|人员))")
_CN_SMALL = {c: i for i, c in enumerate("零一二三四五六七八九", 0)}
_CN_SMALL["两"] = 2


def small_int(s: str) -> int | None:
    """A small count in Arabic or Chinese numerals (3, ３, 三, 两, 十二, 二十, 二十五), else None."""
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if len(s) == 1:
        return _CN_SMALL.get(s)
    if s.startswith("十") and len(s) == 2:
        return 10 + _CN_SMALL.get(s[1], 0)
    if len(s) == 2 and s[1] == "十":
        return _CN_SMALL.get(s[0], 0) * 10
    if len(s) == 3 and s[1] == "十":
        return _CN_SMALL.get(s[0], 0) * 10 + _CN_SMALL.get(s[2], 0)
    return None


@lru_cache(maxsize=1)
def _jieba():
    """jieba's tokenizer, its prefix dictionary looked up on disk (extractor.jieba_index)."""
    from .jieba_index import tokenizer

    return tokenizer()


@lru_cache(maxsize=4096)
def tokens(s: str) -> tuple[str, ...]:
    return tuple(t for t in _jieba().lcut(s) if t.strip() and t not in STOP and not re.fullmatch(r"[\W_]+", t))


def family(unit: str) -> frozenset[str] | None:
    for f in FAMILIES:
        if unit in f:
            return f
    return None


def compatible(u1: str, u2: str) -> bool:
    if u1 == u2:
        return True
    f = family(u1)
    return f is not None and u2 in f


def unit_key(unit: str) -> object:
    """Units are ``compatible`` exactly when their keys are equal (the families are disjoint)."""
    return family(unit) or unit


def similarity(a: str, b: str) -> float:
    return _similarity(a, frozenset(tokens(a)), b, frozenset(tokens(b)))


def _similarity(a: str, ta: frozenset[str], b: str, tb: frozenset[str]) -> float:
    from rapidfuzz import fuzz

    dice = 200.0 * len(ta & tb) / (len(ta) + len(tb)) if ta and tb else 0.0
    return 0.6 * dice + 0.4 * fuzz.ratio(a, b)


# Two subjects without a shared token score 0.4 × fuzz.ratio ≤ 40 (their Dice term is 0):
# any search for a score above this need only compare subjects that share a token.
NO_SHARED_TOKEN_MAX = 40.0


class SubjectIndex:
    """Subjects by token and unit key, to find the ones that may score above
    ``NO_SHARED_TOKEN_MAX`` with a given subject without comparing it with every one.
    ``scores`` caches the similarity of each distinct pair of subject strings."""

    def __init__(self, subjects: list[str], units: list[str] | None = None) -> None:
        self.subjects = subjects
        self.sets = [_token_set(s) for s in subjects]
        self.by_token: dict[tuple[object, str], list[int]] = {}
        for j, ts in enumerate(self.sets):
            key = unit_key(units[j]) if units is not None else None
            for t in ts:
                self.by_token.setdefault((key, t), []).append(j)
        self._scores: dict[tuple[str, str], float] = {}

    def near(self, subject: str, unit: str | None = None) -> list[int]:
        """Indices (ascending) of the subjects that share a token with ``subject`` (and,
        when the index has units, whose unit is compatible with ``unit``)."""
        key = unit_key(unit) if unit is not None else None
        hits: set[int] = set()
        for t in _token_set(subject):
            hits.update(self.by_token.get((key, t), ()))
        return sorted(hits)

    def score(self, subject: str, j: int) -> float:
        b = self.subjects[j]
        k = (subject, b)
        sc = self._scores.get(k)
        if sc is None:
            sc = self._scores[k] = _similarity(subject, _token_set(subject), b, self.sets[j])
        return sc


@lru_cache(maxsize=65536)
def _token_set(s: str) -> frozenset[str]:
    return frozenset(tokens(s))


def find_groups(doc: Document) -> dict[str, int]:
    groups: dict[str, int] = {}
    for m in GROUP_COUNT.finditer(doc.text):
        n = small_int(m.group(1))
        label = m.group(2)
        # "第五批驻外招商组" style prefixes are not part of the label
        label = re.sub(r"^(?:第[一二三四五六七八九十\d]+批|共|设|组建了?|成立了?)", "", label)
        if n and 1 < n <= 200 and len(label) >= 2:
            groups.setdefault(label, n)
    return groups


def _group_for(label_text: str, groups: dict[str, int]) -> tuple[str, int] | None:
    best = None
    for g, n in groups.items():
        if g in label_text or label_text in g:
            if best is None or len(g) > len(best[0]):
                best = (g, n)
    return best


# a title that only names a dimension of the indicator system: "（一）数量目标", "2.满意度指标"
DIMENSION_TITLE = re.compile(r"\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十\d]{1,2}\s*[.、．])?\s*"
                             r"(?:数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|效益|满意度|产出)(?:指标)?(?:目标)?\s*[。.]?")


def section_role(titles: tuple[str, ...]) -> str | None:
    """The role the innermost telling section title gives: "(二)项目绩效目标" → target,
    "三、绩效目标完成情况" → result."""
    for t in reversed(titles):
        # a numbered paragraph ("1.全年发生森林火灾2起，……远低于0.9‰的控制目标") titles by its first phrase
        t = re.split(r"[，。；,;]", t, maxsplit=1)[0]
        if DIMENSION_TITLE.fullmatch(t):
            continue  # "（一）数量目标" under 三、绩效目标实现情况: a dimension of the indicators, told by the section above
        if RESULT_SECTION.search(t):
            return "result"
        if TARGET_SECTION.search(t):
            return "target"
    return None


# "超额完成年度目标", "未达到的年度目标", "按计划完成": a result measured against the target
_MET_BEFORE = re.compile(r"(?:完成|达到|实现|超过|超出|低于|未达|未达到|未完成)(?:了|的)?$|(?:按|按照|依)$")


# "远低于0.9‰的控制目标", "超过40类的目标": a result compared with a target named after it
_COMPARED_WITH = re.compile(r"(?:低于|高于|超过|超出|达到|未达到|优于|好于|少于|多于|控制在|不足)[^，。；;]{0,14}的"
                            r"(?:控制|年度|绩效|预期)?$")


def _met(text: str, pos: int) -> bool:
    """The target cue at ``pos`` names what a result was measured against, not a target stated."""
    return bool(_MET_BEFORE.search(text, max(0, pos - 6), pos) or _COMPARED_WITH.search(text, max(0, pos - 22), pos))


def _states_target(text: str) -> bool:
    return any(not _met(text, m.start()) for m in TARGET_CUE.finditer(text))


# a clause that states a target inside a results paragraph: "…接待读者31.8万人次，年度目标为不少于35万人次";
# "计划在全区完成农村户厕改造3200户"
CLAUSE_TARGET = re.compile(r"(?:年度|绩效|预期)?目标(?:值|任务|要求)?(?:为|是|：|:)|目标(?:值|要求)?(?:不少于|不低于|不超过|不高于)|"
                           r"计划[^，。；,;]{0,8}?(?:完成|开展|举办|实施|建设|改造|培训|新建)|预期(?:完成|达到)|"
                           r"(?:项目|建设|主要|实施|工作)内容(?:为|是|包括|：|:)|"
                           r"目标(?:值)?(?=\s*(?:[\d≥≤<>]|不少于|不低于|不超过|不高于))|计划(?=[^，。；,;]{0,16}\d)|"
                           # "非遗展示展演活动44场，年度指标值≥40场": the 自评表's word for the target
                           r"年度指标值(?:为|是|：|:)?(?=\s*(?:[\d≥≤<>＞＜]|不少于|不低于|不超过|不高于))|"
                           r"的目标|的要求|的目标值|"
                           # "年度目标培训1,200人次": the target's verb between 目标 and its figure
                           r"(?:年度|绩效|预期)目标[\u4e00-\u9fff]{1,8}?(?=\d)|"
                           # "我市下达高标准农田建设任务28.6万亩，其中高效节水灌溉4.2万亩": the task given
                           r"(?:下达|分解|分配|承担)[^，。；,;]{0,12}?任务")


# (a measurement is a result too: "经问卷调查，满意度为93.5%", "抽样检测显示合格率98.2%")
_ACHIEVED = re.compile(r"实际|已经?|完成了|达到了|建成了|累计完成|实现|超过|超额|全年共|共(?:举办|开展|完成|组织|实施|建成|培训)|"
                       r"经[\u4e00-\u9fff]{0,6}?(?:调查|测评|统计|核查|核实|检测|抽查|抽检|测算|评估|验收)|"
                       r"(?:调查|测评|检测|抽查|抽检|统计)(?:结果)?(?:显示|表明)")
# the earlier figure of a comparison: "由上年的2460亩下降至…", "较2022年的326场", "上年同期为44.1万人次"
EARLIER_FIGURE = re.compile(r"(?:由|从|较|比|相比)(?:上年|去年|上一年度?|上年度|(?:19|20)\d{2}\s*年(?:度)?)(?:同期)?(?:的|末|底)?"
                            r"[\u4e00-\u9fff]{0,6}?(?:为|是)?\s*$|(?:上年|去年)同期(?:为|是)?\s*$")
# a clause led by its own year: "2022年全区完成“送戏下乡”演出118场"
EARLIER_YEAR = re.compile(r"\s*(?:在|于)?\s*((?:19|20)\d{2})\s*年(?:度)?(?!以来|来|至今|起|[—\-－~～至到])")
# "培训群众2,136人次，比目标少264人次": the gap to the target, not a result of its own
TARGET_GAP = re.compile(r"(?:比|较)(?:年度|全年)?(?:目标|计划|预期)(?:值|数|任务)?(?:相比)?(?:少|多|减少|增加|超出|超过|高出|低|差)了?\s*$")
SINCE = re.compile(r"(?:19|20)\d{2}\s*年(?:度)?(?:以来|来|至今)|自(?:19|20)\d{2}\s*年(?:起|以来)|历年|累计至今"
                   # "自2019年项目实施以来，……累计新建应急广播终端486套"
                   r"|(?:自|从)(?:19|20)\d{2}\s*年[^，。；;]{0,12}(?:以来|起)")
_RESULT_AFTER = re.compile(r"实际|实现|完成了?|达到|建成|已|累计|全年")
_SENT_END = re.compile(r"[。；;！？!?\n]")


def _result_follows(text: str, start: int, hi: int, unit: str = "") -> bool:
    """A figure follows in the same sentence as what was achieved ("…，实际建成…3.62万亩"), or
    a plain figure in the same measure follows ("不少于9,800人，月均保障9,912人")."""
    e = _SENT_END.search(text, start, hi)
    rest = text[start:e.start() if e else hi]
    m = _RESULT_AFTER.search(rest)
    if m and re.search(r"\d", rest[m.end():]):
        return True
    if unit:
        for x in re.finditer(r"(?<![不少低高于过])\d[\d,.]*\s*[万亿]?" + re.escape(unit), rest):
            before = rest[max(0, x.start() - 3):x.start()]
            if not re.search(r"不少于|不低于|不超过|不高于|以上|以下|≥|≤|>|<", before):
                return True
    return False


# words that only say which role a figure has: a subject made of them names nothing
_ROLE_WORDS = re.compile(r"年度|目标值?|指标值|完成值|实际|完成了?|计划|预期|为|达到|共|累计|全年|实现|建成|开展|实施|落实|的|是|超过|低于|高于|未达到|未")
_TOPIC = re.compile(r"(?m)(?:^|[。；;])\s*(?:\d{1,2}\s*[.、．]|[（(][\d一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]是)?"
                    # "1.数量指标—居民电子健康档案建档率：", "2.产出指标—数量指标—培训骨干：": its dimensions first
                    r"\s*(?:[\u4e00-\u9fff]{2,10}\s*—+\s*){0,2}"
                    r"((?:[\u4e00-\u9fff“”]|(?<=[\u4e00-\u9fff])[\d\-—～~]+(?=[\d\-—～~]*[\u4e00-\u9fff])"
                    r"|[（(][\u4e00-\u9fff“”、]{1,15}[）)]){2,24})[：:]")


_ITEM_NUMBER = re.compile(r"\s*(?:\d{1,2}\s*[.、．]|[（(][\d一二三四五六七八九十]{1,3}[）)])")


def _numbered_item(text: str, lo: int, pos: int) -> bool:
    """The segment holding ``pos`` opens with a list number: "1.送戏下乡：…"."""
    seg_lo = max(lo, max(text.rfind(c, lo, pos) for c in "。；;") + 1 if pos > lo else lo)
    return _ITEM_NUMBER.match(text, seg_lo) is not None


def _line_topic(text: str, lo: int, pos: int) -> str:
    """The indicator a line or sentence names before a colon: "（3）新建供水管网：年度目标120公里，
    实际完成114公里" names 新建供水管网 for both figures."""
    seg_lo = max(lo, max(text.rfind(c, lo, pos) for c in "。；;") + 1 if pos > lo else lo)
    for m in _TOPIC.finditer(text, seg_lo - 1 if seg_lo > lo else lo, pos):
        if m.end() <= pos:
            name = m.group(1)
            if not re.search(r"目标|情况|如下|方面|指标$", name):
                return name
    return ""


def _sentence_neighbour(text: str, statements: list[Statement], block: int, q: Quantity, cs: int,
                        any_measure: bool = False) -> Statement | None:
    """The statement just before ``q`` in the same sentence and measure (any measure with
    ``any_measure``), if any."""
    if not statements:
        return None
    prev = statements[-1]
    if prev.block == block and (any_measure or compatible(prev.q.unit, q.unit)) \
            and not re.search(r"[。；;]", text[prev.clause_end:cs]):
        return prev
    return None


def _head_of_breakdown(text: str, statements: list[Statement], prev: Statement, s_lo: int) -> Statement:
    """A target after a 其中 breakdown ("完成审计项目23个，其中：…9个、…8个、…6个，年度计划23个")
    is the target of the figure broken down, not of its last part."""
    k = text.rfind("其中", s_lo, prev.q.start)
    if k < 0:
        return prev
    head = [s for s in statements if s.block == prev.block and s_lo <= s.q.start < k and compatible(s.q.unit, prev.q.unit)]
    return head[-1] if head else prev


# "目标值≥95%，实际完成值：验收合格企业46家" / "年度目标12000人，实际覆盖高龄老人家庭11850户": what
# follows 实际(完成值) right after a target is the value of that target, whatever it counts (the
# measure may differ: that is what JX601 reports)
_VALUE_OF_PREV = re.compile(r"[，,]\s*(?:实际完成值|实际完成情况|实际值|实际)(?:为|是)?[：:]?")


# "未达到100%的年度目标", "超过90%的目标值": the figure is the target the result before it is measured against
_FIGURE_OF_TARGET = re.compile(r"(?:达到|超过|高于|低于|完成)\s*(?:[≥≤>＞<＜]|不低于|不少于)?\s*[\d.]+\s*%?(?:以上|以下)?的(?:年度|预期|计划)?目标")


def clause_role(block_role: str, by_section: str | None, clause: str, before: str = "") -> str:
    """The role of one clause: its own target wording decides, or a target cue earlier in its
    sentence with nothing achieved said since ("预期目标：新建…15个，更新健身器材200件"); in a
    results section a clause without either is a result even when its paragraph also states
    a target."""
    own = any(not _met(clause, m.start()) for m in CLAUSE_TARGET.finditer(clause))
    if own or _FIGURE_OF_TARGET.search(clause):
        return "target"
    lead = list(CLAUSE_TARGET.finditer(before))
    if lead and not _ACHIEVED.search(before, lead[-1].end()) and not _ACHIEVED.search(clause):
        return "target"
    if block_role == "target" and by_section == "result":
        return "result"
    return block_role


TARGET_LEAD = re.compile(r"\s*(?:年度总体目标|年度绩效目标|绩效目标|预期目标|年度目标)(?:[（(]预期目标[）)])?\s*[：:]")


def block_role(doc: Document, bi: int, prose: frozenset[tuple[int, int]] = frozenset()) -> str | None:
    """``prose``: (table, row) of the table rows that are paragraphs (facts.prose.prose_rows)."""
    b = doc.blocks[bi]
    if b.kind != "paragraph" and b.kind != "heading" and (b.table, b.row) not in prose:
        return None
    text = doc.text[b.start:b.end]
    if RESULT_CUE.search(text):
        return "result"
    # "（一）数量目标。全年新建…": a paragraph titled with a dimension is told by its section, not by that 目标
    dim = DIMENSION_TITLE.match(text)
    titled = dim is not None and dim.end() < len(text) and text[dim.end() - 1] in "。.：:"
    body = text[dim.end():] if titled else text
    head = body[:12]
    by_section = section_role(b.section)
    if TARGET_LEAD.match(text) and "完成" not in head:
        return "target"  # "年度总体目标（预期目标）：…" wherever it stands, also under 五、其他需要说明的问题
    # (a numbered paragraph titles by its first phrase: "2.排查重大事故隐患57项，已整改55项，…" is no 整改 part)
    if any(PROBLEM_SECTION.search(re.split(r"[，。；,;]", t, maxsplit=1)[0]) for t in b.section[-1:]):
        return "fact"  # "存在的问题：一是绩效目标设置不够细化…三是4个小区未能按期完工"
    if _states_target(body) or "目标" in head and "完成" not in head or by_section == "target":
        return "target"
    if by_section == "result":
        return "result"
    # any other paragraph states facts: not aligned with targets, but a count
    # given twice with two values is still a conflict
    return "fact"


_YEARISH = re.compile(r"(?:19|20)\d{2}年(?:度|底|末|初)?|\d{1,2}月(?:\d{1,2}日)?(?:底|末)?|截至|截止|目前|当年|去年|今年")
_FILLER_HEAD = re.compile(
    r"^(?:其中|此外|另外|同时|全年|全省|全市|全县|全区|全州|全镇|全乡|我省|我市|我县|我区|本年度|本年|今年|本项目|该项目|"
    r"项目(?=共|累计|全年|已|实际)|"
    r"累计|共计|合计|共|总计|一是|二是|三是|四是|五是|并|已|均|还)+"
)


def _subject(clause: str, q_start: int, q_end: int, c_start: int, groups: dict[str, int]) -> tuple[str, str]:
    """The clause minus the figure, dates, group labels and filler; and its head word."""
    before = clause[: q_start - c_start]
    after = clause[q_end - c_start:]
    before = _YEARISH.sub("", before)
    after = _YEARISH.sub("", after)
    # "为68个社区居家养老服务中心拨付运营补助": the figure counts that group; its name stays
    own = next((g for g in sorted(groups, key=len, reverse=True) if after.startswith(g)), "")
    after = after[len(own):]
    for g in sorted(groups, key=len, reverse=True):
        before = before.replace(g, "")
        after = after.replace(g, "")
    after = own + after
    before = PAREN.sub("", before)
    after = PAREN.sub("", after)
    before = re.sub(r"^(?:[各每]|每年|每组|每个)+", "", _FILLER_HEAD.sub("", before.strip()))
    after = after.strip()
    subject = (before + after).strip("“”\"' ")
    # head: the counted noun. "面向500家企业" -> 企业 (noun right after the figure);
    # "设立企业5家" -> 企业 (noun before it).
    if after and re.match(r"[\u4e00-\u9fff]", after):
        at = tokens(after)
        head = at[0] if at else ""
    else:
        bt = tokens(before)
        head = bt[-1] if bt else ""
    return subject, head


def _clauses(text: str, start: int) -> list[tuple[int, int]]:
    """Clause spans (absolute offsets), not splitting inside parentheses."""
    spans = []
    depth = 0
    s = 0
    for m in _CLAUSE_MARK.finditer(text):  # only the parentheses and separators, not every character
        i, ch = m.start(), m.group()
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif depth == 0 and not (
            ch in ",.:" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()
        ):  # "1,260" and "10:30" are one figure, not two clauses
            if i > s:
                spans.append((start + s, start + i))
            s = i + 1
    if len(text) > s:
        spans.append((start + s, start + len(text)))
    return spans


def _clause_of(clauses: list[tuple[int, int]], starts: list[int], q: Quantity) -> tuple[int, int] | None:
    """The first clause holding ``q``. Clauses are disjoint and in order, so a figure
    (never empty) can only be in the last one starting at or before it: found by
    bisection, not by trying every clause of the block for every figure in it."""
    if q.end <= q.start:
        return next(((cs, ce) for cs, ce in clauses if cs <= q.start and q.end <= ce), None)
    i = bisect.bisect_right(starts, q.start) - 1
    if i >= 0 and q.end <= clauses[i][1]:
        return clauses[i]
    return None


_COUNTABLE = frozenset({"count"})
# "65岁及以上老年人", "60周岁以上的老人", "14岁以下儿童": an age bound written before the people it
# describes qualifies the subject; it is not a count promised or achieved
_AGE_UNITS = frozenset({"岁", "周岁"})


# "累计供餐58,260人次，日均约159.6人次": an average per day, person or mu is a rate of the
# indicator, never its count
_AVERAGE = re.compile(r"(?:[日月年周人户亩场次校村]均|平均(?:每[天日月年人户])?|每[天日月]平均)(?:约|为|达到?|近)?\s*$")
# "2023年计划新建城区公办幼儿园1所": a plan for a year after the evaluated one is no target of it
_LATER_PLAN = re.compile(r"((?:19|20)\d{2})年(?:度)?(?:计划|将|拟|力争|争取|预计|目标)")


def _attributive_age(text: str, q: Quantity) -> bool:
    return q.unit in _AGE_UNITS and q.end < len(text) and "\u4e00" <= text[q.end] <= "\u9fff"
# A percentage is an indicator value when it measures something ("满意度≥90%",
# "高血压患者规范管理率51%"), not when it is a funds or completion rate or a change.
# (a role word may stand between the rate and its figure: "满意度目标值≥90%", "合格率实际为98.2%")
_RATE_WORDS = (r"((?:率|满意度|比例|占比|比重|覆盖面))(?:的?(?:年度)?(?:目标值?|指标值|预期值?|实际完成值|实际值?))?"
               r"(?:达到?|为|是|保持在?|提高到|不低于|不少于|在)?$")
_RATE_HEAD = re.compile(_RATE_WORDS)
_TARGET_LIST = re.compile(r"目标(?:任务|值)?(?:为|是|如下)?[：:]")
_STATED_VALUE = re.compile(r"(?:实际)?完成值(?:为|是|[：:])?\s*$")
_NOT_INDICATOR = re.compile(r"完成率|完成比例|执行率|使用率|支付率|支出率|到位率|结余率|增长率?|下降(?!率)|增速|同比|环比|占比提高|提高了?|降低了?$")


def _indicator_rate(doc: Document, q: Quantity) -> bool:
    if q.kind != "percent" or q.unit != "%":
        return False
    lo = max(0, q.start - 14)
    before = re.split(r"[，,；;。、：:（(]", doc.text[lo:q.start])[-1]
    if _STATED_VALUE.search(doc.text[lo:q.start]):
        return True  # "实际完成值为96%": the indicator's measured value as written, whatever its target's unit
    if _TARGET_IN_PAREN.search(doc.text, max(0, q.start - 16), q.start):
        return True  # "达标率96.3%，达到年度目标（≥95%）"
    if _TARGET_AFTER_RATE.search(doc.text, max(0, q.start - 40), q.start):
        return True  # "水质达标率93.6%，年度目标为≥95%": the target of the rate just before
    if _MEASURED_AGAINST.match(doc.text, q.end) and re.search(r"(?:未|没有)?(?:达到|超过|高于|低于|完成)\s*$", before):
        return True  # "覆盖率86%，未达到100%的年度目标": the target the rate before it is measured against
    return bool(_RATE_HEAD.search(before)) and not _NOT_INDICATOR.search(before)


_MEASURED_AGAINST = re.compile(r"(?:以上|以下)?的?(?:年度|预期|计划)?(?:目标值?|计划|要求)")
_TARGET_IN_PAREN = re.compile(r"(?:完成|达到|超过|超额完成|实现|高于|低于|优于|未达到|未完成)了?(?:年度|全年|预期|绩效|计划)?"
                              r"(?:目标|计划)(?:值|任务)?\s*[（(]\s*(?:(?:年度)?目标(?:值)?(?:为|是)?)?\s*$"
                              # "实际完成1462人（目标≥1500人）": the bracket right after a result names its target
                              r"|\d\s*(?:%|[\u4e00-\u9fff]{1,3})\s*[（(]\s*(?:年度|全年)?(?:目标|计划)(?:值|数)?(?:为|是|：|:)?\s*$")
_TARGET_AFTER_RATE = re.compile(r"(?:率|满意度|比例|占比|比重|覆盖面)(?:为|达到?|是)?\s*[\d.]+\s*%\s*[，,]\s*"
                                r"(?:年度|绩效|预期|全年)?目标(?:值)?(?:为|是|：|:)?\s*$")


def missed(t: Statement, r: Statement) -> bool:
    """Whether result r falls short of target t in the target's direction."""
    total = target_total(t)
    r_lo = r.q.value - r.q.ulp / 2
    r_hi = (r.q.high if r.q.high is not None else r.q.value) + r.q.ulp / 2
    if t.q.qualifier in ("≤", "<"):
        return r_lo > total
    if t.q.qualifier in (None, "≥", ">", "+"):
        return r_hi < total
    return False
_EACH = re.compile(r"(?:各|每个?)(" + GROUP_NOUN + ")|(" + GROUP_NOUN + r")每(?:组|个|站)")


def find_statements(doc: Document, quantities: list[Quantity], year: int | None = None,
                    skip_blocks: frozenset[int] = frozenset(), prose: frozenset[tuple[int, int]] = frozenset(),
                    ) -> tuple[list[Statement], list[Pair], dict[str, int]]:
    """Targets and results with their alignment; ``year``: the evaluated year when the caller has
    read it (a target in a sentence planning a later year is not this year's); ``skip_blocks``:
    Block.index of lines that are rows of a 自评表 written as prose; ``prose``: (table, row) of the
    one-cell table rows that are paragraphs (a report typed in a sheet, one paragraph per row, or
    inside a one-cell Word table), read as paragraphs."""
    groups = find_groups(doc)
    by_block: dict[int, list[Quantity]] = {}
    for q in quantities:
        b = doc.block_at(q.start)
        if b is not None:
            by_block.setdefault(b.index - 1, []).append(q)
    statements: list[Statement] = []
    near = _ByStart(quantities)
    if year is None:
        from .facts.periods import evaluated_year  # facts imports this module

        year = evaluated_year(doc)
    for bi, qs in sorted(by_block.items()):
        if bi + 1 in skip_blocks:
            continue
        block_r = role = block_role(doc, bi, prose)
        if role is None:
            continue
        b = doc.blocks[bi]
        by_section = section_role(b.section)
        text = doc.text[b.start:b.end]
        clauses = _clauses(text, b.start)
        clause_starts = [cs for cs, _ in clauses]
        # sentence-level group context: "各驻外招商组…，每年拜访企业120个以上，…。"
        sentence_group: dict[int, tuple[str, int]] = {}
        if role == "target" and groups:
            for sm in re.finditer(r"[^。；;]+[。；;]?", text):
                em = _EACH.search(sm.group(0))
                if em:
                    g = _group_for(em.group(1) or em.group(2), groups)
                    if g:
                        for k in range(sm.start(), sm.end()):
                            sentence_group[k] = g
        for q in qs:
            if q.kind not in _COUNTABLE and not _indicator_rate(doc, q) and not (
                    q.unit == "%" and _RATE_HEAD.search(_line_topic(doc.text, b.start, q.start) or "")):
                continue
            if _attributive_age(doc.text, q) or _AVERAGE.search(doc.text, max(b.start, q.start - 8), q.start):
                continue
            clause = _clause_of(clauses, clause_starts, q)
            if clause is None:
                continue
            cs, ce = clause
            ctext = doc.text[cs:ce]
            # a figure inside a parenthesis of the clause is a sub-item or an exception:
            # handled with its parent below, or kept as its own statement when 其中-led
            paren = next((m for m in PAREN.finditer(ctext) if m.start() <= q.start - cs and q.end - cs <= m.end()), None)
            # "铺设管网186.5公里，完成年度目标（≥180公里）": the bracket after a result measured against
            # its target states that target
            paren_target = paren is not None and _TARGET_IN_PAREN.search(doc.text, max(b.start, cs + paren.start() - 16), q.start) is not None
            if paren is not None and not paren_target and not ctext[paren.start() + 1:paren.start() + 3] == "其中":
                continue
            if paren is not None:
                cs, ce = cs + paren.start() + 1, cs + paren.end() - 1
                ctext = doc.text[cs:ce]
            subject, head = _subject(ctext, q.start, q.end, cs, groups)
            if q.unit == "%" and (rm := _RATE_HEAD.search(subject)) and rm.end(1) < len(subject):
                # "受益群众满意度目标≥90%" / "满意度为93.5%": the rate is the subject, not its role or verb
                subject = subject[:rm.end(1)]
                head = (tokens(subject)[-1:] or ("",))[0]
            topic = _line_topic(doc.text, b.start, cs)
            bare_subject = _ROLE_WORDS.sub("", subject)
            # "（二）营养餐供餐天数：年度目标不少于200天，实际供餐186天": a subject that is only role
            # words, or a part of the line's topic, is the topic
            # (or a bare verb of it: "1.送戏下乡：年度计划300场，全年实际演出246场")
            if topic and (len(bare_subject) < 2 or bare_subject in topic or (len(bare_subject) == 2 and _numbered_item(doc.text, b.start, cs))):
                subject, head = topic, (tokens(topic)[-1:] or ("",))[0]
            if paren_target:
                prev = _sentence_neighbour(doc.text, statements, b.index, q, cs)
                if prev is None or prev.role != "result":
                    continue
                subject, head = prev.subject, prev.head
            if len(subject) < 2:
                continue
            s_lo = max(b.start, max(doc.text.rfind(c, b.start, clause[0]) for c in "。；;！？"))
            lead_lo = s_lo
            # "本年度设定绩效目标：完成培训12000人次以上；培训合格取证率不低于80%；…": a list of targets
            # after 目标： runs over its ；, so each item keeps the lead-in
            full_lo = max(b.start, max(doc.text.rfind(c, b.start, clause[0]) for c in "。！？"))
            if full_lo < s_lo and _TARGET_LIST.search(doc.text, full_lo, s_lo):
                lead_lo = full_lo
            # (a target cue inside a bracket is the bracket's: "实际完成1462人（目标≥1500人）")
            own = doc.text[clause[0]:clause[1]] if paren is not None else PAREN.sub("", doc.text[clause[0]:clause[1]])
            role = "target" if paren_target else clause_role(block_r, by_section, own, doc.text[lead_lo:clause[0]])
            if TARGET_GAP.search(doc.text, max(cs, q.start - 12), q.start):
                continue
            if SINCE.search(doc.text, s_lo, q.start):
                role = "history"
            elif year is not None and (ey := EARLIER_YEAR.match(doc.text, cs)) and int(ey.group(1)) < year:
                role = "history"  # "2022年全区完成演出118场，2023年完成132场": the earlier year's figure
            elif EARLIER_FIGURE.search(doc.text, max(cs, q.start - 16), q.start) and not (
                    year is not None and any(int(y) >= year for y in re.findall(r"((?:19|20)\d{2})\s*年", doc.text[max(cs, q.start - 16):q.start]))):
                role = "history"  # "由上年的2460亩下降至2115亩", "较上年的1530人次": the earlier figure compared with
            elif role == "target" and year is not None and any(
                    int(m.group(1)) > year for m in _LATER_PLAN.finditer(doc.text, s_lo, q.start)):
                continue  # "2019年以来，全市累计改造老旧小区186个": not this year's result, compared with nothing
            if role == "result" and q.qualifier in ("≥", ">", "≤", "<") and _result_follows(doc.text, q.end, b.end, q.unit):
                role = "target"  # "建设高标准农田不少于3.5万亩，实际建成3.62万亩": the target, then its result
            # a figure whose subject is only role words belongs to the one just before it in its
            # sentence: "改造供水管网目标不少于45公里，实际完成42公里" (a result after its target),
            # "…接待读者31.8万人次，年度目标为不少于35万人次" (a target after its result)
            bare = _ROLE_WORDS.sub("", CLAUSE_TARGET.sub("", subject) if role == "target" else subject)
            if role in ("result", "target") and len(bare) < 2:
                prev = _sentence_neighbour(doc.text, statements, b.index, q, cs)
                if prev is not None and role == "target":
                    prev = _head_of_breakdown(doc.text, statements, prev, s_lo)
                if prev is not None and (role == "target" or prev.role == "target"):
                    subject, head = prev.subject, prev.head
                    if role == "target" and prev.role == "result" and prev.rate is None:
                        # "健康管理4.05万人，年度目标4.2万人，完成率97.4%": the 完成率 after a target
                        # restated behind its result is that result's
                        rate = _rate_after(doc, near, q, ce)
                        if rate is not None:
                            statements[statements.index(prev)] = replace(prev, rate=rate)
            if role == "result" and statements and statements[-1].role == "target":
                prev = _sentence_neighbour(doc.text, statements, b.index, q, cs, any_measure=True)
                if prev is not None and (_VALUE_OF_PREV.match(doc.text, prev.q.end) or (
                        # "受益群众满意度目标≥90%，经问卷调查，满意度为93.5%": the result names its target's
                        # measure in short
                        len(subject) >= 2 and prev.subject.endswith(subject) and compatible(prev.q.unit, q.unit))) \
                        and not any(prev.q.end < x.start < q.start for x in qs):
                    subject, head = prev.subject, prev.head
            groups_n = group_label = total = note = None
            if role == "target":
                g = sentence_group.get(q.start - b.start)
                if g:
                    group_label, groups_n = g
                    total = q.value * groups_n
                    note = f"{q.value} × {groups_n}"
                    # "24家以上（数字经济招商组20家以上）": one group has its own target
                    after = doc.text[q.end:min(ce + 1, len(doc.text))]
                    pm = PAREN.match(after.lstrip())
                    if pm:
                        sub = [x for x in near.between(q.end + 1, q.end + len(after) - 1) if x.kind == "count"
                               and compatible(x.unit, q.unit)]
                        if sub and re.search(GROUP_NOUN, pm.group(0)) and "其中" not in pm.group(0):
                            total = q.value * (groups_n - 1) + sub[0].value
                            note = f"{q.value} × {groups_n - 1} + {sub[0].value}"
            rate = None
            if role == "result":
                rate = _rate_after(doc, near, q, ce)
                qz = doc.text.rfind("其中", s_lo, cs)
                if rate is not None and qz >= 0:
                    # "共完成审计项目47个，其中竣工决算审计29个、……专项审计调查8个，完成率94.00%": the rate after
                    # a 其中 list is the list's total's
                    whole = next((k for k in range(len(statements) - 1, -1, -1)
                                  if statements[k].block == b.index and statements[k].q.end <= qz
                                  and statements[k].q.start >= s_lo and statements[k].role == "result"
                                  and compatible(statements[k].q.unit, q.unit)), None)
                    if whole is not None:
                        if statements[whole].rate is None:
                            statements[whole] = replace(statements[whole], rate=rate)
                        rate = None
            statements.append(Statement(role, q, subject, head, cs, ce, b.index, groups_n, group_label, total, note, rate,
                                        sample=sampled(doc.text, q.start)))
    pairs = align(statements)
    return statements, pairs, groups


class _ByStart:
    """Quantities looked up by offset: ``between(lo, hi)`` is, in their list order, those
    starting in [lo, hi] (a scan of the whole list per figure made a long report quadratic)."""

    def __init__(self, quantities: list[Quantity]) -> None:
        self.quantities = quantities
        self.order = sorted(range(len(quantities)), key=lambda k: quantities[k].start)
        self.starts = [quantities[k].start for k in self.order]

    def between(self, lo: int, hi: int) -> list[Quantity]:
        ks = self.order[bisect.bisect_left(self.starts, lo):bisect.bisect_right(self.starts, hi)]
        return [self.quantities[k] for k in sorted(ks)]


def _rate_after(doc: Document, near: _ByStart, q: Quantity, clause_end: int) -> Quantity | None:
    """完成率 given right after a result: "785个，完成率109.03%"."""
    window = doc.text[clause_end:clause_end + 12]
    # only explicit completion wording: "达到不低于90%的目标" restates the target
    m = re.match(r"[，,]?\s*(?:完成率|完成比例|完成了?目标的|为目标的|完成年度目标的)(?:为|达到?|达)?", window)
    if not m:
        return None
    for x in near.between(clause_end, clause_end + m.end() + 2):
        if x.kind == "percent" and x.qualifier is None:
            return x
    return None


ALIGN_MIN = 55.0
assert ALIGN_MIN > NO_SHARED_TOKEN_MAX + 5, "align's token index is exact only above the character-only score"


PER_UNIT = re.compile(r"日均|月均|年均|人均|户均|亩均|场均|平均|每(?:日|天|月|人|户|场)")


def _per_unit(subject: str) -> bool:
    return bool(PER_UNIT.search(subject))


def align(statements: list[Statement]) -> list[Pair]:
    targets = [s for s in statements if s.role == "target"]
    results = [s for s in statements if s.role == "result"]
    pairs: list[Pair] = []
    used_r: set[int] = set()
    for sc, i, j in greedy_matches(targets, results):
        if _per_unit(targets[i].subject) != _per_unit(results[j].subject):
            continue  # "城区公交日均客运量8万人次以上" and "全年客运量7,154万人次": a day's and a year's
        used_r.add(j)
        pairs.append(Pair(targets[i], results[j], min(sc, 100.0)))
    _restated_and_rated(targets, results, pairs, used_r)
    pairs.sort(key=lambda p: p.target.q.start)
    return pairs


def greedy_matches(targets: list[Statement], results: list[Statement]) -> list[tuple[float, int, int]]:
    """The one-to-one alignment: every (target i, result j) of compatible units scoring at
    least ALIGN_MIN (similarity, +5 for the same head word), taken greedily in the order
    (-score, i, j) while neither is taken; returned in that order.

    Done without scoring every pair: statements with the same subject, unit family and
    head score alike, so groups of them are scored once, and only groups sharing a token
    (a pair without one scores at most NO_SHARED_TOKEN_MAX + 5 < ALIGN_MIN). Taking pairs
    in (-score, i, j) order is, at each score, each untaken target in ascending order
    taking the lowest untaken result it scores that with; the taken members of a group
    are always its first ones, so a pointer per group stands for them."""
    def groups(items: list[Statement]) -> tuple[list[tuple[str, str, str]], list[list[int]]]:
        at: dict[tuple[str, object, str], int] = {}
        keys: list[tuple[str, str, str]] = []
        members: list[list[int]] = []
        for k, s in enumerate(items):
            g = at.setdefault((s.subject, unit_key(s.q.unit), s.head), len(keys))
            if g == len(keys):
                keys.append((s.subject, s.q.unit, s.head))
                members.append([])
            members[g].append(k)
        return keys, members

    t_keys, t_members = groups(targets)
    r_keys, r_members = groups(results)
    index = SubjectIndex([k[0] for k in r_keys], [k[1] for k in r_keys])
    levels: dict[float, dict[int, list[int]]] = {}  # score -> target group -> result groups
    for tg, (subject, unit, head) in enumerate(t_keys):
        for rg in index.near(subject, unit):
            sc = index.score(subject, rg)
            if head and head == r_keys[rg][2]:
                sc += 5
            if sc >= ALIGN_MIN:
                levels.setdefault(sc, {}).setdefault(tg, []).append(rg)
    t_next = [0] * len(t_keys)  # first untaken member of each group
    r_next = [0] * len(r_keys)
    out: list[tuple[float, int, int]] = []
    for sc in sorted(levels, reverse=True):
        level = levels[sc]
        heap = [(t_members[tg][t_next[tg]], tg) for tg in level if t_next[tg] < len(t_members[tg])]
        heapq.heapify(heap)
        while heap:
            i, tg = heapq.heappop(heap)
            open_r = [rg for rg in level[tg] if r_next[rg] < len(r_members[rg])]
            if not open_r:
                continue  # nothing left for this group at this score
            rg = min(open_r, key=lambda g: r_members[g][r_next[g]])
            out.append((sc, i, r_members[rg][r_next[rg]]))
            r_next[rg] += 1
            t_next[tg] += 1
            if t_next[tg] < len(t_members[tg]):
                heapq.heappush(heap, (t_members[tg][t_next[tg]], tg))
    return out


RATED_MIN = 35.0  # subject similarity enough when the stated 完成率 confirms the pair


def _restated_and_rated(targets: list[Statement], results: list[Statement], pairs: list[Pair], used_r: set[int]) -> None:
    """Results the greedy pass left alone that are still one indicator's: the same count
    stated again (a summary repeats "118家" that the detail paragraph gave with its rate: the
    statement with the rate stands for the pair), and
    a result whose stated 完成率 is exactly result ÷ the target's total for a target with a
    moderately alike subject ("邀请企业来乐考察187家，完成率129.86%" ÷ 24 × 6)."""
    by_value = {(p.result.q.value, p.result.q.unit): p for p in pairs}
    totals = _ByTotal(targets)
    for j, r in enumerate(results):
        if j in used_r:
            continue
        twin = by_value.get((r.q.value, r.q.unit))
        if twin is not None and similarity(twin.result.subject, r.subject) >= ALIGN_MIN:
            if r.rate is not None and twin.result.rate is None:
                # the statement with its 完成率 is the fuller one: it takes the pair's place
                fuller = Pair(twin.target, r, twin.score)
                pairs[pairs.index(twin)] = fuller
                by_value[(r.q.value, r.q.unit)] = fuller
            used_r.add(j)
            continue
        if r.rate is None:
            continue
        best = None
        # RATED_MIN is below NO_SHARED_TOKEN_MAX: no token index; the targets whose total the
        # rate fits, in their order
        for t in totals.fitting(r):
            if not compatible(t.q.unit, r.q.unit) or not rate_fits(r.rate, r.q, target_total(t)):
                continue
            sc = similarity(t.subject, r.subject)
            if sc >= RATED_MIN and (best is None or sc > best[0]):
                best = (sc, t)
        if best is not None:
            pairs.append(Pair(best[1], r, min(best[0], 100.0)))
            used_r.add(j)


class _ByTotal:
    """Targets by unit family and total: ``fitting(r)`` is, in their order, a superset of the
    targets whose total r's stated 完成率 may be r ÷ (``rate_fits`` decides)."""

    def __init__(self, targets: list[Statement]) -> None:
        by: dict[object, list[tuple[Decimal, int]]] = {}
        for k, t in enumerate(targets):
            by.setdefault(unit_key(t.q.unit), []).append((target_total(t), k))
        self.targets = targets
        self.by = {u: (sorted(v), [tot for tot, _ in sorted(v)]) for u, v in by.items()}

    def fitting(self, r: Statement) -> list[Statement]:
        hit = self.by.get(unit_key(r.q.unit))
        if hit is None or r.rate is None or r.rate.unit != "%":
            return []
        items, totals = hit
        s_lo, s_hi = r.rate.value - r.rate.ulp / 2, r.rate.value + r.rate.ulp / 2
        if s_lo > 0:
            # rate_fits: total ∈ [(v - h)·100/s_hi, (v + h)·100/s_lo], with a margin for rounding
            lo = (r.q.value - r.q.ulp) * HUNDRED / s_hi * Decimal("0.999999")
            hi = (r.q.value + r.q.ulp) * HUNDRED / s_lo * Decimal("1.000001")
            items = items[bisect.bisect_left(totals, lo):bisect.bisect_right(totals, hi)]
        return [self.targets[k] for k in sorted(k for _, k in items)]


def target_total(s: Statement) -> Decimal:
    return s.total if s.total is not None else s.q.value


# "现场抽查路段46条、路灯3,240盏": a count of a sample checked, not of what there is or was done
SAMPLE = re.compile(r"抽查|抽样|抽检|抽取|随机|问卷|调查")


def sampled(text: str, pos: int) -> bool:
    """Whether the figure at ``pos`` counts a sample: its clause (up to the comma before it) names one."""
    lo = max(text.rfind(c, 0, pos) for c in "，,；;。\n") + 1
    return bool(SAMPLE.search(text, lo, pos))
