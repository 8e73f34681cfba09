"""Word/Excel 97–2003 and WPS Office files (.doc .wps .xls .et): converted by
LibreOffice, then read by the DOCX/XLSX readers. (.xls/.et are read directly by
xlrd instead when the ``xls`` extra is installed: ``xls.py``.)

LibreOffice (``soffice``, found on ``PATH``) runs headless on a *copy* of the
file in a private temporary folder, with a private user profile there
(``-env:UserInstallation``), so nothing is written beside the input and
parallel conversions never share a profile. It runs in its own process group
under the caller's limits: the memory limit of ``jxcheck.guard`` (RLIMIT_AS)
is inherited by LibreOffice, and ``ReadLimits.convert_timeout_s`` (below the
guard's per-file timeout) ends the whole group. The folder is removed before
the document is returned.

The converted document is the DOCX/XLSX reader's, with the original path and
``format`` (``doc``, ``xls`` …) and ``converted`` set: finding locations then
say they are positions in the converted file (``第3段（转换后）``), and a
diagnostic names the conversion. Without LibreOffice the file is not checked,
and the reason names the one command that enables it.
"""
from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import subprocess
import tempfile
from importlib import import_module
from pathlib import Path

from ..errors import ReadError
from ..model import Document
from .limits import DEFAULT_LIMITS, ReadLimits

# extension -> (what a clerk calls it, target format, LibreOffice export filter, package that converts it)
KINDS: dict[str, tuple[str, str, str, str]] = {
    ".doc": ("旧版 Word 文档", "docx", "MS Word 2007 XML", "libreoffice-writer-nogui"),
    ".wps": ("WPS 文字文档", "docx", "MS Word 2007 XML", "libreoffice-writer-nogui"),
    ".xls": ("旧版 Excel 工作簿", "xlsx", "Calc MS Excel 2007 XML", "libreoffice-calc-nogui"),
    ".et": ("WPS 表格", "xlsx", "Calc MS Excel 2007 XML", "libreoffice-calc-nogui"),
}
EXTS = tuple(KINDS)


def find_soffice() -> str | None:
    """LibreOffice's ``soffice`` (or ``libreoffice``) on PATH; None when not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def install_command(ext: str) -> str:
    return f"apt-get install -y {KINDS[ext.lower()][3]}"


XLRD_EXTS = (".xls", ".et")  # BIFF8 workbooks: read by xlrd when installed (xls.py), no conversion
XLRD_INSTALL = "pip install 'jxcheck[xls]'"


def readable(ext: str) -> bool:
    """Can a file of this old format be read here: LibreOffice on PATH, or xlrd for a workbook."""
    from .xls import available

    return find_soffice() is not None or (ext.lower() in XLRD_EXTS and available())


def missing_reason(ext: str) -> str:
    """Why a .doc/.xls/.wps/.et is not checked here, with the one command that enables it:
    LibreOffice's package for Word files, the ``xls`` extra (xlrd, pure Python) for workbooks."""
    ext = ext.lower()
    what, target, _, _ = KINDS[ext]
    if ext in XLRD_EXTS:
        return f"{what}（{ext}）需要安装 xlrd 后检查（{XLRD_INSTALL}），或另存为 .{target}"
    return f"{what}（{ext}）需要 LibreOffice 转换后检查：请安装（{install_command(ext)}），或另存为 .{target}"


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # soffice starts soffice.bin: end the whole group
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL is not ignored
        pass


def convert(path: str, ext: str, workdir: str, timeout: float) -> str:
    """Convert ``path`` (a .doc/.xls/…) with LibreOffice inside ``workdir``; the converted file's path."""
    soffice = find_soffice()
    if soffice is None:
        raise ReadError("old-format", missing_reason(ext))
    _, target, export_filter, _ = KINDS[ext]
    src = os.path.join(workdir, "in", "input" + ext)
    out = os.path.join(workdir, "out")
    profile = os.path.join(workdir, "profile")
    os.makedirs(os.path.dirname(src))
    os.makedirs(out)
    shutil.copyfile(path, src)  # LibreOffice never sees (or locks) the original
    cmd = [soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
           f"-env:UserInstallation={Path(profile).as_uri()}",
           "--convert-to", f"{target}:{export_filter}", "--outdir", out, src]
    env = {**os.environ, "SAL_USE_VCLPLUGIN": "svp"}
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=workdir, env=env, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        raise ReadError("timeout", f"LibreOffice 转换超时（超过 {timeout:g} 秒），未检查") from None
    finally:
        _kill(proc)  # also whatever it left running
    result = os.path.join(out, "input." + target)
    if not os.path.isfile(result) or os.path.getsize(result) == 0:
        why = next((ln.strip() for ln in err.decode("utf-8", "replace").splitlines()
                    if ln.strip().lower().startswith("error")), "")
        hint = f"：{why[:80]}" if why else ""
        raise ReadError("corrupt", f"文件已损坏、已加密或格式不符（LibreOffice 无法转换{hint}）")
    return result


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# the stream an OLE file of each kind must hold (directory entry names are UTF-16-LE)
_STREAMS = {"docx": ("WordDocument",), "xlsx": ("Workbook", "Book")}


def _sniff(path: str, ext: str, target: str) -> None:
    """Refuse what is no Word/Excel file before LibreOffice sees it: LibreOffice
    imports anything it does not recognise as plain text, and random bytes named
    .doc would pass as a report without findings. Accepted: an OLE compound file
    holding the kind's main stream (WordDocument; Workbook or Book), an Office
    package (a .docx saved as .doc), and for Word also RTF and HTML/XML (Word 2003
    XML, web pages saved as .doc)."""
    with open(path, "rb") as f:
        head = f.read(8)
        if head == OLE_MAGIC:
            f.seek(0)
            data = f.read()
            if "EncryptedPackage".encode("utf-16-le") in data:
                raise ReadError("encrypted", "文件已加密（设置了打开密码），无法读取")
            if any(s.encode("utf-16-le") in data for s in _STREAMS[target]):
                return
            raise ReadError("corrupt", f"文件已损坏或格式不符（不是 {KINDS[ext][0]}：缺少文档内容流）")
    if head.startswith(b"PK\x03\x04"):
        return
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if target == "docx" and (text.startswith((b"{\\rtf", b"<", b"mime-ver")) or head.startswith(b"\xff\xfe<")):
        return
    raise ReadError("not-office", f"不是 {KINDS[ext][0]}（文件内容无法识别）")


def read(path: str, limits: ReadLimits = DEFAULT_LIMITS) -> Document:
    ext = os.path.splitext(path)[1].lower()
    if ext not in KINDS:
        raise ReadError("unsupported", f"不支持的文件类型 {ext}")
    from . import xls

    if ext in XLRD_EXTS and xls.available():
        return xls.read(path, limits)  # the BIFF records themselves: no converter, the original cells
    if find_soffice() is None:
        raise ReadError("old-format", missing_reason(ext))
    _sniff(path, ext, KINDS[ext][1])
    what, target, _, _ = KINDS[ext]
    with tempfile.TemporaryDirectory(prefix="jxcheck-convert-") as workdir:
        converted = convert(path, ext, workdir, limits.convert_timeout_s)
        reader = import_module(f"{__package__}.{target}")
        try:
            doc = reader.read(converted, limits)
        except ReadError as e:
            raise ReadError(e.code, f"{e.reason}（由 LibreOffice 转换为 .{target} 后读取）") from None
    note = f"{what}（{ext}）已由 LibreOffice 转换为 .{target} 后检查，位置（段、表格、单元格）按转换后的文档"
    return dataclasses.replace(doc, path=path, format=ext[1:], converted=target,
                               diagnostics=(*doc.diagnostics, note))
