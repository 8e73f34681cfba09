"""A 自评表 written as prose lines, one indicator a line (extractor/selfeval_prose)."""
from __future__ import annotations

from extractor.analysis import extract
from extractor.readers.txt import from_text
from extractor.selfeval_prose import PROSE_TABLE, find_prose_selfeval

TEXT = """三、绩效指标完成情况
  1.数量指标—居民电子健康档案建档率：指标值≥90%，完成值92.4%，分值8，得分8
  2.数量指标—65岁及以上老年人健康管理率：指标值≥67%，完成值58.6%，分值8，得分7；偏差原因：疫情影响集中体检推迟
  3.可持续影响指标—基层公卫服务能力持续提升：指标值 持续提升，完成值 达成年度指标，分值10，得分9
"""


def test_lines_are_rows_located_in_their_line():
    doc = from_text(TEXT)
    se = find_prose_selfeval(doc)
    assert se is not None and se.table == PROSE_TABLE
    names = [r.name for r in se.indicators]
    assert names == ["居民电子健康档案建档率", "65岁及以上老年人健康管理率", "基层公卫服务能力持续提升"]
    r = se.indicators[1]
    assert (r.level2, r.direction, r.target.q.text, r.actual.q.text, r.weight.text, r.score.text) == \
        ("数量指标", "≥", "≥67%", "58.6%", "8", "7")
    assert r.reason.text == "疫情影响集中体检推迟"
    # the values are spans of the line itself: evidence points at the report's own text
    assert doc.text[r.actual.cell.start:r.actual.cell.end] == "58.6%"
    assert se.indicators[2].direction == "qual"
    assert se in extract(doc).selfevals


def test_one_line_is_no_table():
    assert find_prose_selfeval(from_text("三、\n1.数量指标—建档率：指标值≥90%，完成值92.4%，分值8，得分8\n")) is None
