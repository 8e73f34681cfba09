"""JX701 completion-claim-contradicted."""
from __future__ import annotations

from decimal import Decimal

from extractor.facts import MAIN_CONTEXT
from rules.common import cue_name, missed_indicators
from rules.registry import rule
from rules.selfeval_common import missed
from rules.tolerance import bounds


@rule("JX701", "completion-claim-contradicted", "claim-contradiction", "warning", low_execution=Decimal("60"))
def check(ctx):
    """"圆满完成 / 全面完成 / 各项指标均完成"与报告自己的数字矛盾。

    检查什么：报告中完成目标的总括性表述，而同一报告中有未完成的指标
    （完成率低于 100%，或实际值低于目标值），或预算执行率低于 low_execution（默认 60%）。
    只看关于整个项目的表述："维修养护水库51座，全部完成"说的是前面的数字；
    "除X外，其余各项指标均已完成"把 X 的缺口除外。

    为什么：财政部要求自评"结果客观"；以总括表述掩盖未完成的指标或大量未支出的资金，
    会误导评价结论（domain-rules c，CLAIM；例如执行率 33.33% 却写"完成良好"）。

    错误示例：包装推出产业招商项目93个，完成率93%……各项指标均已完成。
    正确示例：除包装推出产业招商项目（完成率93%）外，其余指标均已完成。

    一项指标的结果之后紧接"该指标已完成/已达标"，而该结果未达到它的目标（正文的目标，或自评表中
    同一指标行的年度指标值）时也报告（"下降率为6.2%，该指标已完成"，目标 ≥10%）。

    "项目资金已全部支付完毕"这类说项目资金已全部支出的表述，与本项目执行率低于 100% 矛盾时
    也报告（"上年结转资金120万元已全部支出"说的是一项资金，"已全部拨付到位"说的是到位，不算）；
    "各级资金全部足额拨付到位"与本项目到位率低于 100% 矛盾时同样报告。

    选项：low_execution（执行率低于该值视为资金执行不足，默认 60）。
    """
    low = Decimal(str(ctx.opt("low_execution")))
    yield from _money_claims(ctx)
    yield from _indicator_claims(ctx)
    shortfalls = missed_indicators(ctx.ext)
    for f in ctx.figures("rate.execution", narrative=True):
        if f.q.qualifier is None and bounds(f.q)[1] < low:
            shortfalls.append(f.q)
    if not shortfalls:
        return
    shortfalls.sort(key=lambda q: q.start)
    facts = ctx.facts
    for c in facts.claims:
        if c.about != "work":
            continue
        left = shortfalls
        if c.excepts is not None:
            left = [q for q in shortfalls if not c.excepts & facts.subject(ctx.doc, q)]
        if not left:
            continue
        shown = ", ".join(dict.fromkeys(q.text for q in left[:3]))  # a figure and its table row: one text
        yield ctx.finding(f"「{c.text}」，但报告中有未完成的数字：{shown}", [(c.start, c.end), *left[:3]])


def _indicator_claims(ctx):
    """"下降率为6.2%，该指标已完成" where that result falls short of its target: the narrative's own
    (facts.shortfalls), or the 自评表 row it restates (facts.indicator_links)."""
    facts = ctx.facts
    short = {id(s.result): s for s in facts.shortfalls}
    rows = {id(r): link.row for link in facts.indicator_links if not link.weak for r in link.results}
    for c in facts.indicator_claims:
        r = c.result
        if id(r) in short:
            sf = short[id(r)]
            shown = [sf.target.q] if sf.target is not None else [sf.rate] if sf.rate is not None else []
            why = f"目标为 {sf.target.q.text}" if sf.target is not None else f"完成率 {sf.rate.text}" if sf.rate else "未达到目标"
        elif id(r) in rows and missed(row := rows[id(r)]):
            if row.target is not None and row.target.q is not None:
                shown, why = [row.target.q], f"自评表目标为 {row.target.text}"
            elif row.score is not None and row.score.q is not None and row.weight is not None:
                shown, why = [row.score.q], f"自评表该项得分 {row.score.text}（分值 {row.weight.text}）"
            else:
                continue
        else:
            continue
        yield ctx.finding(f"「{ctx.doc.text[c.start:c.end]}」，但「{cue_name(r.subject)}」实际 {r.q.text}，{why}：该指标未完成",
                          [(c.start, c.end), r.q, *shown])


def _money_claims(ctx):
    """"项目资金已全部支付完毕" beside the project's own execution rate below 100 %, "各级资金全部足额
    拨付到位" beside its arrival rate below 100 %."""
    claims = [c for c in ctx.facts.claims if c.about in ("money", "arrival")]
    if not claims:
        return
    for c in claims:
        concept, what = ("rate.execution", "资金并未全部支出") if c.about == "money" else ("rate.arrival", "资金并未全部到位")
        rates = [f for f in ctx.facts.of(concept, context=MAIN_CONTEXT)
                 if f.q.qualifier is None and f.basis is None and bounds(f.q)[1] < 100]
        if rates:
            r = rates[0]
            yield ctx.finding(f"「{c.text}」，但{r.how} {r.q.text}：{what}", [(c.start, c.end), r])
