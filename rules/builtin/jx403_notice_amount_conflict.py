"""JX403 notice-amount-conflict."""
from __future__ import annotations

from rules.common import num
from rules.registry import rule
from rules.tolerance import meet


@rule("JX403", "notice-amount-conflict", "value-conflict", "error")
def check(ctx):
    """同一份资金下达文件（同一文号）在报告不同位置给同一地方下达的金额不一致。

    检查什么：报告引用下达文件（"呼财农指【2023】41号""财建〔2022〕12号"）并写出该文件
    下达（安排、拨付）的金额时，同一文号、同一接收地（县、市、区……）的金额在各处必须相同。
    一句中列出的分项（"分别用于""其中"）不在比较之列；接收地不同（下达给不同地方）不比较。

    为什么：一份文件给一个地方下达的金额只有一个（domain-rules c，VALUE-CONFLICT）。

    错误示例：依据X财农指【2023】41号文件，下达我县资金5万元……以X财农指【2023】41号文件，安排我县山洪灾害防治6万元。
    正确示例：两处都写 6万元。
    """
    by: dict[str, list] = {}
    for a in ctx.facts.allocations:
        by.setdefault(a.notice, []).append(a)
    for notice, items in by.items():
        reported = set()
        for i, a in enumerate(items):
            for b in items[i + 1:]:
                if not (a.recipients & b.recipients) or meet(a.q, b.q, half_open=True):
                    continue
                key = (a.q.value, b.q.value)
                if key in reported:
                    continue
                reported.add(key)
                yield ctx.finding(
                    f"文件 {notice} 下达的金额前后不一致：{a.q.text}（{num(a.q.value)}万元）与 {b.q.text}（{num(b.q.value)}万元）",
                    [a.q, b.q], data={"notice": notice, "recipients": sorted(a.recipients & b.recipients)})
