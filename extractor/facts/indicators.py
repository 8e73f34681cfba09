"""Indicator facts that meet across the report: a result the narrative states and the
自评表 row of the same indicator.

A narrative result and a table row are one indicator when their measure words are
the same and their subjects are alike ("依托示范点组织开展文化惠民演出52场" and the row
"开展文化惠民演出场次 | ≥48场 | 50场"). Each row keeps its best-matching results; a
result that fits two rows about equally is not linked (which one it states is not
known).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..indicators import similarity
from ..model import Pair, Quantity, Statement
from ..selfeval import IndicatorRow, SelfEval

LINK_MIN = 60.0  # subject similarity (0-100) for a prose result and a table row
AMBIGUOUS = 5.0  # a result scoring within this of a second row is not linked


# "解决和改善了2.62万农村人口的饮水问题", "惠及3.2万群众" against the row 受益人口 / 受益群众 /
# 受益户数: a count of people or households the money reached is the row of its beneficiaries
BENEFIT_ROW = re.compile(r"受益|惠及")
BENEFIT_VERB = re.compile(r"受益|惠及|解决|改善|帮扶|带动")
BENEFIT_SCORE = LINK_MIN + AMBIGUOUS


def _beneficiaries(s: Statement, row_name: str) -> bool:
    return s.q.unit in ("人", "户") and bool(BENEFIT_ROW.search(row_name)) and bool(BENEFIT_VERB.search(s.subject))


PERSONS = frozenset({"人", "名", "位"})  # "为312,480名老年人提供服务" and the row's "321,480人"


def _measure(unit: str) -> str:
    """persons counted in 人, 名 or 位 are one measure."""
    return "人" if unit in PERSONS else unit


def _same_measure(a: str, b: str) -> bool:
    return _measure(a) == _measure(b)


# the stages a count of applications, selections and completions goes through
STAGES = (re.compile(r"申报|申请|报名|提出"), re.compile(r"初审|复核|审核|入选|列入|批准|确定|认定"),
          re.compile(r"验收|建成|完成|竣工|投用|交付"))


def _stage(text: str) -> int | None:
    found = [k for k, p in enumerate(STAGES) if p.search(text)]
    return found[0] if len(found) == 1 else None


def _other_stage(subject: str, row_name: str) -> bool:
    """Two stages: "全年申报51座" against 验收小蚕共育室, or "全年申报112项" against a row that names no stage
    (a 自评表 result counts what was delivered, not what was applied for or selected)."""
    a, b = _stage(subject), _stage(row_name)
    if a is not None and b is None:
        return a < len(STAGES) - 1
    return a is not None and b is not None and a != b


def rows_like(rows: tuple[IndicatorRow, ...], subject: str, unit: str) -> list[IndicatorRow]:
    """The 自评表 rows of an indicator the narrative names (subjects alike) whose result is
    stated in ``unit``: "不合格食品核查处置率100%" and the row 不合格食品核查处置率 | 100% | 91.53%."""
    return [r for r in rows if r.actual is not None and r.actual.q is not None and r.actual.q.unit == unit
            and similarity(subject, r.name or r.label) >= LINK_MIN]


@dataclass(frozen=True, slots=True)
class IndicatorLink:
    row: IndicatorRow
    table: int
    results: tuple[Statement, ...]  # narrative results of the row's indicator, best first
    scores: tuple[float, ...]
    # linked as the last row and the last result of one measure, sharing a word (``_last_of_measure``),
    # not by the similarity of their subjects
    weak: bool = False


def _actual_rows(selfevals: tuple[SelfEval, ...]) -> list[tuple[int, IndicatorRow]]:
    """(table, row) of the 自评表 indicator rows with an exact actual value."""
    return [(se.table, r) for se in selfevals for r in se.indicators
            if r.actual is not None and r.actual.q is not None and r.actual.q.qualifier is None]


def link_results(statements: tuple[Statement, ...] | list[Statement], selfevals: tuple[SelfEval, ...],
                 text: str = "") -> list[IndicatorLink]:
    """``text``: the document's, to tell the parts of a 其中 list from the whole they break down."""
    rows = _actual_rows(selfevals)
    results = [s for s in statements if s.role == "result" and s.q.qualifier is None]
    per_row: dict[int, list[tuple[float, Statement]]] = {}
    for s in results:
        scored = []
        part = _listed_part(text, s, results)
        for k, (_, r) in enumerate(rows):
            if not _same_measure(r.actual.q.unit, s.q.unit) or r.actual.q.kind != s.q.kind:
                continue
            if part and not _near(r.actual.q.value, s.q.value):
                continue  # "（其中脱贫劳动力5,012人）" and the row 脱贫劳动力转移就业规模 7.92万人: a part, another count
            if _other_stage(s.subject, r.name or r.label):
                continue  # "全年申报51座" and the row 验收小蚕共育室: two stages of one work, two counts
            sc = similarity(s.subject, r.name or r.label)
            if _beneficiaries(s, r.name or r.label):
                sc = max(sc, BENEFIT_SCORE)
            scored.append((sc, k))
        scored.sort(reverse=True)
        if not scored or scored[0][0] < LINK_MIN:
            continue
        if len(scored) > 1 and scored[0][0] - scored[1][0] < AMBIGUOUS:
            continue
        per_row.setdefault(scored[0][1], []).append((scored[0][0], s))
    out = []
    for k, items in sorted(per_row.items()):
        items.sort(key=lambda x: -x[0])
        table, r = rows[k]
        out.append(IndicatorLink(row=r, table=table, results=tuple(s for _, s in items),
                                 scores=tuple(sc for sc, _ in items)))
    out.extend(_last_of_measure(rows, [s for s in results if not _listed_part(text, s, results)], per_row))
    return out


def _listed_part(text: str, s: Statement, results: list[Statement]) -> bool:
    """A result listed after 其中 beneath another of its measure in the sentence ("完成河道治理13.6公里，
    其中新建加固堤防8.4公里、新建护岸4.4公里"): a part of that one, not a count of its own."""
    if not text:
        return False
    lo = max(text.rfind(c, 0, s.clause_start) for c in "。；;\n") + 1
    if text.startswith("其中", lo + len(text[lo:s.q.start]) - len(text[lo:s.q.start].lstrip())) and lo > 1:
        # "…法律援助案件456件，完成年度目标（≥420件）。其中刑事案件187件、…": the whole in the sentence before
        lo = max(text.rfind(c, 0, lo - 1) for c in "。；;\n") + 1
    k = text.rfind("其中", lo, s.q.start)
    return k >= 0 and any(o is not s and o.block == s.block and lo <= o.q.start and o.q.end <= k
                          and _measure(o.q.unit) == _measure(s.q.unit) for o in results)


# the last of a measure is linked only to a result near the row's value: a slip (272 for 262), not another count
NEAR_LO, NEAR_HI = Decimal("0.8"), Decimal("1.25")


def _near(a: Decimal, b: Decimal) -> bool:
    return a > 0 and b > 0 and NEAR_LO <= b / a <= NEAR_HI


def _transposed(a: Decimal, b: Decimal) -> bool:
    """The same digits in another order (68 and 86, 2.36 and 2.63): one figure typed with two digits
    swapped."""
    da, db = (re.sub(r"\D", "", format(x.normalize(), "f")) for x in (a, b))
    return a != b and len(da) == len(db) and sorted(da) == sorted(db) and len(da) >= 2


def _last_of_measure(rows, results, per_row) -> list[IndicatorLink]:
    """After the links by subject: one row and one result of a measure both left unlinked, that
    share a word of two or more characters and lie within a quarter of each other, are one indicator ("全年共为272家科技型中小企业兑付创新券"
    and the row 创新券服务企业数 | ≥300家 | 262家: the only ones in 家 left, both of 创新券)."""
    from ..indicators import STOP, tokens

    linked = {id(s) for items in per_row.values() for _, s in items}
    left_rows: dict[tuple, list[int]] = {}
    for k, (_, r) in enumerate(rows):
        if k not in per_row:
            left_rows.setdefault((_measure(r.actual.q.unit), r.actual.q.kind), []).append(k)
    left: dict[tuple, list[Statement]] = {}
    for s in results:
        if id(s) not in linked:
            left.setdefault((_measure(s.q.unit), s.q.kind), []).append(s)
    out = []
    for key, ks in left_rows.items():
        ss = left.get(key, [])
        if len(ks) != 1 or len(ss) != 1 or not key[0]:
            continue
        (table, r), s = rows[ks[0]], ss[0]
        if not _near(r.actual.q.value, s.q.value):
            continue  # far apart ("两条主干道施工" beside 营运线路数 46条): two quantities, not one misstated
        shared = {w for w in tokens(r.name or r.label) if len(w) >= 2 and w not in STOP} & set(tokens(s.subject))
        if shared and not _other_stage(s.subject, r.name or r.label):
            out.append(IndicatorLink(row=r, table=table, results=(s,), scores=(similarity(s.subject, r.name or r.label),),
                                     weak=True))
    return out


# an indicator's name ends in the name of its measure, which the result's unit says again:
# 人工造林面积 | 2.63万亩, 资助项目数 | 56个, 送戏下乡演出场次 | 326场
MEASURE_SUFFIX = re.compile(r"(?:数量|总数|个数|人数|户数|人次|场次|次数|面积|长度|里程|规模|数)$")


def _row_words(name: str) -> list[str]:
    from ..indicators import tokens

    return [t for t in tokens(MEASURE_SUFFIX.sub("", name)) if len(t) >= 2]


def _names_row(words: list[str], subject: str) -> int:
    """The characters of the row's name a narrative subject holds, or 0 when it does not name the
    row: every word, or all but a leading one (the verb: 受理并指派法律援助案件 names the row
    办理法律援助案件数), and at least two words."""
    if len(words) < 2:
        return 0
    held = [w in subject for w in words]
    if all(held) or (len(words) >= 3 and not held[0] and all(held[1:])):
        return sum(len(w) for w, h in zip(words, held, strict=True) if h)
    return 0


def find_restatements(statements: tuple[Statement, ...] | list[Statement], selfevals: tuple[SelfEval, ...],
                      text: str = "") -> list[IndicatorLink]:
    """Each 自评表 row with the narrative counts that name its indicator and lie within a quarter
    of its actual value, or have its digits in another order: "全年完成人工造林2.36万亩" in 项目基本情况 and "人工造林面积 | ≥2.5万亩 | 2.63万亩".
    A count said twice in the narrative is held to the row each time, also where another
    mention of it agrees with the row. Targets, earlier years' figures, samples and the parts of
    a 其中 list are not mentions; a count that names two rows equally names neither."""
    rows = _actual_rows(selfevals)
    if not rows:
        return []
    words = [_row_words(r.name or r.label) for _, r in rows]
    counts = [s for s in statements if s.role in ("result", "fact") and s.q.qualifier is None]
    per_row: dict[int, list[Statement]] = {}
    for s in counts:
        if s.sample or s.q.kind != "count":
            continue  # (a rate naming an indicator may be its 完成率, not its value: counts only)
        best: list[tuple[int, int]] = []
        for k, (_, r) in enumerate(rows):
            q = r.actual.q
            if not _same_measure(q.unit, s.q.unit) or q.kind != s.q.kind or not (
                    _near(q.value, s.q.value) or _transposed(q.value, s.q.value)):
                continue
            held = _names_row(words[k], s.subject)
            if held and not _other_stage(s.subject, r.name or r.label):
                best.append((held, k))
        best.sort(reverse=True)
        if not best or (len(best) > 1 and best[1][0] == best[0][0]):
            continue
        if _listed_part(text, s, counts):
            continue
        per_row.setdefault(best[0][1], []).append(s)
    return [IndicatorLink(row=rows[k][1], table=rows[k][0], results=tuple(ss), scores=tuple(0.0 for _ in ss))
            for k, ss in sorted(per_row.items())]


@dataclass(frozen=True, slots=True)
class ScoredLink:
    """A scored part (a narrative "满意度指标（10分）：得10分", or a score-sheet row without
    target and actual columns) with the narrative target/result pairs of the indicators it
    names."""

    name: str
    weight: Quantity
    score: Quantity
    pairs: tuple[Pair, ...]


# words that name the kind of line, not the indicator
_SCORED_FILLER = re.compile(r"一级|二级|三级|指标|得分|情况|方面|$")


def _name_parts(name: str) -> list[str]:
    from ..indicators import tokens

    core = _SCORED_FILLER.sub("", re.sub(r"[\s\d.（）()、，,：:]", "", name))
    return [t for t in tokens(core) if len(t) > 1 or "\u4e00" <= t <= "\u9fff"] if len(core) >= 2 else []


MEASURE_WORD = re.compile(r"^(?P<unit>[\u4e00-\u9fff])(?:次|数)$")


def _measure_of(word: str, unit: str) -> bool:
    """"场次" or "场数" in a part's name is the count the result's 场 measures ("送戏下乡场次" / 246场)."""
    m = MEASURE_WORD.match(word)
    return m is not None and m.group("unit") == unit


INSIDE = 10_000  # a pair told inside a part's own clause is that part's before any part's name holds it


def link_scored(items, pairs: tuple[Pair, ...] | list[Pair]) -> list[ScoredLink]:
    """Each scored part with the pairs whose subject (with the result's measure word) holds
    every word of its name: "抽检批次" holds in "年度计划完成食品安全抽检" + 批次, "满意度指标"
    in "受益农户满意度". A part no pair holds is linked to nothing. A pair that the names of
    several parts hold is the part's that names more of it: of "投放点6分" and "投放点建设成本5分",
    the indicator 投放点建设成本 is the second's, and 投放点 is 分类投放点 alone."""
    named = []
    for name, weight, score in items:
        # "3.时效指标（10分）：按期完工率目标≥95%，……按期完工率85.7%，得10分": the pairs told between the
        # part's weight and its points are the part's, whatever its name
        inside = [p for p in pairs if weight.end <= min(p.target.q.start, p.result.q.start)
                  and max(p.target.q.end, p.result.q.end) <= score.start]
        if inside:
            named.append((name, weight, score, INSIDE, inside))
            continue
        parts = _name_parts(name)
        if not parts:
            continue
        hits = [p for p in pairs
                if all(w in p.target.subject + p.result.subject + p.result.q.unit or _measure_of(w, p.result.q.unit)
                       for w in parts)]
        named.append((name, weight, score, sum(map(len, parts)), hits))
    best: dict[int, int] = {}  # id(pair) -> the most characters of it a part's name holds
    for *_, size, hits in named:
        for p in hits:
            best[id(p)] = max(best.get(id(p), 0), size)
    out = []
    for name, weight, score, size, hits in named:
        mine = tuple(p for p in hits if best[id(p)] == size)
        if mine:
            out.append(ScoredLink(name, weight, score, mine))
    return out


@dataclass(frozen=True, slots=True)
class TextResult:
    """A results line that gives a numeric indicator no figure: "（二）培训合格取证率：已完成。"
    beside the target "培训合格取证率不低于80%"."""

    topic: str
    span: tuple[int, int]  # the words that stand for the result ("已完成")
    target: Statement


TOPIC_LINE = re.compile(r"\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}\s*[.、．])?\s*(?P<topic>[\u4e00-\u9fff]{2,20})[：:]\s*"
                        r"(?P<word>(?:已|均已|全部|均|基本)?(?:完成|达标|实现|落实|达到(?:年度)?目标|完成(?:年度)?(?:目标|任务)))"
                        r"[。.]?\s*$")
TEXT_MATCH = 80.0


def find_text_results(doc, statements) -> list[TextResult]:
    from ..indicators import section_role

    targets = [s for s in statements if s.role == "target" and s.q.kind in ("percent", "count")]
    if not targets:
        return []
    out = []
    for b in doc.blocks:
        if b.kind == "table_row" or section_role(b.section) != "result":
            continue
        m = TOPIC_LINE.fullmatch(doc.text, b.start, b.end)
        if m is None:
            continue
        topic = m.group("topic")
        scored = sorted(((max(similarity(topic, t.subject), 100.0 if t.subject.endswith(topic) else 0.0), i)
                         for i, t in enumerate(targets)), reverse=True)
        if not scored or scored[0][0] < TEXT_MATCH or len(scored) > 1 and scored[1][0] >= scored[0][0] - AMBIGUOUS \
                and targets[scored[1][1]].subject != targets[scored[0][1]].subject:
            continue
        out.append(TextResult(topic, (m.start("word"), m.end("word")), targets[scored[0][1]]))
    return out
