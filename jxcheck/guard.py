"""Per-file limits: one bad file never stops or slows the batch.

``run_guarded(path, config, limits)`` checks one file in a forked child
process with an address-space limit (``RLIMIT_AS``) and a wall-clock timeout.
Whatever the child does — loops, swallows memory, crashes the interpreter in a
C extension — the caller gets exactly one ``FileResult``:

- over time: ``error_code='timeout'``, ``处理超时（超过 N 秒），已跳过``
- over memory: ``error_code='too-large'``, ``超过内存上限（N MB），已跳过``
- killed or crashed: ``error_code='crashed'``, ``检查进程异常退出（…），已跳过``

The size, page and zip limits (``extractor.readers.limits``) are checked by
the readers themselves, in or out of a child.

Cost: the child is forked from the parent after the parser libraries are
imported (``warm()``), so it starts with everything loaded. A fresh child per
file still cost ~10 ms of CPU a file (the fork, caches starting empty), so
inside a batch (``sharing_child()``) one child checks file after file, the
limits still per file (see "one child for many files" below).
Where ``fork`` is unavailable (Windows, some macOS setups) the file is checked
in-process, size/page/zip limits still apply, and the result says that the
time/memory limit could not be enforced.
"""
from __future__ import annotations

import atexit
import contextlib
import dataclasses
import multiprocessing
import multiprocessing.util
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass

from extractor.readers.limits import MB, ReadLimits
from rules.config import DEFAULT, Config

from . import pipeline, startcache
from .result import FileResult
from .stop import die_with_parent


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-file limits. ``timeout_s``/``max_memory_mb`` of 0 (or None) mean no
    limit; with neither set, ``run_guarded`` checks in-process (no child).
    ``Limits()`` (library callers, tests) has neither; the command line's
    defaults are ``BOUNDED``."""

    max_bytes: int = 200 * MB
    max_pages: int = 500
    timeout_s: float | None = None  # the command line's default: 120
    # address space the child may add to what it inherits from the parent
    # (the parser libraries are already mapped; counting them would make the
    # limit depend on the Python build); the command line's default: 2048
    max_memory_mb: int | None = None
    pdf_engine: str = "auto"  # extractor.readers.pdf.ENGINES

    def read_limits(self) -> ReadLimits:
        rl = dataclasses.replace(ReadLimits(), max_bytes=self.max_bytes, max_pages=self.max_pages,
                                 pdf_engine=self.pdf_engine)
        if self.timeout_s and self.timeout_s * 0.75 < rl.convert_timeout_s:
            # LibreOffice (.doc/.xls) ends before the file's deadline: the reader then
            # ends its process group, which a killed child could not
            rl = dataclasses.replace(rl, convert_timeout_s=self.timeout_s * 0.75)
        return rl

    @property
    def needs_child(self) -> bool:
        return bool(self.timeout_s) or bool(self.max_memory_mb)


DEFAULT_LIMITS = Limits()
# The command line's defaults (``--timeout 120 --max-memory 2048``; 0 turns a
# limit off): what a 2-core, 8 GB office machine survives with one worker per
# core. A real report takes 0.01–2 s and < 300 MB; 2,048 MB of address space
# on top of what the worker already has mapped leaves room for a 500-page PDF.
DEFAULT_TIMEOUT_S = 120.0
DEFAULT_MAX_MEMORY_MB = 2048
BOUNDED = Limits(timeout_s=DEFAULT_TIMEOUT_S, max_memory_mb=DEFAULT_MAX_MEMORY_MB)
RECOMMENDED = BOUNDED  # the name the docs used before the limits were on by default


def _check(item, config: Config, limits: Limits) -> FileResult:
    """``item``: a path, or a pairing plan entry (report + separate 自评表)."""
    # the default read limits are the readers' own defaults: call check_file
    # as every other executor does (tests replace it with two-argument fakes)
    rl = limits.read_limits()
    if isinstance(item, str):
        if rl == ReadLimits():
            return pipeline.check_file(item, config)
        return pipeline.check_file(item, config, limits=rl)
    probe = {"probe": item.probe} if getattr(item, "probe", ()) else {}  # jxcheck.pairing's names to look for
    return pipeline.check_file(item.path, config, companion=item.companion, notes=tuple(item.notes), limits=rl, **probe)

_warmed: set[str] = set()  # reader modules imported by warm()
_warm_check = False
# a file's extension -> the reader modules (and their parsing libraries) it needs;
# warm() imports only those of the files being checked: a one-TXT check importing
# python-docx, openpyxl and pdfplumber as well cost ~0.5 s of start-up (issue 15)
_READER_MODULES = {
    "txt": ("extractor.readers.txt", "charset_normalizer"),
    "docx": ("extractor.readers.docx", "lxml.etree"),
    # pdf_tables: pdfplumber's table finder, computed without importing pdfplumber;
    # pdf_scan reads an ordinary file's objects itself: pdfminer (≈ 40 ms) is imported
    # only for a file it does not follow (once per child that meets one)
    "pdf": ("extractor.readers.pdf", "extractor.readers.pdf_pdfium", "pypdfium2", "extractor.readers.pdf_tables",
            "extractor.readers.pdf_scan", "extractor.ocr"),
    "xlsx": ("extractor.readers.xlsx", "openpyxl", "openpyxl.worksheet._reader", "openpyxl.cell.read_only",
             "openpyxl.worksheet.merge", "openpyxl.utils.cell"),
}


def _reader_modules(paths) -> tuple[str, ...]:
    if paths is None:  # work on files not known here (call_guarded): every reader
        return tuple(m for ms in _READER_MODULES.values() for m in ms)
    from extractor.readers import READERS

    out: list[str] = []
    for p in paths:
        if p:
            out.extend(_READER_MODULES.get(READERS.get(os.path.splitext(p)[1].lower(), ""), ()))
    return tuple(out)


def warm(check: bool = True, paths=None) -> bool:
    """Import, in the parent, the readers the files ``paths`` need (all of them when
    None) and the engine, and run one tiny check once, so forked children start with
    everything loaded (importing pdfplumber alone takes ~0.3 s). Each module is
    imported once per process: a batch pays for each format once."""
    global _warm_check
    from importlib import import_module

    new = False  # whether anything was loaded now (a shared child forked before lacks it)
    for m in _reader_modules(paths):
        if m not in _warmed:
            _warmed.add(m)
            new = True
            try:
                import_module(m)
            except ImportError:  # pragma: no cover - a reader reports it per file
                pass
    if not check or _warm_check:
        return new  # reading only (pairing): the rules' state is not needed
    # what the first check loads lazily (jieba's tokenizer; the rules' patterns):
    # in the parent once, or every forked child would pay it again
    try:
        from extractor.analysis import extract
        from extractor.indicators import _jieba
        from extractor.readers.txt import from_text
        from rules.engine import run_rules

        _jieba().initialize()

        doc = from_text("一、项目概况\n项目预算500.00万元，实际支出388.76万元，执行率77.75%。\n"
                        "产出指标 完成率 年度指标值100% 实际完成值95%\n")
        run_rules(doc, extract(doc), DEFAULT)
    except Exception:  # noqa: BLE001 - warming is an optimisation; a real check reports any failure
        pass
    _warm_check = True
    return True


def fork_available() -> bool:
    return sys.platform != "win32" and "fork" in multiprocessing.get_all_start_methods()


def _vm_size() -> int:
    """This process's current virtual size in bytes (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _path(item) -> str:
    """A batch item is a path or a pairing plan entry (``jxcheck.pairing.Planned``);
    a result always carries the path, never the plan entry."""
    return item if isinstance(item, str) else item.path


def _limit_memory(limits: Limits, again: bool = False) -> None:
    """The address space this process may add, from now on, to what it has mapped.
    ``again``: a shared child sets it before each file, so it moves the soft limit only
    (an unprivileged process can lower a hard limit but never raise it back)."""
    if limits.max_memory_mb:
        import resource

        cap = _vm_size() + limits.max_memory_mb * MB
        hard = resource.getrlimit(resource.RLIMIT_AS)[1] if again else cap
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _checked(item, config: Config, limits: Limits) -> FileResult:
    """In a child: the file's result, whatever happens while checking it."""
    path = _path(item)
    try:
        r = _check(item, config, limits)
    except MemoryError:
        r = None
    except BaseException as e:  # noqa: BLE001 - whatever it is, the parent gets one result
        r = FileResult(path=path, status="error", error_code="crashed",
                       error=f"检查失败：{type(e).__name__}: {str(e)[:120]}")
    if r is None or (r.error_code == "too-large" and r.error == "文件过大，内存不足"):
        r = _memory_result(path, limits)
    return r


def _child(conn, item, config: Config, limits: Limits) -> None:
    # Runs in the forked child. Never returns normally without sending a result.
    path = _path(item)
    try:
        die_with_parent()
        startcache.forget_inherited()
        _limit_memory(limits)
        _reply(conn, _checked(item, config, limits))
    except MemoryError:
        try:
            conn.send(_memory_result(path, limits))
        except Exception:  # noqa: BLE001
            pass
    finally:
        conn.close()


def _reply(conn, r) -> None:
    """A child's one answer, then (when the work did not fail) the patterns it compiled, saved
    for the next run."""
    conn.send(r)
    if not _failed(r):
        startcache.save()


def _memory_result(path: str, limits: Limits) -> FileResult:
    return FileResult(path=path, status="error", error_code="too-large",
                      error=f"超过内存上限（{limits.max_memory_mb} MB），已跳过")


def _fmt_s(t: float) -> str:
    return f"{t:g}"


def _in_tmpdir(tmp: str, target, *args) -> None:
    """In the forked child: temporary files in ``tmp``, then ``target(*args)``; the child removes
    ``tmp`` when it ends by itself (the parent removes it after a kill)."""
    tempfile.tempdir = tmp
    os.environ["TMPDIR"] = tmp
    try:
        target(*args)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


_starting = threading.Lock()


def _start(proc) -> None:
    """``proc.start()``, also in a daemonic process. A Dask worker is one (its nanny
    starts it with ``daemon=True``), and multiprocessing refuses children there: every
    guarded file of ``--executor dask`` failed with "daemonic processes are not allowed
    to have children". The rule guards against orphans; a guarded child cannot become
    one (it is killed at its deadline and dies with its parent, ``die_with_parent``)."""
    me = multiprocessing.current_process()
    if not me.daemon:
        proc.start()
        return
    with _starting:  # the worker's threads share the flag
        me._config["daemon"] = False
        try:
            proc.start()
        finally:
            me._config["daemon"] = True


def _in_child(target, args: tuple, limits: Limits, check: bool = True, paths=None):
    """Run ``target(conn, *args)`` in a forked child; return (what it sent or
    None, how it ended: None, 'timeout', 'memory' or a crash description)."""
    warm(check, paths)
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    # the child's temporary files (the OCR reader's PDF of an image) go to a folder of
    # its own, removed here however the child ends (a timeout is a SIGKILL: no cleanup)
    tmp = tempfile.mkdtemp(prefix="jxcheck-child-")
    proc = ctx.Process(target=_in_tmpdir, args=(tmp, target, send, *args), daemon=True)
    _start(proc)
    send.close()
    deadline = time.monotonic() + limits.timeout_s if limits.timeout_s else None
    sent = None
    got = False
    try:
        while True:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            if recv.poll(wait):
                try:
                    sent, got = recv.recv(), True
                except (EOFError, OSError):  # the child died before sending
                    pass
                break
            if deadline is not None and time.monotonic() >= deadline:
                break
    finally:
        if not got and proc.is_alive():
            proc.kill()
        proc.join(5)
        recv.close()
        shutil.rmtree(tmp, ignore_errors=True)
    if got:
        return sent, None
    if deadline is not None and time.monotonic() >= deadline and proc.exitcode in (-signal.SIGKILL, None):
        return None, "timeout"
    code = proc.exitcode
    if code is not None and code < 0:
        try:
            how = signal.Signals(-code).name
        except ValueError:
            how = f"信号 {-code}"
        if -code == signal.SIGKILL and limits.max_memory_mb:
            return None, "memory"  # the kernel's OOM killer, most likely
    else:
        how = f"退出码 {code}"
    return None, how


def _failure(path: str, how: str, limits: Limits) -> FileResult:
    if how == "timeout":
        return FileResult(path=path, status="error", error_code="timeout",
                          error=f"处理超时（超过 {_fmt_s(limits.timeout_s or 0)} 秒），已跳过")
    if how == "memory":
        return _memory_result(path, limits)
    return FileResult(path=path, status="error", error_code="crashed",
                      error=f"检查进程异常退出（{how}），已跳过")


def run_guarded(path, config: Config = DEFAULT, limits: Limits = DEFAULT_LIMITS) -> FileResult:
    """Check one file (a path or a pairing plan entry) under ``limits``; always
    exactly one FileResult, whose ``path`` is the file's path."""
    return _hashed(_run_guarded(path, config, limits), limits)


def _hashed(r: FileResult, limits: Limits) -> FileResult:
    """The result with its file's content hash (``discover.content_hash``), computed here, in
    the worker, rather than by the parent for every file (its duplicate notes)."""
    from .discover import content_hash

    return dataclasses.replace(r, content_hash=(limits.max_bytes, content_hash(r.path, limits.max_bytes)))


def _run_guarded(path, config: Config, limits: Limits) -> FileResult:
    if not limits.needs_child:
        return _check(path, config, limits)
    if not fork_available():
        r = _check(path, config, limits)
        return dataclasses.replace(r, notes=r.notes + ("本平台不支持按文件限制时间和内存",))
    paths = (path,) if isinstance(path, str) else (path.path, path.companion)
    if getattr(_local, "share", False):
        result, how = _shared_check(path, config, limits, paths)
    else:
        result, how = _in_child(_child, (path, config, limits), limits, paths=paths)
    if result is not None:
        return result
    return _failure(_path(path), how or "?", limits)


# ------------------------------------------------------------ one child for many files
# Forking a child per file cost ~8 ms of CPU per file on top of the check (measured on
# 31 DOCX: 10 ms a file in-process, 18 ms in a fresh child): the fork and its page
# copies, and every cache the checks fill (jieba's lookups, compiled patterns, the DOCX
# style maps of one template) starting empty in each child. Inside a batch
# (``sharing_child()``: run_batch's in-process checks, each pool worker, each Dask
# task) one guarded child checks file after file. The limits stay per file: before
# each file the child sets its address-space limit to what it has mapped plus
# ``max_memory_mb``; the parent waits ``timeout_s`` for each result; a file that ends
# in a timeout, a memory failure or a crash kills the child (its result is that
# file's, as with a child of its own) and the next file gets a fresh one. A child is
# also replaced after SHARED_FILES files, and when the parent has loaded a reader it
# lacks.
SHARED_FILES = 200
SHARED_IDLE_S = 120.0  # a child left idle this long ends; its parent replaces it after half of that
_local = threading.local()
_children: weakref.WeakSet = weakref.WeakSet()  # every shared child this process started


_finalized_in: set[int] = set()  # the processes that close their shared children at exit


def _close_at_exit() -> None:
    """A pool worker ends with ``os._exit``, which skips ``atexit``; multiprocessing's own exit
    function still runs its finalizers, so the worker closes its children there too."""
    if os.getpid() not in _finalized_in:
        _finalized_in.add(os.getpid())
        multiprocessing.util.Finalize(None, _close_children, exitpriority=10)


@atexit.register
def _close_children() -> None:
    """At the parent's exit, its shared children end with their folders (a child the kernel kills
    with its parent cannot remove its own)."""
    for sh in list(_children):
        try:
            sh.close()
        except Exception:  # noqa: BLE001 - exiting: nothing left to report to
            pass


def _serve(req, res, config: Config, limits: Limits, others: list) -> None:
    """The shared child's loop: a batch item in, its FileResult out, until EOF."""
    for conn in others:  # the parent's ends of this and other shared children's pipes
        try:
            conn.close()
        except OSError:
            pass
    die_with_parent()
    startcache.forget_inherited()
    while True:
        try:
            if not req.poll(SHARED_IDLE_S):
                break  # idle (a Dask worker between batches); the parent never sends this late
            kind, what = req.recv()
        except (EOFError, OSError):
            break  # the parent closed the batch (or died)
        try:
            _limit_memory(limits, again=True)
            r = _checked(what, config, limits) if kind == "check" else _called(*what)
        except MemoryError:
            r = _memory_result(_path(what), limits) if kind == "check" else ("failed", "memory")
        try:
            res.send(r)
        except Exception:  # noqa: BLE001 - a value that cannot be sent: the parent sees a crash
            return
        if _failed(r):
            return  # what is left of this process may be damaged: the next file gets a fresh one
    startcache.save()  # the patterns the files' checks compiled here: the next run has them


def _failed(r) -> bool:
    """Whether a shared child's answer (a FileResult, or ``call_guarded``'s pair) ends it."""
    return r[0] != "ok" if isinstance(r, tuple) else r.error_code in ("too-large", "crashed")


class _Shared:
    """The parent's handle on one shared child (see above)."""

    def __init__(self, config: Config, limits: Limits) -> None:
        ctx = multiprocessing.get_context("fork")
        self.config, self.limits, self.pid, self.files, self.closed = config, limits, os.getpid(), 0, False
        self.used = time.monotonic()
        req_r, self.req = ctx.Pipe(duplex=False)
        self.res, res_w = ctx.Pipe(duplex=False)
        self.tmp = tempfile.mkdtemp(prefix="jxcheck-child-")
        others = [self.req, self.res] + [c for sh in list(_children) for c in (sh.req, sh.res)]
        self.proc = ctx.Process(target=_in_tmpdir, args=(self.tmp, _serve, req_r, res_w, config, limits, others),
                                daemon=True)
        _start(self.proc)
        req_r.close()
        res_w.close()
        _children.add(self)
        _close_at_exit()

    def fits(self, config: Config | None, limits: Limits) -> bool:
        return (not self.closed and self.pid == os.getpid() and self.files < SHARED_FILES
                and time.monotonic() - self.used < SHARED_IDLE_S / 2 and self.proc.is_alive()
                and (config is None or config is self.config or config == self.config) and limits == self.limits)

    def ask(self, request):
        """``request``: ("check", item) or ("call", (fn, args)). (answer, None) or (None,
        how it ended) — as ``_in_child``; after a failure the child is gone."""
        self.files += 1
        try:
            self.req.send(request)
            self.used = time.monotonic()
        except (BrokenPipeError, OSError):  # died between two files: not this file's doing
            self.close()
            return None, "restart"
        deadline = time.monotonic() + self.limits.timeout_s if self.limits.timeout_s else None
        try:
            while True:
                wait = None if deadline is None else max(0.0, deadline - time.monotonic())
                if self.res.poll(wait):
                    try:
                        r = self.res.recv()
                    except (EOFError, OSError):  # died on this file
                        break
                    if _failed(r):
                        self.close()  # the child ends after such a file (``_serve``)
                    return r, None
                if deadline is not None and time.monotonic() >= deadline:
                    self.close()
                    return None, "timeout"
        except BaseException:  # Ctrl-C, SIGTERM: the child goes with the file
            self.close()
            raise
        self.proc.join(5)
        code = self.proc.exitcode
        self.close()
        if code is not None and code < 0:
            if -code == signal.SIGKILL and self.limits.max_memory_mb:
                return None, "memory"  # the kernel's OOM killer, most likely
            try:
                return None, signal.Signals(-code).name
            except ValueError:
                return None, f"信号 {-code}"
        return None, f"退出码 {code}"

    def close(self) -> None:
        self.closed = True
        _children.discard(self)
        if self.pid != os.getpid():  # a copy inherited by a fork: the child is not ours
            return
        for c in (self.req, self.res):
            c.close()
        if self.proc.is_alive():
            self.proc.join(0.5)  # it ends by itself on EOF
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        shutil.rmtree(self.tmp, ignore_errors=True)


def _shared_check(item, config: Config, limits: Limits, paths):
    return _shared(("check", item), config, limits, paths)


def _shared(request, config: Config | None, limits: Limits, paths, check: bool = True):
    sh: _Shared | None = getattr(_local, "child", None)
    if warm(check, paths) and sh is not None:  # loaded a reader the child does not have
        sh.close()
        sh = None
    for _ in range(2):
        if sh is None or not sh.fits(config, limits):
            if sh is not None:
                sh.close()
            sh = _local.child = _Shared(config or DEFAULT, limits)
        result, how = sh.ask(request)
        if how != "restart":
            break
        sh = None
    if how is not None:
        _local.child = None
    return result, how


@contextlib.contextmanager
def sharing_child():
    """Within this block (in this thread), guarded checks share one child process (see
    above); it ends with the block."""
    before = getattr(_local, "share", False)
    _local.share = True
    try:
        yield
    finally:
        _local.share = before
        if not before:
            stop_sharing()


def share_child() -> None:
    """From now on, in this thread, guarded checks share one child (a pool worker's
    initializer: the child ends with the worker)."""
    _local.share = True


def stop_sharing() -> None:
    sh = getattr(_local, "child", None)
    _local.child = None
    if sh is not None:
        sh.close()


def _called(fn, args: tuple) -> tuple[str, object]:
    try:
        return "ok", fn(*args)
    except MemoryError:
        return "failed", "memory"
    except BaseException as e:  # noqa: BLE001
        return "failed", f"{type(e).__name__}: {str(e)[:120]}"


def _call_child(conn, fn, args: tuple, limits: Limits) -> None:
    try:
        die_with_parent()
        startcache.forget_inherited()
        _limit_memory(limits)
        _reply(conn, _called(fn, args))
    except BaseException:  # noqa: BLE001 - a result that cannot be sent: the parent sees a crash
        pass
    finally:
        conn.close()


def call_guarded(fn, *args, limits: Limits = DEFAULT_LIMITS, path: str = "",
                 paths=None) -> tuple[object, FileResult | None]:
    """``fn(*args)`` under the time and memory limits of ``limits`` (in a forked
    child when they are set): ``(value, None)``, or ``(None, failure)`` with the
    FileResult ``path`` would get for it (timeout, too-large, crashed). For work
    on a file outside ``check_file``: pairing reads every table and the reports
    beside it before the batch. ``fn`` and its value must be picklable only by
    the fork (the value is sent back through a pipe); inside ``sharing_child()``
    the call goes to the shared child, so ``fn`` and ``args`` are pickled too (a
    module-level function, by reference), and ``path``'s reader is loaded first.
    ``paths``: the files ``fn`` reads, whose readers are loaded before the fork
    (``warm``; None: every reader)."""
    if not limits.needs_child or not fork_available():
        try:
            return fn(*args), None
        except (KeyboardInterrupt, GeneratorExit):
            raise
        except MemoryError:
            return None, _memory_result(path, limits)
        except BaseException as e:  # noqa: BLE001 - a reader's SystemExit must not end the batch
            return None, FileResult(path=path, status="error", error_code="crashed",
                                    error=f"检查失败：{type(e).__name__}: {str(e)[:120]}")
    if getattr(_local, "share", False):  # pairing's reads (plan): one child for them all
        sent, how = _shared(("call", (fn, args)), None, limits, paths or ((path,) if path else None), check=bool(path))
    else:
        sent, how = _in_child(_call_child, (fn, args, limits), limits, check=False, paths=paths)
    if sent is not None and sent[0] == "ok":
        return sent[1], None
    if sent is not None:
        how = "memory" if sent[1] == "memory" else sent[1]
        if how != "memory":
            return None, FileResult(path=path, status="error", error_code="crashed", error=f"检查失败：{how}")
    return None, _failure(path, how or "?", limits)
