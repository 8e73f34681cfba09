"""Number grammar (placeholder until the grammar branch lands)."""
from __future__ import annotations

from .model import Quantity


def find_quantities(text: str, offset: int = 0) -> list[Quantity]:
    return []


def parse_quantity(s: str) -> Quantity | None:
    return None
