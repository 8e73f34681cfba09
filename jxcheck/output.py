"""Where a report goes: never half-written, and a failed write is one line.

``-o FILE`` is written to a temporary file in the same folder (``.FILE.XXXX.tmp``)
and renamed over ``FILE`` only when the report is complete, for every format.
A run that fails, is interrupted or is killed leaves ``FILE`` as it was (absent,
or the previous complete report) and removes its temporary file (a ``SIGKILL``
cannot be cleaned up after: only the temporary file stays, never a partial
``FILE``). Two runs on one ``-o`` each write their own temporary file; the
rename makes the last one to finish win whole, never a mix of both.

A target that exists and is not a regular file (``/dev/stdout``, ``/dev/full``,
a FIFO) is written directly: renaming over a device would replace it.

A write that fails (disk full, quota, an I/O error, standard output closed)
is ``OutputError``: the command line prints one Chinese line and exits 4.
"""
from __future__ import annotations

import errno
import os
import stat
import tempfile
from typing import IO, Any

_WHY = {
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "超出磁盘配额",
    errno.EIO: "输入/输出错误",
    errno.EROFS: "只读文件系统",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EPIPE: "输出已被关闭",
    errno.EFBIG: "文件过大",
    errno.ENOENT: "文件夹不存在",
    errno.EISDIR: "是文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹",
}


class OutputError(Exception):
    """The report could not be written: ``str(e)`` is the one-line Chinese reason."""


def why(e: OSError) -> str:
    """A short Chinese reason for an OSError, with the system's own words."""
    zh = _WHY.get(e.errno or 0)
    own = e.strerror or type(e).__name__
    return f"{zh}（{own}）" if zh else own


def write_error(target: str, e: OSError) -> OutputError:
    return OutputError(f"无法写入 {target}：{why(e)}，报告未写出")


class AtomicFile:
    """``open(target, mode)`` whose content appears at ``target`` only on ``commit()``."""

    def __init__(self, target: str, binary: bool, encoding: str = "utf-8") -> None:
        self.target = target
        try:
            st = os.stat(target)
            direct = not stat.S_ISREG(st.st_mode)
        except FileNotFoundError:
            st, direct = None, False
        # a symlink to a file: write where it points, keep the link
        real = os.path.realpath(target) if not direct and os.path.islink(target) else target
        self.tmp: str | None = None
        try:
            if direct:
                fh: Any = open(real, "wb") if binary else open(real, "w", encoding=encoding, newline="")
            else:
                folder = os.path.dirname(real) or "."
                fd, self.tmp = tempfile.mkstemp(prefix=f".{os.path.basename(real)}.", suffix=".tmp", dir=folder)
                # the permissions an ordinary open() would give (mkstemp's are 0600), or the old file's
                mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
                os.fchmod(fd, mode)
                fh = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding=encoding, newline="")
        except OSError as e:
            self._drop()
            raise write_error(target, e) from None
        self.real = real
        self.fh: IO[Any] = fh

    def commit(self) -> None:
        """Flush, sync and rename into place; ``OutputError`` if any of it fails."""
        try:
            self.fh.flush()
            if self.tmp is not None:
                os.fsync(self.fh.fileno())
            self.fh.close()
            if self.tmp is not None:
                os.replace(self.tmp, self.real)
                self.tmp = None
        except OSError as e:
            self.abort()
            raise write_error(self.target, e) from None

    def abort(self) -> None:
        """Close and remove the temporary file; the target is left as it was."""
        try:
            self.fh.close()
        except OSError:
            pass
        self._drop()

    def _drop(self) -> None:
        if self.tmp is not None:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass
            self.tmp = None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class Written:
    """A report stream whose write failures are ``OutputError`` (one line, exit 4), so
    they are told apart from any other OSError; everything else is the stream's."""

    def __init__(self, stream: Any, target: str) -> None:
        self._stream = stream
        self._target = target
        self.failed = False

    def write(self, data: Any) -> int:
        if self.failed:  # said once; a writer's cleanup (ZipFile.__del__) must not raise again
            return len(data)
        try:
            return self._stream.write(data)
        except OSError as e:
            self.failed = True
            raise write_error(self._target, e) from None

    def flush(self) -> None:
        if self.failed:
            return
        try:
            self._stream.flush()
        except OSError as e:
            self.failed = True
            raise write_error(self._target, e) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
