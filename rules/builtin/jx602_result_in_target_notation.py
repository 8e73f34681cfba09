"""JX602 result-in-target-notation."""
from __future__ import annotations

import re

from rules.registry import rule

TARGET_NOTATION = re.compile(r"^(?:≥|≤|>=|<=|>|<|不低于|不少于|不高于|不超过|至少)")


@rule("JX602", "result-in-target-notation", "indicator-mismatch", "warning")
def check(ctx):
    """实际完成值照抄了目标的写法（"满意度≥90%"），没有给出实测值。

    检查什么：完成情况部分的指标值带有目标符号或目标措辞（≥、≤、不低于、不超过……），
    例如"沿线群众满意度≥90%"。"1000家以上"这类约数不在此列。

    为什么：实际完成值必须是实测或统计得到的具体数值，才能计算完成率和得分；
    把目标值抄作完成值，等于没有评价（domain-rules c，IND-UNIT：满意度实际值写作"≥90%"）。

    错误示例：通过问卷调查，沿线群众满意度≥90%。
    正确示例：通过问卷调查（有效问卷312份），沿线群众满意度为93.6%。
    """
    for s in ctx.ext.statements:
        if s.role != "result":
            continue
        if TARGET_NOTATION.match(s.q.text):
            yield ctx.finding(f"「{s.subject}」的实际值写为 {s.q.text}，是目标的写法，不是实测值", [s.q])
