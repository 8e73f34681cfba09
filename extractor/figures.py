"""Labelling: which quantity is 年初预算, 全年预算, 到位, 执行, 执行率, 得分 …

A label comes from the words just before a figure in its own clause
("年初预算1000万元", "资金使用率77.04%", "得分100分"). The closest cue wins, and
a cue only labels the kind of figure it can describe (a rate cue never
labels an amount). The table of cues is data, so a new wording is one line.
"""
from __future__ import annotations

import re

from .model import Document, Figure, Grade, Quantity, bare_wan

# label -> (kinds it may label, cue pattern). Order matters only for ties at the
# same distance: more specific cues first.
CUES: tuple[tuple[str, frozenset[str], str], ...] = (
    ("rate.arrival", frozenset({"percent"}), r"到位率"),
    ("rate.execution", frozenset({"percent"}), r"(?:预算|资金|项目)?(?:执行率|使用率|支付率|支出率|兑付率|(?:执行|支付|支出)进度)"),
    ("rate.completion", frozenset({"percent"}), r"完成率|完成比例"),
    ("rate.balance", frozenset({"percent"}), r"结余率"),
    ("budget.total", frozenset({"money"}), r"(?:全年|调整后的?|调整|年度)预算(?:数|金额|资金|总额)?|调整后(?:的)?(?:全年)?预算数?|预算调整为|"
     # "年初预算900.00万元，追加480.00万元后为1,380.00万元": the budget after the change
     r"(?:追加|调增|调减|压减|核减)[\d.,，]+\s*(?:万元|元|亿元)后(?:为|是|达到?)"),
    # "年初预算安排本项目186.00万元": the object the budget funds may stand between the cue and its figure
    ("budget.initial", frozenset({"money"}), r"年初(?:下达|批复|安排)?(?:的)?预算(?:数|金额|资金)?(?:安排|下达|批复)?(?:给?(?:本|该)(?:项目|专项))?(?:资金)?(?:为|是)?|"
     r"年初批复(?:资金)?|年初安排(?:资金)?"),
    ("budget.control", frozenset({"money"}), r"预算控制数"),
    ("funds.carryover", frozenset({"money"}), r"上年结转(?:资金)?"),
    ("balance", frozenset({"money"}), r"结余(?:资金)?|节约(?:资金)?|结转下年"),
    ("funds.arrived", frozenset({"money"}), r"(?:实际)?到位(?:资金)?|资金到位|到账(?:资金)?|"
     # "县财政实际拨付到项目实施单位资金4,180.00万元": money paid over to the project has arrived
     r"(?:实际)?拨付(?:到|至|给)(?:项目)?(?:实施)?(?:单位|项目|乡镇|各乡镇|实施主体)(?:的)?(?:资金|经费)?"),
    ("spent", frozenset({"money"}), r"实际(?:使用|支出|执行|支付|完成)(?:资金|金额)?|执行数|支出数|决算数?|已?支付(?:资金)?|累计支出|使用资金|执行(?:资金)?|支出(?:资金)?|"
     r"(?:已|累计|实际|共|全部|当年)(?:拨付|兑付|下拨|列支|报账|结算|发放)(?:资金|金额|经费)?|(?:兑付|列支|报账|结算)(?:资金|金额|经费)?|"
     # "发放创业担保贷款1.48亿元": a loan a bank issued is not the budget's spending
     r"(?:已|累计|实际|共|全部|当年|全年)?(?:拨付|兑付|下拨|列支|发放|支付)[\u4e00-\u9fff]{0,6}?(?:资金|金额|经费|(?<!贷)款|补贴|津贴|补助)|"
     r"(?<![未不])使用"),
    # (安排 right before its figure allocates it: "其中子项目“…”安排260.00万元，支出251.38万元")
    ("budget", frozenset({"money"}), r"(?:项目)?(?:总)?预算(?:资金|金额|总额|数)?(?:安排|下达)?|批复(?:资金|金额)|安排(?:资金|经费)|下达(?:资金|经费)?|"
     r"(?<![已未不])安排|"
     r"(?:下达|安排|批复|拨付)[\u4e00-\u9fff“”]{0,30}?(?:资金|经费)(?:总额)?"),
    ("score.total", frozenset({"score", "number"}), r"(?:自评|综合|评价|绩效|总|最终)?得分|总分|评分"),
    # "预算执行9.52分，产出48.33分，……，合计88.82分": the points of the parts summed (in 分 only)
    ("score.total", frozenset({"score"}), r"(?:合计|共计|总计)(?:得分)?"),
    ("weight", frozenset({"score", "number"}), r"分值|权重"),
)
# words that may stand between a cue and its figure ("执行率为95%", "预算资金共计500万元")
LINK_WORDS = r"(?:调整|调减|调增|核定|确定)为|为|是|达到?|约|仅为|仅|只有|共计|合计|共|总计|计|累计|：|:"
LINK = f"(?:{LINK_WORDS})?"
_LINK_TAIL = re.compile(f"(?:{LINK_WORDS})+$")


def cue_name(cue: str) -> str:
    """A cue as a name in a message, without the link words it was read with: "资金执行率达" → "资金执行率"."""
    return _LINK_TAIL.sub("", cue) or cue

_COMPILED = tuple((label, kinds, re.compile(f"(?:{pat}){LINK}$")) for label, kinds, pat in CUES)
# A cue that is negated or compared is not a statement of the figure:
# "执行率未达到90%的原因", "尚未支付703万元", "执行率低于90%" label nothing.
NEGATED = re.compile(r"(?:未|没有|不|尚未|无法)(?:达到?|超过|满|足|到)?$|(?:低于|高于|超过|不足|不到|以内|以下|以上)$")
_NEG_BEFORE_CUE = re.compile(r"(?:未|尚未|没有|不)$")

# a cue must sit in the same clause as its figure
CLAUSE_BREAK = re.compile(r"[，,；;。！？\n\t、（）()]")
# characters before the figure searched for a cue; the cue must still end at the figure
# (link words only between them), so a wider window only lets a role word stand far from
# its number inside one clause ("安排用于……维修养护的专项资金356.2万")
LOOKBACK = 48
# a parenthesis between the cue and its figure is an annotation, often the formula:
# "资金使用率（已支出资金÷到位资金）为92.86%"
_PAREN_TAIL = re.compile(r"[（(]([^（）()]{1,30})[）)](" + LINK + r")$")


def _clause_before(text: str, start: int) -> tuple[str, str | None]:
    """The clause text before a figure (at most LOOKBACK characters), and the annotation
    in parentheses right before the figure's link word, if any."""
    lo = max(0, start - LOOKBACK)
    seg = text[lo:start]
    note = None
    m = _PAREN_TAIL.search(seg)
    if m:
        note = m.group(1)
        seg = seg[: m.start()] + m.group(2)
    ends = [m.end() for m in CLAUSE_BREAK.finditer(seg)]
    return (seg[ends[-1]:] if ends else seg), note


def label_one(before: str, q: Quantity) -> tuple[str, str] | None:
    """(label, cue) for a quantity given the clause text before it; the cue must end
    at the figure, separated from it by link words only."""
    if NEGATED.search(before):
        return None
    for label, kinds, pat in _COMPILED:
        if q.kind not in kinds:
            continue
        m = pat.search(before)
        if m is None:
            continue
        if _NEG_BEFORE_CUE.search(before[: m.start()]):
            return None  # "尚未支付703万元" is the unpaid remainder, not a payment
        return label, m.group(0)
    return None


# a bare 得分 (no 总/综合/自评 before it) right after an item named with its own 分值
_ITEM_POINTS = re.compile(rf"得分(?:{LINK_WORDS})?")
_ITEM_WEIGHT_BEFORE = re.compile(r"[\u4e00-\u9fff]{2,12}(?:分值|权重)(?:为)?\s*[\d.]+\s*分\s*[，,、]\s*$")


def label_figures(doc: Document, quantities: list[Quantity]) -> list[Figure]:
    out: list[Figure] = []
    for q in quantities:
        if q.kind in ("date",):
            continue
        before, note = _clause_before(doc.text, q.start)
        hit = label_one(before, q)
        money = bare_wan(q)  # money clauses that print 万/亿 without 元 ("专项资金356.2万")
        if money is not None:
            mhit = label_one(before, money)
            if mhit is not None and mhit[0] in MONEY_LABELS:
                q, hit = money, mhit
        cue_at = None
        if hit is None and q.kind == "percent":
            found = _rate_with_basis_before(doc.text, q.start)  # "预算执行率以实际到位资金为分母计算，为90.03%"
            if found is not None:
                hit, cue_at = found[:2], found[2]
        if hit is None:
            expr = _EXPRESSION.search(before)
            if expr is None:
                continue
            # "自评总分：7.07+49.50+23.67+9.76=90.00分": the cue names the result of its expression
            hit = label_one(before[:expr.start()], q)
            if hit is None:
                continue
            label, cue = hit
            cue = cue + before[expr.start():]
        else:
            label, cue = hit
        if label == "score.total" and q.value == 100 and re.fullmatch(r"(?:合计|共计|总计)\W*", cue):
            continue  # "合计100分" sums the weights; the points earned are "合计得分…"
        if label == "score.total" and _OPERAND_AFTER.match(doc.text, q.end):
            continue  # "总分：7.07+49.50+…": an operand of the expression, not the total it names
        b = doc.block_at(q.start)
        if label == "score.total" and q.kind == "number" and not b:
            continue
        if label == "score.total" and _WEIGHT_THEN_SCORE.match(doc.text, q.end):
            continue  # "总分 100 98.7" of a table pasted as text: 100 is the 分值 column, 98.7 the score
        if label == "score.total" and q.value == 100 and _FULL_MARKS_CUE.match(cue) and _FULL_THEN_SCORE.match(doc.text, q.end):
            continue  # "总分：100分；自评得分：79.35分": 100 is the full marks, the points earned follow
        if label == "score.total" and _ITEM_POINTS.fullmatch(cue) and _ITEM_WEIGHT_BEFORE.search(
                doc.text, max(0, q.start - len(cue) - 24), q.start - len(cue)):
            continue  # "（预算执行率分值10分，得分9.52分）": an item's points after its own 分值, not the total
        out.append(Figure(label=label, q=q, cue=cue, block=b.index if b else 0,
                          cue_start=cue_at if cue_at is not None else q.start - len(cue) - (len(note) + 2 if note else 0),
                          note=note))
    return out


_BASIS_CLAUSE = re.compile(r"(?P<cue>(?:预算|资金|项目)?(?:执行率|使用率|支付率|支出率|到位率))(?:以|按|按照)[^，,。；;]{2,24}?(?:计算|计)"
                           r"[，,]\s*(?:为|是|达到?)?\s*$")


def _rate_with_basis_before(text: str, start: int) -> tuple[str, str, int] | None:
    """A rate whose cue stands in the clause before, with the base it is computed on:
    "预算执行率以实际到位资金为分母计算，为90.03%"."""
    m = _BASIS_CLAUSE.search(text, max(0, start - 40), start)
    if m is None:
        return None
    cue = m.group("cue")
    return ("rate.arrival" if "到位" in cue else "rate.execution"), cue, m.start("cue")


# an arithmetic expression between a cue and the figure it names, and an operand's tail
_EXPRESSION = re.compile(r"(?:\d[\d.,]*\s*(?:分|%|万元|元)?\s*[+＋\-−×*÷/]\s*)+\d[\d.,]*\s*(?:分|%|万元|元)?\s*[=＝]\s*$")
_OPERAND_AFTER = re.compile(r"\s*[+＋×*÷/]\s*\d|\s*[=＝]")
_FULL_MARKS_CUE = re.compile(r"^(?:总分|满分)")
_FULL_THEN_SCORE = re.compile(r"分?\s*[；;，,]\s*(?:本项目)?(?:自评|综合|评价|最终|实际)?得分\s*(?:为|是)?\s*[：:]?\s*\d")
_WEIGHT_THEN_SCORE = re.compile(r"[ \t]+\d{1,3}(?:\.\d+)?(?:分)?[ \t]*(?:$|\n|[ \t])")
MONEY_LABELS = frozenset(label for label, kinds, _ in CUES if kinds == frozenset({"money"}))


GRADE_WORDS = {"优秀": "优", "优": "优", "良好": "良", "良": "良", "中等": "中", "中": "中", "合格": "中",
               "差": "差", "不合格": "差", "较差": "差"}
_GRADE = re.compile(
    r"(?:评价等次|评价等级|绩效等级|绩效等次|自评等级|自评等次|评价结果|自评结果|评定等级|等次|等级)"
    r"(?:为|是|：|:|评定为|确定为|评为)?[“\"「『]?(不合格|优秀|良好|中等|合格|较差|优|良|中|差)(?![化势质秀点])"
)


# "自评得分87分，评定为优秀等次": the grade word before 等次/等级
_GRADE_AFTER = re.compile(r"(?:评定为|评为|定为|确定为|认定为)[“\"「『]?(不合格|优秀|良好|中等|合格|较差|优|良|中|差)[”\"」』]?(?:等次|等级|档次)")


# the total right after the grade word: "良好（91.5分）", "良好，得分91.5分", "“良”（综合得分91.5分）"
_SCORE_AFTER = re.compile(r"[”\"」』]?(?:等次|等级)?\s*(?:[（(]\s*(?:(?:自评|综合|最终|总)?得分|总分)?\s*(?:为|是)?[：:]?\s*"
                          r"|[，,]\s*(?:(?:自评|综合|最终|总)得分|得分|总分)\s*(?:为|是)?[：:]?\s*)$")


def find_grades(doc: Document, quantities: list[Quantity] | None = None) -> list[Grade]:
    scores = {q.start: q for q in quantities or () if q.unit == "分" and q.qualifier is None}
    stated = list(_GRADE.finditer(doc.text))
    seen = {m.start(1) for m in stated}
    after = [m for m in _GRADE_AFTER.finditer(doc.text) if m.start(1) not in seen]
    out: list[Grade] = []
    for m in sorted([*stated, *after], key=lambda m: m.start(1)):
        b = doc.block_at(m.start())
        out.append(Grade(value=GRADE_WORDS[m.group(1)], text=m.group(0), start=m.start(1), end=m.end(1),
                         block=b.index if b else 0, score=_score_after(doc.text, m.end(1), scores)))
    return out


def _score_after(text: str, end: int, scores: dict[int, Quantity]) -> Quantity | None:
    for start in range(end, min(len(text), end + 16)):
        q = scores.get(start)
        if q is not None:
            return q if _SCORE_AFTER.fullmatch(text, end, start) else None
    return None
