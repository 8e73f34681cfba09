"""Contexts resolved once: which project, fund or item a figure is about.

A prose figure's context comes from the words before its cue in its clause
("河道保洁购买服务项目年初预算96.40万元" → 河道保洁购买服务; "其中，基本支出…" →
基本支出). A clause with no subject of its own ("…，实际支出86.40万元，执行率100%")
inherits the subject of the last figure of its sentence. Dates, scope words that
mean the whole report (项目, 全年, 本部门, 我局 …) and the report's own name leave the
main context. Table rows give their label: a 合计/年度资金总额 row is the main
context, a 其中 row or a fund-source row is an item.
"""
from __future__ import annotations

import re

from ..model import Document
from .model import ITEM, JOINED, MAIN_CONTEXT, Context

# clause boundaries inside a sentence, for the subject before a cue
SUBJECT_BREAK = "，,；;。：:\n\t（(、"
SENTENCE_BREAK = "。；;！!？?\n"
CARRYOVER_CUE = re.compile(r"^上年结转(?:资金)?$")


ENUM_TITLE = re.compile(r"\s*(?:[一二三四五六七八九十]是|其[一二三四五六七八九十]|\d{1,2}[.、．](?!\d)|[（(][一二三四五六七八九十\d]{1,2}[）)])"
                        r"(?P<t>[^。，；,;：:\d（）()]{2,20})[。：:]")
# a numbered paragraph titled with a part of the report, not an item: "1.资金使用情况。", "（二）存在问题："
GENERIC_TITLE = re.compile(r"情况|概况|分析|说明|问题|措施|结论|目标|指标|评价|自评|执行|资金|预算|绩效|产出|效益|满意|成本|基本|总体|整体|主要|做法|经验|建议|下一步")
REFERRING = re.compile(r"\s*(?:该|此|上述|这一)(?:项目|专项)")
NAMED_PROJECT = re.compile(r"([\u4e00-\u9fff“”]{2,20}?)(?:项目|专项)")
NOT_A_PROJECT_NAME = re.compile(r"^(?:该|此|本|上述|这一|各|每个|全部|所有|重点|[一二三四五六七八九十两\d]+个)")


def _project_referred(text: str, lo: int, cs: int) -> str:
    """The project a 该项目 at ``cs`` refers to: the last one named before it in its paragraph, or ''."""
    last = ""
    for m in NAMED_PROJECT.finditer(text, lo, cs):
        name = re.sub(r"^.*(?:现附|附|对|的|了)", "", m.group(1))
        if len(name) >= 2 and not NOT_A_PROJECT_NAME.match(name):
            last = name
    return normalize_name(last) if last else ""


def bracket_depth(text: str, lo: int, pos: int) -> int:
    """How many brackets opened after ``lo`` are still open at ``pos``."""
    depth = 0
    for ch in text[lo:pos]:
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
    return depth


def _in_parenthesis(text: str, lo: int, pos: int) -> bool:
    return max(text.rfind("（", lo, pos), text.rfind("(", lo, pos)) > max(text.rfind("）", lo, pos), text.rfind(")", lo, pos))
_SUMMED = re.compile(r"合计|共计|总计")
# "英德市级配套资金到位580.00万元，累计到位4,860.00万元": a clause led by 累计/合计 sums the parts
_PEOPLE_AFTER = re.compile(r"(?:人次|人|户|名|位)")
_PAREN_NOTE = re.compile(r"[（(][^（）()]{0,20}[）)]")
_ENUM_LEAD = re.compile(r"\s*(?:[一二三四五六七八九十]是|其[一二三四五六七八九十])?\s*")
ADDEND = re.compile(r"\s*(?:再加上|加上|另加|连同)")
_SUM_LEAD = re.compile(r"\s*(?:累计|合计|共计|总计|共)\s*")
_QUOTES = re.compile(r"[“”‘’\"'《》「」『』〈〉]")
_DATES = re.compile(r"(?:截至|截止|至|到)?\d{2,4}\s*年(?:度)?(?:\d{1,2}\s*月(?:份)?(?:\d{1,2}\s*日)?)?(?:底|末|前|止)?"
                    r"|\d{1,2}\s*月(?:份)?(?:\d{1,2}\s*日)?(?:底|末|前|止)?|[上下]半年|第[一二三四]季度|年中|年内|年底|年末|年初(?=[经因由])")
# words that name the whole subject of the report, or nothing at all
_GENERIC = sorted("""今年 去年 上年 明年 本项目 该项目 此项目 项目 本部门 该部门 部门 整体 全年 本年度 本年 当年 年度 全部 合计 共计 总计 累计
共 已 实际 资金 经费 专项 子项 子项目 分项 单项 本级 其中 全县 全市 全区 全省 全州 全镇 本单位 单位 我局 本局 全局 我单位 我委 本委 我办 本办
我中心 本中心 各级 各项 上级 财政 该 本 其 为 的 和 及 经 调整后 总 均 有 已经 截至 截止 目前 按照 根据 通过 主要
共有 实现 完成 用于 安排 下达 批复 核定 审定 批准 预算 全额 足额 及时 调减 调增 追加 压减 核减 减少 增加 调整 收回 调入 调出
实施单位 项目实施单位 项目单位 实施主体 总分 综合得分 自评得分 决算""".split(), key=len, reverse=True)
_GENERIC = [w for w in _GENERIC if len(w) > 1]  # one character is part of a name too (其他, 中央, 总工会)
# "市本级支出46.80万元" beside "县区实际支出…": a level's own share of a fund it passes down is an item
_GENERIC_RE = re.compile("|".join("(?<![省市县区州])本级" if w == "本级" else re.escape(w) for w in _GENERIC))
# enumeration markers and adverbs around a subject are not part of a name ("二是…仅支付", "同时…已拨付")
_MARKERS = re.compile(r"^(?:[一二三四五六七八九十]是|首先|其次|再次|最后|同时|另外|此外|另有|另行|再加上|加上|另加|连同|另)|(?:仅|只|尚|还|均|已|共|另有)+$")
_CAUSE = re.compile(r"^(?:年中|年内|年初|年底|年末|后期|当年)?(?:因|由于|为了|受)")
_NON_NAME = re.compile(r"[\s\d.,，、：:；;。%％（）()\-—~～/]+")
# expense types and fund sources that a report breaks a total into: named by the cue too
# ("基本支出1,842.27万元": the cue 支出 is part of the item's name)
EXPENSE_TYPES = ("基本支出", "项目支出", "人员经费", "公用经费", "三公经费", "机关运行经费", "专项业务费")


def normalize_name(raw: str) -> str:
    """An item's name as contexts compare it: quotes, dates, scope words and
    punctuation removed ('2023年“三公”经费' → '三公')."""
    s = _QUOTES.sub("", raw)
    s = _DATES.sub("", s)
    s = _NON_NAME.sub("", s)
    s = _GENERIC_RE.sub("", s)
    s = _MARKERS.sub("", s)
    if _CAUSE.match(s):
        return ""  # "年中因新建4栋防虫网室追加…": the reason for a change names no item
    return s.rstrip("的")


def row_context(label: str, total: bool, report_names: tuple[str, ...] = ()) -> Context:
    """The context of a table row: the total row is the main context."""
    if total:
        return MAIN_CONTEXT
    s = re.sub(r"^其中[：:]?", "", re.sub(r"\s+", "", label))
    for t in EXPENSE_TYPES:
        # a row of an expense type ("项目支出", "其中：基本支出") is that type, as in the narrative;
        # normalizing would strip 项目 and leave 支出, which the report's own name contains
        j = s.find(t)
        if j >= 0 and not normalize_name(s[:j]):
            return Context(ITEM, t)
    parts = [normalize_name(x) for x in re.split(r"[、及和与]", s) if x]
    if len(parts) >= 2 and all(len(x) >= 1 for x in parts):
        # "州、县级资金 | 1,531.00": two sources' sum, neither of them
        return Context(ITEM, JOINED.join(parts))
    name = normalize_name(s)
    if not name and "本级" in s:
        # "本级财政资金 | 1,200,000.00" under 年度资金总额: the own level's share, one source of the total
        return Context(ITEM, "本级")
    return named(name, report_names)


def named(name: str, report_names: tuple[str, ...]) -> Context:
    if len(name) < 2:
        return MAIN_CONTEXT
    for r in report_names:
        if name in r:
            return MAIN_CONTEXT
    return Context(ITEM, name)


TITLE_MAX = 60  # a title line is short
_NUMBERED = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、.．](?!\d))")


def report_names(doc: Document, projects: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Normalized names of what the report is about: its title line(s) and the
    自评表's 项目名称 — except, in a report on a department's whole spending, a project's
    (``foreign_project``)."""
    out = list(title_names(doc))
    out.extend(normalize_name(p) for p in projects if p and not foreign_project(doc, p))
    return tuple(o for o in out if o)


def title_names(doc: Document) -> tuple[str, ...]:
    out = []
    for b in doc.blocks[:3]:
        line = doc.text[b.start:b.end]
        # a numbered heading ("一、基本情况") opens the body, it names no subject
        if b.kind != "table_row" and not _NUMBERED.match(line) and b.end - b.start <= TITLE_MAX \
                and not re.search(r"[。，；,;]", line):
            out.append(normalize_name(doc.text[b.start:b.end]))
    return tuple(o for o in out if o)


WHOLE_DEPARTMENT = re.compile(r"部门整体|单位整体|整体支出")


def foreign_project(doc: Document, project: str) -> bool:
    """A 自评表 of one project inside a report on a department's whole spending ("…林业局2023年度
    部门整体支出绩效自评报告" with the table of its 天然林资源保护工程管护 project): its money is
    the project's, not the department's."""
    titles = title_names(doc)
    if not any(WHOLE_DEPARTMENT.search(doc.text[b.start:b.end]) for b in doc.blocks[:3]):
        return False
    if WHOLE_DEPARTMENT.search(project):
        return False  # "项目名称 | 部门整体支出": the table of the department's whole spending
    p = normalize_name(project)
    return bool(p) and not any(p in t or t in p for t in titles)


def clause_start(text: str, pos: int, lo: int = 0) -> int:
    """Where the clause holding ``pos`` begins; a comma between digits is a thousands
    separator ("6,000元"), not a clause break."""
    i = pos
    while i > lo:
        c = text[i - 1]
        if c in SUBJECT_BREAK and not (c == "," and i - 2 >= lo and text[i - 2].isdigit() and i < len(text)
                                       and text[i].isdigit()):
            break
        i -= 1
    return i


def sentence_start(text: str, pos: int, lo: int = 0) -> int:
    i = pos
    while i > lo and text[i - 1] not in SENTENCE_BREAK:
        i -= 1
    return i


_ADVERBIAL = re.compile(r"^(?:根据|按照|依据|经过?|因为?|由于|通过|结合|对照|在|从|随着|受)")


def subject_before(text: str, cue_start: int, cue: str, lo: int = 0, types: tuple[str, ...] = EXPENSE_TYPES) -> str:
    """The normalized subject of a cue: the words between the clause start and the cue,
    with an expense type that the cue completes kept whole."""
    cs = clause_start(text, cue_start, lo)
    if cs > lo and text[cs - 1] in "（(" and re.search(r"[）)]", text[cs:cue_start]):
        cs = clause_start(text, cs - 1, lo)  # the clause began before the parenthesis the cue follows
    # "当年财政资金（不含上年结转）支出…": what a parenthesis includes or leaves out is not the subject
    raw = _PAREN_NOTE.sub("", text[cs:cue_start])
    if _ADVERBIAL.match(raw):
        return ""  # "根据实际情况调整的全年预算数": how, not whose
    core = _DATES.sub("", _QUOTES.sub("", raw)).strip("，,：: 的")
    name = normalize_name(raw)
    for t in types:
        # "其中，基本支出…", "“三公”经费预算…", "项目支出执行率…": the type is the subject;
        # "基本公共卫生服务项目支出…" names a project whose spending it is
        whole = core + cue
        j = whole.find(t)
        if j >= 0 and not normalize_name(whole[:j]):
            return t  # "项目支出执行率96.49%", "全年基本支出1,426.38万元" (基本 + the cue 支出)
    return name


# a clause that only names what the next clause is about: "一是布达拉宫管理处，安排…资金9378万元"
_ENUM = re.compile(r"^(?:[一二三四五六七八九十]是|其[一二三四五六七八九十]|第[一二三四五六七八九十][，,是]?)")
_ORG = re.compile(r"(?:处|局|馆|中心|单位|项目|工程|学校|医院|站|所|院|委员会|办公室|公司|协会)$")


# a list item's number: "1.", "（二）", "(3)", "①"
_ITEM_NO = re.compile(r"^\s*(?:\d{1,2}\s*[.、．]|[（(]\s*[\d一二三四五六七八九十]{1,3}\s*[）)]|[①-⑳])\s*")
# words that make a clause a statement about money, not a name ("全年实际支出7,128.61万元")
_MONEY_WORDS = re.compile(r"预算|支出|支付|执行|到位|资金|经费|结余|拨付|拨款|兑付|发放|下达|下拨|安排|使用|完成|追加|"
                          r"调减|调增|调整|调入|调出|压减|核减|减少|增加|投入|投资|概算|补助|奖励|率|合计|共计|总计|累计|标准|每|未|已|同时")


def topic_before(text: str, cue_start: int, s0: int) -> str:
    """The name in the clause before the cue's clause, when that clause is a topic: an
    enumerated "一是X", a list item "1.食品安全监督抽检项目：", the bare name of an
    organisation or project, or a name that opens its clause with an amount and no other
    words ("县图书馆120万元，实际使用115.30万元")."""
    cs = clause_start(text, cue_start, s0)
    if cs <= s0:
        return ""
    ps = clause_start(text, cs - 1, s0)
    raw = text[ps:cs - 1]
    sep = text[cs - 1]
    if ADDEND.match(raw):
        return ""  # "加上上年结转200.00万元，全年到位资金…": one part added to a sum names no topic
    if raw.rstrip().endswith(("）", ")")) and _in_parenthesis(text, s0, cs - 2):
        return ""  # "（年初3850.00万元，…，上年结转80.00万元），执行3986.50万元": a breakdown, not a topic
    if sep in "：:":
        item = _ITEM_NO.sub("", raw)
        if item and not re.search(r"\d", item) and not _MONEY_WORDS.search(item):
            return normalize_name(item)
    if re.search(r"\d", raw):
        # the name and then directly its figure: "县图书馆120万元", "产业发展类项目28个" (not a date:
        # "县财政局于7月12日追加…")
        lead = re.match(r"^([\u4e00-\u9fff“”]{2,20}?)\s*[\d０-９][\d０-９,.]*\s*(?:万|亿)?(?![年月日号时])[\u4e00-\u9fff%％]",
                        _ITEM_NO.sub("", raw))
        # (not the last item of a list: "其中中央768.00万元、省级320.64万元、市级80.00万元，资金到位率91.30%")
        # (nor a count of people: "我区常住人口38.62万人，全年预算安排…" names the population, not an item)
        if lead and not _MONEY_WORDS.search(lead.group(1)) and sep in "，," and not (ps > s0 and text[ps - 1] == "、") \
                and not _PEOPLE_AFTER.match(_ITEM_NO.sub("", raw), lead.end() - 1):
            return normalize_name(lead.group(1))
        # "困难群众参保资助实际资助4,920人，支出1,869,600元": the name before what was done
        done = re.match(r"^([\u4e00-\u9fff“”]{4,20}?)(?:实际|已经?|共|累计|全年)", _ITEM_NO.sub("", raw))
        if done and not _MONEY_WORDS.search(done.group(1)) and sep in "，," and ps == s0:
            return normalize_name(done.group(1))
        return ""
    m = _ENUM.match(raw)
    if m:
        return normalize_name(raw[m.end():])
    if _ORG.search(raw.strip()):
        return normalize_name(raw)
    m = _SLOW.match(_ITEM_NO.sub("", raw))
    if m:
        return normalize_name(m.group("n"))  # "信息化建设项目执行进度偏慢，执行率仅87.64%": that project's rate
    return ""


# a project said to lag, before its rate: "信息化建设项目执行进度偏慢，执行率仅87.64%"
_SLOW = re.compile(r"\s*(?:一是|二是|三是|四是|五是)?(?P<n>[\u4e00-\u9fff“”]{2,20}?(?:项目|工程|专项))(?:资金)?"
                   r"(?:的)?(?:预算)?(?:执行|支出|实施|推进|建设)?(?:进度)?(?:偏慢|滞后|缓慢|较慢|迟缓|不及预期)\s*$")


# a sentence opening with a category and its count: "基础设施项目8个，…", "（按类别：）产业发展类12项，…"
_OPENING = re.compile(r"\s*(?:[^：:，,。；;（(]{0,8}[：:])?\s*(?P<n>[\u4e00-\u9fff“”]{2,20}?)\s*[\d０-９]{1,4}\s*(?:个|项|类|家|所|处|座|条|批)\s*$")


_FIRST_BREAK = re.compile(r"[，,（(]")


def _opening_topic(text: str, cue_start: int, s0: int) -> str:
    """The topic the sentence opens with, for a cue further on: "基础设施项目8个，安排1,620.50万元，
    实际支出1,553.88万元" — the clause before 实际支出 names nothing, the sentence's first does."""
    m = _FIRST_BREAK.search(text, s0, cue_start)
    first_end = m.start() if m else -1
    if first_end < 0 or text[first_end] in "（(" or clause_start(text, cue_start, s0) <= first_end + 1:
        return ""  # the cue is in the first or the second clause (topic_before has looked there), or a bracket opens first
    m = _OPENING.fullmatch(text, s0, first_end)
    return normalize_name(m.group("n")) if m and not _MONEY_WORDS.search(m.group("n")) else ""


# section titles that name a part of the report, not a scope of its own
_GENERIC_TITLE = re.compile(r"情况|目标|指标|问题|措施|结论|评价|概况|分析|产出|效益|满意度|过程|决策|管理|做法|成效|说明|"
                            r"建议|依据|方法|经验|基本|资金|预算|执行|自评|组织|实施|完成|附件|内容|背景|职能|机构|人员|"
                            r"摘要|前言|概述|引言|总体|综述|小结|正文|报告|"  # a summary, the body ("报告正文" sheet) speaks of the whole report
                            # the dimensions of the indicator system: "4.成本", "（二）质量"
                            r"^(?:数量|质量|时效|成本|经济|社会|生态|可持续(?:影响)?|服务对象)$")
_TITLE_NO = re.compile(r"^[（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]?\s*")


def scope_title(title: str) -> str:
    """The name a section title gives its scope ("（一）全民健身设施建设子项目" → 全民健身设施建设子项目),
    or '' for a title that names a part of the report ("（二）资金使用情况", "1.产出指标")."""
    t = _TITLE_NO.sub("", title).strip()
    return "" if not t or _GENERIC_TITLE.search(t) else t


PROJECTS_SUBJECT = re.compile(r"(?:实施|安排|开展|设立|共有|共)(?:了)?(?:各类)?(?:项目|专项)\s*\d+\s*个")
FUND_SUBJECT = re.compile(r"\s*(?:\d{1,2}\s*[.、．]\s*)?(?P<n>(?:其他|上年结转|当年财政拨款|中央|省级|市级|县级|区级|州级)"
                          r"[\u4e00-\u9fff]{0,4}?资金)(?:为|是|系|主要为|来源于)")
WHOLE_BUDGET_CUE = re.compile(r"(?:调整后|全年)(?:全年)?预算|预算总额|总预算")
INITIAL_BUDGET_CUE = re.compile(r"(?:项目)?年初预算")
# the subject of a clause that adds money to a budget: a level of government, a fund, a carry-over
SOURCE_LIKE = re.compile(r"中央|省|市|县|区|上级|本级|结转|下达|追加|调增|使用|安排|资金|专项|补助|拨款|财政|^当年|^其他|^并|^同时")


class ProseContexts:
    """Resolves the context of each prose figure in document order."""

    def __init__(self, doc: Document, names: tuple[str, ...]) -> None:
        self.doc = doc
        self.names = names
        self._sentence: int = -1
        self._last: Context = MAIN_CONTEXT
        self._pre: Context | None = None  # the subject before the sentence's 其中 list
        self._parts = 0  # named subjects after it
        # 项目支出 is an expense type beside 基本支出 (a department's split); in a project's own
        # report "全年项目支出1396.20万元" is the project's spending
        self._types = EXPENSE_TYPES if "基本支出" in doc.text else tuple(t for t in EXPENSE_TYPES if t != "项目支出")
        self._department = any(WHOLE_DEPARTMENT.search(doc.text[b.start:b.end]) for b in doc.blocks[:3])
        self._owner: tuple[int, Context] | None = None  # (paragraph, whose 年初预算 it stated last)

    def resolve(self, cue_start: int, cue: str, block_start: int, sets_topic: bool = True) -> Context:
        text = self.doc.text
        s0 = sentence_start(text, cue_start, block_start)
        if s0 != self._sentence:
            # a new sentence starts from its section's scope: "（一）全民健身设施建设子项目。年初预算600万元…",
            # or its paragraph's enumerated title: "二是储备粮轮换费用。年初预算900.00万元，……执行率94.47%"
            self._sentence, self._last = s0, self._paragraph_title(block_start, s0) or self._section_scope(cue_start)
            self._pre, self._parts = None, 0
        # a figure inside a parenthesis ("该项目全年预算4020.00万元（年初3850.00万元，…，上年结转80.00万元），
        # 执行3986.50万元") is a breakdown: it does not change what the sentence goes on about
        if _in_parenthesis(text, s0, cue_start):
            sets_topic = False
        # "合计980.00万元，加上上年结转200.00万元，全年到位资金1,180.00万元，到位率100%": an addend to a running
        # sum is one part; what follows is about the sum, not that part
        if ADDEND.match(text, clause_start(text, cue_start, block_start)):
            sets_topic = False
        name = subject_before(text, cue_start, cue, block_start, self._types)
        if self._department:
            cs0 = clause_start(text, cue_start, block_start)
            if WHOLE_DEPARTMENT.search(text, cs0, cue_start):
                return MAIN_CONTEXT  # "与部门整体执行率97.71%口径不同": the department's own figure
            # a department's report: "现附城乡最低生活保障项目自评表。该项目全年预算4020.00万元" — 该项目 is
            # the project named before it, not the department
            if REFERRING.match(text, cs0, cue_start):
                # or the project the section is titled with: "五、重点项目绩效自评情况（退役军人就业创业培训）"
                back = _project_referred(text, block_start, cs0) or self._titled_project(cue_start)
                if back:
                    name = back
        if len(name) < 2 and sets_topic and CARRYOVER_CUE.match(cue) and _ENUM_LEAD.fullmatch(text, s0, cue_start):
            # "；上年结转资金120.00万元已全部支出，执行率100%": a fund source named by its cue opens the
            # sentence; the figures after it with no subject of their own are that source's
            own = self._resolve(text, cue_start, cue, s0, name, sets_topic)
            self._last = named(normalize_name(cue), self.names)
            return own
        if len(name) < 2 and self._department and "项目支出" in self._types \
                and PROJECTS_SUBJECT.search(text, s0, cue_start) and not topic_before(text, cue_start, s0):
            # "2024年部门实施项目4个，年初预算594.00万元，调整后601.00万元": a department's projects' money
            name = "项目支出"
        if len(name) < 2 and (fs := FUND_SUBJECT.match(text, s0)) is not None and fs.end() <= cue_start \
                and not topic_before(text, cue_start, s0):
            # "4.其他资金为公租房租金收入，按收支两条线管理，年度预算850.0千元": the sentence is about that fund
            name = normalize_name(fs.group("n"))
        ctx = self._resolve(text, cue_start, cue, s0, name, sets_topic)
        if len(name) < 2 and WHOLE_BUDGET_CUE.match(cue) and self._owner is not None and self._owner[0] == block_start \
                and not ctx.is_main and ctx != self._owner[1] and SOURCE_LIKE.search(ctx.name):
            # "项目年初预算2,000.00万元，年中省级下达…200.00万元，并使用上年结转资金150.00万元，全年预算2,350.00万元":
            # the whole-year budget after the sources added to it is the budget of whose 年初预算 it grew
            # from, not the last source's
            ctx = self._owner[1]
            if sets_topic:
                self._last = ctx
        if INITIAL_BUDGET_CUE.match(cue):
            self._owner = (block_start, ctx)
        return ctx

    def _resolve(self, text: str, cue_start: int, cue: str, s0: int, name: str, sets_topic: bool) -> Context:
        if len(name) < 2:
            name = topic_before(text, cue_start, s0) or _opening_topic(text, cue_start, s0)
        if len(name) < 2 and (_SUMMED.search(cue) or _SUM_LEAD.fullmatch(text, clause_start(text, cue_start, s0), cue_start)):
            # "区级资金450万元全部到位，市级补助到位110万元，到位资金合计560万元": a 合计 is the
            # whole of the amounts before it, not the last one's item, and so are the figures after it
            whole = self._section_scope(cue_start)
            if sets_topic:
                self._last = whole
            return whole
        qz = text.rfind("其中", s0, cue_start)
        if len(name) < 2:
            # "全年执行301.44万元，其中当年财政拨款支出283.12万元、上年结转资金支出18.32万元，预算执行率
            # 95.20%": after a list of parts joined by 、, a figure of no subject is the whole's again
            # and so is a rate after two or more named parts ("其中中央资金1200.00万元全部到位，县级配套资金到位
            # 180.00万元，资金到位率92.00%")
            if self._pre is not None and self._parts >= 2 and ("、" in text[qz:cue_start] or cue.endswith("率")) \
                    and not re.search(r"[；;]", text[qz:cue_start]):
                return self._pre
            return self._last  # "…，实际支出86.40万元": the sentence's subject goes on
        ctx = named(name, self.names)
        if sets_topic:
            if qz >= 0:
                if self._pre is None:
                    self._pre = self._last
                self._parts += 1
            self._last = ctx
        return ctx

    def _paragraph_title(self, block_start: int, s0: int) -> Context | None:
        """The item an enumerated paragraph names before its first full stop ("二是储备粮轮换费用。…"),
        for the sentences after that title."""
        m = ENUM_TITLE.match(self.doc.text, block_start)
        if m is None or s0 < m.end() or GENERIC_TITLE.search(m.group("t")):
            return None
        name = normalize_name(m.group("t"))
        return named(name, self.names) if len(name) >= 2 else None

    def _titled_project(self, pos: int) -> str:
        """The project the innermost section title names, in brackets or as "X项目"."""
        b = self.doc.block_at(pos)
        if b is None or not b.section:
            return ""
        title = b.section[-1]
        m = re.search(r"[（(]([^（）()\d]{2,24})[）)]", title) or NAMED_PROJECT.search(title)
        if m is None:
            return ""
        name = re.sub(r"^.*(?:、|重点|的)", "", m.group(1))
        return normalize_name(name) if len(name) >= 2 and not NOT_A_PROJECT_NAME.match(name) else ""

    def _section_scope(self, pos: int) -> Context:
        b = self.doc.block_at(pos)
        if b is None or not b.section:
            return MAIN_CONTEXT
        name = scope_title(b.section[-1])
        return named(normalize_name(name), self.names) if name else MAIN_CONTEXT
