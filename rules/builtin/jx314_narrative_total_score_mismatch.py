"""JX314 narrative-total-score-mismatch."""
from __future__ import annotations

from decimal import Decimal

from rules.common import num
from rules.registry import rule
from rules.selfeval_common import EPS
from rules.tolerance import score_sum_slack

HUNDRED = Decimal(100)
# the parts are the whole evaluation when they are its first-level dimensions or "the rest"
DIMENSIONS = (("决策", "过程", "产出", "效益"), ("投入", "过程", "产出", "效益"), ("执行率", "产出", "效益", "满意度"))
REST = ("其余", "其他", "其它", "剩余")


def _complete(b) -> bool:
    if b.weights and sum((w.value for w in b.weights), Decimal(0)) == HUNDRED:
        return True
    if any(n.startswith(REST) for n in b.names):
        return True
    joined = "".join(b.names)
    return any(all(d in joined for d in dims) for dims in DIMENSIONS)


@rule("JX314", "narrative-total-score-mismatch", "sum-mismatch", "error")
def check(ctx):
    """正文逐项列出的得分之和不等于正文写的总分。

    检查什么：报告正文在一句话里写出各部分得分和总分（"决策指标得18分（权重20分），过程指标
    得19分……，自评总分93分"；"预算执行率得9.8分，其余指标均达到目标，得90分，自评总分99.8分"），
    各部分得分按所印数值相加与总分不能相容时报告（容差同 JX311：整数得分是整分，带小数的得分
    容差为半个末位单位，总分另加它自己的半个末位单位）。各部分之和小于总分时，只在列出的
    部分是评价的全部（各部分权重合计100分，或列出了"其余指标"，或列全了决策、过程、产出、
    效益等一级指标）时报告，以免把只列了一部分的句子当作错误。句中有"其中""各得""均得"
    （一个数代表几项）的不检查。

    为什么：总分是各部分得分之和（domain-rules a1、c，SCORE-SUM）。

    错误示例：决策指标得18分，过程指标得19分，产出指标得36分，效益指标得18分，自评总分93分（合计91）
    正确示例：决策指标（20分）得18分，过程指标（20分）得14分，产出指标（30分）得28分，效益指标（30分）得25分，自评总得分85分

    选项：无。
    """
    for b in ctx.facts.score_breakdowns:
        s = sum((p.value for p in b.parts), Decimal(0))
        tol = score_sum_slack(b.parts, b.total)
        diff = b.total.value - s
        if abs(diff) <= tol + EPS or diff > 0 and not _complete(b):
            continue
        shown = " + ".join(p.text for p in b.parts)
        yield ctx.finding(
            f"总分写为 {b.total.text}，但正文所列各项得分之和为 {shown} = {num(s)}分（容差 ±{num(tol)}）",
            [b.total, *b.parts[:12]], expected=num(s), stated=b.total.text,
            data={"sum": str(s), "tolerance": str(tol), "parts": list(b.names)})
