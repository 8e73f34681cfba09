"""JX963 template-left-unfilled."""
from __future__ import annotations

from rules.registry import rule

WHAT = {"placeholder": "占位文字未替换", "instruction": "表格填写说明未删除", "row": "模板占位行未清理",
        "field": "栏目未填写", "choice": "选项均未勾选", "lead-in": "引出语之后没有内容"}


@rule("JX963", "template-left-unfilled", "missing-content", "warning")
def check(ctx):
    """模板文字留在报告中：占位的年份或名称、表格的填写说明、占位行、空白栏目、未勾选的选项。

    检查什么："20xx年""XX县"和"**河县""****财政局"这样的占位或遮盖；"（每个专项一行）""（请填写…）"
    这样的填表说明；指标表中只有"……"或"指标2："的占位行；"主管部门：""填报人"后面是空白；
    一组"□"选项一个也没有勾选；"主要做法如下："之后紧接着就是下一个标题。同类的位置合并为一条。

    为什么：模板未清理说明报告没有按实际情况填写完整，相应的信息无法核对（domain-rules c，
    MISSING、TEMPLATE）。

    错误示例：川财农〔20xx〕167号；评价机构：部门（单位）评价组□中介机构□
    正确示例：川财农〔2022〕167号；评价机构：部门（单位）评价组☑中介机构□
    """
    by: dict[str, list] = {}
    for p in ctx.facts.placeholders:
        by.setdefault(p.kind, []).append(p)
    for kind, items in by.items():
        shown = "、".join(f"「{p.text[:24]}」" for p in items[:5]) + (f" 等 {len(items)} 处" if len(items) > 5 else "")
        yield ctx.finding(f"{WHAT[kind]}：{shown}", [(p.start, p.end) for p in items[:8]], data={"count": len(items)})
