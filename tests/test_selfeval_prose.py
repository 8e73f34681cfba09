"""A 自评表 written as prose lines, one indicator a line (extractor/selfeval_prose)."""
from __future__ import annotations

from decimal import Decimal

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


FUNDS_TEXT = """三、自评表
资金情况：年初预算数680.00，全年预算数680.00，全年执行数560.80，分值10分，执行率82.47%，得分10分。
1.产出指标—数量指标—惠民演出场次：年度指标值≥80场，实际完成值412场，分值40分，得分40分；偏差原因：无。
2.效益指标—社会效益指标—惠及群众：年度指标值≥15万人次，实际完成值16.2万人次，分值50分，得分50分；偏差原因：无。
总分100分，自评得分100.00分。
"""


def test_funds_and_total_lines_beside_the_indicator_lines():
    doc = from_text(FUNDS_TEXT)
    se = find_prose_selfeval(doc)
    assert se is not None
    (row,) = se.funds
    got = {k: v.text for k, v in row.values}
    assert got == {"initial": "680.00", "annual": "680.00", "executed": "560.80", "weight": "10分",
                   "rate": "82.47%", "score": "10分"}
    assert doc.text[row.get("executed").cell.start:row.get("executed").cell.end] == "560.80"
    assert se.total_weight.text == "100" and se.total_score.text == "100.00"
    # two dimensions before the name: the statements' subject is the indicator, not 年度指标值
    subjects = {s.subject for s in extract(doc).statements}
    assert subjects == {"惠民演出场次", "惠及群众"}


def test_prose_funds_line_scored_above_its_rate_is_found():
    from rules.config import Config
    from rules.engine import run_rules

    doc = from_text(FUNDS_TEXT)
    found, problems = run_rules(doc, extract(doc), Config(select=("JX861",)))
    assert not problems
    assert [f.rule for f in found] == ["JX861"] and "8.25" in found[0].message


def test_no_funds_line_without_an_execution_figure():
    doc = from_text(FUNDS_TEXT.replace("全年执行数560.80，", ""))
    assert find_prose_selfeval(doc).funds == ()


FIELDS_TEXT = """四、绩效指标完成情况
一级指标：产出指标（20分）
　二级指标：数量指标；三级指标：建设基层中医馆；年度指标值：≥120个；实际完成值：126个；分值：10分；得分：10分
　二级指标：数量指标；三级指标：培养中医药骨干人才；年度指标值：≥300人；实际完成值：286人；分值：10分；得分：9.53分；偏差原因：部分学员因岗位调整退出
一级指标：满意度指标（10分）
　二级指标：服务对象满意度指标；三级指标：患者满意度；年度指标值：≥90%；实际完成值：94.5%；分值：10分；得分：10分
"""


def test_lines_of_labelled_fields_are_rows_under_their_level():
    doc = from_text(FIELDS_TEXT)
    se = find_prose_selfeval(doc)
    assert se is not None
    assert [(r.level1, r.level2, r.name) for r in se.indicators] == [
        ("产出指标", "数量指标", "建设基层中医馆"), ("产出指标", "数量指标", "培养中医药骨干人才"),
        ("满意度指标", "服务对象满意度指标", "患者满意度")]
    r = se.indicators[1]
    assert (r.target.q.text, r.actual.q.text, r.weight.q.value, r.score.q.value) == ("≥300人", "286人", 10, Decimal("9.53"))
    assert r.reason.text == "部分学员因岗位调整退出"
    assert doc.text[r.score.cell.start:r.score.cell.end] == "9.53"


def test_lines_of_a_prose_table_are_not_narrative_statements():
    # the field labels (实际完成值) are no subject: two rows' results are not one count given twice
    ext = extract(from_text(FIELDS_TEXT))
    assert not [s for s in ext.statements if "完成值" in s.subject]


def test_fields_without_a_score_are_no_row():
    doc = from_text("一级指标：产出指标\n二级指标：数量指标；三级指标：建设中医馆；年度指标值：≥120个；实际完成值：126个\n"
                    "二级指标：数量指标；三级指标：培训人才；年度指标值：≥300人；实际完成值：286人\n")
    assert find_prose_selfeval(doc) is None


SEMICOLON_TEXT = """附件1：自评表
（1）产出指标—数量指标—新建村级公益性公墓：年度指标值≥6个；实际完成值6个；分值8分，得分8分。
（2）产出指标—质量指标—遗体火化率：年度指标值≥60%；实际完成值52.3%；分值10分，得分10分；偏差原因：城区以外乡镇习俗影响。
"""


def test_semicolon_separated_lines_are_rows_and_not_statements():
    doc = from_text(SEMICOLON_TEXT)
    se = find_prose_selfeval(doc)
    assert se is not None and [r.actual.q.text for r in se.indicators] == ["6个", "52.3%"]
    assert se.indicators[1].score.q.value == 10
    assert not [s for s in extract(doc).statements if "完成值" in s.subject]
