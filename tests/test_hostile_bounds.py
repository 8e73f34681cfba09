"""Untrusted submissions, round two (issue 14): readers bound their own work,
the guard covers pairing, and one byte cannot hide a report's errors.

Every case is generated here, small, and must be cheap to read or to refuse.
"""
from __future__ import annotations

import time

import pytest
from hostile_corpus import REPORT

from extractor.readers import read
from jxcheck import pipeline

# a report whose stated rate contradicts its figures three times: 3 findings
WRONG = "乐山市经济合作和外事局2021年度项目预算500.00万元，实际支出388.76万元，执行率70.00%。\n提供线索419条。\n" * 3


def _rules(r) -> list[tuple[str, str]]:
    return [(f.rule, f.message) for f in r.findings]


# -- nothing hidden: a NUL byte is not evidence of UTF-16 ------------------------


@pytest.mark.parametrize("where", ["line-start", "mid-character"])
def test_one_nul_in_a_utf8_report_hides_nothing(tmp_path, where):
    data = WRONG.encode()
    clean = tmp_path / "clean.txt"
    clean.write_bytes(data)
    # one NUL after the first line (a character boundary), or inside a character
    at = data.index(b"\n") + 1 if where == "line-start" else 99
    nul = tmp_path / "nul.txt"
    nul.write_bytes(data[:at] + b"\x00" + data[at:] + (b"\n" if (len(data) + 1) % 2 else b""))
    expected = pipeline.check_file(str(clean))
    assert len(expected.findings) == 3
    got = pipeline.check_file(str(nul))
    assert got.status == "ok", got.error
    assert not any("utf-16" in d for d in read(str(nul)).diagnostics)
    if where == "line-start":
        assert _rules(got) == _rules(expected)
    else:  # the broken line is lost to U+FFFD, the others are still checked
        assert got.findings


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_still_recognised_by_its_nuls(tmp_path, enc):
    p = tmp_path / "u16.txt"
    p.write_bytes(WRONG.encode(enc))
    doc = read(str(p))
    assert any(d.startswith("文本编码：utf-16") for d in doc.diagnostics), doc.diagnostics
    assert "执行率70.00%" in doc.text
    assert len(pipeline.check_file(str(p)).findings) == 3


def test_nuls_of_a_binary_file_are_not_text(tmp_path):
    p = tmp_path / "bin.txt"
    p.write_bytes(b"\x00\x01\x02\x03\xfe\xff" * 700)
    r = pipeline.check_file(str(p))
    assert (r.status, r.error_code) == ("error", "encoding")


def test_utf8_bom_with_a_nul_is_utf8(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf" + REPORT.encode() + b"\x00" + REPORT.encode())
    doc = read(str(p))
    assert not doc.diagnostics
    assert "执行率77.75%" in doc.text


# -- XLSX: the grid's extent is the cost, not the bytes ---------------------------


def _xlsx_with_sheet(sheet_xml: str) -> bytes:
    from hostile_corpus import replace_member, xlsx_bytes

    return replace_member(xlsx_bytes(), "xl/worksheets/sheet1.xml", sheet_xml.encode())


def _sheet(rows: str, tail: str = "") -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{rows}</sheetData>{tail}</worksheet>")


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _timed_read(path):
    t0 = time.perf_counter()
    doc = read(str(path))
    dt = time.perf_counter() - t0
    assert dt < 5, f"{path.name} took {dt:.1f} s"
    return doc


def test_xlsx_one_merged_range_over_the_whole_sheet(tmp_path):
    # 1.6 KB: openpyxl's normal mode builds 17 billion merged cells
    p = tmp_path / "merge.xlsx"
    rows = f'<row r="1">{_inline("A1", "项目预算500万元")}{_inline("B1", "执行率100%")}</row>'
    rows += f'<row r="2">{_inline("A2", "实际支出500万元")}</row>'
    p.write_bytes(_xlsx_with_sheet(_sheet(rows, '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')))
    doc = _timed_read(p)
    # the merge covers B1 and A2: only the top-left cell is read, its span clipped to the grid
    (table,) = doc.tables
    assert [doc.text[c.start:c.end] for c in table.cells] == ["项目预算500万元"]
    assert pipeline.check_file(str(p)).status == "ok"


def test_xlsx_two_cells_far_apart(tmp_path):
    p = tmp_path / "corners.xlsx"
    rows = (f'<row r="1">{_inline("A1", "项目预算500万元")}</row>'
            f'<row r="1048576">{_inline("XFD1048576", "实际支出400万元")}</row>')
    p.write_bytes(_xlsx_with_sheet(_sheet(rows)))
    doc = _timed_read(p)
    assert "项目预算500万元" in doc.text and "实际支出400万元" not in doc.text
    assert any("范围过大" in d for d in doc.diagnostics), doc.diagnostics
    r = pipeline.check_file(str(p))
    assert r.status == "ok"


def test_xlsx_grid_budget_counts_extent_not_filled_cells(tmp_path, monkeypatch):
    from extractor.readers import xlsx

    monkeypatch.setattr(xlsx, "MAX_CELLS", 100)
    p = tmp_path / "diag.xlsx"
    # 20 filled cells on a diagonal: 20 values, a 20 × 20 = 400-cell grid
    rows = "".join(f'<row r="{i}"><c r="{chr(64 + i)}{i}"><v>{i}</v></c></row>' for i in range(1, 21))
    p.write_bytes(_xlsx_with_sheet(_sheet(rows)))
    doc = read(str(p))
    (table,) = doc.tables
    assert table.n_rows * table.n_cols <= 100
    assert any("范围过大" in d for d in doc.diagnostics), doc.diagnostics


def test_xlsx_merges_are_clipped_to_the_grid(tmp_path):
    p = tmp_path / "tall.xlsx"
    rows = (f'<row r="1">{_inline("A1", "指标")}{_inline("B1", "年度指标值")}</row>'
            f'<row r="2">{_inline("A2", "满意度")}{_inline("B2", "95%")}</row>')
    # a merge from B2 down to the last row, 1,048,575 rows below the data
    p.write_bytes(_xlsx_with_sheet(_sheet(rows, '<mergeCells count="1"><mergeCell ref="B2:B1048576"/></mergeCells>')))
    doc = _timed_read(p)
    (table,) = doc.tables
    b2 = next(c for c in table.cells if doc.text[c.start:c.end] == "95%")
    assert b2.rowspan == 1 and b2.colspan == 1


def test_xlsx_one_shared_string_in_5000_cells(tmp_path):
    # 1 MB stored once, the value of 5,000 cells: main read 5 billion characters of cell
    # text (check: killed at the 2 GB memory limit after 200 s, twice: pairing, then the check)
    from hostile_corpus import shared_string_xlsx
    from test_hostile_read import read_capped

    p = tmp_path / "shared.xlsx"
    p.write_bytes(shared_string_xlsx())
    assert p.stat().st_size < 1 << 20
    t0 = time.perf_counter()
    got = read_capped(p, cap_mb=1000, timeout=60)
    assert time.perf_counter() - t0 < 10, got
    assert got[:2] == ("error", "too-complex"), got
    assert "单元格 A1 过长（1,000,000 个字符，上限 200,000 个）" in got[2]


def test_xlsx_cells_text_budget(tmp_path):
    from hostile_corpus import shared_string_xlsx

    p = tmp_path / "shared.xlsx"
    p.write_bytes(shared_string_xlsx(chars=100_000, cells=60))  # each cell allowed, 6 million in all
    t0 = time.perf_counter()
    r = pipeline.check_file(str(p))
    assert time.perf_counter() - t0 < 10
    assert (r.error_code, r.error) == ("too-large", "文字过多（单元格合计超过 5,000,000 个字符），未检查")
    p.write_bytes(shared_string_xlsx(chars=1_000, cells=60))
    assert "预算" in read(str(p)).text


# -- DOCX: a span is clipped to the table's grid -----------------------------------


@pytest.mark.parametrize("span, before", [(2_000_000_000, 0), (2, 2_000_000_000), (-5, -7)])
def test_docx_grid_span_is_clipped_to_the_grid(tmp_path, span, before):
    from hostile_corpus import grid_span_docx

    p = tmp_path / "span.docx"
    p.write_bytes(grid_span_docx(span, before))
    t0 = time.perf_counter()
    doc = read(str(p))
    assert time.perf_counter() - t0 < 5
    (table,) = doc.tables
    assert table.n_cols <= 2
    assert all(c.col + c.colspan <= 2 for c in table.cells)
    assert "项目预算500.00万元" in doc.text and "388.76万元" in doc.text


def test_docx_1000_parts_just_under_1_mb_is_a_zip_bomb(tmp_path):
    # each part under the 1 MB from which a part's ratio is checked, 1 GB in all from 4 MB:
    # main read it, inflating and scanning 1 GB (5.6 s); the package's ratio gives it away
    from hostile_corpus import many_parts_docx
    from test_hostile_read import read_capped

    p = tmp_path / "parts.docx"
    p.write_bytes(many_parts_docx())
    assert p.stat().st_size < 8 << 20
    t0 = time.perf_counter()
    got = read_capped(p, cap_mb=1000, timeout=60)
    assert time.perf_counter() - t0 < 5, got
    assert got[:2] == ("error", "zip-bomb"), got
    assert "1017 个部件合计" in got[2] and "上限 200:1" in got[2]


def test_docx_211_mb_of_empty_paragraphs_is_refused_before_parsing(tmp_path):
    # 36 million <w:p/> at 127:1 (under the part ratio limit), 1.7 MB on disk: main built
    # the tree (corrupt after 10-24 s at 2.1 GB, lxml's "Memory allocation failed")
    from hostile_corpus import empty_paragraphs_docx
    from test_hostile_read import read_capped

    p = tmp_path / "empty.docx"
    p.write_bytes(empty_paragraphs_docx())
    assert p.stat().st_size < 3 << 20
    t0 = time.perf_counter()
    got = read_capped(p, cap_mb=1000, timeout=60)
    assert time.perf_counter() - t0 < 5, got
    assert got[:2] == ("error", "too-large"), got
    assert "word/document.xml 解压后 211.0 MB，上限 64 MB" in got[2]


@pytest.mark.parametrize("mb, outcome", [(16, "too-complex"), (1, "ok")])
def test_docx_elements_of_the_document_part_are_counted(tmp_path, mb, outcome):
    from hostile_corpus import empty_paragraphs_docx
    from test_hostile_read import read_capped

    p = tmp_path / "paras.docx"
    p.write_bytes(empty_paragraphs_docx(mb))  # 16 MB: 2.8 million elements; 1 MB: 175,000
    got = read_capped(p, cap_mb=1000, timeout=60)
    assert got[0] == ("ok" if outcome == "ok" else "error"), got
    if outcome == "too-complex":
        assert got[1] == outcome and "上限 2,000,000 个" in got[2], got
    else:
        assert "项目预算500.00万元" in read(str(p)).text


def test_docx_one_paragraph_of_3_million_characters(tmp_path):
    # what TXT refuses (a line over 200,000 characters) in a DOCX paragraph, 2 MB on disk:
    # main checked it until the 120 s timeout
    import random

    from hostile_corpus import base_docx, document_xml, para, replace_member

    text = "".join(random.Random(1).choices("预算500.00万元，支出388.76万元，执行率77.75%。", k=3_000_000))
    p = tmp_path / "long.docx"
    p.write_bytes(replace_member(base_docx(), "word/document.xml", document_xml(para("一、项目概况") + para(text))))
    from extractor.errors import ReadError

    with pytest.raises(ReadError):  # refused by the reader (on main: read, then checked for minutes)
        read(str(p))
    t0 = time.perf_counter()
    r = pipeline.check_file(str(p))
    assert time.perf_counter() - t0 < 10
    assert (r.error_code, r.error) == ("too-complex", "第 2 段过长（3,000,000 个字符，上限 200,000 个），不像报告正文，未检查")


def test_text_budget_applies_to_every_format(tmp_path):
    from hostile_corpus import base_docx

    from extractor.errors import ReadError
    from extractor.readers.limits import ReadLimits

    p = tmp_path / "r.docx"
    p.write_bytes(base_docx())
    assert read(str(p), ReadLimits(max_text_chars=100)).text
    with pytest.raises(ReadError) as e:
        read(str(p), ReadLimits(max_text_chars=10))
    assert e.value.code == "too-large" and "上限 10 个" in e.value.reason


def test_docx_parser_out_of_memory_is_too_large_not_corrupt(tmp_path, monkeypatch):
    from hostile_corpus import base_docx
    from lxml import etree

    from extractor.readers import docx

    def oom(self, member):
        raise etree.XMLSyntaxError("Memory allocation failed : growing nodeset", 2, 1, 1, member)

    monkeypatch.setattr(docx._Parts, "parse", oom)
    p = tmp_path / "r.docx"
    p.write_bytes(base_docx())
    r = pipeline.check_file(str(p))
    assert (r.error_code, r.error) == ("too-large", "文件过大，内存不足")


# -- TXT: a line (a block) and a text have a character budget ---------------------


def test_txt_one_long_line_is_refused_quickly(tmp_path):
    from hostile_corpus import long_line_txt

    p = tmp_path / "line.txt"
    p.write_bytes(long_line_txt(mb=8))  # 8 MB: the check took 16 s and 400 MB; 50 MB: 3.3 GB
    t0 = time.perf_counter()
    r = pipeline.check_file(str(p))
    assert time.perf_counter() - t0 < 5
    assert (r.status, r.error_code) == ("error", "too-complex")
    assert "第 1 行过长" in r.error and "\n" not in r.error


def test_txt_text_budget(tmp_path):
    from extractor.readers.limits import ReadLimits

    p = tmp_path / "long.txt"
    p.write_text(REPORT * 200, encoding="utf-8")
    assert read(str(p)).text  # within the defaults
    r = pipeline.check_file(str(p), limits=ReadLimits(max_text_chars=5_000))
    assert (r.status, r.error_code) == ("error", "too-large")
    assert "文字过多" in r.error
    r = pipeline.check_file(str(p), limits=ReadLimits(max_line_chars=50))
    assert (r.status, r.error_code) == ("error", "too-complex")
    assert "第 1 行过长" in r.error


# -- the guard covers pairing ---------------------------------------------------------


def _folder_with_table(tmp_path):
    from hostile_corpus import xlsx_bytes

    (tmp_path / "报告.txt").write_text(WRONG, encoding="utf-8")
    (tmp_path / "其他报告.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "绩效自评表.xlsx").write_bytes(xlsx_bytes())
    return sorted(str(p) for p in tmp_path.iterdir())


def _slow_xlsx(real, seconds):
    def read(path, *a, **kw):
        if str(path).endswith(".xlsx"):
            time.sleep(seconds)
        return real(path, *a, **kw)
    return read


def test_pairing_reads_are_guarded(tmp_path, monkeypatch):
    import extractor.readers
    from jxcheck import guard
    from jxcheck.pairing import plan

    paths = _folder_with_table(tmp_path)
    monkeypatch.setattr(extractor.readers, "read", _slow_xlsx(extractor.readers.read, 30))
    t0 = time.perf_counter()
    planned = plan(paths, limits=guard.Limits(timeout_s=1))
    assert time.perf_counter() - t0 < 5
    assert [p.path for p in planned] == paths  # every file still in the batch
    (table,) = [p for p in planned if p.path.endswith(".xlsx")]
    assert any("配对时无法读取（处理超时" in n for n in table.notes), table.notes


def test_pairing_survives_a_reader_that_exits(tmp_path, monkeypatch):
    import extractor.readers
    from jxcheck.pairing import plan

    paths = _folder_with_table(tmp_path)

    def read(path, *a, **kw):
        raise SystemExit(3)

    monkeypatch.setattr(extractor.readers, "read", read)
    assert [p.path for p in plan(paths)] == paths


def test_a_timed_out_table_file_is_reported_by_path(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from jxcheck import cli
    from jxcheck.discover import Duplicates
    from jxcheck.guard import Limits, run_guarded
    from jxcheck.pairing import Planned

    paths = _folder_with_table(tmp_path)
    table = next(p for p in paths if p.endswith(".xlsx"))
    real = pipeline.check_file

    def slow(path, *a, **kw):
        if str(path).endswith(".xlsx"):
            time.sleep(30)
        return real(path, *a, **kw)

    monkeypatch.setattr(pipeline, "check_file", slow)
    r = run_guarded(Planned(table, None, ["自评表单独提交"]), limits=Limits(timeout_s=0.5))
    assert (r.path, r.error_code) == (table, "timeout")
    Duplicates().note(r)
    # the whole batch: the table times out, the reports are still checked
    res = CliRunner().invoke(cli.app, ["check", "--no-config", "-j", "1", "--timeout", "1", "-f", "json", str(tmp_path)])
    assert res.exit_code == 3, res.output
    import json

    files = {f["path"]: f for f in json.loads(res.stdout)["files"]}
    assert files[table]["error_code"] == "timeout"
    assert [files[p]["status"] for p in paths[:2]] == ["ok", "ok"], files


# -- bounded by default ----------------------------------------------------------------


@pytest.mark.parametrize("args, timeout, memory", [([], 120, 2048), (["--timeout", "0", "--max-memory", "0"], None, None),
                                                   (["--timeout", "5"], 5, 2048)])
def test_time_and_memory_limits_are_on_by_default(tmp_path, monkeypatch, args, timeout, memory):
    from typer.testing import CliRunner

    from jxcheck import batch, cli

    seen = []

    def run_batch(items, config, **kw):
        seen.append(kw["limits"])
        return iter(())

    monkeypatch.setattr(batch, "run_batch", run_batch)
    p = tmp_path / "r.txt"
    p.write_text(REPORT, encoding="utf-8")
    res = CliRunner().invoke(cli.app, ["check", "--no-config", *args, str(p)])
    assert res.exit_code == 0, res.output
    (limits,) = seen
    assert (limits.timeout_s, limits.max_memory_mb) == (timeout, memory)
    assert limits.needs_child == (timeout is not None)


def test_a_report_checked_under_the_default_guard_is_unchanged(tmp_path):
    from jxcheck.guard import BOUNDED, run_guarded

    p = tmp_path / "r.txt"
    p.write_text(WRONG, encoding="utf-8")
    assert run_guarded(str(p), limits=BOUNDED) == pipeline.check_file(str(p))
