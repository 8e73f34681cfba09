"""The 项目支出绩效自评表: recognise it among a document's tables and read it
into structured rows.

A 自评表 has two blocks (domain-rules a2):

- the **funds block**: a header row (年初预算数 | 全年预算数 | 全年执行数 | 分值 |
  执行率 | 得分, or Sichuan's 调整后预算数 / 预算执行数 / 权重, or Beijing's
  年初预算数(A) | 全年执行数(B)), then 年度资金总额 and its 其中 rows
  (当年财政拨款, 上年结转, 其他资金);
- the **indicator block**: a header row (一级 | 二级 | 三级指标 | [指标性质 |
  度量单位 |] 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因…), indicator rows
  whose 一级/二级 labels are vertically merged, and a 总分 row.

Columns are found by their header text, never by position, so regional
variants are a line in ``FUNDS_COLUMNS`` / ``INDICATOR_COLUMNS``. Every value
keeps its cell and its parsed Quantity with absolute offsets into
``Document.text``, so a rule's evidence points at the cell.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from .model import Cell, Document, Quantity, Table
from .numbers import parse_quantity

# header text (normalized) -> column key; first match wins, so specific words first
FUNDS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("rate_score", r"(?:执行率|使用率|支付率)[/／]得分"),  # "执行率／得分（分值10） | 84.78%／8.48"
    ("rate", r"执行率|使用率|支付率"),
    ("initial", r"^年初(预算|安排|批复)"),
    ("annual", r"^(全年|调整后|调整|年度)预算|^预算数$|^全年数$"),
    ("executed", r"执行数|^全年执行|^实际(支出|执行)|决算数|支出数"),
    ("arrived", r"到位"),
    ("weight", r"^(分值|权重)$"),
    ("score", r"^得分$"),
    ("reason", r"原因|说明"),
)
INDICATOR_COLUMNS: tuple[tuple[str, str], ...] = (
    ("level1", r"^一级指标"),
    ("level2", r"^二级指标"),
    ("name", r"^三级指标|^指标名称|^绩效指标$|^指标$|^(?:考核|评价|具体)指标$|^指标内容$|^(?:评分|评价|考核)(?:项目|内容)$"),
    ("nature", r"^指标性质"),
    ("unit", r"^(度量|计量)单位"),
    ("target", r"指标值|目标值|^预期目标|^年度目标"),
    ("rate", r"完成率|完成比例|完成程度"),
    ("actual", r"完成值|实际值|^实际完成|^完成情况|^评价结果$|^实际(?:情况|结果)$"),
    ("weight", r"^(分值|权重)$"),
    ("score", r"^得分$"),
    # "扣分说明 | 2座危桥施工便道被洪水冲毁": the points lost and why
    # "评价标准及评价情况 | 目标≥55个，实际资助56个": what the evaluator found, in a third-party score sheet
    ("reason", r"原因|改进措施|扣分(?:说明|理由|情况)|(?:评分|得分|情况)说明|^备注$|(?:评价|评分|考核)(?:情况|依据)$"),
)
_FUNDS_RE = tuple((k, re.compile(p)) for k, p in FUNDS_COLUMNS)
_IND_RE = tuple((k, re.compile(p)) for k, p in INDICATOR_COLUMNS)

# a funds-row label -> its role
FUND_ROLES: tuple[tuple[str, str], ...] = (
    ("total", r"资金总额?$|^合计$|^总计$|^年度资金总|^预算执行(?:情况)?$|^资金(?:执行)?情况$|^(?:部门|单位)?整体支出(?:总额)?$"),
    ("current", r"财政拨款|财政资金|当年"),
    ("carryover", r"结转|结余"),
    ("other", r"其他资金|其他"),
)
TOTAL_ROW = re.compile(r"^(总分|合计|总计|自评得分|综合得分|(?:自评|综合|评价)总分|总得分)")
# "决策小计 | | | 15 | 13.5" / "一、决策 | 20 | 17.5": a dimension's subtotal or heading row sums
# the rows below or above it; it is no indicator
SUBTOTAL_ROW = re.compile(r"小计$|^[一二三四五六七八九十]{1,2}[、.．]")
NATURE_SPLIT = re.compile(r"^按(?:收入|支出)性质分")
NOTE_ROW = re.compile(r"原因|说明|备注|依据$")
FOOTER_ROW = re.compile(r"\s*(?:填报单位|填报人|填表人|填报日期|填表日期|审核人|联系人|联系电话|单位负责人|负责人|制表人?)\s*[：:]")
GOAL_ROW = re.compile(r"^年度总体目标|^总体目标|^年度目标")
HEADING_WEIGHT = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)]")
GRADE_CELL = re.compile(r"^(评价等次|自评等次|等次|等级|评价等级)$")

# cells that mean "nothing here" (domain rule: treat —, /, -, 无, blank as absent)
ABSENT = {"", "—", "——", "-", "--", "－", "/", "／", "无", "空", "N/A", "n/a", "——/——"}
# a 偏差原因 cell that gives no reason
EMPTY_REASON = {*ABSENT, "暂无", "无。", "暂无。", "没有"}


def blank_reason(v) -> bool:
    """A reason cell that is there but says nothing ("无", "暂无", "——")."""
    return v is not None and re.sub(r"\s+", "", v.text) in EMPTY_REASON
# reverse indicators when the target carries no ≤/≥ and no 指标性质 column says so
REVERSE_WORDS = ("成本", "时间", "时限", "投诉率", "事故", "差错率", "结余率", "周期", "发生率", "误差")
NATURE = (("≤", r"≤|<|反向|以下|不高于|不超过"), ("≥", r"≥|>|正向|以上|不低于|不少于"), ("=", r"^=|等于|^＝"),
          ("qual", r"定性"))


def norm_header(s: str) -> str:
    """'调整预算数\\n(A)' -> '调整预算数'; '执行率（B/A）' -> '执行率'; '项目资金（万元）' -> '项目资金'."""
    s = re.sub(r"\s+", "", s)
    s = re.sub(r"[（(][^（）()]{0,8}[）)]$", "", s)
    s = re.sub(r"[（(][A-Za-z/×*%÷]{1,8}[）)]", "", s)
    return s.strip("：:")


@dataclass(frozen=True, slots=True)
class Value:
    """One cell of the 自评表 with the figure in it (None when blank, '—' or text)."""

    cell: Cell
    text: str
    q: Quantity | None

    @property
    def present(self) -> bool:
        return self.text.strip() not in ABSENT

    @property
    def span(self) -> tuple[int, int]:
        return (self.cell.start, self.cell.end)


@dataclass(frozen=True, slots=True)
class FundsRow:
    label: str
    role: str  # 'total' | 'current' | 'carryover' | 'other' | 'sub'
    row: int
    label_cell: Cell
    values: tuple[tuple[str, Value], ...]  # column key -> Value, header order

    def get(self, key: str) -> Value | None:
        for k, v in self.values:
            if k == key:
                return v
        return None

    def q(self, key: str) -> Quantity | None:
        v = self.get(key)
        return v.q if v is not None else None


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    level1: str
    level2: str
    name: str
    row: int
    name_cell: Cell
    direction: str  # '≥' (positive) | '≤' (reverse) | '=' | 'qual'
    target: Value | None
    actual: Value | None
    weight: Value | None
    score: Value | None
    reason: Value | None
    level1_weight: Decimal | None = None  # 产出指标(50分) -> 50
    rate: Value | None = None  # a 完成率 column, where the layout has one

    @property
    def label(self) -> str:
        return self.name or self.level2 or self.level1


@dataclass(frozen=True, slots=True)
class SelfEval:
    table: int  # Table.index of the first table
    unit: str  # money unit of the funds block: '万元' | '元'
    project: str | None
    funds_header: tuple[str, ...]  # column keys present in the funds block
    funds: tuple[FundsRow, ...]
    indicator_header: tuple[str, ...]
    indicators: tuple[IndicatorRow, ...]
    total_weight: Value | None
    total_score: Value | None
    grade: Value | None = None
    # (key, column, colspan) of the indicator header, for a table that continues this one without it
    indicator_cols: tuple[tuple[str, int, int], ...] = ()

    def total_of_indicators(self) -> bool:
        """The 合计 row sums the indicators alone: "合计 | 90 | 80.45" under a funds block worth 10 of the
        100 (the 执行率 points are added to it for the report's total, not contained in it)."""
        ft = self.funds_total()
        fw = ft.get("weight") if ft is not None else None
        tw = self.total_weight
        if fw is None or fw.q is None or tw is None or tw.q is None or not self.indicators:
            return False
        if any(r.weight is None or r.weight.q is None for r in self.indicators):
            return False
        ind = sum((r.weight.q.value for r in self.indicators), Decimal(0))
        return ind == tw.q.value and fw.q.value > 0 and tw.q.value + fw.q.value == 100

    def funds_total(self) -> FundsRow | None:
        for r in self.funds:
            if r.role == "total":
                return r
        return self.funds[0] if len(self.funds) == 1 else None

    def to_dict(self, doc: Document) -> dict[str, Any]:
        def v(x: Value | None) -> Any:
            if x is None:
                return None
            page, line = doc.locate(x.cell.start)
            d: dict[str, Any] = {"text": x.text, "row": x.cell.row, "col": x.cell.col, "page": page, "line": line}
            if x.q is not None:
                d.update(value=str(x.q.value), unit=x.q.unit, qualifier=x.q.qualifier)
            return d

        return {
            "table": self.table,
            "unit": self.unit,
            "project": self.project,
            "funds": [{"label": r.label, "role": r.role, **{k: v(x) for k, x in r.values}} for r in self.funds],
            "indicators": [{"level1": r.level1, "level2": r.level2, "name": r.name, "direction": r.direction,
                            "level1_weight": None if r.level1_weight is None else str(r.level1_weight),
                            "target": v(r.target), "actual": v(r.actual), "weight": v(r.weight),
                            "score": v(r.score), "reason": v(r.reason), "rate": v(r.rate)} for r in self.indicators],
            "total_weight": v(self.total_weight),
            "total_score": v(self.total_score),
            "grade": v(self.grade),
        }


class Grid:
    """Slot lookup over a table whose merged cells are stored once."""

    def __init__(self, doc: Document, table: Table) -> None:
        self.doc = doc
        self.table = table
        self.slot: dict[tuple[int, int], Cell] = {}
        self.rows: dict[int, list[Cell]] = {}
        for c in table.cells:
            self.rows.setdefault(c.row, []).append(c)
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    self.slot[(r, k)] = c

    def text(self, c: Cell) -> str:
        return self.doc.cell_text(c).strip()

    def row_texts(self, r: int) -> list[tuple[Cell, str]]:
        return [(c, self.text(c)) for c in sorted(self.rows.get(r, []), key=lambda c: c.col)]


_DERIVATION = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")


# a remark that states an indicator's target and then its result: "目标≥1,300户，全年保障1,362户",
# "目标500套，实际筹集340套", "目标≥90%，调查结果80%，主要因…"
REMARK_PAIR = re.compile(r"\s*(?:年度)?目标(?:值)?(?:为|是|[：:])?\s*(?P<t>[≥≤＞＜><]?\s*[\d０-９][^；;。]*?)\s*"
                         r"(?:(?<![\d０-９])[，,；;]|[，,；;](?![\d０-９]))\s*"
                         r"(?:实际|全年|完成|调查结果|抽查结果|评价结果|当年)[\u4e00-\u9fff]{0,6}?(?:为|达到?|是|[：:])?\s*"
                         r"(?P<a>[\d０-９][\d０-９.,，]*(?<![,，.])[^，,；;。（(\d]*)")


def _remark_pair(doc: Document, remark: Value | None) -> tuple[Value | None, Value | None]:
    if remark is None:
        return None, None
    raw = doc.cell_text(remark.cell)
    m = REMARK_PAIR.match(raw)
    if m is None:
        return None, None
    out = []
    for g in ("t", "a"):
        q = parse_quantity(m.group(g))
        if q is None or q.kind not in ("count", "percent", "money", "number"):
            return None, None
        at = remark.cell.start + m.start(g)
        out.append(Value(remark.cell, m.group(g).strip(), dataclasses.replace(q, start=q.start + at, end=q.end + at)))
    t, a = out
    if t.q.kind != a.q.kind or a.q.qualifier is not None:
        return None, None
    return t, a


def _value(doc: Document, c: Cell | None) -> Value | None:
    if c is None:
        return None
    raw = doc.cell_text(c)
    text = raw.strip()
    q = None
    if text not in ABSENT:
        q = parse_quantity(raw)
        if q is None:
            # "≥128场（8场/乡镇×16个乡镇）": the figure, then how it was derived
            head = _DERIVATION.sub("", raw)
            q = parse_quantity(head) if head != raw and head.strip() else None
        if q is not None and q.kind == "date":
            q = None
        if q is not None:
            q = dataclasses.replace(q, start=q.start + c.start, end=q.end + c.start)
    return Value(c, text, q)


def _header_keys(t: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """``norm_header(t)`` and the keys of ``FUNDS_COLUMNS`` and of ``INDICATOR_COLUMNS``
    whose pattern it matches, in their order: what the header search asks of a cell's
    text, once per text (issue 15: every row's cells were normalised four times and
    searched with both lists, three times a row). Remembered for texts of up to 64
    characters (headers are short; the cache stays small)."""
    return _remembered_keys(t) if len(t) <= 64 else _keys_of(t)


@lru_cache(maxsize=8192)
def _remembered_keys(t: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    return _keys_of(t)


def _keys_of(t: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    h = norm_header(t)
    return h, tuple(k for k, p in _FUNDS_RE if p.search(h)), tuple(k for k, p in _IND_RE if p.search(h))


_FUNDS, _INDICATORS = 1, 2  # which keys of _header_keys


def _map_header(cells: list[tuple[Cell, str]], which: int) -> dict[str, Cell]:
    """Header key -> its cell: each cell takes the first of its keys not taken yet (the
    first pattern, in the list's order, that matches and is still free)."""
    out: dict[str, Cell] = {}
    for c, t in cells:
        for key in _header_keys(t)[which]:
            if key not in out:
                out[key] = c
                break
    if "annual" in out:
        # "年初预算 | 调整预算 | 全年预算": beside a 全年 column, 调整预算 is the adjustment, not the year's budget
        texts = {id(c): re.sub(r"\s+", "", t) for c, t in cells}
        whole = next((c for c, t in cells if re.match(r"全年预算", texts[id(c)])), None)
        if whole is not None and re.match(r"调整预算", texts[id(out["annual"])]):
            out["annual"] = whole
    return out


def _level_weights(cells: list[tuple[Cell, str]], m: dict[str, Cell]) -> None:
    """"一级指标 | 分值 | 二级指标 | 分值 | 得分": a weight column after each level's label. The
    one after 一级指标 is that level's weight; the last before 得分 is the row's; with no
    三级指标 column the deepest level names the row."""
    weights = [c for c, t in cells if "weight" in _header_keys(t)[2]]  # INDICATOR_COLUMNS' 分值/权重
    l1 = m.get("level1")
    if len(weights) < 2 or l1 is None or weights[0].col != l1.col + l1.colspan:
        return
    m["level1_weight"], m["weight"] = weights[0], weights[-1]
    if "name" not in m and "level2" in m and m["level2"].col < weights[-1].col:
        m["name"] = m.pop("level2")


RATE_SCORE_CELL = re.compile(r"\s*(\d+(?:\.\d+)?\s*[%％])\s*[/／]\s*(\d+(?:\.\d+)?)\s*$")
HEADER_WEIGHT = re.compile(r"(?:分值|权重)\s*(\d+(?:\.\d+)?)")


def _split_rate_score(doc: Document, vals: tuple, header: Cell) -> tuple:
    """"84.78%／8.48" under "执行率／得分（分值10）": the rate and the points, each a span of the cell, and
    the weight the header names (a span of the header)."""
    out = []
    for k, v in vals:
        if k != "rate_score":
            out.append((k, v))
            continue
        m = RATE_SCORE_CELL.match(doc.text, v.cell.start, v.cell.end)
        if m is None:
            continue
        for key, grp in (("rate", 1), ("score", 2)):
            c = Cell(v.cell.row, v.cell.col, m.start(grp), m.end(grp), v.cell.rowspan, v.cell.colspan)
            if (x := _value(doc, c)) is not None:
                out.append((key, x))
        w = HEADER_WEIGHT.search(doc.text, header.start, header.end)
        if w is not None and not any(k2 == "weight" for k2, _ in vals):
            hc = Cell(header.row, header.col, w.start(1), w.end(1), header.rowspan, header.colspan)
            if (x := _value(doc, hc)) is not None:
                out.append(("weight", x))
    return tuple(out)


def _is_funds_header(m: dict[str, Cell]) -> bool:
    return "executed" in m and ("annual" in m or "initial" in m)


EXECUTION_LABEL = re.compile(r"^(?:预算|资金)?执行(?:率|情况)?$")


def _without_restated_execution(funds, indicators) -> list[IndicatorRow]:
    """"预算执行率 | … | 10 | 10" at the foot of the indicator block restating the funds row's 分值
    and 得分: one item written twice, counted once (the funds row's)."""
    total = next((f for f in funds if f.role == "total"), None)
    if total is None:
        return indicators
    w, sc = total.q("weight"), total.q("score")
    if w is None or sc is None:
        return indicators
    def weight_of(r: IndicatorRow) -> Decimal | None:
        if r.weight is not None and r.weight.q is not None:
            return r.weight.q.value
        m = HEADING_WEIGHT.search(r.name or r.level1 or "")  # "预算执行（10分） | 98.05% | 9.80"
        return Decimal(m.group(1)) if m else r.level1_weight

    return [r for r in indicators
            if not (EXECUTION_LABEL.match(HEADING_WEIGHT.sub("", re.sub(r"\s+", "", r.name or r.level1 or "")))
                    and weight_of(r) == w.value
                    and r.score is not None and r.score.q is not None and r.score.q.value == sc.value)]


SUBTOTAL_LABEL = re.compile(r"^\s*(?:小计|合计|小\s+计)\s*$")


def _label_subtotal(cells: list[tuple[Cell, str]], ind_map: dict[str, Cell]) -> bool:
    """"│ │ 小计 │ │ │ │ 50 │ 51.8 │": a subtotal written in a label column after the first, its
    level cell left blank."""
    values = [ind_map[k].col for k in ("target", "actual", "weight", "score", "weight_score") if k in ind_map]
    if not values:
        return False
    return any(SUBTOTAL_LABEL.match(t) for c, t in cells[1:] if c.col < min(values))


WEIGHT_SCORE_HEADER = re.compile(r"^(?:分值|权重)\s*[/／]\s*得分$")
PAIR_CELL = re.compile(r"\s*(\d+(?:\.\d+)?)\s*[/／]\s*(\d+(?:\.\d+)?)\s*$")


LABELLED_WEIGHT = re.compile(r"\s*(?:分值|权重)\s*[：:]?\s*(\d+(?:\.\d+)?)\s*分?\s*$")
LABELLED_SCORE = re.compile(r"\s*得分\s*[：:]?\s*(\d+(?:\.\d+)?)\s*分?\s*$")
LABELLED_REASON = re.compile(r"\s*(?:偏差原因(?:分析)?|原因)\s*[：:]")


def _labelled_rows(doc: Document, table: Table, g: Grid) -> list[IndicatorRow]:
    """A table with no header whose rows label their own figures: "数量指标 | 新建高标准农田面积 |
    ≥5万亩 | 5.02万亩 | 分值15 | 得分15 | 偏差原因：…" (a TXT 自评表 under "产出指标（50分）"
    lines). The target and result are the two cells before 分值, the name the one before them."""
    level1, weight1 = "", None
    b = doc.block_at(min((c.start for c in table.cells), default=0))
    if b is not None and b.index >= 2:
        head = doc.blocks[b.index - 2]
        if head.kind != "table_row" and head.end - head.start <= 20:
            t = doc.text[head.start:head.end].strip()
            m = HEADING_WEIGHT.search(t)
            level1, weight1 = HEADING_WEIGHT.sub("", t).strip(), (Decimal(m.group(1)) if m else None)
    out: list[IndicatorRow] = []
    filled = 0  # rows with any text: every one of them must be such a row
    for r in range(table.n_rows):
        cells = g.row_texts(r)
        filled += bool(cells)
        k = next((i for i, (_, t) in enumerate(cells) if LABELLED_WEIGHT.match(t)), None)
        if k is None or k < 3 or k + 1 >= len(cells) or not LABELLED_SCORE.match(cells[k + 1][1]):
            continue
        w_cell, s_cell = cells[k][0], cells[k + 1][0]
        wm = LABELLED_WEIGHT.match(doc.text, w_cell.start, w_cell.end)
        sm = LABELLED_SCORE.match(doc.text, s_cell.start, s_cell.end)
        if wm is None or sm is None:
            continue
        weight = _value(doc, Cell(w_cell.row, w_cell.col, wm.start(1), wm.end(1)))
        score = _value(doc, Cell(s_cell.row, s_cell.col, sm.start(1), sm.end(1)))
        target, actual = _value(doc, cells[k - 2][0]), _value(doc, cells[k - 1][0])
        name_cell, name = cells[k - 3]
        reason = None
        if k + 2 < len(cells):
            rc = cells[k + 2][0]
            rm = LABELLED_REASON.match(doc.text, rc.start, rc.end)
            reason = _value(doc, Cell(rc.row, rc.col, rm.end() if rm else rc.start, rc.end))
        out.append(IndicatorRow(
            level1=level1, level2=cells[k - 4][1] if k >= 4 else "", name=name, row=r, name_cell=name_cell,
            direction=_direction("", name, target), target=target, actual=actual, weight=weight, score=score,
            reason=reason, level1_weight=weight1, rate=None))
    return out if out and len(out) == filled else []


def _split_pair(doc: Document, v: Value | None) -> tuple[Value | None, Value | None]:
    """"15/15" in a 权重/得分 column: the weight and the score, each a span of the cell."""
    if v is None:
        return None, None
    m = PAIR_CELL.match(doc.text, v.cell.start, v.cell.end)
    if m is None:
        return None, None
    w = Cell(v.cell.row, v.cell.col, m.start(1), m.end(1), v.cell.rowspan, v.cell.colspan)
    sc = Cell(v.cell.row, v.cell.col, m.start(2), m.end(2), v.cell.rowspan, v.cell.colspan)
    return _value(doc, w), _value(doc, sc)


def _is_indicator_header(m: dict[str, Cell]) -> bool:
    if "weight_score" in m:
        return ("name" in m or "level1" in m) and ("target" in m or "actual" in m)
    # a score sheet ("评分项目 | 分值 | 得分 | 说明") has no target or actual columns: its rows are
    # the parts scored, each with its weight and points
    # (and a table of indicators without points, "指标名称 | 年度目标值 | 实际完成值 | 完成情况", has both)
    return ("name" in m or "level1" in m) and (("score" in m or "weight" in m) and ("target" in m or "actual" in m)
                                               or "score" in m and "weight" in m or "target" in m and "actual" in m)


def _cell_in_col(g: Grid, r: int, header: Cell) -> Cell | None:
    """The cell of row r under a header cell: the slot at the header's first column, or,
    for a header spanning several columns, the first cell starting inside it."""
    for k in range(header.col, header.col + header.colspan):
        c = g.slot.get((r, k))
        if c is not None and c.row == r:
            return c
    c = g.slot.get((r, header.col))
    return c


def _role(label: str) -> str:
    s = re.sub(r"\s+", "", label)
    s = re.sub(r"^其中[：:]?", "", s)
    for role, pat in FUND_ROLES:
        if re.search(pat, s):
            return role
    return "sub"


def _direction(nature: str, name: str, target: Value | None) -> str:
    for d, pat in NATURE:
        if nature and re.search(pat, nature):
            return d
    if target is None or target.q is None:
        return "qual"
    qual = target.q.qualifier
    if qual in ("≥", ">", "+"):
        return "≥"
    if qual in ("≤", "<"):
        return "≤"
    if any(w in name for w in REVERSE_WORDS):
        return "≤"
    return "="


# a table's declared money unit -> how many of it make one 万元
UNIT_PER_WAN = {"元": Decimal(10000), "千元": Decimal(10), "万元": Decimal(1), "亿元": Decimal("0.0001")}


UNIT_ROWS = 4  # a form states its money unit in its header rows
_UNIT_LABEL = re.compile(r"(?:金额|资金|预算)?单位[：:]?|金额单位[（(]?[：:]?")
_MONEY_UNIT = re.compile(r"(万元|千元|亿元|元)")


def money_unit(doc: Document, table: Table, g: Grid) -> str:
    """The table's money unit: stated in a cell (单位：元), in brackets (（万元）), in the
    text just above it, or as a label cell and its value cell side by side in a row
    (金额单位 | 元, a spreadsheet form's header); 万元 when none is stated."""
    texts = [t for cells in g.rows.values() for _, t in [(c, g.text(c)) for c in cells][:3]]
    before = ""
    first = min((c.start for c in table.cells), default=0)
    before = doc.text[max(0, first - 80):first]
    for t in [*texts, before]:
        m = re.search(r"(?:单位|金额)[：:]\s*(万元|千元|亿元|元)|[（(](万元|千元|亿元|元)[）)]", t)
        if m:
            return m.group(1) or m.group(2)
    for r in sorted(g.rows)[:UNIT_ROWS]:
        row = [re.sub(r"\s+", "", t) for _, t in g.row_texts(r)]
        for label, value in zip(row, row[1:], strict=False):
            if _UNIT_LABEL.fullmatch(label) and _MONEY_UNIT.fullmatch(value):
                return value
    return "万元"


Cols = tuple[tuple[str, int, int], ...]  # (key, column, colspan) of a header's cells


def read_selfeval(doc: Document, table: Table, carried: Cols = ()) -> SelfEval | None:
    """The 自评表 in one table, or None when the table is not one. ``carried``: the indicator
    columns of the table this one continues (a page's table with no header row of its own)."""
    return _read_selfeval(doc, table, carried)[0]


def _read_selfeval(doc: Document, table: Table, carried: Cols = (), carried_funds: Cols = (),
                   carried_project: str | None = None) -> tuple[SelfEval | None, Cols, str | None]:
    """(the 自评表, the funds header's columns when the table ends on it with no rows under it —
    a page break between the header and its rows —, the 项目名称 read). ``carried_funds``: that
    header, for the table on the next page."""
    g = Grid(doc, table)
    project = carried_project
    funds_map: dict[str, Cell] | None = {k: Cell(-1, c, 0, 0, 1, span) for k, c, span in carried_funds} or None
    ind_map: dict[str, Cell] | None = {k: Cell(-1, c, 0, 0, 1, span) for k, c, span in carried} or None
    funds: list[FundsRow] = []
    indicators: list[IndicatorRow] = []
    total_weight = total_score = grade = None
    last1 = last2 = ""
    in_funds = funds_map is not None
    for r in range(table.n_rows):
        cells = g.row_texts(r)
        if not cells:
            continue
        first_text = re.sub(r"\s+", "", cells[0][1])
        if first_text.startswith("项目名称") and len(cells) > 1 and project is None:
            project = cells[1][1] or None
            continue
        # the first cell heads the row labels ("年度预算申请（万元）"), not a column of figures
        m_f = _map_header(cells[1:], _FUNDS)
        whole = _map_header(cells, _FUNDS)
        if len(whole) == len(cells) and _is_funds_header(whole):
            # "年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分" over one row of figures:
            # no label column, the row is the project's money
            m_f = whole
        m_i = _map_header(cells, _INDICATORS)
        # "绩效指标 | 一级指标 | 二级指标 | 三级指标 …": the first cell heads the block; the
        # indicator's name is under 三级指标
        third = next((c for c, t in cells if _header_keys(t)[0].startswith("三级指标")), None)
        if third is not None:
            m_i["name"] = third
        _level_weights(cells, m_i)
        if "weight" not in m_i and "score" not in m_i:
            pair = next((c for c, t in cells if WEIGHT_SCORE_HEADER.match(_header_keys(t)[0])), None)
            if pair is not None:
                m_i["weight_score"] = pair  # "权重/得分": the two in one cell, "15/15"
        if _is_indicator_header(m_i):
            if ind_map is not None and set(m_i) == set(ind_map):
                continue  # the header repeated on the next page
            ind_map, in_funds = m_i, False
            continue
        if ind_map is None and _is_funds_header(m_f):
            funds_map, in_funds = m_f, True
            continue
        if GRADE_CELL.match(first_text) and len(cells) > 1:
            grade = _value(doc, cells[1][0])
            continue
        if in_funds and funds_map is not None:
            if NOTE_ROW.search(first_text):
                continue  # "调整原因 | 设备纳入集中采购，调减47.60万元": an explanation, not money
            if GOAL_ROW.match(first_text) or NATURE_SPLIT.match(first_text):
                # the national 部门整体 layout: "按收入性质分：… | 按支出性质分：…" rows
                # break the total down in two halves; they are not funds rows
                in_funds = False
                continue
            label_cells = [c for c, _ in cells if c.col < min(h.col for h in funds_map.values())]
            # a label written into each of two side-by-side cells ("年度资金总额 | 年度资金总额",
            # a merge that kept both texts) is one label
            label = " ".join(dict.fromkeys(t for c in label_cells if (t := g.text(c).strip()))).strip()
            if not label_cells and not funds:
                label_cells = [cells[0][0]]  # no label column: the one row is the total
            elif not label:
                continue
            vals = tuple((k, v) for k, h in funds_map.items() if (v := _value(doc, _cell_in_col(g, r, h))) is not None)
            if "rate_score" in funds_map:
                vals = _split_rate_score(doc, vals, funds_map["rate_score"])
            if not any(v.q is not None for _, v in vals):
                in_funds = False  # e.g. a 年度总体目标 row in another wording
                continue
            funds.append(FundsRow(label, _role(label) if label else "total", r, label_cells[0], vals))
            continue
        if ind_map is None:
            continue
        if TOTAL_ROW.match(first_text):
            if "weight" in ind_map:
                total_weight = _value(doc, _cell_in_col(g, r, ind_map["weight"]))
            if "weight_score" in ind_map:
                total_weight, total_score = _split_pair(doc, _value(doc, _cell_in_col(g, r, ind_map["weight_score"])))
                continue
            if (total_weight is None or total_weight.q is None) and "level1_weight" in ind_map:
                total_weight = _value(doc, _cell_in_col(g, r, ind_map["level1_weight"])) or total_weight
            if "score" in ind_map:
                total_score = _value(doc, _cell_in_col(g, r, ind_map["score"]))
            continue

        if SUBTOTAL_ROW.search(first_text) or _label_subtotal(cells, ind_map):
            continue
        imap = ind_map

        def col(key: str, r: int = r, imap: dict[str, Cell] = imap) -> Value | None:
            h = imap.get(key)
            return None if h is None else _value(doc, _cell_in_col(g, r, h))

        def label_at(key: str, last: str, r: int = r, imap: dict[str, Cell] = imap) -> str:
            h = imap.get(key)
            if h is None:
                return ""
            c = g.slot.get((r, h.col))  # a merged label covers the rows below its top
            t = g.text(c) if c is not None else ""
            return t or last

        l1 = label_at("level1", last1)
        if "level1_weight" in imap and l1 != last1:
            w1 = col("level1_weight")
            if w1 is not None and w1.q is not None and not HEADING_WEIGHT.search(l1):
                l1 = f"{l1}（{w1.q.value}分）"  # "投入 | 15 | 预算编制科学性 | 5 | 4.5": the level's weight in its own column
        if last1 and re.fullmatch(r"\s*[（(]\s*\d+(?:\.\d+)?\s*分\s*[）)]\s*", l1):
            l1 = HEADING_WEIGHT.sub("", last1).strip() + l1.strip()  # "产出指标 / (60分)": the weight under its name
        l2 = label_at("level2", last2) if l1 == last1 or not last1 else label_at("level2", "")
        last1, last2 = l1, l2
        name_v = col("name")
        name = name_v.text if name_v is not None else ""
        target, actual, weight, score = col("target"), col("actual"), col("weight"), col("score")
        if "weight_score" in imap:
            weight, score = _split_pair(doc, col("weight_score"))  # "权重/得分 | 15/15"
        if not name and not (target and target.present) and not (weight and weight.present):
            continue
        if name_v is not None and actual is not None and name_v.cell == actual.cell and name_v.present:
            continue  # one cell across the name and result columns: a note under the table ("2.正向指标得分=…", "填表人：…")
        if FOOTER_ROW.match(first_text) or FOOTER_ROW.match(name):
            continue  # "填报单位：…（盖章） | 填报日期：2024年3月15日": who filled the form in, and when
        if weight is not None and not weight.text and not (score and score.text) and not (target and target.text):
            # the tail of a row that a PDF page break cut in two: its figures sit in the part above
            continue
        if "target" not in imap and "actual" not in imap and target is None and actual is None:
            # a score sheet whose remark states both: "租赁补贴及实物配租户数 | 10 | 10 | 目标≥1,300户，全年保障1,362户"
            target, actual = _remark_pair(doc, col("reason"))
        nature_v = col("nature")
        unit_v = col("unit")
        if unit_v is not None and unit_v.present:
            target = _with_unit(target, unit_v.text)
            actual = _with_unit(actual, unit_v.text)
        elif target is not None and target.q is not None and target.q.kind == "money" and target.q.raw_unit \
                and actual is not None and actual.q is not None and actual.q.kind == "number" and not actual.q.raw_unit:
            actual = _with_unit(actual, target.q.raw_unit)  # "≤1,500元 | 1,386.50": the result in the target's unit
        m = HEADING_WEIGHT.search(l1)
        if m:
            # the weight written under the name covers the rows of that name above it too
            base = HEADING_WEIGHT.sub("", l1).strip()
            for k in range(len(indicators) - 1, -1, -1):
                if indicators[k].level1 != base or indicators[k].level1_weight is not None:
                    break
                indicators[k] = dataclasses.replace(indicators[k], level1_weight=Decimal(m.group(1)))
        indicators.append(IndicatorRow(
            level1=HEADING_WEIGHT.sub("", l1).strip(), level2=HEADING_WEIGHT.sub("", l2).strip(), name=name, row=r,
            name_cell=(name_v.cell if name_v is not None else cells[0][0]),
            direction=_direction(nature_v.text if nature_v else "", name, target),
            target=target, actual=actual, weight=weight, score=score, reason=col("reason"),
            level1_weight=Decimal(m.group(1)) if m else None, rate=col("rate"),
        ))
    if not funds and not indicators and ind_map is None:
        indicators = _labelled_rows(doc, table, g)
    if not funds and not indicators:
        cols = tuple((k, c.col, c.colspan) for k, c in funds_map.items()) if funds_map is not None else ()
        return None, cols, project
    if project is None:
        project = _caption_project(doc, table)
    return SelfEval(
        table=table.index, unit=money_unit(doc, table, g), project=project,
        funds_header=tuple(funds_map or ()), funds=tuple(funds),
        indicator_header=tuple(ind_map or ()), indicators=tuple(indicators),
        total_weight=total_weight, total_score=total_score, grade=grade,
        indicator_cols=tuple((k, c.col, c.colspan) for k, c in (ind_map or {}).items()),
    ), (), project


CAPTION_PROJECT = (
    re.compile(r"项目名称[：:]\s*(?P<n>[^（()）\n，。；\t]{2,40})"),
    re.compile(r"项目(?:支出)?绩效(?:自评|评价)表\s*[—\-－–:：]+\s*(?P<n>[^（()）\n，。；]{2,40})"),
    re.compile(r"项目(?:支出)?绩效(?:自评|评价)表\s*[（(](?P<n>[^（()）\n，。；]{2,40}?)[）)]"),
    re.compile(r"(?P<n>[^\s：:，。；（()）\n]{2,40}?项目)(?:支出)?绩效(?:自评|评价)表"),
)
CAPTION_LINES = 6
LEADING_YEAR = re.compile(r"^(?:\d{4}年度?|[（(]\d{4}年度?[）)])")


def _caption_project(doc: Document, table: Table) -> str | None:
    """The project a table's caption names, for a table with no 项目名称 row:
    "附件2：项目支出绩效自评表——就业创业补助项目（单位：万元）", "XX项目支出绩效自评表",
    "（项目名称：XX）". The caption is the short paragraph right before the table."""
    first = min((c.start for c in table.cells), default=None)
    if first is None:
        return None
    b = doc.block_at(first)
    if b is None or b.index < 2:
        return None
    # the short lines right above the table: its caption, 项目名称, 主管部门, 资金情况（万元）：
    for k in range(b.index - 2, max(-1, b.index - 2 - CAPTION_LINES), -1):
        cap = doc.blocks[k]
        if cap.kind == "table_row" or cap.end - cap.start > 80:
            return None
        text = doc.text[cap.start:cap.end]
        for pat in CAPTION_PROJECT:
            m = pat.search(text)
            if m:
                name = LEADING_YEAR.sub("", m.group("n").strip()).strip()
                return name if len(name) >= 2 else None
    return None


def _with_unit(v: Value | None, unit: str) -> Value | None:
    """Sichuan's 度量单位 column: '90' with unit '%' reads as 90%."""
    if v is None or v.q is None or v.q.unit:
        return v
    q = parse_quantity(v.text + unit)
    if q is None:
        return v
    # keep the offsets of the printed number; the unit comes from its own column
    return Value(v.cell, v.text, dataclasses.replace(q, start=v.q.start, end=v.q.end, text=v.q.text))


def find_selfevals(doc: Document) -> tuple[SelfEval, ...]:
    """Every 自评表 in the document. A table that continues an indicator block
    (a second Word table after a page break, with no header of its own) is joined."""
    out: list[SelfEval] = []
    funds_cols: Cols = ()
    project: str | None = None
    for t in doc.tables:
        se, cols, proj = _read_selfeval(doc, t, carried_funds=funds_cols, carried_project=project)
        if se is None and funds_cols:
            se, cols, proj = _read_selfeval(doc, t)  # the header carried did not fit the next table
        # "项目名称 … | 资金（万元） | 年初预算数 | …" ending a page, its rows on the next: the header goes on
        funds_cols, project = cols, (proj if cols else None)
        if out and _headless(out[-1], se) and doc.tables[out[-1].table].n_cols == t.n_cols:
            # "（续表）" on the next page, its 项目名称 row repeated and no header row: the rows are read
            # under the header of the table they continue
            more = read_selfeval(doc, t, out[-1].indicator_cols)
            if more is not None and more.indicators and more.project in (None, out[-1].project):
                se = dataclasses.replace(more, project=None)
        if se is None:
            continue
        if out and _continues(out[-1], se):
            out[-1] = _join(out[-1], se)
            continue
        out.append(se)
    return tuple(dataclasses.replace(se, indicators=tuple(_without_restated_execution(se.funds, se.indicators)))
                 for se in out)


def _headless(prev: SelfEval, nxt: SelfEval | None) -> bool:
    """The table after ``prev`` may continue its indicators without a header row: ``prev`` has
    indicators and no 总分 yet, the table no funds and no indicator header of its own."""
    return (bool(prev.indicators) and bool(prev.indicator_cols) and prev.total_score is None
            and prev.total_weight is None and (nxt is None or (not nxt.funds and not nxt.indicator_header)))


def _continues(prev: SelfEval, nxt: SelfEval) -> bool:
    """A table that carries on the one before (a page break, 续表): it has no funds block
    and no 项目名称 of its own, and the one before has not reached its 总分 row."""
    return (not nxt.funds and nxt.project is None and bool(nxt.indicators)
            and prev.total_score is None and prev.total_weight is None)


def _join(a: SelfEval, b: SelfEval) -> SelfEval:
    # the level labels merged over the page break carry on: "产出指标" above, an empty cell below
    rows = list(b.indicators)
    last = a.indicators[-1] if a.indicators else None
    for k, r in enumerate(rows):
        if last is None or r.level1:
            break
        rows[k] = dataclasses.replace(r, level1=last.level1, level1_weight=r.level1_weight or last.level1_weight,
                                      level2=r.level2 or last.level2)
    return dataclasses.replace(
        a, indicators=a.indicators + tuple(rows),
        indicator_header=a.indicator_header or b.indicator_header,
        total_weight=b.total_weight, total_score=b.total_score, grade=a.grade or b.grade)
