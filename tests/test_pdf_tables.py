"""``pdf_pdfium.intersections_to_cells`` finds the cells pdfplumber's own finds, in the
same order (issue 15 replaced pdfplumber's quadratic scan), and ``find_tables`` the
same tables as pdfplumber's ``TableFinder``: on every page of the PDFs at hand, on
crafted pages and on random grids."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.table import TableFinder, edges_to_intersections
from pdfplumber.table import intersections_to_cells as plumber_cells
from test_pdf_chars import REAL
from test_pdf_engines import _page_pdf

from extractor.readers import pdf_pdfium as P


def _pages(path: Path):
    doc = pdfium.PdfDocument(str(path))
    try:
        for page in doc:
            geo = P.Geometry(page)
            edge_list, _ = P.edges(page, geo)
            page.close()
            yield edge_list, geo
    finally:
        doc.close()


def _same(edge_list: list[dict], width: float, height: float) -> int:
    page = SimpleNamespace(edges=edge_list, bbox=(0, 0, width, height))
    ref = TableFinder(page)
    assert P.intersections_to_cells(ref.intersections) == plumber_cells(ref.intersections) == ref.cells
    got = P.find_tables(edge_list, width, height)
    assert [t.cells for t in got] == [t.cells for t in ref.tables]
    assert [t.bbox for t in got] == [t.bbox for t in ref.tables]
    return len(ref.cells)


@pytest.mark.parametrize("path", REAL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_pages(path: Path) -> None:
    for edge_list, geo in _pages(path):
        if edge_list:
            _same(edge_list, geo.width, geo.height)


def test_real_pages_have_cells() -> None:
    assert sum(_same(e, g.width, g.height) for p in REAL[:6] for e, g in _pages(p) if e) > 0


@pytest.mark.parametrize("kw", [{}, {"table": "lines"}, {"in_form": True}, {"rotate": 90}],
                         ids=lambda kw: "-".join(f"{k}={v}" for k, v in kw.items()) or "plain")
def test_crafted_pages(tmp_path: Path, kw: dict) -> None:
    for edge_list, geo in _pages(_page_pdf(tmp_path, "page", **kw)):
        assert _same(edge_list, geo.width, geo.height) == 12


def _edge(o: str, x0: float, top: float, length: float) -> dict:
    if o == "h":
        return {"orientation": "h", "x0": x0, "x1": x0 + length, "top": top, "bottom": top, "width": length,
                "height": 0, "object_type": "line", "doctop": top, "y0": 800 - top, "y1": 800 - top}
    return {"orientation": "v", "x0": x0, "x1": x0, "top": top, "bottom": top + length, "width": 0, "height": length,
            "object_type": "line", "doctop": top, "y0": 800 - top - length, "y1": 800 - top}


_coord = st.integers(0, 12).map(lambda k: k * 10.0)
_edges = st.lists(st.tuples(st.sampled_from("hv"), _coord, _coord, st.integers(1, 8).map(lambda k: k * 10.0)),
                  max_size=40)


@settings(max_examples=300, deadline=None)
@given(_edges)
def test_random_grids(spec: list) -> None:
    """Gaps, overhangs, merged cells, lines that almost meet: whatever the grid, the same cells."""
    edge_list = [_edge(*e) for e in spec]
    inter = edges_to_intersections(edge_list, 3, 3)
    assert P.intersections_to_cells(inter) == plumber_cells(inter)
    if edge_list:
        _same(edge_list, 600.0, 800.0)
