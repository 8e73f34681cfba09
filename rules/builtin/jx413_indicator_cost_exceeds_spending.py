"""JX413 indicator-cost-exceeds-spending."""
from __future__ import annotations

import re

from rules.registry import rule
from rules.selfeval_common import EPS, money, tables
from rules.tolerance import bounds

COST = re.compile(r"成本")
COST_NAME = re.compile(r"费|经费|资金|成本|投入|支出")
# "带动企业研发投入", "撬动社会资本投资": money others put in because of the project is an effect
EFFECT = re.compile(r"效益|满意度")
LEVERAGED = re.compile(r"带动|撬动|拉动|吸引|引导|引入|社会资本|融资|企业投入|群众投入|自筹")


@rule("JX413", "indicator-cost-exceeds-spending", "value-conflict", "error")
def check(ctx):
    """成本指标的实际完成值（一笔总金额）超过了项目全年执行数。

    检查什么：自评表中成本指标（或名称为某项费用、资金的指标）的实际完成值是一个总金额
    （万元、元，不是"万元/公里"之类的单价）时，它不能大于资金栏的全年执行数：
    项目花掉的钱就是执行数，一项成本写得比全部支出还多，两处必有一处不对。

    "带动企业研发投入""撬动社会资本"等由项目带动的他方投入、效益指标下的金额（"受补助企业研发投入总额"）
    是效益，不是成本，不在此检查。

    为什么：实际成本与执行数说的是同一笔支出（domain-rules c，VALUE-CONFLICT；
    鄂州市民中心：成本指标实际完成值 150万，全年执行数 125.25万）。

    错误示例：全年执行数 125.25万；成本指标 市民中心运行维护费 | 150万 | 150万
    正确示例：全年执行数 125.25万；成本指标 市民中心运行维护费 | 150万 | 125.25万
    """
    spent = ctx.facts.of("spent", source="table")
    if not spent:
        return
    for se in tables(ctx):
        # the largest 执行数 of the funds block: a total row left at 0 beside filled 其中
        # rows is JX313's finding, not a cost above the spending
        mine = [f for f in spent if f.table == se.table] or spent
        ex = max(mine, key=lambda f: f.q.value)
        for row in se.indicators:
            a = row.actual
            q = money(a.q) if a is not None else None
            if q is None or q.kind != "money" or q.unit != "万元" or q.qualifier:
                continue
            # (a money row under 效益指标 is an effect: "受补助企业研发投入总额 | ≥4.5亿元 | 4.86亿元")
            if not (COST.search(row.level2) or (COST_NAME.search(row.name or "") and not EFFECT.search(row.level1 + row.level2))) \
                    or LEVERAGED.search(row.name or ""):
                continue
            if bounds(q)[0] > bounds(ex.q)[1] + EPS:
                yield ctx.finding(
                    f"指标「{row.label}」实际完成值 {a.text}，超过全年执行数 {ex.q.text}：同一笔支出两处数值不一致",
                    [a.q, ex], expected=f"≤ {ex.q.text}", stated=a.text)
