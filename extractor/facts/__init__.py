"""The fact model: every figure a rule may compare, read once, with its concept,
context, unit and evidence (see ``model``). Rules ask ``Facts``; they never pair
figures by position in the text.

    facts = read_facts(doc, quantities, figures, selfevals)
    facts.of("spent", context=MAIN_CONTEXT)          # every 实际支出 of the project
    facts.before(rate, "spent", same_context=True)   # the amounts a rate may be computed from
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..model import Document, Figure, Quantity
from ..selfeval import SelfEval
from .contexts import named, normalize_name, report_names
from .model import ITEM, MAIN, MAIN_CONTEXT, Context, Enumeration, Fact, Total
from .prose import is_prose, prose_facts, prose_rows
from .sums import find_enumerations, find_totals
from .tables import table_facts

__all__ = ["ITEM", "MAIN", "MAIN_CONTEXT", "Context", "Enumeration", "Fact", "Facts", "Total", "read_facts"]


@dataclass(frozen=True)
class Facts:
    items: tuple[Fact, ...] = ()
    totals: tuple[Total, ...] = ()
    enumerations: tuple[Enumeration, ...] = ()
    names: tuple[str, ...] = ()  # what the report is about (normalized title, 项目名称)
    _by_concept: dict[str, tuple[Fact, ...]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        by: dict[str, list[Fact]] = {}
        for f in self.items:
            by.setdefault(f.concept, []).append(f)
        object.__setattr__(self, "_by_concept", {k: tuple(v) for k, v in by.items()})

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def of(self, *concepts: str, context: Context | None = None, source: str | None = None) -> list[Fact]:
        """Facts of the concepts, in document order, optionally of one context and source."""
        out: list[Fact] = []
        for c in concepts:
            out.extend(self._by_concept.get(c, ()))
        if context is not None:
            out = [f for f in out if f.context.same(context)]
        if source is not None:
            out = [f for f in out if f.source == source]
        return sorted(out, key=lambda f: f.q.start)

    def before(self, fact: Fact, *concepts: str, within: int | None = None, source: str | None = "prose") -> list[Fact]:
        """Facts of the concepts and of ``fact``'s context stated before it (nearest first)."""
        cands = [f for f in self.of(*concepts, context=fact.context, source=source)
                 if f.q.start < fact.q.start and f is not fact and (within is None or fact.q.start - f.q.start <= within)]
        return cands[::-1]

    def contexts(self) -> list[Context]:
        seen: list[Context] = []
        for f in self.items:
            if not any(f.context == c for c in seen):
                seen.append(f.context)
        return seen

    def to_dicts(self, doc: Document) -> list[dict[str, Any]]:
        return [fact_dict(doc, f) for f in self.items]


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
               selfevals: tuple[SelfEval, ...]) -> Facts:
    qs = sorted(quantities, key=lambda q: q.start)
    names = report_names(doc, tuple(se.project for se in selfevals if se.project))
    rows = prose_rows(doc)

    def prose_block(b) -> bool:
        return is_prose(b, rows)

    items = prose_facts(doc, list(figures), names)
    prose_totals = find_totals(doc, qs, prose_block)
    items.extend(part_facts(doc, items, prose_totals, names))
    t_facts, t_totals = table_facts(doc, selfevals, names)
    items.extend(t_facts)
    totals = prose_totals + t_totals
    return Facts(items=tuple(sorted(items, key=lambda f: f.q.start)), totals=tuple(totals),
                 enumerations=tuple(find_enumerations(doc, qs, prose_block)), names=names)


def part_facts(doc: Document, items: list[Fact], totals: list[Total], names: tuple[str, ...]) -> list[Fact]:
    """The parts of a stated total are amounts of the total's concept, each in the
    context its name gives: "项目总预算2,900.00万元，其中：中央水利发展资金1,850.00万元、
    县级配套资金403.00万元" states the 县级配套 budget as 403.00."""
    by_start = {f.q.start: f for f in items}
    out = []
    for t in totals:
        tf = by_start.get(t.total.start)
        if tf is None or not tf.concept.startswith(("budget", "spent", "funds")):
            continue
        for p, name in zip(t.parts, t.names):
            if p.start in by_start:
                continue
            ctx = named(normalize_name(name), names)
            if ctx.is_main:
                continue
            b = doc.block_at(p.start)
            f = Fact(concept=tf.concept, context=ctx, q=p, source="prose", how=f"{t.marker}（{tf.how}）",
                     block=b.index if b else 0)
            by_start[p.start] = f
            out.append(f)
    return out
