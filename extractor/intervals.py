"""Interval arithmetic for printed figures (domain-rules.md, tolerance rule): one model for
the extractor and the rules.

A figure printed with d decimals stands for ±½·10⁻ᵈ. Counts printed as
integers are exact. A quotient's interval is carried through the division;
a stated rate agrees when its own interval overlaps the computed one; it is
"one unit out" (a different rounding method: truncation or rounding up)
when some value of the computed interval, truncated or rounded up to the
stated precision, gives the stated figure.
"""
from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from .model import Quantity

HUNDRED = Decimal(100)
OK, ROUNDING, MISMATCH = "ok", "rounding", "mismatch"


def half(q: Quantity) -> Decimal:
    """Half a unit of the last printed digit; 0 for an exact count."""
    if q.kind == "count" and q.ulp == 1 and q.qualifier is None:
        return Decimal(0)
    return q.ulp / 2


def bounds(q: Quantity) -> tuple[Decimal, Decimal]:
    h = half(q)
    top = q.high if q.high is not None else q.value
    return q.value - h, top + h


def sum_bounds(qs) -> tuple[Decimal, Decimal]:
    """The interval the sum of printed figures stands for: their bounds added."""
    return (sum((bounds(q)[0] for q in qs), Decimal(0)), sum((bounds(q)[1] for q in qs), Decimal(0)))


def quotient(n: tuple[Decimal, Decimal], d: tuple[Decimal, Decimal], scale: Decimal = HUNDRED) -> tuple[Decimal, Decimal] | None:
    """[n]/[d] × scale for positive intervals; None when d may be zero."""
    if d[0] <= 0 or n[0] < 0:
        return None
    return n[0] / d[1] * scale, n[1] / d[0] * scale


def exact(v: Decimal) -> tuple[Decimal, Decimal]:
    return v, v


def compare_stated(stated: Quantity, computed: tuple[Decimal, Decimal]) -> str:
    """OK if the stated figure's interval meets the computed interval; ROUNDING if
    it is reachable by truncating or rounding up; MISMATCH otherwise."""
    s_lo, s_hi = stated.value - stated.ulp / 2, stated.value + stated.ulp / 2
    lo, hi = computed
    if s_lo <= hi and lo <= s_hi:
        return OK
    u = stated.ulp
    floor_lo = (lo / u).to_integral_value(ROUND_FLOOR) * u
    ceil_hi = (hi / u).to_integral_value(ROUND_CEILING) * u
    if floor_lo <= stated.value <= ceil_hi:
        return ROUNDING
    return MISMATCH


def midpoint(iv: tuple[Decimal, Decimal]) -> Decimal:
    return (iv[0] + iv[1]) / 2


def rate_fits(rate: Quantity, result: Quantity, target: Decimal) -> bool:
    """Whether a printed rate is result ÷ target within the rounding of the printed figures
    (the extractor confirms an alignment with it)."""
    if target <= 0 or rate.unit != "%":
        return False
    half_r = result.ulp / 2 if not (result.kind == "count" and result.ulp == 1) else Decimal(0)
    lo = (result.value - half_r) / target * HUNDRED
    hi = (result.value + half_r) / target * HUNDRED
    return compare_stated(rate, (lo, hi)) == OK


def change_interval(cur: Quantity, earlier: Quantity) -> tuple[Decimal, Decimal] | None:
    """The interval |current − earlier| ÷ earlier × 100 may take for two printed figures (a
    year-on-year change rate); None when the earlier figure may be zero."""
    (c_lo, c_hi), (p_lo, p_hi) = bounds(cur), bounds(earlier)
    if p_lo <= 0:
        return None
    diffs = (abs(c_lo - p_hi), abs(c_hi - p_lo), abs(c_lo - p_lo), abs(c_hi - p_hi))
    lo_d = Decimal(0) if c_lo <= p_hi and p_lo <= c_hi else min(diffs)
    return lo_d / p_hi * HUNDRED, max(diffs) / p_lo * HUNDRED
