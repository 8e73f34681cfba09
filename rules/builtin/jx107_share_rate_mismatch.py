"""JX107 share-rate-mismatch."""
from __future__ import annotations

from rules.common import pct
from rules.registry import rule
from rules.tolerance import OK, ROUNDING, bounds, compare_stated, quotient


@rule("JX107", "share-rate-mismatch", "ratio-mismatch", "error")
def check(ctx):
    """合格率、办结率、兑付率等与同一句中的两个数量不符；"占…的X%"与部分、全体两个数量不符。

    检查什么：一句话里写出总数、其中一部分的数量和这一部分所占的比率（"受理投诉120件，办结118件，
    办结率98.33%"：118 ÷ 120），比率应为 部分 ÷ 总数；部分写的是反面（"抽检6,420批次，检出不合格
    118批次，合格率98.6%"）时为 (总数 − 部分) ÷ 总数。比率之前的"X率"的 X（合格、办结、兑付）须
    出现在部分所在的分句中，总数是同一量词的前一个数量；按各数的印刷精度不能相容时报告。
    "占"的比例（"激活医保电子凭证40.18万人，占全县参保人数的80.36%"）同样检查：部分是"占"之前的
    数量，全体是"占"与"的"之间写出的数量，或此前名称相符的同一量词的数量（检查机构 → "全年现场
    检查定点医药机构312家"），"占实际支出/全年预算/到位资金的"为本项目（或该子项目）的金额，
    "其中…占全部场次的"为"其中"之前的总数；找不到唯一的全体时不检查（facts/portions）。
    完成率（结果 ÷ 目标，JX102）、执行率和到位率（JX101）不在此查。

    为什么：比率是由这两个数算出的，写错会夸大质量或办理效率（domain-rules c，RATIO）。

    错误示例：全年完成定量抽检6,420批次，检出不合格样品118批次，抽检合格率98.6%（应为 98.16%）。
    正确示例：全年完成定量抽检6,420批次，检出不合格样品118批次，抽检合格率98.16%。
    """
    for s in ctx.facts.shares:
        part = bounds(s.part)
        whole = bounds(s.whole)
        num_iv = (whole[0] - part[1], whole[1] - part[0]) if s.complement else part
        iv = quotient(num_iv, whole)
        if iv is None:
            continue
        verdict = compare_stated(s.rate, iv)
        if verdict == OK:
            continue
        n = s.whole.value - s.part.value if s.complement else s.part.value
        computed = n / s.whole.value * 100
        formula = (f"({s.whole.text} − {s.part.text}) ÷ {s.whole.text}" if s.complement
                   else f"{s.part.text} ÷ {s.whole.text}")
        yield ctx.finding(
            f"{s.name if s.stem == '占' else s.name + '率'}写为 {s.rate.text}，但 {formula} = {pct(computed)}",
            [s.whole, s.part, s.rate], expected=pct(computed), stated=s.rate.text,
            severity="warning" if verdict == ROUNDING else None)
