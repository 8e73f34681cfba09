"""Is this document an evaluation report at all?

A folder sent for screening holds more than reports: a meeting notice, a cover
letter, a file of notes. Checking those finds nothing, and "未发现问题" would then
read as a clean report. So before the rules run the document is asked for any sign
that it is a performance evaluation (a 自评表, the words 绩效/自评/预算, a money amount, or budget
and spending figures); a document with none is reported as not a report, never as
clean. The test is deliberately lenient: one sign is enough, so a real report is
never turned away (tests/test_not_report.py runs it over every sample, seed and
corpus report).
"""
from __future__ import annotations

import re

from .model import Document

# words an evaluation report (or its 自评表) uses, simplified or traditional (a Big5
# report from Taiwan or Hong Kong: 績效, 預算), or in English (a bilingual title page);
# any one is a sign
REPORT_WORDS = re.compile(r"绩效|績效|自评|自評|评价报告|評價報告|评价结论|預算|预算|执行率|執行率|资金到位|"
                          r"指标值|指標值|完成值|(?i:\b(?:budget|performance|expenditure)\b)")
# labelled figures only a report about money and results has
MONEY_LABELS = ("budget", "spent", "funds.", "rate.execution", "rate.arrival", "score.total")


def report_signs(doc: Document, ext) -> list[str]:
    """The signs that ``doc`` is an evaluation report (empty: it is not one)."""
    signs: list[str] = []
    if getattr(ext, "selfevals", ()):
        signs.append("自评表")
    m = REPORT_WORDS.search(doc.text)
    if m:
        signs.append(f"「{m.group(0)}」字样")
    if any(f.label.startswith(MONEY_LABELS) for f in getattr(ext, "figures", ())):
        signs.append("预算、支出或得分数字")
    elif any(q.kind == "money" for q in getattr(ext, "quantities", ())):
        signs.append("金额")
    return signs


NOT_REPORT = "不是绩效评价报告（没有自评表，也没有绩效、自评、预算等字样或金额）"
