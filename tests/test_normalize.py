from hypothesis import given
from hypothesis import strategies as st

from extractor.normalize import join_sep, normalize_line, normalize_lines


def test_fullwidth_and_spaces():
    assert normalize_line("２０２１ 年") == "2021年"
    assert normalize_line("500.00 万元") == "500.00万元"
    assert normalize_line("乐山市 关于") == "乐山市关于"
    assert normalize_line("2021 2022") == "2021 2022"
    assert normalize_line("９５ ％") == "95%"
    assert normalize_line("资金，（一）。") == "资金，（一）。"
    assert normalize_line("a\u00a0b\u3000\u3000c") == "a b c"
    assert normalize_line("x\x00y\ud800z\u200b") == "xyz"
    assert normalize_line("⼀、项目") == "一、项目"  # Kangxi radical from a PDF font


def test_fullwidth_thousands_separator():
    assert normalize_line("全年预算１，２００．００万元") == "全年预算1,200.00万元"
    assert normalize_line("１２，３４５，６７８元") == "12,345,678元"
    # a full-width comma is kept as a clause break where it cannot be a separator
    assert normalize_line("分别为１２，１５，１８个") == "分别为12，15，18个"
    assert normalize_line("完成12，200人") == "完成12，200人"  # ASCII digits: the writer chose the comma
    assert normalize_line("１，２３４５") == "1，2345"


def test_join_lines():
    text, starts = normalize_lines(["提供第一手线索 325", "条，上门拜访企业 93", "个", "1000家以", "上", "驻外招", "商组"])
    assert text == "提供第一手线索325条，上门拜访企业93个1000家以上驻外招商组"
    assert [text[s] for s in starts] == ["提", "条", "个", "1", "上", "驻", "商"]
    assert normalize_lines(["2021", "2022"])[0] == "2021 2022"
    # a number a fixed-width wrap split inside Chinese text is one number
    assert normalize_lines(["其中文献购置41", "2.60万元（纸质图书"])[0] == "其中文献购置412.60万元（纸质图书"
    assert normalize_lines(["93%", "2021年"])[0] == "93% 2021年"
    assert normalize_lines(["Hello", "world"])[0] == "Hello world"
    assert normalize_lines(["热线4008-413-", "413"])[0] == "热线4008-413-413"
    assert join_sep("线索", "条") == ""


@given(st.text())
def test_normalize_line_never_grows(s):
    out = normalize_line(s)
    assert len(out) <= len(s)
    assert "\n" not in out and "\t" not in out


@given(st.lists(st.text(), max_size=8))
def test_normalize_lines_offsets(lines):
    text, starts = normalize_lines(lines)
    assert len(starts) == len(lines)
    assert len(text) <= sum(len(x) for x in lines) + max(0, len(lines) - 1)
    assert all(0 <= s <= len(text) for s in starts)
    assert starts == sorted(starts)
    for s, raw in zip(starts, lines, strict=True):
        norm = normalize_line(raw).strip()
        if norm:
            assert text[s : s + len(norm)] == norm
