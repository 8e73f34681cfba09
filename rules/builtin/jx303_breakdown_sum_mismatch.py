"""JX303 breakdown-sum-mismatch."""
from __future__ import annotations

from decimal import Decimal

from rules.common import num
from rules.registry import rule
from rules.tolerance import interval, parts_interval, sibling_ulp


@rule("JX303", "breakdown-sum-mismatch", "sum-mismatch", "error")
def check(ctx):
    """一笔金额的完整分解（分别用于…、具体安排为…、A、B，合计C、按支出性质分…）之和不等于该金额。

    检查什么：报告写出一个合计，再列出它的全部组成（"分别用于""具体安排为""具体为"，
    先列分项再写"合计"，"其中"列出的是公认的完整划分——基本支出与项目支出、人员经费与
    公用经费、"三公"经费的三项——以及部门整体自评表的按收入性质分、按支出性质分），
    各分项之和（按各自精度的容差）与合计不能相容时报告。只列出一部分的"其中"不在此检查
    （分项超过合计由 JX302 报告）。

    为什么：合计与分项是最基本的勾稽关系（domain-rules c，NARR-SUM、FUND-ROWS）。

    错误示例：安排资金9378万元，分别用于：A项目3005万元；B项目1235万元；……（合计 7765）。
    正确示例：下达资金791万元，分别用于中小河流治理工程491万元和小流域综合治理300万元。
    """
    for t in ctx.facts.totals:
        if not t.exhaustive:
            continue
        qs = [t.total, *t.parts, *t.alternatives]
        ulp = sibling_ulp(qs)
        lo, hi = parts_interval(t.parts, ulp)
        if any(interval(x, ulp)[0] <= hi and lo <= interval(x, ulp)[1] for x in (t.total, *t.alternatives)):
            continue
        s = sum((p.value for p in t.parts), Decimal(0))
        label = f"{t.label}" if t.label else ""
        if len(t.parts) == 1:
            msg = f"{label} {t.total.text}，但{t.names[0] if t.names else '分项'}合计为 {t.parts[0].text}"
        else:
            msg = (f"{label}合计 {t.total.text}，但{t.marker}各项 {' + '.join(p.text for p in t.parts)} = "
                   f"{num(s)}{'万元' if t.total.kind == 'money' else t.total.unit}")
        yield ctx.finding(msg.strip(), [t.total, *t.parts, *t.alternatives[:1]], stated=t.total.text,
                          expected=num(s), data={"marker": t.marker, "difference": str(t.total.value - s)})
