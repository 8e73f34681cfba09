"""JX601 indicator-subject-mismatch."""
from __future__ import annotations

from extractor.indicators import NO_SHARED_TOKEN_MAX, SubjectIndex, compatible, similarity, tokens
from rules.registry import rule

SAME_REST = 85.0
CROSS_UNIT = 75.0  # a target and a result in different measures this alike are the same indicator
assert CROSS_UNIT > NO_SHARED_TOKEN_MAX
# measures a report swaps for one another: persons for person-times or households, 亩 for 平方米 …;
# for these a shared content word of the subject is enough ("培训人数50人" / "培训280人次")
CONFUSED = {frozenset(p) for p in (("人", "人次"), ("人", "户"), ("人次", "户"), ("亩", "平方米"), ("亩", "公顷"),
                                    ("平方米", "公顷"), ("家", "个"), ("所", "个"))}


def _without(subject: str, head: str) -> str:
    i = subject.rfind(head) if head else -1
    return subject[:i] + subject[i + len(head):] if i >= 0 else subject


@rule("JX601", "indicator-subject-mismatch", "indicator-mismatch", "warning")
def check(ctx):
    """实际值统计的对象或计量单位与目标不同。

    检查什么：同一指标的目标与实际完成情况措辞几乎相同，但统计对象（中心词）不同，
    例如目标"引进外商在海南设立区域性机构5个"，完成情况"引进外商在海南设立企业5家"；
    或目标与实际的计量单位不属同类（"培训班3期"对"培训300人次"）；人数与人次、人口与户数、
    亩与平方米这类常被互换的计量单位，主题有一个共同的实词即视为同一指标（"培训人数50人"对
    "培训280人次"，"受益人口8.5万人"对"受益农户2.3万户"）；实际值与目标数字相同而计量单位不同、主题有两个
    共同的实词时同样报告（"耕地保护动态监测320平方公里"对"耕地动态监测图斑320个"）。

    为什么：实际值必须与目标值同口径才能计算完成率和得分；换了统计对象，
    指标实际上没有被评价（domain-rules c，IND-UNIT）。

    自评表中同一指标的实际完成值已按目标的计量单位填写时（正文"处置108批次"，表中处置率 91.53%），
    正文换用的计量单位只是补充说明，不报告。

    错误示例：目标"设立区域性机构5个"，实际"设立企业5家"。
    正确示例：目标"设立区域性机构5个"，实际"设立区域性机构5个"。
    """
    for p in ctx.ext.pairs:
        t, r = p.target, p.result
        if not t.head or not r.head or t.head == r.head or t.head in r.head or r.head in t.head:
            continue
        rest_t, rest_r = _without(t.subject, t.head), _without(r.subject, r.head)
        if len(rest_t) < 2 or similarity(rest_t, rest_r) < SAME_REST:
            continue
        yield ctx.finding(
            f"目标统计「{t.head}」{t.q.text}，实际统计「{r.head}」{r.q.text}：口径不一致",
            [t.q, r.q], data={"target_subject": t.subject, "result_subject": r.subject})
    # a target left without a same-unit result, but matched by a result in another measure
    paired = {id(p.target) for p in ctx.ext.pairs}
    paired_r = {id(p.result) for p in ctx.ext.pairs}
    results = [s for s in ctx.ext.statements if s.role == "result" and id(s) not in paired_r]
    found = []
    # both tests need a shared token (CROSS_UNIT > NO_SHARED_TOKEN_MAX): only those results are compared
    index = SubjectIndex([r.subject for r in results])
    for t in ctx.ext.statements:
        if t.role != "target" or id(t) in paired:
            continue
        best = None
        t_tokens = {w for w in tokens(t.subject) if len(w) >= 2}
        for j in index.near(t.subject):
            r = results[j]
            if compatible(t.q.unit, r.q.unit):
                continue
            sc = index.score(t.subject, j)
            shared = t_tokens & set(tokens(r.subject))
            swapped = frozenset((t.q.unit, r.q.unit)) in CONFUSED and shared
            # "监测320平方公里" / "监测图斑320个": the target's number, counted in another measure
            same_number = r.q.value == t.q.value and len(shared) >= 2
            if (sc >= CROSS_UNIT or swapped or same_number) and (best is None or sc > best[0]):
                best = (sc, r)
        if best:
            found.append((t, best[1]))
    # a result that would stand for two targets stands for neither (600户 against three counts of 人);
    # one target stated twice (纳入计划学生22,140人 … 受益学生22,140人) is one target, reported once
    uses: dict[int, set] = {}
    for t, r in found:
        uses.setdefault(id(r), set()).add((t.q.value, t.q.unit))
    reported: set[int] = set()
    for t, r in found:
        if len(uses[id(r)]) > 1 or id(r) in reported:
            continue
        if ctx.facts.table_rows_like(t.subject, t.q.unit):
            continue  # "处置率100%" / "处置108批次": the 自评表 row states the rate itself (91.53%)
        reported.add(id(r))
        yield ctx.finding(
            f"目标以「{t.q.unit}」计（{t.q.text}），实际以「{r.q.unit}」计（{r.q.text}）：计量单位不一致",
            [t.q, r.q])
