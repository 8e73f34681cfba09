"""Interval arithmetic for printed figures (domain-rules.md, tolerance rule).

A figure printed with d decimals stands for ±½·10⁻ᵈ. Counts printed as
integers are exact. A quotient's interval is carried through the division;
a stated rate agrees when its own interval overlaps the computed one; it is
"one unit out" (a different rounding method: truncation or rounding up)
when some value of the computed interval, truncated or rounded up to the
stated precision, gives the stated figure.
"""
from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from extractor.model import Quantity

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


def try_denominators(stated: Quantity, numerator: Quantity, candidates) -> list:
    """The stated rate against numerator ÷ each candidate denominator, in the order given
    (the first is the official one: 全年 before 年初 before 到位, domain-rules b).
    ``candidates``: (key, name, holder, denominator Quantity). Returns
    (key, name, holder, interval, verdict) for each usable one."""
    out = []
    for key, name, holder, q in candidates:
        iv = quotient(bounds(numerator), bounds(q))
        if iv is not None:
            out.append((key, name, holder, iv, compare_stated(stated, iv)))
    return out
