"""Tables a TXT report draws with box characters, bars or aligned spaces (extractor/readers/txt_tables)."""
from __future__ import annotations

from extractor.readers.txt import from_text
from extractor.selfeval import find_selfevals


def _rows(doc, k=0):
    t = doc.tables[k]
    grid = {}
    for c in t.cells:
        grid.setdefault(c.row, {})[c.col] = doc.text[c.start:c.end]
    return [[grid[r].get(c, "") for c in range(t.n_cols)] for r in range(t.n_rows)]


SPACED = """三、自评得分情况
    年初预算数 1480.00 | 全年预算数 1480.00 | 全年执行数 1162.38 | 分值 10 | 执行率 78.54% | 得分 8.50
    一级指标/二级指标/三级指标            年度指标值      实际完成值      分值    得分    偏差原因分析
    产出/数量/退化草原修复治理面积       ≥5万亩          5.2万亩         10      10
    产出/数量/技术培训期数               ≥4期            46期            10      10
    效益/经济效益/牧户参与务工增收       有所增加        达成年度指标    10      9       增收数据尚未精确统计
    总分                                                                 100     97.50
"""


def test_spaced_table_with_level_header_and_pair_line():
    doc = from_text(SPACED)
    assert len(doc.tables) == 2
    assert _rows(doc, 0) == [["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
                             ["1480.00", "1480.00", "1162.38", "10", "78.54%", "8.50"]]
    rows = _rows(doc, 1)
    assert rows[0] == ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析"]
    assert rows[2] == ["产出", "数量", "技术培训期数", "≥4期", "46期", "10", "10", ""]
    assert rows[3][-1] == "增收数据尚未精确统计"
    # the total row: its figures stay under 分值 and 得分 although the cells before are empty
    assert rows[4][0] == "总分" and rows[4][5:7] == ["100", "97.50"]
    (se,) = find_selfevals(doc)
    total = se.funds_total()
    assert str(total.q("executed").value) == "1162.38" and str(total.q("score").value) == "8.50"
    assert [r.name for r in se.indicators] == ["退化草原修复治理面积", "技术培训期数", "牧户参与务工增收"]


def test_empty_leading_cell_keeps_the_columns():
    doc = from_text("""一级指标    二级指标          三级指标              年度指标值    实际完成值   分值   得分
产出指标    数量指标          维修养护水库数量      51座          51座         10     10
            数量指标          水库安全巡查次数      ≥600次        648次        10     10
""")
    assert _rows(doc)[2] == ["", "数量指标", "水库安全巡查次数", "≥600次", "648次", "10", "10"]


def test_box_table():
    doc = from_text("""┌──────┬──────┬──────┐
│项目资金│年初预算数│全年执行数│
├──────┼──────┼──────┤
│年度资金总额│  620.00│  612.40│
│其中：当年财政拨款│620.00│612.40│
└──────┴──────┴──────┘
""")
    assert _rows(doc) == [["项目资金", "年初预算数", "全年执行数"], ["年度资金总额", "620.00", "612.40"],
                          ["其中：当年财政拨款", "620.00", "612.40"]]


def test_full_width_bar_table():
    """Cells between full-width bars (｜, what a Chinese input method types for |), an empty cell kept."""
    doc = from_text("""三、自评表
三级指标｜年度指标值｜实际完成值｜分值｜得分
清理病死（疫）松树｜≥2.2万株｜23418株｜10｜10
除治率｜100%｜｜10｜10
""")
    assert _rows(doc) == [["三级指标", "年度指标值", "实际完成值", "分值", "得分"],
                          ["清理病死（疫）松树", "≥2.2万株", "23418株", "10", "10"], ["除治率", "100%", "", "10", "10"]]


def test_two_tables_in_a_row_are_two():
    doc = from_text("""年初预算数    全年预算数    全年执行数    分值    执行率     得分
3450.00       3450.00       2986.47       10      86.56%     9
一级指标  二级指标  三级指标                  年度指标值    实际完成值    分值  得分
产出指标  数量指标  技术培训期数              ≥6期          118期         5     5
""")
    assert len(doc.tables) == 2 and _rows(doc, 1)[1][3:5] == ["≥6期", "118期"]


def test_prose_and_field_lines_are_not_tables():
    doc = from_text("""项目名称：2022年献县高标准农田建设项目     实施单位：献县农业农村局     单位：万元
一是资金执行率偏低。  二是管护压力大。  三是宣传不够。
一是加快支付。  二是压实责任。  三是加强宣传。
本项目全年预算1480万元。
""")
    assert len(doc.tables) == 0
    assert len(doc.blocks) == 4


def test_bar_table_without_outer_edges_keeps_leading_empty_cells():
    from extractor.readers.txt import from_text

    text = ("一级指标│二级指标│三级指标│年度指标值│实际完成值│分值│得分\n"
            "产出指标│数量指标│道路机械化清扫面积│≥1850万平方米│1,912万平方米│8│8\n"
            "││垃圾分类覆盖小区│≥480个│452个│7│6.59\n"
            "│质量指标│道路机械化清扫率│≥92%│89.10%│7│6.78\n")
    doc = from_text(text)
    (t,) = doc.tables
    rows: dict[int, dict[int, str]] = {}
    for c in t.cells:
        rows.setdefault(c.row, {})[c.col] = doc.cell_text(c).strip()
    assert rows[2].get(2) == "垃圾分类覆盖小区" and rows[2].get(3) == "≥480个"
    assert rows[3].get(1) == "质量指标" and rows[3].get(2) == "道路机械化清扫率"


def test_indented_table_leaves_merged_cells_out():
    # cells two spaces apart, not under their headers; each two spaces of indent stand for a
    # merged cell of the row above
    doc = from_text("一级指标  二级指标  三级指标  年度指标值  实际完成值  分值  得分  偏差原因分析及改进措施\n"
                    "产出指标  数量指标  新增城区绿化面积  ≥1.2万平方米  1.26万平方米  8  8  \n"
                    "    补植乔灌木  ≥3500株  3860株  6  6  \n"
                    "  质量指标  新植苗木成活率  ≥90%  88.5%  8  7.87  春季倒春寒导致部分苗木受冻\n")
    (t,) = doc.tables
    rows: dict[int, dict[int, str]] = {}
    for c in t.cells:
        rows.setdefault(c.row, {})[c.col] = doc.cell_text(c).strip()
    assert rows[2].get(2) == "补植乔灌木" and rows[2].get(4) == "3860株"
    assert rows[3].get(1) == "质量指标" and rows[3].get(4) == "88.5%" and rows[3].get(6) == "7.87"
