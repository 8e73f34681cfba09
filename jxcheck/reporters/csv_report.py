"""One row per finding (a file without findings gets one row), columns in
``common.COLUMNS``. The CLI writes files with a UTF-8 BOM so Excel reads the
Chinese text correctly."""
from __future__ import annotations

import csv
from typing import IO, Any

from ..result import FileResult
from .common import COLUMNS, rows


def render(results: list[FileResult], stream: IO[str], **_: Any) -> None:
    w = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\r\n")
    w.writeheader()
    for row in rows(results):
        w.writerow({k: "" if v is None else v for k, v in row.items()})
