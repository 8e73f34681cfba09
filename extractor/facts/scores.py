"""The narrative's own scoring: a sentence that lists the points each part of the
evaluation earned and then the total.

Class of phrasing read here: ``决策指标（20分）得18分，过程指标得19分（权重20分），产出指标
50分得44分，……，自评总分93分`` / ``预算执行率得9.8分，其余指标均达到目标，得90分，合计99.8分``.
A part is a figure in 分 that follows 得/得分 in its clause, outside brackets (a bracketed
``（20分）`` / ``（权重20分）`` / ``（83.60%×10分）`` is the part's weight or formula). The total is
the figure of a 总分 / 总得分 / 综合得分 / 自评得分 / 合计 clause that closes the list.

Not read as a breakdown (the parts may not be the whole): a sentence with 其中 between the
parts (a part's own sub-items), with 各得/均得 (one figure standing for several parts), or
with 最多/最高/可得/应得 (a maximum, not a score).
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..model import Block, Document, Quantity
from .contexts import bracket_depth

_SENT = re.compile(r"[^。！？!?\n]+")
_CLAUSE_END = re.compile(r"[，,；;、：:。]")
PART_CUE = re.compile(r"得(?:分)?(?:为|了)?\s*$")
TOTAL_CUE = re.compile(r"(?:总得分|总分|综合(?:自评)?得分|自评得分|评价得分|最终得分|得分合计|合计|共计|总计)(?:为|是|[：:])?\s*$")
NOT_WHOLE = re.compile(r"其中|各得|均得|分别得|最多|最高|可得|应得|满分为")


@dataclass(frozen=True, slots=True)
class ScoreBreakdown:
    """The points a sentence gives each part, and the total it states for them.

    ``weights``: the parts' stated weights in the same order, where every part states one."""

    total: Quantity
    parts: tuple[Quantity, ...]
    names: tuple[str, ...]
    weights: tuple[Quantity, ...]
    block: int


WEIGHT = re.compile(r"[（(]\s*(?:权重|满分|分值)?\s*[为：:]?\s*$")


def _clauses(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The sentence's clauses, split at ，；、： outside brackets."""
    out, d, s = [], 0, lo
    for i in range(lo, hi):
        ch = text[i]
        if ch in "（(":
            d += 1
        elif ch in "）)" and d:
            d -= 1
        elif d == 0 and _CLAUSE_END.match(ch):
            out.append((s, i))
            s = i + 1
    out.append((s, hi))
    return out


QIZHONG_RUN = re.compile(r"其中")
# "…满意度指标（10分）得9.5分。综合自评得分94.2分": a sentence that opens with the total closes the list
_OPENS_TOTAL = re.compile(r"\s*(?:综合|最终|本次|经)?(?:自评)?(?:总得分|总分|综合得分|自评得分|评价得分|得分合计|合计)")


class _Span:
    """A sentence span with the interface of a match (start, end)."""

    def __init__(self, a: int, b: int) -> None:
        self.a, self.b = a, b

    def start(self) -> int:
        return self.a

    def end(self) -> int:
        return self.b


def _score_sentences(text: str, lo: int, hi: int) -> list[_Span]:
    out: list[_Span] = []
    for m in _SENT.finditer(text, lo, hi):
        if out and _OPENS_TOTAL.match(text, m.start()) and text[out[-1].b:m.start()].strip() in ("。", "；", ";"):
            out[-1] = _Span(out[-1].a, m.end())
        else:
            out.append(_Span(m.start(), m.end()))
    return out


def _semicolon(text: str, lo: int, hi: int) -> int:
    i = min((j for j in (text.find("；", lo, hi), text.find(";", lo, hi)) if j >= 0), default=-1)
    return i if i >= 0 else hi


def _gaps(lo: int, hi: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """[lo, hi) without the spans (each starting after its 其中; the word itself is cut too)."""
    out, pos = [], lo
    for a, b in sorted(spans):
        out.append((pos, max(pos, a - 2)))
        pos = max(pos, b)
    out.append((pos, hi))
    return out


def _weight(text: str, c0: int, cq: list[Quantity], score: Quantity | None) -> Quantity | None:
    """The weight a clause gives its part: "（20分）" / "（权重20分）" / "分值20分" before the figure,
    or "20分得18分" (the points right before 得 and the score)."""
    return next((q for q in cq if q is not score and (
        WEIGHT.search(text[c0:q.start]) or re.search(r"(?:权重|满分|分值)\s*$", text[c0:q.start])
        or score is not None and q.end <= score.start
        and re.fullmatch(r"\s*得(?:分)?\s*", text[q.end:score.start]))), None)




def _name(text: str) -> str:
    text = re.sub(r"^\s*(?:\d{1,2}\s*[.、．]|[（(][\d一二三四五六七八九十]{1,3}[）)])", "", text)  # "4.管理制度健全性"
    name = re.split(r"[（(]|得|\d", text, maxsplit=1)[0]
    return re.sub(r"^(?:本次自评|经自评|本项目|其中)", "", name).strip()


def find_score_breakdowns(doc: Document, qs: list[Quantity], prose_block: Callable[[Block], bool]) -> list[ScoreBreakdown]:
    out: list[ScoreBreakdown] = []
    points = [q for q in qs if q.unit == "分"]
    # a block's points in the order of qs, found by bisection (a scan of every point per
    # block made a long report quadratic)
    order = sorted(range(len(points)), key=lambda k: points[k].start)
    starts = [points[k].start for k in order]
    text = doc.text
    for b in doc.blocks:
        if not points or not prose_block(b):
            continue
        ks = sorted(order[bisect.bisect_left(starts, b.start):bisect.bisect_right(starts, b.end)])
        bq = [points[k] for k in ks if points[k].end <= b.end]
        if len(bq) < 3:
            continue
        for m in _score_sentences(text, b.start, b.end):
            sq = [q for q in bq if m.start() <= q.start and q.end <= m.end()]
            if len(sq) < 3:
                continue
            parts: list[Quantity] = []
            names: list[str] = []
            weights: list[Quantity | None] = []
            prev_name = ""
            for c0, c1 in _clauses(text, m.start(), m.end()):
                cq = [q for q in sq if c0 <= q.start and q.end <= c1]
                top = [q for q in cq if not bracket_depth(text, c0, q.start)]
                score = next((q for q in top if PART_CUE.search(text[c0:q.start])), None)
                total = next((q for q in top if TOTAL_CUE.search(text[c0:q.start])), None)
                if total is not None:
                    # "产出指标（50分）得47.5分，其中数量指标20分全部得分，质量指标15分得13.5分…；效益指标…":
                    # a 其中 run to its ； holds a part's own sub-items, not parts of the total
                    subs = [(q.end(), _semicolon(text, q.end(), total.start)) for q in QIZHONG_RUN.finditer(text, parts[0].start, total.start)] if parts else []
                    keep = [k for k, p in enumerate(parts) if not any(a <= p.start < b for a, b in subs)]
                    if subs and len(keep) < len(parts):
                        parts = [parts[k] for k in keep]
                        names = [names[k] for k in keep]
                        weights = [weights[k] for k in keep]
                    rest = "".join(text[a:b] for a, b in _gaps(parts[0].start if parts else total.start, total.end, subs))
                    if len(parts) >= 2 and not NOT_WHOLE.search(rest):
                        w = tuple(x for x in weights if x is not None)
                        out.append(ScoreBreakdown(total, tuple(parts), tuple(names),
                                                  w if len(w) == len(parts) else (), b.index))
                    parts, names, weights = [], [], []
                elif score is not None:
                    parts.append(score)
                    names.append(_name(text[c0:score.start]) or prev_name)
                    weights.append(_weight(text, c0, cq, score))
                if score is None and total is None:
                    prev_name = _name(text[c0:c1])
    return out


@dataclass(frozen=True, slots=True)
class ScoredItem:
    """One part of the evaluation with the points it could earn and the points it earned, as
    the narrative ("满意度指标（10分）：得10分", "数量20分得20分") or a score sheet without
    target and actual columns ("评分项目 | 分值 | 得分 | 说明") gives it."""

    name: str
    weight: Quantity
    score: Quantity
    block: int


_MAXIMUM = re.compile(r"最多|最高|可得|应得|满分为")


def find_scored_items(doc: Document, qs: list[Quantity], prose_block: Callable[[Block], bool]) -> list[ScoredItem]:
    """Every clause of prose that scores a named part against its stated weight: the weight in
    brackets after the name (also in the clause before: "满意度指标（10分）：得10分") or right
    before 得 ("数量20分得20分")."""
    out: list[ScoredItem] = []
    points = [q for q in qs if q.unit == "分"]
    if not points:
        return out
    starts = [q.start for q in points]
    text = doc.text
    for b in doc.blocks:
        if not prose_block(b):
            continue
        bq = points[bisect.bisect_left(starts, b.start):bisect.bisect_right(starts, b.end)]
        if len(bq) < 2:
            continue
        for m in _SENT.finditer(text, b.start, b.end):
            if _MAXIMUM.search(m.group()) or NOT_WHOLE.search(m.group()) and "其中" not in m.group():
                continue
            pending: tuple[str, Quantity] | None = None  # a name and bracketed weight awaiting 得
            for c0, c1 in _clauses(text, m.start(), m.end()):
                cq = [q for q in bq if c0 <= q.start and q.end <= c1]
                top = [q for q in cq if not bracket_depth(text, c0, q.start)]
                score = next((q for q in top if PART_CUE.search(text[c0:q.start])), None)
                weight = _weight(text, c0, cq, score)
                name = _name(text[c0:c1])
                if score is None:
                    if weight is None and top and top[-1] is cq[-1] and not text[top[-1].end:c1].strip() \
                            and not re.search(r"[扣减加]\s*$", text[c0:top[-1].start]):
                        weight = top[-1]  # "立项依据充分性3分，得3分": the clause names the part and its weight
                    if weight is not None and name:
                        pending = (name, weight)  # a clause of other words keeps the part open until its 得
                    continue
                if weight is None and pending is not None and not name:
                    name, weight = pending
                pending = None
                if weight is not None and name:
                    out.append(ScoredItem(name, weight, score, b.index))
    return out


@dataclass(frozen=True, slots=True)
class ScoredDimension:
    """A heading that gives a part's weight (and points) — "（三）产出（40分，得37分）" — with the
    parts scored under it, up to the next heading of its level."""

    name: str
    weight: Quantity
    score: Quantity | None
    items: tuple[ScoredItem, ...]
    block: int


_DIMENSION = re.compile(r"\s*(?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[.、．])?\s*"
                        r"(?P<name>[\u4e00-\u9fff]{2,12}?)(?:指标)?\s*[（(]\s*(?:权重|分值|满分)?\s*(?P<w>\d+(?:\.\d+)?\s*分)"
                        r"(?:\s*[，,；;]\s*(?:实际)?得(?:分)?\s*(?P<s>\d+(?:\.\d+)?\s*分))?\s*[）)]")


# "产出指标合计得分48分。" / "该部分得34.57分。": a line after a part's scored items that gives its points
_CLOSING = r"\s*(?:{name}(?:指标)?|该部分|本部分|以上各项|小计)\s*(?:合计|小计|共计|共|累计)?\s*(?:得分|得)\s*(?:为)?\s*(?P<s>\d+(?:\.\d+)?\s*分)\s*[。；;]?\s*$"


def _closing_points(doc: Document, by_start: dict[int, Quantity], name: str, last_item: int, end: int) -> Quantity | None:
    """The points a line right after a part's last scored item gives the whole part, before the
    part's end: "（二）产出指标（50分）：1.……得20分；……4.……得6分。产出指标合计得分48分。"."""
    pat = re.compile(_CLOSING.format(name=re.escape(name)))
    for b in doc.blocks[last_item:min(end - 1, last_item + 2)]:
        m = pat.match(doc.text, b.start, b.end)
        if m is not None:
            return by_start.get(m.start("s"))
    return None


def find_scored_dimensions(doc: Document, qs: list[Quantity], items: list[ScoredItem]) -> list[ScoredDimension]:
    by_start = {q.start: q for q in qs if q.unit == "分"}
    out = []
    blocks = doc.blocks
    for i, b in enumerate(blocks):
        if b.level is None:
            continue
        m = _DIMENSION.match(doc.text, b.start, b.end)
        if m is None:
            continue
        w = by_start.get(m.start("w"))
        sc = by_start.get(m.start("s")) if m.group("s") else None
        if w is None:
            continue
        end = next((x.index for x in blocks[i + 1:] if x.level is not None and x.level <= b.level), len(blocks) + 1)
        mine = tuple(it for it in items if b.index < it.block < end)
        if sc is None and mine:
            sc = _closing_points(doc, by_start, m.group("name"), max(it.block for it in mine), end)
        if len(mine) >= 2:
            out.append(ScoredDimension(m.group("name"), w, sc, mine, b.index))
    return out
