"""JX863 scored-full-despite-miss."""
from __future__ import annotations

from extractor.indicators import missed, target_total
from rules.common import num
from rules.registry import rule


@rule("JX863", "scored-full-despite-miss", "score-inflation", "error")
def check(ctx):
    """逐项打分（正文"满意度指标（10分）：得10分"，或只有分值、得分两栏的评分表）给了满分，
    正文却写明其中的指标没有完成。

    检查什么：正文逐项写出的得分与分值（"数量20分得20分""满意度指标（10分）：得10分"），
    以及没有年度指标值、实际完成值栏的评分表行（"抽检批次 | 15 | 15"），其名称的每个词
    都出现在正文某一指标的目标与实际值（连同计量单位）之中时，或该指标的目标与实际值就写在这一项的
    分值与得分之间时（"3.时效指标（10分）：按期完工率目标≥95%，……按期完工率85.7%，得10分"），对照该指标：实际值未达到
    目标，这一项却得了满分，即为错误（IND-FULL-UNMET）。

    为什么：未完成的指标按 完成值 ÷ 目标值 × 分值 计分，得不到满分（财政部《项目支出绩效
    评价管理办法》；domain-rules a5）。一级指标整体得满分而其下有未完成的指标，同样不成立。

    错误示例：受益农户满意度87%，未达到90%的目标值……满意度指标（10分）：得10分。
    正确示例：受益农户满意度87%，未达到90%的目标值……满意度指标（10分）：得9.67分。
    """
    for link in ctx.facts.scored_links:
        if link.score.value < link.weight.value:
            continue
        for p in link.pairs:
            if not missed(p.target, p.result):
                continue
            total = target_total(p.target)
            rate = p.result.q.value / total * 100 if total > 0 and p.target.q.qualifier not in ("≤", "<") else None
            done = f"（完成 {num(rate, 2)}%）" if rate is not None else ""
            yield ctx.finding(
                f"「{link.name}」得满分 {link.score.text}（分值 {link.weight.text}），但正文写明指标未完成："
                f"目标 {p.target.q.text}，实际 {p.result.q.text}{done}",
                [link.score, p.target.q, p.result.q], stated=link.score.text,
                expected=f"< {link.weight.text}",
                data={"target": str(total), "result": str(p.result.q.value)})
            break
