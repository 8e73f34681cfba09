"""The report's parts read once for the rules (extractor/facts/structure): section
titles and bodies, cited and present attachments, whole-work claims and the exceptions
they name. Sentences written for these tests."""
from __future__ import annotations

from extractor.facts.structure import subject_words
from tests.rules.test_rule_fixtures import build_doc
from tests.test_facts import facts_of

REPORT = ("2024年度项目支出绩效自评报告\n一、项目基本情况\n项目年初预算100万元。\n"
          "二、存在的问题\n暂无。\n三、改进措施\n加强管理，详见附件2。\n附件1 资金明细表\n明细略。\n")


def test_sections_carry_their_titles_and_bodies():
    f = facts_of(REPORT)
    assert f.is_report
    titles = [s.title for s in f.sections]
    assert any("存在的问题" in t for t in titles) and any("改进措施" in t for t in titles)
    problems = next(s for s in f.sections if "存在的问题" in s.title)
    assert problems.body is not None


def test_not_a_report_without_the_words():
    assert not facts_of("一、基本情况\n二、问题\n三、措施\n").is_report


def test_attachments_cited_and_present():
    a = facts_of(REPORT).attachments
    assert [n for n, _, _ in a.cited] == [2]
    assert 1 in a.present and 2 not in a.present
    assert not a.unnumbered_part


def test_selfeval_mention_unmet_without_a_table_and_met_by_table_lines():
    unmet = facts_of("绩效自评报告正文。\n附件：项目支出绩效自评表\n").attachments
    assert len(unmet.unmet_table_mentions) == 1 and not unmet.has_selfeval_table
    met = facts_of("绩效自评报告正文。\n附件：项目支出绩效自评表\n一级指标 二级指标 三级指标 分值 得分\n").attachments
    assert met.unmet_table_mentions == ()


def test_claims_of_the_whole_work_only():
    f = facts_of("维修养护水库51座，全部完成。各项绩效指标均已完成。年内全部完成支出。未全面完成任务。")
    assert [c.text for c in f.claims] == ["各项绩效指标均已完成"]
    assert f.claims[0].excepts is None


def test_claim_names_its_exceptions():
    f = facts_of("除小型水库安全鉴定外，其余各项绩效指标均已完成。")
    (c,) = f.claims
    assert c.excepts is not None and {"水库", "鉴定"} <= c.excepts


def test_subject_of_a_figure_includes_its_paragraph_title():
    text = "4.小型水库安全鉴定。年度计划完成22座，实际完成20座。\n5.河道清淤。完成8公里。\n"
    doc = build_doc(text, [])
    at = text.index("20座")
    words = subject_words(doc, at, at + 3)
    assert {"水库", "鉴定"} <= words and "清淤" not in words


def test_shortfall_explained_in_its_sentence_or_not_at_all():
    bare = facts_of("年度目标：包装推出产业招商项目100个。完成情况：包装推出产业招商项目93个，完成率93%。")
    assert [sf.explained for sf in bare.shortfalls] == [False]
    said = facts_of("年度目标：包装推出产业招商项目100个。完成情况：包装推出产业招商项目93个，完成率93%，"
                    "主要原因是两个项目推迟包装。")
    assert [sf.explained for sf in said.shortfalls] == [True]


def test_shortfall_explained_in_the_reasons_part():
    f = facts_of("一、绩效目标完成情况\n年度目标：新建站点15个。完成情况：新建站点12个。\n"
                 "二、偏差原因\n站点选址调整导致工期延后。\n")
    assert f.shortfalls and all(sf.explained for sf in f.shortfalls)


def test_budget_words_read_once():
    f = facts_of("年初预算500万元，因两个乡镇的河段划转至城区管理，年中调减10.00万元，全年预算490万元。"
                 "预算资金43.2万元于5月全额下达，到位率100%。")
    text = "年初预算500万元，因两个乡镇的河段划转至城区管理，年中调减10.00万元，全年预算490万元。"
    w = f.budget_words
    assert w.adjustment_explained
    assert w.cut_reason_between(text.index("500万元"), text.index("490万元"))
    assert not w.cut_reason_between(text.index("490万元"), len(text))
    assert w.in_full_between(len(text), len(text) + 30)
    assert not facts_of("年初预算500万元，全年预算500万元。").budget_words.adjustment_explained


def test_numbered_heading_is_no_title_name():
    f = facts_of("农村公路养护项目绩效自评报告\n一、基本情况\n项目年初预算100万元。")
    assert f.names and not any("基本情况" in n for n in f.names)
