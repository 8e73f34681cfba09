"""Per-unit figures and what they are computed from, as one sentence states them.

Class of phrasing read here: ``发放养老服务补贴2316.48万元，惠及老年人19304人，人均1300元`` /
``按实际支出和治理面积计算，亩均治理成本223.53元`` (with 1,162.38万元 and 5.2万亩 in the sentence) /
``单座水库年均维护成本9.78万元（498.62万元÷51座）``. A per-unit figure follows 人均/户均/亩均/
生均/每人/每户/每亩/每公里/单座… (a few words such as 补贴、成本、投入 may stand between); its
numerator is a figure of the same kind before it in the sentence (money for 元, area for 亩), its
denominator a count in the measure word the cue names (人均 → 人/名/人次, 亩均 → 亩, 每公里 → 公里).
An approximate per-unit figure (约, 左右) and a cue with no candidate of either kind are not read.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..model import Document, Quantity

# the cue's noun -> the measure words a denominator may be counted in
PER = {
    "人": ("人", "名", "人次", "位"), "户": ("户",), "亩": ("亩",), "生": ("人", "名"), "公里": ("公里",),
    "座": ("座",), "所": ("所",), "个": ("个",), "次": ("次", "人次"), "场": ("场",), "村": ("个", "村"),
    "校": ("所",), "台": ("台",), "吨": ("吨",), "平方米": ("平方米", "㎡"),
}
CUE = re.compile(r"(?:(?P<a>人|户|亩|生|次|场|村|校)均|(?:平均)?每(?P<b>人|户|亩|公里|座|所|个|次|场|台|吨|平方米)|"
                 r"单(?P<c>座|所|个|台))"
                 r"[\u4e00-\u9fff]{0,8}?(?:为|达到?|是)?\s*$")
SENTENCE = re.compile(r"[^。；;！？\n]+")
COMPARED_BEFORE = re.compile(r"(?:低于|高于|不超过|不高于|不低于|超过|控制在|小于|大于|少于|多于)$")
STANDARD_AFTER = re.compile(r"\s*(?:/\S{1,3})?(?:的)?(?:控制|补助|最高|最低|核定)?(?:标准|目标|限额|上限|下限)|\s*(?:以内|以下|以上)")


@dataclass(frozen=True, slots=True)
class Average:
    value: Quantity  # the per-unit figure
    per: str  # the cue's noun: 人, 亩, 公里 …
    numerators: tuple[Quantity, ...]  # figures of the value's kind before it in the sentence
    denominators: tuple[Quantity, ...]  # counts in the cue's measure words in the sentence
    block: int


def find_averages(doc: Document, qs: list[Quantity], prose_block) -> list[Average]:
    text = doc.text
    out: list[Average] = []
    starts = [q.start for q in qs]  # qs are in document order
    for b in doc.blocks:
        if not prose_block(b):
            continue
        bq = [q for q in qs[bisect.bisect_left(starts, b.start):bisect.bisect_left(starts, b.end)] if q.end <= b.end]
        if len(bq) < 3:
            continue
        for m in SENTENCE.finditer(text, b.start, b.end):
            sq = [q for q in bq if m.start() <= q.start and q.end <= m.end()]
            for q in sq:
                if q.kind not in ("money", "count") or q.qualifier is not None or q.high is not None:
                    continue
                cm = CUE.search(text, max(m.start(), q.start - 14), q.start)
                if cm is None:
                    continue
                if COMPARED_BEFORE.search(text, max(m.start(), cm.start() - 4), cm.start()) or \
                        STANDARD_AFTER.match(text, q.end):
                    continue  # "低于每公里45万元的控制标准": the standard compared with, not the average
                per = cm.group("a") or cm.group("b") or cm.group("c")
                units = PER.get(per, ())
                nums = tuple(x for x in sq if x.start < cm.start() and x is not q and x.qualifier is None
                             and _same_kind(x, q) and x.high is None)
                dens = tuple(x for x in sq if x is not q and x.kind == "count" and x.unit in units and x.qualifier is None)
                if nums and dens:
                    out.append(Average(q, per, nums, dens, b.index))
    return out


def _same_kind(x: Quantity, q: Quantity) -> bool:
    if q.kind == "money":
        return x.kind == "money"
    return x.kind == "count" and x.unit == q.unit
