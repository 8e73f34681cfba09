"""Issue 13: locations an auditor can follow. XLSX evidence names the cell
(``自评表!D6``), a DOCX table cell its table, row and column, TXT the physical
line (SARIF ``startLine`` too), PDF keeps page and line; in plain output the
carets stay under table cells (tabs expanded by display width)."""
from __future__ import annotations

import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

from rich.cells import cell_len

from extractor.readers import read
from jxcheck.pipeline import check_file
from jxcheck.reporters import module
from jxcheck.reporters.common import group_location
from jxcheck.result import FileResult
from rules.finding import Evidence, Finding

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def _evidence(path: Path) -> list[dict]:
    r = check_file(str(path))
    return [e for f in r.to_dict()["findings"] for e in f["evidence"]]


def test_xlsx_evidence_names_sheet_and_cell(tmp_path):
    # alone in a folder, so the 自评表 is checked by itself (no pairing)
    shutil.copy(SAMPLES / "t03-putuo-sports-yuan.xlsx", tmp_path / "t.xlsx")
    ev = _evidence(tmp_path / "t.xlsx")
    by_text = {e["text"]: e for e in ev}
    assert by_text["86.19%"]["location"] == "自评表!G6"
    assert by_text["86.19%"]["sheet"] == "自评表" and by_text["86.19%"]["cell"] == "G6"
    assert by_text["215,457.60"]["cell"] == "E6"
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "t.xlsx")["自评表"]
    for e in ev:  # every cell named holds the figure quoted
        assert e["text"] in str(ws[e["cell"]].value).replace(" ", ""), e
    assert not any("段" in e["location"] for e in ev)


def test_docx_table_cells_are_named_by_table_row_and_column():
    ev = _evidence(SAMPLES / "t01-chizhou-entrusted.docx")
    cells = [e for e in ev if e.get("table")]
    assert cells and all(e["location"] == f"表{e['table']} 第{e['row']}行 第{e['col']}列" for e in cells)
    assert any(e["location"] == "表1 第4行 第3列" for e in cells)
    prose = [e for e in ev if not e.get("table")]
    assert prose and all(e["location"].endswith("段") for e in prose)


def test_txt_lines_are_physical_lines_in_json_text_and_sarif():
    path = SAMPLES / "06-village-revitalisation-funds.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    r = check_file(str(path))
    ev = [e for f in r.findings for e in f.evidence]
    assert ev
    for e in ev:
        assert e.text in lines[e.line - 1], (e.text, e.line)
        assert e.location == f"第{e.line}行"
    out = io.StringIO()
    module("sarif").render([r], out)
    starts = [loc["physicalLocation"]["region"]["startLine"]
              for res in json.loads(out.getvalue())["runs"][0]["results"] for loc in res["locations"]]
    assert starts and all(lines[n - 1] for n in starts)
    assert set(starts) <= {e.line for e in ev}
    text = io.StringIO()
    module("text").render([r], text, color=False, width=200)
    assert "第10行" in text.getvalue() and "第42行" in text.getvalue()


def test_pdf_keeps_page_and_line():
    ev = _evidence(SAMPLES / "06-village-revitalisation-funds.pdf")
    assert ev and all(e["page"] and e["location"] == f"第{e['page']}页第{e['line']}行" for e in ev)


def _table_finding() -> Finding:
    ctx = "年度资金总额\t250,000.00\t250,000.00\t215,457.60\t10\t86.19%\t8.62"
    spans = [(ctx.index("215,457.60"), "215,457.60", "E6"), (ctx.index("86.19%"), "86.19%", "G6")]
    ev = tuple(Evidence(text=t, value=Decimal("1"), unit=None, page=None, line=7, start=100 + s,
                        end=100 + s + len(t), context=ctx, context_start=100, location=f"自评表!{c}",
                        table=1, row=6, col=5, sheet="自评表", cell=c) for s, t, c in spans)
    return Finding(rule="JX111", name="table-execution-rate-mismatch", category="ratio-mismatch",
                   severity="warning", message="执行率写为 86.19%", evidence=ev)


def test_carets_line_up_under_table_cells():
    f = _table_finding()
    out = io.StringIO()
    module("text").render([FileResult(path="t.xlsx", status="ok", format="xlsx", findings=(f,))], out,
                          color=False, width=120)
    lines = out.getvalue().splitlines()
    assert "      自评表!E6、G6" in lines
    row = next(i for i, x in enumerate(lines) if x.lstrip().startswith("年度资金总额"))
    text, carets = lines[row], lines[row + 1]
    assert "\t" not in text
    for figure in ("215,457.60", "86.19%"):
        col = cell_len(text[: text.index(figure)])
        assert carets[col: col + len(figure)] == "^" * len(figure), (figure, text, carets)
    # the cells start on tab stops counted in display width (年度资金总额 takes 12 cells)
    assert cell_len(text[: text.index("250,000.00")]) - 6 == 16


def test_wrapping_never_splits_a_number():
    f = _table_finding()
    for width in range(30, 80):
        out = io.StringIO()
        module("text").render([FileResult(path="t.xlsx", status="ok", format="xlsx", findings=(f,))], out,
                              color=False, width=width)
        body = out.getvalue()
        for figure in ("250,000.00", "215,457.60", "86.19%"):
            assert body.count(figure) >= 1, (width, body)


def test_group_location_compacts_one_row():
    f = _table_finding()
    assert group_location(list(f.evidence)) == "自评表!E6、G6"


def test_a_figure_of_a_paired_table_file_names_that_file(tmp_path):
    import importlib.util

    seed = ROOT.parent / "shared" / "seeds" / "seed-003.docx"
    if not seed.is_file():
        import pytest

        pytest.skip("seed not found")
    spec = importlib.util.spec_from_file_location("m", SAMPLES / "make_table_samples.py")
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)
    from test_pairing import ROWS

    shutil.copy(seed, tmp_path / "乐山市招商自评报告.docx")
    maker.xlsx(str(tmp_path / "附件：自评表.xlsx"), ROWS, "项目支出绩效自评表")
    r = check_file(str(tmp_path / "乐山市招商自评报告.docx"), companion=str(tmp_path / "附件：自评表.xlsx"))
    ev = [e for f in r.findings for e in f.evidence]
    table = [e for e in ev if e.file]
    assert table and all(e.file.endswith("附件：自评表.xlsx") for e in table)
    hit = next(e for e in table if e.text == "423家")
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "附件：自评表.xlsx")[hit.sheet]
    assert str(ws[hit.cell].value) == "423家"
    assert hit.location == f"附件：自评表.xlsx {hit.sheet}!{hit.cell}"
    assert hit.to_dict()["file"] == hit.file
    assert all(not e.file for e in ev if e not in table)
    out = io.StringIO()
    module("text").render([r], out, color=False, width=200)
    assert f"附件：自评表.xlsx {hit.sheet}!" in out.getvalue()


def test_txt_tab_separated_table_is_a_table_located_at_its_physical_lines(tmp_path):
    """Lines of tab-separated cells (a 自评表 pasted from Word) are one table: the rules see
    its rows, and each figure is named by its physical line and its table cell."""
    lines = ["某县2023年度公交运营补贴项目绩效自评报告", "一、绩效指标完成情况",
             "指标名称\t年度指标值\t实际完成值\t分值\t得分",
             "新增公交线路\t≥12条\t14条\t15\t15",
             "乘客满意度\t≥90%\t86%\t10\t10",
             "", "乘客满意度未达目标，原因是高峰时段运力不足。"]
    path = tmp_path / "r.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    r = check_file(str(path))
    f = next(f for f in r.findings if f.rule == "JX862")
    assert {e.line for e in f.evidence} == {5}
    assert all(e.location.startswith("第5行（表1 第3行 第") for e in f.evidence)
    text = io.StringIO()
    module("text").render([r], text, color=False, width=200)
    assert "第5行（表1 第3行 第2、3、5列）" in text.getvalue()


def test_txt_single_tabbed_line_stays_a_paragraph(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("项目名称\t某项目\t2023年\n全年预算100万元，实际支出90万元，执行率90%。\n", encoding="utf-8")
    doc = read(str(path))
    assert not doc.tables and [b.kind for b in doc.blocks] == ["paragraph", "paragraph"]
