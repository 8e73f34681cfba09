"""Results and rules built by hand, for the reporter, CLI, config and baseline
tests: the real rules and readers are being written elsewhere, so these tests
must not depend on what the checker finds in real files."""
from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from jxcheck.result import FileResult
from rules.finding import Evidence, Finding
from rules.registry import REGISTRY, Rule, all_rules

FAKE_RULES = (
    Rule("JX901", "fake-ratio", "ratio-mismatch", "error", lambda ctx: iter(()),
         {"tolerance": Decimal("0.005"), "denominators": ["预算数", "全年预算数"], "strict": False},
         "比率与其算式不符（测试用假规则）。\n\n## 检查什么\n……"),
    Rule("JX902", "fake-sum", "sum-mismatch", "warning", lambda ctx: iter(()),
         {"factor": 5.0, "max_rows": 50}, "分项之和与合计不符（测试用假规则）。"),
    Rule("JX903", "fake-dup", "duplicate-text", "info", lambda ctx: iter(()), {}, ""),
)


@pytest.fixture
def fake_rules() -> Iterator[tuple[Rule, ...]]:
    all_rules()  # load the builtin rules first so they are not loaded over ours
    for r in FAKE_RULES:
        REGISTRY[r.code] = r
    yield FAKE_RULES
    for r in FAKE_RULES:
        REGISTRY.pop(r.code, None)


def ev(context: str, figure: str, *, context_start: int, page: int | None, line: int | None,
       value: str | None = None, unit: str | None = None, nth: int = 0) -> Evidence:
    """Evidence for the ``nth`` occurrence of ``figure`` in ``context``."""
    i = -1
    for _ in range(nth + 1):
        i = context.index(figure, i + 1)
    return Evidence(text=figure, value=None if value is None else Decimal(value), unit=unit, page=page,
                    line=line, start=context_start + i, end=context_start + i + len(figure),
                    context=context, context_start=context_start)


CTX1 = "截至2021年12月31日，项目实际使用资金770.42万元，资金使用率77.40%，较上年有所提高。"
CTX2 = "产出指标（50分）：数量指标8分、质量指标8分、时效指标8分、成本指标8分、社会效益8分、满意度8分。"
CTX3 = "举办<b>“云上经贸洽谈会”</b>共118场 & 覆盖106个主题。"


def finding_ratio() -> Finding:
    return Finding(
        rule="JX901", name="fake-ratio", category="ratio-mismatch", severity="error",
        message="资金使用率写为 77.40%，但 770.42 ÷ 1000 = 77.04%",
        evidence=(ev(CTX1, "770.42万元", context_start=1200, page=2, line=14, value="770.42", unit="万元"),
                  ev(CTX1, "77.40%", context_start=1200, page=2, line=14, value="77.40", unit="%")),
        expected="77.04%", stated="77.40%",
        data={"numerator": Decimal("770.42"), "denominator": Decimal("1000")},
    )


def finding_sum() -> Finding:
    return Finding(
        rule="JX902", name="fake-sum", category="sum-mismatch", severity="warning",
        message="产出指标写为 50 分，但各项分值之和 8+8+8+8+8+8 = 48",
        evidence=(ev(CTX2, "50分", context_start=2400, page=3, line=5, value="50", unit="分"),),
        expected="48", stated="50",
    )


def finding_dup() -> Finding:
    return Finding(
        rule="JX903", name="fake-dup", category="duplicate-text", severity="info",
        message="这段文字重复出现 3 次（第 4、9、15 段）",
        evidence=(ev(CTX3, "118场", context_start=300, page=None, line=4, value="118", unit="场"),
                  ev(CTX3, "106个", context_start=300, page=None, line=4, value="106", unit="个")),
    )


def sample_results() -> list[FileResult]:
    return [
        # findings deliberately out of order: reporters order them by location
        FileResult(path="reports/2021-经贸洽谈会.pdf", status="ok", format="pdf", pages=6,
                   findings=(finding_sum(), finding_ratio())),
        FileResult(path="reports/说明.docx", status="ok", format="docx", findings=(finding_dup(),),
                   notes=("自评表取自 reports/自评表.xlsx",)),
        FileResult(path="reports/干净的报告.txt", status="ok", format="txt"),
        FileResult(path="reports/加密.pdf", status="error", error="加密的 PDF，无法读取",
                   error_code="encrypted"),
    ]
