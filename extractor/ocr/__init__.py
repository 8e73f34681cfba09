"""OCR for scanned pages (optional extra: ``pip install 'jxcheck[ocr]'``).

Engine: RapidOCR (``rapidocr-onnxruntime``), PaddleOCR's PP-OCRv4 Chinese
detection and recognition models converted to ONNX and shipped *inside the
wheel* — nothing is downloaded at run time. Everything here is imported
lazily: without the extra, :func:`available` is False and readers raise
``ReadError("scanned", MISSING_REASON)``.

Public API: :func:`available`, :data:`MISSING_REASON`, :func:`read_page`
(one page image → characters with boxes and confidence, and table cells),
:func:`fix_confusions`.
"""
from __future__ import annotations

from importlib.util import find_spec

from .fix import fix_confusions

__all__ = ["EXTRA", "MISSING_REASON", "available", "fix_confusions", "read_page"]

EXTRA = "pip install 'jxcheck[ocr]'"
MISSING_REASON = f"扫描件无文字层：安装 OCR 扩展后可识别（{EXTRA}）"


def available() -> bool:
    """Is the OCR engine installed (with numpy and OpenCV, which it brings)?"""
    return all(find_spec(m) is not None for m in ("rapidocr_onnxruntime", "numpy", "cv2"))


def read_page(image):  # noqa: ANN001, ANN201 - PIL.Image in, page.OcrPage out (lazy types)
    from .page import read_page as _read_page

    return _read_page(image)
