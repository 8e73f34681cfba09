"""Small helpers shared by rules: formatting figures for messages, picking figures."""
from __future__ import annotations

import bisect
from decimal import ROUND_HALF_UP, Decimal

from extractor.figures import (
    cue_name as cue_name,  # re-exported for the rules (they do not import the cue tables)
)
from extractor.model import Figure, Quantity


def num(v: Decimal, places: int | None = None) -> str:
    """A value as a report prints it: no exponent, trailing zeros kept only when asked."""
    if places is not None:
        return f"{v.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"
    s = f"{v.normalize():f}"
    return s



def money_diff(a, b) -> str:
    """a − b of two amounts (values in 万元), in the unit a is printed in: "多 53480.5元", "多 16.2万元"."""
    d = a.value - b.value
    if a.raw_unit == "元":
        return f"{num(d * 10000)}元"
    if a.raw_unit == "亿元":
        return f"{num(d / 10000)}亿元"
    return f"{num(d)}万元"


def pct(v: Decimal, places: int = 2) -> str:
    return num(v, places) + "%"



def places(q: Quantity) -> int:
    e = q.ulp.normalize().as_tuple().exponent
    return max(0, -int(e)) if isinstance(e, int) else 0


def nearest_before(figs: list[Figure], pos: int, within: int = 400) -> Figure | None:
    """The last figure starting before ``pos`` and at most ``within`` characters before it.
    ``figs`` must be in document order (RuleContext.figures lists are, and carry their
    start offsets, so this is a bisection rather than a scan)."""
    starts = getattr(figs, "starts", None)
    if starts is None:
        starts = [f.q.start for f in figs]
    i = bisect.bisect_left(starts, pos) - 1
    if i < 0 or pos - starts[i] > within:
        return None
    return figs[i]



def missed_indicators(ext) -> list:
    """Quantities that show an indicator fell short: a stated 完成率 below 100%, or
    (where no rate is stated) a result short of its aligned target in the target's
    direction. Shared by every rule that weighs a claim or a score against shortfalls."""
    from extractor.indicators import missed

    from .selfeval_common import completion
    from .tolerance import bounds

    out = [s.rate for s in ext.statements if s.role == "result" and s.rate is not None and bounds(s.rate)[1] < 100]
    out.extend(p.result.q for p in ext.pairs if p.result.rate is None and missed(p.target, p.result))
    # a 自评表 row short of its target (its completion interval below 1), the table's or prose lines'
    seen = {q.start for q in out}
    for se in ext.selfevals:
        for row in se.indicators:
            c = completion(row)
            if c is not None and c[1] < 1 and row.actual.q.start not in seen:
                out.append(row.actual.q)
    return out


def count_pairs(ext, directions=(None, "≥", ">", "+")):
    """(target, result, target total) for aligned count indicators of the given directions
    with a positive target."""
    from extractor.indicators import target_total

    for p in ext.pairs:
        t = p.target
        if t.q.qualifier not in directions or t.q.kind != "count":
            continue
        total = target_total(t)
        if total > 0:
            yield t, p.result, total


def unit_slip(a, b) -> int | None:
    """10⁴ or 10 when one amount is the other shifted by that factor (元 for 万元, a
    misplaced decimal point), else None."""
    big, small = (a, b) if a.q.value > b.q.value else (b, a)
    if small.q.value <= 0:
        return None
    ratio = big.q.value / small.q.value
    for k in (10000, 10):
        if abs(ratio - k) <= Decimal(k) * Decimal("0.002"):
            return k
    return None


def scope_label(fact) -> str:
    """How a message names a fact's context: nothing for the report's own, 「name」 for an item."""
    return "" if fact.context.is_main else f"「{fact.context}」"
