"""JX922 date-outside-period."""
from __future__ import annotations

from rules.registry import rule


def _ym(y: int, m: int) -> str:
    return f"{y}年{m}月"


@rule("JX922", "date-outside-period", "period-mismatch", "warning")
def check(ctx):
    """支出明细或资金、工作事项的日期落在评价期间之外，或早于它所说的文件、资金年度。

    检查什么：(1) 以月份开头、带金额的支出明细（"2015年12月城乡低保 | 70.1"）不在项目起止时间
    （未写时为评价年度）之内——上年或下年的支出计入了本期；(2) 接到、印发、下达、拨付、完成等
    事项的完整日期早于同一句所说文件的文号年度或资金年度（"2012年6月14日，我区接到《…下达2022年
    …资金预算的通知》（财建〔2022〕153号）"：文件还不存在），或比评价年度早两年以上。文号、文件
    标题、"以来/起"、计划与"预计/将于"不算事项日期；(3) 支付、拨付的日期在评价期间之后，却写在本期
    （说明了推迟、顺延、尾款、质保金的不算）；(4) 完成、竣工、验收的日期在评价期间之后，同一句却说
    计入本年度（"于2026年3月完成竣工验收并计入本年度产出"），或同一句在完成之后写出完成的数量
    （"普查登记于2024年1月1日至4月30日完成，共登记普查对象11,937个"，未说明属期后、不计入）；(5) 自评表标题（表的首行或表上一行）
    写的年度不是报告评价的年度（"2022年度项目支出绩效自评表"附在 2023 年度报告后）；(6) 写明的自评期间、评价期间
    （"自评期间 | 2023年1月1日至2023年12月31日"）不含报告评价的年度；(7) 数量后写明所计事项的日期（"新建服务站18个
    （2022年11月建成投用）"、"举办培训班5期，分别于2022年10月、2023年3月……举办"）不在评价期间之内。以日期开头、写出当时开展的
    工作及其数量的句子（"2024年5月，中心组织开展…活动12场"）日期在评价期间之后，同样报告。

    为什么：年度自评只评价本期的资金和产出；日期不在期间内，要么是笔误，要么是跨期计入
    （domain-rules c，PERIOD）。

    错误示例：项目起止时间 2016年1月起至2016年12月止；支出明细 2015年12月城乡低保 70.1。
    正确示例：支出明细 2016年1月城乡低保 70.2。
    """
    f = ctx.facts
    p = f.period
    for d in f.dated:
        ym = (d.year, d.month)
        if d.kind == "entry":
            if p is None or p.start <= ym <= p.end:
                continue
            what = "项目起止时间" if p.how == "stated" else "评价年度"
            yield ctx.finding(
                f"支出明细日期 {_ym(*ym)} 不在{what} {_ym(*p.start)}—{_ym(*p.end)} 之内：跨期计入",
                [(d.start, d.end), *([d.amount] if d.amount is not None else [])],
                stated=_ym(*ym), expected=f"{_ym(*p.start)}—{_ym(*p.end)}")
            continue
        if d.kind == "evaluated":
            if f.year is not None and not d.first_year <= f.year <= d.year:
                yield ctx.finding(
                    f"写明的评价期间为 {ctx.doc.text[d.start:d.end]}，报告评价的是 {f.year} 年度：期间可能沿用了其他年度的表",
                    [(d.start, d.end)], stated=ctx.doc.text[d.start:d.end], expected=f"{f.year}年度")
            continue
        if d.kind == "title":
            if f.year is not None and d.year != f.year:
                yield ctx.finding(
                    f"自评表标题写 {d.year} 年度，报告评价的是 {f.year} 年度：表格可能沿用了其他年度的表",
                    [(d.start, d.end)], stated=f"{d.year}年度", expected=f"{f.year}年度")
            continue
        if d.kind == "counted":
            if p is not None and ym > p.end:
                yield ctx.finding(
                    f"日期 {ctx.doc.text[d.start:d.end]} 在评价期间 {_ym(*p.start)}—{_ym(*p.end)} 之后，所做的事却计入了本期的产出",
                    [(d.start, d.end)], stated=_ym(*ym), expected=f"≤ {_ym(*p.end)}")
            continue
        if d.kind == "item":
            if p is not None and not p.start <= ym <= p.end:
                yield ctx.finding(
                    f"计入本期产出的事项日期为 {ctx.doc.text[d.start:d.end]}，不在评价期间 {_ym(*p.start)}—{_ym(*p.end)} 之内",
                    [(d.start, d.end)], stated=_ym(*ym), expected=f"{_ym(*p.start)}—{_ym(*p.end)}")
            continue
        if d.kind == "payment" and p is not None and ym > p.end:
            yield ctx.finding(
                f"支付日期 {ctx.doc.text[d.start:d.end]} 在评价期间 {_ym(*p.start)}—{_ym(*p.end)} 之后，却写在本期的执行情况中",
                [(d.start, d.end)], stated=_ym(*ym), expected=f"≤ {_ym(*p.end)}")
            continue
        if d.refers_to is not None and d.year < d.refers_to:
            yield ctx.finding(
                f"日期 {ctx.doc.text[d.start:d.end]} 早于同一句所说文件或资金的年度 {d.refers_to} 年：日期有误",
                [(d.start, d.end)], stated=str(d.year), expected=f"≥ {d.refers_to}")
        elif f.year is not None and d.year < f.year - 1:
            yield ctx.finding(
                f"日期 {ctx.doc.text[d.start:d.end]} 比评价年度 {f.year} 年早两年以上",
                [(d.start, d.end)], stated=str(d.year), expected=f"{f.year - 1}—{f.year}")
