"""JX912 reason-copied-between-rows."""
from __future__ import annotations

import re

from rules.registry import rule
from rules.selfeval_common import tables

_CJK = re.compile(r"[\u4e00-\u9fff]")
_SPACE = re.compile(r"\s+")


@rule("JX912", "reason-copied-between-rows", "duplicate-text", "warning", min_chars=15)
def check(ctx):
    """自评表中不同指标的偏差原因一字不差。

    检查什么：同一张自评表里，两个或更多指标行的偏差原因（原因分析及改进措施）栏文字完全相同，
    且不少于 min_chars 个汉字（"无""同上""见说明"这类短语不算）。

    为什么：每个指标的偏差各有其因；一段原因照抄到另一指标，多半没有分析该指标本身
    （domain-rules c，DUP-TEXT：照抄文字充数）。

    错误示例：堤防长度、汛前完成比例、群众满意度三行都写"受梅雨期持续降雨影响，施工有效工期减少……"。
    正确示例：满意度一行写它自己的原因："施工期间道路通行不便、扬尘影响沿线群众"。

    选项：min_chars（最短汉字数，默认 15）。
    """
    least = int(ctx.opt("min_chars"))
    for se in tables(ctx):
        by_text: dict[str, list] = {}
        for r in se.indicators:
            if r.reason is None or not r.reason.present:
                continue
            t = _SPACE.sub("", r.reason.text)
            if len(_CJK.findall(t)) >= least:
                by_text.setdefault(t, []).append(r)
        for rows in by_text.values():
            if len(rows) < 2 or len({r.label for r in rows}) < 2:
                continue
            names = "、".join(f"「{r.label}」" for r in rows[:4])
            yield ctx.finding(
                f"{names}的偏差原因一字不差：「{rows[0].reason.text.strip()[:40]}」",
                [r.reason.span for r in rows[:4]], data={"rows": len(rows)})
