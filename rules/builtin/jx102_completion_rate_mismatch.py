"""JX102 completion-rate-mismatch."""
from __future__ import annotations

import bisect
from decimal import Decimal

from extractor.indicators import compatible, target_total, unit_key
from rules.common import num, pct, places
from rules.registry import rule
from rules.tolerance import HUNDRED, OK, ROUNDING, bounds, compare_stated, exact, quotient

SURE = 90.0  # subject similarity of an alignment that is not in doubt


@rule("JX102", "completion-rate-mismatch", "ratio-mismatch", "error")
def check(ctx):
    """指标完成率与实际值、目标值不符。

    检查什么：结果后写明的完成率（"拜访目标企业785个，完成率109.03%"）是否等于
    实际值 ÷ 目标值。按组下达的目标（"6个驻外招商组……各组每年拜访企业120个以上"）
    以全部组的合计（120 × 6 = 720）为分母；括号中单列的组（"24家以上（数字经济招商组20家以上）"）
    按其自身目标计入（24 × 4 + 20）。若写明的完成率恰好等于实际值 ÷ 单个组的目标，
    说明用一个组的目标冒充了全部组的目标。

    为什么：完成率是指标得分的依据（正向指标得分 = min(B/A, 1) × 分值）；
    分母错了，得分和"超额完成"的结论都不成立。

    正文没有写目标值时，以自评表中同一指标行的年度指标值为分母（该行与正文结果对应，见
    ``extract`` 的「正文结果 ↔ 自评表」）；完成率写了而两处都找不到对应目标值时，列为"未能核对"。

    错误示例：5个专业招商组各梳理行业目标企业280家以上……梳理行业目标企业423个，完成率151.07%。
    正确示例：……梳理行业目标企业423个，完成率30.21%（423 ÷ 1400）。
    """
    groups = ctx.ext.groups
    # a rate is open when no aligned result carries it (a paired result's rate is in here)
    paired_rates = {p.result.rate.start for p in ctx.ext.pairs if p.result.rate is not None}
    unpaired: dict[int, object] = {}  # rate offset -> the result nearest before it
    for s in ctx.ext.statements:
        if s.role == "result" and s.rate is not None and s.rate.start not in paired_rates:
            if s.rate.start not in unpaired or s.q.end > unpaired[s.rate.start].q.end:
                unpaired[s.rate.start] = s
    # a narrative result with no narrative target may be the result of a 自评表 row: its 年度指标值
    # is the target ("上门服务10,860人次，完成率92.5%" beside the row "上门服务 | ≥12000人次 | 10860人次")
    table_target = {}
    for link in ctx.facts.indicator_links:
        t = link.row.target
        if link.weak:
            continue  # linked as the last of a measure only: no target to hold a rate to
        if link.results and t is not None and t.q is not None and compatible(t.q.unit, link.results[0].q.unit):
            table_target.setdefault(id(link.results[0]), link.row)
    for s in unpaired.values():
        row = table_target.get(id(s))
        if row is None:
            yield ctx.not_assessed(f"完成率 {s.rate.text}：未找到与实际值 {s.q.text} 对应的目标值", [s.q, s.rate])
            continue
        t = row.target.q
        iv = quotient(bounds(s.q), bounds(t)) if t.qualifier not in ("≤", "<") and t.value > 0 else None
        if iv is None:
            continue
        verdict = compare_stated(s.rate, iv)
        if verdict == OK:
            continue
        p = max(places(s.rate), 2)
        computed = s.q.value / t.value * HUNDRED  # the figures as printed; the verdict used their intervals
        yield ctx.finding(
            f"完成率写为 {s.rate.text}，但 {num(s.q.value)} ÷ {num(t.value)}（自评表「{row.label}」年度指标值 {t.text}）"
            f"= {pct(computed, p)}", [s.q, s.rate, t], expected=pct(computed, p), stated=s.rate.text,
            severity="warning" if verdict == ROUNDING else None,
            data={"target": str(t.value), "result": str(s.q.value), "target_from": "table"})
    others = _Totals([o for o in ctx.ext.statements if o.role == "target"])
    for pair in ctx.ext.pairs:
        r, t = pair.result, pair.target
        if r.rate is None or t.q.qualifier in ("≤", "<"):
            continue
        total = target_total(t)
        if total <= 0:
            continue
        iv = quotient(bounds(r.q), exact(total) if t.total is not None else _target_bounds(t.q, r.q))
        if iv is None:
            continue
        verdict = compare_stated(r.rate, iv)
        if verdict == OK:
            continue
        # the report may count groups we did not see as per-group: accept a rate that
        # equals the result over the target times any group count named in the report
        if t.total is None and any(
            compare_stated(r.rate, quotient(bounds(r.q), exact(t.q.value * n))) == OK for n in set(groups.values())
        ):
            continue
        # a rate that is this result over another target of the report: the alignment, not
        # the rate, is wrong ("完成率95%" of 38 of 40 aligned with a target of 126)
        if others.fits(r, t):
            continue
        computed = r.q.value / total * HUNDRED
        one = quotient(bounds(r.q), exact(t.q.value)) if t.total is not None else None
        per_group = one is not None and compare_stated(r.rate, one) == OK  # 228 ÷ 150 instead of ÷ (150 × 4)
        if pair.score < SURE and not per_group and not (r.rate.value / 2 <= computed <= r.rate.value * 2):
            yield ctx.not_assessed(
                f"完成率 {r.rate.text}：与实际值 {r.q.text} 对齐的目标 {t.q.text} 给出 {pct(computed, 2)}，相差过大，"
                f"目标可能对应错了", [r.q, r.rate, t.q])
            continue
        p = max(places(r.rate), 2)
        denom = f"({t.total_note})" if t.total_note else num(t.q.value)
        msg = f"完成率写为 {r.rate.text}，但 {num(r.q.value)} ÷ {denom} = {pct(computed, p)}"
        data = {"target": str(total), "result": str(r.q.value)}
        if t.total is not None:
            one = quotient(bounds(r.q), exact(t.q.value))
            if one is not None and compare_stated(r.rate, one) == OK:
                msg += f"；{r.rate.text} 是 {num(r.q.value)} ÷ {num(t.q.value)}，即只按一个{t.group_label or '组'}的目标计算"
                data["per_group_rate"] = True
        severity = "warning" if verdict == ROUNDING else None
        yield ctx.finding(msg, [r.q, r.rate, t.q], expected=pct(computed, p), stated=r.rate.text,
                          severity=severity, data=data)


def _target_bounds(t, r) -> tuple[Decimal, Decimal]:
    """A target printed beside its result with fewer decimals in the same written unit
    ("健康管理4.05万人，年度目标4.2万人") dropped its trailing zeros: it is read at the result's
    precision, as an integer amount takes its siblings' (domain-rules c)."""
    if r.ulp < t.ulp and t.raw_unit and t.raw_unit == r.raw_unit and t.high is None:
        return t.value - r.ulp / 2, t.value + r.ulp / 2
    return bounds(t)


class _Totals:
    """The report's targets by unit family and total, to ask whether a rate is a result over
    another target's total without trying every target for every pair."""

    def __init__(self, targets) -> None:
        by: dict = {}
        for o in targets:
            total = target_total(o)
            if total > 0:
                by.setdefault(unit_key(o.q.unit), {}).setdefault(total, []).append(o)
        self.by = {k: (sorted(v), v) for k, v in by.items()}

    def fits(self, r, t) -> bool:
        hit = self.by.get(unit_key(r.q.unit))
        if hit is None:
            return False
        totals, of = hit
        r_lo, r_hi = bounds(r.q)
        s_lo, s_hi = r.rate.value - r.rate.ulp / 2, r.rate.value + r.rate.ulp / 2
        if s_lo > 0 and r_lo >= 0:
            # r / T meets the rate only for T in [r_lo·100/s_hi, r_hi·100/s_lo]; a margin
            # covers Decimal rounding, the exact test below decides
            lo, hi = r_lo * HUNDRED / s_hi * _BELOW, r_hi * HUNDRED / s_lo * _ABOVE
            totals = totals[bisect.bisect_left(totals, lo):bisect.bisect_right(totals, hi)]
        return any(any(o is not t and o.q.value != t.q.value for o in of[total])
                   and compare_stated(r.rate, quotient((r_lo, r_hi), exact(total))) == OK for total in totals)


_BELOW, _ABOVE = Decimal("0.999999"), Decimal("1.000001")
