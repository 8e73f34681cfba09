"""Every rule's pass and fail cases, from tests/rules/fixtures/<CODE>.yml, run by one test.

``expect: pass`` means checked and consistent: no finding and nothing left
unassessed. ``expect: unassessed``: no finding, and the rule says it could not
check (``Finding.unassessed``); ``figures``/``message_contains``/``count`` then
apply to what it could not check.

A case gives ``text`` (one block per line), and may give ``table:`` (or ``tables:``,
a list of them): rows as lists of cell strings, placed after the text. A cell
``"^"`` is merged into the cell above (rowspan), ``"<"`` into the cell on its
left (colspan), so a Word table with merged 一级/二级 labels is written as it looks.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from extractor.analysis import extract
from extractor.build import CellIn, DocumentBuilder
from extractor.normalize import normalize_line
from rules.config import Config
from rules.engine import run_rules
from rules.registry import all_rules

FIXTURES = Path(__file__).parent / "fixtures"


def load_cases():
    for f in sorted(FIXTURES.glob("*.yml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["rule"], case, id=f"{data['rule']}-{case['name']}")


def table_cells(rows: list[list[str] | str]) -> list[CellIn]:
    """Rows of cell strings (or one string with cells split by " | ") with ^ (merge up)
    and < (merge left) -> CellIn with spans."""
    owner: dict[tuple[int, int], CellIn] = {}
    cells: list[CellIn] = []
    for r, row in enumerate(rows):
        if isinstance(row, str):
            row = [x.strip() for x in row.split("|")]
        for c, raw in enumerate(row):
            text = "" if raw is None else str(raw)
            if text == "^" and (r - 1, c) in owner:
                cell = owner[(r - 1, c)]
                if c == cell.col:
                    cell.rowspan = r - cell.row + 1
                owner[(r, c)] = cell
            elif text == "<" and (r, c - 1) in owner:
                cell = owner[(r, c - 1)]
                if r == cell.row:
                    cell.colspan = c - cell.col + 1
                owner[(r, c)] = cell
            else:
                cell = CellIn(r, c, normalize_line(text).strip())
                cells.append(cell)
                owner[(r, c)] = cell
    return cells


def build_doc(text: str, tables: list[list[list[str]]] = ()):
    b = DocumentBuilder("<fixture>", "txt")
    for raw in (text or "").splitlines():
        line = normalize_line(raw).strip()
        if line:
            b.add_block(line)
    for rows in tables:
        b.add_table(table_cells(rows))
    return b.build()


def findings_for(code: str, text: str, options: dict | None = None, tables: list | None = None):
    doc = build_doc(text, tables or [])
    cfg = Config(select=(code,), options={code: options} if options else {})
    found, problems = run_rules(doc, extract(doc), cfg)
    assert not problems, problems
    return found


@pytest.mark.parametrize("code,case", list(load_cases()))
def test_rule_case(code, case):
    tables = case.get("tables") or ([case["table"]] if "table" in case else [])
    everything = findings_for(code, case.get("text", ""), case.get("options"), tables)
    found = [f for f in everything if not f.unassessed]
    open_ = [f for f in everything if f.unassessed]
    if case["expect"] == "pass":
        assert not everything, [(f.unassessed, f.message) for f in everything]
        return
    if case["expect"] == "unassessed":
        assert not found, [f.message for f in found]
        assert open_, f"{code} did not say it could not check {case['name']}"
        assert all(f.severity == "info" for f in open_)
        found = open_
    assert found, f"{code} did not fire on {case['name']}"
    f = found[0]
    if "severity" in case:
        assert f.severity == case["severity"], f.message
    texts = " | ".join(e.text for x in found for e in x.evidence)
    for fig in case.get("figures", []):
        assert fig in texts, f"{fig!r} not in evidence {texts!r}"
    for part in case.get("message_contains", []):
        assert any(part in x.message for x in found), [x.message for x in found]
    if "count" in case:
        assert len(found) == case["count"], [x.message for x in found]


def test_every_rule_has_pass_and_fail_fixtures():
    have: dict[str, set[str]] = {}
    for f in FIXTURES.glob("*.yml"):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        have.setdefault(data["rule"], set()).update(c["expect"] for c in data["cases"])
    for r in all_rules():
        assert {"pass", "fail"} <= have.get(r.code, set()), f"{r.code} needs pass and fail fixtures"


@pytest.mark.parametrize("r", all_rules(), ids=lambda r: r.code)
def test_rule_is_documented(r):
    doc = r.doc
    for part in ("检查什么", "为什么", "错误示例", "正确示例"):
        assert part in doc, f"{r.code} docstring lacks {part}"
    for opt in r.options:
        assert opt in doc, f"{r.code} does not document option {opt}"
