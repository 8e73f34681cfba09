"""The fact model: each class of phrasing and layout it reads, on sentences written for
these tests (not taken from any corpus report)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from extractor.analysis import extract
from extractor.facts import MAIN_CONTEXT
from tests.rules.test_rule_fixtures import build_doc


def facts_of(text, tables=()):
    doc = build_doc(text, list(tables))
    return extract(doc).facts


def one(facts, concept, **kw):
    got = facts.of(concept, **kw)
    assert len(got) == 1, [(f.concept, str(f.context), f.q.text) for f in facts]
    return got[0]


def test_role_word_far_from_its_number_and_wan_alone():
    f = one(facts_of("今年安排用于全县农村饮水安全巩固提升工程维修养护的专项资金356.2万，已全部拨付。"), "budget")
    assert f.q.value == Decimal("356.2") and f.q.unit == "万元" and f.context.is_main


@pytest.mark.parametrize("verb", ["已拨付", "累计兑付", "实际列支", "已报账", "已结算", "累计发放"])
def test_spending_verbs(verb):
    f = one(facts_of(f"项目全年预算100.00万元，{verb}资金80.00万元。"), "spent")
    assert f.q.value == Decimal("80.00")


def test_subject_gives_the_context_and_the_sentence_keeps_it():
    fs = facts_of("全年实际支出7,128.61万元。河道保洁购买服务项目年初预算96.40万元，调整后预算86.40万元，"
                  "全年实际支出86.40万元，执行率100%。")
    spent = fs.of("spent")
    assert [str(f.context) for f in spent] == [str(MAIN_CONTEXT), "河道保洁购买服务"]
    assert one(fs, "rate.execution").context.name == "河道保洁购买服务"


def test_expense_types_and_three_public_expenses_are_items():
    fs = facts_of("全年实际支出500.00万元。其中，基本支出200.00万元；项目支出300.00万元。"
                  "2023年“三公”经费预算25.00万元，实际支出21.63万元。")
    names = {str(f.context) for f in fs.of("spent")}
    assert names == {str(MAIN_CONTEXT), "基本支出", "项目支出", "三公经费"}


def test_topic_clause_names_the_item():
    fs = facts_of("区直系统共涉及两家单位：一是博物馆管理处，安排下达预算资金900万元。")
    assert one(fs, "budget").context.name == "博物馆管理处"


def test_budget_change_is_not_a_budget():
    fs = facts_of("年初预算985万元，年中调减预算123.54万元，调整后全年预算数为861.46万元。")
    assert one(fs, "budget.change").q.value == Decimal("123.54")
    assert one(fs, "budget.total").context.is_main


def test_budget_change_with_its_verb_inside_the_cue_is_not_a_budget():
    # "批复调减区级资金150.00万元": the verb is part of the cue the grammar read
    fs = facts_of("年初预算1,200.00万元，其中区级财政资金1,000.00万元。经区财政局批复调减区级资金150.00万元，调整后全年预算1,050.00万元。")
    assert one(fs, "budget.change").q.value == Decimal("150.00")
    assert not [f for f in fs.of("budget") if f.q.value == Decimal("150.00")]


def test_a_title_naming_the_report_body_is_no_scope():
    # a sheet titled "报告正文" holds the report itself, one part per row, not an item of it
    from extractor.build import DocumentBuilder
    from tests.rules.test_rule_fixtures import table_cells

    b = DocumentBuilder("<fixture>", "xlsx")
    b.add_block("自评表（元）", heading=True, level=1)  # the sheets' names, as the XLSX reader gives them
    b.add_table(table_cells([["项目名称", "某市城市管理局部门整体支出"], ["主管部门", "某市城市管理局"]]))
    b.add_block("报告正文", heading=True, level=1)
    b.add_table(table_cells([["某市城市管理局2024年度部门整体支出绩效自评报告"],
                             ["二、部门预算及执行情况"], ["2024年部门调整后预算4,125.00万元。全年支出4,012.68万元，预算执行率97.28%。"]]))
    fs = extract(b.build()).facts
    assert one(fs, "spent").context.is_main


def test_table_of_the_departments_whole_spending_is_the_department():
    # "项目名称 | 部门整体支出" in a 部门整体支出 self-evaluation: the department's own table, not a project's
    fs = facts_of("自评表（元）", [[  # a sheet whose title is its first row
        ["某市城市管理局2024年度部门整体支出绩效自评表", "<", "<", "<", "<", "<", "<"],
        ["项目名称", "部门整体支出", "<", "<", "<", "<", "<"],
        ["资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "3860.00", "4125.00", "4012.68", "10", "97.28%", "9.73"],
        ["其中：基本支出", "1240.00", "1290.00", "1288.64", "—", "99.89%", "—"],
        ["项目支出", "2620.00", "2835.00", "2724.04", "—", "96.09%", "—"]]])
    assert one(fs, "spent", source="table", context=MAIN_CONTEXT).q.value == Decimal("4012.68")


def test_budget_cue_naming_the_use_of_the_money():
    # "安排养老服务体系建设资金1,286.40万元": that use's money; "下达中央资金…" is a source, the project's
    fs = facts_of("全年预算15,219.64万元。\n全年安排养老服务体系建设资金1,286.40万元，新建养老服务站18个。")
    assert one(fs, "budget").context.name == "养老服务体系建设"
    fs = facts_of("全年预算800.00万元。\n上级下达中央资金500.00万元，全年实际支出480.00万元。")
    assert [f.context.is_main for f in fs.of("budget")] == [True]


def test_fund_row_under_the_total_is_a_part_even_when_the_project_names_it():
    # 项目名称 "城镇老旧小区改造中央补助": its row "其中：中央补助" under 年度资金总额 is still one part
    fs = facts_of("项目全年预算3,300.00万元，全年执行3,220.20万元，执行率97.58%。", [[
        ["项目名称", "城镇老旧小区改造中央补助", "<", "<", "<", "<", "<"],
        ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "3,300.00", "3,300.00", "3,220.20", "10", "97.58%", "9.76"],
        ["其中：中央补助", "2,480.00", "2,480.00", "2,410.50", "—", "97.20%", "—"],
        ["省级补助", "820.00", "820.00", "809.70", "—", "98.74%", "—"]]])
    assert one(fs, "spent", source="table", context=MAIN_CONTEXT).q.value == Decimal("3220.20")


def test_allocation_right_before_its_figure_and_a_name_with_qianyue():
    # "安排260.00万元": 安排 right before its figure allocates it; 签约 in a name (家庭医生签约…) is no contract amount
    fs = facts_of("其中子项目“家庭医生签约信息平台升级”安排260.00万元，支出251.38万元，子项目执行率96.68%。")
    assert [(f.concept, f.context.name) for f in fs] == [
        ("budget", "家庭医生签约信息平台升级"), ("spent", "家庭医生签约信息平台升级"),
        ("rate.execution", "家庭医生签约信息平台升级")]
    assert not facts_of("全年招商签约项目金额12.6亿元。").of("budget")


def test_investment_and_per_unit_standards_are_not_budget_money():
    fs = facts_of("全年引进项目到位资金8.2亿元；按每亩补助标准下达资金120元。项目全年预算200万元。")
    assert [f.q.text for f in fs.of("funds.arrived", "budget", "budget.total")] == ["200万元"]


def test_formula_beside_a_rate_is_kept():
    f = one(facts_of("项目累计支出90万元，资金使用率（已支出资金÷到位资金）为92.86%。"), "rate.execution")
    assert f.note == "已支出资金÷到位资金"


def test_parts_of_a_total_inherit_its_concept_in_their_own_context():
    fs = facts_of("项目总预算2,900.00万元，其中：中央水利发展资金1,850.00万元，县级配套资金403.00万元。")
    parts = [f for f in fs.of("budget") if not f.context.is_main]
    assert {(f.context.name, f.q.value) for f in parts} == {("中央水利发展", Decimal("1850.00")),
                                                          ("县级配套", Decimal("403.00"))}


def test_table_in_yuan_becomes_wan_and_rows_are_contexts():
    fs = facts_of("表1 资金来源情况表（金额单位：元）", [[
        ["资金来源", "预算金额", "到位金额", "支出金额"],
        ["县级配套资金", "4,300,000.00", "2,560,000.00", "2,380,000.00"],
        ["合计", "29,000,000.00", "27,260,000.00", "25,314,700.00"],
    ]])
    b = fs.of("budget", source="table")
    assert {(str(f.context), f.q.value) for f in b} == {("县级配套", Decimal("430")), (str(MAIN_CONTEXT), Decimal("2900"))}
    assert all(f.table_unit == "元" and f.q.unit == "万元" for f in b)


@pytest.mark.parametrize("text,exhaustive", [
    ("下达资金791万元，分别用于治理工程491万元和综合治理300万元。", True),
    ("下达资金2263万元。资金具体安排为：治理工程1435万元、维修养护828万元。", True),
    ("基本支出1,200.00万元、项目支出600.00万元，合计1,800.00万元。", True),
    ("全年支出500万元，其中培训费120万元、差旅费80万元。", False),
    ("全年支出500万元，其中基本支出120万元、项目支出380万元。", True),
])
def test_totals_and_their_parts(text, exhaustive):
    ts = facts_of(text).totals
    assert len(ts) == 1 and ts[0].exhaustive is exhaustive and len(ts[0].parts) == 2


def test_comparisons_are_neither_totals_nor_parts():
    ts = facts_of("“三公”经费支出合计38.46万元，较上年的42.18万元减少3.72万元。其中：公务接待费9.87万元；"
                  "公务用车运行维护费24.35万元；因公出国（境）费用0万元。").totals
    assert len(ts) == 1 and ts[0].total.text == "38.46万元" and len(ts[0].parts) == 3 and ts[0].exhaustive


def test_count_followed_by_its_list():
    es = facts_of("下属事业单位3个，分别是县图书馆、县文化馆和县博物馆。局机关设办公室、财务股等8个股室。").enumerations
    assert len(es) == 1 and es[0].items == ("县图书馆", "县文化馆", "县博物馆")


def test_a_spreadsheet_row_holding_a_sentence_is_prose():
    fs = facts_of("", [[["自评说明"], ["2023年该项目年初预算320万元，全年预算调整为345万元，全年执行数为331.25万元。"]]])
    assert one(fs, "spent", source="prose").q.value == Decimal("331.25")


def test_list_item_named_before_a_colon_is_the_context():
    fs = facts_of("2023年部门调整后全年预算8,645.32万元。1.食品安全监督抽检项目：全年预算620万元，实际支出598.40万元。"
                  "2.智慧市场监管平台建设项目：全年预算450万元，实际支出441.00万元。")
    assert [str(f.context) for f in fs.of("budget.total")] == [str(MAIN_CONTEXT), "食品安全监督抽检", "智慧市场监管平台建设"]


def test_name_opening_its_clause_with_an_amount_is_the_context():
    fs = facts_of("全年实际使用361.24万元。按场馆分别下拨：县图书馆120万元，实际使用115.30万元；县文化馆110万元，实际使用104.82万元。")
    assert [str(f.context) for f in fs.of("spent")] == [str(MAIN_CONTEXT), "县图书馆", "县文化馆"]


def test_amount_after_a_per_unit_standard_is_not_spending():
    fs = facts_of("城市低保标准不低于每人每月720元，实际执行750元；全年实际支出2,000.00万元。")
    assert [f.q.text for f in fs.of("spent")] == ["2,000.00万元"]


def test_a_budget_change_does_not_name_the_sentence():
    fs = facts_of("年初预算1,800万元，年内省财政追加下达246.80万元，调整后全年预算2,046.80万元。")
    assert one(fs, "budget.total").context.is_main


def test_a_parts_own_breakdown_is_not_a_part():
    ts = facts_of("全年支出8,401.27万元，其中基本支出6,128.45万元、项目支出2,272.82万元；基本支出中，人员经费5,236.17万元，"
                  "公用经费892.28万元。").totals
    assert [p.text for p in ts[0].parts] == ["6,128.45万元", "2,272.82万元"]


def _roles(text):
    doc = build_doc(text)
    return {s.q.text: s.role for s in extract(doc).statements}


def test_target_then_result_in_one_sentence():
    roles = _roles("三、绩效目标完成情况\n建设高标准农田不少于3.5万亩，实际建成高标准农田3.62万亩；保障农村低保对象不少于9,800人，月均保障9,912人。")
    assert roles["不少于3.5万亩"] == "target" and roles["3.62万亩"] == "result"
    assert roles["不少于9,800人"] == "target" and roles["9,912人"] == "result"


def test_target_cue_governs_the_rest_of_its_sentence_and_problems_state_no_targets():
    roles = _roles("三、绩效目标完成情况\n预期目标：新建全民健身路径15个，更新健身器材200件。\n"
                   "四、存在的问题\n一是绩效目标设置不够细化；二是4个小区未能按期完工。")
    assert roles["200件"] == "target" and roles["4个"] != "target"


def test_weight_column_beside_the_score_is_not_the_total_score():
    doc = build_doc("总分\t\t\t\t\t100\t98.7")
    assert not [f for f in extract(doc).figures if f.label == "score.total" and f.q.text == "100"]


def test_extract_lists_what_the_alignment_left_alone():
    doc = build_doc("一、绩效目标\n年度目标为培训人数50人。\n二、完成情况\n全年培训280人次。")
    d = extract(doc).to_dict(doc)
    assert [s["text"] for s in d["unaligned_results"]] == ["280人次"]
    assert [s["text"] for s in d["unaligned_targets"]] == ["50人"]
    assert {"facts", "totals", "checked_against"} <= set(d)


def test_a_thousands_comma_is_not_a_clause_break():
    fs = facts_of("农村低保标准不低于每人每年6,000元，实际执行6,240元；全年实际支出2,000.00万元。")
    assert [f.q.text for f in fs.of("spent")] == ["2,000.00万元"]


def test_a_project_named_before_xiangmu_zhichu_is_that_project():
    fs = facts_of("全年实际支出9,000.00万元。重点项目中，基本公共卫生服务项目支出1,268.45万元。其中，基本支出200.00万元。")
    assert [str(f.context) for f in fs.of("spent")] == [str(MAIN_CONTEXT), "基本公共卫生服务", "基本支出"]


def test_budget_parts_named_by_expense_type_and_bracketed_breakdowns():
    fs = facts_of("2023年部门年初预算2,860万元，其中基本支出1,960万元、项目支出900万元。年中调减项目支出预算120万元，"
                  "调整后全年预算2,740万元（基本支出1,960万元、项目支出780万元）。全年支出2,712.60万元，预算执行率99.00%，"
                  "其中基本支出1,960万元，项目支出752.60万元，项目支出执行率96.49%。")
    assert one(fs, "budget.change").q.value == Decimal("120")
    assert [str(f.context) for f in fs.of("budget.total")] == [str(MAIN_CONTEXT), "基本支出", "项目支出"]
    assert [f.q.value for f in fs.of("budget.initial", context=fs.of("budget.initial")[-1].context)] == [Decimal("900")]
    assert one(fs, "rate.execution", context=fs.of("budget.total")[-1].context).q.value == Decimal("96.49")


def test_cumulative_since_an_earlier_year_is_not_a_result():
    roles = _roles("三、绩效目标完成情况\n全年改造老旧小区45个。2019年以来，全市累计改造老旧小区186个。")
    assert roles["45个"] == "result" and roles["186个"] == "history"


def test_the_title_names_the_evaluated_year():
    fs = facts_of("某市2023年度衔接资金绩效自评报告\n另有2022年度结转项目5个，已在2022年度自评中评价，不纳入本次统计范围。")
    assert fs.year == 2023


def test_the_title_names_the_evaluated_year_without_du():
    # "莘县2023年学生资助…自评报告": the title's year written without 度; the date under it is no year of the report
    fs = facts_of("莘县2023年学生资助补助资金项目支出绩效自评报告\n填报单位：莘县教育和体育局 报告日期：2024年3月18日\n"
                  "一、项目基本情况\n2022年度结转资金12.00万元已于上年度自评。")
    assert fs.year == 2023


def test_a_section_title_naming_a_sub_project_is_the_context_of_its_paragraph():
    fs = facts_of("二、资金使用情况\n（一）全民健身设施建设子项目。年初预算600万元，全年实际支出582万元，执行率97.00%。\n"
                  "（二）青少年体育赛事子项目。年初预算200万元，全年实际支出176万元，执行率88.00%。\n"
                  "（三）资金总体情况。项目年初预算800万元，全年实际支出758万元。")
    # 子项目 is generic like 项目: the name is what it names (it once kept a dangling 子)
    assert [str(f.context) for f in fs.of("spent")] == ["全民健身设施建设", "青少年体育赛事", str(MAIN_CONTEXT)]


def test_a_unit_acting_on_a_date_names_no_context():
    fs = facts_of("2023年年初预算520万元。县财政局于7月12日追加预算85万元，调整后全年预算605万元。")
    assert one(fs, "budget.total").context.is_main


def test_the_name_before_what_was_done_opens_its_sentence():
    fs = facts_of("全年实际支出26,398.64万元。困难群众参保资助实际资助4,920人，支出1,869,600元。")
    main, item = fs.of("spent")
    assert main.context.is_main and item.context.name.startswith("困难群众参保资助")


def test_expense_type_row_is_that_type_not_the_report():
    """A funds-table row 项目支出 is the 项目支出 context even when the report's own name
    (…部门支出绩效自评报告) contains 支出: normalizing the label must not leave a bare 支出."""
    from extractor.facts.contexts import row_context
    from extractor.facts.model import ITEM, MAIN_CONTEXT

    names = ("云山市发展和改革委员会支出绩效自评报告",)
    assert row_context("项目支出", False, names).kind == ITEM
    assert row_context("项目支出", False, names).name == "项目支出"
    assert row_context("其中：基本支出", False, names).name == "基本支出"
    assert row_context("年度资金总额", True, names) == MAIN_CONTEXT


def test_breakdown_after_several_amounts_belongs_to_the_one_it_adds_up_to():
    fs = facts_of("2023年年初预算8600万元，年中追加后全年预算9450万元，全年支出9072万元，预算执行率105.49%。"
                  "其中，基本支出6715.22万元，主要用于人员经费；项目支出2356.78万元，主要用于公共卫生服务。")
    parts = {f.context.name: f.concept for f in fs if f.context.name in ("基本支出", "项目支出")}
    assert parts == {"基本支出": "spent", "项目支出": "spent"}


def test_investment_wholly_of_fiscal_funds_is_the_budget():
    fs = facts_of("项目计划总投资2400万元，其中中央财政资金1440万元、省级财政资金576万元、县级配套资金384万元。")
    assert [f.q.text for f in fs if f.concept == "budget" and f.context.is_main] == ["2400万元"]
    fs = facts_of("项目计划总投资2400万元，其中中央财政资金1440万元、企业自筹资金960万元。")
    assert not [f for f in fs if f.concept == "budget" and f.context.is_main]


def test_project_spending_is_the_projects_own_without_a_department_split():
    """"全年项目支出1396.20万元" in a project report is the project's spending; 项目支出 is an
    expense type only beside 基本支出. "批复预算" names how the budget was set, not whose it is."""
    fs = facts_of("2025年项目批复预算1450.00万元。全年项目支出1396.20万元，预算执行率96.29%。")
    assert {f.concept: f.context.is_main for f in fs} == {"budget": True, "spent": True, "rate.execution": True}
    fs = facts_of("全年支出2,712.60万元，其中基本支出1,960万元，项目支出752.60万元。")
    assert any(f.context.name == "项目支出" for f in fs)


def test_rate_after_a_list_of_parts_is_the_wholes():
    fs = facts_of("全年预算320.00万元。全年执行301.44万元，其中当年财政拨款支出283.12万元、上年结转资金支出18.32万元，"
                  "预算执行率95.20%。")
    rate = one(fs, "rate.execution")
    assert rate.context.is_main
    # a rate right after its own part, in its own segment, stays the part's
    fs = facts_of("全年支出2,712.60万元，其中基本支出1,960万元，执行率100%；项目支出752.60万元，执行率96.49%。")
    assert [f.context.name for f in fs if f.concept == "rate.execution"] == ["基本支出", "项目支出"]


@pytest.mark.parametrize(("text", "headline"), [
    ("项目全年实际支出412.80万元。", True),
    ("截至12月31日已支付412.80万元。", True),
    ("部门全年累计支出412.80万元。", True),
    ("其中培训支出412.80万元。", False),
])
def test_headline_amounts(text, headline):
    # an amount worded as the whole-year figure of its concept, read once for JX402
    f = facts_of(text).of("spent")[0]
    assert f.headline is headline


def test_a_project_and_one_of_its_fund_rows_are_two_contexts():
    from extractor.facts.model import ITEM, Context

    project, row = Context(ITEM, "城乡最低生活保障"), Context(ITEM, "城乡最低生活保障结转")
    assert not project.same(row) and not row.same(project)
    assert Context(ITEM, "中央车购税").same(Context(ITEM, "中央车购税补助"))


def test_a_row_naming_two_sources_is_neither():
    from extractor.facts.contexts import row_context

    both = row_context("州、县级资金", False, ())
    assert not both.same(row_context("县级资金", False, ())) and not row_context("州级", False, ()).same(both)
