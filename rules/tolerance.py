"""Interval arithmetic for printed figures, as the rules use it: the model itself is
``extractor.intervals`` (shared with the extractor); here are the rules' own uses of it."""
from __future__ import annotations

from decimal import Decimal

from extractor.intervals import (
    HUNDRED,
    MISMATCH,
    OK,
    ROUNDING,
    bounds,
    compare_stated,
    exact,
    half,
    midpoint,
    quotient,
)
from extractor.model import Quantity

__all__ = ["HUNDRED", "MISMATCH", "OK", "ROUNDING", "bounds", "compare_stated", "exact", "half", "meet", "midpoint",
           "quotient", "try_denominators", "sibling_ulp", "interval", "parts_interval", "score_sum_slack"]


def score_sum_slack(parts, total: Quantity) -> Decimal:
    """How far a stated total score may lie from the sum of its parts as printed: a whole-number
    score is a whole number of points (exact), a score printed with decimals may be a rounded
    value (± half its last digit), and the total is as exact as its own last digit
    (10 + 15 + … = 99 printed as 97 is wrong)."""
    return sum((half(q) for q in parts if q.ulp < 1), Decimal(0)) + half(total)


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


def meet(a: Quantity, b: Quantity, *, eps: Decimal = Decimal(0), half_open: bool = False) -> bool:
    """Whether two printed figures can be one value: their intervals meet (within ``eps``).
    ``half_open``: rounding half up makes "5" [4.5, 5.5) and "6" [5.5, 6.5), which share no value."""
    a_lo, a_hi = bounds(a)
    b_lo, b_hi = bounds(b)
    if half_open:
        return a_lo < b_hi and b_lo < a_hi
    return a_lo <= b_hi + eps and b_lo <= a_hi + eps


def sibling_ulp(qs) -> Decimal | None:
    """An integer printed beside siblings with decimals takes their precision
    (domain-rules c: "30万元 … 29.99万元")."""
    finer = [q.ulp for q in qs if q.ulp < 1]
    return min(finer) if finer else None


def interval(q: Quantity, ulp: Decimal | None) -> tuple[Decimal, Decimal]:
    """A printed amount's interval, an integer taking its siblings' precision (``sibling_ulp``)."""
    if ulp is not None and q.ulp == 1 and q.kind == "money":
        return q.value - ulp / 2, q.value + ulp / 2
    return bounds(q)


def parts_interval(parts, ulp) -> tuple[Decimal, Decimal]:
    lo = sum((interval(p, ulp)[0] for p in parts), Decimal(0))
    hi = sum((interval(p, ulp)[1] for p in parts), Decimal(0))
    return lo, hi
