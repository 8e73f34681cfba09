"""The DOCX reader's own package reading (lxml, python-docx's parser settings) gives the
same Document as python-docx's ``docx.Document`` (issue 15): same paragraphs, headings,
tables, cells and locations, on every DOCX in samples/, seeds and corpus, on documents
generated from them by bench/corpus.py, and on crafted packages (no styles part, a style
without a name, built-in heading names, a main part not at word/document.xml)."""
from __future__ import annotations

import random
import sys
import zipfile
from pathlib import Path

import pytest
from hostile_corpus import base_docx, deep_docx, grid_span_docx, huge_table_docx

from extractor.readers import docx as R
from extractor.readers import read

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = [ROOT / "samples", ROOT.parent / "shared" / "seeds", ROOT.parent / "shared" / "corpus" / "docs"]
REAL = sorted(p for d in FOLDERS if d.is_dir() for p in d.glob("*.docx"))


def by_python_docx(path: Path):
    """What the reader built before issue 15: python-docx's body and style map."""
    import docx

    d = docx.Document(str(path))
    styles = {s.style_id: s.name for s in d.styles if s.style_id}
    return R.build(str(path), d.element.body, styles)


def test_there_are_real_docx():
    assert len(REAL) >= 20


@pytest.mark.parametrize("path", REAL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_same_document_as_python_docx(path):
    assert read(path) == by_python_docx(path)


def test_same_document_on_generated_docx(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import make_docx

    srcs = [p for p in REAL if p.parent.name in ("samples", "seeds")]
    make_docx(srcs, tmp_path, 12, random.Random(15))
    files = sorted(tmp_path.glob("*.docx"))
    assert len(files) == 12
    for p in files:
        assert read(p) == by_python_docx(p), p.name


def _rewrite(data: bytes, out: Path, edit) -> Path:
    """Copy a package, letting ``edit(name, bytes)`` change, drop (None) or rename ((new, bytes)) parts."""
    src = out.with_suffix(".src.docx")
    src.write_bytes(data)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for i in zin.infolist():
            got = edit(i.filename, zin.read(i))
            if got is None:
                continue
            name, body = got if isinstance(got, tuple) else (i.filename, got)
            zout.writestr(name, body)
    src.unlink()
    return out


def _docx_with_styles(tmp: Path) -> bytes:
    import docx

    d = docx.Document()
    d.add_heading("一、项目概况", level=1)
    d.add_paragraph("项目预算500.00万元，实际支出388.76万元。")
    d.add_heading("（一）资金情况", level=2)
    d.add_paragraph("标题段落", style="Title")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text, t.cell(1, 0).text = "预算", "500", "执行率"
    p = tmp / "styled.docx"
    d.save(str(p))
    return p.read_bytes()


CRAFTED = {
    "plain": lambda tmp: base_docx(),
    "styled": _docx_with_styles,
    "huge-table": lambda tmp: huge_table_docx(60, 5),
    "deep": lambda tmp: deep_docx(50),
    "grid-span": lambda tmp: grid_span_docx(50, 2),
}


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_same_document_on_crafted_packages(tmp_path, name):
    p = tmp_path / f"{name}.docx"
    p.write_bytes(CRAFTED[name](tmp_path))
    assert read(p) == by_python_docx(p)


def test_no_styles_part_uses_python_docxs_default_styles(tmp_path):
    data = _docx_with_styles(tmp_path)
    def edit(n, b):
        if n == "word/_rels/document.xml.rels":  # the styles relationship made another kind
            return b.replace(b"relationships/styles", b"relationships/customXml")
        return b

    p = _rewrite(data, tmp_path / "nostyles.docx", edit)
    doc = read(p)
    assert doc == by_python_docx(p)
    assert any(b.kind == "heading" for b in doc.blocks)


def test_built_in_heading_names_and_a_style_without_name(tmp_path):
    def edit(n, b):
        if n == "word/styles.xml":
            # 'heading 2' is Word's internal name of Heading 2; a style may lack w:name
            b = b.replace(b'w:val="Heading 2"', b'w:val="heading 2"')
            b = b.replace(b'<w:name w:val="Title"/>', b"")
        return b

    p = _rewrite(_docx_with_styles(tmp_path), tmp_path / "names.docx", edit)
    assert read(p).blocks[:3] == by_python_docx_lenient(p).blocks[:3]


def by_python_docx_lenient(path: Path):
    import docx

    d = docx.Document(str(path))
    styles = {s.style_id: (s.name if s.name is not None else s.style_id) for s in d.styles if s.style_id}
    return R.build(str(path), d.element.body, styles)


def test_main_part_found_by_relationship(tmp_path):
    """python-docx follows _rels/.rels to the main part; so does the reader."""
    def edit(n, b):
        if n == "word/document.xml":
            return ("word/main.xml", b)
        if n == "_rels/.rels":
            return b.replace(b"word/document.xml", b"word/main.xml")
        if n == "[Content_Types].xml":
            return b.replace(b"/word/document.xml", b"/word/main.xml")
        if n == "word/_rels/document.xml.rels":
            return ("word/_rels/main.xml.rels", b)
        return b

    p = _rewrite(_docx_with_styles(tmp_path), tmp_path / "moved.docx", edit)
    with zipfile.ZipFile(p, "a") as z:  # the reader's sniff still wants a word/document.xml
        z.writestr("word/document.xml", b"<x/>")
    assert read(p) == by_python_docx(p)


def test_not_a_word_document_content_type(tmp_path):
    from extractor.errors import ReadError

    p = _rewrite(base_docx(), tmp_path / "macro.docx", lambda n, b: b.replace(
        b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml") if n == "[Content_Types].xml" else b)
    with pytest.raises(ReadError) as e:
        read(p)
    assert e.value.code == "not-docx"
