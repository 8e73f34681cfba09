"""``jxcheck check --annotate DIR``: the findings written onto copies of the originals.

For each checked file with findings, a copy of the same name in DIR:

* PDF  — a highlight annotation over every figure of every finding (one per finding
  and page, a quad per figure and line), its pop-up note carrying the rule code, the
  severity and the message (``jxcheck.annotate.pdf``, pypdf, written as an
  incremental update: the original's bytes come first, unchanged);
* DOCX — the figures highlighted and a Word comment per finding on its first figure
  (``jxcheck.annotate.docx``, python-docx ≥ 1.2);
* XLSX — the figures' cells filled and a cell comment per cell naming every finding
  on it (``jxcheck.annotate.xlsx``, openpyxl);
* TXT and images — no copy: plain text cannot carry a mark (``-f html`` shows the
  figures marked in their lines).

Inputs are never written: a copy is written to a temporary file in DIR and renamed
into place. ``plan`` refuses, before anything is checked, names that would collide:
two inputs of one name, or a file already in DIR.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from rules.finding import Evidence, Finding

from ..result import FileResult

ANNOTATED = (".pdf", ".docx", ".xlsx")
AUTHOR = "jxcheck"
SEV_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


class AnnotateError(Exception):
    """A usage problem with --annotate (one Chinese line)."""


def note(f: Finding, evs: Iterable[Evidence] = ()) -> str:
    """The text of a finding's note or comment: rule, severity, message, and where its
    figures are when it has more than one (a conflict between page 1 and page 6)."""
    head = f"{f.rule} {f.name}（{SEV_ZH.get(f.severity, f.severity)}）\n{f.message}"
    evs = list(evs)
    if len(evs) < 2:
        return head
    return head + "\n涉及：" + "；".join(f"{e.text}（{e.location}）" if e.location else e.text for e in evs)


def plan(out_dir: str, paths: Iterable[str]) -> None:
    """Refuse what would collide, before anything is checked: two inputs whose copies
    would have one name in ``out_dir``, an input inside ``out_dir`` itself, or a
    file of that name already there. Creates ``out_dir``."""
    if os.path.exists(out_dir) and not os.path.isdir(out_dir):
        raise AnnotateError(f"--annotate {out_dir}：已存在且不是文件夹")
    seen: dict[str, str] = {}
    for p in paths:
        if os.path.splitext(p)[1].lower() not in ANNOTATED:
            continue
        name = os.path.basename(p)
        dst = os.path.join(out_dir, name)
        if name in seen:
            raise AnnotateError(f"--annotate：{seen[name]} 与 {p} 的批注副本同名（{dst}），请分开运行")
        seen[name] = p
        if os.path.lexists(dst):
            raise AnnotateError(f"--annotate：{dst} 已存在，不覆盖（请换一个空文件夹或先删除它）")
    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as e:
        raise AnnotateError(f"--annotate：无法创建文件夹 {out_dir}：{e.strerror}") from None


@dataclass
class Target:
    """One file to annotate: the findings with the evidence that lies in it."""

    path: str
    items: list[tuple[Finding, list[Evidence]]] = field(default_factory=list)
    companion_of: str | None = None  # a paired 自评表: the report whose text precedes it


def targets(r: FileResult) -> list[Target]:
    """The files a result's findings point into: the report, and a paired 自评表 file
    for evidence that names it (``Evidence.file``)."""
    by: dict[str, Target] = {}
    for f in r.findings:
        groups: dict[str, list[Evidence]] = {}
        for e in f.evidence:
            groups.setdefault(e.file or r.path, []).append(e)
        for path, evs in groups.items():
            t = by.setdefault(path, Target(path, companion_of=None if path == r.path else r.path))
            t.items.append((f, evs))
    return list(by.values())


def write_atomic(dst: str, write) -> None:
    """``write(fileobj)`` into a temporary file beside ``dst``, renamed to ``dst`` once
    complete: nothing half-written is ever at ``dst``."""
    d = os.path.dirname(dst) or "."
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".jxcheck-", suffix=os.path.splitext(dst)[1])
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, dst)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class Annotator:
    """Writes the annotated copies of a batch's files as their results arrive."""

    def __init__(self, out_dir: str, limits=None) -> None:
        from extractor.readers.limits import DEFAULT_LIMITS

        self.out_dir = out_dir
        self.limits = limits or DEFAULT_LIMITS
        self.written: list[str] = []
        self.not_annotated: list[str] = []  # files with findings of a format without copies (TXT)
        self.failed: list[str] = []  # one line each

    def file(self, r: FileResult) -> None:
        if r.unreadable or r.skipped or not r.findings:
            return
        from extractor.readers import read

        main_len: int | None = None
        for t in targets(r):
            ext = os.path.splitext(t.path)[1].lower()
            if ext not in ANNOTATED:
                self.not_annotated.append(t.path)
                continue
            dst = os.path.join(self.out_dir, os.path.basename(t.path))
            try:
                shift = 0
                if t.companion_of is not None:  # its offsets follow the report's text (append_companion)
                    if main_len is None:
                        main_len = len(read(t.companion_of, self.limits).text)
                    shift = main_len + 1
                write_atomic(dst, lambda fh, t=t, shift=shift, ext=ext: _writer(ext)(t.path, t.items, fh, shift, self.limits))
                self.written.append(dst)
            except Exception as e:  # noqa: BLE001 - one file's copy must not stop the batch
                self.failed.append(f"无法写入批注副本 {dst}：{type(e).__name__}: {e}")


def _writer(ext: str):
    if ext == ".pdf":
        from .pdf import annotate
    elif ext == ".docx":
        from .docx import annotate
    else:
        from .xlsx import annotate
    return annotate
