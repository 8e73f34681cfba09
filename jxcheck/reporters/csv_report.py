"""One row per finding (a file without findings gets one row), columns in
``common.COLUMNS``; checks a rule could not make are rows with severity
``unassessed``. The CLI writes files with a UTF-8 BOM so Excel reads the
Chinese text correctly. A cell that a spreadsheet would read as a formula
(``=``, ``+``, ``-``, ``@``) is written with a leading ``'``. Streamed: rows are written as each file arrives."""
from __future__ import annotations

import csv
from typing import IO, Any

from ..result import FileResult, visible_result
from .common import COLUMNS, cell_text, rows


class Reporter:
    def __init__(self, stream: IO[str], **_: Any) -> None:
        self.writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\r\n")
        self.hidden = 0

    def start(self) -> None:
        self.writer.writeheader()

    def file(self, r: FileResult) -> None:
        # names are data: control characters escaped, formula-like cells quoted
        for row in rows([visible_result(r)]):
            self.writer.writerow({k: "" if v is None else cell_text(v) if isinstance(v, str) else v
                                  for k, v in row.items()})

    def finish(self) -> None:
        pass


def render(results: list[FileResult], stream: IO[str], **_: Any) -> None:
    rep = Reporter(stream)
    rep.start()
    for r in results:
        rep.file(r)
