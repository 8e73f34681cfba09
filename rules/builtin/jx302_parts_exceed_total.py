"""JX302 parts-exceed-total."""
from __future__ import annotations

from decimal import Decimal

from rules.common import num
from rules.registry import rule
from rules.tolerance import interval, sibling_ulp


@rule("JX302", "parts-exceed-total", "sum-mismatch", "error")
def check(ctx):
    """"共 N……其中 A、B、C"的分项之和超过合计数。

    检查什么：先给出合计（金额或数量），随后以"其中"列出同单位的分项；分项之和（按各自精度的
    容差）超过合计即报告。分项之和小于合计不报，因为"其中"常常只列部分（列出的是完整划分时由
    JX303 检查）。数量（个、项……）报警告（项目可能中途取消），金额报错误。

    为什么：合计与分项是报告里最基本的勾稽关系（domain-rules c，NARR-SUM、COUNT-SUM；
    红河：共15个项目 = 年初8个 + 年中追加8个 = 16）。

    错误示例：共实施信息化项目15个，其中年初安排8个、年中追加8个。
    正确示例：共实施信息化项目16个，其中年初安排8个、年中追加8个。
    """
    for t in ctx.facts.totals:
        if t.exhaustive or t.alternatives:
            continue
        ulp = sibling_ulp([t.total, *t.parts])
        lo = sum((interval(p, ulp)[0] for p in t.parts), Decimal(0))
        # domain-rules c: a sum's tolerance is ½ unit of each addend; the total is compared as printed
        if lo <= t.total.value:
            continue
        s = sum((p.value for p in t.parts), Decimal(0))
        yield ctx.finding(
            f"合计 {t.total.text}，但其中各项 {' + '.join(p.text for p in t.parts)} = "
            f"{num(s)}{t.total.unit if t.total.kind == 'count' else '万元'}",
            [t.total, *t.parts], stated=t.total.text, expected=num(s),
            severity="warning" if t.total.kind == "count" else None)
