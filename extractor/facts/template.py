"""Template text left in a report: placeholders, instructions of the form, placeholder
rows, blank fields and choice boxes nobody ticked.

Classes read here:
- placeholders for a year or a name: ``20xx年``, ``XX县``, ``××局``, masks such as ``**河县``
  or ``****财政局``;
- the form's own instructions in brackets: ``（每个专项一行）``, ``（请填写…）``;
- placeholder rows of an indicator table: a row holding only ``……`` or ``指标2：``;
- a field label with nothing after it: ``主管部门：`` at the end of a line, or a label cell
  (主管部门, 实施单位, 填报人, 审核人 …) whose value cell is empty;
- a group of choice boxes (□ 部门评价组 □ 中介机构) none of which is ticked (☑ ■ √);
- a lead-in with nothing under it: "主要做法如下：" followed by the next heading.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Document

PLACEHOLDER = re.compile(r"(?:19|20)[xX×Ｘｘ]{2}\s*年|[XxＸｘ×]{2,}(?:县|市|区|镇|乡|局|单位|项目|公司)|"
                         r"\*{2,}[\u4e00-\u9fff]{0,4}(?:县|市|区|镇|乡|局|厅|委|办)|＊{2,}")
INSTRUCTION = re.compile(r"[（(](?:每个[^（）()]{1,8}一行|请[^（）()]{1,20}|此处[^（）()]{1,20}|可另附[^（）()]{0,10}|"
                         r"按[^（）()]{1,10}填[写列报])[）)]")
PLACEHOLDER_ROW = re.compile(r"^(?:…{2,}|\.{3,}|指标\s*\d+\s*[:：]?)$")
FIELD_LABELS = ("主管部门", "实施单位", "项目负责人", "填报人", "审核人", "联系电话", "预算部门", "单位名称", "项目名称")
BLANK_FIELD = re.compile(r"(" + "|".join(FIELD_LABELS) + r")[：:]\s*(?=$|(?:" + "|".join(FIELD_LABELS) + r")[：:]|\s{2,})")
CHOICES = re.compile(r"(?:[\u4e00-\u9fff（）()]{2,12}[□☐]){2,}")
TICKED = re.compile(r"[☑■√✓☒▇]")
REPORT_LEAD = re.compile(r"报告如下[：:]$")
_PLACEHOLDER_CHAR = re.compile(r"[xX×Ｘｘ*＊]")  # in every PLACEHOLDER match
LEAD_IN = re.compile(r"[\u4e00-\u9fff]{0,12}(?:如下|以下几个方面|以下方面|具体如下|主要有)[：:]$")


@dataclass(frozen=True, slots=True)
class Placeholder:
    kind: str  # 'placeholder' | 'instruction' | 'row' | 'field' | 'choice' | 'lead-in'
    start: int
    end: int
    text: str


def find_placeholders(doc: Document) -> list[Placeholder]:
    text = doc.text
    out: list[Placeholder] = []
    seen: set[str] = set()

    def add(kind: str, s: int, e: int) -> None:
        t = text[s:e].strip()
        key = f"{kind}:{t}"
        if t and key not in seen:
            seen.add(key)
            out.append(Placeholder(kind, s, e, t))

    for b in doc.blocks:
        line = text[b.start:b.end]
        # each pattern only where the character every match of it holds is (one C-level
        # scan of the line, not the pattern tried at every position of every block)
        if _PLACEHOLDER_CHAR.search(line):
            for m in PLACEHOLDER.finditer(line):
                add("placeholder", b.start + m.start(), b.start + m.end())
        if "（" in line or "(" in line:
            for m in INSTRUCTION.finditer(line):
                add("instruction", b.start + m.start(), b.start + m.end())
        if "：" in line or ":" in line:
            for m in BLANK_FIELD.finditer(line):
                add("field", b.start + m.start(1), b.start + m.end(1))
        if "□" in line or "☐" in line:
            for m in CHOICES.finditer(line):
                if not TICKED.search(line):
                    add("choice", b.start + m.start(), b.start + m.end())
    # a lead-in with nothing under it: "主要做法如下：" and then the next heading
    for i, b in enumerate(doc.blocks[:-1]):
        line = text[b.start:b.end].rstrip()
        nxt = doc.blocks[i + 1]
        if b.kind != "table_row" and line.endswith(("：", ":")) and LEAD_IN.search(line) and nxt.kind == "heading" and (
                # (a heading deeper than the part the lead-in stands in opens what it leads in: "具体如下：" / "（一）产出指标")
                nxt.level is not None and nxt.level <= (b.level if b.level is not None else len(b.section) or 99)) \
                and not (REPORT_LEAD.search(line) and not b.section):
            # ("…现将有关情况报告如下：" before the first heading introduces the whole report)
            m = LEAD_IN.search(line)
            add("lead-in", b.start + m.start(), b.start + m.end())
    for t in doc.tables:
        rows: dict[int, list] = {}
        for c in t.cells:
            rows.setdefault(c.row, []).append(c)
        for cells in rows.values():
            cells.sort(key=lambda c: c.col)
            texts = [re.sub(r"\s+", "", doc.cell_text(c)) for c in cells]
            filled = [(c, x) for c, x in zip(cells, texts, strict=False) if x]
            if len(filled) == 1 and PLACEHOLDER_ROW.match(filled[0][1]):
                add("row", filled[0][0].start, filled[0][0].end)
            elif len(filled) == 2 and PLACEHOLDER_ROW.match(filled[1][1]) and len(cells) > 3:
                add("row", filled[1][0].start, filled[1][0].end)  # "可持续影响指标 | …… | | |"
            for i, (c, x) in enumerate(zip(cells, texts, strict=False)):
                if x in FIELD_LABELS and i + 1 < len(cells) and not texts[i + 1] and cells[i + 1].col == c.col + c.colspan:
                    add("field", c.start, c.end)
    out.sort(key=lambda p: p.start)
    return out
