"""Issue 13: the screening workbook for a finance bureau (-f xlsx), CSV with
every location and the notes, and --statistics (text, JSON)."""
from __future__ import annotations

import csv
import io
import json
import shutil
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from jxcheck import cli
from jxcheck.pipeline import check_file
from jxcheck.reporters import module
from jxcheck.reporters.common import risk, risk_ranks, root_causes
from jxcheck.result import FileResult
from rules.finding import Evidence, Finding

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
runner = CliRunner()


def _ev(start: int, text: str = "86.19%") -> Evidence:
    return Evidence(text=text, value=Decimal("1"), unit=None, page=None, line=3, start=start,
                    end=start + len(text), context=text, context_start=start, location=f"第{start}段")


def _f(rule: str, *starts: int, severity: str = "error", category: str = "ratio-mismatch") -> Finding:
    return Finding(rule=rule, name="x", category=category, severity=severity, message=f"{rule} 消息",
                   evidence=tuple(_ev(s) for s in starts))


def test_one_root_cause_counts_once_in_the_risk_rank():
    # one wrong cell reported by four rules, against two independent errors
    one_cell = FileResult(path="a.docx", status="ok", findings=(
        _f("JX111", 10), _f("JX861", 10, 40), _f("JX411", 40, 90), _f("JX711", 10)))
    two = FileResult(path="b.docx", status="ok", findings=(_f("JX101", 10), _f("JX102", 50)))
    clean = FileResult(path="c.docx", status="ok")
    assert len(root_causes(one_cell.findings)) == 1
    assert risk(one_cell) == 10 and risk(two) == 20
    assert risk_ranks([one_cell, two, clean]) == [2, 1, None]


def test_pipeline_summarises_project_unit_year_score_grade():
    r = check_file(str(SAMPLES / "t08-national-planted.docx"))
    assert r.summary == {"project": "社区养老服务补助项目", "unit": "某区民政局", "year": "2023",
                         "score": "100", "grade": "优"}
    assert r.to_dict()["summary"] == r.summary
    t = check_file(str(SAMPLES / "06-village-revitalisation-funds.txt"))
    assert t.summary["unit"] == "镇雄县乡村振兴局" and t.summary["score"] == "85" and t.summary["year"] == "2022"


def test_xlsx_workbook_from_a_real_batch(tmp_path, monkeypatch, no_converters):
    from openpyxl import load_workbook

    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    for name in ("t08-national-planted.docx", "06-village-revitalisation-funds.txt", "t03-putuo-sports-yuan.xlsx"):
        shutil.copy(SAMPLES / name, tmp_path / "in" / name)
    (tmp_path / "in" / "旧.doc").write_bytes(b"x")
    res = runner.invoke(cli.app, ["check", "--jobs", "1", "--no-config", "in", "-f", "xlsx", "-o", "o.xlsx",
                                  "--statistics"])
    assert res.exit_code == 1, res.stderr
    wb = load_workbook("o.xlsx")
    assert wb.sheetnames == ["文件", "发现", "未能核对", "统计"]
    files = list(wb["文件"].iter_rows(values_only=True))
    head = files[0]
    col = {h: i for i, h in enumerate(head)}
    body = files[1:-1]
    by = {r[0]: r for r in body}
    t08 = by["in/t08-national-planted.docx"]
    assert (t08[col["项目名称"]], t08[col["单位"]], t08[col["年度"]], t08[col["总分"]], t08[col["等次"]]) == (
        "社区养老服务补助项目", "某区民政局", 2023, 100, "优")
    assert by["in/旧.doc"][col["状态"]] == "未检查" and "另存为 .docx" in by["in/旧.doc"][col["说明"]]
    ranks = [r[col["风险排序"]] for r in body if r[col["风险排序"]] is not None]
    assert ranks == sorted(ranks) and ranks[0] == 1  # sorted by risk
    assert files[-1][0] == "合计"
    assert files[-1][col["错误"]] == sum(r[col["错误"]] or 0 for r in body)
    found = list(wb["发现"].iter_rows(values_only=True))
    assert found[0][:6] == ("文件", "规则", "名称", "类别", "严重程度", "说明")
    assert any("自评表!" in (r[8] or "") for r in found[1:])  # the xlsx's cells by name
    assert any("；" in (r[8] or "") for r in found[1:])  # every location, not only the first
    stats = list(wb["统计"].iter_rows(values_only=True))
    assert stats[0][:3] == ("规则", "名称", "类别") and len(stats) > 1


def test_unassessed_on_their_own_sheet(tmp_path):
    from openpyxl import load_workbook

    f = replace(_f("JX101", 10, severity="info"), unassessed=True)
    r = FileResult(path="a.txt", status="ok", unassessed=(f,))
    with open(tmp_path / "o.xlsx", "wb") as fh:
        module("xlsx").render([r], fh)
    rows = list(load_workbook(tmp_path / "o.xlsx")["未能核对"].iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][1] == "JX101" and rows[1][4] == "未能核对"


def test_csv_keeps_every_location_and_the_notes():
    r = FileResult(path="a.docx", status="ok", findings=(_f("JX411", 10, 40, 90),), notes=("自评表取自 b.xlsx",))
    out = io.StringIO()
    module("csv").render([r], out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["locations"] == "第10段 | 第40段 | 第90段"
    assert row["notes"] == "自评表取自 b.xlsx"
    assert row["line"] == "3"  # page/line stay the first figure's


def test_statistics_in_text_and_json(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("06-village-revitalisation-funds.txt", "05-daying-railway-environment.txt"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    args = ["check", "--jobs", "1", "--no-config", ".", "--statistics"]
    doc = json.loads(runner.invoke(cli.app, [*args, "-f", "json"]).stdout)
    st = doc["statistics"]
    total = sum(len(f["findings"]) for f in doc["files"])
    assert sum(x["count"] for x in st["rules"]) == total == sum(st["categories"].values())
    assert [x["count"] for x in st["rules"]] == sorted((x["count"] for x in st["rules"]), reverse=True)
    assert list(doc) == ["version", "files", "statistics", "summary"]
    import jsonschema

    jsonschema.validate(doc, json.loads((ROOT / "jxcheck" / "schema" / "findings-v1.json").read_text()))
    text = runner.invoke(cli.app, args).stdout
    assert "按规则统计" in text and "按类别统计" in text
    first = st["rules"][0]
    assert any(line.split()[:2] == [str(first["count"]), first["rule"]] for line in text.splitlines())
    assert "第10行" not in text  # only the counts, like ruff --statistics
    plain = json.loads(runner.invoke(cli.app, [*args[:-1], "-f", "json"]).stdout)
    assert "statistics" not in plain
