"""Which files a batch checks: explicit files always; folders recursively, reports only.

Every path that should be checked is yielded exactly once, including the ones
that will fail (broken symlinks, unreadable files): the reader then gives
them a one-line reason, so nothing is skipped silently. A folder that cannot
be listed is yielded itself and reported as unreadable. Symlinked folders are
followed once (a symlink loop ends the walk there).

A symlink inside a folder that points outside it (``passwd -> /etc/passwd``, a
folder link to the home folder) is not followed: a submitted folder must not
make jxcheck read, and quote in its findings, files that were never submitted.
Such a link is listed as not checked (``symlink-outside``, with its target), unless
``follow_symlinks`` (``--follow-symlinks``). Links that stay inside the folder,
and paths named on the command line, are read as usual.
"""
from __future__ import annotations

import dataclasses
import fnmatch
import hashlib
import os
from collections.abc import Iterator

REPORT_EXTS = {".txt", ".docx", ".pdf", ".xlsx", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".ofd"}
# read when LibreOffice is installed, .xls/.et also with xlrd (extractor.readers.legacy);
# else listed as not checked, with the command that enables them (jxcheck.skipped)
CONVERTED_EXTS = {".doc", ".wps", ".xls", ".et"}


def report_exts() -> set[str]:
    """The extensions a folder walk checks: the old Office formats too where they can be read
    (LibreOffice on PATH; xlrd for .xls/.et)."""
    from extractor.readers.legacy import readable

    return REPORT_EXTS | {e for e in CONVERTED_EXTS if readable(e)}


def excluded(path: str, top: str, patterns: tuple[str, ...]) -> bool:
    """``--exclude GLOB``: matched against the name, and the path relative to the folder given."""
    rel = os.path.relpath(path, top).replace(os.sep, "/")
    return any(fnmatch.fnmatch(os.path.basename(path), g) or fnmatch.fnmatch(rel, g) for g in patterns)


SYMLINK_OUTSIDE = "symlink-outside"  # the error_code of a link not followed


def _inside(path: str, top: str) -> bool:
    return path == top or path.startswith(top.rstrip(os.sep) + os.sep)


def outside_link(path: str, top_real: str) -> str | None:
    """The target of ``path`` when it is a symlink resolving outside ``top_real``; else None."""
    if not os.path.islink(path):
        return None
    target = os.path.realpath(path)
    return None if _inside(target, top_real) else target


def link_reason(target: str, folder: bool = False) -> tuple[str, str]:
    what = "文件夹" if folder else "文件"
    return (SYMLINK_OUTSIDE, f"符号链接，指向被检查文件夹之外的{what} {target}，未读取（确需读取时用 --follow-symlinks）")


def iter_inputs(paths: list[str], exclude: tuple[str, ...] = (), skipped: list[str] | None = None,
                counts: dict[str, int] | None = None, *, follow_symlinks: bool = False,
                reasons: dict[str, tuple[str, str]] | None = None) -> Iterator[str]:
    """``skipped`` collects the files of a folder that are not reports (a .doc, a
    .zip) and the symlinks that point outside the folder: they are not checked but
    listed with a reason (``reasons`` gets ``{path: (code, reason)}`` for the
    links; the others' reason follows from the name, ``jxcheck.skipped``).
    ``counts`` gets, per folder given, ``{folder: files found}`` and
    ``"excluded"``: files left out by ``exclude``. Hidden files and Office lock
    files (``~$…``) are neither."""
    seen: set[str] = set()
    counts = {} if counts is None else counts
    reasons = {} if reasons is None else reasons
    exts = report_exts()
    for p in paths:
        if os.path.isdir(p):
            counts.setdefault(p, 0)
            top_real = os.path.realpath(p)
            visited: set[tuple[int, int]] = set()
            unlistable: list[str] = []

            def onerror(e: OSError, _bad: list[str] = unlistable) -> None:
                if e.filename:
                    _bad.append(os.fspath(e.filename))

            for root, dirs, files in os.walk(p, followlinks=True, onerror=onerror):
                yield from _drain(unlistable, seen)
                try:
                    st = os.stat(root)
                except OSError:
                    continue
                key = (st.st_dev, st.st_ino)
                if key in visited:  # a symlink loop
                    dirs[:] = []
                    continue
                visited.add(key)
                dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                                 and not (exclude and excluded(os.path.join(root, d), p, exclude)))
                if not follow_symlinks:
                    for d in list(dirs):
                        full = os.path.join(root, d)
                        target = outside_link(full, top_real)
                        if target is not None:  # not walked; listed as not checked
                            dirs.remove(d)
                            if full not in seen:
                                seen.add(full)
                                counts[p] += 1
                                reasons[full] = link_reason(target, folder=True)
                                if skipped is not None:
                                    skipped.append(full)
                for f in sorted(files):
                    if f.startswith((".", "~$")):
                        continue
                    full = os.path.join(root, f)
                    if full in seen:
                        continue
                    seen.add(full)
                    if exclude and excluded(full, p, exclude):
                        counts["excluded"] = counts.get("excluded", 0) + 1
                        continue
                    counts[p] += 1
                    target = None if follow_symlinks else outside_link(full, top_real)
                    if target is not None:
                        reasons[full] = link_reason(target)
                        if skipped is not None:
                            skipped.append(full)
                    elif os.path.splitext(f)[1].lower() in exts:
                        yield full
                    elif skipped is not None:
                        skipped.append(full)
            yield from _drain(unlistable, seen)
        elif p not in seen:
            seen.add(p)
            yield p


def _drain(bad: list[str], seen: set[str]) -> Iterator[str]:
    while bad:
        d = bad.pop(0)
        if d not in seen:
            seen.add(d)
            yield d


def content_hash(path: str, max_bytes: int) -> str | None:
    """SHA-256 of a regular, non-empty file up to ``max_bytes``; None otherwise
    (also for anything that is not a usable path: a result must never make the
    batch fail here)."""
    try:
        path = os.fspath(path)
        st = os.stat(path)
        if not os.path.isfile(path) or st.st_size == 0 or st.st_size > max_bytes:
            return None
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
    except (OSError, TypeError, ValueError):  # ValueError: a NUL in the path
        return None


class Duplicates:
    """Notes on results whose file has the same content as an earlier path.

    Each path is still reported (a clerk may have filed the same report under
    two units); the second and later get ``与 <first path> 内容相同``."""

    def __init__(self, max_bytes: int = 200 * 1024 * 1024) -> None:
        self.first: dict[str, str] = {}
        self.max_bytes = max_bytes

    def note(self, r):
        known = getattr(r, "content_hash", None)
        if known is not None and known[0] == self.max_bytes:
            h = known[1]  # the worker hashed it, with the same limit
        else:
            h = content_hash(getattr(r.path, "path", r.path), self.max_bytes)
        if h is None:
            return r
        first = self.first.setdefault(h, r.path)
        if first == r.path:
            return r
        return dataclasses.replace(r, notes=(*r.notes, f"与 {first} 内容相同"))
