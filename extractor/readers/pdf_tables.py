"""Ruled tables from a page's edges: pdfplumber's ``TableFinder`` with its default
settings (the ``lines`` strategy), computed as pdfplumber computes it, without
importing pdfplumber (issue 15: its import, with pdfminer's layout modules, was the
largest of a cold PDF check after the analysis; its cell search was quadratic).

The steps and their floating-point operations are pdfplumber 0.11's, in its order:
edges from lines, rectangles and curves (``obj_to_edges``); edges shorter than 1 pt
dropped; vertical edges snapped to the mean x0 of their cluster and horizontal ones
to the mean top (3 pt, values chained as ``cluster_list`` does); collinear edges
joined across gaps up to 3 pt; edges shorter than 3 pt dropped; intersections within
3 pt; the smallest cell at each intersection; cells grouped into tables by shared
corners, tables of one cell dropped. ``tests/test_pdf_tables.py`` checks cells and
tables against pdfplumber's own on every page at hand, crafted pages and random
grids; ``tests/test_pdf_chars.py`` the edges.
"""
from __future__ import annotations

from operator import itemgetter

SNAP = JOIN = INTERSECTION = 3  # pdfplumber's DEFAULT_SNAP_TOLERANCE, DEFAULT_JOIN_TOLERANCE, intersection_tolerance
EDGE_MIN_LENGTH, EDGE_MIN_LENGTH_PREFILTER = 3, 1

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


# -- edges of painted objects (pdfplumber.utils.obj_to_edges) ------------------------------


def obj_to_edges(obj: dict) -> list[dict]:
    kind = obj["object_type"]
    if "_edge" in kind:
        return [obj]
    if kind == "line":
        edge = dict(obj)
        edge["orientation"] = "h" if obj["top"] == obj["bottom"] else "v"
        return [edge]
    if kind == "rect":
        top, bottom, left, right = (dict(obj) for _ in range(4))
        top.update({"object_type": "rect_edge", "height": 0, "y0": obj["y1"], "bottom": obj["top"], "orientation": "h"})
        bottom.update({"object_type": "rect_edge", "height": 0, "y1": obj["y0"], "top": obj["top"] + obj["height"],
                       "doctop": obj["doctop"] + obj["height"], "orientation": "h"})
        left.update({"object_type": "rect_edge", "width": 0, "x1": obj["x0"], "orientation": "v"})
        right.update({"object_type": "rect_edge", "width": 0, "x0": obj["x1"], "orientation": "v"})
        return [top, bottom, left, right]
    if kind == "curve":
        pts = obj["pts"]
        return [{"object_type": "curve_edge", "x0": min(p0[0], p1[0]), "x1": max(p0[0], p1[0]),
                 "top": min(p0[1], p1[1]), "doctop": min(p0[1], p1[1]) + (obj["doctop"] - obj["top"]),
                 "bottom": max(p0[1], p1[1]), "width": abs(p0[0] - p1[0]), "height": abs(p0[1] - p1[1]),
                 "orientation": "v" if p0[0] == p1[0] else ("h" if p0[1] == p1[1] else None)}
                for p0, p1 in zip(pts, pts[1:], strict=False)]
    raise KeyError(kind)


# -- merging edges (pdfplumber.table.merge_edges, snap_edges, join_edge_group) -------------


def _long_enough(e: dict, min_length: float) -> bool:
    return e["height" if e["orientation"] == "v" else "width"] >= min_length


def _clusters(values: list[float], tolerance: float) -> dict[float, int]:
    """pdfplumber's make_cluster_dict: each distinct value -> its cluster, clusters of
    sorted values each within ``tolerance`` of the previous one."""
    out: dict[float, int] = {}
    last = None
    k = -1
    for v in sorted(set(values)):
        if last is None or not v <= last + tolerance:
            k += 1
        out[v] = k
        last = v
    return out


def _snap(edges: list[dict], attr: str) -> list[dict]:
    """pdfplumber's snap_objects: every edge moved to the mean ``attr`` of its cluster
    (``x0`` of vertical edges moves ``x0``/``x1``; ``top`` of horizontal ones ``top``/``bottom``)."""
    if not edges:
        return []
    cluster = _clusters([e[attr] for e in edges], SNAP)
    groups: dict[int, list[dict]] = {}
    for e in sorted(edges, key=lambda e: cluster[e[attr]]):  # stable: page order within a cluster
        groups.setdefault(cluster[e[attr]], []).append(e)
    lo, hi = ("x0", "x1") if attr == "x0" else ("top", "bottom")
    out: list[dict] = []
    for k in sorted(groups):
        group = groups[k]
        avg = sum(e[attr] for e in group) / len(group)
        for e in group:
            value = avg - e[attr]
            out.append({**e, lo: e[lo] + value, hi: e[hi] + value})
    return out


def _join(edges: list[dict], orientation: str) -> list[dict]:
    """pdfplumber's join_edge_group: edges on one line joined across gaps up to JOIN."""
    lo, hi, size = ("x0", "x1", "width") if orientation == "h" else ("top", "bottom", "height")
    ordered = sorted(edges, key=itemgetter(lo))
    joined = [ordered[0]]
    for e in ordered[1:]:
        last = joined[-1]
        if e[lo] <= last[hi] + JOIN:
            if e[hi] > last[hi]:  # pdfplumber's resize_object(last, hi, e[hi])
                grown = {**last, hi: e[hi]}
                grown[size] = e[hi] - last[lo] if orientation == "h" else last[size] + (e[hi] - last[hi])
                joined[-1] = grown
        else:
            joined.append(e)
    return joined


def merged_edges(edges: list[dict]) -> list[dict]:
    """TableFinder.get_edges with the ``lines`` strategy: (orientation, position) -> edge list."""
    v = [e for e in edges if e["orientation"] == "v" and _long_enough(e, EDGE_MIN_LENGTH_PREFILTER)]
    h = [e for e in edges if e["orientation"] == "h" and _long_enough(e, EDGE_MIN_LENGTH_PREFILTER)]
    snapped = _snap(v, "x0") + _snap(h, "top")
    groups: dict[tuple[str, float], list[dict]] = {}
    for e in snapped:
        key = ("h", e["top"]) if e["orientation"] == "h" else ("v", e["x0"])
        groups.setdefault(key, []).append(e)
    out: list[dict] = []
    for key in sorted(groups):
        out.extend(_join(groups[key], key[0]))
    return [e for e in out if _long_enough(e, EDGE_MIN_LENGTH)]


# -- intersections, cells, tables ----------------------------------------------------------


def intersections(edges: list[dict]) -> dict[tuple[float, float], dict[str, list[dict]]]:
    """pdfplumber's edges_to_intersections: (x, top) -> the vertical and horizontal edges
    meeting there, within INTERSECTION."""
    tol = INTERSECTION
    out: dict[tuple[float, float], dict[str, list[dict]]] = {}
    hs = sorted((e for e in edges if e["orientation"] == "h"), key=itemgetter("top", "x0"))
    for v in sorted((e for e in edges if e["orientation"] == "v"), key=itemgetter("x0", "top")):
        vx, vtop, vbottom = v["x0"], v["top"], v["bottom"]
        for h in hs:
            htop = h["top"]
            if vtop <= htop + tol and vbottom >= htop - tol and vx >= h["x0"] - tol and vx <= h["x1"] + tol:
                at = out.get((vx, htop))
                if at is None:
                    at = out[(vx, htop)] = {"v": [], "h": []}
                at["v"].append(v)
                at["h"].append(h)
    return out


def cells(points: dict) -> list[Box]:
    """pdfplumber's intersections_to_cells, the same cells in the same order, without its
    quadratic scans: for each point (sorted), the points below and to the right come
    from its column and row, each point's edges are turned into bounding-box sets once,
    and whether it connects to a point on its right is decided once, not once per point
    below."""
    order = sorted(points)
    v_sets = {p: {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in d["v"]} for p, d in points.items()}
    h_sets = {p: {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in d["h"]} for p, d in points.items()}
    # pdfplumber's edge_connects(p, q) shares a vertical edge when p and q share x, a
    # horizontal one when they share y; below/right/corner pairs each share exactly one
    columns: dict[float, list[tuple]] = {}
    rows: dict[float, list[tuple]] = {}
    at: dict[tuple, tuple[int, int]] = {}  # point -> (index in its column, in its row)
    for p in order:  # in sorted order: a column's points by y, a row's by x
        col, row = columns.setdefault(p[0], []), rows.setdefault(p[1], [])
        at[p] = (len(col), len(row))
        col.append(p)
        row.append(p)
    out: list[Box] = []
    for pt in order:
        i, j = at[pt]
        below, right = columns[pt[0]][i + 1:], rows[pt[1]][j + 1:]
        if not below or not right:
            continue
        v, h = v_sets[pt], h_sets[pt]
        right_ok = None
        found = None
        for below_pt in below:
            if v.isdisjoint(v_sets[below_pt]):
                continue
            if right_ok is None:
                right_ok = [q for q in right if not h.isdisjoint(h_sets[q])]
            below_h = h_sets[below_pt]
            for right_pt in right_ok:
                corner = (right_pt[0], below_pt[1])
                if corner in points and not v_sets[corner].isdisjoint(v_sets[right_pt]) \
                        and not h_sets[corner].isdisjoint(below_h):
                    found = (pt[0], pt[1], corner[0], corner[1])
                    break
            if found is not None:
                break
        if found is not None:
            out.append(found)
    return out


def cells_to_tables(cell_list: list[Box]) -> list[list[Box]]:
    """pdfplumber's cells_to_tables: sweeps over the remaining cells, each joining the
    table being built when it shares a corner with it, until a sweep adds none; tables
    sorted by their top-left cell, one-cell tables dropped."""
    remaining = list(cell_list)
    corners_of = {c: ((c[0], c[1]), (c[0], c[3]), (c[2], c[1]), (c[2], c[3])) for c in remaining}
    corners: set[tuple[float, float]] = set()
    current: list[Box] = []
    tables: list[list[Box]] = []
    while remaining:
        before = len(current)
        keep = []
        for cell in remaining:
            cc = corners_of[cell]
            if not current or not corners.isdisjoint(cc):
                corners.update(cc)
                current.append(cell)
            else:
                keep.append(cell)
        remaining = keep
        if len(current) == before:
            tables.append(list(current))
            corners.clear()
            current.clear()
    if current:
        tables.append(list(current))
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


class Table:
    """What the reader uses of pdfplumber's ``Table``: its cells and their bounding box."""

    __slots__ = ("bbox", "cells")

    def __init__(self, cell_list: list[Box]) -> None:
        self.cells = cell_list
        self.bbox = (min(c[0] for c in cell_list), min(c[1] for c in cell_list),
                     max(c[2] for c in cell_list), max(c[3] for c in cell_list))


def find_tables(edges: list[dict]) -> list[Table]:
    """The ruled tables of a page with these edges (pdfplumber's ``TableFinder(page).tables``)."""
    if not edges:
        return []
    return [Table(t) for t in cells_to_tables(cells(intersections(merged_edges(edges))))]
