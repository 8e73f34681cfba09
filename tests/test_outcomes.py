"""Outcome codes say what happened (issue 14): running out of memory is too-large, not
corrupt; a C library's abort names its signal; EIO is unreadable, in Chinese; a folder
that cannot be listed is unreadable, not unsupported; a timed-out file leaves no
temporary file. Each case is simulated in-process (the tests run as root, which
permissions do not stop)."""
from __future__ import annotations

import builtins
import errno
import json
import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jxcheck import cli
from jxcheck.batch import CRASHED, run_batch
from jxcheck.guard import Limits, run_guarded
from jxcheck.pipeline import check_file

ROOT = Path(__file__).resolve().parent.parent
DOCX = str(ROOT / "samples" / "01-shucheng-audit-investment.docx")
REPORT = "项目预算500万元，实际支出388.76万元，执行率77.75%。\n"


def _raise(exc):
    def fail(*a, **k):
        raise exc

    return fail


def _xlsx(tmp_path: Path) -> str:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["项目名称", "测试"])
    p = tmp_path / "表.xlsx"
    wb.save(p)
    return str(p)


# -- MemoryError is too-large ---------------------------------------------------------

@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_memory_error_in_a_reader_is_too_large_not_corrupt(tmp_path, monkeypatch, fmt):
    import openpyxl

    import extractor.readers.docx as docx_reader

    path = DOCX if fmt == "docx" else _xlsx(tmp_path)
    # the DOCX reader parses its parts itself (lxml), the XLSX reader goes through openpyxl
    target = (docx_reader, "_load") if fmt == "docx" else (openpyxl, "load_workbook")
    monkeypatch.setattr(*target, _raise(MemoryError()))
    r = check_file(path)
    assert (r.error_code, r.error) == ("too-large", "文件过大，内存不足")
    g = run_guarded(path, limits=Limits(max_memory_mb=1024))  # under the guard: its own message
    assert g.error_code == "too-large" and "超过内存上限（1024 MB）" in g.error


# -- a worker killed by a signal (PDFium's abort) ---------------------------------------

def aborting_check(path: str, config) -> None:
    if os.path.basename(path).startswith("abort"):
        os.abort()
    return check_file(path, config)


def test_abort_in_a_pool_worker_names_the_file_and_the_signal(tmp_path):
    paths = []
    for name in ("a.txt", "abort.txt", "b.txt"):
        (tmp_path / name).write_text(REPORT, encoding="utf-8")
        paths.append(str(tmp_path / name))
    out = list(run_batch(paths, jobs=2, check=aborting_check))
    assert [r.status for r in out] == ["ok", "error", "ok"]
    assert out[1].path == paths[1] and out[1].error_code == CRASHED and "SIGABRT" in out[1].error


def test_abort_under_the_guard_is_crashed(monkeypatch):
    import faulthandler

    import extractor.readers.docx as reader

    monkeypatch.setattr(reader, "read", lambda *a, **k: os.abort())
    was = faulthandler.is_enabled()
    faulthandler.disable()  # pytest's: the forked child would print a Python traceback on abort
    try:
        r = run_guarded(DOCX, limits=Limits(timeout_s=30))
    finally:
        if was:
            faulthandler.enable()
    assert (r.path, r.error_code) == (DOCX, "crashed") and "SIGABRT" in r.error


# -- EIO is unreadable ------------------------------------------------------------------

def test_eio_on_open_is_unreadable_in_chinese(tmp_path, monkeypatch):
    p = tmp_path / "r.txt"
    p.write_text(REPORT, encoding="utf-8")
    real = builtins.open

    def failing_open(file, *a, **k):
        if os.fspath(file) == str(p):
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(p))
        return real(file, *a, **k)

    monkeypatch.setattr(builtins, "open", failing_open)
    r = check_file(str(p))
    assert r.error_code == "unreadable" and r.error.startswith("读取文件时出错：输入/输出错误"), r.error


def test_eio_inside_a_reader_is_unreadable_not_corrupt(monkeypatch):
    import extractor.readers.docx as docx_reader

    monkeypatch.setattr(docx_reader, "_load", _raise(OSError(errno.EIO, os.strerror(errno.EIO))))
    r = check_file(DOCX)
    assert r.error_code == "unreadable" and "输入/输出错误" in r.error, r


def test_a_damaged_image_stays_corrupt(tmp_path):
    """PIL's OSError for a bad image has no errno: still corrupt, not a disk error."""
    p = tmp_path / "bad.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"junk" * 10)
    assert check_file(str(p)).error_code in ("corrupt", "scanned")


# -- a folder that cannot be listed ------------------------------------------------------

def test_unlistable_folder_is_unreadable_not_unsupported(tmp_path, monkeypatch):
    top = tmp_path / "top"
    (top / "locked").mkdir(parents=True)
    (top / "r.txt").write_text(REPORT, encoding="utf-8")
    locked = str(top / "locked")
    real = os.scandir

    def scandir(path="."):  # chmod 000 as a non-root user would see it
        if os.fspath(path) == locked:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), locked)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    r = CliRunner().invoke(cli.app, ["check", "-j", "1", "--timeout", "0", "--max-memory", "0", "-f", "json",
                                     str(top)])
    assert r.exit_code == 3, r.output
    files = {os.path.basename(f["path"]): f for f in json.loads(r.stdout)["files"]}
    assert files["locked"]["error_code"] == "unreadable"
    assert files["locked"]["error"] == "文件夹无法列出（没有权限），其中的文件未检查"
    assert files["r.txt"]["status"] == "ok"


# -- a timed-out OCR file leaves no temporary PDF ------------------------------------------

def test_timeout_during_ocr_removes_the_temporary_pdf(tmp_path, monkeypatch):
    import tempfile

    from PIL import Image

    import extractor.readers.image as image
    import extractor.readers.pdf as pdf

    png = tmp_path / "scan.png"
    Image.new("L", (200, 100), 255).save(png)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    monkeypatch.setattr(image, "available", lambda: True)
    monkeypatch.setattr(pdf, "read", lambda *a, **k: time.sleep(60))  # OCR that never ends
    r = run_guarded(str(png), limits=Limits(timeout_s=1.5))
    assert r.error_code == "timeout"
    assert [str(p.relative_to(tmp)) for p in tmp.rglob("*")] == []
