"""Small helpers shared by rules: formatting figures for messages, picking figures."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from extractor.model import Figure, Quantity


def num(v: Decimal, places: int | None = None) -> str:
    """A value as a report prints it: no exponent, trailing zeros kept only when asked."""
    if places is not None:
        return f"{v.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"
    s = f"{v.normalize():f}"
    return s


def qtext(q: Quantity) -> str:
    """The figure as printed, without qualifiers: '770.42万元', '77.04%'."""
    return q.text


def pct(v: Decimal, places: int = 2) -> str:
    return num(v, places) + "%"


def wan(v: Decimal) -> str:
    """An amount in 万元 for a message, at the precision it was given."""
    return num(v) + "万元"


def places(q: Quantity) -> int:
    e = q.ulp.normalize().as_tuple().exponent
    return max(0, -int(e)) if isinstance(e, int) else 0


def nearest_before(figs: list[Figure], pos: int, within: int = 400) -> Figure | None:
    best = None
    for f in figs:
        if f.q.start < pos and pos - f.q.start <= within and (best is None or f.q.start > best.q.start):
            best = f
    return best


def first(figs: list[Figure]) -> Figure | None:
    return min(figs, key=lambda f: f.q.start) if figs else None
