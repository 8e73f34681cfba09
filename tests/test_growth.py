"""The indexed searches that keep a long report near-linear give exactly what comparing
every pair gave (issue 15). Each test holds a brute-force reference: the code before."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from extractor import indicators
from extractor.indicators import (
    ALIGN_MIN,
    NO_SHARED_TOKEN_MAX,
    RATED_MIN,
    Pair,
    _ByTotal,
    compatible,
    greedy_matches,
    rate_fits,
    similarity,
    target_total,
)
from extractor.model import Quantity, Statement
from rules.builtin import jx401_conflicting_counts as jx401
from rules.builtin import jx402_conflicting_amounts as jx402
from rules.builtin import jx911_duplicate_paragraph as jx911
from rules.builtin.jx102_completion_rate_mismatch import _Totals
from rules.tolerance import OK, bounds, compare_stated, exact, quotient

WORDS = ["企业", "拜访", "目标", "开展", "招商", "推介", "活动", "培训", "农户", "线索", "项目", "建设", "改造", "小区",
         "供水", "管网", "新建", "服务", "群众", "读者", "接待", "有效", "提供", "第一手", "文化", "惠民", "演出"]
UNITS = ["个", "家", "场", "次", "人", "人次", "条", "项", "户", "公里"]


def _q(value: int, unit: str, start: int, places: int = 0) -> Quantity:
    v = Decimal(value).scaleb(-places)
    return Quantity(start, start + 3, f"{v}{unit}", v, unit, unit, Decimal(1).scaleb(-places),
                    "percent" if unit == "%" else "count")


subjects = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map("".join)


@st.composite
def statement_lists(draw, roles=("target", "result")):
    n = draw(st.integers(0, 30))
    pool = draw(st.lists(subjects, min_size=1, max_size=5))  # subjects repeat, as in a long report
    out = []
    for k in range(n):
        subject = draw(st.sampled_from(pool))
        words = [w for w in WORDS if w in subject]
        head = draw(st.sampled_from(words + [""]))
        unit = draw(st.sampled_from(UNITS))
        value = draw(st.integers(1, 400))
        rate = _q(draw(st.integers(1, 20000)), "%", 10 * k + 5, 2) if draw(st.booleans()) else None
        total = Decimal(value * draw(st.integers(2, 6))) if draw(st.integers(0, 4)) == 0 else None
        out.append(Statement(draw(st.sampled_from(roles)), _q(value, unit, 10 * k), subject, head, 10 * k,
                             10 * k + 4, draw(st.integers(1, 6)), total=total, rate=rate))
    return out


def brute_greedy(targets, results):
    scored = []
    for i, t in enumerate(targets):
        for j, r in enumerate(results):
            if not compatible(t.q.unit, r.q.unit):
                continue
            sc = similarity(t.subject, r.subject)
            if t.head and t.head == r.head:
                sc += 5
            if sc >= ALIGN_MIN:
                scored.append((sc, i, j))
    scored.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_t, used_r, out = set(), set(), []
    for sc, i, j in scored:
        if i in used_t or j in used_r:
            continue
        used_t.add(i)
        used_r.add(j)
        out.append((sc, i, j))
    return out


def brute_align(statements):
    targets = [s for s in statements if s.role == "target"]
    results = [s for s in statements if s.role == "result"]
    pairs = [Pair(targets[i], results[j], min(sc, 100.0)) for sc, i, j in brute_greedy(targets, results)]
    used_r = {j for _, _, j in brute_greedy(targets, results)}
    by_value = {(p.result.q.value, p.result.q.unit): p for p in pairs}
    for j, r in enumerate(results):
        if j in used_r:
            continue
        twin = by_value.get((r.q.value, r.q.unit))
        if twin is not None and similarity(twin.result.subject, r.subject) >= ALIGN_MIN:
            if r.rate is not None and twin.result.rate is None:
                fuller = Pair(twin.target, r, twin.score)
                pairs[pairs.index(twin)] = fuller
                by_value[(r.q.value, r.q.unit)] = fuller
            used_r.add(j)
            continue
        if r.rate is None:
            continue
        best = None
        for t in targets:
            if not compatible(t.q.unit, r.q.unit):
                continue
            sc = similarity(t.subject, r.subject)
            if sc >= RATED_MIN and rate_fits(r.rate, r.q, target_total(t)) and (best is None or sc > best[0]):
                best = (sc, t)
        if best is not None:
            pairs.append(Pair(best[1], r, min(best[0], 100.0)))
            used_r.add(j)
    pairs.sort(key=lambda p: p.target.q.start)
    return pairs


def test_the_token_bound_holds():
    # a pair without a shared token: Dice 0, so at most 0.4 × 100; every indexed search sits above it
    assert indicators.similarity("拜访企业", "开展招商推介活动") <= NO_SHARED_TOKEN_MAX
    assert ALIGN_MIN > NO_SHARED_TOKEN_MAX + 5


@settings(max_examples=150, deadline=None)
@given(statement_lists())
def test_greedy_matches_as_every_pair(statements):
    targets = [s for s in statements if s.role == "target"]
    results = [s for s in statements if s.role == "result"]
    assert greedy_matches(targets, results) == brute_greedy(targets, results)


@settings(max_examples=150, deadline=None)
@given(statement_lists())
def test_align_as_every_pair(statements):
    assert indicators.align(statements) == brute_align(statements)


@settings(max_examples=100, deadline=None)
@given(statement_lists(roles=("target",)), st.integers(1, 400), st.integers(1, 20000), st.sampled_from(UNITS))
def test_totals_superset_of_rate_fits(targets, value, rate, unit):
    r = Statement("result", _q(value, unit, 1000), "拜访企业", "企业", 1000, 1004, 9, rate=_q(rate, "%", 1010, 2))
    got = _ByTotal(targets).fitting(r)
    want = [t for t in targets if compatible(t.q.unit, unit) and rate_fits(r.rate, r.q, target_total(t))]
    assert [t for t in got if compatible(t.q.unit, unit) and rate_fits(r.rate, r.q, target_total(t))] == want
    assert [t for t in got] == [t for t in targets if t in got]  # in the targets' order


@settings(max_examples=100, deadline=None)
@given(statement_lists(roles=("target",)), st.integers(0, 30))
def test_jx102_other_targets_as_every_target(targets, k):
    if not targets:
        return
    t = targets[k % len(targets)]
    for value, rate in ((37, 9250), (120, 10000), (5, 333)):
        r = Statement("result", _q(value, t.q.unit, 2000), "x", "", 2000, 2004, 9, rate=_q(rate, "%", 2010, 2))
        want = any(compatible(o.q.unit, r.q.unit) and o is not t and o.q.value != t.q.value and target_total(o) > 0
                   and compare_stated(r.rate, quotient(bounds(r.q), exact(target_total(o)))) == OK for o in targets)
        assert _Totals(targets).fits(r, t) == want


@settings(max_examples=100, deadline=None)
@given(statement_lists(roles=("result", "fact")), st.sampled_from([20.0, 45.0, 80.0]))
def test_jx401_candidates_hold_every_conflict(results, limit):
    got = set(jx401._candidates(results, limit))
    for i, a in enumerate(results):
        for j in range(i + 1, len(results)):
            b = results[j]
            if a.head and a.head == b.head and compatible(a.q.unit, b.q.unit) and similarity(a.subject, b.subject) >= limit:
                assert (i, j) in got
    assert sorted(got) == jx401._candidates(results, limit)


@given(st.lists(st.sampled_from(["", "县级配套", "县级配套资金", "中央车购税", "中央车购税补助", "省级", "A"]), max_size=25))
def test_jx402_pairs_as_every_pair(names):
    from extractor.facts.model import ITEM, MAIN, Context

    class F:
        def __init__(self, name):
            self.context = Context(MAIN) if not name else Context(ITEM, name)

    figs = [F(n) for n in names]
    want = [(i, j) for i in range(len(figs)) for j in range(i + 1, len(figs)) if figs[i].context.same(figs[j].context)]
    assert jx402._same_context_pairs(figs) == want


sentences = st.lists(st.sampled_from(WORDS + ["，", "2021年", "完成", "全省"]), min_size=8, max_size=30).map("".join)


@settings(max_examples=100, deadline=None)
@given(st.lists(sentences, max_size=25), st.sampled_from([60.0, 80.0, 90.0, 95.0]))
def test_jx911_near_pairs_hold_every_near_duplicate(texts, limit):
    got = set(jx911.near_pairs(texts, limit))
    for x in range(len(texts)):
        for y in range(x + 1, len(texts)):
            a, b = texts[x], texts[y]
            if min(len(a), len(b)) * 10 >= max(len(a), len(b)) * 8 and fuzz.ratio(a, b) >= limit:
                assert (x, y) in got
