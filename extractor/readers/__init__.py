"""One ``read(path)`` in front of one module per format.

Readers are lenient but loud: recoverable oddities become
``Document.diagnostics``; anything that makes the file uncheckable raises
``ReadError`` with a one-line reason.
"""
from __future__ import annotations

import os
from importlib import import_module

from ..errors import ReadError
from ..model import Document

# extension -> module (imported lazily: pdfplumber and python-docx are slow to import)
READERS = {".txt": "txt", ".text": "txt", ".docx": "docx", ".pdf": "pdf", ".xlsx": "xlsx",
           ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image"}
SUPPORTED = tuple(sorted(READERS))


def read(path: str | os.PathLike[str]) -> Document:
    p = os.fspath(path)
    ext = os.path.splitext(p)[1].lower()
    name = READERS.get(ext)
    if name is None:
        raise ReadError("unsupported", f"不支持的文件类型 {ext or '(无扩展名)'}（支持 {'/'.join(SUPPORTED)}）")
    if not os.path.exists(p):
        raise ReadError("missing", "文件不存在")
    if os.path.getsize(p) == 0:
        raise ReadError("empty", "文件为空")
    module = import_module(f"{__name__}.{name}")
    return module.read(p)
