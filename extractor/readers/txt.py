"""Plain text: detect the encoding (UTF-8 with/without BOM, GB18030/GBK …), one block per line."""
from __future__ import annotations

from ..build import DocumentBuilder
from ..errors import ReadError
from ..model import Document
from ..normalize import normalize_line


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ReadError("encoding", "无法识别文本编码")
    enc = best.encoding
    # charset-normalizer names GBK/GB2312 text by its narrowest match; GB18030 is a superset.
    if enc.lower().replace("_", "") in {"gb2312", "gbk", "hz"}:
        enc = "gb18030"
    return data.decode(enc, errors="replace")


def read(path: str) -> Document:
    with open(path, "rb") as f:
        data = f.read()
    text = decode(data)
    b = DocumentBuilder(path, "txt")
    for raw in text.splitlines():
        line = normalize_line(raw).strip()
        if line:
            b.add_block(line)
    doc = b.build()
    if not doc.blocks:
        raise ReadError("empty", "文件为空")
    return doc
