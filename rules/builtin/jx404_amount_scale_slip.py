"""JX404 amount-scale-slip."""
from __future__ import annotations

from decimal import Decimal

from rules.common import num
from rules.registry import rule

TEN_THOUSAND = Decimal(10000)
IMPLAUSIBLE = Decimal(100)  # an amount a hundred times the whole budget is not this project's money
HEADLINE = ("spent", "budget.total", "budget", "budget.initial", "funds.arrived")
BUDGETS = ("budget.total", "budget", "budget.initial", "funds.arrived", "budget.control")
FACTOR_WORDS = {Decimal(10): "十", Decimal(100): "一百", Decimal(1000): "一千", Decimal(10000): "一万"}
MIN_DIGITS = 4  # "1万元" and "1亿元" may meet by chance; "1,203.40" and "12,034,000" do not


def _digits(q) -> int:
    return len(str(q.value.normalize()).replace(".", "").replace("-", "").strip("0"))


@rule("JX404", "amount-scale-slip", "value-conflict", "error")
def check(ctx):
    """金额的单位或小数点写错：某一金额恰好是另一金额的一万倍且远超全部预算，或同一名目的两处金额恰好相差十、百、千或万倍。

    检查什么：正文或表格中的金额（以万元计）超过本项目（本单位）全部预算的 100 倍，
    而它的数字恰好是报告中某一预算、到位或支出金额的一万倍（有效数字至少 4 位，
    "1,203.40万元"与"12,034,000万元"），说明把以元计的数字写成了万元。与同一金额前后
    不一致（JX402）不同，这里两处的主语可以不同（"实际支出"与"累计支付工程款……合计"）。
    恰好是预算减支出（未支付、结余）的一万倍时同样报告。另一种情形：正文两处金额恰好相差
    10、100、1000 或 10000 倍（有效数字至少 3 位），而两处的主语同有一个至少四个字的名称
    （"群众性体育赛事活动支出23.60万元"与"赛事活动经费2,360,000元"），同一笔钱写错了单位或小数点；
    人均、标准、累计和上年的金额不比（facts.rescaled）。

    为什么：一万倍的差异是元与万元混用，金额失真（domain-rules c，UNIT-SCALE）。

    错误示例：项目实际支出1,203.40万元……累计支付工程款、监理费及设计费合计12,034,000万元。
    正确示例：项目实际支出1,203.40万元……累计支付工程款、监理费及设计费合计12,034,000元。
    """
    facts = ctx.facts
    reported: set[int] = set()
    for r in facts.rescaled:
        reported.update((r.first.start, r.second.start))
        word = FACTOR_WORDS[r.factor]
        yield ctx.finding(
            f"「{r.shared}」的金额 {r.first.text} 与 {r.second.text} 相差恰好{word}倍"
            f"（{num(r.first.value)}万元、{num(r.second.value)}万元）：同一笔钱的单位或小数点写错",
            [r.first, r.second], data={"factor": int(r.factor), "shared": r.shared})
    budgets = [f.q.value for f in facts.of(*BUDGETS) if f.context.is_main and f.q.kind == "money"]
    if not budgets:
        return
    ceiling = max(budgets) * IMPLAUSIBLE
    sources = [f for f in facts.of(*HEADLINE) if f.q.kind == "money" and f.q.value > 0 and _digits(f.q) >= MIN_DIGITS]
    # one figure per distinct value: a long report repeats its headline amounts
    main_budgets = _first_of_each_value(f for f in facts.of("budget.total", "budget") if f.context.is_main and f.q.kind == "money")
    spent = _first_of_each_value(f for f in facts.of("spent") if f.context.is_main and f.q.kind == "money")
    balances = [(b, s) for b in main_budgets for s in spent if b.q.value > s.q.value]
    for q in ctx.ext.quantities:
        if q.kind != "money" or q.value <= ceiling or q.raw_unit == "元" or q.start in reported:
            continue
        f = next((f for f in sources if f.q.value * TEN_THOUSAND == q.value), None)
        if f is None:
            # "尚有4,635,300万元工程尾款及质保金未支付": the balance, budget − spending, in 元
            pair = next(((b, s) for b, s in balances if (b.q.value - s.q.value) * TEN_THOUSAND == q.value), None)
            if pair is not None:
                b, s = pair
                yield ctx.finding(
                    f"{q.text} 恰好是{b.how} {b.q.text} − {s.how} {s.q.text} = {num(b.q.value - s.q.value)}万元 的一万倍，"
                    f"且超过全部预算 {num(max(budgets))}万元：以元计的数字写成了万元",
                    [q, b.q, s.q], expected=f"{num(q.value / TEN_THOUSAND)}万元", stated=q.text, data={"factor": 10000})
            continue
        yield ctx.finding(
            f"{q.text} 恰好是{f.how} {f.q.text} 的一万倍，且超过全部预算 {num(max(budgets))}万元 的 "
            f"{num((q.value / max(budgets)).quantize(Decimal(1)))} 倍：以元计的数字写成了万元",
            [q, f.q], expected=f"{num(q.value / TEN_THOUSAND)}万元",
            stated=q.text, data={"factor": 10000})


def _first_of_each_value(facts, limit: int = 16) -> list:
    out: dict = {}
    for f in facts:
        out.setdefault(f.q.value, f)
    return list(out.values())[:limit]
