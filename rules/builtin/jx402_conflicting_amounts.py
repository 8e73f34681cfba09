"""JX402 conflicting-amounts."""
from __future__ import annotations

import re
from decimal import Decimal

from rules.common import num
from rules.registry import rule
from rules.tolerance import bounds

# Only headline amounts: "项目全年实际支出…", "年初预算…"; a sub-item ("其中：培训支出…",
# "A项目实际支出…") has a subject of its own and is not the same quantity.
STRONG = re.compile(r"^(?:实际|全年|决算|年初|调整后|到位|资金到位|预算执行数|执行数)")
GENERIC = re.compile(r"项目|全年|本年|当年|该|本|年度|资金|截至|截止|[\d年月日底末，,、]|共计|合计|共|累计|已|全部")
LABELS = ("spent", "budget.total", "budget.initial", "funds.arrived")
NAMES = {"spent": "实际支出", "budget.total": "全年预算", "budget.initial": "年初预算", "funds.arrived": "到位资金"}
TEN_THOUSAND = Decimal(10000)


def _subject(ctx, f) -> str:
    """The words before the cue in the figure's clause, minus generic ones."""
    text = ctx.doc.text
    cue_start = f.q.start - len(f.cue)
    lo = cue_start
    while lo > 0 and text[lo - 1] not in "，,。；;：:\n\t（(":
        lo -= 1
    return GENERIC.sub("", text[lo:cue_start])


@rule("JX402", "conflicting-amounts", "value-conflict", "error")
def check(ctx):
    """同一金额（实际支出、全年预算、年初预算、到位资金）在不同位置写成不同数值，包括元与万元的错位。

    检查什么：报告中不同位置对项目的同一金额给出的数值（按各自的精度）不能相容。
    只比较指整个项目的说法（"项目全年实际支出""年初预算"），不比较"其中"的分项或带有其他主语的金额。
    相差恰好一万倍时，指出是元与万元混用，而不是默默换算。

    为什么：同一金额只能有一个值；执行率、结余和得分都以它为依据（domain-rules c，VALUE-CONFLICT、UNIT-SCALE）。

    错误示例：项目全年实际支出4,573,732.68元……全年实际支出475.37万元。
    正确示例：项目全年实际支出4,573,732.68元……全年实际支出457.37万元。
    """
    for label in LABELS:
        # one figure per (subject, printed value): repeats of the same statement add nothing
        distinct: dict[tuple, object] = {}
        for f in ctx.figures(label, narrative=True):
            if STRONG.match(f.cue) and f.q.qualifier is None:
                distinct.setdefault((_subject(ctx, f), f.q.value, f.q.ulp), f)
        figs = list(distinct.values())
        reported = set()
        for i, a in enumerate(figs):
            for b in figs[i + 1:]:
                if _subject(ctx, a) != _subject(ctx, b):
                    continue
                a_lo, a_hi = bounds(a.q)
                b_lo, b_hi = bounds(b.q)
                if a_lo <= b_hi and b_lo <= a_hi:
                    continue
                key = (a.q.value, b.q.value)
                if key in reported:
                    continue
                reported.add(key)
                big, small = (a, b) if a.q.value > b.q.value else (b, a)
                slip = small.q.value > 0 and (big.q.value / small.q.value).quantize(Decimal(1)) == TEN_THOUSAND
                note = "：相差一万倍，元与万元混用" if slip else ""
                yield ctx.finding(
                    f"{NAMES[label]}前后不一致：{a.q.text}（{num(a.q.value)}万元）与 {b.q.text}（{num(b.q.value)}万元）{note}",
                    [a, b], data={"unit_slip": slip})
