"""JX212 table-qualitative-band."""
from __future__ import annotations

import re
from decimal import Decimal

from rules.common import num
from rules.registry import rule
from rules.selfeval_common import EPS, iv, scored, tables

# result wording -> (band low, band high) as shares of the weight; order matters (未达成 contains 达成)
BANDS = (
    (re.compile(r"未达成|未完成|未达到|效果较差|较差"), "未达成", Decimal(0), Decimal("0.6")),
    (re.compile(r"部分"), "部分达成", Decimal("0.6"), Decimal("0.8")),
    (re.compile(r"达成|完成|达到|实现|好|良好|有效|显著|明显|满意"), "达成", Decimal("0.8"), Decimal(1)),
)


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
            if row.actual.q is not None:
                continue
            band_of = next((b for b in BANDS if b[0].search(row.actual.text)), None)
            if band_of is None:
                continue
            _, name, lo, hi = band_of
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
