"""Image files (PNG, JPEG, TIFF — a multi-page TIFF is one report): read by OCR.

The pages are wrapped as an image-only PDF at their own resolution and read
by the PDF reader, whose OCR path does the rest (lines, paragraphs, ruled
tables, confidence). Without the OCR extra the file is reported as a scan
with the extra to install.
"""
from __future__ import annotations

import dataclasses
import os
import tempfile

from ..errors import ReadError
from ..model import Document
from ..ocr import MISSING_REASON, available
from .limits import DEFAULT_LIMITS, ReadLimits

_DEFAULT_DPI = 200.0
_MAX_PAGES = 500


def _pages(path: str):
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        im = Image.open(path)
        frames = []
        for i, frame in enumerate(ImageSequence.Iterator(im)):
            if i >= _MAX_PAGES:
                break
            frames.append(frame.convert("L"))
    except (UnidentifiedImageError, OSError, ValueError) as e:
        raise ReadError("corrupt", "文件已损坏或格式不符（无法读取图片）") from e
    dpi = im.info.get("dpi") or (_DEFAULT_DPI, _DEFAULT_DPI)
    try:
        res = float(dpi[0]) or _DEFAULT_DPI
    except (TypeError, ValueError, IndexError):
        res = _DEFAULT_DPI
    if res < 100:  # 72/96 "dpi" is a screen default, not a scan resolution
        res = _DEFAULT_DPI
    return frames, res


def read(path: str, limits: ReadLimits | None = None) -> Document:  # size is checked by readers.read
    frames, res = _pages(path)
    if not frames:
        raise ReadError("empty", "图片中没有页面")
    if not available():
        raise ReadError("scanned", MISSING_REASON.replace("扫描件无文字层", "图片文件"))
    from . import pdf

    fd, tmp = tempfile.mkstemp(suffix=".pdf", prefix="jxcheck-img-")
    os.close(fd)
    try:
        frames[0].save(tmp, "PDF", save_all=True, append_images=frames[1:], resolution=res)
        out = pdf.read(tmp, limits or DEFAULT_LIMITS)
    finally:
        os.unlink(tmp)
    return dataclasses.replace(out, path=path, format="image")
