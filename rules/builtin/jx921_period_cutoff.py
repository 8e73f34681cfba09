"""JX921 period-cutoff."""
from __future__ import annotations

from rules.registry import rule

DAYS = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


@rule("JX921", "period-cutoff", "period-mismatch", "warning")
def check(ctx):
    """年度自评的数据截止日期早于年末，或落在评价年度之外。

    检查什么：报告评价的年度（"2022年度"）与文中"截至 某年某月某日"的数据口径：
    早于评价年度 12 月 31 日，或晚于评价年度（把下一年的数据算进来）。"截至12月底"不报；
    已写明截至当年年末的数据之后，再写"截至次年3月底累计支付……"是期后的支付情况，不报
    （期后才统计的成果仍报告）。同一段先写了评价年度的事项、随后又"截至上一年某月某日"的，
    年份有误，也报告；完成情况部分写"截至上一年某月某日，共完成/办理…N件"（不是累计、现有或比较的
    基数）的，同样报告。标明为年中、季度等进度节点的截止日期不报。

    为什么：年度自评应反映全年的执行和完成情况；截止日期提前，执行率和完成值都偏低或不完整；
    跨年计入则高估（domain-rules c，PERIOD；西平县：2022年度自评数据截至2022-12-08）。

    错误示例：2022年度衔接资金项目自评……截至2022年12月8日，支出2,113.63万元。
    正确示例：截至2022年12月31日，支出2,113.63万元。
    """
    # one cutoff stated twice (the narrative and its 自评表 cell) is one finding with both places
    found: dict[str, list] = {}
    for msg, span in _cutoffs(ctx):
        found.setdefault(msg, []).extend(span)
    for msg, spans in found.items():
        yield ctx.finding(msg + (f"（共 {len(spans)} 处）" if len(spans) > 1 else ""), spans)


def _cutoffs(ctx):
    year = ctx.facts.year  # the evaluated year, read once (extractor.facts.periods)
    if year is None:
        return
    year_end = False  # the report has given the year's figures "截至12月31日" already
    for c in ctx.facts.cutoffs:
        span = [(c.start, c.end)]
        if c.year is None:
            if not c.checkpoint and 1 <= c.month < 12:
                yield f"评价年度为 {year} 年，但数据截至 {c.text}，未覆盖全年", span
            continue
        if c.year == year and c.month == 12 and c.day in (None, DAYS[12]):
            year_end = True
        if not 1 <= c.month <= 12 or c.checkpoint:
            continue
        if c.year == year and (c.month < 12 or (c.day is not None and c.day < DAYS[12])):
            yield f"评价年度为 {year} 年，但数据截至 {c.text}，未覆盖全年", span
        elif c.year < year and year in c.years_before:
            # "项目于2022年3月公开招标…截至2021年12月31日，…全部完工": the paragraph dated this year's work
            yield f"评价年度为 {year} 年，但数据截至 {c.text}，早于文中此前所述的 {year} 年事项：年份有误", span
        elif c.year < year and c.results_after:
            # "三、部门履职绩效 … 截至2022年12月31日，全县共办理…业务3.18万件" in a 2023 report
            yield f"评价年度为 {year} 年，但本年度完成情况中的数据截至 {c.text}，是评价年度之前的日期：年份有误", span
        elif c.year > year and not (year_end and c.payments):
            # after the year's own figures, "截至2024年3月底，累计支付已达…" is the payments' status
            # after the period; results counted to a later date are still the year's (counted late)
            yield f"评价年度为 {year} 年，但数据截至 {c.text}，计入了以后年度", span
