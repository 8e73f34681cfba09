"""The fact model: every figure a rule may compare, read once, with its concept,
context, unit and evidence (see ``model``). Rules ask ``Facts``; they never pair
figures by position in the text.

    facts = read_facts(doc, quantities, figures, selfevals)
    facts.of("spent", context=MAIN_CONTEXT)          # every 实际支出 of the project
    facts.before(rate, "spent", same_context=True)   # the amounts a rate may be computed from
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from ..intervals import bounds, sum_bounds
from ..model import Document, Figure, Pair, Quantity, Statement
from ..selfeval import IndicatorRow, SelfEval
from .averages import Average, find_averages
from .changes import Change, find_changes
from .columns import find_column_totals
from .contexts import EXPENSE_TYPES, clause_start, named, normalize_name, report_names, scope_title
from .indicators import (
    IndicatorLink,
    ScoredLink,
    TextResult,
    find_restatements,
    find_text_results,
    link_results,
    link_scored,
    rows_like,
)
from .model import ITEM, MAIN, MAIN_CONTEXT, Allocation, Context, Enumeration, Fact, Total
from .periods import (
    Cutoff,
    DatedEvent,
    OtherYearResult,
    Period,
    evaluated_year,
    find_cutoffs,
    find_dated,
    find_other_year_results,
    find_period,
)
from .portions import find_portions
from .prose import headline, is_prose, prose_facts, prose_rows
from .reasons import BudgetWords, Shortfall, find_budget_words, find_shortfalls
from .rescaled import Rescaled, find_rescaled
from .scores import (
    ScoreBreakdown,
    ScoredDimension,
    find_score_breakdowns,
    find_scored_dimensions,
    find_scored_items,
)
from .shares import Share, find_shares
from .structure import (
    Attachments,
    Claim,
    IndicatorClaim,
    Section,
    find_attachments,
    find_claims,
    find_indicator_claims,
    find_sections,
    subject_words,
)
from .sums import find_allocations, find_enumerations, find_group_totals, find_totals
from .tables import table_facts, table_owner
from .template import Placeholder, find_placeholders

__all__ = ["Allocation", "ITEM", "MAIN", "MAIN_CONTEXT", "Context", "Enumeration", "Fact", "Facts", "ScoreBreakdown", "Total",
           "read_facts"]


@dataclass(frozen=True)
class Facts:
    items: tuple[Fact, ...] = ()
    totals: tuple[Total, ...] = ()
    enumerations: tuple[Enumeration, ...] = ()
    names: tuple[str, ...] = ()  # what the report is about (normalized title, 项目名称)
    indicator_links: tuple[IndicatorLink, ...] = ()  # 自评表 rows with the narrative results of their indicator
    restatements: tuple[IndicatorLink, ...] = ()  # 自评表 rows with every narrative count naming their indicator
    allocations: tuple[Allocation, ...] = ()  # amounts that cited allocation notices give
    year: int | None = None  # the evaluated year
    period: Period | None = None  # the evaluated period (a stated 项目起止时间, else the year)
    dated: tuple[DatedEvent, ...] = ()  # dated events and dated entries
    placeholders: tuple[Placeholder, ...] = ()  # template text left in place
    prose_blocks: frozenset[int] = frozenset()  # Block.index of the blocks that are prose (one-cell rows too)
    score_breakdowns: tuple[ScoreBreakdown, ...] = ()  # the narrative's points per part and their total
    changes: tuple[Change, ...] = ()  # year-on-year changes: current, earlier, rate
    scored_links: tuple[ScoredLink, ...] = ()  # parts scored without target/actual, with their indicators' pairs
    scored_dimensions: tuple[ScoredDimension, ...] = ()  # "（三）产出（40分，得37分）" with the parts scored under it
    rescaled: tuple[Rescaled, ...] = ()  # one amount told twice, 10ⁿ apart (a slipped 元/万元)
    shares: tuple[Share, ...] = ()  # rates that are one count's share of another (合格率, 办结率)
    averages: tuple[Average, ...] = ()  # per-unit figures (人均/亩均/每公里…) with what they may be computed from
    text_results: tuple[TextResult, ...] = ()  # results lines with no figure for a numeric target ("取证率：已完成")
    cutoffs: tuple[Cutoff, ...] = ()  # the "截至…" dates figures are stated at
    is_report: bool = False  # the file reads as a performance report (绩效自评/评价 near its start)
    sections: tuple[Section, ...] = ()  # titled parts, with what follows each title
    attachments: Attachments = field(default_factory=Attachments)  # cited and present 附件
    claims: tuple[Claim, ...] = ()  # claims that the whole work was done ("各项指标均已完成")
    indicator_claims: tuple[IndicatorClaim, ...] = ()  # "…下降率为6.2%，该指标已完成": one indicator claimed met
    # 自评表 (by Table.index) of a project other than what the report is about -> that project's context
    table_owners: dict[int, Context] = field(default_factory=dict, compare=False)
    shortfalls: tuple[Shortfall, ...] = ()
    budget_words: BudgetWords = field(default_factory=BudgetWords)  # reasons for adjustments and cuts, arrivals in full
    other_year_results: tuple[OtherYearResult, ...] = ()  # 自评表 results that name another year
    indicator_rows: tuple[IndicatorRow, ...] = ()  # every 自评表 indicator row, tables and prose lines  # narrative results short of target, and whether a reason is given
    # (concept, context) -> facts in document order, with their starts; contexts are canonical
    # (two spellings of one item, Context.same, share the first one's Context)
    _index: dict[tuple[str, Context, str | None], tuple[tuple[Fact, ...], list[int]]] = field(
        default_factory=dict, repr=False, compare=False)
    _contexts: tuple[Context, ...] = field(default=(), repr=False, compare=False)
    _same: dict[Context, tuple[Context, ...]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        by: dict[tuple[str, Context, str | None], list[Fact]] = {}
        ctxs: dict[Context, None] = {}
        for f in self.items:
            ctxs.setdefault(f.context)
            by.setdefault((f.concept, f.context, None), []).append(f)
            by.setdefault((f.concept, f.context, f.source), []).append(f)
        index = {}
        for k, v in by.items():
            v.sort(key=lambda f: f.q.start)
            index[k] = (tuple(v), [f.q.start for f in v])
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_contexts", tuple(ctxs))
        object.__setattr__(self, "_same", {})

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def _matching(self, context: Context | None) -> tuple[Context, ...]:
        if context is None:
            return self._contexts
        hit = self._same.get(context)  # asked once per rule and fact: remembered per context
        if hit is None:
            hit = self._same[context] = tuple(c for c in self._contexts if c == context or c.same(context))
        return hit

    def of(self, *concepts: str, context: Context | None = None, source: str | None = None) -> list[Fact]:
        """Facts of the concepts, in document order, optionally of one context and source."""
        out: list[Fact] = []
        ctxs = self._matching(context)
        for c in dict.fromkeys(concepts):
            for x in ctxs:
                hit = self._index.get((c, x, source))
                if hit is not None:
                    out.extend(hit[0])
        if len(concepts) > 1 or len(ctxs) > 1:
            out.sort(key=lambda f: f.q.start)
        return out

    def before(self, fact: Fact, *concepts: str, within: int | None = None, source: str | None = "prose") -> list[Fact]:
        """Facts of the concepts and of ``fact``'s context stated before it (nearest first)."""
        out: list[Fact] = []
        lo = None if within is None else fact.q.start - within
        for c in dict.fromkeys(concepts):
            for x in self._matching(fact.context):
                hit = self._index.get((c, x, source))
                if hit is None:
                    continue
                facts, starts = hit
                i = bisect.bisect_left(starts, fact.q.start)
                j = 0 if lo is None else bisect.bisect_left(starts, lo)
                out.extend(f for f in facts[j:i] if f is not fact)
        out.sort(key=lambda f: -f.q.start)
        return out

    def subject(self, doc: Document, q: Quantity) -> frozenset[str]:
        """The words of what a figure is about (its sentence, paragraph title, sections)."""
        return subject_words(doc, q.start, q.end)

    def table_rows_like(self, subject: str, unit: str) -> list[IndicatorRow]:
        """自评表 rows of the indicator a narrative subject names whose result is in ``unit``."""
        return rows_like(self.indicator_rows, subject, unit)

    def table_context(self, se: SelfEval) -> Context:
        """Whose 自评表 this is: the report's (MAIN), or the project it names."""
        return self.table_owners.get(se.table, MAIN_CONTEXT)

    def contexts(self) -> list[Context]:
        return list(self._contexts)

    def scope(self, doc: Document, block_index: int) -> str:
        """The scope the innermost section title of a block names ("产业发展类", "包1"), or ''."""
        b = doc.blocks[block_index - 1]
        return scope_title(b.section[-1]) if b.section else ""

    def to_dicts(self, doc: Document) -> list[dict[str, Any]]:
        return [fact_dict(doc, f) for f in self.items]

    def totals_dicts(self, doc: Document) -> list[dict[str, Any]]:
        def q(x: Quantity) -> dict[str, Any]:
            page, line = doc.locate(x.start)
            return {"text": x.text, "value": str(x.value), "unit": x.unit, "page": page, "line": line}

        return [{"label": t.label, "marker": t.marker, "exhaustive": t.exhaustive, "total": q(t.total),
                 "parts": [dict(q(p), name=n) for p, n in zip(t.parts, t.names or ("",) * len(t.parts), strict=False)],
                 "alternatives": [q(a) for a in t.alternatives]} for t in self.totals] + [
                {"label": "列举", "marker": e.marker, "exhaustive": True, "total": q(e.count),
                 "parts": [{"name": n} for n in e.items], "alternatives": []} for e in self.enumerations]

    def rate_bases(self, doc: Document) -> list[dict[str, Any]]:
        """For each stated rate, the facts of its context it can be checked against:
        what an auditor needs to see why a rate was (or was not) judged."""
        out = []
        for r in self.of("rate.execution", "rate.arrival", source="prose"):
            num = "spent" if r.concept == "rate.execution" else "funds.arrived"
            concepts = dict.fromkeys((num, "budget.total", "budget", "budget.initial", "budget.control", "funds.arrived"))
            cands = [f for f in self.of(*concepts, context=r.context) if f.q.start < r.q.start or f.source == "table"]
            out.append({"rate": fact_dict(doc, r), "against": [fact_dict(doc, f) for f in cands]})
        return out


def fact_dict(doc: Document, f: Fact) -> dict[str, Any]:
    page, line = doc.locate(f.q.start)
    d: dict[str, Any] = {"concept": f.concept, "context": str(f.context), "context_kind": f.context.kind,
                         "value": str(f.q.value), "unit": f.q.unit, "text": f.q.text, "qualifier": f.q.qualifier,
                         "source": f.source, "how": f.how, "start": f.q.start, "end": f.q.end,
                         "page": page, "line": line}
    if f.cell is not None:
        d.update(table=f.table, row=f.cell.row, col=f.cell.col, row_label=f.row_label)
    if f.table_unit:
        d["table_unit"] = f.table_unit
    if f.note:
        d["note"] = f.note
    return d


def read_facts(doc: Document, quantities: Iterable[Quantity], figures: Iterable[Figure],
               selfevals: tuple[SelfEval, ...], statements: tuple[Statement, ...] | list[Statement] = (),
               pairs: tuple[Pair, ...] | list[Pair] = (), year: int | None = None,
               prose: frozenset[tuple[int, int]] | None = None) -> Facts:
    """``year`` and ``prose`` (the one-cell rows that are paragraphs, ``prose_rows``): where the caller
    has read them already."""
    qs = sorted(quantities, key=lambda q: q.start)
    year = evaluated_year(doc) if year is None else year
    names = report_names(doc, tuple(se.project for se in selfevals if se.project))
    rows = prose_rows(doc) if prose is None else prose

    def prose_block(b) -> bool:
        return is_prose(b, rows)

    items = prose_facts(doc, list(figures), names, rows, year)
    prose_totals = find_totals(doc, qs, prose_block)
    items.extend(funded_investment(doc, items, prose_totals, names))
    items.extend(part_facts(doc, items, prose_totals, names))

    def group_amount(raw: str, before: int) -> Quantity | None:
        ctx = named(normalize_name(raw), names)
        if ctx.is_main:
            return None
        cands = [f for f in items if f.context.same(ctx) and f.q.start < before and f.q.kind == "money"
                 and f.concept.startswith(("budget", "spent", "funds"))]
        return cands[-1].q if cands else None

    is_report, sections = find_sections(doc)
    prose_totals += find_group_totals(doc, qs, group_amount, prose_block)
    scored = find_scored_items(doc, qs, prose_block)
    owners = {se.table: o for se in selfevals if (o := table_owner(se, doc, names)) is not None}
    t_facts, t_totals = table_facts(doc, selfevals, names, owners)
    items.extend(t_facts)
    items = subtotal_tables(items)
    totals = prose_totals + t_totals + find_column_totals(doc, {se.table for se in selfevals})
    items = canonical_contexts(items)
    indicator_rows = tuple(r for se in selfevals for r in se.indicators)
    return Facts(items=tuple(sorted(items, key=lambda f: f.q.start)), totals=tuple(totals),
                 enumerations=tuple(find_enumerations(doc, qs, prose_block)), names=names,
                 indicator_links=tuple(link_results(statements, selfevals, doc.text)),
                 restatements=tuple(find_restatements(statements, selfevals, doc.text)),
                 allocations=tuple(Allocation(k, q, r) for k, q, r in find_allocations(doc, qs, prose_block)),
                 year=year, period=find_period(doc, year), dated=tuple(find_dated(doc, qs)),
                 placeholders=tuple(find_placeholders(doc)),
                 score_breakdowns=tuple(find_score_breakdowns(doc, qs, prose_block)),
                 changes=tuple(find_changes(doc, qs)),
                 scored_links=tuple(link_scored(_scored_parts(selfevals, scored), pairs)),
                 scored_dimensions=tuple(find_scored_dimensions(doc, qs, scored)),
                 averages=tuple(find_averages(doc, qs, prose_block)),
                 shares=_shares(doc, qs, prose_block, totals, items),
                 rescaled=tuple(find_rescaled(doc, qs, prose_block, year)),
                 text_results=tuple(find_text_results(doc, statements)),
                 cutoffs=tuple(find_cutoffs(doc)),
                 is_report=is_report, sections=sections, attachments=find_attachments(doc),
                 claims=find_claims(doc, prose_block), indicator_claims=find_indicator_claims(doc, statements),
                 budget_words=find_budget_words(doc, prose_block),
                 indicator_rows=indicator_rows, table_owners=owners,
                 other_year_results=tuple(find_other_year_results(doc, indicator_rows, year)),
                 shortfalls=find_shortfalls(doc, statements, pairs, selfevals),
                 prose_blocks=frozenset(b.index for b in doc.blocks if prose_block(b)))


def _shares(doc: Document, qs: list[Quantity], prose_block, totals: list[Total], items: list[Fact]) -> tuple[Share, ...]:
    """Rates read as one figure's share of another: "合格率…" (find_shares) and "占…的…%"
    (find_portions); a rate that is already a fact (执行率, 到位率) is read there."""
    shares = find_shares(doc, qs, prose_block)
    have = {s.rate.start for s in shares} | {f.q.start for f in items}
    shares += [s for s in find_portions(doc, qs, prose_block, totals, items) if s.rate.start not in have]
    return tuple(sorted(shares, key=lambda s: s.rate.start))


def _scored_parts(selfevals: tuple[SelfEval, ...], scored) -> list:
    """(name, weight, score) of every part scored with no target and actual beside it: the
    narrative's scored clauses and the rows of score sheets."""
    out = [(it.name, it.weight, it.score) for it in scored]
    for se in selfevals:
        for r in se.indicators:
            if (r.target is None or not r.target.present) and (r.actual is None or not r.actual.present) \
                    and r.weight is not None and r.weight.q is not None and r.score is not None and r.score.q is not None:
                out.append((r.label, r.weight.q, r.score.q))
    return out


# "项目计划总投资2400万元，其中中央财政资金1440万元、省级财政资金576万元、县级配套资金384万元": an
# investment stated as wholly funded by government funds is the project's funds plan, the base of
# its 到位率 and 执行率; with 自筹, loans or social capital among the parts it is not the budget
INVESTMENT = re.compile(r"(?:计划|批复|概算|项目)?总投资(?:额)?(?:为|共|计|共计)?$")
FISCAL_PART = re.compile(r"(?:资金|拨款|补助)$")
NOT_FISCAL = re.compile(r"自筹|贷款|社会|企业|群众|银行|融资")


def funded_investment(doc: Document, items: list[Fact], totals: list[Total], names: tuple[str, ...]) -> list[Fact]:
    have = {f.q.start for f in items}
    out = []
    for t in totals:
        q = t.total
        if not t.exhaustive or q.kind != "money" or q.start in have or len(t.parts) < 2 or len(t.names) != len(t.parts):
            continue
        cs = clause_start(doc.text, q.start)
        m = INVESTMENT.search(doc.text, cs, q.start)
        if m is None or not all(FISCAL_PART.search(n) and not NOT_FISCAL.search(n) for n in t.names):
            continue
        lo, hi = sum_bounds(t.parts)
        t_lo, t_hi = bounds(q)
        if hi < t_lo or t_hi < lo:
            continue  # the parts do not make the whole: JX303's finding, not a budget
        b = doc.block_at(q.start)
        out.append(Fact(concept="budget", context=named(normalize_name(doc.text[cs:m.start()]), names), q=q,
                        source="prose", how=f"{m.group(0)}（全部为财政资金）", block=b.index if b else 0))
    return out


def part_facts(doc: Document, items: list[Fact], totals: list[Total], names: tuple[str, ...]) -> list[Fact]:
    """The parts of a stated total are amounts of the total's concept, each in the
    context its name gives: "项目总预算2,900.00万元，其中：中央水利发展资金1,850.00万元、
    县级配套资金403.00万元" states the 县级配套 budget as 403.00."""
    by_start = {f.q.start: f for f in items}
    out = []
    for t in totals:
        tf = by_start.get(_whole_of(t).start)
        if tf is None or not tf.concept.startswith(("budget", "spent", "funds")):
            continue
        for p, name in zip(t.parts, t.names, strict=False):
            own = by_start.get(p.start)
            if own is not None:
                # "年初预算2,860万元，其中基本支出1,960万元": 支出 names the expense type, the amount is
                # the budget's part
                if own.context.name in EXPENSE_TYPES and own.how in ("支出", "经费") and own.concept != tf.concept:
                    f = replace(own, concept=tf.concept, how=f"{t.marker}（{tf.how}）")
                    items[items.index(own)] = f
                    by_start[p.start] = f
                continue
            ctx = named(normalize_name(name), names)
            if ctx.is_main:
                continue
            b = doc.block_at(p.start)
            how = f"{t.marker}（{tf.how}）"
            f = Fact(concept=tf.concept, context=ctx, q=p, source="prose", how=how,
                     block=b.index if b else 0, headline=headline(doc.text, tf.concept, p, how))
            by_start[p.start] = f
            out.append(f)
    return out


def _whole_of(t: Total) -> Quantity:
    """The amount a breakdown is of: "年初预算8600万元，…全年预算9450万元，全年支出9072万元。其中，基本支出
    6715.22万元；项目支出2356.78万元" breaks down the one amount its parts add up to (9072), not
    the first of the sentence; with none or several adding up, the stated total."""
    if not t.alternatives:
        return t.total
    lo, hi = sum_bounds(t.parts)
    fits = [x for x in (t.total, *t.alternatives) if bounds(x)[0] <= hi and lo <= bounds(x)[1]]
    return fits[0] if len(fits) == 1 else t.total


def subtotal_tables(items: list[Fact]) -> list[Fact]:
    """A fund-source table whose 合计 row gives, figure for figure, the amounts of one named item
    and none of the project's own ("中央 | 省级 | 县级 | 合计 1200.00 | 1350.00 | 1312.47", the 当年财政拨款
    of a project that also has 其他资金): the row totals that item, not the project."""
    groups: dict[tuple[int | None, str | None], list[Fact]] = {}
    for f in items:
        if f.source == "table" and f.context.is_main:
            groups.setdefault((f.table, f.row_label), []).append(f)
    if not groups:
        return items
    def family(concept: str) -> str:
        # "下达资金 | 1,400.00" in a table of counties and "其中下达县区1,400.00万元" after 全年预算数: one budget
        return "budget" if concept.startswith("budget") else concept

    by_value: dict[tuple[str, object], list[Fact]] = {}
    for f in items:
        by_value.setdefault((family(f.concept), f.q.value), []).append(f)
    moved: dict[int, Fact] = {}
    for facts in groups.values():
        owners = None
        for f in facts:
            others = [g for g in by_value.get((family(f.concept), f.q.value), []) if g is not f and g.table != f.table]
            if any(g.context.is_main for g in others):
                owners = set()
                break
            ctxs = {g.context for g in others}
            owners = ctxs if owners is None else owners & ctxs
        if owners and len(owners) == 1:
            (ctx,) = owners
            for f in facts:
                moved[id(f)] = replace(f, context=ctx)
    return [moved.get(id(f), f) for f in items] if moved else items


def canonical_contexts(items: list[Fact]) -> list[Fact]:
    """One Context per item however it is spelled: a fact whose context is ``same`` as an
    earlier one takes the earlier Context, so rules compare contexts by equality."""
    seen: list[Context] = []
    memo: dict[Context, Context] = {}
    out = []
    for f in sorted(items, key=lambda f: f.q.start):
        c = memo.get(f.context)
        if c is None:
            c = next((x for x in seen if x.same(f.context)), None)
            if c is None:
                seen.append(f.context)
                c = f.context
            memo[f.context] = c
        out.append(f if c == f.context else replace(f, context=c))
    return out
