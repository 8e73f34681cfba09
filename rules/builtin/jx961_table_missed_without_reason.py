"""JX961 table-missed-without-reason."""
from __future__ import annotations

import re
from decimal import Decimal

from extractor.selfeval import blank_reason
from rules.common import num
from rules.registry import rule
from rules.selfeval_common import completion, missed, tables
from rules.tolerance import bounds, quotient

EXECUTION_ROW = re.compile(r"(?:预算|资金)?执行率$")
QUAL_MET = re.compile(r"达成|完成|实现|达到")
QUAL_PART = re.compile(r"部分|未|基本|尚")


@rule("JX961", "table-missed-without-reason", "missing-content", "warning", execution_reason_below=Decimal(90))
def check(ctx):
    """自评表中未完成（或未得满分）的指标，偏差原因栏为空或只写「无」「暂无」。

    检查什么：指标未达到年度指标值，或得分低于分值，而「偏差原因分析及改进措施」栏空白、
    「—」、「无」或「暂无」。资金栏有原因栏时，执行率低于 execution_reason_below（默认 90%）
    而原因栏为空也报告（四川要求）。表中没有原因栏时不检查。只有分值和得分的评分表
    （评分项目 | 分值 | 得分 | 扣分说明），扣了分而扣分说明为空时同样报告。

    为什么：未完成的指标须在偏差原因栏写明原因和改进措施（财政部自评表填表说明；
    domain-rules a7、c，REASON-MISSING）。

    错误示例：包装推出产业招商项目 | ≥100个 | 93个 | 10 | 9.3 | （空白）
    正确示例：包装推出产业招商项目 | ≥100个 | 93个 | 10 | 9.3 | 2个项目因企业投资计划调整未能推出，明年优先储备

    选项：execution_reason_below（执行率低于此百分比时须写原因，默认 90）。
    """
    limit = Decimal(str(ctx.opt("execution_reason_below")))
    for se in tables(ctx):
        if "reason" in se.indicator_header:
            for row in se.indicators:
                if not missed(row) or not blank_reason(row.reason):
                    continue
                if row.target is not None and row.target.present and (row.actual is None or not row.actual.present):
                    continue  # the result itself is blank: JX962's finding
                c = completion(row)
                if EXECUTION_ROW.search(row.name or row.label) and c is not None and c[1] * 100 >= limit:
                    continue  # the 执行率 item among the indicators: a reason is due below the limit, as in the funds row
                how = (f"完成 {num(c[1] * 100, 2)}%" if c is not None
                       else f"实际为「{row.actual.text}」" if row.direction == "qual" and row.actual is not None
                       else "未得满分")
                ev = [x.q if x.q is not None else x.span for x in (row.actual, row.score) if x is not None and x.present]
                # a qualitative row "达成年度指标" scored below its weight was met, not missed
                met = c is not None and c[1] >= 1 or (
                    c is None and row.direction == "qual" and row.actual is not None
                    and bool(QUAL_MET.search(row.actual.text)) and not QUAL_PART.search(row.actual.text))
                blank = '为空' if not row.reason.text.strip() else '只写「' + row.reason.text + '」'
                if not (row.target and row.target.present) and not (row.actual and row.actual.present):
                    # a score sheet's row (评分项目 | 分值 | 得分 | 扣分说明): points lost, no why
                    yield ctx.finding(
                        f"「{row.label}」扣分（分值 {row.weight.text if row.weight else '—'}，得分 "
                        f"{row.score.text if row.score else '—'}），扣分原因栏{blank}",
                        ev or [(row.name_cell.start, row.name_cell.end)],
                        expected="扣分原因", stated=row.reason.text or "（空白）")
                    continue
                yield ctx.finding(
                    f"指标「{row.label}」{'已完成却未得满分' if met else '未完成'}（目标 {row.target.text if row.target else '—'}，实际 "
                    f"{row.actual.text if row.actual else '—'}，{how}，得分 {row.score.text if row.score else '—'}），"
                    f"偏差原因栏{blank}",
                    ev or [(row.name_cell.start, row.name_cell.end)],
                    expected="偏差原因分析及改进措施", stated=row.reason.text or "（空白）")
        ft = se.funds_total()
        if ft is None or "reason" not in se.funds_header or not blank_reason(ft.get("reason")):
            continue
        ex, d = ft.get("executed"), ft.get("annual") or ft.get("initial")
        if ex is None or d is None or ex.q is None or d.q is None:
            continue
        r = quotient(bounds(ex.q), bounds(d.q))
        if r is not None and r[1] < limit:
            yield ctx.finding(
                f"执行率 {ex.text} ÷ {d.text} = {num((r[0] + r[1]) / 2, 2)}%，低于 {num(limit)}%，原因栏却为空",
                [ex.q, d.q], expected="执行率偏低的原因", stated=ft.get("reason").text or "（空白）")
