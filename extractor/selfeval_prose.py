"""A 自评表 written out as lines of prose, one indicator a line:

    1.数量指标—居民电子健康档案建档率：指标值≥90%，完成值92.4%，分值8，得分8
    2.数量指标—65岁及以上老年人健康管理率：指标值≥67%，完成值58.6%，分值8，得分8；偏差原因：…

and, beside them, the funds line and the total line of the same form:

    资金情况：年初预算数680.00，全年预算数680.00，全年执行数560.80，分值10分，执行率82.47%，得分10分
    总分100分，自评得分97.00分

Two or more indicator lines are read as the indicator rows of a SelfEval, each value a span of
its line (a ``Cell`` whose offsets are the value's in Document.text), so every rule on
自评表 rows applies to them as to a table's. The SelfEval's ``table`` is ``PROSE_TABLE``
(-1): it has no Table in ``Document.tables``.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .model import Cell, Document
from .selfeval import _FUNDS_RE, FundsRow, IndicatorRow, SelfEval, _direction, _value, norm_header

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


# "资金情况：年初预算数680.00，全年预算数680.00，全年执行数560.80，分值10分，执行率82.47%，得分10分"
FUNDS_LEAD = re.compile(r"\s*(?:\d{1,2}\s*[.、．]\s*)?(?:资金情况|项目资金|资金执行情况|预算执行情况|年度资金总额)[（(]?(?:万元|元)?[）)]?\s*[：:]")
FUNDS_PAIR = re.compile(r"(?P<key>年初预算数?|全年预算数?|调整后预算数?|全年执行数?|实际执行数?|执行数|分值|权重|执行率|得分)"
                        r"(?:为)?\s*[：:]?\s*(?P<value>\d[\d,，]*(?:\.\d+)?\s*(?:%|万元|元|分)?)")
# "总分100分，自评得分97.00分" / "总分：100分；自评得分：79.35分"
TOTAL_LINE = re.compile(r"\s*(?:总分|合计)(?:值)?\s*[：:]?\s*(?P<weight>\d+(?:\.\d+)?)\s*分?\s*[；;，,]\s*"
                        r"(?:自评|综合|实际)?得分\s*[：:]?\s*(?P<score>\d+(?:\.\d+)?)\s*分?")


def _funds_row(doc: Document, b, k: int) -> FundsRow | None:
    lead = FUNDS_LEAD.match(doc.text, b.start, b.end)
    if lead is None:
        return None
    end = doc.text.find("。", lead.end(), b.end)
    end = b.end if end < 0 else end
    values = []
    for col, m in enumerate(FUNDS_PAIR.finditer(doc.text, lead.end(), end), start=1):
        key = next((key for key, pat in _FUNDS_RE if pat.search(norm_header(m.group("key")))), None)
        if key is None or any(k2 == key for k2, _ in values):
            continue
        v = _value(doc, Cell(k, col, m.start("value"), m.end("value")))
        if v is not None and v.q is not None:
            values.append((key, v))
    keys = {key for key, _ in values}
    if "executed" not in keys or not keys & {"initial", "annual"}:
        return None
    return FundsRow("年度资金总额", "total", k, Cell(k, 0, lead.start(), lead.end()), tuple(values))


def find_prose_selfeval(doc: Document) -> SelfEval | None:
    rows: list[IndicatorRow] = []
    funds: list[FundsRow] = []
    total_weight = total_score = None
    k = 0
    for b in doc.blocks:
        if b.kind == "table_row":
            continue
        m = LINE.match(doc.text, b.start, b.end)
        if m is None:
            if not funds and (fr := _funds_row(doc, b, k)) is not None:
                funds.append(fr)
                k += 1
            elif rows and total_score is None and (t := TOTAL_LINE.match(doc.text, b.start, b.end)) is not None:
                total_weight = _value(doc, Cell(k, 4, t.start("weight"), t.end("weight")))
                total_score = _value(doc, Cell(k, 5, t.start("score"), t.end("score")))
                k += 1
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
    return SelfEval(table=PROSE_TABLE, unit="万元", project=None,
                    funds_header=tuple(key for key, _ in funds[0].values) if funds else (), funds=tuple(funds),
                    indicator_header=("level2", "name", "target", "actual", "weight", "score", "reason"),
                    indicators=tuple(rows), total_weight=total_weight, total_score=total_score)


FUNDS_LINES_BEFORE = 12  # blocks above a 自评表 its funds line may stand in


def with_prose_funds(doc: Document, selfevals: tuple[SelfEval, ...]) -> tuple[SelfEval, ...]:
    """A table 自评表 with no funds block takes the funds line written just above it
    ("年度资金总额：年初预算数2,856.00，全年预算数3,012.40，全年执行数2,965.82，分值10，执行率98.45%，
    得分9.85。" over a pipe table of indicators): its 执行率 points belong to the table's total."""
    out = []
    for se in selfevals:
        if se.funds or not se.indicators or not 0 <= se.table < len(doc.tables):
            out.append(se)
            continue
        first = min((c.start for c in doc.tables[se.table].cells), default=None)
        b = doc.block_at(first) if first is not None else None
        row = None
        if b is not None:
            for k in range(b.index - 2, max(-1, b.index - 2 - FUNDS_LINES_BEFORE), -1):
                cand = doc.blocks[k]
                if cand.kind == "table_row":
                    break
                row = _funds_row(doc, cand, -1)
                if row is not None:
                    break
        out.append(se if row is None else replace(se, funds=(row,), funds_header=tuple(k for k, _ in row.values)))
    return tuple(out)
