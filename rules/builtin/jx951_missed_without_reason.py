"""JX951 missed-without-reason."""
from __future__ import annotations

import re

from extractor.indicators import missed as missed_target
from extractor.indicators import target_total, tokens
from rules.registry import rule
from rules.selfeval_common import blank_reason
from rules.tolerance import bounds

REASON = re.compile(r"原因|由于|因为|主要(?:是|系|反映|体现在?|在于|表现为|集中在)|系因|反映|意见集中|(?:差额|差距|缺口|减少部分|未完成部分)(?:系|是|为|主要)|"
                    r"因(?:受|疫情|天气|政策|资金)|受[^，。]{1,12}影响|导致|未能|未完成的|偏差|"
                    r"因[^，。；]{1,24}(?:未|暂未|无法|延迟|推迟|暂缓|尚未|不能)")
REASON_SECTION = re.compile(r"偏差|原因|问题")


@rule("JX951", "missed-without-reason", "missing-content", "warning")
def check(ctx):
    """未完成的指标没有说明偏差原因。

    检查什么：完成率低于 100%（或实际值低于目标值）的数量指标，在其所在段落之后的文字中
    和"偏差原因 / 存在问题"部分都没有提到原因（原因、由于、受……影响、导致 等）。

    为什么：财政部自评表要求：未完成目标的指标，必须在"偏差原因分析及改进措施"中写明原因和措施
    （domain-rules a7）。

    错误示例：包装推出产业招商项目93个，完成率93%。（全文没有说明原因）
    正确示例：包装推出产业招商项目93个，完成率93%，主要原因是受疫情影响两个项目推迟包装。
    """
    text = ctx.doc.text
    missed = []
    seen: set[int] = set()
    for s in ctx.ext.statements:
        if s.role == "result" and s.rate is not None and bounds(s.rate)[1] < 100:
            missed.append((s, s.rate))
            seen.add(id(s))
    for p in ctx.ext.pairs:
        r = p.result
        if id(r) in seen or r.rate is not None:
            continue
        if missed_target(p.target, r):
            missed.append((r, None))
    if not missed:
        return
    # the text of each reasons-section block that gives a reason (asked once, not per result)
    reason_texts = [t for b in ctx.doc.blocks if b.kind != "table_row" and any(REASON_SECTION.search(x) for x in b.section)
                    if REASON.search(t := text[b.start:b.end])]
    # results by value and unit, for "the same result stated elsewhere"
    alike: dict[tuple, list] = {}
    for o in ctx.ext.statements:
        if o.role == "result":
            alike.setdefault((o.q.value, o.q.unit), []).append(o)
    for s, rate in missed:
        block = ctx.doc.blocks[s.block - 1]
        # the rest of the sentence and the next sentence of the same paragraph
        tail = text[s.clause_end: min(block.end, s.clause_end + 80)]
        if REASON.search(tail):
            continue
        if s.head and any(s.head in t for t in reason_texts):
            continue
        # the 自评表 row of the same indicator gives its 偏差原因
        if any(row.reason is not None and row.reason.present and not blank_reason(row.reason)
               and (set(tokens(row.label)) & set(tokens(s.subject)) or _same_measure_and_words(row, s))
               for se in ctx.ext.selfevals for row in se.indicators):
            continue
        # the same result stated elsewhere with its reason ("更新健身器材186件，完成率93.00%，未完成原因是…")
        if any(o is not s and REASON.search(text, o.clause_end, min(len(text), o.clause_end + 80))
               for o in alike.get((s.q.value, s.q.unit), ())):
            continue
        ev = [s.q] + ([rate] if rate is not None else [])
        what = f"完成率 {rate.text}" if rate is not None else f"目标 {target_total_text(ctx, s)}"
        yield ctx.finding(f"指标「{s.subject}」未完成（{s.q.text}，{what}），报告未说明偏差原因", ev)


def _same_measure_and_words(row, s) -> bool:
    """"配水管网 | ≥180公里 | 120公里 | … | 同上" is the row of "铺设管网120公里": the same measure
    word and two characters of the name in common (jieba keeps 配水管网 as one token)."""
    t = row.target.q if row.target is not None else None
    if t is None or t.unit != s.q.unit:
        return False
    words = re.sub(r"[^\u4e00-\u9fff]", "", s.subject)
    return any(words[i:i + 2] in row.label for i in range(len(words) - 1))


def target_total_text(ctx, s) -> str:
    for p in ctx.ext.pairs:
        if p.result is s:
            t = p.target
            return f"{t.q.text}（合计 {target_total(t)}）" if t.total is not None else t.q.text
    return "未达到"
