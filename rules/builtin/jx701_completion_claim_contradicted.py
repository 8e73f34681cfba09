"""JX701 completion-claim-contradicted."""
from __future__ import annotations

import re
from decimal import Decimal

from extractor.indicators import tokens
from rules.common import missed_indicators
from rules.registry import rule
from rules.tolerance import bounds

# Only claims about the whole project: "X和Y均达到预期" speaks of two indicators, not all.
CLAIM = re.compile(
    r"圆满完成|全面完成|保质保量(?:地)?完成|完成(?:情况)?良好|全部(?:圆满)?完成|全部达标|超额完成(?:了)?全部|"
    r"(?:各项|所有|全部)(?:绩效)?(?:指标|目标|任务|工作)[^，。；]{0,8}(?:完成|达到|达标|实现|推进)"
)
ALL_OF = re.compile(r"(?:各项|所有|全部)(?:绩效)?(?:指标|目标|任务|工作)")
NEGATED = re.compile(r"未|没有|尚未|不能|难以")
MONEY_AFTER = re.compile(r"[\u4e00-\u9fff]{0,2}(?:支出|拨付|支付|兑付|资金)")
REST = re.compile(r"其余|其他")
EXCEPT = re.compile(r"除(?:了)?([^，。；]{2,40}?)(?:以)?外")


@rule("JX701", "completion-claim-contradicted", "claim-contradiction", "warning", low_execution=Decimal("60"))
def check(ctx):
    """"圆满完成 / 全面完成 / 各项指标均完成"与报告自己的数字矛盾。

    检查什么：报告中完成目标的总括性表述，而同一报告中有未完成的指标
    （完成率低于 100%，或实际值低于目标值），或预算执行率低于 low_execution（默认 60%）。

    为什么：财政部要求自评"结果客观"；以总括表述掩盖未完成的指标或大量未支出的资金，
    会误导评价结论（domain-rules c，CLAIM；例如执行率 33.33% 却写"完成良好"）。

    错误示例：包装推出产业招商项目93个，完成率93%……各项指标均已完成。
    正确示例：除包装推出产业招商项目（完成率93%）外，其余指标均已完成。

    选项：low_execution（执行率低于该值视为资金执行不足，默认 60）。
    """
    low = Decimal(str(ctx.opt("low_execution")))
    shortfalls = missed_indicators(ctx.ext)
    for f in ctx.figures("rate.execution", narrative=True):
        if f.q.qualifier is None and bounds(f.q)[1] < low:
            shortfalls.append(f.q)
    if not shortfalls:
        return
    shortfalls.sort(key=lambda q: q.start)
    text = ctx.doc.text
    for b in ctx.doc.blocks:
        if b.kind == "table_row":
            continue
        for m in CLAIM.finditer(text, b.start, b.end):
            if NEGATED.search(text[max(b.start, m.start() - 3):m.start()]):
                continue
            if MONEY_AFTER.match(text, m.end()):
                continue  # "年内全部完成支出": a claim about the money, weighed by the rate rules
            if not ALL_OF.match(m.group(0)) and re.search(r"\d", text[ctx.doc.sentence_span(m.start(), m.end())[0]:m.start()]):
                continue  # "维修养护水库51座，全部完成": the claim is about the figure before it, not the project
            # "除小型水库安全鉴定外，其余各项绩效指标均已完成": the claim names its exceptions
            s0, s1 = ctx.doc.sentence_span(m.start(), m.end())
            exc = EXCEPT.search(text, s0, m.start())
            rest = REST.search(text, max(s0, m.start() - 4), m.start() + 2)
            left = shortfalls
            if exc is not None or rest is not None:
                # "除X外，其余…", or "X…按完成率得13.95分；其余指标全部完成": the exceptions are named before
                # (for 其余: the whole sentence up to its full stop names them, across ；)
                lo = max(text.rfind(c, b.start, m.start()) for c in "。\n") + 1
                named_part = exc.group(1) if exc is not None else text[max(lo, b.start):m.start()]
                words = {w for w in tokens(named_part) if len(w) >= 2}
                left = [q for q in shortfalls if not words & set(tokens(_about(ctx, q)))]
            if not left:
                continue
            shown = ", ".join(q.text for q in left[:3])
            yield ctx.finding(
                f"「{m.group(0)}」，但报告中有未完成的数字：{shown}",
                [(m.start(), m.end()), *left[:3]])


def _about(ctx, q) -> str:
    """What a shortfall is about: its sentence, the short title that opens its paragraph
    ("4.小型水库安全鉴定。年度计划完成22座，实际完成20座") and the section titles above it."""
    b = ctx.doc.block_at(q.start)
    if b is None:
        return ""
    text = ctx.doc.text
    s0, s1 = ctx.doc.sentence_span(q.start, q.end)
    first = text[b.start:b.end].split("。", 1)[0]
    title = first if len(first) <= 20 else ""
    return text[s0:s1] + title + "".join(b.section)
