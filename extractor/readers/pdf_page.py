"""What the PDF reader needs of one page, from either engine (pdfplumber or pypdfium2)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class PageData:
    number: int  # 1-based
    width: float
    height: float
    # pdfplumber-style character dicts: text x0 x1 top bottom size upright (top-left origin)
    chars: list[dict]
    # images: x0 x1 top bottom srcsize (pixels)
    images: list[dict] = field(default_factory=list)
    # ruled tables: objects with ``cells`` (boxes) and ``bbox``, as pdfplumber's ``Table``
    find_tables: Callable[[], list] = list
