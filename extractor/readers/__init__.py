"""One ``read(path)`` in front of one module per format.

Readers are lenient but loud: recoverable oddities become
``Document.diagnostics``; anything that makes the file uncheckable raises
``ReadError`` with a one-line reason.

Before a format module (and its parsing library) sees a file, ``read`` checks
what is cheap and certain: the path is a readable regular file, its size is
within ``limits.max_bytes``, and its first bytes do not say it is another
format than its extension (a PDF renamed .docx, a Word file renamed .txt).
Readers only ever open the file for reading: nothing is written, renamed or
created beside it.
"""
from __future__ import annotations

import os
import stat
from importlib import import_module

from ..errors import ReadError
from ..model import Document
from .limits import DEFAULT_LIMITS, ReadLimits

# extension -> module (imported lazily: pdfplumber and python-docx are slow to import)
READERS = {".txt": "txt", ".text": "txt", ".docx": "docx", ".pdf": "pdf", ".xlsx": "xlsx",
           ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image",
           # converted by LibreOffice when installed (legacy.py); OFD read natively (ofd.py)
           ".doc": "legacy", ".wps": "legacy", ".xls": "legacy", ".et": "legacy", ".ofd": "ofd"}
SUPPORTED = tuple(sorted(READERS))

# magic bytes -> what a clerk would call the file
_MAGIC = (
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "Office 文档或 ZIP 压缩包"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Office 文档（.doc/.xls）"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf", "7z 压缩包"),
)
# what each reader expects; a file starting with another magic is refused
_EXPECT = {"pdf": (b"%PDF",), "docx": (b"PK\x03\x04", b"PK\x05\x06"), "xlsx": (b"PK\x03\x04", b"PK\x05\x06"), "txt": (),
           "image": (b"\x89PNG", b"\xff\xd8\xff"),
           # an old Office file, or a DOCX/XLSX saved under the old name (LibreOffice reads
           # both, and RTF/HTML saved as .doc, which have no magic here)
           "legacy": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PK\x03\x04"), "ofd": (b"PK\x03\x04", b"PK\x05\x06")}
_CODE = {"pdf": "not-pdf", "docx": "not-docx", "xlsx": "not-xlsx", "txt": "not-txt", "image": "not-image",
         "legacy": "not-office", "ofd": "not-ofd"}
_NOT = {"pdf": "不是 PDF 文件", "docx": "不是 DOCX 文件", "xlsx": "不是 XLSX 文件", "txt": "不是文本文件",
        "image": "不是图片文件", "legacy": "不是 Office 文档", "ofd": "不是 OFD 文件"}


def _sniff(path: str, name: str) -> None:
    with open(path, "rb") as f:
        head = f.read(16)
    if not head:
        raise ReadError("empty", "文件为空")
    for magic, what in _MAGIC:
        if head.startswith(magic) and magic not in _EXPECT[name]:
            if name in ("docx", "xlsx") and magic.startswith(b"\xd0\xcf"):
                return  # the Office reader tells an old .doc/.xls from an encrypted file
            raise ReadError(_CODE[name], f"{_NOT[name]}（实际是 {what}，扩展名可能改错了）")
    # anything else: the PDF reader looks further (junk before %PDF is allowed)


def read(path: str | os.PathLike[str], limits: ReadLimits = DEFAULT_LIMITS) -> Document:
    p = os.fspath(path)
    ext = os.path.splitext(p)[1].lower()
    try:
        st = os.stat(p)
    except FileNotFoundError:
        if os.path.lexists(p):
            raise ReadError("missing", "文件不存在（是失效的快捷方式/符号链接）") from None
        raise ReadError("missing", "文件不存在") from None
    except OSError as e:  # ELOOP (symlink loop), ENAMETOOLONG, EACCES on a parent folder …
        raise ReadError("unreadable", f"无法访问文件（{e.strerror or type(e).__name__}）") from None
    if stat.S_ISDIR(st.st_mode):
        try:  # a folder reaches a reader when a folder walk could not list it
            with os.scandir(p):
                pass
        except OSError as e:
            why = "没有权限" if isinstance(e, PermissionError) else (e.strerror or type(e).__name__)
            raise ReadError("unreadable", f"文件夹无法列出（{why}），其中的文件未检查") from None
        raise ReadError("unsupported", "是文件夹，不是报告文件")
    name = READERS.get(ext)
    if name is None:
        raise ReadError("unsupported", f"不支持的文件类型 {ext or '(无扩展名)'}（支持 {'/'.join(SUPPORTED)}）")
    if not stat.S_ISREG(st.st_mode):
        raise ReadError("unsupported", "不是普通文件（设备、管道或套接字）")
    if st.st_size == 0:
        raise ReadError("empty", "文件为空")
    from .limits import check_size

    check_size(st.st_size, limits)
    try:
        _sniff(p, name)
        module = import_module(f"{__name__}.{name}")
        doc = module.read(p, limits)
    except PermissionError:
        raise ReadError("unreadable", "没有读取权限，无法打开文件") from None
    except (IsADirectoryError, FileNotFoundError) as e:  # changed while being read
        raise ReadError("missing", f"文件在读取时被移动或删除（{e.strerror}）") from None
    check_text_budget(doc, limits)
    return doc


def check_text_budget(doc: Document, limits: ReadLimits) -> None:
    """What TXT refuses before it builds a document (``txt.check_text_size``), for every
    format once it is read: a block (a paragraph, a table row) over ``max_line_chars`` or
    a text over ``max_text_chars``. The checks' cost grows with a block's length: one
    DOCX paragraph of 3 million characters (2 MB on disk) ran into the 120 s timeout."""
    for b in doc.blocks:
        if b.end - b.start > limits.max_line_chars:
            raise ReadError("too-complex", f"第 {b.index} 段过长（{b.end - b.start:,} 个字符，上限 "
                                           f"{limits.max_line_chars:,} 个），不像报告正文，未检查")
    if len(doc.text) > limits.max_text_chars:
        raise ReadError("too-large", f"文字过多（{len(doc.text):,} 个字符，上限 {limits.max_text_chars:,} 个），未检查")
