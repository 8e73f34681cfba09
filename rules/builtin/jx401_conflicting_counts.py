"""JX401 conflicting-counts."""
from __future__ import annotations

import re

from extractor.indicators import NO_SHARED_TOKEN_MAX, SubjectIndex, compatible, similarity, unit_key
from rules.registry import rule

SAME_SUBJECT = 80.0  # subjects this similar (and with the same head word) describe one quantity


@rule("JX401", "conflicting-counts", "value-conflict", "error", min_similarity=SAME_SUBJECT)
def check(ctx):
    """同一完成数量在不同位置写成不同数值。

    检查什么：两处描述同一产出（主语相同、计量单位同类、中心词相同）的实际完成数，
    数值却不同，例如一处写"提供第一手有效线索419条"，另一处写"提供第一手线索325条"。
    目标值与实际值不同不算冲突；只比较实际完成数。

    为什么：同一个数字在报告中只能有一个值；不一致时至少一处有误，
    评价结论和得分的依据随之不可靠（domain-rules c，VALUE-CONFLICT）。

    错误示例：一(二)：提供第一手有效线索419条……三(二)：提供第一手线索325条。
    正确示例：两处都写"提供第一手有效线索419条"。

    选项：min_similarity（主语相似度下限，0–100，默认 80）。
    """
    limit = float(ctx.opt("min_similarity"))
    distinct: dict[tuple, object] = {}
    for s in ctx.ext.statements:
        if s.role in ("result", "fact") and s.q.qualifier is None:
            distinct.setdefault((s.subject, s.q.value, s.q.unit), s)
    results = list(distinct.values())
    reported: set[tuple[int, int]] = set()
    for i, j in _candidates(results, limit):
        a, b = results[i], results[j]
        if a.q.value == b.q.value or not compatible(a.q.unit, b.q.unit):
            continue
        if a.block == b.block or not a.head or a.head != b.head:
            continue
        if a.q.unit == "%" and (a.subject == a.head or b.subject == b.head):
            continue  # "满意度96.00%" and "满意度95.33%": a bare rate word names no population; two surveys
        if (a.q.start, b.q.start) in reported:
            continue
        if ROLE_ONLY.fullmatch(a.subject) or ROLE_ONLY.fullmatch(b.subject):
            continue  # "计划≥2万亩，全年实际达到2.1万亩": a role word names no quantity
        if a.sample != b.sample:
            continue  # "现场抽查…路灯3,240盏" and "维护路灯68,420盏": a sample and the whole
        if _stock_and_flow(a.subject, b.subject):
            continue  # "其中新能源公交车920台" and "更新新能源公交车60台": the fleet and this year's additions
        sc = similarity(a.subject, b.subject)
        if sc < limit and not _project_named(a.subject, b.subject, ctx.facts.names):
            continue
        if _scope(ctx, a) != _scope(ctx, b):
            continue  # "（一）产业发展类。28个项目…" and "（二）基础设施类。12个项目…": two categories
        # a figure that also appears elsewhere with the other's value is a sub-count, not a conflict
        reported.add((a.q.start, b.q.start))
        yield ctx.finding(
            f"同一数量前后不一致：「{a.subject}」{a.q.text}，另一处「{b.subject}」{b.q.text}",
            [a.q, b.q], data={"similarity": round(sc, 1)})



ROLE_ONLY = re.compile(r"(?:全年|年度|实际|计划|目标|预期|完成值?|指标值|实际完成值|达到|为|共|累计)+")
FLOW = re.compile(r"^(?:全年|年内|本年度?|当年|共|累计)?(?:更新|新增|新建|新购|购置|投放|新投放|新辟|新开|淘汰|报废|改造|新改建|增加|减少)")


def _stock_and_flow(a: str, b: str) -> bool:
    """One subject is the other with a verb of change before it: what there is, and what changed."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    short = re.sub(r"^(?:其中|共有|现有|年末|全市|全县|全区|城区)+", "", short)
    m = FLOW.match(long)
    return m is not None and len(short) >= 2 and long.endswith(short) and not FLOW.match(short)


LEAD_WORDS = re.compile(r"共|累计|合计|全年|总计|总")


def _project_named(a: str, b: str, names: tuple[str, ...]) -> bool:
    """"惠民演出共惠及群众" and "惠及群众" in a report on 惠民演出: the longer subject only adds
    the name of what the whole report is about, which does not make it another quantity."""
    long, short = (a, b) if len(a) > len(b) else (b, a)
    if len(short) < 2 or not long.endswith(short):
        return False
    extra = LEAD_WORDS.sub("", long[:-len(short)])
    return len(extra) >= 2 and any(extra in n for n in names)


def _candidates(results, limit: float) -> list[tuple[int, int]]:
    """The pairs (i < j, in order) that may conflict: same head word and unit family, and,
    above the character-only score, a shared token (a pair without one scores at most
    NO_SHARED_TOKEN_MAX). Comparing only these keeps a long report near-linear."""
    groups: dict[tuple, list[int]] = {}
    for i, s in enumerate(results):
        if s.head:
            groups.setdefault((s.head, unit_key(s.q.unit)), []).append(i)
    out: list[tuple[int, int]] = []
    for members in groups.values():
        if limit > NO_SHARED_TOKEN_MAX:
            index = SubjectIndex([results[i].subject for i in members])
            for x, i in enumerate(members):
                out.extend((i, members[y]) for y in index.near(results[i].subject) if y > x)
        else:
            out.extend((i, j) for x, i in enumerate(members) for j in members[x + 1:])
    out.sort()
    return out


def _scope(ctx, s) -> str:
    """The scope the innermost section title names ("产业发展类", "包1"), or ''."""
    return ctx.facts.scope(ctx.doc, s.block)
