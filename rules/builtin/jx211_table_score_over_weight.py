"""JX211 table-score-over-weight."""
from __future__ import annotations

from rules.registry import rule
from rules.selfeval_common import EPS, iv, scored, tables


@rule("JX211", "table-score-over-weight", "over-limit", "error")
def check(ctx):
    """自评表中某项得分高于该项分值，或为负数。

    检查什么：每个指标行（以及资金栏的年度资金总额行）得分 ≤ 分值，且得分 ≥ 0。
    分值是设定的数，不是测量值，按原值比较；得分按其打印精度（8.5 代表 [8.45, 8.55]）。

    为什么：一项的得分不能超过它的分值（财政部自评表；domain-rules c，SCORE-CAP）。

    错误示例：参会企业满意度 | ≥90% | 95% | 10 | 12
    正确示例：参会企业满意度 | ≥90% | 95% | 10 | 10

    选项：无。
    """
    for se in tables(ctx):
        rows = [(r.label, r.weight, r.score) for r in se.indicators]
        ft = se.funds_total()
        if ft is not None:
            rows.append((ft.label, ft.get("weight"), ft.get("score")))
        for label, w, s in rows:
            if not scored(s):
                continue
            if s.q.value < 0:
                yield ctx.finding(f"「{label}」得分 {s.text} 为负数", [s.q], expected="≥ 0", stated=s.text)
            elif scored(w) and iv(s)[0] > w.q.value + EPS:  # a weight is set, not measured: 8 is 8
                yield ctx.finding(f"「{label}」得分 {s.text} 分，高于该项分值 {w.text} 分", [s.q, w.q],
                                  expected=f"≤ {w.text}", stated=s.text)
