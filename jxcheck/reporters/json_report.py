"""The findings contract (shared/findings-contract.md), version 1.
Schema: jxcheck/schema/findings-v1.json.

Streamed: each file's entry is written as it arrives and only running totals
are kept, so a batch of any size is written in constant memory. The bytes are
exactly those of ``json.dump(document, indent=2)``.
"""
from __future__ import annotations

import json
from typing import IO, Any

from ..result import FileResult, add, summary
from .common import Statistics
from .common import statistics as batch_statistics


def _summary(s: dict[str, int], hidden: int) -> dict[str, int]:
    return {"files": s["files"], "errors": s["errors"], "warnings": s["warnings"], "infos": s["infos"],
            "unreadable": s["unreadable"], "unassessed": s["unassessed"], "hidden": hidden,
            "rule_failed": s["rule_failed"], "skipped": s["skipped"]}


def document(results: list[FileResult], hidden: int = 0, statistics: bool = False) -> dict[str, Any]:
    doc: dict[str, Any] = {"version": 1, "files": [r.to_dict() for r in results]}
    if statistics:
        doc["statistics"] = batch_statistics(results)
    doc["summary"] = _summary(summary(results), hidden)
    return doc


class Reporter:
    def __init__(self, stream: IO[str], *, statistics: bool = False, **_: Any) -> None:
        self.stream = stream
        self.hidden = 0
        self.totals = summary([])
        self.stats = Statistics() if statistics else None  # --statistics: "statistics" before "summary"

    def start(self) -> None:
        self.stream.write('{\n  "version": 1,\n  "files": [')

    def file(self, r: FileResult) -> None:
        first = self.totals["files"] == 0
        add(self.totals, r)
        if self.stats is not None:
            self.stats.add(r)
        body = json.dumps(r.to_dict(), ensure_ascii=False, indent=2).replace("\n", "\n    ")
        self.stream.write(("\n    " if first else ",\n    ") + body)

    def finish(self) -> None:
        close = "]" if self.totals["files"] == 0 else "\n  ]"
        if self.stats is not None:
            st = json.dumps(self.stats.result(), ensure_ascii=False, indent=2).replace("\n", "\n  ")
            close += f',\n  "statistics": {st}'
        s = json.dumps(_summary(self.totals, self.hidden), ensure_ascii=False, indent=2).replace("\n", "\n  ")
        self.stream.write(f'{close},\n  "summary": {s}\n}}\n')


def render(results: list[FileResult], stream: IO[str], *, hidden: int = 0, statistics: bool = False,
           **_: object) -> None:
    rep = Reporter(stream, statistics=statistics)
    rep.hidden = hidden
    rep.start()
    for r in results:
        rep.file(r)
    rep.finish()
