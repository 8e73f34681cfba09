"""Helpers shared by the 自评表 rules: intervals of printed cells, completion of an
indicator, the maximum points it may earn (domain-rules a4, a5)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from extractor.indicators import compatible
from extractor.model import bare_wan
from extractor.selfeval import UNIT_PER_WAN, IndicatorRow, SelfEval, Value

from .tolerance import bounds

HUNDRED = Decimal(100)
EPS = Decimal("0.0000001")
# kinds a target and its result may be compared in (a count in 家 against one in 个 is
# still comparable for scoring; JX611 reports the change of measure; 8处 against 8.5公里,
# measures of no one family, is not: ``comparable``)
_COMPARABLE = {("count", "count"), ("percent", "percent"), ("money", "money"), ("number", "number"),
               ("number", "count"), ("count", "number"), ("score", "score"), ("number", "money"),
               ("money", "number")}


def tables(ctx) -> Iterator[SelfEval]:
    yield from ctx.ext.selfevals


def count_rows(ctx, directions: tuple[str, ...]) -> Iterator[tuple[IndicatorRow, Value, Value]]:
    """(row, target, actual) of the 自评表 rows of one of ``directions`` whose target and result are
    counts in the same measure word, the target above 0 (JX503, JX504)."""
    for se in tables(ctx):
        for row in se.indicators:
            t, a = row.target, row.actual
            if t is None or a is None or t.q is None or a.q is None or row.direction not in directions:
                continue
            if t.q.kind != "count" or a.q.kind != "count" or t.q.unit != a.q.unit or t.q.value <= 0:
                continue
            yield row, t, a


def val(v: Value | None) -> Decimal | None:
    return v.q.value if v is not None and v.q is not None else None


def iv(v: Value) -> tuple[Decimal, Decimal]:
    """The interval a printed cell stands for (an integer score 9 is [8.5, 9.5])."""
    assert v.q is not None
    return bounds(v.q)


def scored(v: Value | None) -> bool:
    return v is not None and v.q is not None


def comparable(row: IndicatorRow) -> bool:
    t, a = row.target, row.actual
    if t is None or a is None or t.q is None or a.q is None:
        return False
    if t.q.kind == a.q.kind == "count" and t.q.unit and a.q.unit and not compatible(t.q.unit, a.q.unit):
        return False  # 8.5公里 against 8处: another measure (JX611's finding), no share of the target
    return (t.q.kind, a.q.kind) in _COMPARABLE and t.q.value > 0


def completion(row: IndicatorRow) -> tuple[Decimal, Decimal] | None:
    """The share of the weight the indicator may earn, as an interval in [0, 1]:
    positive/equal min(B/A, 1); reverse: 1 when B ≤ A, else the larger of A/B and
    2 − B/A (both formulas are in use; domain-rules a5)."""
    if not comparable(row):
        return None
    assert row.target is not None and row.actual is not None
    assert row.target.q is not None and row.actual.q is not None
    a_lo, a_hi = bounds(row.target.q)
    b_lo, b_hi = bounds(row.actual.q)
    a_lo, a_hi = max(a_lo, row.target.q.value), max(a_hi, row.target.q.value)
    if row.target.q.kind == "count" or row.target.q.qualifier:
        a_lo = a_hi = row.target.q.value  # a target is a threshold, not a measurement
    if row.direction == "≤":
        if b_lo <= a_hi:
            return (Decimal(1) if b_hi <= a_lo else _reverse(a_lo, b_hi), Decimal(1))
        return _reverse(a_lo, b_hi), _reverse(a_hi, b_lo)
    if a_lo <= 0:
        return None
    lo = min(b_lo / a_hi, Decimal(1))
    hi = min(b_hi / a_lo, Decimal(1))
    return lo, hi


def _reverse(a: Decimal, b: Decimal) -> Decimal:
    if b <= 0:
        return Decimal(1)
    return min(max(a / b, 2 - b / a if a > 0 else Decimal(0), Decimal(0)), Decimal(1))


def missed(row: IndicatorRow) -> bool:
    """The indicator fell short of its target (or earned less than its weight)."""
    c = completion(row)
    if c is not None and c[1] < 1 - EPS:
        return True
    if row.direction == "qual" and row.actual is not None and _QUAL_SHORT.search(row.actual.text):
        return True
    if scored(row.score) and scored(row.weight):
        assert row.score is not None and row.weight is not None
        return iv(row.score)[1] < iv(row.weight)[0] - EPS
    return False


_QUAL_SHORT = re.compile(r"未达成|未完成|部分|较差|未达到")


def wan(se: SelfEval, v: Value | None) -> Decimal | None:
    """A funds-block amount in 万元 (tables in 元 are scaled)."""
    x = val(v)
    if x is None:
        return None
    if v is not None and v.q is not None and v.q.kind == "money":
        return x  # the cell printed its own unit; the grammar has scaled it
    return x / UNIT_PER_WAN.get(se.unit, Decimal(1))


def money(q) -> object:
    """A cell's amount as 万元 money: a bare '150万' in a money row is 150 万元. Other
    quantities unchanged (the reading of money columns is extractor.facts.tables')."""
    return (bare_wan(q) or q) if q is not None else None
