"""JX951 missed-without-reason."""
from __future__ import annotations

from extractor.indicators import target_total
from rules.registry import rule


@rule("JX951", "missed-without-reason", "missing-content", "warning")
def check(ctx):
    """未完成的指标没有说明偏差原因。

    检查什么：完成率低于 100%（或实际值低于目标值）的数量指标，在其所在段落之后的文字中、
    "偏差原因 / 存在问题"部分、该指标自评表行的偏差原因栏，以及同一结果在别处的表述旁，
    都没有提到原因（原因、由于、受……影响、导致 等）。

    为什么：财政部自评表要求：未完成目标的指标，必须在"偏差原因分析及改进措施"中写明原因和措施
    （domain-rules a7）。

    错误示例：包装推出产业招商项目93个，完成率93%。（全文没有说明原因）
    正确示例：包装推出产业招商项目93个，完成率93%，主要原因是受疫情影响两个项目推迟包装。
    """
    for sf in ctx.facts.shortfalls:
        if sf.explained:
            continue
        s, rate, t = sf.result, sf.rate, sf.target
        ev = [s.q] + ([rate] if rate is not None else [])
        if rate is not None:
            what = f"完成率 {rate.text}"
        elif t is not None:
            what = f"目标 {t.q.text}（合计 {target_total(t)}）" if t.total is not None else f"目标 {t.q.text}"
        else:
            what = "目标 未达到"
        yield ctx.finding(f"指标「{s.subject}」未完成（{s.q.text}，{what}），报告未说明偏差原因", ev)
