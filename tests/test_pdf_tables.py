"""``pdf_tables`` (pdfplumber's ``TableFinder`` computed without pdfplumber, issue 15)
finds what pdfplumber finds: the same merged edges' intersections, the same cells in
the same order, the same tables with the same boxes, on every page of the PDFs at
hand, on crafted pages and on random grids (lines, rectangles and curves, positions
close enough to snap and join or just too far); the same edges of every kind of
painted object."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.table import TableFinder, cells_to_tables, edges_to_intersections
from pdfplumber.table import intersections_to_cells as plumber_cells
from pdfplumber.utils import obj_to_edges
from test_pdf_chars import REAL
from test_pdf_engines import _page_pdf

from extractor.readers import pdf_pdfium as P
from extractor.readers import pdf_tables as T


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
    inter = T.intersections(T.merged_edges(edge_list))
    assert inter.keys() == ref.intersections.keys()
    assert T.cells(ref.intersections) == plumber_cells(ref.intersections) == ref.cells == T.cells(inter)
    assert T.cells_to_tables(ref.cells) == cells_to_tables(ref.cells)
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


def _obj(kind: str, x0: float, top: float, w: float, h: float) -> dict:
    """A painted object as pdf_pdfium._obj makes it (page height 800)."""
    pts = {"line": [(x0, top), (x0 + w, top + h)], "rect": [(x0, top), (x0 + w, top + h)],
           "curve": [(x0, top), (x0 + w, top), (x0 + w, top + h)]}[kind]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    o = {"object_type": kind, "x0": min(xs), "x1": max(xs), "top": min(ys), "bottom": max(ys), "doctop": min(ys),
         "y0": 800 - max(ys), "y1": 800 - min(ys), "width": max(xs) - min(xs), "height": max(ys) - min(ys)}
    if kind == "curve":
        o["pts"] = pts
    return o


# positions on a 10-pt grid, nudged by less than, exactly or just over the 3-pt tolerances
_coord = st.tuples(st.integers(0, 10), st.sampled_from([0, 0.25, 1.5, 2.9, 3.0, 3.1, 4.5, -0.5, -2.9, -3.1])).map(
    lambda t: t[0] * 10.0 + t[1])
_length = st.one_of(st.integers(0, 8).map(lambda k: k * 10.0), st.sampled_from([0.5, 1.0, 2.9, 3.0, 3.2]))
_shape = st.one_of(
    st.tuples(st.just("line"), _coord, _coord, _length, st.just(0.0)),  # horizontal
    st.tuples(st.just("line"), _coord, _coord, st.just(0.0), _length),  # vertical
    st.tuples(st.sampled_from(["rect", "curve"]), _coord, _coord, _length, _length),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_shape, max_size=40))
def test_random_grids(spec: list) -> None:
    """Gaps, overhangs, merged cells, lines that almost meet or snap together: whatever
    the drawing, the same edges, intersections, cells and tables as pdfplumber."""
    objs = [_obj(*o) for o in spec]
    edge_list = [e for o in objs for e in T.obj_to_edges(o)]
    assert edge_list == [e for o in objs for e in obj_to_edges(o)]
    inter = edges_to_intersections(edge_list, 3, 3)
    assert T.cells(inter) == plumber_cells(inter)
    if edge_list:
        _same(edge_list, 600.0, 800.0)


def test_random_grids_find_tables() -> None:
    """The random drawings above are not all empty: a 3 × 3 ruled grid nudged within the
    tolerances is one table of four cells."""
    objs = [_obj("line", 10 + k * 0.7, 10 + 20 * k, 40, 0) for k in range(3)]
    objs += [_obj("line", 10 + 20 * k, 10 - k * 0.9, 0, 40) for k in range(3)]
    edge_list = [e for o in objs for e in T.obj_to_edges(o)]
    assert _same(edge_list, 600.0, 800.0) == 4
    assert len(P.find_tables(edge_list, 600.0, 800.0)) == 1


@pytest.mark.parametrize("gap, n_cells", [(2.9, 2), (3.0, 2), (3.1, 1)])
def test_collinear_lines_join_across_small_gaps(gap: float, n_cells: int) -> None:
    """Two pieces of one ruling line 2.9 or 3 pt apart are one edge (the cell between the
    pieces' verticals exists), 3.1 pt apart two (it does not): as pdfplumber."""
    objs = [_obj("line", 10, y, 20, 0) for y in (10, 30)] + [_obj("line", 30 + gap, y, 30, 0) for y in (10, 30)]
    objs += [_obj("line", x, 10, 0, 20) for x in (10, 20, 50)]
    edge_list = [e for o in objs for e in T.obj_to_edges(o)]
    assert _same(edge_list, 600.0, 800.0) == n_cells
