"""A 自评表 written out as lines of prose, one indicator a line:

    1.数量指标—居民电子健康档案建档率：指标值≥90%，完成值92.4%，分值8，得分8
    2.数量指标—65岁及以上老年人健康管理率：指标值≥67%，完成值58.6%，分值8，得分8；偏差原因：…

Two or more such lines are read as the indicator rows of a SelfEval, each value a span of
its line (a ``Cell`` whose offsets are the value's in Document.text), so every rule on
自评表 rows applies to them as to a table's. The SelfEval's ``table`` is ``PROSE_TABLE``
(-1): it has no Table in ``Document.tables``.
"""
from __future__ import annotations

import re

from .model import Cell, Document
from .selfeval import IndicatorRow, SelfEval, _direction, _value

PROSE_TABLE = -1

LINE = re.compile(
    r"\s*(?:\d{1,2}\s*[.、．]|[（(]\d{1,2}[）)])?\s*(?:(?P<l2>[\u4e00-\u9fff]{2,10}?)\s*—+\s*)?"
    r"(?P<name>[^：:，,。；;]{2,40}?)[：:]\s*"
    r"(?:年度)?(?:指标值|目标值)(?:为)?\s*(?P<target>[^，,；;。]{1,30}?)\s*[，,]\s*"
    r"(?:实际)?完成(?:值|情况)(?:为)?\s*(?P<actual>[^，,；;。]{1,30}?)\s*[，,]\s*"
    r"(?:分值|权重)(?:为)?\s*(?P<weight>\d+(?:\.\d+)?)\s*分?\s*[，,]\s*"
    r"得分(?:为)?\s*(?P<score>\d+(?:\.\d+)?)\s*分?"
    r"(?:\s*[；;，,]\s*(?:偏差原因(?:分析)?|原因|说明)\s*[：:]\s*(?P<reason>[^。；;]+))?"
)


def find_prose_selfeval(doc: Document) -> SelfEval | None:
    rows: list[IndicatorRow] = []
    k = 0
    for b in doc.blocks:
        if b.kind == "table_row":
            continue
        m = LINE.match(doc.text, b.start, b.end)
        if m is None:
            continue

        def cell(group: str, col: int, m: re.Match[str] = m, r: int = k) -> Cell | None:
            if m.start(group) < 0:
                return None
            return Cell(r, col, m.start(group), m.end(group))

        name_cell = cell("name", 1)
        target, actual = _value(doc, cell("target", 2)), _value(doc, cell("actual", 3))
        rows.append(IndicatorRow(
            level1="", level2=m.group("l2") or "", name=m.group("name").strip(), row=k, name_cell=name_cell,
            direction=_direction("", m.group("name"), target), target=target, actual=actual,
            weight=_value(doc, cell("weight", 4)), score=_value(doc, cell("score", 5)),
            reason=_value(doc, cell("reason", 6))))
        k += 1
    if len(rows) < 2:
        return None
    return SelfEval(table=PROSE_TABLE, unit="万元", project=None, funds_header=(), funds=(),
                    indicator_header=("level2", "name", "target", "actual", "weight", "score", "reason"),
                    indicators=tuple(rows), total_weight=None, total_score=None)
