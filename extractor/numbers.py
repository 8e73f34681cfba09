"""The number grammar: figures as government reports print them.

A 绩效自评报告 mixes Arabic figures (``770.42万元``, ``4,573,732.68元``,
``77.04%``), Chinese numerals (``一千二百万元``, ``百分之九十三``, ``三十余家``),
qualifiers (``≥500家``, ``1000家以上``) and ranges (``80%-90%``). It also
prints a great many things that only *look* numeric: document numbers
(``财预〔2020〕10号``), phone numbers (``4008-413-413``), project codes
(``510000_0013zp``), slogans (``五位一体``, ``十四五``) and enumerators
(``一是``, ``第一批``, ``（一）``). The grammar reads the first kind exactly
(``Decimal``, printed precision kept) and keeps the second kind from turning
into figures a rule would then compare.

Public API: :func:`find_quantities`, :func:`parse_quantity`,
:func:`chinese_to_decimal`. Everything else is private.

Kinds produced: ``money`` (value in 万元), ``percent`` (``%``; ``百分点`` for
percentage points, which must never be compared with a rate), ``score``
(``分``), ``count`` (a measure word), ``date`` (``2021年``, ``12月``, ``31日``:
callers skip them) and ``number`` (bare figures, document numbers ``10号``).
"""
from __future__ import annotations

import re
from decimal import Context, Decimal, InvalidOperation
from functools import lru_cache

from .model import Quantity

__all__ = ["chinese_to_decimal", "find_quantities", "parse_quantity"]

# Budgets reach 万亿 (10^12) and carry up to six decimals once 元 are turned into
# 万元; a generous private context keeps every scaling exact.
_CTX = Context(prec=80)
_ONE = Decimal(1)
_MAX_DIGITS = 30  # a longer digit run is an ID or a scanning artefact, not a figure

# Text is normally normalised upstream, but cells pasted from elsewhere may not be.
_FW = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "．": ".", "－": "-", "−": "-"})

# ---------------------------------------------------------------------------
# Chinese numerals
# ---------------------------------------------------------------------------
# 大写 (壹贰叁…) appear in money cells of 预算批复; 两 is the counting form of 2.
_CN_DIGIT = {
    "零": 0, "〇": 0, "○": 0,
    "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_CN_ZEROS = "零〇○"
_CN_CHARS = "".join(_CN_DIGIT) + "".join(_CN_SMALL) + "".join(_CN_BIG)
_CN_FRAC_CHARS = "".join(c for c in _CN_DIGIT if c not in "两兩")
# A numeral must contain a real digit (or 十): 万宁, 百家, 千万(不要) are words.
# 大写 digits double as ordinary characters (队伍, 陆续, 收拾, 肆意); alone they never
# make a figure, only in a run such as 伍拾 or 壹佰贰拾万.
_CN_FORMAL = set("壹贰貳叁參肆伍陆陸柒捌玖拾佰仟")
_CN_HAS_DIGIT = re.compile(f"[{''.join(c for c in _CN_DIGIT if c not in _CN_ZEROS)}十拾]")


def _cn_int(s: str) -> tuple[int, int] | None:
    """(value, ulp) of an integer Chinese numeral, None when it is not one.

    Rejects digit strings that are not numbers (三五 'three or five', 十四五
    'the 14th five-year plan') so slogans never become figures.
    """
    if not s:
        return None
    # Years and codes are written digit by digit: 二〇二一, 一九九八.
    if len(s) >= 2 and all(c in _CN_DIGIT and c not in "两兩" for c in s) and (
        len(s) >= 3 or any(c in _CN_ZEROS for c in s)
    ):
        return int("".join(str(_CN_DIGIT[c]) for c in s)), 1
    total = wan = section = 0
    digit: int | None = None
    zero = False
    last_small = 10**5  # units inside a section must strictly decrease: 十百 is no number
    last_unit = 1  # unit just before a trailing digit: 一千二 = 1200, 一万五 = 15000
    seen_wan = seen_yi = False
    ulp = 1
    for c in s:
        if c in _CN_DIGIT:
            d = _CN_DIGIT[c]
            if d == 0:
                if digit is not None:
                    return None
                zero = True
                continue
            if digit is not None:  # two digits in a row: 三五, 十四五
                return None
            digit = d
            ulp = 1
        elif c in _CN_SMALL:
            u = _CN_SMALL[c]
            if u >= last_small:
                return None
            if digit is None:
                if u != 10:  # 百 / 千 alone are words (百家, 千家万户)
                    return None
                digit = 1
            section += digit * u
            digit, zero, last_small, last_unit, ulp = None, False, u, u, 1
        elif c in _CN_BIG:
            u = _CN_BIG[c]
            if digit is not None:
                section += digit
                digit = None
            if u == 10**4:
                if seen_wan or section == 0:
                    return None
                wan, seen_wan = section * u, True
                ulp = u
            else:
                group = wan + section
                if seen_yi or group == 0:
                    return None
                total, wan, seen_wan, seen_yi = group * u, 0, False, True
                ulp = u if not s.endswith("万亿") else 10**12
            section, zero, last_small, last_unit = 0, False, 10**5, u
        else:
            return None
    if digit is not None:
        if not zero and last_unit >= 100:
            section += digit * (last_unit // 10)
            ulp = last_unit // 10
        else:
            section += digit
            ulp = 1
    return total + wan + section, ulp


def _cn_number(s: str) -> tuple[Decimal, Decimal] | None:
    """(value, ulp) of a Chinese numeral, decimals (一点五) and a trailing 万/亿 included."""
    scale = 0
    if "点" in s:
        for big, e in (("万亿", 12), ("亿", 8), ("万", 4)):
            if s.endswith(big):
                s, scale = s[: -len(big)], e
                break
        whole, _, frac = s.partition("点")
        if not frac or any(c not in _CN_FRAC_CHARS for c in frac):
            return None
        w = _cn_int(whole)
        if w is None:
            return None
        fd = "".join(str(_CN_DIGIT[c]) for c in frac)
        value = Decimal(f"{w[0]}.{fd}")
        ulp = _ONE.scaleb(-len(fd))
        return _shift(value, scale), _shift(ulp, scale)
    r = _cn_int(s)
    if r is None:
        return None
    return Decimal(r[0]), Decimal(r[1])


def chinese_to_decimal(s: str) -> Decimal | None:
    """一千二百 → 1200, 两 → 2, 壹佰贰拾 → 120, 一点五 → 1.5, 十二 → 12, 二〇二一 → 2021.

    None for anything that is not a well-formed numeral (三五, 十四五, 百分之九十三:
    the caller strips 百分之).
    """
    s = s.strip()
    if not s or any(c not in _CN_CHARS and c != "点" for c in s):
        return None
    r = _cn_number(s)
    return r[0] if r else None


# ---------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------
_MONEY = {"元": 0, "千元": 3}  # power of ten of one unit, in 元
_SCALES = {"万亿": 12, "千万": 7, "百万": 6, "万": 4, "亿": 8}
_PERCENT = {"%": "%", "％": "%", "个百分点": "百分点", "百分点": "百分点"}
_DATE_UNITS = ("年", "月", "日")
# Synonyms folded so a target and its result compare (500㎡ vs 500平方米).
_CANON = {
    "㎡": "平方米", "m²": "平方米", "m2": "平方米", "千米": "公里", "km": "公里",
    "公斤": "千克", "kg": "千克", "个小时": "小时", "个季度": "季度", "个工作日": "工作日",
}  # fmt: skip
# Words that begin with a measure word: "3项目标" is fine, but "100分析" is no score.
_UNIT_GUARD = {
    "分": "钟|析|别|类|布|期|批|配|管|工|局|行|公司|会|中心|值|解|项|段|散|组|拨|担|享|摊|级|档|步|区|部|所|队|站|团|院|校|店|社|支|厂|号|之",
    "年": "级|代|轻",
    "人": "民",
    "期": "工程|项目|间|建设",
    "周": "年|边|岁",
    "名": "单|称|义",
    "处": "理|置",
    "支": "出|付|持|撑",
    "层": "次|级|面",
    "组": "织",
    "台": "账",
    "份": "额",
    "批": "复|准",
    "门": "户|槛",
    "位": "于|置",
    "款": "项",
    "场": "所|地|馆",
    "集": "团|中",
    "口": "径|岸|罩|袋|腔|头|号|碑|味",
    "起": "步|点|来|草|始|止|至|诉|重|跑|飞",
    "尾": "款|声|数|矿",
    "眼": "光|前|界",
    "根": "据|本|治|源",
    "对": "于|比|象|接|待|照|外|口|策|应|话|称|标|齐|症|此|其|全|本|每|该|重|行|上|下|中|我|他|企|群|学|农",
    "剂": "量|型",
}
_COUNT_UNITS = (
    "人次 人天 户次 家次 场次 批次 件次 台次 架次 车次 班次 期次 项次 "
    "个工作日 工作日 个月 个小时 个季度 个 家 场 篇 条 次 项 人 户 名 所 座 件 台 套 份 批 期 天 周 "
    "公里 千米 平方公里 平方千米 平方米 立方米 ㎡ 米 亩 公顷 吨 千克 公斤 册 本 部门 部 辆 架 艘 处 类 "
    "组 支 只 头 张 块 间 栋 幢 层 课时 学时 小时 分钟 倍 位 例 株 棵 笔 宗 届 轮 站 床 门 款 首 集 "
    "千瓦时 千瓦 兆瓦 周岁 岁 ℃ 美元 欧元 港元 "
    # lamps, wells, fry and birds, cases, metres of pipe, sample-times (路灯…盏, 机井…眼/口, 鱼苗…尾, 案件…起)
    "盏 眼 口 尾 羽 起 延米 样次 枚 根 "
    # couples examined (孕前优生健康检查…对), vaccine doses (接种…剂次)
    "对 剂次 剂 "
    # book loans and articles counted per time (图书外借…万册次, 宣传报道…篇次)
    "册次 篇次"
).split()
# Chinese numerals meet these measure words mostly inside words or set phrases
# (三头六臂, 三门峡, 一首), so they only count after Arabic figures. 分 is kept
# but needs a numeral of two characters or more (十分重要, 三分之一 are no scores).
_CN_EXCLUDED = {"位", "头", "门", "首", "集", "本", "站", "号", "盏", "眼", "口", "尾", "羽", "起", "枚", "根", "对", "剂"}
_LATIN_UNITS = ("km²", "km2", "km", "kg", "kWh", "kW", "MWh", "MW", "GW", "kV", "GB", "TB", "MB", "m²", "m³", "m2", "m3")


def _alt(words: list[str] | tuple[str, ...]) -> str:
    """Longest-first alternation so 人次 wins over 人 and 平方米 over 米. Words of one
    length are in code-point order: the same pattern in every process (a set's order
    changes with the string hash seed), so jxcheck.startcache finds it again."""
    out = []
    for w in sorted(set(words), key=lambda w: (-len(w), w)):
        g = _UNIT_GUARD.get(w)
        out.append(re.escape(w) + (f"(?!{g})" if g else ""))
    return "|".join(out)


_AR_UNITS = [*_MONEY, *_PERCENT, "分", *_DATE_UNITS, "号", *_COUNT_UNITS]
_CN_UNITS = [u for u in _AR_UNITS if u not in _CN_EXCLUDED]
_PER = "人次|人|户|年|月|天|日|次|亩|平方米|㎡|吨|个|件|套|台|公里|学时|课时|小时|床|学期|生|项"

# ---------------------------------------------------------------------------
# Qualifiers
# ---------------------------------------------------------------------------
_PREFIX = {
    "≥": "≥", ">=": "≥", "≧": "≥", "不低于": "≥", "不少于": "≥", "至少": "≥", "不小于": "≥",
    "大于等于": "≥", "大于或等于": "≥",
    ">": ">", "＞": ">", "超过": ">", "高于": ">", "多于": ">", "大于": ">",
    "≤": "≤", "<=": "≤", "≦": "≤", "不高于": "≤", "不超过": "≤", "不多于": "≤", "不大于": "≤",
    "小于等于": "≤", "小于或等于": "≤", "控制在": "≤",
    "<": "<", "＜": "<", "低于": "<", "少于": "<", "小于": "<",
    "约": "≈", "大约": "≈", "近": "≈", "将近": "≈", "接近": "≈",
}  # fmt: skip
_SUFFIX = {"及以上": "≥", "以上": "≥", "及以下": "≤", "以下": "≤", "以内": "≤", "左右": "≈"}
# 近三年 / 近5年 is "the last three years", not "nearly three years".
_DURATION_UNITS = frozenset({"日", "天", "个工作日", "工作日", "小时", "个小时", "分钟", "个月", "周"})
_TIME_UNITS = {"年", "月", "日", "天", "周", "期", "个月", "季度"}

# ---------------------------------------------------------------------------
# Regexes (compiled once)
# ---------------------------------------------------------------------------
_D = "0-9０-９"
_AR_NUM = rf"(?<![{_D}A-Za-z_])(?:[{_D}]{{1,3}}(?:,[{_D}]{{3}}(?![{_D}]))+|[{_D}]+)(?:[.．][{_D}]+)?"
# A minus sign only where it cannot be a dash between two figures or a range.
_AR_SIGNED = rf"(?:(?<![{_D}A-Za-z_%％)）\]】〕])[-−－])?{_AR_NUM}"
_CN_NUM = f"[{_CN_CHARS}]+(?:点[{_CN_FRAC_CHARS}]+)?"
# Things to swallow whole so no part of them is read: phone numbers, dates
# written with - . /, and alphanumeric codes (510000_0013zp, PM2.5, COVID-19, 5G).
_CODE = (
    rf"(?<![{_D}A-Za-z_])(?:"
    rf"[{_D}]+(?:-[{_D}]+){{2,}}|0[{_D}]{{2,3}}-[{_D}]{{7,8}}(?![{_D}])|[{_D}]+(?:[.．][{_D}]+){{2,}}|[{_D}]+(?:/[{_D}]+){{2,}}"
    rf"|[A-Za-z0-9_]*(?:[A-Za-z_][-./]?[{_D}]|[{_D}][-./]?[A-Za-z_])[A-Za-z0-9_]*(?:[-./][A-Za-z0-9_]+)*)"
)
_LATIN = rf"(?P<lnum>{_AR_NUM})(?P<lunit>{_alt(_LATIN_UNITS)})(?![A-Za-z0-9_])"
_FIRST = re.escape("".join(sorted({w[0] for w in _PREFIX})))
_MASTER = re.compile(
    rf"(?=[{_FIRST}{_D}A-Za-z_\-−－{_CN_CHARS}])"
    rf"(?:(?P<pre>{_alt(list(_PREFIX))})[ ]?)?"
    rf"(?:(?P<lat>{_LATIN})|(?P<code>{_CODE})"
    rf"|(?P<bfz>百分之)(?:(?P<bar>{_AR_NUM})|(?P<bcn>{_CN_NUM}))"
    rf"|(?P<ar>{_AR_SIGNED})|(?P<cn>{_CN_NUM}))"
)


def _tail(units: list[str]) -> re.Pattern[str]:
    u = _alt(units)
    sc = _alt(list(_SCALES))
    return re.compile(
        rf"(?:(?P<q1>[余多])(?=[ ]?(?:{sc}|{u})))?"
        rf"(?:[ ]?(?P<scale>{sc}))?"
        rf"(?:(?P<q2>[余多])(?={u}))?"
        rf"(?:[ ]?(?P<unit>{u})(?P<per>/(?:{_PER}))?)?"
        rf"(?P<suf>{_alt(list(_SUFFIX))})?"
    )


_AR_TAIL = _tail(_AR_UNITS)
_CN_TAIL = _tail(_CN_UNITS)
_RANGE_SEP = re.compile(r"[ ]?(?:[-~～–]|—{1,2}|至|到)[ ]?")
_AR_CORE = re.compile(_AR_NUM)
_CN_CORE = re.compile(_CN_NUM)
_SUFFIX_RE = re.compile(_alt(list(_SUFFIX)))
# Before a Chinese numeral these make it an ordinal or a vague amount:
# 第一批, 几十个, 数十家, 若干, 初三, 星期三/周三.
_CN_BAD_BEFORE = set("第几数若初周")
_CN_DIGIT_CHARS = set(_CN_DIGIT)
_CN_ROUND = {"百": 100, "佰": 100, "千": 1000, "仟": 1000, "万": 10**4}


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------
def _shift(d: Decimal, n: int) -> Decimal:
    """d × 10^n, exactly, without an exponent in the result (1.1E+7 → 11000000)."""
    r = d.scaleb(n, _CTX) if n else d
    if r.as_tuple().exponent > 0:  # type: ignore[operator]
        r = r.quantize(_ONE, context=_CTX)
    return r


def _tidy(value: Decimal, ulp: Decimal) -> Decimal:
    """Drop digits finer than the ulp (一千二百万元 → 1200, not 1200.0000 万元)."""
    e = ulp.normalize(_CTX).as_tuple().exponent
    e = min(0, e) if isinstance(e, int) else 0
    if isinstance(value.as_tuple().exponent, int) and value.as_tuple().exponent < e:  # type: ignore[operator]
        q = value.quantize(_ONE.scaleb(e), context=_CTX)
        if q == value:
            return q
    return value


class _Num:
    """One number core as printed, before scale and unit."""

    __slots__ = ("start", "end", "value", "ulp", "chinese", "places", "year_like", "code_like")

    def __init__(self, start: int, end: int, value: Decimal, ulp: Decimal, chinese: bool,
                 places: int, year_like: bool, code_like: bool) -> None:
        self.start, self.end, self.value, self.ulp = start, end, value, ulp
        self.chinese, self.places, self.year_like, self.code_like = chinese, places, year_like, code_like


def _read_ar(text: str, s: int, e: int) -> _Num | None:
    t = text[s:e].translate(_FW).replace(",", "")
    body = t.lstrip("-")
    if len(body) - ("." in body) > _MAX_DIGITS:
        return None
    try:
        d = Decimal(t)
    except InvalidOperation:  # pragma: no cover - the regex only lets digits through
        return None
    exp = d.as_tuple().exponent
    places = -exp if isinstance(exp, int) and exp < 0 else 0
    intpart = body.split(".")[0]
    return _Num(
        s, e, d, _ONE.scaleb(-places), False, places,
        year_like=len(intpart) == 4 and places == 0 and not t.startswith("-"),
        # 0791-…, 010-…: area codes and serials, never the low end of a range
        code_like=len(intpart) > 1 and intpart.startswith("0"),
    )  # fmt: skip


def _read_cn(run: str, s: int, allow_bare_unit: bool = False) -> _Num | None:
    if len(run) > 20:
        return None
    if not allow_bare_unit and not _CN_HAS_DIGIT.search(run):
        return None
    if len(run) == 1 and run in _CN_FORMAL:
        return None
    if allow_bare_unit and run in ("百", "佰"):  # 百分之百
        return _Num(s, s + len(run), Decimal(100), _ONE, True, 0, False, False)
    r = _cn_number(run)
    if r is None:
        return None
    year_like = len(run) == 4 and all(c in _CN_DIGIT for c in run)
    places = max(0, -r[1].as_tuple().exponent) if "点" in run else 0  # type: ignore[operator]
    return _Num(s, s + len(run), r[0], r[1], True, places, year_like, False)


def _read_core(text: str, pos: int, chinese: bool) -> _Num | None:
    m = (_CN_CORE if chinese else _AR_CORE).match(text, pos)
    if not m:
        return None
    return _read_cn(m.group(), pos) if chinese else _read_ar(text, pos, m.end())


def _kind(unit: str | None, per: str | None) -> str:
    if unit is None or unit == "号":
        return "number"
    if unit in _MONEY:
        return "count" if per else "money"
    if unit in _PERCENT:
        return "percent"
    if unit == "分":
        return "score"
    return "count"


def _is_date(unit: str, nums: list[_Num], scale: str | None, approx: bool, text: str, end: int, suf: str | None) -> bool:
    if scale or approx or any(n.places for n in nums):
        return False
    if unit == "年":
        return all(n.year_like and 1900 <= n.value <= 2100 for n in nums)
    if unit == "月":
        return all(1 <= n.value <= 12 for n in nums)
    # 30日内 / 15日以内 are durations; 31日 after a month is a day of the month.
    if suf == "以内" or text.startswith("内", end):
        return False
    return all(1 <= n.value <= 31 for n in nums)


def _build(text: str, m: re.Match[str], offset: int) -> tuple[Quantity | None, int]:
    """The quantity at a master match, and where scanning resumes."""
    if m.start("code") >= 0:
        return None, m.end()
    pre = m.group("pre")
    start = m.start()

    if m.start("lat") >= 0:
        n = _read_ar(text, m.start("lnum"), m.end("lnum"))
        if n is None:
            return None, m.end()
        lu = m.group("lunit")
        q = Quantity(start + offset, m.end() + offset, text[start : m.end()], n.value, _CANON.get(lu, lu), lu,
                     n.ulp, "count", _PREFIX[pre] if pre else None)
        return q, m.end()

    if m.start("bfz") >= 0:
        chinese = m.start("bcn") >= 0
        s, e = (m.span("bcn") if chinese else m.span("bar"))
        n = _read_cn(text[s:e], s, allow_bare_unit=True) if chinese else _read_ar(text, s, e)
        if n is None:
            return None, e
        sm = _SUFFIX_RE.match(text, e)
        end = sm.end() if sm else e
        qual = (_PREFIX[pre] if pre else None) or (_SUFFIX[sm.group()] if sm else None)
        q = Quantity(start + offset, end + offset, text[start:end], n.value, "%", "百分之", n.ulp, "percent",
                     qual, None, n.chinese)
        return q, end

    chinese = m.start("cn") >= 0
    cs, ce = m.span("cn") if chinese else m.span("ar")
    prev = text[cs - 1] if cs > 0 else ""
    if chinese:
        # 第一批, 几十个, PTA二期: ordinals, vague amounts and names.
        if prev in _CN_BAD_BEFORE or (prev.isascii() and prev.isalnum()):
            return None, ce
        run = text[cs:ce]
        if run == "一":  # 一是, 统一, 一批, 一对一: the article, never a figure
            return None, ce
        if run in _CN_ROUND and text.startswith(("余", "多"), ce):
            # 百余家, 千余人, 万余元: a round figure and 'a bit more'. Without 余/多
            # 百家 / 千家万户 are idioms.
            v = _CN_ROUND[run]
            n1 = _Num(cs, ce, Decimal(v), Decimal(v if v >= 10**4 else 1), True, 0, False, False)
        else:
            n1 = _read_cn(run, cs)
    else:
        n1 = _read_ar(text, cs, ce)
        if n1 is not None and prev == "第":  # 第3批: an ordinal, keep only the bare figure
            return _plain(text, n1, cs, ce, offset), ce
    if n1 is None:
        return None, ce

    tail_re = _CN_TAIL if chinese else _AR_TAIL
    t1 = tail_re.match(text, ce)
    nums = [n1]
    t = t1
    resume_floor = 0
    # A range: 80%-90%, 80-90%, 3至5个, 3—5个, 三至五个. Never across a qualifier.
    if not (t1.group("suf") or t1.group("q1") or t1.group("q2") or t1.group("per")):
        sep = _RANGE_SEP.match(text, t1.end())
        if sep:
            n2 = _read_core(text, sep.end(), chinese)
            if n2 is not None:
                t2 = tail_re.match(text, n2.end)
                u1, u2 = t1.group("unit"), t2.group("unit")
                s1, s2 = t1.group("scale"), t2.group("scale")
                same_form = (u1 is None and (s1 is None or s1 == s2)) or (u1 == u2 and s1 == s2)
                dash = sep.group().strip() in "-~～–"
                if (
                    same_form
                    and n1.value <= n2.value
                    and not (dash and (n1.code_like or n2.code_like))
                    and not (t2.group("q1") or t2.group("q2"))
                ):
                    nums, t = [n1, n2], t2
                elif dash:
                    resume_floor = n2.start  # 4008-413, 90%-80%: the dash is no minus sign

    q = _interpret(text, m, pre, start, nums, t, chinese, offset)
    if q is None:
        return None, max(ce, resume_floor)
    return q, max(q.end - offset, resume_floor)


_PEOPLE_MOD = "农村|城乡|城镇|城市|农业|贫困|困难|低收入|建档立卡|脱贫|适龄|在校|留守|残疾|失能|受益|服务|常住|户籍|流动"
_PEOPLE = re.compile(rf"(?:{_PEOPLE_MOD})?(?:(?P<ren>人口|群众|居民|农民|村民|市民|学生|儿童|老人|老年人|患者|妇女|职工|人)"
                     rf"|(?P<hu>农户|家庭|贫困户|脱贫户))")


def _plain(text: str, n: _Num, s: int, e: int, offset: int) -> Quantity:
    return Quantity(s + offset, e + offset, text[s:e], n.value, "", "", n.ulp, "number", chinese=n.chinese)


def _interpret(text: str, m: re.Match[str], pre: str | None, start: int, nums: list[_Num],
               t: re.Match[str], chinese: bool, offset: int) -> Quantity | None:
    unit, scale, per, suf = t.group("unit"), t.group("scale"), t.group("per"), t.group("suf")
    approx = bool(t.group("q1") or t.group("q2"))
    first, last = nums[0], nums[-1]
    if chinese:
        run = text[first.start : first.end]
        # A Chinese numeral is a figure only with a measure word (三十余家, 两个);
        # 十万火急, 三五成群, 一二三 are words.
        if unit is None:
            return None
        # 二 before a measure word is an ordinal or a compound (二期, 二次开发, 二类);
        # the counting form is 两. 二月 / 二日 are dates.
        if run == "二" and unit not in ("月", "日"):
            return None
        if unit == "分" and len(run) < 2:
            return None
    end = t.end()
    if per and (unit not in _MONEY):
        end = t.start("per")
        per = None
    if chinese and end < len(text) and text[end] in _CN_DIGIT_CHARS:
        return None  # 五位一体, 三支一扶, 六个一: slogans, not counts

    kind = _kind(unit, per)
    people = None
    if unit is None and scale in ("万", "亿") and not per:
        # "解决了2.62万农村人口的饮水问题", "惠及3.2万群众": a 万 figure before the people it
        # counts is a count of them
        pm = _PEOPLE.match(text, t.end())
        if pm:
            people = "人" if pm.group("ren") else "户"
            kind = "count"
    if unit in _DATE_UNITS and _is_date(unit, nums, scale, approx, text, t.end("unit"), suf):
        kind = "date"

    sexp = _SCALES.get(scale, 0) if scale else 0
    raw_unit = (scale or "") + (unit or "") + (per or "")
    if kind == "money":
        shift = sexp + _MONEY[unit] - 4
        canon = "万元"
    elif per:
        shift, canon = 0, raw_unit
    elif people:
        shift, canon = sexp, people
    elif unit is None or unit == "号":
        shift, canon = sexp, ""
        raw_unit = (scale or "") + (unit or "")
    elif unit in _PERCENT:
        shift, canon = sexp, _PERCENT[unit]
    else:
        shift, canon = sexp, _CANON.get(unit, unit)
    if chinese and kind == "money":
        # 一千二百万元: the 万 belongs to the unit as printed.
        big = next((b for b in ("万亿", "亿", "万") if text.endswith(b, first.start, first.end)), "")
        raw_unit = big + raw_unit

    value = _shift(first.value, shift)
    ulp = min(_shift(n.ulp, shift) for n in nums)
    high = _shift(last.value, shift) if len(nums) > 1 else None
    if chinese:
        ulp = _shift(ulp.normalize(_CTX), 0)
        value = _tidy(value, ulp)
        if high is not None:
            high = _tidy(high, ulp)

    qual: str | None = None
    if pre:
        if pre == "近" and canon in _TIME_UNITS:
            pre = None
            start = m.start("cn") if chinese else m.start("ar")
        elif pre == "控制在" and suf:
            qual = _SUFFIX[suf]
        else:
            qual = _PREFIX[pre]
    if qual is None and suf:
        qual = _SUFFIX[suf]
    if qual is None and canon in _DURATION_UNITS and text.startswith("内", end):
        qual = "≤"  # "预算下达后30日内": a duration of at most 30 days
    if qual is None and approx:
        qual = "+"
    return Quantity(start + offset, end + offset, text[start:end], value, canon, raw_unit, ulp, kind, qual,
                    high, chinese)


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------
def find_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Every figure in ``text``, left to right, never overlapping.

    ``start``/``end`` are offsets into ``text`` plus ``offset`` (so a block's
    figures can be located in ``Document.text``); ``q.text`` is always
    ``text[q.start - offset : q.end - offset]``.
    """
    out: list[Quantity] = []
    pos = 0
    search = _MASTER.search
    while True:
        m = search(text, pos)
        if m is None:
            return out
        q, nxt = _build(text, m, offset)
        if q is not None:
            out.append(q)
        pos = max(nxt, m.start() + 1)


_EMPTY_CELL = {"", "—", "——", "-", "--", "－", "/", "／", "无", "空", "N/A", "n/a", "/ "}


_REMEMBERED_LEN = 64  # cells longer than this are parsed afresh: the cache stays small (8,192 × 64 characters)


def parse_quantity(s: str) -> Quantity | None:
    """The one figure in a table cell or short string ("≥500家", "1,000.00", "—" → None).

    Offsets are into ``s`` itself. None when the cell holds no figure or several
    (a cell with two figures needs a caller who knows which one it wants).
    A short string's answer is remembered (a Quantity is frozen; callers shift a copy):
    a 自评表's cells are asked by the funds, indicator and table readers, and repeat.
    """
    return _remembered_quantity(s) if len(s) <= _REMEMBERED_LEN else _parse_quantity(s)


@lru_cache(maxsize=8192)
def _remembered_quantity(s: str) -> Quantity | None:
    return _parse_quantity(s)


def _parse_quantity(s: str) -> Quantity | None:
    if s.strip() in _EMPTY_CELL:
        return None
    qs = find_quantities(s)
    return qs[0] if len(qs) == 1 else None
