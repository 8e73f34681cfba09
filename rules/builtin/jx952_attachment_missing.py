"""JX952 attachment-missing."""
from __future__ import annotations

import re

from extractor.indicators import small_int
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

    编号的附件（"详见附件1《……明细表》""见附件2"）在文件中没有以"附件1""附件二"开头的部分时，
    每个编号报告一次（自评表类附件按上面的表头判断）。

    错误示例：正文末尾"附件：项目支出绩效自评表"，但文件到此结束。
    正确示例：正文之后附有项目支出绩效自评表。
    """
    text = ctx.doc.text
    yield from _numbered(ctx)
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


CITED = re.compile(r"(?:详见|参见|见|附有?)\s*附件\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,2})")
def _numbered(ctx):
    """"详见附件1《…》" with no part of the file that opens with 附件1 (or 附件一)."""
    doc = ctx.doc
    text = doc.text
    present = set()
    for b in doc.blocks:
        m = re.match(r"\s*附件\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,2})", text[b.start:b.end])
        if m and (b.kind == "heading" or b.end - b.start <= 60):
            present.add(small_int(m.group(1)) or 0)
    if re.search(r"(?m)^\s*附件\s*[：:]?\s*$", text):
        return  # an 附件 part follows; its items are not numbered as cited
    cited: dict[int, tuple[int, int]] = {}
    for m in CITED.finditer(text):
        b = doc.block_at(m.start())
        if b is None or b.kind == "table_row":
            continue
        cited.setdefault(small_int(m.group(1)) or 0, (m.start(), m.end()))
    missing = [(n, span) for n, span in sorted(cited.items()) if n and n not in present]
    if missing:
        names = "、".join(f"附件{n}" for n, _ in missing)
        yield ctx.finding(f"报告引用了{names}，但文件中没有{'这些附件' if len(missing) > 1 else '该附件'}",
                          [span for _, span in missing], data={"attachments": [n for n, _ in missing]})
