"""JX952 attachment-missing."""
from __future__ import annotations

import re

from rules.registry import rule

ATTACH = re.compile(r"附件\s*\d*\s*[：:、.．]?\s*[^。\n]{0,60}?(?:自评表|评价表|绩效目标表|指标表|评分表)")
TABLE_MARK = re.compile(r"一级指标|三级指标|年度指标值|实际完成值|全年预算数|年初预算数|分值|得分")


@rule("JX952", "attachment-missing", "missing-content", "warning")
def check(ctx):
    """报告提到的附件（自评表等）没有附上。

    检查什么：正文写有"附件：……自评表/评价表/指标表"，但文件中没有任何表头像自评表的表格
    （一级指标、年度指标值、实际完成值、全年预算数、分值、得分 等）。
    单独提交的自评表文件与报告配对后视为已附。

    为什么：自评表是自评报告的组成部分，得分和指标完成值只在表中；缺表则无法复核得分
    （domain-rules a2、findings contract：missing-content）。

    错误示例：正文末尾"附件：项目支出绩效自评表"，但文件到此结束。
    正确示例：正文之后附有项目支出绩效自评表。
    """
    text = ctx.doc.text
    has_table = any(
        TABLE_MARK.search(" ".join(text[c.start:c.end] for c in t.cells[:80])) for t in ctx.doc.tables
    )
    if has_table:
        return
    for m in ATTACH.finditer(text):
        b = ctx.doc.block_at(m.start())
        if b is not None and b.kind == "table_row":
            continue
        # a table pasted as text lines right after the mention ("附件：评价指标评分表" then
        # "一级指标 二级指标 三级指标 分值 得分 …")
        if b is not None and TABLE_MARK.search(text, m.end(), min(len(text), b.end + 300)):
            continue
        yield ctx.finding(f"报告提到「{m.group(0).strip()}」，但文件中没有该表", [(m.start(), m.end())])
        return
