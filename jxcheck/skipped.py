"""Files found in a folder that jxcheck does not read: listed, never dropped.

A folder walk (``jxcheck.discover.iter_inputs``) yields the reports and collects
every other file; each becomes a result with status ``skipped`` and a reason a
clerk can act on ("另存为 .docx"). They are reported in every format and counted
in the summary, but do not change the exit code: nobody asked for them by name.
A file named on the command line is read (or refused by the reader, exit 3).
"""
from __future__ import annotations

import os

from extractor.readers.legacy import EXTS as LEGACY
from extractor.readers.legacy import missing_reason

from .result import SKIPPED, FileResult

# extension -> (error_code, reason)
_REASONS: dict[str, tuple[str, str]] = {
    ".csv": ("unsupported", "CSV 表格不支持，请另存为 .xlsx 后再检查"),
    ".zip": ("archive", "压缩包（.zip），请解压后再检查"),
    ".rar": ("archive", "压缩包（.rar），请解压后再检查"),
    ".7z": ("archive", "压缩包（.7z），请解压后再检查"),
}
SUPPORTED = ".pdf/.docx/.xlsx/.ofd/.txt 及图片（.png/.jpg/.tif）；.doc/.wps/.xls/.et 需 LibreOffice"


# a configuration file inside a checked folder: say whether it applies (it does
# only when found from the current folder upward: jxcheck.config_file)
CONFIG_REASON = ("config-file", "jxcheck 配置文件，不是报告；只有从当前文件夹向上找到时才生效（--show-settings 查看）")


def reason(path: str) -> tuple[str, str]:
    """(error_code, Chinese reason) for a file a folder walk does not check."""
    if os.path.basename(path) == "jxcheck.toml":
        return CONFIG_REASON
    ext = os.path.splitext(path)[1].lower()
    if ext in LEGACY:  # listed only when LibreOffice is missing: name the command that enables it
        return ("old-format", missing_reason(ext))
    if ext in _REASONS:
        return _REASONS[ext]
    what = f"扩展名 {ext}" if ext else "没有扩展名"
    return ("unsupported", f"不是可检查的报告格式（{what}；支持 {SUPPORTED}）")


def skipped_result(path: str, why: tuple[str, str] | None = None) -> FileResult:
    """``why``: (error_code, reason) when the walk gave one (a symlink pointing
    outside the folder, ``jxcheck.discover``); else the reason for the name."""
    code, text = why or reason(path)
    return FileResult(path=path, status=SKIPPED, error=text, error_code=code)
