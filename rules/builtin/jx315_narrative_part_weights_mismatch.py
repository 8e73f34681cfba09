"""JX315 narrative-part-weights-mismatch."""
from __future__ import annotations

from decimal import Decimal

from rules.common import num
from rules.registry import rule
from rules.selfeval_common import EPS
from rules.tolerance import score_sum_slack


@rule("JX315", "narrative-part-weights-mismatch", "sum-mismatch", "error")
def check(ctx):
    """正文中一级指标标题写的分值（得分），与其下逐项写出的分值（得分）之和不符。

    检查什么：标题写明一部分的分值和得分（"（三）产出（40分，得37分）"），其下各段逐项写出
    分值与得分（"产出数量（12分）：……得11分"；"立项依据充分性3分，得3分"），直到下一个同级标题：
    各项分值之和超过标题的分值，即为错误；各项分值之和恰等于标题分值（列全了）时，各项得分之和
    还须与标题的得分相容（容差同 JX311）。标题只写分值、得分写在各项之后一行的（"产出指标合计得分48分"、
    "该部分得34.57分"），以那一行为这一部分的得分。各项分值之和小于标题分值时，可能只列了一部分，不检查。

    为什么：一级指标的分值是其下二、三级指标分值之和，得分亦然（domain-rules a1，SCORE-SUM）。

    错误示例：（三）产出（40分，得37分）；产出数量（12分）得11分，产出质量（10分）得9分，
    产出时效（10分）得8分，产出成本（10分）得9分（分值合计 42）。
    正确示例：……产出数量（10分）得9分……（分值合计 40）。

    选项：无。
    """
    for d in ctx.facts.scored_dimensions:
        weights = sum((it.weight.value for it in d.items), Decimal(0))
        shown = " + ".join(it.weight.text.rstrip("分") for it in d.items)
        if weights > d.weight.value + EPS:
            yield ctx.finding(
                f"「{d.name}」标题写 {d.weight.text}，其下各项分值之和为 {shown} = {num(weights)}分",
                [d.weight, *(it.weight for it in d.items[:12])], expected=d.weight.text, stated=f"{num(weights)}分",
                data={"sum": str(weights)})
            continue
        if weights != d.weight.value or d.score is None:
            continue
        scores = sum((it.score.value for it in d.items), Decimal(0))
        tol = score_sum_slack([it.score for it in d.items], d.score)
        if abs(scores - d.score.value) > tol + EPS:
            yield ctx.finding(
                f"「{d.name}」得分写为 {d.score.text}，其下各项得分之和为 "
                f"{' + '.join(it.score.text.rstrip('分') for it in d.items)} = {num(scores)}分（容差 ±{num(tol)}）",
                [d.score, *(it.score for it in d.items[:12])], expected=f"{num(scores)}分", stated=d.score.text,
                data={"sum": str(scores), "tolerance": str(tol)})
