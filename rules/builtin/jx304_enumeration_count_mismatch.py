"""JX304 enumeration-count-mismatch."""
from __future__ import annotations

from rules.registry import rule


@rule("JX304", "enumeration-count-mismatch", "sum-mismatch", "error")
def check(ctx):
    """写出的数量与随后逐一列出的名称个数不符。

    检查什么："直属事业单位10个，分别为A、B、……"、"共3个，即A、B和C"：数量之后
    用"分别为/分别是/即/包括/具体为"逐一列出名称时，名称个数须等于该数量。列表中带有
    数字或"等"字时不检查（不是完整列举）。数量之后紧跟括号列出名称
    （"新建检查站3处（石峰区、芦淞区、荷塘区、天元区）"）时，括号可能只写所在地，
    故只在名称多于数量时报告。

    为什么：数量与列举是同一事实的两种写法（domain-rules c，COUNT-SUM）。

    错误示例：直属事业单位10个，分别为县国库集中支付中心、县财政信息中心……（共列 9 个）。
    正确示例：纳入部门预算编制范围的单位共3个，分别是机关本级、事务中心和国库集中支付中心。
    """
    for e in ctx.facts.enumerations:
        n = int(e.count.value)
        if len(e.items) == n or not e.complete and len(e.items) < n:
            continue
        yield ctx.finding(
            f"写明 {e.count.text}，但随后{e.marker}列出的只有 {len(e.items)} 个：{'、'.join(e.items)}"
            if len(e.items) < n else
            f"写明 {e.count.text}，但随后{e.marker}列出了 {len(e.items)} 个：{'、'.join(e.items)}",
            [e.count, (e.start, e.end)], stated=e.count.text, expected=f"{len(e.items)}{e.count.unit}",
            data={"listed": len(e.items)})
