"""A 自评表 written out as lines of prose, one indicator a line:

    1.数量指标—居民电子健康档案建档率：指标值≥90%，完成值92.4%，分值8，得分8
    2.数量指标—65岁及以上老年人健康管理率：指标值≥67%，完成值58.6%，分值8，得分8；偏差原因：…

or as lines of labelled fields under 一级指标 lines:

    一级指标：产出指标（50分）
    二级指标：数量指标；三级指标：建设基层中医馆；年度指标值：≥120个；实际完成值：126个；分值：10分；得分：10分

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
    r"(?:年度)?(?:指标值|目标值)(?:为)?\s*(?P<target>[^，,；;。]{1,30}?)\s*[，,；;]\s*"
    r"(?:实际)?完成(?:值|情况)(?:为)?\s*(?P<actual>[^，,；;。]{1,30}?)\s*[，,；;]\s*"
    r"(?:分值|权重)(?:为)?\s*(?P<weight>\d+(?:\.\d+)?)\s*分?\s*[，,；;]\s*"
    r"得分(?:为)?\s*(?P<score>\d+(?:\.\d+)?)\s*分?"
    r"(?:\s*[；;，,]\s*(?:偏差原因(?:分析)?|原因|说明)\s*[：:]\s*(?P<reason>[^。；;]+))?"
)


# "二级指标：数量指标；三级指标：建设基层中医馆；年度指标值：≥120个；实际完成值：126个；分值：10分；得分：10分；
# 偏差原因：…": an indicator line of labelled fields, in any order
FIELD = re.compile(r"(?P<key>一级指标|二级指标|三级指标|指标名称|年度指标值|指标值|目标值|实际完成值|完成值|实际值|分值|权重|得分|"
                   r"偏差原因(?:分析)?(?:及改进措施)?|原因)\s*[：:]\s*(?P<value>[^；;\n]*?)\s*(?=[；;]|$)")
FIELD_GROUPS = {"二级指标": "l2", "三级指标": "name", "指标名称": "name", "年度指标值": "target", "指标值": "target",
                "目标值": "target", "实际完成值": "actual", "完成值": "actual", "实际值": "actual", "分值": "weight",
                "权重": "weight", "得分": "score"}
LEVEL1_LINE = re.compile(r"\s*一级指标\s*[：:]\s*(?P<l1>[\u4e00-\u9fff]{2,10})")
_SCORE_VALUE = re.compile(r"(\d+(?:\.\d+)?)\s*分?$")


def _field_line(doc: Document, b) -> dict[str, tuple[int, int]] | None:
    """The spans of an indicator line of labelled fields, by LINE's group names; None unless it
    names the indicator, its target, result, weight and score."""
    spans: dict[str, tuple[int, int]] = {}
    for m in FIELD.finditer(doc.text, b.start, b.end):
        key = m.group("key")
        group = FIELD_GROUPS.get(key, "reason" if "原因" in key else None)
        if group is None or group in spans or m.start("value") == m.end("value"):
            continue
        lo, hi = m.start("value"), m.end("value")
        if group in ("weight", "score"):
            v = _SCORE_VALUE.match(doc.text, lo, hi)
            if v is None:
                return None
            hi = v.end(1)
        spans[group] = (lo, hi)
    return spans if {"name", "target", "actual", "weight", "score"} <= spans.keys() else None


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
    level1 = ""
    for b in doc.blocks:
        if b.kind == "table_row":
            continue
        m = LINE.match(doc.text, b.start, b.end)
        spans = {g: m.span(g) for g in ("l2", "name", "target", "actual", "weight", "score", "reason")
                 if m.start(g) >= 0} if m is not None else _field_line(doc, b)
        if not spans:
            if (l1 := LEVEL1_LINE.match(doc.text, b.start, b.end)) is not None:
                level1 = l1.group("l1")
            elif not funds and (fr := _funds_row(doc, b, k)) is not None:
                funds.append(fr)
                k += 1
            elif rows and total_score is None and (t := TOTAL_LINE.match(doc.text, b.start, b.end)) is not None:
                total_weight = _value(doc, Cell(k, 4, t.start("weight"), t.end("weight")))
                total_score = _value(doc, Cell(k, 5, t.start("score"), t.end("score")))
                k += 1
            continue

        def cell(group: str, col: int, spans: dict[str, tuple[int, int]] = spans, r: int = k) -> Cell | None:
            if group not in spans:
                return None
            return Cell(r, col, *spans[group])

        name = doc.text[slice(*spans["name"])].strip()
        target, actual = _value(doc, cell("target", 2)), _value(doc, cell("actual", 3))
        level2 = doc.text[slice(*spans["l2"])].strip() if "l2" in spans else ""
        rows.append(IndicatorRow(
            level1=level1, level2=level2, name=name, row=k, name_cell=cell("name", 1),
            direction=_direction("", name, target), target=target, actual=actual,
            weight=_value(doc, cell("weight", 4)), score=_value(doc, cell("score", 5)),
            reason=_value(doc, cell("reason", 6))))
        k += 1
    if len(rows) < 2:
        return None
    return SelfEval(table=PROSE_TABLE, unit="万元", project=None,
                    funds_header=tuple(key for key, _ in funds[0].values) if funds else (), funds=tuple(funds),
                    indicator_header=("level2", "name", "target", "actual", "weight", "score", "reason"),
                    indicators=tuple(rows), total_weight=total_weight, total_score=total_score)


def field_lines(doc: Document, se: SelfEval | None) -> frozenset[int]:
    """Block.index of the indicator lines of ``se`` whose fields a semicolon separates (二级指标：…；
    三级指标：…, or 年度指标值≥60%；实际完成值52.3%；…): read as narrative, each field would be a clause
    whose subject is its label. Lines of comma-separated fields keep the indicator as their subject."""
    out = set()
    for r in se.indicators if se is not None else ():
        b = doc.block_at(r.name_cell.start) if r.name_cell is not None else None
        if b is None:
            continue
        m = LINE.match(doc.text, b.start, b.end)
        if m is None or re.search(r"[；;]", doc.text[m.start("target"):m.start("score")]):
            out.add(b.index)
    return frozenset(out)


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
