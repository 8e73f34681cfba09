"""``check --annotate DIR`` and ``--html-images``: the findings on copies of the originals.

Every annotated copy is opened again — PDF with pdfplumber (its ``annots`` and the
characters under each highlight), DOCX with python-docx and the project's reader, XLSX
with openpyxl — and every figure of every finding must be covered; the originals'
bytes must not change."""
from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.normalize import TRANS
from extractor.readers import read
from extractor.readers.limits import ReadLimits
from extractor.readers.pdf_boxes import read_boxes
from jxcheck import cli
from jxcheck.annotate import AnnotateError, plan, write_atomic

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
runner = CliRunner()
PDFS = ["06-village-revitalisation-funds.pdf", "09-anyuan-county-health.pdf", "t04-yinchuan-school-funds.pdf"]
DOCXS = ["06-village-revitalisation-funds.docx", "t08-national-planted.docx", "t04-yinchuan-school-funds.docx",
         "t05-qingshen-sichuan-blank.docx"]
XLSXS = ["t03-putuo-sports-yuan.xlsx", "t06-daying-justice-sichuan.xlsx"]


def run(*args: str):
    return runner.invoke(cli.app, ["check", "--jobs", "1", "--timeout", "0", "--max-memory", "0", *args])


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def squash(s: str) -> str:
    return "".join(s.translate(TRANS).split())


@pytest.fixture(scope="module")
def annotated(tmp_path_factory):
    """The samples (and seed PDFs, when present) copied to a folder, checked with
    --annotate; (input folder, DIR, JSON findings by file name, hashes before)."""
    src = tmp_path_factory.mktemp("in")
    for name in PDFS + DOCXS + XLSXS + ["06-village-revitalisation-funds.txt"]:
        shutil.copy(SAMPLES / name, src / name)
    seeds = ROOT.parent / "shared" / "seeds"
    for p in sorted(seeds.glob("*.pdf")) if seeds.is_dir() else []:
        shutil.copy(p, src / p.name)
    before = {p.name: sha(p) for p in src.iterdir()}
    out = tmp_path_factory.mktemp("out") / "批注"
    res = run(str(src), "-f", "json", "--annotate", str(out))
    assert res.exit_code == 1, res.output
    data = json.loads(res.stdout)
    by_name = {Path(f["path"]).name: f for f in data["files"]}
    return src, out, by_name, before, res.stderr


def test_originals_unchanged_and_copies_written(annotated):
    src, out, by_name, before, stderr = annotated
    assert {p.name: sha(p) for p in src.iterdir()} == before
    written = sorted(p.name for p in out.iterdir())
    expect = sorted(n for n, f in by_name.items() if f["findings"] and not n.endswith(".txt"))
    assert written == expect and len(expect) >= 9
    assert f"写入 {len(expect)} 个批注副本" in stderr
    assert "1 个 TXT/图片文件有发现但无批注副本" in stderr
    # the PDF copies are incremental updates: the original bytes, then the annotations
    for name in expect:
        if name.endswith(".pdf"):
            assert (out / name).read_bytes().startswith((src / name).read_bytes())


def _quads(annot) -> list[tuple[float, float, float, float]]:
    q = [float(v) for v in annot["data"]["QuadPoints"]]
    return [(min(q[i:i + 8:2]), min(q[i + 1:i + 8:2]), max(q[i:i + 8:2]), max(q[i + 1:i + 8:2]))
            for i in range(0, len(q), 8)]


def test_pdf_every_figure_is_under_a_highlight_with_its_note(annotated):
    """For every evidence: the highlight of its finding on its page, read back with
    pdfplumber, has the rule code and message in its note, its quads overlap the
    figure's boxes, and the characters under its quads spell the figure."""
    import pdfplumber

    src, out, by_name, _, _ = annotated
    n_checked = 0
    for name, f in by_name.items():
        if not name.endswith(".pdf") or not f["findings"]:
            continue
        doc, boxes = read_boxes(str(src / name))
        with pdfplumber.open(out / name) as pdf:
            annots = {pg.page_number: pg.annots for pg in pdf.pages}
            chars = {pg.page_number: (pg.chars, float(pg.height)) for pg in pdf.pages}
            for finding in f["findings"]:
                for e in finding["evidence"]:
                    assert doc.text[e["start"]:e["end"]] == e["text"]
                    rects = boxes.rects(e["start"], e["end"])
                    assert rects, (name, e)
                    for page in sorted({r[0] for r in rects}):
                        on_page = [r for r in rects if r[0] == page]
                        mine = [a for a in annots[page] if "Highlight" in str(a["data"].get("Subtype"))
                                and (a.get("contents") or "").startswith(finding["rule"] + " ")
                                and finding["message"] in a["contents"]]
                        assert mine, (name, finding["rule"], e["text"], page)
                        page_chars, height = chars[page]
                        # quads in user space -> pdfplumber's top-left coordinates (upright pages)
                        quads = [(x0, height - y1, x1, height - y0) for a in mine for x0, y0, x1, y1 in _quads(a)]
                        for _, x0, top, x1, bottom in on_page:
                            assert any(q[0] < x1 and x0 < q[2] and q[1] < bottom and top < q[3] for q in quads), (
                                name, e["text"], page)
                        under = "".join(c["text"] for q in quads for c in sorted(page_chars, key=lambda c: c["x0"])
                                        if q[0] <= (c["x0"] + c["x1"]) / 2 <= q[2]
                                        and q[1] <= (c["top"] + c["bottom"]) / 2 <= q[3])
                        if len(on_page) == len(rects):  # the whole figure is on this page
                            assert squash(e["text"]) in squash(under), (name, e["text"], under)
                    n_checked += 1
            assert sum(1 for p in annots.values() for a in p if "Popup" in str(a["data"].get("Subtype"))) >= 1
    assert n_checked >= 20


def test_pdf_copy_reads_as_the_original(annotated):
    src, out, _, _, _ = annotated
    for p in out.glob("*.pdf"):
        assert read(p).text == read(src / p.name).text


def test_docx_figures_highlighted_and_one_comment_per_finding(annotated):
    import docx
    from docx.enum.text import WD_COLOR_INDEX

    src, out, by_name, _, _ = annotated
    for name in DOCXS:
        f = by_name[name]
        assert f["findings"], name
        copy = out / name
        assert read(copy).text == read(src / name).text  # highlights and comments change no text
        d = docx.Document(copy)
        comments = list(d.comments)
        assert len(comments) == len(f["findings"])
        for finding in f["findings"]:
            assert any(c.text.startswith(finding["rule"] + " ") and finding["message"] in c.text for c in comments)
        # each comment is anchored on its finding's first figure in the text, and only on it
        anchored = _comment_ranges(d.element.body)
        for c in comments:
            finding = next(x for x in f["findings"] if c.text.startswith(x["rule"] + " ") and x["message"] in c.text)
            first = min(finding["evidence"], key=lambda e: e["start"])
            assert squash(anchored[str(c.comment_id)]) == squash(first["text"]), (name, finding["rule"])
        paragraphs = list(d.paragraphs) + [p for t in d.tables for row in t.rows for cell in row.cells
                                           for p in cell.paragraphs]
        lit = [squash("".join(r.text if r.font.highlight_color == WD_COLOR_INDEX.YELLOW else "\0" for r in p.runs))
               for p in paragraphs]
        for finding in f["findings"]:
            for e in finding["evidence"]:
                assert any(squash(e["text"]) in s for s in lit), (name, e["text"])


def _comment_ranges(body) -> dict[str, str]:
    """comment id -> the text between its commentRangeStart and commentRangeEnd."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    open_, out = {}, {}
    for el in body.iter():
        if el.tag == w + "commentRangeStart":
            open_[el.get(w + "id")] = []
        elif el.tag == w + "commentRangeEnd":
            out[el.get(w + "id")] = "".join(open_.pop(el.get(w + "id"), []))
        elif el.tag == w + "t":
            for parts in open_.values():
                parts.append(el.text or "")
    return out


def test_xlsx_cells_filled_with_comments(annotated):
    import openpyxl

    src, out, by_name, _, _ = annotated
    for name in XLSXS:
        f = by_name[name]
        assert f["findings"], name
        assert read(out / name).text == read(src / name).text
        wb = openpyxl.load_workbook(out / name)
        for finding in f["findings"]:
            for e in finding["evidence"]:
                if e.get("cell") is None:
                    continue
                c = wb[e["sheet"]][e["cell"]]
                assert c.comment is not None and finding["rule"] in c.comment.text and finding["message"] in c.comment.text
                assert c.fill.fill_type == "solid"


def test_paired_table_file_gets_its_own_copy(tmp_path):
    """Evidence in a separately submitted 自评表 (``evidence.file``) is marked on a copy of
    that file; the report's own figures on the report's copy."""
    import importlib.util

    import openpyxl

    seed = ROOT.parent / "shared" / "seeds" / "seed-003.docx"
    if not seed.is_file():
        pytest.skip("seed not found")
    spec = importlib.util.spec_from_file_location("pairing_tests", ROOT / "tests" / "test_pairing.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(seed, src / "乐山市招商自评报告.docx")
    mod._maker().xlsx(str(src / "附件：自评表.xlsx"), mod.ROWS, "项目支出绩效自评表")
    out = tmp_path / "out"
    res = run(str(src), "-f", "json", "--annotate", str(out))
    data = json.loads(res.stdout)
    (report,) = [f for f in data["files"] if f["path"].endswith(".docx")]
    in_table = [(f, e) for f in report["findings"] for e in f["evidence"] if e.get("file")]
    assert in_table
    wb = openpyxl.load_workbook(out / "附件：自评表.xlsx")
    for f, e in in_table:
        c = wb[e["sheet"]][e["cell"]]
        assert c.comment is not None and f["rule"] in c.comment.text
    assert (out / "乐山市招商自评报告.docx").is_file()


def test_collisions_are_refused_before_anything_is_checked(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    for d in (a, b):
        shutil.copy(SAMPLES / "t03-putuo-sports-yuan.xlsx", d / "报告.xlsx")
    out = tmp_path / "out"
    res = run(str(a), str(b), "--annotate", str(out))
    assert res.exit_code == 2
    assert res.stderr.count("\n") == 1 and "同名" in res.stderr
    assert not out.exists()
    # a file already in DIR is not overwritten
    out.mkdir()
    (out / "报告.xlsx").write_bytes(b"mine")
    res = run(str(a), "--annotate", str(out))
    assert res.exit_code == 2 and "已存在" in res.stderr
    assert (out / "报告.xlsx").read_bytes() == b"mine"
    # DIR = the input's own folder: the copy would replace the input
    before = sha(a / "报告.xlsx")
    assert run(str(a), "--annotate", str(a)).exit_code == 2
    assert sha(a / "报告.xlsx") == before
    # DIR is a file
    res = run(str(a), "--annotate", str(out / "报告.xlsx"))
    assert res.exit_code == 2 and "不是文件夹" in res.stderr


def test_plan_creates_dir_and_ignores_text(tmp_path):
    out = tmp_path / "x" / "y"
    plan(str(out), [str(tmp_path / "a.txt"), str(tmp_path / "c/a.txt")])  # TXT gets no copy: no collision
    assert out.is_dir()
    with pytest.raises(AnnotateError):
        plan(str(out), [str(tmp_path / "p/a.pdf"), str(tmp_path / "q/a.pdf")])


def test_nothing_half_written(tmp_path):
    dst = tmp_path / "x.pdf"

    def boom(fh):
        fh.write(b"%PDF-1.7 half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(str(dst), boom)
    assert list(tmp_path.iterdir()) == []


def test_txt_is_not_annotated(tmp_path):
    out = tmp_path / "out"
    res = run(str(SAMPLES / "06-village-revitalisation-funds.txt"), "--annotate", str(out))
    assert res.exit_code == 1
    assert list(out.iterdir()) == []
    assert "无批注副本" in res.stderr


# -- character boxes -------------------------------------------------------------


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_boxes_change_nothing_and_cover_every_character(engine):
    import pdfplumber

    limits = ReadLimits(pdf_engine=engine)
    for name in PDFS + ["03-shanghai-elderly-stations.pdf", "t07-national-clean.pdf"]:
        p = SAMPLES / name
        doc, boxes = read_boxes(str(p), limits)
        assert doc == read(p, limits)
        with pdfplumber.open(p) as pdf:
            ref = {pg.page_number: pg.chars for pg in pdf.pages}
        for k, ch in enumerate(doc.text):
            if ch.isspace():
                continue
            page, x0, top, x1, bottom = boxes.at[k]
            mid_x, mid_y = (x0 + x1) / 2, (top + bottom) / 2
            # a character of the page, the same one (normalised), lies at that box
            assert any(c["text"].translate(TRANS) == ch and c["x0"] - 0.5 <= mid_x <= c["x1"] + 0.5
                       and c["top"] - 2 <= mid_y <= c["bottom"] + 2 for c in ref[page]), (name, k, ch)


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_highlight_on_rotated_and_shifted_pages(tmp_path, rotate):
    """A crafted page (MediaBox offset, /Rotate): the highlight's quads, mapped back
    through the reader's page transform, cover the figure's characters."""
    import importlib.util

    import pypdfium2

    from extractor.readers.pdf_pdfium import Geometry
    from jxcheck.annotate.pdf import annotate
    from rules.finding import Evidence, Finding

    spec = importlib.util.spec_from_file_location("engines", ROOT / "tests" / "test_pdf_engines.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    p = mod._page_pdf(tmp_path, "page", rotate=rotate, mediabox="50 80 450 380")
    doc, boxes = read_boxes(str(p))
    evs = []
    for fig in ("777.5", "21"):  # a prose figure and a table cell's
        s = doc.text.index(fig)
        evs.append(Evidence(fig, None, None, 1, 1, s, s + len(fig), fig, s))
    f = Finding("JX101", "funds-rate-mismatch", "ratio-mismatch", "error", "测试", tuple(evs))
    out = tmp_path / "out.pdf"
    with open(out, "wb") as fh:
        annotate(str(p), [(f, evs)], fh)
    pdf = pypdfium2.PdfDocument(out)
    geo = Geometry(pdf[0])
    import pypdf

    annots = [a.get_object() for a in pypdf.PdfReader(out).pages[0]["/Annots"]]
    hl = next(a for a in annots if a["/Subtype"] == "/Highlight")
    q = [float(v) for v in hl["/QuadPoints"]]
    quads = []
    for i in range(0, len(q), 8):
        pts = [geo.point(q[i + k], q[i + k + 1]) for k in range(0, 8, 2)]
        quads.append((min(x for x, _ in pts), min(t for _, t in pts), max(x for x, _ in pts), max(t for _, t in pts)))
    for e in evs:
        for _, x0, top, x1, bottom in boxes.rects(e.start, e.end):
            assert any(abs(qa[0] - x0) < 1.5 and abs(qa[2] - x1) < 1.5 and abs(qa[1] - top) < 1.5
                       and abs(qa[3] - bottom) < 1.5 for qa in quads), (rotate, e.text, quads)
    pdf.close()


def test_docx_cell_slots_follow_the_reader():
    """``annotate.docx.cell_elements`` finds the cells where the reader puts them."""
    import docx

    from extractor.readers.docx import table_cells
    from jxcheck.annotate.docx import cell_elements

    for p in SAMPLES.glob("*.docx"):
        for tbl in docx.Document(p).element.body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tbl"):
            assert sorted(cell_elements(tbl)) == sorted((c.row, c.col) for c in table_cells(tbl)), p


# -- HTML page images ------------------------------------------------------------


def test_html_images_show_each_pdf_finding_boxed(tmp_path):
    from PIL import Image

    p = SAMPLES / "06-village-revitalisation-funds.pdf"
    plain = run(str(p), "-f", "html").stdout
    assert "<img" not in plain
    res = run(str(p), "-f", "html", "--html-images")
    html = res.stdout
    n_findings = html.count('<div class="finding')
    imgs = [s.split('"', 1)[0] for s in html.split('<img class="page" src="data:image/png;base64,')[1:]]
    assert n_findings >= 4 and len(imgs) >= n_findings  # a finding over two pages has two
    img = Image.open(io.BytesIO(base64.b64decode(imgs[0]))).convert("RGB")
    assert img.width > 800
    assert any(r > 150 and g < 90 and b < 90 for _, (r, g, b) in img.getcolors(1 << 16))  # the error's red box
