"""What the PDF reader needs of one page, from either engine (pdfplumber or pypdfium2)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import ReadError

UNPARSABLE = "文件已损坏或格式不符（无法解析 PDF）"


def open_error(what: str, corrupt: str = UNPARSABLE) -> ReadError:
    """The ReadError for a PDF an engine failed on, from its error text ``what``:
    a password or encryption named anywhere makes it encrypted, else corrupt."""
    what = what.lower()
    if "password" in what or "encrypt" in what:
        return ReadError("encrypted", "加密的 PDF（文件已加密，无法读取）")
    return ReadError("corrupt", corrupt)


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
