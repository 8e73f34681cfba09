"""JX203 portion-over-whole."""
from __future__ import annotations

import re

from extractor.facts.shares import NOT_SHARES
from rules.common import pct
from rules.registry import rule

# a rate that is a share of its whole: 合格率, 覆盖率, 达标率 … (not 完成率, 增长率, 执行率: facts.shares' NOT_SHARES)
SHARE_RATE = re.compile(r"([\u4e00-\u9fff]{2})率$")


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

    自评表中以"X率"命名、本身是部分占全体之比的指标（合格率、覆盖率、达标率，不含完成率、执行率、
    增长率、使用率等），实际完成值超过 100% 同样报告（"项目验收合格率 | ≥95% | 103.2%"）。
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
    for r in ctx.facts.indicator_rows:
        a = r.actual
        if a is None or a.q is None or a.q.unit != "%" or a.q.low_bound <= 100:
            continue
        m = SHARE_RATE.search(re.sub(r"[（(][^（）()]*[）)]$", "", (r.name or "").strip()))
        if m is None or NOT_SHARES.search(m.group(1)):
            continue
        yield ctx.finding(
            f"指标「{r.label}」实际完成值为 {a.q.text}：{m.group(1)}率是部分占全体之比，不能超过 100%",
            [a.q], stated=a.q.text, expected="≤ 100%")
