"""JX212 table-qualitative-band."""
from __future__ import annotations

import re
from decimal import Decimal

from rules.common import num
from rules.registry import rule
from rules.selfeval_common import EPS, iv, scored, tables

# result wording -> (band low, band high) as shares of the weight; order matters (未达成 contains 达成)
# result wording -> (band low, band high) as shares of the weight
NOT_MET = ("未达成", Decimal(0), Decimal("0.6"))
PARTLY = ("部分达成", Decimal("0.6"), Decimal("0.8"))
MET = ("达成", Decimal("0.8"), Decimal(1))
STATED_VERDICT = re.compile(r"[（(]\s*(?:部分达成|未达成|达成)\s*[）)]")
EXPLICIT_PARTLY = re.compile(r"部分(?:达成|完成|实现|达到|达标)|^\s*部分")
PENDING = re.compile(r"^\s*(?:待|尚未|尚需|仍需|有待|正在|未全部)")
CLAUSE_BANDS = (  # order matters in a clause: "部分村未完成" is a part, 未达成 contains 达成
    (re.compile(r"部分"), PARTLY),
    (re.compile(r"未达成|未完成|未达到|未实现|未建立|未落实|效果较差|较差"), NOT_MET),
    (re.compile(r"达成|完成|达到|实现|好|良好|有效|显著|明显|满意"), MET),
)


def band_of(text: str):
    """The band a qualitative result states: its explicit verdict ("部分达成：…"), or the band its
    first clause names when no later clause names another. A verdict of no band followed by a
    remark ("基本健全，部分村管护员未落实") or a verdict with a remark of another band ("已完成8个，
    未完成2个") states none this rule can hold the score to."""
    if EXPLICIT_PARTLY.search(text):
        return PARTLY
    clauses = [c for c in re.split(r"[，,；;。]", text) if c.strip()]
    bands = [next((b for p, b in CLAUSE_BANDS if p.search(c)), None) for c in clauses]
    if not bands or bands[0] is None:
        return None
    if bands[0] is MET and any(PENDING.search(c) for c in clauses[1:]):
        return None  # "主体完成，待联调": done but for what is pending, a band this rule cannot hold the score to
    return bands[0] if all(b is None or b == bands[0] for b in bands) else None


@rule("JX212", "table-qualitative-band", "over-limit", "error")
def check(ctx):
    """定性指标的得分不在其完成情况对应的分档内。

    检查什么：年度指标值为文字（达成预期指标、有效提升、好/较好）的定性指标，按实际完成值
    的措辞分档：达成 → 分值的 80%（含）至 100%；部分达成 → 60%（含）至 80%；
    未达成/效果较差 → 60% 以下。得分不在分档内（整数得分 ±0.5）为错误。

    为什么：财政部办法对定性指标规定三档计分（domain-rules a5，QUAL-BAND）；
    省级系统在保存时即校验 [0.8w, w]、[0.6w, 0.8w)、[0, 0.6w)。

    错误示例：群众获得感 | 有效提升 | 部分达成 | 10 | 9
    正确示例：群众获得感 | 有效提升 | 达成预期指标 | 10 | 10

    选项：无。
    """
    for se in tables(ctx):
        for row in se.indicators:
            if row.direction != "qual" or row.actual is None or not (scored(row.weight) and scored(row.score)):
                continue
            if row.actual.q is not None and not STATED_VERDICT.search(row.actual.text):
                continue  # a figure with no verdict: the numeric rules' (a verdict beside it, "纳入率76%（部分达成）", is read)
            band = band_of(row.actual.text)
            if band is None:
                continue
            name, lo, hi = band
            w = row.weight.q.value
            s_lo, s_hi = iv(row.score)
            top_ok = s_lo <= hi * w + EPS if hi == 1 else s_lo < hi * w
            if s_hi >= lo * w - EPS and top_ok:
                continue
            band = f"[{num(lo * w, 2)}, {num(hi * w, 2)}{']' if hi == 1 else ')'}"
            yield ctx.finding(
                f"定性指标「{row.label}」实际完成值为「{row.actual.text}」（{name}），得分应在 {band} 分之间，"
                f"表中为 {row.score.text} 分",
                [row.actual.span, row.score.q], expected=band, stated=row.score.text)
