"""The findings contract (shared/findings-contract.md), version 1.
Schema: jxcheck/schema/findings-v1.json.

Streamed: each file's entry is written as it arrives and only running totals
are kept, so a batch of any size is written in constant memory. The bytes are
exactly those of ``json.dump(document, indent=2)``.
"""
from __future__ import annotations

import json
from json.encoder import encode_basestring  # the C function when the accelerator is built
from typing import IO, Any

from ..result import FileResult, add, summary
from .common import Statistics
from .common import statistics as batch_statistics

_INT, _FLOAT = int.__repr__, float.__repr__
_INF = float("inf")


def _float(o: float) -> str:
    if o != o:
        return "NaN"
    if o == _INF:
        return "Infinity"
    if o == -_INF:
        return "-Infinity"
    return _FLOAT(o)


def _key(k: Any) -> str:
    if isinstance(k, str):
        return encode_basestring(k)
    if k is True or k is False or k is None:
        return '"' + json.dumps(k) + '"'
    if isinstance(k, float):
        return '"' + _float(k) + '"'
    if isinstance(k, int):
        return '"' + _INT(k) + '"'
    raise TypeError(f"keys must be str, int, float, bool or None, not {k.__class__.__name__}")


def dumps(o: Any, nl: str = "\n") -> str:
    """``json.dumps(o, ensure_ascii=False, indent=2).replace("\n", nl)``, byte for byte,
    at about twice its speed: with an indent the standard library runs its pure-Python
    encoder; this builds the same text with the C string encoder and joins."""
    if isinstance(o, str):
        return encode_basestring(o)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if isinstance(o, int):
        return _INT(o)
    if isinstance(o, float):
        return _float(o)
    if isinstance(o, dict):
        if not o:
            return "{}"
        inner = nl + "  "
        return "{" + inner + ("," + inner).join([_key(k) + ": " + dumps(v, inner) for k, v in o.items()]) + nl + "}"
    if isinstance(o, (list, tuple)):
        if not o:
            return "[]"
        inner = nl + "  "
        return "[" + inner + ("," + inner).join([dumps(v, inner) for v in o]) + nl + "]"
    return json.dumps(o, ensure_ascii=False, indent=2).replace("\n", nl)  # what json does with it (TypeError)


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
        body = dumps(r.to_dict(), "\n    ")
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
