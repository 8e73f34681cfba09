"""JX603 result-without-figure."""
from __future__ import annotations

from rules.registry import rule


@rule("JX603", "result-without-figure", "indicator-mismatch", "warning")
def check(ctx):
    """正文的完成情况只写"已完成"，而该指标的目标是一个数字。

    检查什么：完成情况部分中以指标名开头、只写"已完成""达标""已实现"等字的一行
    （"（二）培训合格取证率：已完成。"），而绩效目标给该指标定了数字（"培训合格取证率不低于80%"）：
    看不出实际完成了多少，完成率与得分无从核对。

    为什么：实际完成值须与指标值同口径（domain-rules c，IND-UNIT）。

    错误示例：目标：培训合格取证率不低于80%……（二）培训合格取证率：已完成。
    正确示例：（二）培训合格取证率：86.3%，完成年度目标。
    """
    for r in ctx.facts.text_results:
        yield ctx.finding(
            f"指标「{r.topic}」目标为 {r.target.q.text}，完成情况只写「{ctx.doc.text[r.span[0]:r.span[1]]}」：看不出完成了多少",
            [r.target.q, r.span], expected=f"与 {r.target.q.text} 同口径的数值", stated=ctx.doc.text[r.span[0]:r.span[1]])
