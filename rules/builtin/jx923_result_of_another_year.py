"""JX923 result-of-another-year."""
from __future__ import annotations

from rules.registry import rule


@rule("JX923", "result-of-another-year", "period-mismatch", "error")
def check(ctx):
    """自评表的实际完成值写明是另一年度的数字。

    检查什么：指标行的实际完成值写着评价年度以外的年份（"6.3%（2022年度统计数据）""2022年完成
    860套"）。与上年比较的基数（较2022年）、累计起点（2018年以来）不算（facts.other_year_results）。

    为什么：年度自评只评价本年度的产出和效果；用上年或下年的数字计分，完成情况和得分都失去依据
    （domain-rules c，PERIOD）。

    错误示例：门诊量增长率 | ≥5% | 6.3%（2022年度统计数据） | 10 | 10（2023 年度报告）
    正确示例：门诊量增长率 | ≥5% | 6.3% | 10 | 10
    """
    year = ctx.facts.year
    for r in ctx.facts.other_year_results:
        yield ctx.finding(
            f"指标「{r.row.label}」实际完成值为「{r.row.actual.text}」，写的是 {r.year} 年的数字，报告评价的是 {year} 年度",
            [r.span, r.row.actual.span], stated=str(r.year), expected=str(year))
