"""The findings contract (shared/findings-contract.md), version 1.
Schema: jxcheck/schema/findings-v1.json."""
from __future__ import annotations

import json
from typing import IO, Any

from ..result import FileResult, summary


def document(results: list[FileResult], hidden: int = 0) -> dict[str, Any]:
    s = summary(results)
    return {
        "version": 1,
        "files": [r.to_dict() for r in results],
        "summary": {"files": s["files"], "errors": s["errors"], "warnings": s["warnings"],
                    "infos": s["infos"], "unreadable": s["unreadable"], "hidden": hidden},
    }


def render(results: list[FileResult], stream: IO[str], *, hidden: int = 0, **_: object) -> None:
    json.dump(document(results, hidden), stream, ensure_ascii=False, indent=2)
    stream.write("\n")
