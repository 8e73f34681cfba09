"""Reporters only read FileResults.

Each module exposes ``render(results, stream, **opts)`` for a whole batch.
Batch runners feed results as they finish through a ``Reporter``:
``start()``, ``file(result)`` per file, ``finish()``. Streaming formats
(terminal, jsonl) write as each file arrives; the others collect the batch
and render it at ``finish()``.

Modules are imported lazily: ``jxcheck --help`` must not pay for openpyxl.
"""
from __future__ import annotations

from importlib import import_module
from typing import IO, Any

# --format value -> module in this package, and whether it writes bytes
FORMATS: dict[str, tuple[str, bool]] = {
    "text": ("terminal", False),
    "json": ("json_report", False),
    "jsonl": ("jsonl", False),
    "csv": ("csv_report", False),
    "xlsx": ("xlsx", True),
    "html": ("html_report", False),
    "sarif": ("sarif", False),
}


def module(fmt: str) -> Any:
    return import_module(f"{__name__}.{FORMATS[fmt][0]}")


def is_binary(fmt: str) -> bool:
    return FORMATS[fmt][1]


class Reporter:
    """Collects the batch and renders it at ``finish()``. Streaming formats
    override ``file``. ``opts`` go to ``render``; ``hidden`` (findings waived by
    a baseline) may be set before ``finish()``."""

    def __init__(self, render: Any, stream: IO[Any], **opts: Any) -> None:
        self._render = render
        self.stream = stream
        self.opts = opts
        self.results: list[Any] = []
        self.hidden = 0

    def start(self) -> None:
        pass

    def file(self, result: Any) -> None:
        self.results.append(result)

    def finish(self) -> None:
        self._render(self.results, self.stream, hidden=self.hidden, **self.opts)


def reporter(fmt: str, stream: IO[Any], **opts: Any) -> Reporter:
    """The streaming reporter for a format (a module may define its own ``Reporter``)."""
    mod = module(fmt)
    cls = getattr(mod, "Reporter", None)
    if cls is not None:
        return cls(stream, **opts)
    return Reporter(mod.render, stream, **opts)
