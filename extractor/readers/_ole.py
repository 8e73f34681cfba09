"""Sniffing Office containers before a library sees them (shared by DOCX and XLSX)."""
from __future__ import annotations

import zipfile
from struct import error as struct_error

from ..errors import ReadError
from .limits import DEFAULT_LIMITS, ReadLimits, check_zip

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def check_ooxml(path: str, main_part: str, kind: str, old: str, limits: ReadLimits = DEFAULT_LIMITS,
                keep: dict[str, bytes] | None = None) -> None:
    """Raise ReadError unless ``path`` is a zip holding ``main_part``.

    ``kind``: 'DOCX'/'XLSX' for messages; ``old``: the legacy format name (.doc/.xls).
    Also the zip-bomb and DOCTYPE/ENTITY guards (``limits.check_zip``; ``keep``: see there)."""
    with open(path, "rb") as f:
        head = f.read(8)
        if head == OLE_MAGIC:
            f.seek(0)
            data = f.read()
            if _ENCRYPTED in data:
                raise ReadError("encrypted", "文件已加密（设置了打开密码），无法读取")
            raise ReadError(f"not-{kind.lower()}", f"不是 {kind} 文件（可能是旧版 {old} 格式，请另存为 {kind}）")
    if not head:
        raise ReadError("empty", "文件为空")
    if not head.startswith(ZIP_MAGIC):
        raise ReadError(f"not-{kind.lower()}", f"不是 {kind} 文件（文件内容不是 Office 文档）")
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, struct_error) as e:
        # NotImplementedError: a central directory claiming a zip version from
        # the future (found by bench/fuzz_readers.py)
        raise ReadError("corrupt", "文件已损坏或格式不符（压缩包无法打开）") from e
    with z:
        if main_part not in set(z.namelist()):
            raise ReadError(f"not-{kind.lower()}", f"不是 {kind} 文件（缺少 {main_part}）")
        check_zip(z, limits, keep)
