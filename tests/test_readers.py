import os
import re
import shutil
import time

import pytest
from hostile_corpus import pdf_bytes

from extractor.errors import ReadError
from extractor.readers import read

SEEDS = "/work/shared/seeds"
pytestmark = pytest.mark.skipif(not os.path.isdir(SEEDS), reason="seed reports not available")


def seed(name):
    return os.path.join(SEEDS, name)


def paragraphs(doc):
    return [doc.text[b.start : b.end] for b in doc.blocks if b.kind != "table_row"]


def check_invariants(doc):
    offs = [m.offset for m in doc.line_marks]
    assert offs == sorted(offs)
    prev_end = -1
    for b in doc.blocks:
        assert 0 <= b.start <= b.end <= len(doc.text)
        assert b.start > prev_end
        assert "\n" not in doc.text[b.start : b.end]
        prev_end = b.end
        assert doc.block_at(b.start) == b or b.start == b.end
        assert doc.locate(b.start)[1] is not None
    for t in doc.tables:
        for c in t.cells:
            assert "\t" not in doc.cell_text(c) and "\n" not in doc.cell_text(c)


@pytest.mark.parametrize("stem", ["seed-000", "seed-003"])
def test_three_formats_same_paragraphs(stem):
    docs = [read(seed(f"{stem}.{ext}")) for ext in ("txt", "docx", "pdf")]
    for d in docs:
        check_invariants(d)
        assert not d.tables
    txt, docx, pdf = (paragraphs(d) for d in docs)
    assert txt == docx
    assert txt == pdf
    digits = [{p for p in ps if re.search(r"\d", p)} for ps in (txt, docx, pdf)]
    assert digits[0] == digits[1] == digits[2]


def test_pdf_locate_figure():
    doc = read(seed("seed-000.pdf"))
    assert doc.pages == 4
    i = doc.text.index("770.42万元")
    # page 1, 25th text line from the top: "截止2021年12月31日,项目实际使用资金770.42万元…"
    assert doc.locate(i) == (1, 25)
    assert doc.text[i : i + 8] == "770.42万元"
    # a paragraph wrapped over the page break keeps each line's own page
    doc3 = read(seed("seed-003.pdf"))
    j = doc3.text.index("个，完成率93%")
    assert doc3.locate(j) == (2, 1)
    assert doc3.locate(j - 1) == (1, 28)  # "…包装推出产业招商项目 93", last line of page 1


def test_docx_headings_and_locations():
    doc = read(seed("seed-003.docx"))
    heads = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "heading"]
    assert heads[0].startswith("乐山市经济合作和外事局关于2021年度")
    assert "一、项目概况" in heads and "（一）项目资金申报及批复情况" in heads
    b = doc.blocks[3]
    assert doc.locate(b.start) == (None, b.index)


def _funds_row(doc, t, label):
    by_row = {}
    for c in t.cells:
        by_row.setdefault(c.row, []).append(c)
    for cells in by_row.values():
        cells.sort(key=lambda c: c.col)
        if doc.cell_text(cells[0]) == label:
            return [doc.cell_text(c) for c in cells]
    raise AssertionError(label)


@pytest.mark.parametrize("ext", ["docx", "pdf"])
def test_table_variant_seed000(ext):
    doc = read(seed(f"seed-000-table.{ext}"))
    check_invariants(doc)
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.n_cols == 8
    assert _funds_row(doc, t, "年度资金总额") == ["年度资金总额", "1000.00", "1000.00", "770.42", "10", "77.04%", "10"]
    # merged cells read once
    slots = [(c.row, c.col) for c in t.cells]
    assert len(slots) == len(set(slots))
    covered = set()
    for c in t.cells:
        for r in range(c.row, c.row + c.rowspan):
            for k in range(c.col, c.col + c.colspan):
                assert (r, k) not in covered
                covered.add((r, k))
    name = [c for c in t.cells if doc.cell_text(c) == "项目名称"]
    assert len(name) == 1 and name[0].colspan == 2
    assert sum(1 for c in t.cells if doc.cell_text(c) == "产出指标") == 1
    out = next(c for c in t.cells if doc.cell_text(c) == "产出指标")
    assert out.rowspan == 2
    # table figures are not also in the running text
    running = "\n".join(paragraphs(doc))
    assert "年度资金总额" not in running and "≥500家" not in running
    if ext == "pdf":
        rows = [b for b in doc.blocks if b.kind == "table_row"]
        assert all(doc.locate(b.start)[0] == t.page for b in rows[:3])


def test_table_over_page_break_seed003():
    docx = read(seed("seed-003-table.docx"))
    pdf = read(seed("seed-003-table.pdf"))
    assert len(pdf.tables) == 1
    t = pdf.tables[0]
    assert t.page == 3
    rows = [b for b in pdf.blocks if b.kind == "table_row"]
    assert {pdf.locate(b.start)[0] for b in rows} == {3, 4}
    assert _funds_row(pdf, t, "年度资金总额")[1:] == ["500.00", "388.76", "388.76", "10", "100%", "10"]
    # same grid as the Word table, merged cells included (产出指标 spans the page break)
    def grid(d):
        return sorted((c.row, c.col, c.rowspan, c.colspan, d.cell_text(c)) for c in d.tables[0].cells)
    assert grid(pdf) == grid(docx)
    last = max(b.row for b in rows)
    assert "99.3" in pdf.text[rows[-1].start : rows[-1].end] and rows[-1].row == last
    running = "\n".join(paragraphs(pdf))
    assert "≥1400家" not in running and "99.3" not in running


def test_timings(capsys):
    for name in sorted(os.listdir(SEEDS)):
        if name.split(".")[-1] in ("txt", "docx", "pdf"):
            t0 = time.perf_counter()
            d = read(seed(name))
            dt = time.perf_counter() - t0
            with capsys.disabled():
                per = f" ({dt / d.pages * 1000:.0f} ms/page)" if d.pages else ""
                print(f"\n{name}: {dt * 1000:.0f} ms{per}", end="")


# -- hostile inputs -------------------------------------------------------------


def code_of(path):
    with pytest.raises(ReadError) as e:
        read(path)
    assert e.value.reason and "\n" not in e.value.reason
    return e.value.code


@pytest.mark.parametrize("ext", ["txt", "docx", "pdf", "xlsx"])
def test_empty_files(tmp_path, ext):
    p = tmp_path / f"empty.{ext}"
    p.write_bytes(b"")
    assert code_of(p) == "empty"


def test_whitespace_only_txt(tmp_path):
    p = tmp_path / "blank.txt"
    p.write_text(" \n\u3000\n", encoding="utf-8")
    assert code_of(p) == "empty"


def test_truncatedpdf_bytes(tmp_path):
    data = open(seed("seed-000.pdf"), "rb").read()
    p = tmp_path / "trunc.pdf"
    p.write_bytes(data[: len(data) // 4])
    assert code_of(p) == "corrupt"
    p.write_bytes(b"not a pdf at all")
    assert code_of(p) == "corrupt"


def test_text_renamed_docx(tmp_path):
    p = tmp_path / "report.docx"
    p.write_text("年初预算1000万元", encoding="utf-8")
    assert code_of(p) == "not-docx"


def test_ole_doc_and_encrypted_docx(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    p = tmp_path / "old.docx"
    p.write_bytes(ole + b"WordDocument".decode().encode("utf-16-le"))
    assert code_of(p) == "not-docx"
    p.write_bytes(ole + "EncryptedPackage".encode("utf-16-le"))
    assert code_of(p) == "encrypted"


def test_corrupt_zip_docx(tmp_path):
    data = open(seed("seed-000.docx"), "rb").read()
    p = tmp_path / "broken.docx"
    p.write_bytes(data[: len(data) // 2])
    assert code_of(p) in ("corrupt",)


def test_xlsx_renamed_docx(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    p = tmp_path / "book.xlsx"
    wb.save(p)
    q = tmp_path / "book.docx"
    shutil.copy(p, q)
    assert code_of(q) == "not-docx"



def test_encryptedpdf_bytes(tmp_path):
    # A standard-security-handler PDF whose user password is not empty: pdfminer
    # tries the empty password, /U does not match → PDFPasswordIncorrect.
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        "<< /Filter /Standard /V 1 /R 2 /O <" + "ab" * 32 + "> /U <" + "cd" * 32 + "> /P -4 >>",
    ]
    p = tmp_path / "locked.pdf"
    p.write_bytes(pdf_bytes(objs, "/Encrypt 4 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] "))
    assert code_of(p) == "encrypted"


def test_image_onlypdf_bytes(tmp_path):
    Image = pytest.importorskip("PIL.Image")
    p = tmp_path / "scan.pdf"
    Image.new("RGB", (300, 400), "white").save(p, "PDF")
    assert code_of(p) == "scanned"


def test_pdf_with_text_minimal(tmp_path):
    stream = "BT /F1 12 Tf 20 150 Td (Budget 1000 2021) Tj ET"
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R"
        " /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    p = tmp_path / "tiny.pdf"
    p.write_bytes(pdf_bytes(objs))
    before = sorted(os.listdir(tmp_path))
    doc = read(p)
    assert doc.text == "Budget 1000 2021"
    assert doc.locate(0) == (1, 1)
    assert sorted(os.listdir(tmp_path)) == before  # nothing written next to the input


TEXT = "乐山市经济合作和外事局关于2021年度驻外招商组项目预算控制数500.00万元，执行率100%。\n提供第一手线索419条，拜访目标企业785个。\n"


@pytest.mark.parametrize("enc", ["utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk"])
def test_txt_encodings(tmp_path, enc):
    p = tmp_path / f"r-{enc}.txt"
    p.write_bytes((TEXT * 3).encode(enc))
    doc = read(p)
    assert paragraphs(doc)[:2] == [x for x in TEXT.splitlines()]


def test_txt_big5(tmp_path):
    text = "樂山市經濟合作和外事局關於2021年度駐外招商組項目預算控制數500.00萬元，執行率100%。\n提供第一手線索419條，拜訪目標企業785個。\n"
    p = tmp_path / "big5.txt"
    p.write_bytes((text * 3).encode("big5"))
    doc = read(p)
    assert paragraphs(doc)[:2] == text.splitlines()


def test_txt_short_gb18030_that_detection_declines(tmp_path):
    """A short GB18030 report (≈ 760 bytes, full-width bars) that charset-normalizer returns no
    answer for is decoded by a strict GB18030 read whose text is Chinese."""
    from charset_normalizer import from_bytes

    text = ("上饶市信州区2023年残疾人辅助器具适配补贴项目绩效自评报告\n一、项目概况\n"
            "本项目资金来源为中央补助120万元、省级配套85万元、区级配套45万元，全年预算合计250万元，"
            "全年实际支出178万元，折合1,780,000元，预算执行率71.20%。\n二、绩效自评表\n"
            "指标｜年度指标值｜实际完成值｜分值｜得分｜偏差原因\n预算执行率｜100%｜71.20%｜10｜10｜资金拨付及时\n"
            "辅具适配人数｜1500人｜1236人｜20｜16｜无\n适配服务及时率｜≥95%｜97.5%｜15｜15｜—\n"
            "辅具质量合格率｜100%｜100%｜15｜15｜—\n残疾人生活自理能力改善率｜≥80%｜83%｜30｜27｜部分重度残疾人改善有限\n"
            "服务对象满意度｜≥90%｜96.4%｜10｜9｜—\n自评总分｜｜｜100｜95｜\n三、自评结论\n经自评，本项目自评总分95分，等级为优。\n")
    data = text.encode("gb18030")
    p = tmp_path / "short-gb.txt"
    p.write_bytes(data)
    doc = read(p)
    assert "残疾人辅助器具" in doc.text and doc.tables
    if from_bytes(data).best() is not None:
        pytest.skip("this charset-normalizer decides the file itself")


def test_txt_random_bytes_are_not_gb18030(tmp_path):
    import random

    rng = random.Random(7)
    p = tmp_path / "noise.txt"
    p.write_bytes(bytes(rng.randrange(0x81, 0xFF) for _ in range(700)))
    assert code_of(p) == "encoding"


def test_txt_binary(tmp_path):
    p = tmp_path / "bin.txt"
    p.write_bytes(bytes(range(256)) * 20)
    assert code_of(p) == "encoding"


def test_txt_normalized_lines(tmp_path):
    p = tmp_path / "fw.txt"
    p.write_text("\ufeff年初预算 １０００ 万元，执行率 ７７．０４％\r\n\r\n一、项目概况\n", encoding="utf-8")
    doc = read(p)
    assert paragraphs(doc) == ["年初预算1000万元，执行率77.04%", "一、项目概况"]
    # TXT lines are physical lines (the blank line counts): what an editor shows
    assert doc.blocks[1].kind == "heading" and doc.locate(doc.blocks[1].start) == (None, 3)


def test_docx_nested_and_merged(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("一、表格前")
    t = d.add_table(rows=3, cols=3)
    a = t.cell(0, 0).merge(t.cell(0, 1))
    a.text = "横向合并"
    v = t.cell(1, 0).merge(t.cell(2, 0))
    v.text = "纵向合并"
    t.cell(1, 1).text = "１００ 万元"
    inner = t.cell(2, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内层"
    inner.cell(0, 1).text = "42"
    d.add_paragraph("表格后 2021 年")
    p = tmp_path / "m.docx"
    d.save(p)
    doc = read(p)
    check_invariants(doc)
    assert paragraphs(doc) == ["一、表格前", "表格后2021年"]
    (tb,) = doc.tables
    cells = {(c.row, c.col): (doc.cell_text(c), c.rowspan, c.colspan) for c in tb.cells}
    assert cells[(0, 0)] == ("横向合并", 1, 2)
    assert cells[(1, 0)] == ("纵向合并", 2, 1)
    assert (0, 1) not in cells and (2, 0) not in cells
    assert cells[(1, 1)][0] == "100万元"
    assert "内层" in cells[(2, 2)][0] and "42" in cells[(2, 2)][0]
    # table rows sit between the paragraphs, in document order
    kinds = [b.kind for b in doc.blocks]
    assert kinds[0] != "table_row" and kinds[-1] == "paragraph" and "table_row" in kinds


def test_xlsx(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    ws["A1"] = "项目资金（万元）"
    ws.merge_cells("A1:B1")
    ws["C1"] = "执行率"
    ws["A2"] = "年度资金总额"
    ws["B2"] = 1000
    ws["B2"].number_format = "0.00"
    ws["C2"] = 0.7704
    ws["C2"].number_format = "0.00%"
    ws["D2"] = 0.1 + 0.2
    ws["E2"] = "770.420"  # a number stored as text stays as written
    p = tmp_path / "t.xlsx"
    wb.save(p)
    doc = read(p)
    check_invariants(doc)
    assert doc.blocks[0].kind == "heading" and doc.text.startswith("自评表")
    (t,) = doc.tables
    assert t.sheet == "自评表"
    cells = {(c.row, c.col): doc.cell_text(c) for c in t.cells}
    assert cells[(0, 0)] == "项目资金（万元）" and (0, 1) not in cells
    assert [cells[(1, k)] for k in range(5)] == ["年度资金总额", "1000.00", "77.04%", "0.3", "770.420"]


def test_pdf_page_numbers_and_running_header_removed(tmp_path):
    # 3 pages: a running header, a body line per page, a "- N -" footer
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", None]
    kids = []
    bodies = {1: "Short 100.", 2: "Medium line 200 here.", 3: "The longest body line 300 here."}
    for n in range(1, 4):
        stream = (
            f"BT /F1 10 Tf 20 380 Td (Annual Report Header) Tj ET "
            f"BT /F1 10 Tf 20 200 Td ({bodies[n]}) Tj ET "
            f"BT /F1 10 Tf 90 10 Td (- {n} -) Tj ET"
        )
        page_no = len(objs) + 1
        kids.append(f"{page_no} 0 R")
        objs.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 400] /Contents {page_no + 1} 0 R"
            " /Resources << /Font << /F1 99 0 R >> >> >>"
        )
        objs.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
    objs[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count 3 >>"
    font = len(objs) + 1
    objs = [o.replace("99 0 R", f"{font} 0 R") for o in objs]
    objs.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    p = tmp_path / "hf.pdf"
    p.write_bytes(pdf_bytes(objs))
    doc = read(p)
    assert doc.pages == 3
    assert paragraphs(doc) == list(bodies.values())
    # line numbers count the removed header: the body line is line 2 of its page
    assert [doc.locate(b.start) for b in doc.blocks] == [(1, 2), (2, 2), (3, 2)]


def test_pdf_short_line_ending_inside_its_sentence_goes_on(tmp_path):
    # a line that ends on a comma continues on the next, however short (a generator's fixed wrap);
    # one that ends on a full stop does not
    stream = ("BT /F1 10 Tf 20 314 Td (The longest line of this page runs out to the right margin.) Tj ET "
              "BT /F1 10 Tf 20 300 Td (Funds of 1,360.00 arrived,) Tj ET "
              "BT /F1 10 Tf 20 286 Td (at a rate of 85.00%.) Tj ET "
              "BT /F1 10 Tf 20 272 Td (Short line.) Tj ET "
              "BT /F1 10 Tf 20 258 Td (Next line.) Tj ET")
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 400] /Contents 4 0 R"
            " /Resources << /Font << /F1 5 0 R >> >> >>",
            f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    p = tmp_path / "wrap.pdf"
    p.write_bytes(pdf_bytes(objs))
    got = paragraphs(read(p))
    assert got[-3].endswith("arrived,at a rate of 85.00%.") and got[-2:] == ["Short line.", "Next line."]
