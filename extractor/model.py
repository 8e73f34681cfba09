"""The document model: located text, and the figures found in it.

Everything here is plain frozen data. Offsets (``start``/``end``) are
character offsets into ``Document.text``, the whole document's normalized
text, so a figure can be highlighted by slicing: ``doc.text[f.start:f.end]``
is always the figure's literal text.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from decimal import Decimal

# Sentence boundaries used for evidence context (kept here so every layer agrees).
SENTENCE_END = "。；;！!？?\n"


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell, read once even when merged (its top-left grid slot)."""

    row: int  # 0-based grid row within its table
    col: int  # 0-based grid column
    start: int  # offsets of the cell's text in Document.text
    end: int
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True, slots=True)
class Table:
    index: int  # 0-based, document order
    cells: tuple[Cell, ...]  # row-major; merged cells appear once
    n_rows: int
    n_cols: int
    page: int | None = None  # 1-based page where the table starts (PDF)
    sheet: str | None = None  # XLSX sheet name
    origin: tuple[int, int] | None = None  # XLSX: sheet (row, column), 1-based, of grid cell (0, 0)


@dataclass(frozen=True, slots=True)
class Block:
    """A heading, a paragraph or a table row, in document order."""

    index: int  # 1-based; the 'line' reported for DOCX/TXT findings
    kind: str  # 'heading' | 'paragraph' | 'table_row'
    start: int
    end: int
    level: int | None = None  # heading level: 1 一、 2 (一) 3 1. 4 (1)
    section: tuple[str, ...] = ()  # titles of enclosing headings, outermost first
    table: int | None = None  # table index for table rows
    row: int | None = None  # grid row within the table


@dataclass(frozen=True, slots=True)
class LineMark:
    """Where a physical source line begins in the normalized text."""

    offset: int
    page: int | None
    line: int


@dataclass(frozen=True, slots=True)
class Document:
    path: str
    format: str  # 'txt' | 'docx' | 'pdf' | 'xlsx' | 'image' (read by OCR) | 'ofd' | 'doc' 'wps' 'xls' 'et' (converted)
    text: str
    blocks: tuple[Block, ...]
    tables: tuple[Table, ...] = ()
    pages: int | None = None
    # Sorted by offset. PDF: one per physical line (page, line-on-page).
    # DOCX: one per block (page None, line = block index). TXT: one per block,
    # line = its physical line in the file (blank lines counted).
    line_marks: tuple[LineMark, ...] = ()
    diagnostics: tuple[str, ...] = ()
    # Text read by OCR: (start, end, confidence 0-1), sorted by start. Empty when
    # every character came from a text layer.
    ocr_spans: tuple[tuple[int, int, float], ...] = ()
    # a separately submitted 自评表 appended to the report (extractor.build.append_companion):
    # (offset where its text starts, its path, the number of tables before its first)
    companions: tuple[tuple[int, str, int], ...] = ()
    # read from a converted copy (extractor.readers.legacy): the format it was
    # converted to ('docx' | 'xlsx'); locations are positions in that copy
    converted: str | None = None
    _mark_offsets: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_mark_offsets", tuple(m.offset for m in self.line_marks))

    def locate(self, offset: int) -> tuple[int | None, int | None]:
        """(page, line) of a character offset; page is None outside PDFs."""
        i = bisect.bisect_right(self._mark_offsets, offset) - 1
        if i < 0:
            return (None, None)
        m = self.line_marks[i]
        return (m.page, m.line)

    def ocr_confidence(self, start: int, end: int) -> float | None:
        """The lowest OCR confidence over [start, end); None when no OCR text is there."""
        low: float | None = None
        for s, e, conf in self.ocr_spans:
            if s >= end and s > start:
                break
            if s < max(end, start + 1) and e > start:
                low = conf if low is None else min(low, conf)
        return low

    def block_at(self, offset: int) -> Block | None:
        lo, hi = 0, len(self.blocks) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            b = self.blocks[mid]
            if offset < b.start:
                hi = mid - 1
            elif offset >= b.end:
                lo = mid + 1
            else:
                return b
        return None

    def sentence_span(self, start: int, end: int) -> tuple[int, int]:
        """The sentence (。；！？ or block bounded) holding [start, end)."""
        b = self.block_at(start)
        lo = b.start if b else 0
        hi = b.end if b else len(self.text)
        s = start
        while s > lo and self.text[s - 1] not in SENTENCE_END:
            s -= 1
        e = end
        while e < hi and self.text[e] not in SENTENCE_END:
            e += 1
        if e < hi:
            e += 1  # keep the closing punctuation
        return s, e

    def cell_text(self, cell: Cell) -> str:
        return self.text[cell.start : cell.end]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit and printed precision, as the grammar read it.

    ``value`` and ``ulp`` are in the canonical unit: money in 万元 (元 and
    亿元 are scaled, exactly), percentages in percent, counts in their
    measure word. ``ulp`` is one unit of the last printed digit, so the
    printed figure stands for [value - ulp/2, value + ulp/2].
    """

    start: int
    end: int
    text: str
    value: Decimal
    unit: str  # canonical: '万元' | '%' | measure word ('个', '家' …) | '分' | '' (bare)
    raw_unit: str  # as printed: '元', '万元', '％', '百分之', '个' …
    ulp: Decimal
    kind: str  # 'money' | 'percent' | 'count' | 'score' | 'number'
    qualifier: str | None = None  # '≥' '>' '≤' '<' '≈' '+' (余/多: a bit more)
    high: Decimal | None = None  # upper bound of a range (value is the lower)
    chinese: bool = False  # written with Chinese numerals

    @property
    def low_bound(self) -> Decimal:
        return self.value - self.ulp / 2

    @property
    def high_bound(self) -> Decimal:
        return (self.high if self.high is not None else self.value) + self.ulp / 2


TEN_THOUSAND = Decimal(10000)


def money_in_wan(q: Quantity, scale: Decimal = Decimal(1)) -> Quantity:
    """The figure as an amount in 万元, its value and printed precision divided by ``scale``
    (10⁴ for a figure in 元)."""
    return replace(q, value=q.value / scale, ulp=q.ulp / scale, unit="万元", kind="money")


def bare_wan(q: Quantity) -> Quantity | None:
    """'356.2万' or '125.25万' read as a bare number, as an amount in 万元 (the grammar read
    万/亿 × 10⁴/10⁸); None for any other figure."""
    if q.kind != "number" or q.raw_unit not in ("万", "亿"):
        return None
    return money_in_wan(q, TEN_THOUSAND)


@dataclass(frozen=True, slots=True)
class Figure:
    """A quantity with a meaning: 年初预算, 执行率, 得分 …"""

    label: str  # see extractor.labels.LABELS
    q: Quantity
    cue: str  # the words that gave the label
    block: int  # Block.index
    cue_start: int = -1  # offset of the cue in Document.text
    note: str | None = None  # an annotation between cue and figure: "（已支出资金÷到位资金）"


@dataclass(frozen=True, slots=True)
class Grade:
    """A stated 评价等次 (优/良/中/差)."""

    value: str  # canonical: '优' | '良' | '中' | '差'
    text: str
    start: int
    end: int
    block: int
    # the total the grade's own clause gives right after it: "自评等级为良好（91.5分）", "良好，得分91.5分"
    score: Quantity | None = None


@dataclass(frozen=True, slots=True)
class Statement:
    """A counted output in the narrative: a target or a result of an indicator."""

    role: str  # 'target' | 'result' | 'fact' (a count outside target/result passages)
    q: Quantity
    subject: str  # the clause with the figure (and times/years) removed
    head: str  # the counted noun or the last content word of the subject
    clause_start: int
    clause_end: int
    block: int
    groups: int | None = None  # per-group target: number of groups
    group_label: str | None = None  # e.g. '驻外招商组'
    total: Decimal | None = None  # per-group target × groups (with exceptions)
    total_note: str | None = None  # how the total was formed: '120 × 6'
    rate: Quantity | None = None  # 完成率 given right after a result
    sample: bool = False  # its clause counts a sample ("现场抽查…路灯3,240盏"), not the whole


@dataclass(frozen=True, slots=True)
class Pair:
    """A target aligned with its result."""

    target: Statement
    result: Statement
    score: float  # subject similarity, 0-100
