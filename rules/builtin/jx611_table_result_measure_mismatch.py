"""JX611 table-result-measure-mismatch."""
from __future__ import annotations

import re

from rules.registry import rule
from rules.selfeval_common import tables

# measure words that count the same thing; any other change of measure word changes what is counted
SAME_COUNT = (frozenset({"人", "名", "位"}), frozenset({"次", "场", "期", "届"}), frozenset({"篇", "份"}),
              frozenset({"项", "件"}))
TARGET_NOTATION = re.compile(r"^\s*(≥|≤|>|<|＞|＜|不低于|不少于|不高于|不超过)")


def _same(u1: str, u2: str) -> bool:
    return u1 == u2 or any(u1 in s and u2 in s for s in SAME_COUNT)


DEADLINE = re.compile(r"\d+\s*个?(?:工作日|日|天|月|周|小时|分钟)(?:内|以内)|[之以]?前$|之内")


@rule("JX611", "table-result-measure-mismatch", "indicator-mismatch", "warning")
def check(ctx):
    """自评表中实际完成值与年度指标值不是同一种度量。

    检查什么：（1）数字目标配文字结果（≤30万元 → 「完成」）；（2）以进度百分比代替实测值
    （满意度 90% → 「已完成100%」，10万元 → 「已完成100%」，数量目标 ≥30个 → 「100%」）；（3）实际完成值照抄目标写法
    （「≥90%」）；（4）比率目标配数量结果（机扫率 ≥85% → 「326万平方米」）；（5）量词改变了所计的对象（目标 5个机构 → 实际 5家企业；≥1400家 → 423个）；（6）金额目标配数量结果，或反之
    （带动旅游收入 ≥8亿元 → 接待游客126.5万人次）。
    人/名/位、次/场/期/届、篇/份、项/件视为同一量词。

    为什么：实际完成值须与指标值同口径才能计算完成率和得分（domain-rules c，IND-UNIT；
    大英县司法局「成本控制数 ≤30万元」实际写「完成」）。

    错误示例：引进外商设立区域性机构 | 5个 | 5家
    正确示例：引进外商设立区域性机构 | 5个 | 5个

    选项：无。
    """
    other_year = {id(r.row) for r in ctx.facts.other_year_results}  # another year's result: JX923
    for se in tables(ctx):
        for row in se.indicators:
            t, a = row.target, row.actual
            if t is None or a is None or t.q is None or not a.present or id(row) in other_year:
                continue
            if a.q is None:
                if DEADLINE.search(t.text):
                    continue  # "季度结束后20个工作日内" | "按时公布": a deadline met, not a count
                yield ctx.finding(
                    f"指标「{row.label}」年度指标值为数字 {t.text}，实际完成值却写「{a.text}」：看不出完成了多少",
                    [t.q, a.span], expected=f"与 {t.text} 同口径的数值", stated=a.text)
                continue
            if TARGET_NOTATION.match(a.text):
                yield ctx.finding(
                    f"指标「{row.label}」实际完成值写成「{a.text}」，是目标的写法而不是实测值",
                    [t.q, a.q], expected="实测值", stated=a.text)
                continue
            if a.q.unit == "%" and ("完成" in a.text or t.q.kind in ("count", "money")) \
                    and "完成率" not in row.name and "完成率" not in t.text:
                yield ctx.finding(
                    f"指标「{row.label}」年度指标值 {t.text}，实际完成值写「{a.text}」：以完成进度代替实测值",
                    [t.q, a.q], expected=f"与 {t.text} 同口径的数值", stated=a.text)
                continue
            if t.q.unit == "%" and a.q.kind in ("count", "money") and a.q.unit != "%":
                yield ctx.finding(
                    f"指标「{row.label}」年度指标值是比率 {t.text}{'' if '%' in t.text else '（%）'}，实际完成值却是数量 {a.text}：看不出比率是多少",
                    [t.q, a.q], expected=f"与 {t.text} 同口径的比率", stated=a.text)
                continue
            count = t.q if t.q.kind == "count" else a.q
            if {t.q.kind, a.q.kind} == {"money", "count"} and "元" not in count.unit:  # (not a cost per unit: 元/亩)
                # "带动旅游收入 | ≥8亿元 | 接待游客126.5万人次": an amount of money answered with a count, or the reverse
                yield ctx.finding(
                    f"指标「{row.label}」年度指标值 {t.text} 是{'金额' if t.q.kind == 'money' else '数量'}，"
                    f"实际完成值却是{'数量' if a.q.kind == 'count' else '金额'} {a.text}：口径不一致",
                    [t.q, a.q], expected=f"与 {t.text} 同口径的{'金额' if t.q.kind == 'money' else '数量'}", stated=a.text)
                continue
            if t.q.kind == "count" and a.q.kind == "count" and not _same(t.q.unit, a.q.unit):
                yield ctx.finding(
                    f"指标「{row.label}」目标以「{t.q.unit}」计（{t.text}），实际以「{a.q.unit}」计（{a.text}）：口径不一致",
                    [t.q, a.q], expected=f"以「{t.q.unit}」计", stated=a.text)
