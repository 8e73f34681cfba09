"""Typed read errors: one clear line for the user, a stable code for scripts."""
from __future__ import annotations


class ReadError(Exception):
    """A file that cannot be checked. ``code`` is stable; ``reason`` is a one-line
    message in Chinese a clerk understands (加密的 PDF, 文件已损坏 …)."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason

    def __str__(self) -> str:
        return self.reason
