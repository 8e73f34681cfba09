"""自评表 layouts read by extractor.selfeval: a weight column after each level label, and the
project named by the table's caption. Tables written for these tests."""
from __future__ import annotations

from decimal import Decimal

from extractor.analysis import extract
from tests.rules.test_rule_fixtures import build_doc

SHEET = [
    "一级指标 | 分值 | 二级指标 | 分值 | 得分".split(" | "),
    "投入 | 15 | 预算编制科学性 | 5 | 4.5".split(" | "),
    ["", "", "目标设置合理性", "10", "9"],
    "过程 | 85 | 预算执行率 | 85 | 80".split(" | "),
    "合计 | 100 |  |  | 93.5".split(" | "),
]


def test_weight_column_per_level():
    (se,) = extract(build_doc("附件1：部门整体支出绩效自评表", [SHEET])).selfevals
    rows = [(r.level1, r.level1_weight, r.name, r.weight.text, r.score.text) for r in se.indicators]
    assert rows == [("投入", Decimal(15), "预算编制科学性", "5", "4.5"),
                    ("投入", Decimal(15), "目标设置合理性", "10", "9"),
                    ("过程", Decimal(85), "预算执行率", "85", "80")]
    assert se.total_weight.q.value == 100 and se.total_score.q.value == Decimal("93.5")


FUNDS = [" | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分".split(" | "),
         "年度资金总额 | 2,150.00 | 2,150.00 | 1,505.00 | 10 | 70.00% | 7.00".split(" | ")]


def test_caption_names_the_project():
    for caption, name in [("附件2：项目支出绩效自评表——就业创业补助项目（单位：万元）", "就业创业补助项目"),
                          ("2023年度农村公路养护项目支出绩效自评表", "农村公路养护项目"),
                          ("（项目名称：城乡供水一体化）", "城乡供水一体化")]:
        (se,) = extract(build_doc(f"绩效自评报告\n{caption}", [FUNDS])).selfevals
        assert se.project == name, caption


def test_no_caption_no_project():
    (se,) = extract(build_doc("绩效自评报告\n附件1：部门整体支出绩效自评表", [FUNDS])).selfevals
    assert se.project is None


def test_project_table_in_a_department_report_is_the_projects():
    text = ("某区人力资源和社会保障局2023年度部门整体支出绩效自评报告\n一、部门整体支出情况\n全年预算8,936.42万元。\n"
            "附件2：项目支出绩效自评表——就业创业补助项目（单位：万元）")
    ext = extract(build_doc(text, [FUNDS]))
    tf = [f for f in ext.facts.of("budget.total") if f.source == "table"]
    assert tf and all(not f.context.is_main for f in tf)
    assert not ext.facts.table_context(ext.selfevals[0]).is_main


def test_weight_and_score_in_one_cell():
    rows = ["一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 实际完成值 | 权重/得分".split(" | "),
            "产出指标 | 数量指标 | 职业技能培训人次 | ≥ | 2000 | 人次 | 6580 | 15/15".split(" | "),
            "效益指标 | 社会效益指标 | 重点群体培训后就业率 | ≥ | 60 | % | 52 | 10/8.67".split(" | "),
            "总分 | 总分 | 总分 | 总分 | 总分 | 总分 | 总分 | 100/98.26".split(" | ")]
    doc = build_doc("项目支出绩效自评表", [rows])
    (se,) = extract(doc).selfevals
    got = [(r.name, r.weight.text, r.score.text, r.actual.q.unit) for r in se.indicators]
    assert got == [("职业技能培训人次", "15", "15", "人次"), ("重点群体培训后就业率", "10", "8.67", "%")]
    r = se.indicators[1]
    assert doc.text[r.score.cell.start:r.score.cell.end] == "8.67"
    assert (se.total_weight.text, se.total_score.text) == ("100", "98.26")


def test_result_without_unit_takes_the_money_targets_unit():
    rows = ["一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分".split(" | "),
            "产出指标 | 成本指标 | 单块设施检测成本 | ≤1,500元 | 1,386.50 | 10 | 10".split(" | ")]
    (se,) = extract(build_doc("项目支出绩效自评表（单位：元）", [rows])).selfevals
    r = se.indicators[0]
    assert r.actual.q.kind == "money" and r.actual.q.raw_unit == "元"
    assert r.actual.q.value / r.target.q.value == Decimal("1386.50") / Decimal("1500")


def test_rows_that_label_their_own_figures():
    from extractor.readers.txt import from_text

    text = ("五、自评得分\n产出指标（50分）\n"
            "  数量指标 | 新建高标准农田面积 | ≥5万亩 | 5.02万亩 | 分值15 | 得分15\n"
            "  数量指标 | 农民技术培训 | ≥3期 | 41期 | 分值5 | 得分5\n"
            "  社会效益 | 项目区有效灌溉保证率 | ≥75% | 68% | 分值10 | 得分9.07 | 偏差原因：变压器待接入\n")
    doc = from_text(text)
    (se,) = extract(doc).selfevals
    got = [(r.level1, r.level1_weight, r.name, r.target.text, r.actual.text, r.weight.text, r.score.text)
           for r in se.indicators]
    assert got[0] == ("产出指标", Decimal(50), "新建高标准农田面积", "≥5万亩", "5.02万亩", "15", "15")
    assert se.indicators[2].reason.text == "变压器待接入" and se.indicators[2].score.text == "9.07"
    s = se.indicators[2].score
    assert doc.text[s.cell.start:s.cell.end] == "9.07"


def test_unit_in_a_label_cell_and_the_value_cell_beside_it():
    """A spreadsheet form's header row: 金额单位 | 元 in two cells (not 单位：元 in one)."""
    head = "项目名称 | 居家养老服务补贴 | 金额单位 | 元 |  |  | ".split(" | ")
    rows = [head, *[r + [""] * (len(head) - len(r)) for r in FUNDS]]
    rows[2] = "年度资金总额 | 5,600,000.00 | 5,600,000.00 | 5,268,000.00 | 10 | 94.07% | 9.41".split(" | ")
    (se,) = extract(build_doc("项目支出绩效自评表", [rows])).selfevals
    assert se.unit == "元"
    # an indicator's measure unit column (度量单位 | 个) is not the money unit
    rows[0] = "项目名称 | 居家养老服务补贴 | 度量单位 | 元 |  |  | ".split(" | ")
    (se,) = extract(build_doc("项目支出绩效自评表", [rows])).selfevals
    assert se.unit == "万元"


def test_score_sheet_remark_states_target_and_result():
    """A score sheet without 年度指标值/实际完成值 columns whose 评分说明 states both: they are the row's
    target and result (with the remark's own figures located in the cell); a remark of another kind is not."""
    rows = ["一级指标 | 二级指标 | 分值 | 得分 | 评分说明".split(" | "),
            "产出（30分） | 租赁补贴及实物配租户数 | 10 | 10 | 目标≥1,300户，全年保障1,362户".split(" | "),
            "产出（30分） | 保障性租赁住房筹集套数 | 10 | 6.8 | 目标500套，实际筹集340套".split(" | "),
            "效益（20分） | 服务对象满意度 | 10 | 8 | 目标≥90%，调查结果80%，主要因轮候时间较长".split(" | "),
            "过程（30分） | 资金管理 | 10 | 6.5 | 个别项目资金支付审批手续不全，扣1分".split(" | ")]
    doc = build_doc("绩效评价评分表", [rows])
    (se,) = extract(doc).selfevals
    got = [(r.label, r.target and r.target.q.text, r.actual and r.actual.q.text) for r in se.indicators]
    assert got == [("租赁补贴及实物配租户数", "≥1,300户", "1,362户"), ("保障性租赁住房筹集套数", "500套", "340套"),
                   ("服务对象满意度", "≥90%", "80%"), ("资金管理", None, None)]
    a = se.indicators[0].actual.q
    assert doc.text[a.start:a.end] == "1,362户"


def test_a_total_row_named_self_evaluation_total():
    """"自评总分 |  |  | 100 | 95": the table's total, not an indicator with a blank result."""
    rows = ["指标 | 年度指标值 | 实际完成值 | 分值 | 得分".split(" | "),
            "辅具适配人数 | 1500人 | 1236人 | 20 | 16".split(" | "),
            "服务对象满意度 | ≥90% | 96.4% | 80 | 79".split(" | "),
            ["自评总分", "", "", "100", "95"]]
    (se,) = extract(build_doc("项目支出绩效自评表", [rows])).selfevals
    assert [r.label for r in se.indicators] == ["辅具适配人数", "服务对象满意度"]
    assert (se.total_weight.text, se.total_score.text) == ("100", "95")


def test_continued_table_with_its_project_row_repeated_and_no_header():
    # "（续表）" on the next page: the 项目名称 row again, then indicator rows under no header of their own
    first = [
        ["项目名称", "2023年畜禽粪污资源化利用项目", "", "", "", "", ""],
        "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分".split(" | "),
        "产出指标 | 数量指标 | 支持规模养殖场设施改造 | ≥60家 | 64家 | 10 | 10".split(" | "),
    ]
    second = [
        ["项目名称", "2023年畜禽粪污资源化利用项目", "", "", "", "", ""],
        ["", "数量指标", "建设粪污集中处理中心", "≥3个", "1个", "10", "3.33"],
        "满意度指标 | 满意度指标 | 养殖场户满意度 | ≥90% | 92.7% | 10 | 10".split(" | "),
        ["总分", "", "", "", "", "30", "23.33"],
    ]
    (se,) = extract(build_doc("2023年畜禽粪污资源化利用项目绩效自评表", [first, second])).selfevals
    assert [(r.name, r.target.text, r.actual.text) for r in se.indicators] == [
        ("支持规模养殖场设施改造", "≥60家", "64家"), ("建设粪污集中处理中心", "≥3个", "1个"),
        ("养殖场户满意度", "≥90%", "92.7%")]
    assert se.total_score.q.value == Decimal("23.33")
    assert [r.level1 for r in se.indicators] == ["产出指标", "产出指标", "满意度指标"]


def test_adjustment_column_beside_the_whole_year_budget():
    # "年初预算 | 调整预算 | 全年预算": beside a 全年 column, 调整预算 is the amount added, not the year's budget
    rows = ["项目 | 年初预算 | 调整预算 | 全年预算 | 全年执行 | 执行率".split(" | "),
            "合计 | 48,736,200.00 | 3,215,800.00 | 51,952,000.00 | 50,387,416.52 | 96.99%".split(" | ")]
    (se,) = extract(build_doc("某局2023年度部门整体支出绩效自评报告", [rows])).selfevals
    assert se.funds[0].get("annual").text == "51,952,000.00"


def test_funds_header_ending_a_page_reads_the_rows_on_the_next():
    # the funds header is the last row of page 1's table; its rows open page 2's (one more column)
    first = [["项目名称", "全民健身中心建设", "", "", "", "", ""],
             "资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分".split(" | ")]
    second = ["年度资金总额 | 2600.00 | 2480.00 | 2391.55 | 10 | 96.43% | 9.64 | ".split(" | "),
              "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施".split(" | "),
              "产出指标 | 数量指标 | 全民健身中心建设面积 | ≥1.2万平方米 | 1.26万平方米 | 90 | 90 | 无偏差".split(" | "),
              ["总分", "", "", "", "", "100", "99.64", ""]]
    (se,) = extract(build_doc("全民健身中心建设项目绩效自评表", [first, second])).selfevals
    assert se.project == "全民健身中心建设" and se.funds[0].get("executed").text == "2391.55"
    assert se.funds[0].role == "total"


def test_department_whole_spending_row_is_the_total():
    rows = ["资金 | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分".split(" | "),
            "部门整体支出 | 1,952.80 | 1,868.50 | 1,796.06 | 10 | 96.12% | 9.61".split(" | "),
            "其中：一般公共预算 | 1,859.20 | 1,774.90 | 1,702.46 | — | 95.92% | —".split(" | ")]
    (se,) = extract(build_doc("某局2025年度部门整体支出绩效自评表", [rows])).selfevals
    assert [r.role for r in se.funds][0] == "total"
