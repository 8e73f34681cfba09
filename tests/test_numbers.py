"""The number grammar: what reports print, and what must not become a figure."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.numbers import chinese_to_decimal, find_quantities, parse_quantity

D = Decimal

# input -> (value, unit, ulp, qualifier, text span); the input holds exactly one figure.
CASES: list[tuple[str, tuple[str, str, str, str | None, str]]] = [
    ("≥500家", ("500", "家", "1", "≥", "≥500家")),
    ("1,000.00", ("1000.00", "", "0.01", None, "1,000.00")),
    ("77.04%", ("77.04", "%", "0.01", None, "77.04%")),
    ("77.04％", ("77.04", "%", "0.01", None, "77.04％")),
    ("≤30万元", ("30", "万元", "1", "≤", "≤30万元")),
    ("100", ("100", "", "1", None, "100")),
    ("93个", ("93", "个", "1", None, "93个")),
    ("一千二百万元", ("1200", "万元", "1", None, "一千二百万元")),
    ("百分之九十三", ("93", "%", "1", None, "百分之九十三")),
    ("两个", ("2", "个", "1", None, "两个")),
    ("三十余家", ("30", "家", "1", "+", "三十余家")),
    ("1.2万个", ("12000", "个", "1000", None, "1.2万个")),
    ("1100亿元", ("11000000", "万元", "10000", None, "1100亿元")),
    ("3.5万人次", ("35000", "人次", "1000", None, "3.5万人次")),
    ("770.42万元", ("770.42", "万元", "0.01", None, "770.42万元")),
    ("4,573,732.68元", ("457.373268", "万元", "0.000001", None, "4,573,732.68元")),
    ("500.00 万元", ("500.00", "万元", "0.01", None, "500.00 万元")),
    ("38千元", ("3.8", "万元", "0.1", None, "38千元")),
    ("100分", ("100", "分", "1", None, "100分")),
    ("9.3分", ("9.3", "分", "0.1", None, "9.3分")),
    ("用时30分钟", ("30", "分钟", "1", None, "30分钟")),
    ("80%-90%", ("80", "%", "1", None, "80%-90%")),
    ("80-90%", ("80", "%", "1", None, "80-90%")),
    ("3至5个", ("3", "个", "1", None, "3至5个")),
    ("3~5个", ("3", "个", "1", None, "3~5个")),
    ("3—5个", ("3", "个", "1", None, "3—5个")),
    ("三至五个", ("3", "个", "1", None, "三至五个")),
    ("3-5万元", ("3", "万元", "1", None, "3-5万元")),
    ("3年", ("3", "年", "1", None, "3年")),
    ("不低于95%", ("95", "%", "1", "≥", "不低于95%")),
    ("不少于3场", ("3", "场", "1", "≥", "不少于3场")),
    ("至少10篇", ("10", "篇", "1", "≥", "至少10篇")),
    (">= 90分", ("90", "分", "1", "≥", ">= 90分")),
    ("达到500家", ("500", "家", "1", None, "500家")),
    ("超过80%", ("80", "%", "1", ">", "超过80%")),
    ("高于1.5", ("1.5", "", "0.1", ">", "高于1.5")),
    ("不超过5个", ("5", "个", "1", "≤", "不超过5个")),
    ("不高于3%", ("3", "%", "1", "≤", "不高于3%")),
    ("低于10%", ("10", "%", "1", "<", "低于10%")),
    ("少于5次", ("5", "次", "1", "<", "少于5次")),
    ("约500人", ("500", "人", "1", "≈", "约500人")),
    ("大约2000户", ("2000", "户", "1", "≈", "大约2000户")),
    ("近500家", ("500", "家", "1", "≈", "近500家")),
    ("将近300名", ("300", "名", "1", "≈", "将近300名")),
    ("200人左右", ("200", "人", "1", "≈", "200人左右")),
    ("1000家以上", ("1000", "家", "1", "≥", "1000家以上")),
    ("120个以上", ("120", "个", "1", "≥", "120个以上")),
    ("90%以上", ("90", "%", "1", "≥", "90%以上")),
    ("5万元以下", ("5", "万元", "1", "≤", "5万元以下")),
    ("3天以内", ("3", "天", "1", "≤", "3天以内")),
    ("控制在30万元以内", ("30", "万元", "1", "≤", "控制在30万元以内")),
    ("100余个", ("100", "个", "1", "+", "100余个")),
    ("30多家", ("30", "家", "1", "+", "30多家")),
    ("100余万元", ("100", "万元", "1", "+", "100余万元")),
    ("3万余人", ("30000", "人", "10000", "+", "3万余人")),
    ("两万余人", ("20000", "人", "10000", "+", "两万余人")),
    ("壹佰贰拾万元整", ("120", "万元", "1", None, "壹佰贰拾万元")),
    ("一点五万元", ("1.5", "万元", "0.1", None, "一点五万元")),
    ("百分之百", ("100", "%", "1", None, "百分之百")),
    ("百分之93.5", ("93.5", "%", "0.1", None, "百分之93.5")),
    ("93个百分点", ("93", "百分点", "1", None, "93个百分点")),
    ("增长-5%", ("-5", "%", "1", None, "-5%")),
    ("-5", ("-5", "", "1", None, "-5")),
    ("１２３个", ("123", "个", "1", None, "１２３个")),
    ("100万吨/年", ("1000000", "吨", "10000", None, "100万吨")),
    ("300元/人", ("300", "元/人", "1", None, "300元/人")),
    ("100km", ("100", "公里", "1", None, "100km")),
    ("500㎡", ("500", "平方米", "1", None, "500㎡")),
    ("“553”企业", ("553", "", "1", None, "553")),
    ("第3批", ("3", "", "1", None, "3")),
    ("建成三个中心", ("3", "个", "1", None, "三个")),
    ("十二个", ("12", "个", "1", None, "十二个")),
    ("伍拾元", ("0.005", "万元", "0.0001", None, "伍拾元")),
    ("60周岁以上", ("60", "周岁", "1", "≥", "60周岁以上")),
    ("室温低于16℃", ("16", "℃", "1", "<", "低于16℃")),
    ("实际利用外资1.86亿美元", ("186000000", "美元", "1000000", None, "1.86亿美元")),  # no RMB money
    ("近两个月", ("2", "个月", "1", None, "两个月")),
    ("百余家", ("100", "家", "1", "+", "百余家")),
    ("万余元", ("1", "万元", "1", "+", "万余元")),
    ("十余万元", ("10", "万元", "1", "+", "十余万元")),
    ("九十分以上", ("90", "分", "1", "≥", "九十分以上")),
    ("3.5%-4.5%", ("3.5", "%", "0.1", None, "3.5%-4.5%")),
    ("-5%至5%", ("-5", "%", "1", None, "-5%至5%")),
    ("100万-200万元", ("100", "万元", "1", None, "100万-200万元")),
    ("3百万元", ("300", "万元", "100", None, "3百万元")),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_single_figure(text: str, expected: tuple[str, str, str, str | None, str]) -> None:
    qs = find_quantities(text)
    assert len(qs) == 1, qs
    q = qs[0]
    value, unit, ulp, qual, span = expected
    assert (q.value, q.unit, q.ulp, q.qualifier, q.text) == (D(value), unit, D(ulp), qual, span)
    assert text[q.start : q.end] == q.text


# Ordinary words, slogans, ordinals, enumerators, vague amounts: no figure at all.
NOT_FIGURES = [
    "一是加强管理", "二是", "第一批", "第三季度", "一线", "统一", "五位一体", "一对一", "一盘棋",
    "一批项目", "进一步", "一定", "万宁市", "一、项目概况", "（一）", "（二）项目", "十四五规划",
    "十四五期间", "十三五", "十分重要", "三头六角", "千万不要", "万一", "十万火急", "百家争鸣",
    "几十个", "数十家", "三五个", "一两个", "PTA二期", "二期工程", "二次开发", "三支一扶", "六个一",
    "两学一做", "一带一路", "4008-413-413", "510000_0013zp", "PM2.5", "COVID-19", "5G基站",
    "2021-12-31", "2021.12.31", "—", "", "联系电话0564-8621357", "队伍年龄偏大", "陆续到位", "收拾", "三分之一", "百家争鸣", "近百家",
]  # fmt: skip


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_a_figure(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "texts"),
    [
        ("2021 2022", ["2021", "2022"]),
        ("100、200", ["100", "200"]),
        ("1,2", ["1", "2"]),
        ("1,0000", ["1", "0000"]),
        ("7×24小时", ["7", "24小时"]),
        ("(2020)10号", ["2020", "10号"]),
        ("财预〔2020〕10号", ["2020", "10号"]),
        ("90%-80%", ["90%", "80%"]),  # a falling 'range' is two figures, and 80 is not negative
        ("0791-88888888", []),  # a phone number with its area code: no figure, no range
        ("4008-413", ["4008", "413"]),
        ("2021年12月31日", ["2021年", "12月", "31日"]),
        ("12月31日元旦", ["12月", "31日"]),
        ("完成1000家以上，覆盖率达95%", ["1000家以上", "95%"]),
        ("年初预算770.42万元，全年预算4,573,732.68元，执行率100%", ["770.42万元", "4,573,732.68元", "100%"]),
        ("电话4008-413-413，共3人", ["3人"]),
    ],
)
def test_no_merging(text: str, texts: list[str]) -> None:
    assert [q.text for q in find_quantities(text)] == texts


@pytest.mark.parametrize(
    ("text", "kind", "unit"),
    [
        ("2021年", "date", "年"),
        ("二〇二一年", "date", "年"),
        ("12月底", "date", "月"),
        ("4月", "date", "月"),
        ("三月", "date", "月"),
        ("31日", "date", "日"),
        ("3年", "count", "年"),
        ("30日内", "count", "日"),
        ("3个月", "count", "个月"),
        ("15个工作日", "count", "工作日"),
        ("1-12月", "date", "月"),
        ("2021-2023年", "date", "年"),
        ("770.42万元", "money", "万元"),
        ("77.04%", "percent", "%"),
        ("93个百分点", "percent", "百分点"),
        ("95分", "score", "分"),
        ("100分析", "number", ""),
        ("10号", "number", ""),
        ("300元/人", "count", "元/人"),
        ("100", "number", ""),
        ("21,480对", "count", "对"),  # couples examined
        ("1200剂次", "count", "剂次"),
        ("128万册次", "count", "册次"),  # book loans
        ("100对象", "number", ""),
        ("3对接", "number", ""),
    ],
)
def test_kinds(text: str, kind: str, unit: str) -> None:
    q = parse_quantity(text)
    assert q is not None
    assert (q.kind, q.unit) == (kind, unit)


def test_details() -> None:
    q = parse_quantity("4,573,732.68元")
    assert q and q.raw_unit == "元" and q.kind == "money" and q.ulp == D("0.000001")
    q = parse_quantity("1100亿元")
    assert q and q.raw_unit == "亿元" and str(q.value) == "11000000"
    q = parse_quantity("500.00万元")
    assert q and q.value.as_tuple().exponent == -2  # printed precision kept
    q = parse_quantity("80%-90%")
    assert q and (q.value, q.high, q.low_bound, q.high_bound) == (D(80), D(90), D("79.5"), D("90.5"))
    q = parse_quantity("一千二百万元")
    assert q and q.chinese and q.raw_unit == "万元" and str(q.value) == "1200" and str(q.ulp) == "1"
    q = parse_quantity("77.04％")
    assert q and q.raw_unit == "％"
    q = parse_quantity("百分之九十三")
    assert q and q.raw_unit == "百分之" and q.kind == "percent" and q.chinese
    q = parse_quantity("1.2万个")
    assert q and q.raw_unit == "万个"
    assert parse_quantity("93个") == find_quantities("93个")[0]


def test_near_years_is_no_approximation() -> None:
    # 近三年 is 'the last three years'
    for text, span in (("近3年", "3年"), ("近三年", "三年")):
        (q,) = find_quantities(text)
        assert q.qualifier is None and q.text == span


def test_offset() -> None:
    text = "预算770.42万元"
    (q,) = find_quantities(text, offset=100)
    assert (q.start, q.end) == (102, 110)
    assert q.text == text[q.start - 100 : q.end - 100]


@pytest.mark.parametrize("cell", ["—", "-", "", "  ", "/", "无", "2021 2022", "三五成群"])
def test_parse_quantity_none(cell: str) -> None:
    assert parse_quantity(cell) is None


def test_parse_quantity_offsets_into_cell() -> None:
    q = parse_quantity("  93个 ")
    assert q and q.text == "93个" and (q.start, q.end) == (2, 5)


@pytest.mark.parametrize(
    ("s", "v"),
    [
        ("一千二百", "1200"), ("两", "2"), ("壹佰贰拾", "120"), ("一点五", "1.5"), ("十二", "12"),
        ("十", "10"), ("二十", "20"), ("一百零五", "105"), ("一千零五", "1005"), ("一万五", "15000"),
        ("一千二", "1200"), ("三万亿", "3000000000000"), ("一亿二千万", "120000000"),
        ("二〇二一", "2021"), ("一九九八", "1998"), ("九十三", "93"), ("三点一四", "3.14"),
        ("一点五万", "15000"), ("十万", "100000"), ("两千三百四十五", "2345"), ("零", "0"),
    ],
)  # fmt: skip
def test_chinese_to_decimal(s: str, v: str) -> None:
    assert chinese_to_decimal(s) == D(v)


@pytest.mark.parametrize("s", ["", "十四五", "三五", "百分之九十三", "一二", "十百", "万", "一万二万", "点五", "abc", "亿亿"])
def test_chinese_to_decimal_rejects(s: str) -> None:
    assert chinese_to_decimal(s) is None


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------
_ALPHABET = (
    "0123456789０１２,.-~—至到%％ 、，。()（）〔〕_xyzPTA"
    "零〇一二两三四五六七八九十百千万亿壹贰拾佰点第几余多"
    "元万个家人次年月日分钟号以上下内左右约近不低于少超过≥≤<>=/百分之是期批"
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60), st.integers(min_value=0, max_value=1000))
def test_find_quantities_spans_are_sound(text: str, offset: int) -> None:
    qs = find_quantities(text, offset)
    last = offset
    for q in qs:
        assert offset <= q.start < q.end <= offset + len(text)
        assert q.start >= last  # sorted, non-overlapping
        last = q.end
        assert q.text == text[q.start - offset : q.end - offset]
        assert q.ulp > 0
        assert q.high is None or q.high >= q.value


_UNITS = {  # printed unit -> (canonical unit, power of ten to the canonical unit)
    "": ("", 0), "万元": ("万元", 0), "元": ("万元", -4), "亿元": ("万元", 4), "千元": ("万元", -1),
    "%": ("%", 0), "％": ("%", 0), "个": ("个", 0), "家": ("家", 0), "人次": ("人次", 0),
    "分": ("分", 0), "吨": ("吨", 0), "平方米": ("平方米", 0), "万人": ("人", 4), "个百分点": ("百分点", 0),
}  # fmt: skip
_decimals = st.builds(
    lambda i, k: D(i).scaleb(-k),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.integers(min_value=0, max_value=4),
)


@settings(max_examples=300, deadline=None)
@given(_decimals, st.sampled_from(sorted(_UNITS)), st.booleans())
def test_round_trip(d: Decimal, printed_unit: str, thousands: bool) -> None:
    canon, shift = _UNITS[printed_unit]
    text = (f"{d:,f}" if thousands else f"{d:f}") + printed_unit
    q = parse_quantity(text)
    assert q is not None, text
    places = -d.as_tuple().exponent if d.as_tuple().exponent < 0 else 0
    assert q.text == text
    assert q.value == d.scaleb(shift)
    assert q.unit == canon
    assert q.ulp == D(1).scaleb(-places + shift)


def _to_chinese(n: int) -> str:
    digits = "零一二三四五六七八九"

    def below_10k(x: int) -> str:
        out, zero = "", False
        for unit, p in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
            dgt = x // p % 10
            if dgt:
                if zero and out:
                    out += "零"
                out += digits[dgt] + unit
                zero = False
            else:
                zero = True
        return out

    if n == 0:
        return "零"
    parts = []
    for unit, p in (("亿", 10**8), ("万", 10**4), ("", 1)):
        chunk = n // p % 10**4
        if chunk:
            s = below_10k(chunk)
            if parts and chunk < 1000:
                s = "零" + s
            parts.append(s + unit)
        elif parts and parts[-1] != "零":
            parts.append("零")
    return "".join(parts).rstrip("零")


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_chinese_round_trip(n: int) -> None:
    assert chinese_to_decimal(_to_chinese(n)) == n


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=3, max_value=99999), st.sampled_from(["个", "家", "元", "万元", "人次"]))
def test_chinese_figure_in_text(n: int, unit: str) -> None:
    # (二 alone is excluded on purpose: 二个 / 二期 are ordinals, the counting form is 两)
    if unit == "万元" and n >= 10**4:
        unit = "元"  # 一万万元 is not how anyone writes
    text = f"共完成{_to_chinese(n)}{unit}。"
    (q,) = find_quantities(text)
    assert q.chinese and q.text == _to_chinese(n) + unit
    expected = D(n).scaleb(-4) if unit == "元" else D(n)
    assert q.value == expected


def test_speed() -> None:
    import time

    para = (
        "一是年初预算770.42万元，全年预算4,573,732.68元，执行率100%。完成招商项目不少于3个，"
        "新增企业1000家以上，培训3.5万人次，覆盖率达到百分之九十三，得分95分，第一批共三十余家。"
        "根据财预〔2020〕10号文件，2021年12月31日前完成。咨询电话4008-413-413。"
    )
    text = para * 40  # ~6,000 characters, a long report
    t = time.perf_counter()
    qs = find_quantities(text)
    assert len(qs) > 300
    assert time.perf_counter() - t < 0.5


def test_wan_figure_before_people_counts_them():
    # "解决了2.62万农村人口的饮水问题", "惠及3.2万群众": a 万 figure before the people it counts
    got = {q.text: (q.unit, q.kind, q.value) for q in find_quantities("解决了2.62万农村人口的饮水问题，惠及3.2万群众，带动10万农户")}
    assert got == {"2.62万": ("人", "count", Decimal("26200")), "3.2万": ("人", "count", Decimal("32000")),
                   "10万": ("户", "count", Decimal("100000"))}
    # anything else after a bare 万 stays a bare number: "1.5万资金支持学生" counts no students
    (q,) = find_quantities("投入1.5万资金支持学生")
    assert (q.unit, q.kind) == ("", "number")


def test_measure_words_of_lamps_wells_fry_and_cases():
    from extractor.numbers import parse_quantity
    for text, unit in (("66,905盏", "盏"), ("486眼", "眼"), ("12口", "口"), ("1.2亿尾", "尾"), ("36起", "起"),
                       ("4,380样次", "样次"), ("312.6延米", "延米")):
        q = parse_quantity(text)
        assert q is not None and q.kind == "count" and q.unit == unit, text
    # words that begin with the measure word are no count: 3口径, 2起步
    for text in ("3口径", "2起步"):
        q = parse_quantity(text)
        assert q is None or q.unit not in ("口", "起"), text


def test_duration_within_is_at_most():
    from extractor.numbers import parse_quantity
    for text, unit in (("30日内", "日"), ("20个工作日内", "工作日"), ("3个月内", "个月")):
        q = parse_quantity(text)
        assert q is not None and q.unit == unit and q.qualifier == "≤", text
    q = parse_quantity("30日")
    assert q is not None and q.qualifier is None
