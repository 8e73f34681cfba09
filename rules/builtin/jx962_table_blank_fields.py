"""JX962 table-blank-fields."""
from __future__ import annotations

import re

from rules.registry import rule
from rules.selfeval_common import tables

# words of the form's own instructions, left in place of an answer
NOTES_HEADING = re.compile(r"^\s*填表说明[^：:。，]{0,10}[：:]?\s*$")
PROMPT = re.compile(r"请(?:填写|填报|输入|简要|根据|按照|对照|说明|描述|列明)|填表说明|此处填|（?填写[^，。]{0,10}）|××|XX|xx|＊＊|\*\*\*")


# "填表人：杨××  联系电话：0879-21×××××": a published form masks who filled it in and their number
MASKED_PERSON = re.compile(r"(?:填表人|填报人|审核人|联系人|负责人|经办人)\s*[：:]\s*[\u4e00-\u9fff]?$|[\d-]$")


def _masked_person(text: str, at: int) -> bool:
    while at > 0 and text[at - 1] in "×xX*＊":
        at -= 1  # one run of mask characters is one mask
    return bool(MASKED_PERSON.search(text, max(0, at - 12), at))


@rule("JX962", "table-blank-fields", "missing-content", "error")
def check(ctx):
    """自评表的实际完成值或得分空白，或模板提示文字未替换。

    检查什么：资金栏的执行数空白而执行率、得分却已填写；有分值的指标行，实际完成值或得分为空白；有分值的年度资金总额行得分为空白；
    任一单元格仍是模板提示（「请填写…」「填表说明」「××」「XX」）。「—」「/」按有意留空
    处理，不报告空白。

    为什么：空白的完成值和得分无法复核；未替换的提示说明表格没有填完（domain-rules e4、
    c，BLANK-FIELDS；青神县发改局：完成值和得分全部空白，评价结论仍是模板提示）。

    错误示例：工资发放及时率 | 100% | （空白） | 30 | （空白）
    正确示例：工资发放及时率 | 100% | 100% | 30 | 30

    选项：无。
    """
    for se in tables(ctx):
        for row in se.indicators:
            if row.weight is None or row.weight.q is None or row.weight.q.value <= 0:
                continue
            blanks = [name for name, v in (("实际完成值", row.actual), ("得分", row.score))
                      if v is not None and not v.text.strip()]
            if blanks:
                yield ctx.finding(f"指标「{row.label}」（分值 {row.weight.text}）的{'、'.join(blanks)}为空白",
                                  [(row.name_cell.start, row.name_cell.end), row.weight.q],
                                  expected="填写", stated="（空白）")
        ft = se.funds_total()
        if ft is not None:
            ex, rate, sc = ft.get("executed"), ft.get("rate"), ft.get("score")
            given = [v for v in (rate, sc) if v is not None and v.q is not None]
            if ex is not None and not ex.text.strip() and given:
                # "部门整体支出总额 | 864.2 | (空) | 100% | 20": the rate and its points rest on a blank
                yield ctx.finding(
                    f"「{ft.label}」执行数为空白，但执行率、得分已填写（{'、'.join(v.text for v in given)}）",
                    [(ft.label_cell.start, ft.label_cell.end), *(v.q for v in given)], expected="填写执行数",
                    stated="（空白）")
            w, s = ft.get("weight"), ft.get("score")
            if w is not None and w.q is not None and s is not None and not s.text.strip():
                yield ctx.finding(f"「{ft.label}」分值 {w.text}，得分为空白",
                                  [(ft.label_cell.start, ft.label_cell.end), w.q], expected="填写", stated="（空白）")
    seen: set[int] = set()
    for se in tables(ctx):
        if not 0 <= se.table < len(ctx.doc.tables):
            continue  # a 自评表 written as prose lines has no cells to prompt in
        table = ctx.doc.tables[se.table]
        for c in table.cells:
            t = ctx.doc.cell_text(c)
            m = next((m for m in PROMPT.finditer(t) if not _masked_person(t, m.start())), None)
            if m and NOTES_HEADING.match(t):
                continue  # "填表说明及补充数据：" heads the notes written below it; a prompt says what to write
            if m and c.start not in seen:
                seen.add(c.start)
                yield ctx.finding(f"单元格仍是模板提示：「{t.strip()[:40]}」", [(c.start, c.end)],
                                  expected="实际内容", stated=t.strip()[:40])
