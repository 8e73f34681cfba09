"""A rule that raises is loud: the file's status is ``rule-failed`` with the rule
named in ``failed_rules``, the exit code is 3, every format says so, and the
other rules' findings for the file (and what the broken rule yielded before it
raised) are still reported.

It used to be a diagnostic line only: status ``ok``, exit code 1, nothing in
CSV, XLSX, SARIF or the summary (JX101's TypeError lost every rate after the
first mismatch that way)."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from jxcheck import cli, pipeline
from rules.finding import Finding
from rules.registry import REGISTRY, Rule, all_rules

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "samples" / "06-village-revitalisation-funds.txt"
SCHEMA = json.loads((ROOT / "jxcheck" / "schema" / "findings-v1.json").read_text(encoding="utf-8"))


def _explode(ctx):
    stated = {"95%"}
    stated = "95%"  # the JX101 bug: a set rebound to a string
    stated.add("96%")  # AttributeError
    yield  # pragma: no cover - a generator, like every rule


def _half(ctx):
    """Yields one finding, then fails: the finding it made is kept."""
    yield Finding(rule="JX998", name="half-rule", category="sum-mismatch", severity="warning",
                  message="半途出错的规则先给出的发现", evidence=())
    raise TypeError("unsupported operand type(s) for +: 'set' and 'str'")


BROKEN = (Rule("JX997", "exploding-rule", "ratio-mismatch", "error", _explode, {}, "总是出错（测试用）。"),
          Rule("JX998", "half-rule", "sum-mismatch", "warning", _half, {}, "给出一条发现后出错（测试用）。"))


@pytest.fixture
def broken(monkeypatch, tmp_path):
    all_rules()  # the builtin rules first, so they are not loaded over ours
    for r in BROKEN:
        monkeypatch.setitem(REGISTRY, r.code, r)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


def _builtin_findings() -> set[tuple[str, str]]:
    r = pipeline.check_file(str(REPORT))
    assert r.status == "ok" and r.findings
    return {(f.rule, f.message) for f in r.findings}


def test_check_file_names_the_failed_rules_and_keeps_every_other_finding(monkeypatch):
    expected = _builtin_findings()
    all_rules()
    for r in BROKEN:
        monkeypatch.setitem(REGISTRY, r.code, r)
    r = pipeline.check_file(str(REPORT))
    assert r.status == "rule-failed"
    assert [(x.rule, x.name) for x in r.failed_rules] == [("JX997", "exploding-rule"), ("JX998", "half-rule")]
    assert r.failed_rules[0].error.startswith("AttributeError: 'str' object has no attribute 'add'")
    assert "test_rule_failure.py:" in r.failed_rules[0].error  # where it was raised
    assert "JX997" in r.error and "JX998" in r.error
    got = {(f.rule, f.message) for f in r.findings}
    assert expected <= got  # the other rules' findings are all there
    assert got - expected == {("JX998", "半途出错的规则先给出的发现")}  # and what the broken one found


def run(*args: str):
    # in process, one job: pool workers would not see the injected rules
    return CliRunner().invoke(cli.app, ["check", "-j", "1", "--no-config", *args])


def test_exit_code_3_even_with_fail_on_never(broken):
    assert run(str(REPORT)).exit_code == 3
    assert run(str(REPORT), "--fail-on", "never").exit_code == 3
    # and not when the broken rules are not selected
    assert run(str(REPORT), "--ignore", "JX997,JX998").exit_code == 1


def test_json_and_jsonl(broken):
    res = run(str(REPORT), "-f", "json")
    assert res.exit_code == 3
    doc = json.loads(res.stdout)
    jsonschema.validate(doc, SCHEMA, cls=jsonschema.Draft202012Validator)
    f = doc["files"][0]
    assert f["status"] == "rule-failed"
    assert [x["rule"] for x in f["failed_rules"]] == ["JX997", "JX998"]
    assert all(x["error"] for x in f["failed_rules"]) and "JX997" in f["error"]
    assert {"JX101", "JX401", "JX998"} <= {x["rule"] for x in f["findings"]}
    assert doc["summary"]["rule_failed"] == 1 and doc["summary"]["unreadable"] == 0
    line = json.loads(run(str(REPORT), "-f", "jsonl").stdout.splitlines()[0])
    assert line["status"] == "rule-failed" and line["failed_rules"][0]["rule"] == "JX997"


def test_schema_rejects_a_failed_status_without_the_rules():
    doc = {"version": 1, "summary": {"files": 1, "errors": 0, "warnings": 0, "infos": 0},
           "files": [{"path": "a.txt", "status": "rule-failed", "error": "x", "findings": []}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, SCHEMA, cls=jsonschema.Draft202012Validator)
    doc["files"][0]["failed_rules"] = [{"rule": "JX997", "name": "exploding-rule", "error": "TypeError: x"}]
    jsonschema.validate(doc, SCHEMA, cls=jsonschema.Draft202012Validator)


def test_text(broken):
    res = run(str(REPORT), "-f", "text")
    assert res.exit_code == 3
    out = res.stdout
    assert "检查不完整：2 条规则运行出错" in out
    assert "规则出错 JX997 exploding-rule 未能运行完，其发现可能不全：AttributeError" in out
    assert "规则出错 JX998 half-rule" in out
    assert "错误 JX101" in out and "错误 JX401" in out  # the other rules' findings
    assert "规则出错" in out.splitlines()[-4]  # the summary table has the column


def test_csv_and_xlsx(broken, tmp_path):
    rows = list(csv.DictReader(io.StringIO(run(str(REPORT), "-f", "csv").stdout)))
    assert rows and all(r["status"] == "rule-failed" and "JX997" in r["error"] for r in rows)
    assert {"JX101", "JX401", "JX998"} <= {r["rule"] for r in rows}
    out = tmp_path / "f.xlsx"
    assert run(str(REPORT), "-f", "xlsx", "-o", str(out)).exit_code == 3
    from openpyxl import load_workbook

    wb = load_workbook(out)
    files = list(wb["文件"].iter_rows(values_only=True))
    head = dict(zip(files[0], files[1], strict=True))
    assert head["状态"] == "检查不完整" and "JX997" in head["说明"] and "JX998" in head["说明"]
    found = list(wb["发现"].iter_rows(values_only=True))
    assert {"JX101", "JX998"} <= {r[found[0].index("规则")] for r in found[1:]}


def test_sarif(broken):
    res = run(str(REPORT), "-f", "sarif")
    assert res.exit_code == 3
    run_ = json.loads(res.stdout)["runs"][0]
    inv = run_["invocations"][0]
    assert inv["executionSuccessful"] is False
    notes = inv["toolExecutionNotifications"]
    assert [n["associatedRule"]["id"] for n in notes] == ["JX997", "JX998"]
    rules = run_["tool"]["driver"]["rules"]
    assert all(rules[n["associatedRule"]["index"]]["id"] == n["associatedRule"]["id"] for n in notes)
    assert all(n["level"] == "error" and "运行出错" in n["message"]["text"] for n in notes)
    assert {"JX101", "JX401", "JX998"} <= {r["ruleId"] for r in run_["results"]}


def test_html(broken):
    res = run(str(REPORT), "-f", "html")
    assert res.exit_code == 3
    html = res.stdout
    assert "检查不完整：2 条规则运行出错" in html  # in the file list
    assert '<p class="rule-failed" data-rule="JX997">规则出错 JX997 exploding-rule' in html
    assert 'data-rule="JX101"' in html  # the other findings
    assert "<th>规则出错</th>" in html
