"""JX952 attachment-missing."""
from __future__ import annotations

from rules.registry import rule


@rule("JX952", "attachment-missing", "missing-content", "warning")
def check(ctx):
    """报告提到的附件（自评表等）没有附上。

    检查什么：正文写有"附件：……自评表/评价表/指标表"，但文件中没有任何表头像自评表的表格
    （一级指标、年度指标值、实际完成值、全年预算数、分值、得分 等）。
    单独提交的自评表文件与报告配对后视为已附。

    为什么：自评表是自评报告的组成部分，得分和指标完成值只在表中；缺表则无法复核得分
    （domain-rules a2、findings contract：missing-content）。

    编号的附件（"详见附件1《……明细表》""见附件2"）在文件中没有以"附件1""附件二"开头的部分时，
    每个编号报告一次（自评表类附件按上面的表头判断）。文末只有不带编号的"附件"部分时，按报告列出的
    附件编号（"附件1：……绩效自评表"）判断，引用了却从未列出的编号报告。只写标题的附件（"详见附件：
    2023年度公租房租金收缴明细表"）在文件中既没有附件部分、也没有再出现该标题时报告。

    错误示例：正文末尾"附件：项目支出绩效自评表"，但文件到此结束。
    正确示例：正文之后附有项目支出绩效自评表。
    """
    att = ctx.facts.attachments
    # a bare "附件：" part follows: its items are not numbered as cited, unless the report lists its
    # attachments by number ("附件1：…绩效自评表"), so that a cited number it never lists is missing
    if not att.unnumbered_part or att.present:
        missing = [(n, s, e) for n, s, e in att.cited if n and n not in att.present]
        if missing:
            names = "、".join(f"附件{n}" for n, _, _ in missing)
            yield ctx.finding(f"报告引用了{names}，但文件中没有{'这些附件' if len(missing) > 1 else '该附件'}",
                              [(s, e) for _, s, e in missing], data={"attachments": [n for n, _, _ in missing]})
    for s, e in att.unmet_table_mentions[:1]:
        yield ctx.finding(f"报告提到「{ctx.doc.text[s:e].strip()}」，但文件中没有该表", [(s, e)])
    for s, e in att.unmet_titled:
        yield ctx.finding(f"报告写「详见附件」《{ctx.doc.text[s:e]}》，但文件中没有附件部分，也没有该表", [(s, e)])
