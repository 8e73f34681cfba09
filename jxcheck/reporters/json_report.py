"""The findings contract (shared/findings-contract.md), version 1."""
from __future__ import annotations

import json
from typing import IO

from ..result import FileResult, summary


def document(results: list[FileResult]) -> dict:
    s = summary(results)
    return {
        "version": 1,
        "files": [r.to_dict() for r in results],
        "summary": {"files": s["files"], "errors": s["errors"], "warnings": s["warnings"],
                    "infos": s["infos"], "unreadable": s["unreadable"]},
    }


def render(results: list[FileResult], stream: IO[str], **_: object) -> None:
    json.dump(document(results), stream, ensure_ascii=False, indent=2)
    stream.write("\n")
