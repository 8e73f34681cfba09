"""JX921 period-cutoff."""
from __future__ import annotations

import re

from rules.registry import rule

CUTOFF = re.compile(r"(?:截至|截止|截止到|截至到)((?:19|20)\d{2})年(\d{1,2})月(?:(\d{1,2})日)?(底|末)?")
# "以上执行数据取自截至10月底的财务账面数": a month without a year is of the evaluated year
CUTOFF_NO_YEAR = re.compile(r"(?:截至|截止|截止到|截至到)(?<!\d年)(\d{1,2})月(?:\d{1,2}日)?(底|末)?(?![份]?\d)")
# "截至6月30日（年中进度节点，非年度口径）": a progress point the report labels as such
CHECKPOINT = re.compile(r"年中|半年|进度节点|季度|非年度|进度情况")
PAID = re.compile(r"[^。；;]{0,12}?(?:支付|拨付|付款|兑付|报账)")
DAYS = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


@rule("JX921", "period-cutoff", "period-mismatch", "warning")
def check(ctx):
    """年度自评的数据截止日期早于年末，或落在评价年度之外。

    检查什么：报告评价的年度（"2022年度"）与文中"截至 某年某月某日"的数据口径：
    早于评价年度 12 月 31 日，或晚于评价年度（把下一年的数据算进来）。"截至12月底"不报；
    已写明截至当年年末的数据之后，再写"截至次年3月底累计支付……"是期后的支付情况，不报
    （期后才统计的成果仍报告）。同一段先写了评价年度的事项、随后又"截至上一年某月某日"的，
    年份有误，也报告。

    为什么：年度自评应反映全年的执行和完成情况；截止日期提前，执行率和完成值都偏低或不完整；
    跨年计入则高估（domain-rules c，PERIOD；西平县：2022年度自评数据截至2022-12-08）。

    错误示例：2022年度衔接资金项目自评……截至2022年12月8日，支出2,113.63万元。
    正确示例：截至2022年12月31日，支出2,113.63万元。
    """
    year = ctx.facts.year  # the evaluated year, read once (extractor.facts.periods)
    if year is None:
        return
    for m in CUTOFF_NO_YEAR.finditer(ctx.doc.text):
        if CHECKPOINT.search(ctx.doc.text, m.end(), m.end() + 16):
            continue
        mo = int(m.group(1))
        if 1 <= mo < 12:
            yield ctx.finding(f"评价年度为 {year} 年，但数据截至 {mo}月{m.group(2) or ''}，未覆盖全年", [(m.start(), m.end())])
    year_end = False  # the report has given the year's figures "截至12月31日" already
    for m in CUTOFF.finditer(ctx.doc.text):
        y, mo = int(m.group(1)), int(m.group(2))
        if y == year and mo == 12 and (m.group(3) is None or int(m.group(3)) == DAYS[12]):
            year_end = True
        d = int(m.group(3)) if m.group(3) else None
        if not 1 <= mo <= 12:
            continue
        if CHECKPOINT.search(ctx.doc.text, m.end(), m.end() + 16):
            continue
        if y == year and (mo < 12 or (d is not None and d < DAYS[12])):
            if mo == 12 and d is None:
                continue  # 截至12月 / 12月底: the whole year
            yield ctx.finding(f"评价年度为 {year} 年，但数据截至 {m.group(0)[2:]}，未覆盖全年", [(m.start(), m.end())])
        elif y < year and _after_this_years_event(ctx.doc, m, year):
            yield ctx.finding(f"评价年度为 {year} 年，但数据截至 {m.group(0)[2:]}，早于文中此前所述的 {year} 年事项：年份有误",
                              [(m.start(), m.end())])
        elif y > year and not (year_end and PAID.match(ctx.doc.text, m.end())):
            # after the year's own figures, "截至2024年3月底，累计支付已达…" is the payments' status
            # after the period; results counted to a later date are still the year's (counted late)
            yield ctx.finding(f"评价年度为 {year} 年，但数据截至 {m.group(0)[2:]}，计入了以后年度", [(m.start(), m.end())])


_DATED = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月")


def _after_this_years_event(doc, m, year: int) -> bool:
    """"项目于2022年3月公开招标，4月全面开工。截至2021年12月31日，…全部完工" in a 2022 report: a
    cutoff of an earlier year after the paragraph has dated the project's work in the evaluated year."""
    b = doc.block_at(m.start())
    if b is None:
        return False
    return any(int(d.group(1)) == year for d in _DATED.finditer(doc.text, b.start, m.start()))
