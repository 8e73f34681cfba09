"""Indicator targets and results in the narrative (filled in next)."""
from __future__ import annotations

from .model import Document, Pair, Quantity, Statement


def find_statements(doc: Document, quantities: list[Quantity]) -> tuple[list[Statement], list[Pair], dict[str, int]]:
    return [], [], {}
