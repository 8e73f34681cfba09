"""JX862 table-indicator-points-inflated."""
from __future__ import annotations

from rules.common import num
from rules.registry import rule
from rules.selfeval_common import EPS, completion, iv, scored, tables


@rule("JX862", "table-indicator-points-inflated", "score-inflation", "error")
def check(ctx):
    """自评表中定量指标的得分高于其完成程度所允许的分数（含未完成却得满分）。

    检查什么：每个有年度指标值、实际完成值、分值和得分的定量指标：
    正向（≥）与等于（=）指标最多得 min(实际 ÷ 目标, 1) × 分值；反向（≤：成本、时间、
    投诉率等）指标完成时得满分，未完成时最多得 A/B × 分值 或 (2 − B/A) × 分值 中较大者
    （两种公式都在使用，取宽者）。得分超出（整数得分 ±0.5）即为错误；
    未完成（完成程度的上限也低于 100%）却得满分，不论舍入都是错误（IND-FULL-UNMET）。
    方向取自「指标性质」栏、目标前的 ≥ ≤ 符号，或指标名称（成本、时间…）。

    为什么：达成目标得全部分值，未达成按 完成值 ÷ 目标值 × 分值 计分（财政部《项目支出绩效
    评价管理办法》；domain-rules a5，IND-SCORE、IND-FULL-UNMET）。

    错误示例：梳理行业目标企业 | ≥1400家 | 423个 | 10 | 10（最多 423 ÷ 1400 × 10 = 3.02 分）
    正确示例：包装推出产业招商项目 | ≥100个 | 93个 | 10 | 9.3

    选项：无。
    """
    for se in tables(ctx):
        for row in se.indicators:
            if not (scored(row.weight) and scored(row.score)):
                continue
            c = completion(row)
            if c is None:
                continue
            w = row.weight.q.value
            max_pts = c[1] * w
            s_lo, _ = iv(row.score)
            # full marks on an indicator that missed its target is wrong whatever the rounding
            # (IND-FULL-UNMET): 86% against ≥90% may round to 9.56 → 10 points, not to full marks
            full_unmet = c[1] < 1 and row.score.q.value >= w
            if s_lo <= max_pts + EPS and not full_unmet:
                continue
            if c[1] >= 1 and s_lo > w + EPS:
                continue  # achieved, and scored above the weight itself: JX211's finding, not a second one
            t, a = row.target, row.actual
            if row.direction == "≤":
                formula = f"反向指标，max({t.q.value} ÷ {a.q.value}, 2 − {a.q.value} ÷ {t.q.value}) × {row.weight.text}"
            else:
                # completion is capped at 100%: "min(1085 ÷ 1000, 1) × 10 = 10.00"
                formula = f"min({a.q.value} ÷ {t.q.value}, 1) × {row.weight.text}"
            why = "未完成却得满分；" if full_unmet else ""
            yield ctx.finding(
                f"指标「{row.label}」目标 {t.text}，实际 {a.text}，完成 {num(c[1] * 100, 2)}%：{why}"
                f"得分最多 {formula} = {num(max_pts, 2)} 分，表中为 {row.score.text} 分",
                [t.q, a.q, row.score.q], expected=f"≤ {num(max_pts, 2)}", stated=row.score.text,
                data={"completion": str(c[1]), "max_points": str(max_pts), "direction": row.direction})
