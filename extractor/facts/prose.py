"""Facts from the narrative: each labelled figure with the context of its clause.

Prose is every paragraph and heading, and every table row that is a paragraph in
disguise: a spreadsheet's 自评说明 or a Word layout table holds whole sentences in
one cell per row.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..model import Block, Document, Figure
from ..numbers import parse_quantity
from .contexts import SOURCE_LIKE, ProseContexts, clause_start, named, normalize_name, sentence_start
from .model import Fact

_SENTENCE_MARK = re.compile(r"[。，；：]")
# "调减预算123.54万元", "调减项目支出预算120万元" (the verb, its object, then the cue); "追加后全年预算" is
# the budget after the change
CHANGE = re.compile(r"(?:调减|调增|追加|压减|核减|减少|增加|收回|调入|调出)(?:了|的)?(?![^，。；,;]*后)[\u4e00-\u9fff“”]{0,8}$")
# money in a clause about investment attracted, output, revenue or a per-unit standard is
# not the project's budget money ("引进项目到位资金8.2亿元", "每亩补助标准120元")
NOT_FUNDS = re.compile(r"引进|招商|签约(?:项目|金额|额|合同|投资|企业|总额)|协议|产值|营业收入|销售收入|税收|补助标准|单价|标准为|每(?:亩|户|人|生|公里|场|次|个|座)|人均|户均")
PROSE_CELL_MIN = 20  # characters of a one-cell row that make it a paragraph


# "若以年初预算计算，执行率为94.54%", "按到位资金计，使用率…": the base of the rate that follows
BASIS = re.compile(r"(?:若|如|按|以|按照)(?:以)?(?:实际)?(年初预算|全年预算|调整后预算|到位资金)(?:数)?"
                   r"(?:\s*\d[\d,，]*(?:\.\d+)?\s*(?:万元|亿元|元))?(?:计算|计|为基数|为分母)")
# "经区财政局批复调减区级资金150.00万元": the change verb inside the cue itself (not "调减后全年预算")
# "安排养老服务体系建设资金": a budget cue naming the use of the money between its verb and 资金
USE_IN_CUE = re.compile(r"(?:安排|下达|拨付)(?:用于)?(?P<n>[\u4e00-\u9fff“”]{2,30}?)(?:专项)?(?:资金|经费)(?:总额)?")
CHANGE_IN_CUE = re.compile(r"(?:调减|调增|追加|压减|核减|收回|调入|调出)(?![^，。；,;]*后)")
# "执行率97.32%（按调减后的100.00万元计算）": the base amount named after the rate
BASE_AFTER = re.compile(r"\s*[（(](?:按|以)[^（）()\d]{0,12}?(?P<amount>\d[\d,，]*(?:\.\d+)?\s*(?:万元|亿元|元))"
                        r"(?:为基数|为分母)?(?:计算|计)?[）)]"
                        # "到位率92.00%（1380.00÷1500.00）": the report's own quotient, in the amounts' unit
                        r"|\s*[（(](?:[^（）()\d]{0,8}?[，,])?\s*(?P<numerator>\d[\d,]*(?:\.\d+)?)\s*[÷/]\s*"
                        r"(?P<denominator>\d[\d,]*(?:\.\d+)?)\s*[）)]")
STANDARD = re.compile(r"标准|每(?:人|户|月|年|亩|生|公里|场|次|个|座)")


# "自2016年实施精准资助以来，……累计发放资助资金2.31亿元（累计数，含以前年度）": not the year's money
SINCE_YEAR = re.compile(r"(?:自|从)?(?:19|20)\d{2}\s*年[^，。；;]{0,12}?(?:以来|起)|历年")
# "与上年执行数2,781.35万元相比", "较2022年支出…": the earlier year's amount of a comparison
EARLIER_LEAD = re.compile(r"(?:与|较|比|同比)(?:上年|去年|上一年度?|上年度|(?:19|20)\d{2}\s*年(?:度)?)(?:同期)?(?:的)?[\u4e00-\u9fff]{0,4}$")
CUMULATIVE_NOTE = re.compile(r"\s*[（(]\s*累计")


# "2024年部门预算已按零基预算要求编制，年初预算3,412.60万元", "2024年计划……年初预算1,250.00万元", "明年
#拟安排…": the next year's money, in a sentence about that year (a later 截至/付款 date is not one)
# a year word that is not the year of a date (2024年3月) or of a notice number (〔2024〕)
YEAR_WORD = re.compile(r"(?<![〔\[（(])((?:19|20)\d{2})\s*年(?:度)?(?!\s*\d{1,2}\s*月)")
NEXT_YEAR = re.compile(r"明年|下一年度|下年度|下一年")


def _years(text: str, lo: int, hi: int) -> list[int]:
    """The years text[lo:hi] speaks of (YEAR_WORD), document titles and numbers left out."""
    clean = TITLE_SPAN.sub(lambda m: "※" * len(m.group(0)), text[lo:hi])
    return [int(m.group(1)) for m in YEAR_WORD.finditer(clean)]


def _later_year(text: str, s0: int, cue_start: int, year: int | None) -> bool:
    if NEXT_YEAR.search(text, s0, cue_start):
        return True
    return year is not None and any(y > year for y in _years(text, s0, cue_start))


# "村级公益性公墓单个建设补助：年度指标值≤30万元，实际完成28.5万元": an indicator's result, not the money spent
INDICATOR_VALUE = re.compile(r"(?:年度)?(?:指标值|目标值)")


# "上年（2023年）该项目支出1105.30万元，执行率94.12%": a sentence that opens with the year before states
# that year's money and rates (not 上年结转/上年结余: this year's money carried over)
EARLIER_SENTENCE = re.compile(r"\s*(?:[（(]?[一二三四五六七八九十\d]{1,2}[）)、.．]\s*)?(?:在|于)?"
                              r"(?:(?:上年|去年|上一年|上年度)(?!结转|结余|末|底|同期)|((?:19|20)\d{2})\s*年(?:度)?(?![^，。；;]{0,3}[—\-－~～至到]))")


def _earlier_sentence(text: str, ss: int, year: int | None) -> bool:
    m = EARLIER_SENTENCE.match(text, ss)
    return m is not None and (m.group(1) is None or year is not None and int(m.group(1)) < year)


def _other_year(text: str, lo: int, hi: int, year: int | None) -> bool:
    return year is not None and any(y != year for y in _years(text, lo, hi))


TITLE_SPAN = re.compile(r"《[^》]*》|〔[^〕]*〕")


def _cumulative(text: str, s0: int, q) -> bool:
    return bool(CUMULATIVE_NOTE.match(text, q.end) or (SINCE_YEAR.search(text, s0, q.start) and "累计" in text[s0:q.start]))


def _standard_before(text: str, cs: int, cue_start: int, lo: int) -> bool:
    """A clause with no subject of its own after a per-unit standard: "城市低保标准不低于每人每月
    720元，实际执行750元" — the 750 is the standard paid, not the project's spending."""
    if re.sub(r"实际|全年|当年|年度|已|共", "", text[cs:cue_start]).strip():
        return False
    if cs <= lo or text[cs - 1] not in "，,":
        return False
    ps = clause_start(text, cs - 1, lo)
    return bool(STANDARD.search(text, ps, cs))


def prose_rows(doc: Document) -> frozenset[tuple[int, int]]:
    """(table, row) of the table rows that are paragraphs: one non-empty cell holding
    a sentence."""
    out = set()
    for t in doc.tables:
        filled: dict[int, list[str]] = {}
        for c in t.cells:
            s = doc.cell_text(c).strip()
            if s:
                filled.setdefault(c.row, []).append(s)
        for r, texts in filled.items():
            if len(texts) == 1 and len(texts[0]) >= PROSE_CELL_MIN and _SENTENCE_MARK.search(texts[0]):
                out.add((t.index, r))
    return frozenset(out)


def is_prose(block: Block, rows: frozenset[tuple[int, int]]) -> bool:
    if block.kind != "table_row":
        return True
    return (block.table, block.row) in rows


def prose_facts(doc: Document, figures: list[Figure], names: tuple[str, ...],
                rows: frozenset[tuple[int, int]], year: int | None = None) -> list[Fact]:
    """``rows``: the table rows that are prose (``prose_rows``), read once by the caller."""
    resolver = ProseContexts(doc, names)
    out = []
    for f in sorted(figures, key=lambda f: f.q.start):
        b = doc.blocks[f.block - 1] if f.block else None
        if b is None or not is_prose(b, rows):
            continue
        cue_start = f.cue_start if f.cue_start >= 0 else f.q.start - len(f.cue)
        concept = f.label
        cs = clause_start(doc.text, cue_start, b.start)
        if concept.startswith(("budget", "spent", "funds")):
            ss = sentence_start(doc.text, cue_start, b.start)
            if (NOT_FUNDS.search(doc.text, cs, f.q.start) or _standard_before(doc.text, cs, cue_start, b.start)
                    or _cumulative(doc.text, ss, f.q) or EARLIER_LEAD.search(doc.text, cs, cue_start)
                    or _later_year(doc.text, ss, cue_start, year) or INDICATOR_VALUE.search(doc.text, ss, cue_start)):
                continue
        if concept.startswith("score") and _other_year(doc.text, cs, cue_start, year):
            continue  # "2022年项目自评得分91.5分，2023年为99.33分": an earlier year's total
        if concept.startswith(("budget", "spent", "funds", "rate", "balance")) and _earlier_sentence(
                doc.text, sentence_start(doc.text, cue_start, b.start), year):
            continue  # "上年（2023年）该项目支出1105.30万元，执行率94.12%": the year before's figures
        if concept.startswith("budget") and (CHANGE.search(doc.text, max(b.start, cue_start - 12), cue_start)
                                             or CHANGE_IN_CUE.search(f.cue)):
            concept = "budget.change"  # "调减预算123.54万元" is a change of the budget, not a budget
        # a change names who added the money ("省财政追加下达…"), not what the sentence is about
        ctx = resolver.resolve(cue_start, f.cue, b.start, sets_topic=concept != "budget.change")
        if ctx.is_main and concept == "budget" and (m := USE_IN_CUE.fullmatch(f.cue)) is not None and any(
                x.concept.startswith("budget") and x.context.is_main and x.block != f.block for x in out):
            # "全年预算15,219.64万元。…全年安排养老服务体系建设资金1,286.40万元": after the whole budget, the
            # money of the use the cue names (not of a source: "下达中央资金…" stays the whole's; the
            # first budget stated, "今年安排用于…维修养护的专项资金356.2万", is the project's own)
            use = normalize_name(m.group("n"))
            if len(use) >= 2 and not SOURCE_LIKE.search(use):
                ctx = named(use, resolver.names)
        basis = base = quotient_of = None
        if concept.startswith("rate."):
            # "若以年初预算计算，执行率为94.54%", "预算执行率以实际到位资金为分母计算，为90.03%"
            m = BASIS.search(doc.text, sentence_start(doc.text, cue_start, b.start), f.q.start)
            basis = m.group(1) if m else None
            bm = BASE_AFTER.match(doc.text, f.q.end)
            if bm is not None and bm.group("amount"):
                base = parse_quantity(bm.group("amount"))
                if base is not None:
                    base = replace(base, start=bm.start("amount"), end=bm.end("amount"))
            elif bm is not None:
                n_q, d_q = parse_quantity(bm.group("numerator")), parse_quantity(bm.group("denominator"))
                if n_q is not None and d_q is not None:
                    quotient_of = (replace(n_q, start=bm.start("numerator"), end=bm.end("numerator")),
                                   replace(d_q, start=bm.start("denominator"), end=bm.end("denominator")))
        out.append(Fact(concept=concept, context=ctx, q=f.q, source="prose", how=f.cue, block=f.block, note=f.note,
                        basis=basis, headline=headline(doc.text, concept, f.q, f.cue), base=base,
                        quotient_of=quotient_of))
    return out


# headline wordings of an amount ("项目全年实际支出…", "年初预算…"); a bare 支出 or 预算 after
# another noun is too loose to say two sentences state one quantity
STRONG = re.compile(r"^(?:实际|全年|决算|年初|调整后|到位|资金到位|预算执行数|执行数)")
WHOLE_YEAR = re.compile(r"全年|本年度|年度")  # "部门全年累计支出…": a headline amount though its cue is plain
# "截至12月31日已支付412.8万元" / "截至年底项目资金仅支付421.8万元": the amount at the year's end is
# the year's amount, however plainly its cue is worded
YEAR_END = re.compile(r"(?:截至|截止|至)(?:\d{4}年)?(?:12月31日|12月底|年底|年末|年终)[^。；;]{0,20}$")


def headline(text: str, concept: str, q, cue: str) -> bool:
    """Whether the amount states its concept for the whole project and year (Fact.headline)."""
    if STRONG.match(cue) or WHOLE_YEAR.search(text, max(0, q.start - len(cue) - 4), q.start - len(cue) + 1):
        return True
    return concept == "spent" and YEAR_END.search(text, max(0, q.start - 40), q.start) is not None
