"""Findings are values, never exceptions."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}

CATEGORIES = (
    "ratio-mismatch",
    "over-limit",
    "sum-mismatch",
    "value-conflict",
    "target-gap",
    "indicator-mismatch",
    "claim-contradiction",
    "grade-mismatch",
    "score-inflation",
    "duplicate-text",
    "period-mismatch",
    "missing-content",
)


@dataclass(frozen=True, slots=True)
class Evidence:
    text: str
    value: Decimal | None
    unit: str | None
    page: int | None
    line: int | None
    start: int
    end: int
    context: str
    context_start: int  # offset of context[0] in the document text, for highlighting
    # where an auditor finds the figure, as they would say it: "自评表!G6" (XLSX),
    # "表2 第5行 第7列" (a DOCX table), "第2页第14行" (PDF), "第12行" (TXT, the
    # physical line), "第4段" (a DOCX paragraph); empty when unknown
    location: str = ""
    # a figure in a table cell: the table (1-based, document order), its grid row and
    # column (1-based); in an XLSX sheet also the sheet name and the cell ("G6")
    table: int | None = None
    row: int | None = None
    col: int | None = None
    sheet: str | None = None
    cell: str | None = None
    file: str | None = None  # the paired 自评表 file the figure is in (None: the report itself)
    # a figure in a table row: the column header above each of the row's cells, in the
    # row's order (context is the row, cells joined by tabs), for reporters that show
    # the row as a table (HTML); not in to_dict (the JSON contract is unchanged)
    header: tuple[str, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "text": self.text,
            "value": None if self.value is None else _num(self.value),
            "unit": self.unit,
            "page": self.page,
            "line": self.line,
            "start": self.start,
            "end": self.end,
            "context": self.context,
        }
        if self.location:
            d["location"] = self.location
        for k in ("table", "row", "col", "sheet", "cell", "file"):
            v = getattr(self, k)
            if v is not None:
                d[k] = v
        return d


def _num(d: Decimal) -> int | float:
    # JSON has no decimal type; integers stay integers, the rest is the printed value.
    if d == d.to_integral_value():
        return int(d)
    return float(d)


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    name: str
    category: str
    severity: str
    message: str
    evidence: tuple[Evidence, ...]
    expected: str | None = None
    stated: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    # set when the figures could not be assessed (ambiguous) rather than failed
    unassessed: bool = False

    def sort_key(self) -> tuple[int, str, str]:
        first = min((e.start for e in self.evidence), default=0)
        return (first, self.rule, self.message)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "rule": self.rule,
            "name": self.name,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
        }
        if self.expected is not None:
            d["expected"] = self.expected
        if self.stated is not None:
            d["stated"] = self.stated
        d["evidence"] = [e.to_dict() for e in self.evidence]
        if self.data:
            d["data"] = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in self.data.items()}
        return d


@dataclass(frozen=True, slots=True)
class RuleFailure:
    """A rule that raised instead of finishing: its check of the file is incomplete.
    Never a finding; the engine records it and runs the other rules."""

    rule: str  # code, e.g. JX101
    name: str
    error: str  # one line: exception type and message, and where it was raised

    def __str__(self) -> str:
        return f"规则 {self.rule} {self.name} 运行出错：{self.error}"

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "name": self.name, "error": self.error}
