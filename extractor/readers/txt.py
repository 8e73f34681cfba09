"""Plain text: detect the encoding, one block per non-empty line.

Encodings, by evidence: a BOM decides (UTF-8, UTF-16 LE/BE, UTF-32);
otherwise UTF-16 only if the NULs in the first 4 KB fit it (many, on one
parity); otherwise strict UTF-8 is tried (it almost never decodes other text
by accident); otherwise charset-normalizer chooses (GB18030/GBK/GB2312 →
decoded as GB18030, its superset; Big5 …); a short file it declines is GB18030 when a
strict decode reads as Chinese. A NUL byte alone says nothing:
it is valid UTF-8. Nothing is guessed from the file name or the locale.
"""
from __future__ import annotations

import codecs
import re

from ..build import DocumentBuilder
from ..errors import ReadError
from ..model import Document
from ..normalize import normalize_line
from . import txt_tables
from .limits import DEFAULT_LIMITS, ReadLimits

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
        # charset-normalizer declines short files (a 700-byte GB18030 report): a strict GB18030 decode whose
        # text reads as Chinese is that text
        gb = _plausible_gb18030(data)
        if gb is not None:
            return gb, "gb18030"
        raise ReadError("encoding", "无法识别文本编码（不是 UTF-8/GB18030/Big5 等文本文件）")
    enc = best.encoding
    if enc.lower().replace("_", "").replace("-", "") in _GB:
        enc = "gb18030"
    text = data.decode(enc, errors="replace")
    if text.count("\ufffd") > max(3, len(text) // 100):
        raise ReadError("encoding", f"无法可靠识别文本编码（按 {enc} 解码有大量乱码）")
    return text, enc


_CJK = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")


def _plausible_gb18030(data: bytes) -> str | None:
    """``data`` as strict GB18030 when nearly all of its non-ASCII characters are Chinese
    characters and punctuation (random bytes decode to rare ranges, or fail), with no
    control characters but line ends and tabs."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if len(wide) < 10 or any(ord(ch) < 32 and ch not in "\r\n\t" for ch in text):
        return None
    return text if sum(1 for ch in wide if _CJK.match(ch)) >= 0.95 * len(wide) else None


def _utf16_by_nuls(head: bytes) -> str | None:
    """UTF-16 without a BOM, if the NULs in ``head`` fit it: text in UTF-16 has a
    NUL in the high byte of every ASCII character (digits, newlines), so its NULs
    are many and fall on one parity (odd for LE, even for BE). A stray NUL or
    two in a UTF-8 report does not fit, nor do a binary file's NULs."""
    n = len(head) // 2 * 2
    even = head[0:n:2].count(0)
    odd = head[1:n:2].count(0)
    nuls = even + odd
    if nuls < max(8, n // 100):  # at least 2 % of the characters are ASCII
        return None
    if odd >= 0.95 * nuls:
        return "utf-16-le"
    if even >= 0.95 * nuls:
        return "utf-16-be"
    return None


def _decode_with_nuls(data: bytes) -> tuple[str, str]:
    """A file without a BOM with NULs in its first 4 KB: UTF-16 only if the NULs
    fit it, otherwise as any other text (strict UTF-8, lenient UTF-8, then
    detection: GB18030 …) — a NUL is valid in UTF-8 and GB18030, and one stray
    NUL must not turn a report into UTF-16 garbage. A text full of control
    characters is a binary file."""
    enc16 = _utf16_by_nuls(data[:4096])
    decoded = None
    if enc16:
        try:
            decoded = data.decode(enc16), enc16
        except UnicodeDecodeError:
            pass
    if decoded is None:
        try:
            decoded = decode(data)
        except ReadError as e:
            raise ReadError("encoding", "不是文本文件（含二进制内容）") from e
    text = decoded[0]
    if sum(1 for ch in text[:2000] if ord(ch) < 32 and ch not in "\r\n\t") > 5:
        raise ReadError("encoding", "不是文本文件（含二进制内容）")
    return decoded


def check_text_size(text: str, limits: ReadLimits) -> None:
    """Refuse a text whose checking would not stay bounded: a line (one block)
    over ``max_line_chars`` or a text over ``max_text_chars``. Refused, not cut:
    a report read only in part would pass as checked."""
    if len(text) > limits.max_line_chars:
        for n, line in enumerate(text.splitlines(), 1):
            if len(line) > limits.max_line_chars:
                raise ReadError("too-complex", f"第 {n} 行过长（{len(line):,} 个字符，上限 {limits.max_line_chars:,} 个），"
                                               "不像报告正文，未检查")
    if len(text) > limits.max_text_chars:
        raise ReadError("too-large", f"文字过多（{len(text):,} 个字符，上限 {limits.max_text_chars:,} 个），未检查")


def read(path: str, limits: ReadLimits = DEFAULT_LIMITS) -> Document:  # size is checked by readers.read
    with open(path, "rb") as f:
        data = f.read()
    if not data:
        raise ReadError("empty", "文件为空")
    if b"\x00" in data[:4096] and not any(data.startswith(bom) for bom, _ in _BOMS):
        text, enc = _decode_with_nuls(data)
    else:
        text, enc = decode(data)
    check_text_size(text, limits or DEFAULT_LIMITS)
    return from_text(text, path, diagnostics=[f"文本编码：{enc}"] if enc != "utf-8" else [])


def from_text(text: str, path: str = "<text>", diagnostics: list[str] | None = None) -> Document:
    """A Document from already-decoded text: one block per non-empty line."""
    b = DocumentBuilder(path, "txt")
    b.diagnostics.extend(diagnostics or [])
    # blocks are the splitlines() pieces; each is located at its physical line (\r\n, \r, \n)
    lines = [(number, raw) for number, physical in enumerate(re.split(r"\r\n|\r|\n", text), 1)
             for raw in physical.splitlines()]
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _is_tab_row(lines[j][1]):
            j += 1
        if j - i >= TABLE_MIN_ROWS:
            _add_tab_table(b, lines[i:j])
            i = j
            continue
        drawn = txt_tables.bar_block(lines, i) or txt_tables.spaced_block(lines, i)
        if drawn is not None:
            i, rows = drawn
            _add_rows(b, rows)
            continue
        pairs = txt_tables.pair_row(lines[i][1])
        if pairs is not None:
            _add_rows(b, [(lines[i][0], pairs[0]), (lines[i][0], pairs[1])])
            i += 1
            continue
        number, raw = lines[i]
        line = normalize_line(raw).strip()
        if line:
            b.add_block(line, lines=[(0, number)])
        i += 1
    doc = b.build()
    if not doc.blocks:
        raise ReadError("empty", "文件为空（没有文字）")
    return doc


# A table pasted from Word or a spreadsheet arrives as lines of tab-separated cells: two or
# more consecutive lines of at least three cells each are read as one table (its rows located
# at their physical lines), so the 自评表 and money tables of a TXT report are tables too.
TABLE_MIN_ROWS = 2
TABLE_MIN_CELLS = 3


def _is_tab_row(raw: str) -> bool:
    return raw.count("\t") >= TABLE_MIN_CELLS - 1 and bool(raw.strip())


def _add_tab_table(b: DocumentBuilder, rows: list[tuple[int, str]]) -> None:
    _add_rows(b, [(number, raw.rstrip("\t ").split("\t")) for number, raw in rows])


def _add_rows(b: DocumentBuilder, rows: list[tuple[int, list[str]]]) -> None:
    """A table of text rows, each located at its physical line."""
    from ..build import CellIn

    cells: list[CellIn] = []
    locs: dict[int, tuple[int | None, int]] = {}
    for r, (number, row) in enumerate(rows):
        locs[r] = (None, number)
        for c, cell in enumerate(row):
            cells.append(CellIn(r, c, normalize_line(cell).strip()))
    b.add_table(cells, row_locs=locs)
