"""JX203 portion-over-whole."""
from __future__ import annotations

from rules.common import pct
from rules.registry import rule


@rule("JX203", "portion-over-whole", "over-limit", "error")
def check(ctx):
    """一部分人或物"占"其全体的比例超过 100%：部分多于全体。

    检查什么：正文写"X N人，占（全体名称）M人的 R%"或"…占（全体名称）的 R%"，全体是此前写出的同一
    量词的数量（facts.shares 的"占"读法），而 N 大于 M、R 超过 100%。全体的一部分不能多于全体；
    占目标、计划、任务或上年的比例（完成程度、增长）不是部分与全体，不在此查；金额（支出超过
    预算）由 JX201 检查。

    为什么：比例本身算得对，数字却不可能：部分或全体至少有一个写错，或把累计数当成了当年数
    （domain-rules c，OVER-LIMIT）。

    错误示例：全县累计激活医保电子凭证52.18万人，占全县参保人数50.00万人的104.36%。
    正确示例：全县累计激活医保电子凭证42.18万人，占全县参保人数50.00万人的84.36%。
    """
    for s in ctx.facts.shares:
        if s.stem != "占" or s.complement or s.part.kind != "count" or s.part.unit != s.whole.unit:
            continue
        if s.rate.value <= 100 or s.part.low_bound <= s.whole.high_bound:
            continue
        yield ctx.finding(
            f"{s.name}为 {s.rate.text}：部分 {s.part.text} 多于全体 {s.whole.text}",
            [s.part, s.whole, s.rate], stated=s.rate.text, expected="≤ 100%",
            data={"computed": pct(s.part.value / s.whole.value * 100)})
