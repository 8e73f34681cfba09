"""The fast PDF engine (PDFium) against the reference (pdfplumber).

The fast path is only allowed if it changes nothing an auditor sees: on every
sample and seed PDF the documents read by both engines must be equal (text,
paragraphs, page/line marks, tables and their cells), and so must the
findings. Crafted pages cover the geometry pdfminer transforms (``/Rotate``,
a MediaBox off the origin, tables drawn inside a Form XObject or with lines
instead of rectangles).
"""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from hostile_corpus import _stream, pdf_bytes

from extractor.readers import read
from extractor.readers.limits import ReadLimits
from jxcheck.pipeline import check_file
from rules.config import DEFAULT

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
PDFS = sorted(ROOT.glob("samples/*.pdf")) + sorted(SEEDS.glob("*.pdf"))
PLUMBER, PDFIUM, AUTO = (ReadLimits(pdf_engine=e) for e in ("pdfplumber", "pdfium", "auto"))


def _result(path: str, limits: ReadLimits) -> dict:
    r = check_file(path, DEFAULT, limits=limits)
    assert r.status == "ok", r.error
    return r.to_dict()


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_same_document_and_findings(path: Path) -> None:
    a, b = read(path, PLUMBER), read(path, PDFIUM)
    assert a.text == b.text
    assert a == b  # blocks, line marks, tables, cells, diagnostics
    assert _result(str(path), PLUMBER) == _result(str(path), PDFIUM)


def test_there_are_pdfs_to_compare() -> None:
    assert len([p for p in PDFS if p.parent.name == "samples"]) >= 3


# -- crafted geometry ------------------------------------------------------------------

_LINES = ["Budget 1000 2021", "Actual spending 777.5", "Rate 77.75 percent"]


def _page_pdf(tmp: Path, name: str, *, rotate: int = 0, mediabox: str = "0 0 400 300",
              table: str = "rects", in_form: bool = False) -> Path:
    X0, Y0, X1, Y1 = (float(v) for v in mediabox.split())
    # content drawn upright in display space, then turned into user space against
    # the page's /Rotate (as a landscape page is): the inverse of pdfminer's page CTM
    cm = {0: f"1 0 0 1 {X0} {Y0}", 90: f"0 1 -1 0 {X1} {Y0}", 180: f"-1 0 0 -1 {X1} {Y1}",
          270: f"0 -1 1 0 {X0} {Y1}"}[rotate]
    text = " ".join(f"BT /F1 10 Tf {30} {260 - 14 * i} Td ({s}) Tj ET" for i, s in enumerate(_LINES))
    grid = []
    x0, y0, w, h = 30, 60, 240, 120
    if table == "rects":  # cell borders as thin filled rectangles (Word)
        for k in range(5):
            grid.append(f"{x0} {y0 + k * h / 4} {w} 0.5 re f")
        for k in range(4):
            grid.append(f"{x0 + k * w / 3} {y0} 0.5 {h} re f")
    else:  # stroked lines
        for k in range(5):
            grid.append(f"{x0} {y0 + k * h / 4} m {x0 + w} {y0 + k * h / 4} l S")
        for k in range(4):
            grid.append(f"{x0 + k * w / 3} {y0} m {x0 + k * w / 3} {y0 + h} l S")
    cells = " ".join(f"BT /F1 9 Tf {x0 + 5 + c * w / 3} {y0 + 10 + r * h / 4} Td (R{r}C{c} {r * 10 + c}) Tj ET"
                     for r in range(4) for c in range(3))
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [5 0 R] /Count 1 >>"]
    resources = "/Font << /F1 4 0 R >>"
    if in_form:
        form = " ".join(grid)
        objs.append(_stream(f"q {cm} cm {text} {cells} q 1 0 0 1 0 0 cm /X1 Do Q Q"))
        resources += " /XObject << /X1 6 0 R >>"
    else:
        objs.append(_stream(f"q {cm} cm {text} {' '.join(grid)} {cells} Q"))
    objs.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [{mediabox}] /Rotate {rotate} /Contents 3 0 R"
                f" /Resources << {resources} >> >>")
    if in_form:
        data = form.encode("latin-1")
        objs.append(f"<< /Type /XObject /Subtype /Form /BBox [0 0 1000 1000] /Length {len(data)} >>\nstream\n"
                    f"{form}\nendstream")
    p = tmp / f"{name}.pdf"
    p.write_bytes(pdf_bytes(objs))
    return p


@pytest.mark.parametrize("kw", [
    {}, {"table": "lines"}, {"in_form": True}, {"rotate": 90}, {"rotate": 180}, {"rotate": 270},
    {"mediabox": "50 80 450 380"}, {"mediabox": "50 80 450 380", "rotate": 90},
    {"in_form": True, "mediabox": "50 80 450 380", "rotate": 270},
], ids=lambda kw: "-".join(f"{k}={v}" for k, v in kw.items()) or "plain")
def test_crafted_geometry(tmp_path: Path, kw: dict) -> None:
    p = _page_pdf(tmp_path, "page", **kw)
    a, b = read(p, PLUMBER), read(p, PDFIUM)
    assert len(a.tables) == len(b.tables) == 1
    assert a == b


def test_character_positions_match_pdfminer(tmp_path: Path) -> None:
    """x0/x1 and page size are pdfplumber's to the hundredth of a point, rotated or not."""
    import pdfplumber
    import pypdfium2

    from extractor.readers import pdf_pdfium as P

    for rotate in (0, 90):
        p = _page_pdf(tmp_path, f"r{rotate}", rotate=rotate, mediabox="50 80 450 380")
        with pdfplumber.open(p) as pl:
            ref = [c for c in pl.pages[0].chars if c["upright"]]
            size = (float(pl.pages[0].width), float(pl.pages[0].height))
        doc = pypdfium2.PdfDocument(p)
        page = doc[0]
        geo = P.Geometry(page)
        tp = page.get_textpage()
        got = [c for c in P.chars(tp, geo) if c["upright"]]
        tp.close()
        page.close()
        doc.close()
        assert (geo.width, geo.height) == pytest.approx(size)
        key = lambda c: (c["text"], c["x0"])  # noqa: E731
        assert [c["text"] for c in sorted(ref, key=key)] == [c["text"] for c in sorted(got, key=key)]
        for r, g in zip(sorted(ref, key=key), sorted(got, key=key), strict=True):
            assert g["x0"] == pytest.approx(r["x0"], abs=0.01) and g["x1"] == pytest.approx(r["x1"], abs=0.01)
            assert g["size"] == pytest.approx(r["size"], abs=0.01)


# -- engine choice and failures ----------------------------------------------------------


def test_unknown_engine_is_a_programming_error(tmp_path: Path) -> None:
    p = _page_pdf(tmp_path, "page")
    with pytest.raises(ValueError, match="unknown PDF engine"):
        read(p, ReadLimits(pdf_engine="mupdf"))


@pytest.mark.parametrize("limits", [PDFIUM, AUTO, PLUMBER], ids=["pdfium", "auto", "pdfplumber"])
def test_hostile_pdfs_get_the_same_outcome_from_every_engine(tmp_path: Path, limits: ReadLimits) -> None:
    """Truncated, encrypted, image-only, 2,000 pages, 100,000 objects …: the same code."""
    from hostile_corpus import build

    cases = [c for c in build(tmp_path) if c.name.endswith(".pdf")]
    assert len(cases) >= 8
    for c in cases:
        r = check_file(str(tmp_path / c.name), DEFAULT, limits=limits)
        assert (r.status, r.error_code if r.status != "ok" else None) == (c.status, c.code), c.name


def test_threads_share_pdfium_safely() -> None:
    """PDFium is not thread-safe; the reader serialises it (a Dask worker has threads)."""
    path = next(p for p in PDFS if p.parent.name == "samples")
    ref = read(path, PDFIUM)
    out: list = []

    def work() -> None:
        out.extend(read(path, PDFIUM) == ref for _ in range(3))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == [True] * 12


def test_cli_switch_gives_the_same_output() -> None:
    """``--pdf-engine`` reaches the reader from the command line (``check`` and ``extract``)."""
    from typer.testing import CliRunner

    from jxcheck import cli

    path = str(next(p for p in PDFS if p.parent.name == "samples"))
    out = {}
    for engine in ("auto", "pdfium", "pdfplumber"):
        res = CliRunner().invoke(cli.app, ["check", path, "-f", "json", "--no-config", "--fail-on", "never",
                                           "--pdf-engine", engine])
        assert res.exit_code == 0, res.output
        out[engine] = res.output
    assert out["auto"] == out["pdfium"] == out["pdfplumber"]
    res = CliRunner().invoke(cli.app, ["extract", path, "-f", "json", "--pdf-engine", "pdfplumber"])
    assert res.exit_code == 0 and '"status": "ok"' in res.output
    res = CliRunner().invoke(cli.app, ["check", path, "--pdf-engine", "mupdf"])
    assert res.exit_code == 2


# -- malformed files: one outcome ---------------------------------------------------------


def _malformed() -> dict[str, bytes]:
    from hostile_corpus import text_pdf

    good = text_pdf()
    return {
        # PDFium refuses or fails on these, pdfminer reads them: auto reads them too
        "root-points-nowhere": good.replace(b"/Root 1 0 R", b"/Root 9 0 R"),
        "page-count-too-large": good.replace(b"/Count 1", b"/Count 5"),
        # both engines read these alike
        "bad-startxref": good.replace(b"startxref\n", b"startxref\n9"),
        "pages-without-type": good.replace(b"<< /Type /Pages", b"<<"),
        "stream-length-wrong": good.replace(b"/Length 36", b"/Length 3"),
        "junk-before-header": b"JUNK" * 100 + good,
    }


@pytest.mark.parametrize("name", sorted(_malformed()))
def test_malformed_pdfs_one_outcome(tmp_path, name):
    """Where PDFium says corrupt (on opening or on a page) and pdfminer reads the file,
    ``auto`` (the default) reads it with pdfminer: the outcome is the reference engine's.
    (Files PDFium reads and pdfminer does not — a page without /Type, no endobj, a
    missing MediaBox — are read by PDFium under ``auto``.)"""
    p = tmp_path / f"{name}.pdf"
    p.write_bytes(_malformed()[name])

    def outcome(limits):
        try:
            return ("ok", read(p, limits).text)
        except Exception as e:  # noqa: BLE001 - the code is the outcome
            return ("error", getattr(e, "code", type(e).__name__))

    ref, fast, auto = outcome(PLUMBER), outcome(PDFIUM), outcome(AUTO)
    assert ref == ("ok", "Budget 1000 2021")
    assert auto == ref, (fast, auto)


# -- fonts that are not embedded: findings must not depend on the machine's fonts ----------


def _hex(text: str) -> str:
    return "<" + text.encode("utf-16-be").hex() + ">"


def cjk_table_pdf(descriptor: str = "/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
                                    "/CapHeight 880 /StemV 93", widths: str = "/W [1 95 500]") -> bytes:
    """A 自评表 page in STSong-Light, *not embedded* (Adobe-GB1, UniGB-UCS2-H, as reportlab
    and many report generators write it): each engine substitutes what it has for the
    glyphs, PDFium from the machine's fonts. Amounts in 万元 (in the title line and in
    wrapped header cells), and a stated rate that contradicts them."""
    rows = [["指标", "年初预算数", "全年执行数", "执行率"], ["", "（万元）", "（万元）", ""],
            ["项目资金", "500.00", "388.76", "77.75%"], ["其中：财政拨款", "300.00", "250.00", "83.33%"],
            ["其他资金", "200.00", "138.76", "69.38%"]]
    ops = [f"BT /F1 14 Tf 60 760 Td {_hex('项目支出绩效自评表')} Tj ET",
           f"BT /F1 10 Tf 400 735 Td {_hex('金额单位：万元')} Tj ET"]
    x0, y0, cw, rh = 60, 560, 120, 28
    for r in (0, 2, 3, 4, 5):  # the header is one ruled row of two lines
        ops.append(f"{x0} {y0 + r * rh} {cw * 4} 0.5 re f")
    for c in range(5):
        ops.append(f"{x0 + c * cw} {y0} 0.5 {rh * 5} re f")
    for r, row in enumerate(rows):
        y = y0 + (4 - r) * rh + (4 if r == 1 else 16 if r == 0 else 10)
        for c, cell in enumerate(row):
            if cell:
                ops.append(f"BT /F1 10 Tf {x0 + c * cw + 5} {y} Td {_hex(cell)} Tj ET")
    ops.append(f"BT /F1 10.5 Tf 60 520 Td {_hex('项目预算500.00万元，实际支出388.76万元，执行率70.00%。')} Tj ET")
    ops.append(f"BT /F1 10.5 Tf 60 500 Td {_hex('其中财政拨款300.00万元，支出250.00万元，执行率80.00%。')} Tj ET")
    content = "\n".join(ops)
    return pdf_bytes([
        "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
        f"/Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R /DW 1000 {widths} >>",
        f"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 {descriptor} >>"])


_VARIANTS = {
    "descriptor": {},
    "no-ascent-descent": {"descriptor": "/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /StemV 93"},
    "bare-descriptor": {"descriptor": ""},
    "no-widths": {"widths": ""},
}

# run in a child so that PDFium's font list can be replaced before it reads anything:
# ``no-system-fonts`` gives PDFium a system-font interface that has no fonts at all
# (the machine without fonts-noto-cjk or any CJK font), ``system`` leaves the machine's
_FONT_CHILD = """
import ctypes, json, sys
sys.path.insert(0, {root!r})
if {hide!r}:
    import pypdfium2.raw as R
    F = dict(R.FPDF_SYSFONTINFO._fields_)
    info = R.FPDF_SYSFONTINFO()
    info.version = 1
    keep = dict(Release=F["Release"](lambda *a: None), EnumFonts=F["EnumFonts"](lambda *a: None),
                MapFont=F["MapFont"](lambda *a: None), GetFont=F["GetFont"](lambda *a: None),
                GetFontData=F["GetFontData"](lambda *a: 0), GetFaceName=F["GetFaceName"](lambda *a: 0),
                GetFontCharset=F["GetFontCharset"](lambda *a: 0), DeleteFont=F["DeleteFont"](lambda *a: None))
    for k, v in keep.items():
        setattr(info, k, v)
    R.FPDF_SetSystemFontInfo(ctypes.byref(info))
from extractor.readers import read
from extractor.readers.limits import ReadLimits
from jxcheck.pipeline import check_file
from rules.config import DEFAULT
out = {{}}
for path in {paths!r}:
    limits = ReadLimits(pdf_engine={engine!r})
    r = check_file(path, DEFAULT, limits=limits)
    out[path] = [r.status, read(path, limits).text, sorted((f.rule, f.message) for f in r.findings)]
print(json.dumps(out, ensure_ascii=False))
"""


def _read_in_child(paths: list[str], engine: str, hide_fonts: bool) -> dict:
    import json
    import subprocess
    import sys

    code = _FONT_CHILD.format(root=str(ROOT), hide=hide_fonts, paths=paths, engine=engine)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-800:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_unembedded_cjk_fonts_read_alike_with_and_without_system_fonts(tmp_path):
    """pdfminer never uses system fonts (its result is the machine-independent reference);
    PDFium substitutes from the machine's fonts. Both PDFium runs — with the machine's
    fonts (CI installs fonts-noto-cjk, .ci/run) and with none at all — must give the
    reference's text and findings."""
    import subprocess

    paths = []
    for name, kw in _VARIANTS.items():
        p = tmp_path / f"{name}.pdf"
        p.write_bytes(cjk_table_pdf(**kw))
        paths.append(str(p))
    ref = _read_in_child(paths, "pdfplumber", False)
    for path in paths:
        status, text, findings = ref[path]
        assert status == "ok" and "（万元）" in text and "金额单位：万元" in text, (path, text)
        assert any("70.00%" in m for _, m in findings), (path, findings)  # the planted contradiction is found
    has_cjk = b"CJK" in subprocess.run(["fc-list"], capture_output=True).stdout if _which("fc-list") else False
    for hide in (False, True):
        got = _read_in_child(paths, "pdfium", hide)
        for path in paths:
            assert got[path] == ref[path], (path, "no system fonts" if hide else f"system fonts (CJK: {has_cjk})")


def _which(cmd: str) -> bool:
    import shutil

    return shutil.which(cmd) is not None
