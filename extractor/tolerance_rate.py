"""Whether a printed rate is result ÷ target, within the rounding of the printed figures:
used by the extractor to confirm an alignment (rules have their own, fuller tolerance model
in rules.tolerance)."""
from __future__ import annotations

from decimal import Decimal

from .model import Quantity

HUNDRED = Decimal(100)


def rate_fits(rate: Quantity, result: Quantity, target: Decimal) -> bool:
    if target <= 0 or rate.unit != "%":
        return False
    half_r = result.ulp / 2 if not (result.kind == "count" and result.ulp == 1) else Decimal(0)
    lo = (result.value - half_r) / target * HUNDRED
    hi = (result.value + half_r) / target * HUNDRED
    half = rate.ulp / 2
    return rate.value - half <= hi and lo <= rate.value + half
