"""Facts: a figure with its concept, its context, its unit and where it was read.

After XBRL as Arelle reads it: a fact is *concept + context + unit + decimals*.
Here the concept is what the figure measures (年初预算, 全年预算, 到位, 执行, 执行率
…, the labels of ``extractor.figures.CUES``), the context is what it is about (the
project or unit the report covers, or a named item: a sub-project, a fund source,
an expense type such as 基本支出 or "三公"经费), the unit and printed precision are
the Quantity's (money always in 万元, scaled exactly from 元/亿元; the interval is
±½ unit of the last printed digit), and the evidence is a span of Document.text or
a table cell. Prose and 自评表 feed the same facts, so a rule compares a sentence
with a table cell by asking for one concept in one context.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Cell, Quantity

MAIN = "main"  # the project or unit the report is about
ITEM = "item"  # a named sub-project, fund source, expense type …


@dataclass(frozen=True, slots=True)
class Context:
    kind: str  # MAIN | ITEM
    name: str = ""  # normalized name of the item ('' for MAIN)

    @property
    def is_main(self) -> bool:
        return self.kind == MAIN

    def same(self, other: Context) -> bool:
        """One context under two spellings: equal names, or one name inside the other
        ("县级配套" and "县级配套资金" are already normalized alike; "中央车购税补助"
        and "中央车购税" meet by containment)."""
        if self.kind != other.kind:
            return False
        if self.is_main:
            return True
        a, b = self.name, other.name
        if a == b:
            return True
        short, long = (a, b) if len(a) <= len(b) else (b, a)
        # "城乡最低生活保障" and its table's "城乡最低生活保障结转" row: a project and one of its fund rows
        if (JOINED in a) != (JOINED in b):
            return False  # "州＋县级": the sum of two sources' rows is neither source
        if (PART_OF in a) != (PART_OF in b):
            return False  # "退役军人就业创业培训／市级财政": a row of a project's table is neither the project nor a source of the report
        return len(short) >= 2 and short in long and long.replace(short, "", 1) not in FUND_ROWS


    def __str__(self) -> str:
        return "本项目/本单位" if self.is_main else self.name


MAIN_CONTEXT = Context(MAIN)
JOINED = "＋"  # joins the sources a table row names together ("州、县级资金") into one context name
PART_OF = "／"  # joins a project's name and a row of its 自评表 into one context name
FUND_ROWS = frozenset({"结转", "拨款", "其他", "结余", "当年"})  # normalized fund-row names of a 自评表


@dataclass(frozen=True, slots=True)
class Fact:
    concept: str  # 'budget.initial' | 'budget.total' | 'budget' | 'funds.arrived' | 'spent' | 'rate.execution' …
    context: Context
    q: Quantity  # canonical unit: money in 万元 (a table in 元 is scaled), rates in %
    source: str  # 'prose' | 'table'
    how: str  # the cue words ('实际支出'), or the table column ('全年执行数')
    block: int  # Block.index
    table: int | None = None  # Table.index for table facts
    cell: Cell | None = None  # the cell for table facts
    row_label: str | None = None  # the row's label for table facts ('其中：当年财政拨款')
    note: str | None = None  # an annotation after the cue: "（已支出资金÷到位资金）"
    table_unit: str | None = None  # the money unit the table declared ('元'), when scaled
    basis: str | None = None  # for a rate, the base its sentence names: '年初预算' in "若以年初预算计算，执行率…"
    # a prose amount worded as the concept's whole-year figure (实际支出/全年…/年初预算…, or 截至12月31日…支付),
    # not a loose 支出 after another noun
    headline: bool = False
    # for a rate, the base amount a parenthesis after it names: "执行率97.32%（按调减后的100.00万元计算）"
    base: Quantity | None = None
    # for a rate, the report's own quotient after it: "到位率92.00%（1380.00÷1500.00）" (numbers as printed)
    quotient_of: tuple[Quantity, Quantity] | None = None

    @property
    def start(self) -> int:
        return self.q.start

    @property
    def end(self) -> int:
        return self.q.end


@dataclass(frozen=True, slots=True)
class Total:
    """A stated total and the parts a report lists for it.

    ``exhaustive``: the parts are the whole breakdown (分别用于…, 具体安排为…,
    ``A、B，合计C``, or a known complete split such as 基本支出 + 项目支出), so the
    parts must add up to the total; otherwise (其中 …) they may be a selection and
    only parts that exceed the total are wrong.
    """

    total: Quantity
    parts: tuple[Quantity, ...]
    exhaustive: bool
    marker: str  # the words that introduced the list ('分别用于', '其中', '合计')
    block: int
    names: tuple[str, ...] = ()  # the parts' names, where read
    alternatives: tuple[Quantity, ...] = ()  # other stated totals the parts may add up to
    label: str = ""  # what the total is ('按支出性质分', '“三公”经费')


@dataclass(frozen=True, slots=True)
class Enumeration:
    """A stated count followed by the list it counts: "直属事业单位10个，分别为A、B…"."""

    count: Quantity
    items: tuple[str, ...]
    start: int  # span of the list in Document.text
    end: int
    marker: str
    block: int
    # False for a list in brackets after the count ("新建检查站3处（石峰区、芦淞区…）"): it may
    # locate the items rather than name each, so only a list longer than the count contradicts it
    complete: bool = True


@dataclass(frozen=True, slots=True)
class Allocation:
    """An amount an allocation notice (文号) gives, as one citation of it states it."""

    notice: str  # normalized: '呼财农指〔2023〕41号'
    q: Quantity
    recipients: frozenset[str]  # places or units named as receiving it
