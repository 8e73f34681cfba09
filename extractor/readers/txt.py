"""Plain text: detect the encoding, one block per non-empty line.

Encodings: a BOM decides (UTF-8, UTF-16 LE/BE, UTF-32); otherwise strict
UTF-8 is tried (it almost never decodes other text by accident); otherwise
charset-normalizer chooses (GB18030/GBK/GB2312 → decoded as GB18030, its
superset; Big5 …). Nothing is guessed from the file name or the locale.
"""
from __future__ import annotations

import codecs
import re

from ..build import DocumentBuilder
from ..errors import ReadError
from ..model import Document
from ..normalize import normalize_line

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_GB = {"gb2312", "gbk", "hz", "gb18030", "cp936", "euccn"}


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), enc
            except UnicodeDecodeError as e:
                raise ReadError("encoding", f"文本编码错误：声明为 {enc} 但内容无法解码") from e
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few bad bytes (a truncated character, a surrogate written as
    # CESU-8 by some exporters): keep it, the bad bytes become U+FFFD
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    if bad <= max(3, len(data) // 1000) and sum(1 for ch in lenient if ord(ch) > 0x7F) >= 3 * bad:
        return lenient, f"utf-8（{bad} 处无法解码的字节已替换）"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ReadError("encoding", "无法识别文本编码（不是 UTF-8/GB18030/Big5 等文本文件）")
    enc = best.encoding
    if enc.lower().replace("_", "").replace("-", "") in _GB:
        enc = "gb18030"
    text = data.decode(enc, errors="replace")
    if text.count("\ufffd") > max(3, len(text) // 100):
        raise ReadError("encoding", f"无法可靠识别文本编码（按 {enc} 解码有大量乱码）")
    return text, enc


def read(path: str, limits: object = None) -> Document:  # size is checked by readers.read
    with open(path, "rb") as f:
        data = f.read()
    if not data:
        raise ReadError("empty", "文件为空")
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE,
                                                        codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        # NULs without a BOM: UTF-16 without BOM is rare; binary files are not
        try:
            text = data.decode("utf-16")
            enc = "utf-16"
        except UnicodeDecodeError as e:
            raise ReadError("encoding", "不是文本文件（含二进制内容）") from e
        if sum(1 for ch in text[:2000] if ord(ch) < 32 and ch not in "\r\n\t") > 5:
            raise ReadError("encoding", "不是文本文件（含二进制内容）")
    else:
        text, enc = decode(data)
    return from_text(text, path, diagnostics=[f"文本编码：{enc}"] if enc != "utf-8" else [])


def from_text(text: str, path: str = "<text>", diagnostics: list[str] | None = None) -> Document:
    """A Document from already-decoded text: one block per non-empty line."""
    b = DocumentBuilder(path, "txt")
    b.diagnostics.extend(diagnostics or [])
    # blocks are the splitlines() pieces; each is located at its physical line (\r\n, \r, \n)
    for number, physical in enumerate(re.split(r"\r\n|\r|\n", text), 1):
        for raw in physical.splitlines():
            line = normalize_line(raw).strip()
            if line:
                b.add_block(line, lines=[(0, number)])
    doc = b.build()
    if not doc.blocks:
        raise ReadError("empty", "文件为空（没有文字）")
    return doc
