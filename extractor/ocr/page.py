"""One page image → OCR characters (boxes, confidence) and table cells.

1. Deskew: the angle (±3°) that makes the rows of dark pixels sharpest.
2. Tables: ruling lines are the long horizontal/vertical dark runs; the
   regions they enclose (connected components of the rest) are the cells, a
   merged cell being one region. A region is a cell only inside a grid.
3. OCR: RapidOCR text lines with a box per character; every character takes
   the confidence of its text line, and the confusion fixer is applied per line.

Coordinates are pixels of the deskewed image; the caller scales them.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from .fix import fix_confusions

_ENGINE = None
_LOCK = threading.Lock()


@dataclass
class OcrChar:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float
    cell: int | None = None  # index into OcrPage.cells


@dataclass
class OcrPage:
    width: int
    height: int
    angle: float  # degrees the scan was turned back
    chars: list[OcrChar] = field(default_factory=list)
    # table cells: (x0, top, x1, bottom) boxes of ruled regions, grouped by table
    tables: list[list[tuple[int, int, int, int]]] = field(default_factory=list)


def _engine():
    global _ENGINE
    with _LOCK:
        if _ENGINE is None:
            from rapidocr_onnxruntime import RapidOCR

            _ENGINE = RapidOCR(params={"Global.use_cls": False, "Global.print_verbose": False})
        return _ENGINE


def _dark(gray: np.ndarray) -> np.ndarray:
    # Otsu-like fixed threshold is enough for scans of black print on paper
    return gray < 150


def _skew_angle(gray: np.ndarray) -> float:
    small = Image.fromarray(gray).reduce(4) if min(gray.shape) > 800 else Image.fromarray(gray)
    inv = Image.fromarray(255 - np.asarray(small))
    best, best_score = 0.0, -1.0
    for a10 in range(-30, 31, 1):
        a = a10 / 10
        rows = np.asarray(inv.rotate(a, resample=Image.NEAREST), dtype=np.float32).sum(axis=1)
        score = float(np.square(np.diff(rows)).sum())
        if score > best_score:
            best, best_score = a, score
    return best


def _rules(dark: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    import cv2

    img = dark.astype(np.uint8) * 255
    h, w = img.shape
    hk = cv2.getStructuringElement(cv2.MORPH_RECT, (max(20, w // 30), 1))
    vk = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(20, h // 60)))
    horiz = cv2.morphologyEx(img, cv2.MORPH_OPEN, hk)
    vert = cv2.morphologyEx(img, cv2.MORPH_OPEN, vk)
    # close small gaps left by noise along a rule
    horiz = cv2.dilate(horiz, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 3)))
    vert = cv2.dilate(vert, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 9)))
    return horiz > 0, vert > 0


def find_tables(gray: np.ndarray) -> tuple[list[list[tuple[int, int, int, int]]], np.ndarray]:
    """Ruled tables: per table, its cell boxes; and a label image (cell id + 1 per pixel, 0 elsewhere)."""
    import cv2

    horiz, vert = _rules(_dark(gray))
    grid = (horiz | vert).astype(np.uint8)
    labels_out = np.zeros(gray.shape, dtype=np.int32)
    tables: list[list[tuple[int, int, int, int]]] = []
    n, glabels, gstats, _ = cv2.connectedComponentsWithStats(grid, connectivity=8)
    cell_id = 0
    for g in range(1, n):
        x, y, w, h, _area = gstats[g]
        if w < gray.shape[1] // 5 or h < 40:
            continue
        # both kinds of rule must be present: a lone underline is no table
        gmask = glabels[y : y + h, x : x + w] == g
        if not (horiz[y : y + h, x : x + w] & gmask).any() or not (vert[y : y + h, x : x + w] & gmask).any():
            continue
        inside = (~gmask).astype(np.uint8)
        m, clabels, cstats, _ = cv2.connectedComponentsWithStats(inside, connectivity=4)
        cells: list[tuple[int, int, int, int]] = []
        for c in range(1, m):
            cx, cy, cw, ch, carea = cstats[c]
            # a region touching the grid's bounding box is outside the table
            if cx == 0 or cy == 0 or cx + cw >= w or cy + ch >= h:
                continue
            if cw < 8 or ch < 8 or carea < 0.5 * cw * ch:
                continue
            labels_out[y : y + h, x : x + w][clabels == c] = cell_id + 1
            cells.append((int(x + cx), int(y + cy), int(x + cx + cw), int(y + cy + ch)))
            cell_id += 1
        if len(cells) >= 2:
            tables.append(cells)
        else:
            labels_out[labels_out > cell_id - len(cells)] = 0
            cell_id -= len(cells)
    return tables, labels_out


def _cell_at(labels: np.ndarray, x: float, y: float) -> int | None:
    h, w = labels.shape
    xi, yi = int(min(max(x, 0), w - 1)), int(min(max(y, 0), h - 1))
    v = labels[yi, xi]
    if v == 0:
        win = labels[max(0, yi - 4) : yi + 5, max(0, xi - 4) : xi + 5]
        nz = win[win > 0]
        if nz.size == 0:
            return None
        v = int(np.bincount(nz).argmax())
    return int(v) - 1


def _chars_of(line_box, text: str, word_boxes, conf: float) -> list[OcrChar]:
    text = fix_confusions(text)
    pts = np.asarray(line_box, dtype=np.float32)
    x0, x1 = float(pts[:, 0].min()), float(pts[:, 0].max())
    top, bottom = float(pts[:, 1].min()), float(pts[:, 1].max())
    visible = [c for c in text if not c.isspace()]
    out: list[OcrChar] = []
    if word_boxes is not None and len(word_boxes) == len(visible):
        for ch, wb in zip(visible, word_boxes, strict=True):
            wp = np.asarray(wb, dtype=np.float32)
            out.append(OcrChar(ch, float(wp[:, 0].min()), top, float(wp[:, 0].max()), bottom, conf))
        return out
    # no usable per-character boxes: spread the characters evenly over the line
    n = max(1, len(visible))
    step = (x1 - x0) / n
    for i, ch in enumerate(visible):
        out.append(OcrChar(ch, x0 + i * step, top, x0 + (i + 1) * step, bottom, conf))
    return out


def read_page(image: Image.Image) -> OcrPage:
    gray = np.asarray(image.convert("L"))
    angle = _skew_angle(gray)
    if abs(angle) >= 0.1:
        gray = np.asarray(Image.fromarray(gray).rotate(angle, resample=Image.BICUBIC, fillcolor=255))
    page = OcrPage(width=gray.shape[1], height=gray.shape[0], angle=angle)
    page.tables, labels = find_tables(gray)
    rgb = np.ascontiguousarray(np.stack([gray] * 3, axis=-1))
    result, _ = _engine()(rgb, use_cls=False, return_word_box=True)
    for item in result or []:
        box, text, conf = item[0], item[1], float(item[2])
        words = item[3] if len(item) > 3 else None
        for ch in _chars_of(box, text, words, conf):
            if page.tables:
                ch.cell = _cell_at(labels, (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2)
            page.chars.append(ch)
    return page
