"""Totals and their parts, and counts and the lists they count, as the narrative
states them.

Classes of phrasing read here:
- a total followed by its breakdown: ``X万元，分别用于：A a万元；B b万元`` /
  ``资金具体安排为：…`` / ``具体为：…`` (the breakdown may open the next sentence and
  refer back to the last amount of the one before);
- parts followed by their total: ``基本支出A万元、项目支出B万元，合计C万元``;
- ``其中`` lists: a selection in general, but the whole when the parts are a known
  complete split (基本支出 + 项目支出, 人员经费 + 公用经费, the three "三公" items);
- a count followed by the names it counts: ``直属事业单位10个，分别为A、B、…``.
Amounts after 较/比/同比/减少/增加 are comparisons, not totals or parts; amounts in
parentheses are a part's own breakdown.
"""
from __future__ import annotations

import bisect
import re
from decimal import Decimal

from ..indicators import small_int
from ..model import Document, Quantity
from .model import Enumeration, Total

_SENT = re.compile(r"[^。！？!?\n]+[。！？!?]?")
EXHAUSTIVE = re.compile(r"由(?=[^。；;]{4,80}?(?:组成|构成))|分别(?:用于|为|是|安排|下达)[：:]?|按(?:资金)?来源(?:划)?分[：:，,]?|具体(?:安排|分配|用途|构成)?(?:为|是|如下)[：:]?|"
                        r"(?:资金|经费)?(?:具体)?(?:安排|分配|构成|用途)(?:情况)?(?:为|如下)[：:]|明细(?:为|如下)[：:]?")
QIZHONG = re.compile(r"其中[：:，,]?")
# …, or to a stock at another time ("新登记市场主体6,128户，其中企业1,406户，年末全区实有市场主体4.96万户")
LIST_TURN = re.compile(r"[，,；;]\s*(?:(?:年度|全年)?(?:计划|目标|任务|预期|完成率|占比|较上年|同比)"
                       r"|(?:年末|年底|截至|截止|目前|现有|实有|全区|全县|全市)"
                       # "其中市级320.00万元、结转86.00万元，全年支出386.50万元": the sentence turns to the spending
                       r"|(?:全年|实际|累计|当年)(?:支出|执行|使用|到位|拨付)"
                       # "其中中央…1800万元、省级…600万元、县级…300万元，资金到位2700万元": the sentence turns to the arrival
                       r"|(?:资金|经费)?到位(?:资金)?[\d０-９]"
                       # "…、企业自筹120.00万元，年内未调整，调整预算数(A)1012.60万元": the sentence turns to the budget
                       r"|(?:年内|年中|全年)?(?:未|无)?调整|(?:调整后|全年)预算"
                       # "其中人员经费…、公用经费…；二是项目支出…": the next enumerated item
                       r"|(?<=[；;])\s*(?:[二三四五六七八九十]是|[（(][二三四五六七八九十\d]{1,2}[）)]|[2-9][.、．](?!\d)))")
SEMICOLON = re.compile(r"[；;]")
_TARGET_OF = re.compile(r"[，,；;]\s*(?:年度|全年)?(?:目标|计划|任务)(?:值|数)?(?:为|是)?\s*$")
SUM_AFTER = re.compile(r"[，,；;]\s*(?:(?:以上|上述)?(?:[二两三四五六七八九十]|\d{1,2})(?:项|类|个部分|部分)|以上各项|上述各项)?(?:合计|共计|总计|累计|共)(?:为)?$")
COMPARISON = re.compile(r"(?:较|比|同比|环比|上年(?!结转|结余)|去年(?!结转|结余)|减少|增加|增长|下降|节约|超出|少|多|差额|缺口|人均|户均|亩均|生均|平均|[日月年]均|每)[^，。；,;]{0,8}$")
# complete splits of a total: when every word of one set names a part, the 其中 list is the whole
PARTITIONS = (
    ("基本支出", "项目支出"),
    ("人员经费", "公用经费"),
    ("公务接待", "公务用车", "因公出国"),
)
PAREN = re.compile(r"[（(][^（）()]*[）)]")


def _not_comparison(text: str, q: Quantity, lo: int) -> bool:
    return not COMPARISON.search(text[max(lo, q.start - 10):q.start])


def _outside_parens(text: str, lo: int, hi: int, qs: list[Quantity]) -> list[Quantity]:
    spans = [(m.start() + lo, m.end() + lo) for m in PAREN.finditer(text[lo:hi])]
    return [q for q in qs if not any(s <= q.start < e for s, e in spans)]


# a part's own breakdown: "…，包括人员经费…", "；基本支出中，人员经费…"
NESTED = re.compile(r"包括|含|主要用于|主要是|其中|[\u4e00-\u9fff]{2,8}中[，,：:]")


def _top_level(text: str, lo: int, hi: int, qs: list[Quantity]) -> list[Quantity]:
    """The parts of a list, without a part's own breakdown: "基本支出A万元，包括人员经费B万元、
    公用经费C万元；项目支出D万元" lists A and D."""
    out = []
    for seg in re.finditer(r"[^；;]+", text[lo:hi]):
        s0, s1 = lo + seg.start(), lo + seg.end()
        n = NESTED.search(text, s0, s1)
        if n is not None:
            s1 = n.start()
        out.extend(q for q in qs if s0 <= q.start and q.end <= s1)
    return _outside_parens(text, lo, hi, out)


def _part_name(text: str, q: Quantity, lo: int) -> str:
    i = q.start
    while i > lo and text[i - 1] not in "，,；;、：:。":
        i -= 1
    return text[i:q.start]


# a split by level of government: central, provincial and city/county money together
LEVELS = (re.compile(r"中央"), re.compile(r"省"), re.compile(r"市|县|区|州|旗"))


def _partition(names: list[str], around: str = "") -> bool:
    joined = "|".join(names) + "|" + around
    if any(all(w in joined for w in words) for words in PARTITIONS):
        return True
    # "其中：中央…1,200万元，省级…680万元，市县配套…520万元": one part per level, no other source
    if len(names) == 3 and all(any(p.search(n) for n in names) for p in LEVELS) and \
            not re.search(r"自筹|社会|企业|银行|贷款|群众|其他", joined):
        return all(re.search(r"中央|省|市|县|区|州|旗", n) for n in names)
    return False


class _Span:
    """Quantities of a document by position: the ones inside [lo, hi) by bisection."""

    def __init__(self, quantities: list[Quantity]) -> None:
        self.qs = quantities
        self.starts = [q.start for q in quantities]

    def __call__(self, lo: int, hi: int) -> list[Quantity]:
        return self.qs[bisect.bisect_left(self.starts, lo):bisect.bisect_left(self.starts, hi)]


def _amounts(qs: list[Quantity], lo: int, hi: int, kind: str) -> list[Quantity]:
    return [q for q in qs if lo <= q.start and q.end <= hi and q.kind == kind and q.qualifier is None]


def _same_measure(a: Quantity, b: Quantity) -> bool:
    from ..indicators import compatible

    return a.unit == b.unit if a.kind == "money" else compatible(a.unit, b.unit)


def _listed(text: str, qs: list[Quantity], s0: int, s1: int, marker, prev: list[Quantity],
            kind: str, block: int) -> Total | None:
    """The total before a list marker and the parts after it, of one kind (money or count)."""
    exhaustive = marker.re is EXHAUSTIVE
    amounts = _amounts(qs, s0, s1, kind)
    before = [q for q in amounts if q.end <= marker.start() and _not_comparison(text, q, s0)]
    if len(before) > 1:
        # "实际治理河长18.6公里，目标18公里，完成率103.33%；其中…": the list breaks down the result, not its target
        before = [q for q in before if not _TARGET_OF.search(text, max(s0, q.start - 8), q.start)] or before
    if exhaustive and before:
        # "（全年支出1468.00万元。）其中国家助学金1040.40万元、免学杂费补助427.60万元；按资金来源分，中央…":
        # a split after a 其中 list splits the list's whole a second way, not its last part
        qz = None
        for m in QIZHONG.finditer(text, s0, marker.start()):
            qz = m
        if qz is not None and any(q.start >= qz.end() for q in before):
            before = [q for q in before if q.end <= qz.start()] or [q for q in prev if q.kind == kind][-1:]
            if not before:
                return None
    lead = text[s0:marker.start()]
    carried = not before  # the list opens its sentence and breaks down the sentence before
    carried_from = [q for q in prev if q.kind == kind] if not before and (
        not lead.strip("，,：: ") or _lead_in(lead)) else []
    # "……追加的18.50万元主要用于设备购置。支出构成为：……": a lead that names spending breaks
    # down a spending amount of the sentence before, not any amount of it
    if carried_from and (m := _SPENDING_LEAD.search(lead)):
        carried_from = [q for q in carried_from if m.group(0) in _part_name(text, q, 0)]
    # a breakdown opening its sentence may break down any amount of the one before
    # ("实际支出816万元，…结余34万元。资金分别用于：…"): the parts are held to one of them
    # held to the nearest one when none fits ("调整后预算3012.50万元。按资金来源分：…" is of 3012.50)
    total = before[-1] if before else (carried_from[-1] if carried_from else None)
    alternatives = tuple(carried_from[:-1])
    if total is None:
        return None
    end = s1
    nested = QIZHONG.search(text, marker.end(), s1) if exhaustive else None
    if nested is not None:
        end = nested.start()
    # "…其中：A 9个、B 8个、C 6个，年度计划23个，完成率100%": the list ends where the sentence
    # turns to the plan, the target or a rate
    turn = LIST_TURN.search(text, marker.end(), end)
    if turn is not None:
        end = turn.start()
    parts = [q for q in _top_level(text, marker.end(), end, _amounts(qs, marker.end(), end, kind))
             if _not_comparison(text, q, marker.end()) and _same_measure(q, total)]
    # "…分别用于A86万元、B42万元、C15万元，合计153万元": the stated 合计 is the list's own total
    stated = [q for q in parts if SUM_AFTER.search(text[max(s0, q.start - 10):q.start])]
    if stated:
        alternatives = (*alternatives, total) if total is not stated[-1] else alternatives
        total = stated[-1]
        parts = [q for q in parts if q.start < total.start]
    names = [_part_name(text, p, marker.end()) for p in parts]
    # "其中当年财政拨款7120.00万元、执行6971.32万元": a figure named only by what was done with the
    # one before (执行, 支出, 到位…) is that part's execution, not another part; the list ends there
    cut = next((k for k, n in enumerate(names) if k and _BARE_VERB.match(re.sub(r"\s", "", n))), None)
    if cut is not None:
        parts, names = parts[:cut], names[:cut]
    semi = SEMICOLON.search(text, marker.end(), end) if not exhaustive else None
    if semi is not None and any(p.end <= semi.start() for p in parts) and _partition(
            [n for p, n in zip(parts, names, strict=True) if p.start > semi.end()], text[semi.end():s1]):
        # "其中当年财政拨款2,888.18万元、上年结转124.20万元；基本支出1,358.18万元，项目支出1,654.20万元": after
        # the semicolon the same total is split a second way; the list is its first segment
        parts, names = _first_segment(parts, names, semi)
    if not exhaustive and kind == "money" and _partition(names, text[marker.end():s1]):
        exhaustive = True  # 其中 listing a known complete split (基本支出 + 项目支出 …)
    if not exhaustive and carried:
        # "实际支出3,115.20万元，…结余344.80万元。其中：产业类项目支出…、基础设施类项目支出…": a
        # selection of the one amount of the sentence before named with the word every part repeats
        word = next((w for w in _CARRIED_WORDS if names and all(w in n for n in names)), None)
        fits = [q for q in carried_from if word is not None and word in _part_name(text, q, 0)]
        # (of one split: "其中中央车购税补助资金支出776.35万元，日常养护支出567.00万元" mixes a fund's
        # spending with a use's, which overlap)
        if len(fits) != 1 or len({bool(_FUND_SOURCE.search(n)) for n in names}) > 1:
            return None  # a selection of which amount of the sentence before is not known
        total, alternatives = fits[0], ()
    if not exhaustive and semi is not None:
        # a selection: only the parts of the first segment after 其中 ("其中A、B；C…" lists A and B)
        parts, names = _first_segment(parts, names, semi)
    if len(parts) < 2:
        return None
    return Total(total=total, parts=tuple(parts), exhaustive=exhaustive, marker=marker.group(0).strip("：:，,"),
                 block=block, names=tuple(names), alternatives=alternatives)


def _first_segment(parts: list[Quantity], names: list[str], semi: re.Match[str]) -> tuple[list[Quantity], list[str]]:
    """The parts (and their names) before the semicolon that ends a list's first segment."""
    keep = [i for i, p in enumerate(parts) if p.end <= semi.start()]
    return [parts[i] for i in keep], [names[i] for i in keep]


BRACKETED = re.compile(r"[（(]([^（）()]{4,80})[）)]")


def _bracketed(text: str, qs: list[Quantity], block: int) -> list[Total]:
    """A total followed by its breakdown in brackets, each part an amount of a known complete split:
    "调整后全年预算2,740万元（基本支出1,960万元、项目支出780万元）"."""
    out = []
    for q in qs:
        if q.kind != "money":
            continue
        m = BRACKETED.match(text, q.end)
        if m is None:
            continue
        parts = [p for p in qs if m.start(1) <= p.start and p.end <= m.end(1) and p.kind == "money" and p.unit == q.unit]
        names = [_part_name(text, p, m.start(1)) for p in parts]
        if len(parts) >= 2 and (_partition(names, m.group(1)) or _bare_breakdown(text, m, parts, q)):
            out.append(Total(total=q, parts=tuple(parts), exhaustive=True, marker="（）", block=block, names=tuple(names)))
    return out


# a part's name in a bracket of parts: a few words, no figure, no word that makes the list a selection
_BARE_NAME = re.compile(r"[\u4e00-\u9fff“”]{2,12}(?:费|金|款)?[：:为]?")
_SELECTION = re.compile(r"等|主要|包括|含|其中|如|约|以上|部分|分别|其余|剩余|每|人均|户均|平均")
BARE_SPREAD = Decimal("0.1")  # parts of a bare bracket within a tenth of the amount before it


def _bare_breakdown(text: str, m: re.Match[str], parts: list[Quantity], total: Quantity) -> bool:
    """"其中文献购置412.60万元（纸质图书236.40万元、数字资源118.25万元、期刊报纸49.70万元）": a bracket
    after an amount that holds only named amounts, one per 、-separated item, without 等/主要/包括,
    is that amount's breakdown, when they come near it (a tenth): a list far short of the amount is
    a selection of its items, however it is worded."""
    if len(parts) < 3 or _SELECTION.search(m.group(1)):
        return False
    pos = m.start(1)
    for k, p in enumerate(parts):
        name = text[pos:p.start].lstrip("、，,；;")
        if not _BARE_NAME.fullmatch(name):
            return False
        pos = p.end
        if k == len(parts) - 1 and text[pos:m.end(1)].strip():
            return False
    whole = total.value
    got = sum((p.value for p in parts), Decimal(0))
    return whole > 0 and abs(got - whole) <= whole * BARE_SPREAD


def find_totals(doc: Document, quantities: list[Quantity], prose_block) -> list[Total]:
    text = doc.text
    out: list[Total] = []
    span = _Span(quantities)
    carry: list[Quantity] = []
    carry_block = -1
    for b in doc.blocks:
        if not prose_block(b):
            continue
        qs = span(b.start, b.end)
        if len(qs) < 2:
            continue
        out.extend(_bracketed(text, qs, b.index))
        # the amounts of the sentence before (not comparisons); a paragraph opening with 其中 breaks
        # down the paragraph right before it ("…实际支出3,115.20万元。" / "其中：…")
        prev = carry if carry_block == b.index - 1 and QIZHONG.match(text, b.start) else []
        for sm in _SENT.finditer(text, b.start, b.end):
            s0, s1 = sm.start(), sm.end()
            money = _amounts(qs, s0, s1, "money")
            marker = EXHAUSTIVE.search(text, s0, s1) or QIZHONG.search(text, s0, s1)
            if marker is not None:
                for kind in ("money", "count"):
                    t = _listed(text, qs, s0, s1, marker, prev, kind, b.index)
                    if t is not None:
                        out.append(t)
                        break
            else:
                # "基本支出A万元、项目支出B万元，合计C万元"
                for i, q in enumerate(money):
                    if i >= 2 and SUM_AFTER.search(text[s0:q.start]):
                        # the parts are the list right before "，合计": back to the clause that opens it
                        head = SUM_AFTER.search(text[s0:q.start]).start() + s0
                        lo = head
                        while lo > s0 and not (text[lo - 1] in "，；;：:" or (
                                text[lo - 1] == "," and not (text[lo - 2:lo - 1].isdigit() and text[lo:lo + 1].isdigit()))):
                            lo -= 1
                        parts = [p for p in money[:i] if p.start >= lo and _not_comparison(text, p, s0)]
                        parts = _outside_parens(text, s0, q.start, parts)
                        if len(parts) >= 2:
                            out.append(Total(total=q, parts=tuple(parts), exhaustive=True, marker="合计",
                                             block=b.index, names=tuple(_part_name(text, p, s0) for p in parts)))
                        break
            keep = [q for q in money if _not_comparison(text, q, s0)]
            prev = keep if marker is None else []
        carry, carry_block = prev, b.index
    return out


_SPENDING_LEAD = re.compile(r"支出|开支")
_CARRIED_WORDS = ("支出", "开支", "拨付", "到位", "下达")
_BARE_VERB = re.compile(r"^(?:已|实际|全年|累计)?(?:执行|支出|使用|完成|到位|拨付|结余|支付)(?:了|资金|数|为)?$")
_FUND_SOURCE = re.compile(r"资金|经费|中央|省级|市级|县级|区级|本级|财政|自筹")
_LEAD = re.compile(r"^(?:其中|资金|经费|项目资金|上述资金|该资金|具体|支出|资金支出|资金使用|经费支出|实际支出|开支)?$")


def _lead_in(s: str) -> bool:
    return bool(_LEAD.match(re.sub(r"[\s，,：:]", "", s)))


# "直属事业单位10个，分别为A、B和C。" / "共3个，即A、B。"
COUNT_LIST = re.compile(r"(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,3})(?P<mw>个|家|所|项|名|辆|台|处|座|支|条|类|种|批|期|场|位)"
                        r"(?:[\u4e00-\u9fff]{0,8}?)[，,]?\s*(?P<mk>分别为|分别是|分别有|分别位于|即|包括|具体为|：|:)[：:]?")
_ENUMERATOR = re.compile(r"\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]是|[①-⑳]|\d{1,2}[.、．])\s*")
# an enumerator where an item starts: at the start of the list or after ；
_ITEM_START = re.compile(r"(?:^|[；;])\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]是|[①-⑳]|\d{1,2}[.、．](?!\d))")
_LAST_SEP = re.compile(r"(?:和|以及)(?!.*(?:和|以及))")
def find_enumerations(doc: Document, quantities: list[Quantity], prose_block) -> list[Enumeration]:
    text = doc.text
    by_start = {q.start: q for q in quantities}
    out = []
    for b in doc.blocks:
        if not prose_block(b):
            continue
        for m in COUNT_LIST.finditer(text, b.start, b.end):
            q = by_start.get(m.start("n"))
            n = small_int(m.group("n"))
            if q is None or n is None or n < 2:
                continue
            end = m.end()
            enumerated = bool(_ENUMERATOR.match(text[m.end():m.end() + 6].strip()))
            stops = "。！？\n" if enumerated else "。；;！？\n"  # "（一）…；（二）…；" runs to the full stop
            while end < b.end and text[end] not in stops:
                end += 1
            body = PAREN.sub("", text[m.end():end]) if not enumerated else ""
            comma = re.search(r"[，,]", body.strip("，, "))
            if comma is not None:
                body = body.strip("，, ")[:comma.start()]  # "…、财务科，负责全局行政和业务工作": the list ends at the comma
            if re.search(r"[\d０-９]|等", body):
                continue  # a list with its own figures, or one that says it is not all ("…等")
            raw_body = text[m.end():end]
            if enumerated:
                if "等" in raw_body:
                    continue
                # "以下5项工作：（一）实施村组道路硬化；（二）……；（四）……": one item per enumerator
                items = [x.strip("；;，, ") for x in _ITEM_START.split(raw_body.strip()) if x.strip("；;，, ")]
            else:
                items = body.strip("，, ").split("、")
                items = [*items[:-1], *_LAST_SEP.split(items[-1], maxsplit=1)]
                items = [s for s in items if s.strip()]
            if not items or any(len(s) > 30 for s in items):
                continue
            if m.group("mk") == "即" and len(items) == 1 and not enumerated:
                continue  # "少完成的3所学校即调整纳入改扩建项目的学校": 即 describes them, it lists none
            out.append(Enumeration(count=q, items=tuple(items), start=m.end(), end=end, marker=m.group("mk"),
                                   block=b.index))
        out.extend(_bracketed_lists(text, b, by_start))
    return out


# "新建防火检查站3处（石峰区、芦淞区、荷塘区、天元区）": names in brackets right after the count
COUNT_PAREN = re.compile(r"(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,3})(?P<mw>个|家|所|项|名|处|座|支|条|类|种|批|期|场|位)"
                         r"[（(](?P<body>[^（）()]{3,120})[）)]")
# words that make the bracket say where or how many, not which
_NOT_NAMES = re.compile(r"[\d０-９]|等|分布|位于|涉及|覆盖|其中|含|每|共|约|以上|以下|左右|均|各|为主|为|如")


def _bracketed_lists(text: str, b, by_start) -> list[Enumeration]:
    out = []
    for m in COUNT_PAREN.finditer(text, b.start, b.end):
        q = by_start.get(m.start("n"))
        n = small_int(m.group("n"))
        body = m.group("body")
        if q is None or n is None or n < 2 or _NOT_NAMES.search(body):
            continue
        items = [*body.split("、")[:-1], *_LAST_SEP.split(body.split("、")[-1], maxsplit=1)]
        items = [s.strip() for s in items]
        if len(items) < 2 or any(not re.fullmatch(r"[\u4e00-\u9fff]{2,12}", s) for s in items):
            continue
        out.append(Enumeration(count=q, items=tuple(items), start=m.start("body"), end=m.end("body"), marker="括号内",
                               block=b.index, complete=False))
    return out


# "区直文博系统共涉及两家单位：一是布达拉宫管理处，安排…资金9378万元……二是西藏博物馆，下达…资金5009万元"
GROUP = re.compile(r"(?P<group>[\u4e00-\u9fff“”]{2,20}?)共(?:涉及|包括|包含|有|含)(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,3})"
                   r"(?:家|个|项)(?:单位|部门|项目|子项目|方面)?[：:]")
MEMBER = re.compile(r"(?:^|[。；;：:\n])\s*(?:[一二三四五六七八九十]是|其[一二三四五六七八九十])")


def find_group_totals(doc: Document, quantities: list[Quantity], facts, prose_block) -> list[Total]:
    """A group named with an amount earlier, then "共涉及N家单位：一是A…a万元；二是B…b万元": the
    members' amounts make up the group's amount."""
    text = doc.text
    span = _Span(quantities)
    out = []
    for b in doc.blocks:
        if not prose_block(b):
            continue
        for m in GROUP.finditer(text, b.start, b.end):
            n = small_int(m.group("n"))
            if n is None or n < 2:
                continue
            marks = [x.end() for x in MEMBER.finditer(text, m.end() - 1, b.end)]
            if len(marks) != n:
                continue
            parts = []
            for i, start in enumerate(marks):
                end = marks[i + 1] if i + 1 < len(marks) else b.end
                money = [q for q in span(start, end) if q.kind == "money" and q.qualifier is None]
                if not money:
                    break
                parts.append(money[0])
            if len(parts) != n:
                continue
            group = facts(m.group("group"), m.start())
            if group is None:
                continue
            out.append(Total(total=group, parts=tuple(parts), exhaustive=True, marker=f"共{m.group('n')}家（一是…）",
                             block=b.index, label=m.group("group")))
    return out


# an allocation notice: "呼财农指【2023】41号", "财建〔2022〕12号"
NOTICE = re.compile(r"[\u4e00-\u9fff]{1,10}[〔【\[（(﹝](?:19|20)\d{2}[〕】\]）)﹞]第?\d{1,4}号")
ALLOCATE = re.compile(r"下达|安排|拨付|分配|下拨")
# who receives it: a place or unit ("**河县", "白溪县")
RECIPIENT = re.compile(r"[\u4e00-\u9fff*＊]{1,8}?(?:县|市|区|镇|乡|旗|州)(?![\u4e00-\u9fff]{0,2}(?:财政|局|厅|委|政府))")
_TITLE = re.compile(r"《[^》]*》")
_LEAD_VERB = re.compile(r"^(?:下达|安排|拨付给?|分配给?|下拨|向|给|对|为|的|以)+")
# the notice's identity: the last two characters of its issuer code, its year and number
_NOTICE_KEY = re.compile(r"([\u4e00-\u9fff]{1,2})[〔【\[（(﹝]((?:19|20)\d{2})[〕】\]）)﹞]第?(\d{1,4})号$")


def find_allocations(doc: Document, quantities: list[Quantity], prose_block) -> list[tuple[str, Quantity, frozenset[str]]]:
    """(notice number, the amount it allocates, recipients named) for each citation of an
    allocation notice followed by one allocated amount before the next notice or the
    end of the sentence."""
    text = doc.text
    inside = _Span(quantities)
    out = []
    for b in doc.blocks:
        if not prose_block(b):
            continue
        found = list(NOTICE.finditer(text, b.start, b.end))
        for i, m in enumerate(found):
            end = found[i + 1].start() if i + 1 < len(found) else b.end
            stop = re.compile(r"[。；;]").search(text, m.end(), end)
            end = stop.start() if stop else end
            qs = [q for q in inside(m.end(), end) if q.kind == "money" and q.qualifier is None]
            if not qs:
                continue
            q = qs[0]
            span = _TITLE.sub("", text[m.end():q.start])
            if not ALLOCATE.search(span) or re.search(r"其中|分别|用于", span):
                continue
            lead = text[max(b.start, m.start() - 30):m.start()]
            recipients = frozenset(_LEAD_VERB.sub("", r) for r in RECIPIENT.findall(_TITLE.sub("", span + "，" + lead)))
            n = _NOTICE_KEY.search(m.group(0))
            key = f"{n.group(1)}〔{n.group(2)}〕{n.group(3)}号" if n else m.group(0)
            out.append((key, q, recipients))
    return out
