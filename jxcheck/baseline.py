"""Waivers: record today's findings, hide them tomorrow.

A finding's fingerprint is sha256 over
  * the rule code,
  * the file's *content* hash (sha256 of its bytes) — so a renamed or moved
    copy of the same report is still waived, while a revised report (new
    bytes) is reviewed afresh; when the file cannot be read, its normalised
    path (forward slashes, relative to the current folder when inside it),
  * the figures involved: each evidence's text and value, sorted.
Line numbers, pages and offsets are left out on purpose: they move when a
reader or the extractor improves, or when paragraphs are reordered.

The baseline file is JSON: ``{"version": 1, "tool": "jxcheck", "findings":
[{"fingerprint", "rule", "path", "message"}, ...]}``; only the fingerprints
count, the rest helps a person reading it.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
from collections.abc import Iterable
from functools import lru_cache
from typing import IO, Any

from rules.finding import Finding

from .result import FileResult

VERSION = 1


class BaselineError(ValueError):
    """A baseline file that cannot be used (missing, not JSON, wrong version)."""


def normalised_path(path: str) -> str:
    p = os.path.abspath(path)
    cwd = os.getcwd()
    if p == cwd or p.startswith(cwd + os.sep):
        p = os.path.relpath(p, cwd)
    return p.replace(os.sep, "/")


@lru_cache(maxsize=4096)
def _content_key(path: str, mtime_ns: int, size: int) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return "sha256:" + h.hexdigest()


def file_key(path: str) -> str:
    """The content hash of the file, or its normalised path when it cannot be read."""
    try:
        st = os.stat(path)
        return _content_key(os.path.abspath(path), st.st_mtime_ns, st.st_size)
    except OSError:
        return "path:" + normalised_path(path)


def fingerprint(finding: Finding, key: str) -> str:
    figures = sorted((e.text, "" if e.value is None else format(e.value.normalize(), "f"))
                     for e in finding.evidence)
    payload = json.dumps([finding.rule, key, figures], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def fingerprints(result: FileResult) -> list[str]:
    key = file_key(result.path)
    return [fingerprint(f, key) for f in result.findings]


def write(results: Iterable[FileResult], stream: IO[str]) -> int:
    """Write a baseline of every finding in ``results``; returns how many."""
    entries = []
    for r in results:
        for f, fp in zip(r.findings, fingerprints(r), strict=True):
            entries.append({"fingerprint": fp, "rule": f.rule, "path": normalised_path(r.path),
                            "message": f.message})
    entries.sort(key=lambda e: (e["path"], e["rule"], e["fingerprint"]))
    json.dump({"version": VERSION, "tool": "jxcheck", "findings": entries}, stream,
              ensure_ascii=False, indent=2)
    stream.write("\n")
    return len(entries)


MAX_BYTES = 256 * 1024 * 1024  # about a million findings


def load(path: str) -> frozenset[str]:
    """The fingerprints a baseline waives. The file is input like any other: a
    regular file (never a FIFO or ``/dev/zero``) within ``MAX_BYTES``, UTF-8 JSON;
    anything else is one ``BaselineError`` line, never a traceback or a hang."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise BaselineError(f"基线文件不是普通文件：{path}")
        if st.st_size > MAX_BYTES:
            raise BaselineError(f"基线文件过大：{path}（超过 {MAX_BYTES // (1024 * 1024)} MB）")
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise BaselineError(f"基线文件过大：{path}（超过 {MAX_BYTES // (1024 * 1024)} MB）")
        data: Any = json.loads(raw.decode("utf-8-sig"))
    except BaselineError:
        raise
    except FileNotFoundError:
        raise BaselineError(f"基线文件不存在：{path}") from None
    except OSError as e:
        raise BaselineError(f"基线文件无法读取：{path}：{e.strerror}") from None
    except UnicodeDecodeError as e:
        raise BaselineError(f"基线文件不是 UTF-8 编码：{path}（第 {e.start + 1} 字节）") from None
    except RecursionError:
        raise BaselineError(f"基线文件嵌套过深：{path}") from None
    except ValueError as e:  # not JSON, or an integer too long to convert
        why = "数字过长" if "digits" in str(e) else " ".join(str(e).split())
        raise BaselineError(f"基线文件不是有效的 JSON：{path}：{why}") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(f"基线文件格式不对（需要 version {VERSION} 与 findings 列表）：{path}")
    try:
        prints = frozenset(e["fingerprint"] for e in data["findings"])
    except (TypeError, KeyError):
        raise BaselineError(f"基线文件中有条目缺少 fingerprint：{path}") from None
    if not all(isinstance(x, str) for x in prints):
        raise BaselineError(f"基线文件中的 fingerprint 应为字符串：{path}")
    return prints


def apply(result: FileResult, waived: frozenset[str]) -> tuple[FileResult, int]:
    """The result without its waived findings, and how many were hidden."""
    if not result.findings or not waived:
        return result, 0
    kept = tuple(f for f, fp in zip(result.findings, fingerprints(result), strict=True) if fp not in waived)
    hidden = len(result.findings) - len(kept)
    return (dataclasses.replace(result, findings=kept, hidden=hidden) if hidden else result), hidden
