"""Image files (PNG, JPEG, TIFF — a multi-page TIFF is one report): read by OCR.

The pages are wrapped as an image-only PDF at their own resolution and read
by the PDF reader, whose OCR path does the rest (lines, paragraphs, ruled
tables, confidence). Without the OCR extra the file is reported as a scan
with the extra to install.
"""
from __future__ import annotations

import dataclasses
import os
import re
import tempfile
import warnings

from ..errors import ReadError
from ..model import Document
from ..ocr import MISSING_REASON, available
from .limits import DEFAULT_LIMITS, ReadLimits

_DEFAULT_DPI = 200.0


def _too_large(w: int, h: int, limit: int, where: str = "") -> ReadError:
    return ReadError("too-large", f"图片{where}过大（{w * h} 像素，上限 {limit // 1_000_000} 百万像素），未识别")


def _open(path: str, limits: ReadLimits):
    """The image, its frame count and its resolution, from the headers only: every
    frame's pixel size is checked before any pixel is decoded (a 30000×30000 PNG is
    900 MB decoded; a TIFF of 40 frames of 9000×9000, 3.2 GB)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():  # Pillow's DecompressionBombWarning: the limit is ours
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(path)
        n = getattr(im, "n_frames", 1)
        if n > limits.max_pages:
            raise ReadError("too-many-pages", f"页数过多（{n} 页，上限 {limits.max_pages} 页）")
        for i in range(n):
            im.seek(i)
            w, h = im.size
            if w * h > limits.max_image_pixels:
                raise _too_large(w, h, limits.max_image_pixels, f"第 {i + 1} 页" if n > 1 else "")
        im.seek(0)
    except Image.DecompressionBombError as e:  # over Pillow's own cap (2 × 89 million pixels), at open
        m = re.search(r"\((\d+) pixels\)", str(e))
        raise ReadError("too-large", f"图片过大（{m.group(1) if m else '超过 1.79 亿'} 像素，上限 "
                                     f"{limits.max_image_pixels // 1_000_000} 百万像素），未识别") from e
    except (UnidentifiedImageError, OSError, ValueError, EOFError, SyntaxError) as e:
        raise ReadError("corrupt", "文件已损坏或格式不符（无法读取图片）") from e
    dpi = im.info.get("dpi") or (_DEFAULT_DPI, _DEFAULT_DPI)
    try:
        res = float(dpi[0]) or _DEFAULT_DPI
    except (TypeError, ValueError, IndexError):
        res = _DEFAULT_DPI
    if res < 100:  # 72/96 "dpi" is a screen default, not a scan resolution
        res = _DEFAULT_DPI
    return im, n, res


def _to_pdf(im, n: int, res: float, tmp: str) -> None:
    """The frames as pages of an image-only PDF, one frame decoded at a time."""
    try:
        for i in range(n):
            im.seek(i)
            im.convert("L").save(tmp, "PDF", append=i > 0, resolution=res)
    except (OSError, ValueError, EOFError, SyntaxError) as e:
        raise ReadError("corrupt", "文件已损坏或格式不符（无法读取图片）") from e


def read(path: str, limits: ReadLimits | None = None) -> Document:  # size is checked by readers.read
    limits = limits or DEFAULT_LIMITS
    im, n, res = _open(path, limits)
    with im:
        if not n:
            raise ReadError("empty", "图片中没有页面")
        if not available():
            raise ReadError("scanned", MISSING_REASON.replace("扫描件无文字层", "图片文件"))
        from . import pdf

        fd, tmp = tempfile.mkstemp(suffix=".pdf", prefix="jxcheck-img-")
        os.close(fd)
        try:
            _to_pdf(im, n, res, tmp)
            out = pdf.read(tmp, limits)
        finally:
            os.unlink(tmp)
    return dataclasses.replace(out, path=path, format="image")
