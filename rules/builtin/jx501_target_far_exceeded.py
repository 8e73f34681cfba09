"""JX501 target-far-exceeded."""
from __future__ import annotations

from decimal import Decimal

from rules.common import count_pairs, num
from rules.registry import rule
from rules.tolerance import bounds


@rule("JX501", "target-far-exceeded", "target-gap", "warning", factor=Decimal("1.5"))
def check(ctx):
    """实际完成值远超目标值（目标可能定得过低）。

    检查什么：正向数量指标的实际值达到目标值的 factor 倍（默认 1.5 倍）以上。
    按组下达的目标以合计目标比较。

    为什么：财政部《项目支出绩效评价管理办法》要求对大幅超额完成的指标分析原因；
    目标明显偏低的，应按偏离程度扣分。实际数也可能并非本项目的产出（例如引用全省数据）。

    错误示例：绩效目标"开展境内外招商推介活动6场"，完成情况"开展境内外招商推介活动118场"。
    正确示例：目标6场，实际完成7场。

    选项：factor（倍数，默认 1.5）。
    """
    factor = Decimal(str(ctx.opt("factor")))
    for t, r, total in count_pairs(ctx.ext):
        if t.q.unit != r.q.unit and r.q.value >= 5 * factor * total:
            continue  # 42个 (小区) against 6,912户: another measure this far off is another indicator
        if bounds(r.q)[0] >= factor * total:
            ratio = r.q.value / total
            tdesc = f"{t.q.text}（{t.total_note} = {num(total)}）" if t.total_note else t.q.text
            yield ctx.finding(
                f"目标 {tdesc}，实际 {r.q.text}，为目标的 {num(ratio, 1)} 倍：目标可能定得过低，或实际数并非本项目产出",
                [t.q, r.q], expected=f"≈ {num(total)}", stated=r.q.text, data={"ratio": str(ratio.quantize(Decimal('0.01')))})
