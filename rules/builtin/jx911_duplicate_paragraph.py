"""JX911 duplicate-paragraph."""
from __future__ import annotations

import re

from rules.registry import rule

_SENT = re.compile(r"[^。！？!?；;]+[。！？!?；;]?")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@rule("JX911", "duplicate-paragraph", "duplicate-text", "info", min_chars=40, min_similarity=90)
def check(ctx):
    """同一段话（句子）在报告不同位置重复出现。

    检查什么：长度不少于 min_chars 个汉字的句子，在另一个段落中以相似度 ≥ min_similarity
    再次出现（"截至2021年底" 与 "截至去年底" 这类改写仍算重复）。标题、短语和表格不比较。
    整段（连同段首的小标题句"（二）资金拨付进度滞后。"）一字不差地重复时，引用整段，只报告一次。

    为什么：照抄同一段文字充数，常见于用全省、全系统的工作成绩代替本项目的绩效
    （domain-rules c，DUP-TEXT）；重复段落里的数字也会被误当作本项目的产出。

    错误示例：一、项目概况和六、(三) 都写"截至2021年底，全省已陆续开展106个主题、118场产业专题招商活动……"。
    正确示例：只在一处陈述，另一处引用"见一、项目概况"。

    选项：min_chars（最短汉字数，默认 40）、min_similarity（0–100，默认 90）。
    """
    from rapidfuzz import fuzz

    min_chars = int(ctx.opt("min_chars"))
    limit = float(ctx.opt("min_similarity"))
    text = ctx.doc.text
    sents: list[tuple[int, int, int, str]] = []  # (block, start, end, text)
    for b in ctx.doc.blocks:
        if b.kind != "paragraph":
            continue
        for m in _SENT.finditer(text, b.start, b.end):
            s = m.group(0).strip()
            if len(_CJK.findall(s)) >= min_chars:
                start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
                sents.append((b.index, start, start + len(s), s))
    # exact repeats are grouped by hash first; only distinct sentences are compared
    # pairwise, so a report that repeats one paragraph 5,000 times stays linear
    by_text: dict[str, list[int]] = {}
    for k, s in enumerate(sents):
        by_text.setdefault(s[3], []).append(k)
    groups: list[list[int]] = []
    member: dict[int, int] = {}
    for ks in by_text.values():
        if len({sents[k][0] for k in ks}) > 1:
            groups.append(ks)
            for k in ks:
                member[k] = len(groups) - 1
    reps = [ks[0] for ks in by_text.values()]
    for x, y in near_pairs([sents[k][3] for k in reps], limit):
        i, j = reps[x], reps[y]
        if sents[i][0] == sents[j][0]:
            continue
        a, b = sents[i][3], sents[j][3]
        if min(len(a), len(b)) * 10 < max(len(a), len(b)) * 8:
            continue
        if fuzz.ratio(a, b) < limit:
            continue
        gi = member.get(i)
        if gi is None:
            gi = len(groups)
            groups.append(list(by_text[a]))
            for k in by_text[a]:
                member[k] = gi
        if j not in member:
            for k in by_text[b]:
                groups[gi].append(k)
                member[k] = gi
    blocks = {b.index: b for b in ctx.doc.blocks}
    whole_done: set[frozenset[int]] = set()
    for g in groups:
        first = sents[g[0]][3]
        where = "、".join(f"第{sents[k][0]}段" for k in g)
        owners = [blocks[sents[k][0]] for k in g]
        paras = {text[b.start:b.end].strip() for b in owners}
        if len(paras) == 1 and len({b.index for b in owners}) == len(owners):
            # "（二）资金拨付进度滞后。省级资金于…" twice: the whole paragraph, its title sentence too, is
            # repeated; it is quoted whole, once however many of its sentences are long
            key = frozenset(b.index for b in owners)
            if key in whole_done:
                continue
            whole_done.add(key)
            para = paras.pop()
            spans = []
            for b in owners:
                lo = b.start + (len(text[b.start:b.end]) - len(text[b.start:b.end].lstrip()))
                spans.append((lo, lo + len(para)))
            yield ctx.finding(f"这段话在 {len(g)} 处重复出现（{where}）：「{para[:30]}……」", spans,
                              data={"count": len(g)})
            continue
        yield ctx.finding(
            f"这句话在 {len(g)} 处重复出现（{where}）：「{first[:30]}……」",
            [(sents[k][1], sents[k][2]) for k in g], data={"count": len(g)})


def near_pairs(texts: list[str], limit: float) -> list[tuple[int, int]]:
    """The pairs (x < y, in order) of ``texts`` that may score fuzz.ratio ≥ ``limit`` and pass
    the length test (the shorter ≥ 0.8 × the longer): a superset, found without comparing
    every text with every other (a prefix filter, exact).

    fuzz.ratio is 200·LCS/(la + lb), and the LCS is at most the characters the two share
    (as multisets). A pair that passes needs t ≥ limit/200 · (la + lb) ≥ limit/200 · 1.8 · la
    shared characters; two multisets sharing t elements share one of their la − t + 1 rarest
    (every text ordered by the same global rarity): only texts sharing one of those are paired."""
    from collections import Counter

    if limit <= 0:
        return [(x, y) for x in range(len(texts)) for y in range(x + 1, len(texts))]
    elems = [[(c, k) for c, n in Counter(t).items() for k in range(n)] for t in texts]
    freq = Counter(e for es in elems for e in es)
    by_elem: dict[tuple[str, int], list[int]] = {}
    prefixes = []
    for x, es in enumerate(elems):
        need = int(limit * 1.8 * len(es) / 200) - 1  # floor, less one for float rounding: a lower bound of t
        size = len(es) - need + 1 if need >= 1 else len(es)
        es.sort(key=lambda e: (freq[e], e))
        prefixes.append(es[:size])
        for e in es[:size]:
            by_elem.setdefault(e, []).append(x)
    out: set[tuple[int, int]] = set()
    for x, pre in enumerate(prefixes):
        for e in pre:
            out.update((x, y) for y in by_elem[e] if y > x)
    return sorted(out)
