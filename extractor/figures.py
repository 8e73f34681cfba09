"""Labelling: which quantity is 年初预算, 执行率, 得分 … (filled in next)."""
from __future__ import annotations

from .model import Document, Figure, Grade, Quantity


def label_figures(doc: Document, quantities: list[Quantity]) -> list[Figure]:
    return []


def find_grades(doc: Document) -> list[Grade]:
    return []
