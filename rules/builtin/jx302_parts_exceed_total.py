"""JX302 parts-exceed-total."""
from __future__ import annotations

import bisect
import re

from extractor.indicators import compatible
from rules.common import num
from rules.registry import rule
from rules.tolerance import bounds

SENT = re.compile(r"[^。；;！？\n]+")
QIZHONG = re.compile(r"其中[：:，,]?")


@rule("JX302", "parts-exceed-total", "sum-mismatch", "error")
def check(ctx):
    """"共 N……其中 A、B、C"的分项之和超过合计数。

    检查什么：同一句中先给出合计（金额或数量），随后以"其中"列出同单位的分项；
    分项之和（按各自精度的容差）超过合计即报告。分项之和小于合计不报，因为"其中"常常只列部分。
    数量（个、项……）报警告（项目可能中途取消），金额报错误。

    为什么：合计与分项是报告里最基本的勾稽关系（domain-rules c，NARR-SUM、COUNT-SUM；
    红河：共15个项目 = 年初8个 + 年中追加8个 = 16）。

    错误示例：共实施信息化项目15个，其中年初安排8个、年中追加8个。
    正确示例：共实施信息化项目16个，其中年初安排8个、年中追加8个。
    """
    text = ctx.doc.text
    qs = sorted(ctx.ext.quantities, key=lambda q: q.start)
    starts = [q.start for q in qs]
    for b in ctx.doc.blocks:
        if b.kind == "table_row":
            continue
        for sm in SENT.finditer(text, b.start, b.end):
            m = QIZHONG.search(sm.group(0))
            if not m:
                continue
            split = sm.start() + m.end()
            lo_i, hi_i = bisect.bisect_left(starts, sm.start()), bisect.bisect_left(starts, sm.end())
            inside = [q for q in qs[lo_i:hi_i] if q.kind in ("money", "count") and q.qualifier is None]
            # the total: the last figure before 其中 that is not a change ("比上年减少1.12万元")
            before = [q for q in inside if q.end <= split and not DELTA.search(text[max(sm.start(), q.start - 4):q.start])]
            if not before:
                continue
            total = before[-1]
            parts = [q for q in _top_level_parts(text, split, sm.end(), inside)
                     if compatible(q.unit, total.unit) and q.kind == total.kind]
            if len(parts) < 2:
                continue
            ulp = _sibling_ulp([total, *parts])
            lo = sum(_lo(p, ulp) for p in parts)
            # domain-rules c: a sum's tolerance is ½ unit of each addend; the total
            # is compared as printed
            if lo <= total.value:
                continue
            s = sum(p.value for p in parts)
            yield ctx.finding(
                f"合计 {total.text}，但其中各项 {' + '.join(p.text for p in parts)} = {num(s)}{total.unit if total.kind == 'count' else '万元'}",
                [total, *parts], stated=total.text, expected=num(s),
                severity="warning" if total.kind == "count" else None)


DELTA = re.compile(r"减少|增加|增长|下降|节约|超出|少|多")
NESTED = re.compile(r"包括|含|主要用于|主要是")


def _top_level_parts(text, start, end, inside):
    """Parts listed after 其中, without the breakdown of a part ("基本支出512.29万元，包括人员经费…")."""
    out = []
    for seg in re.finditer(r"[^；;]+", text[start:end]):
        s0 = start + seg.start()
        s1 = start + seg.end()
        n = NESTED.search(text, s0, s1)
        if n:
            s1 = n.start()
        out.extend(q for q in inside if s0 <= q.start and q.end <= s1)
    return out


def _sibling_ulp(qs):
    """An integer printed beside siblings with decimals takes their precision
    (domain-rules c: "30万元 … 29.99万元")."""
    finer = [q.ulp for q in qs if q.ulp < 1]
    return min(finer) if finer else None


def _lo(q, ulp):
    u = ulp if (ulp is not None and q.ulp == 1 and q.kind == "money") else None
    return q.value - u / 2 if u is not None else bounds(q)[0]

