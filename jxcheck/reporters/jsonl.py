"""One line per file, written and flushed as each file finishes: for batches too
big to hold, and for scripts that read as the batch runs. Each line is one
``files[]`` entry of the findings contract, with ``"version": 1``; there is no
summary line (every line has the same shape)."""
from __future__ import annotations

import json
from typing import IO, Any

from ..result import FileResult


def line(r: FileResult) -> str:
    return json.dumps({"version": 1, **r.to_dict()}, ensure_ascii=False)


class Reporter:
    def __init__(self, stream: IO[str], **_: Any) -> None:
        self.stream = stream
        self.hidden = 0

    def start(self) -> None:
        pass

    def file(self, r: FileResult) -> None:
        self.stream.write(line(r) + "\n")
        self.stream.flush()

    def finish(self) -> None:
        pass


def render(results: list[FileResult], stream: IO[str], **_: Any) -> None:
    rep = Reporter(stream)
    for r in results:
        rep.file(r)
