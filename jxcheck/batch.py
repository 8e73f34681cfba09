"""Run ``check_file`` over many files: in-process, on a local process pool, or on Dask.

``run_batch`` yields one ``FileResult`` per input path, **in input order**, whatever
order the workers finish in (a reorder buffer keyed by input index).  At most
``window`` files are submitted-but-not-yet-yielded at any time, so memory stays
flat however long the input iterator is: a million-file batch never queues a
million futures, and never holds more than ``window`` results.

Failures stay per file:

* an exception escaping ``check_file`` in a worker  -> ``FileResult(status='error',
  error_code='worker-crashed')`` for that file;
* a worker process dying (``os._exit``, segfault in a PDF library, OOM kill) breaks a
  ``ProcessPoolExecutor`` and fails every file in flight.  The pool is rebuilt and
  those files are re-run **one at a time**; the one that kills its worker again is
  the culprit and gets the ``worker-crashed`` result, the others their real result.

Heavy state (readers, pdfplumber, jieba's dictionary) is imported lazily by
``check_file`` itself, so each worker pays for it once, on the first file that needs
it, and never for formats the batch does not contain.

Process start method: ``forkserver`` (see docs/batch.md for the measurements).
``fork`` is unsafe once the parent has threads (Dask, rich's live display, the test
runner) and copies whatever the parent imported; ``spawn`` re-imports the world in
every worker (+~0.1 s each).  The fork server starts from a clean interpreter that
preloads only the light pipeline modules, then forks each worker from it.
"""
from __future__ import annotations

import collections
import functools
import itertools
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

from rules.config import DEFAULT, Config

from .result import FileResult

CRASHED = "worker-crashed"
# Cheap files (TXT: ~1 ms) are sent to the pool in chunks so that the per-task cost
# (queues, pickling, a wake-up of the parent) does not dominate; the chunk grows until
# a task takes about TASK_SECONDS, measured on the files already done. Expensive files
# (PDF) stay one per task, for load balance.
MAX_CHUNK = 16
TASK_SECONDS = 0.05
EXECUTORS = ("local", "dask")
# modules the fork server imports once so that forked workers start warm but light
_PRELOAD = ["jxcheck.pipeline", "jxcheck.result", "rules.config", "rules.finding"]


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def path_of(item: Any) -> str:
    """A batch item is a path, or a pairing plan entry (``jxcheck.pairing.Planned``:
    a report with its separate 自评表) that carries its path."""
    return item if isinstance(item, str) else item.path


def crashed(path: Any, why: str) -> FileResult:
    path = path_of(path)
    return FileResult(path=path, status="error", error=f"检查进程崩溃：{why}", error_code=CRASHED)


# --------------------------------------------------------------------------- worker side

_CONFIG: Config = DEFAULT
_CHECK: Callable[[str, Config], FileResult] | None = None


def _init_worker(config: Config, check: Callable[[str, Config], FileResult] | None) -> None:
    """Pool initializer: remember the config (sent once per worker, not per file). Warms
    nothing heavy: readers and jieba are loaded by the first file that needs them."""
    global _CONFIG, _CHECK
    from multiprocessing.util import Finalize

    from . import startcache
    from .guard import share_child

    _CONFIG = config
    _CHECK = check
    share_child()  # guarded checks share one child per worker (jxcheck.guard)
    startcache.forget_inherited()
    Finalize(None, startcache.save, exitpriority=1)  # after its shared child (10); a worker exits by os._exit


def default_check(item: Any, config: Config, limits: Any = None) -> FileResult:
    """The per-file unit of every executor: a path or a pairing plan entry, checked
    in-process, or in a guarded child process when a time or memory limit is set
    (``jxcheck.guard``)."""
    from .guard import DEFAULT_LIMITS, run_guarded

    return run_guarded(item, config, limits or DEFAULT_LIMITS)


def _check_one(item: Any, config: Config, check: Callable[..., FileResult] | None) -> FileResult:
    path = path_of(item)
    try:
        if check is None or getattr(check, "func", None) is default_check:
            return (check or default_check)(item, config)
        return check(path, config)
    except Exception as e:  # noqa: BLE001 - a rule bug must not stop the batch
        return crashed(path, f"{type(e).__name__}: {e}")


def _pool_task(items: list[tuple[int, str]]) -> list[tuple[int, FileResult, float]]:
    out = []
    for index, path in items:
        t = time.perf_counter()
        r = _check_one(path, _CONFIG, _CHECK)
        out.append((index, r, time.perf_counter() - t))
    return out


def check_bytes(name: str, data: bytes, config: Config = DEFAULT,
                check: Callable[[str, Config], FileResult] | None = None) -> FileResult:
    """Check a file sent as bytes (Dask workers without the shared path): write it to a
    temporary file with the same name, check that, report under the original path."""
    import tempfile

    name = path_of(name)
    with tempfile.TemporaryDirectory(prefix="jxcheck-") as d:
        tmp = os.path.join(d, os.path.basename(name) or "report")
        with open(tmp, "wb") as f:
            f.write(data)
        r = _check_one(tmp, config, check)
    return replace(r, path=name)


def _dask_task(path: str, config: Config, check: Callable[[str, Config], FileResult] | None,
               data: bytes | None = None) -> FileResult:
    if data is not None:
        return check_bytes(path, data, config, check)
    return _check_one(path, config, check)


# --------------------------------------------------------------------------- driver side


def _pop_ready(done: dict[int, FileResult], names: dict[int, Any], next_out: int) -> tuple[list[FileResult], int]:
    """The reorder buffer's step: take the results that are next in input order (and
    forget their names); return them and the index now awaited."""
    ready = []
    while next_out in done:
        ready.append(done.pop(next_out))
        del names[next_out]
        next_out += 1
    return ready, next_out


def run_batch(
    paths: Iterable[str],
    config: Config = DEFAULT,
    *,
    jobs: int | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    send_bytes: bool = False,
    window: int | None = None,
    limits: Any = None,
    check: Callable[[str, Config], FileResult] | None = None,
) -> Iterator[FileResult]:
    """Check every path; yield the results in input order, as soon as each is next in line.

    jobs      worker processes (local) or LocalCluster workers (dask, no scheduler);
              default: the cores this process may use. ``jobs=1`` runs in-process, and
              so does a batch of one file; never more workers than files.
    executor  'local' (process pool) or 'dask'.
    scheduler Dask scheduler address (``tcp://host:8786``); None = a local cluster.
    send_bytes (dask) read each file here and ship its bytes, for workers that do not
              see the same filesystem; default: workers open the path themselves.
    window    max files submitted but not yet yielded (default 4 × workers × MAX_CHUNK
              for the pool, 4 × worker threads for Dask).
    limits    ``jxcheck.guard.Limits``: size, pages, and per-file time and memory limits
              (a time or memory limit checks each file in a killable child process).
    check     the per-file function (default ``pipeline.check_file``); must be picklable
              by reference (a module-level function) for the pool and Dask. For tests.
    """
    if check is None and limits is not None:
        check = functools.partial(default_check, limits=limits)  # picklable: a module-level function
    if executor not in EXECUTORS:
        raise ValueError(f"unknown executor {executor!r} (use {' or '.join(EXECUTORS)})")
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    if executor == "dask":
        yield from _run_dask(paths, config, jobs=jobs, scheduler=scheduler, send_bytes=send_bytes,
                             window=window, check=check, max_bytes=getattr(limits, "max_bytes", None))
    else:
        # never start more workers than there are files: `jxcheck check one.pdf` runs in-process
        it = iter(paths)
        head = list(itertools.islice(it, jobs))
        jobs = max(1, len(head))
        paths = itertools.chain(head, it)
        if jobs == 1:
            from .guard import sharing_child

            with sharing_child():  # one guarded child checks file after file
                for p in paths:
                    yield _check_one(p, config, check)
        else:
            yield from _in_process_first(paths, config, jobs=jobs, window=window or 4 * jobs * MAX_CHUNK, check=check)


# A pool's workers each pay the start-up (imports, jieba's dictionary, the first check's
# patterns: ~1-1.5 s) that the parent has already paid: with -j = cores, a batch of a few
# files cost twice the CPU and more wall time than checking them here. So a batch starts
# in-process (each file still under the per-file guard: a forked child, as with -j 1) and
# moves to the pool only when the files left would take longer here than the pool needs
# to start and then share them: T > POOL_START_S × jobs / (jobs - 1).
POOL_START_S = 1.5
LOOKAHEAD = 4096  # files looked ahead (paths only) to count what is left of an iterator


def _guarded(check: Any) -> bool:
    """Whether each file is checked in a killable child (the default check with a time or
    memory limit): only then may the parent check files itself, a crash being the child's."""
    from .guard import fork_available

    limits = getattr(check, "keywords", {}).get("limits")
    return getattr(check, "func", None) is default_check and limits is not None and limits.needs_child \
        and fork_available()


def _in_process_first(paths: Iterable[Any], config: Config, *, jobs: int, window: int,
                      check: Any) -> Iterator[FileResult]:
    if not _guarded(check):  # a file could take the parent down: workers from the start
        it = iter(paths)
        head = list(itertools.islice(it, min(window, LOOKAHEAD)))  # the window bounds what is read ahead
        yield from _run_pool(itertools.chain(head, it), config, jobs=jobs, window=window, check=check,
                             preload=_preload(head))
        return
    from .guard import sharing_child, stop_sharing

    it = iter(paths)
    ahead: collections.deque = collections.deque()
    n, spent = 0, 0.0  # files checked here; seconds of those after the first (which also warms the parent)
    with sharing_child():
        while True:
            if len(ahead) < LOOKAHEAD:  # the count of files left decides
                ahead.extend(itertools.islice(it, LOOKAHEAD - len(ahead)))
            if not ahead:
                return
            left = len(ahead)
            if n >= 2 and left > 1 and spent / (n - 1) * left > POOL_START_S * jobs / (jobs - 1):
                stop_sharing()  # the workers have their own
                yield from _run_pool(itertools.chain(ahead, it), config, jobs=min(jobs, left), window=window,
                                     check=check, preload=_preload(ahead))
                return
            t = time.perf_counter()
            r = _check_one(ahead.popleft(), config, check)
            if n:
                spent += time.perf_counter() - t
            n += 1
            yield r


def _preload(items: Iterable[Any]) -> list[str]:
    """What the fork server imports for a batch of these files (the next LOOKAHEAD): the
    pipeline, the readers of the formats among them and their libraries (only those:
    a TXT batch does not import pdfplumber), and ``jxcheck.warmed`` (jieba's index and
    the rules' patterns, as ``guard.warm`` loads them). Every worker is forked from it
    with those already loaded, in pages the workers share, instead of loading them
    itself on its first file."""
    from .guard import _reader_modules

    paths = [p for item in items for p in ((item,) if isinstance(item, str) else (item.path, item.companion))]
    return list(dict.fromkeys([*_PRELOAD, *_reader_modules(paths), "jxcheck.warmed"]))


def _new_pool(jobs: int, config: Config, check: Any, preload: list[str] | None = None):
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    ctx = mp.get_context("forkserver")
    # Python 3.11's forkserver ignores '__main__' in the preload list, so every worker
    # re-runs the ``jxcheck`` console script; preloading the CLI makes that a no-op.
    # (The preload list is read when the fork server starts: once per process.) The CLI
    # first: importing it routes what the others compile through jxcheck.startcache.
    ctx.set_forkserver_preload((["jxcheck.cli"] if "jxcheck.cli" in sys.modules else []) + (preload or _PRELOAD))
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                               initargs=(config, check))


def _run_pool(paths: Iterable[str], config: Config, *, jobs: int, window: int,
              check: Any, preload: list[str] | None = None) -> Iterator[FileResult]:
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    it = enumerate(paths)
    names: dict[int, str] = {}  # index -> path, for every file not yet yielded
    done: dict[int, FileResult] = {}  # the reorder buffer
    inflight: dict[Any, list[int]] = {}  # future -> the indices of its chunk
    suspects: list[int] = []  # files in flight when a worker died; re-run one at a time
    broken: list[int] = []  # files lost to a broken pool in this round
    next_out = 0
    exhausted = False
    chunk, spent, checked = 1, 0.0, 0  # chunk size; seconds and files measured so far
    pool = _new_pool(jobs, config, check, preload)

    def submit(idx: list[int]) -> None:
        try:
            inflight[pool.submit(_pool_task, [(i, names[i]) for i in idx])] = idx
        except BrokenProcessPool:  # broke between our last wait() and now
            broken.extend(idx)

    try:
        while True:
            if suspects:  # isolation after a crash: one suspect in flight, nothing else
                if not inflight and not broken:
                    submit([suspects.pop(0)])
            else:
                while not exhausted and len(names) < window:
                    idx = []
                    for i, p in itertools.islice(it, min(chunk, window - len(names))):
                        names[i] = p
                        idx.append(i)
                    if not idx:
                        exhausted = True
                        break
                    submit(idx)
            if not inflight and not broken:
                break
            if inflight:
                finished, _ = wait(inflight, return_when=FIRST_COMPLETED)
                for fut in finished:
                    idx = inflight.pop(fut)
                    try:
                        for i, r, dt in fut.result():
                            done[i] = r
                            spent += dt
                            checked += 1
                    except BrokenProcessPool:
                        broken.extend(idx)
                    except Exception as e:  # noqa: BLE001 - e.g. a result that does not pickle
                        for i in idx:
                            done[i] = crashed(names[i], f"{type(e).__name__}: {e}")
                if checked:
                    per_file = spent / checked
                    chunk = max(1, min(MAX_CHUNK, window // (2 * jobs), int(TASK_SECONDS / max(per_file, 1e-6))))
            if broken:
                # a dead worker fails every file in flight: collect them all, new pool
                for idx in inflight.values():
                    broken.extend(idx)
                inflight.clear()
                how = _death(pool)
                pool.shutdown(wait=True, cancel_futures=True)
                pool = _new_pool(jobs, config, check, preload)
                if len(broken) == 1:  # it was alone in flight: it is the culprit
                    done[broken[0]] = crashed(names[broken[0]], "工作进程意外退出" + how)
                else:
                    suspects = sorted(broken) + suspects
                broken.clear()
            ready, next_out = _pop_ready(done, names, next_out)
            yield from ready
    except BaseException:  # Ctrl-C, SIGTERM (jxcheck.stop), a consumer that stops early
        _kill_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _death(pool: Any) -> str:
    """How the pool's dead worker died, for the culprit's message: ``（SIGABRT）`` (a C
    library's abort, e.g. PDFium), ``（SIGSEGV）``, ``（退出码 1）``; empty if unknown."""
    import signal

    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        code = getattr(proc, "exitcode", None)
        if code is None or code == 0:
            continue
        if code < 0:
            try:
                return f"（{signal.Signals(-code).name}）"
            except ValueError:
                return f"（信号 {-code}）"
        return f"（退出码 {code}）"
    return ""


def _kill_workers(pool: Any) -> None:
    """Kill the pool's workers now: ``shutdown`` would wait for the files in flight
    (up to ``--timeout`` each). A worker's guarded child dies with it
    (``stop.die_with_parent``); the fork server and the resource tracker exit once
    the last process holding their pipes is gone."""
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            proc.kill()
        except (OSError, AttributeError):
            pass


# with no Dask worker left for this long, the files not yet checked are reported as
# failed instead of waiting for a worker that may never come
NO_WORKERS_SECONDS = 60.0


def _absolute(item: Any) -> Any:
    """The item with absolute paths: a worker's working folder is not ours."""
    if isinstance(item, str):
        return os.path.abspath(item)
    return replace(item, path=os.path.abspath(item.path),
                   companion=os.path.abspath(item.companion) if item.companion else None)


def _file_bytes(path: str, max_bytes: int) -> bytes | None:
    """The content of a regular file of at most ``max_bytes``, read here for
    ``--dask-send-bytes``; None for anything else (a FIFO would block, /dev/zero
    never ends, a folder cannot be read): the file is then checked here, where the
    reader refuses it from its ``stat`` alone, as in a local run."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not block the open
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size == 0 or st.st_size > max_bytes:
            return None
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(max_bytes + 1)
        return data if len(data) <= max_bytes else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _no_workers(client: Any, since: float | None) -> tuple[bool, float | None]:
    """(every worker has been gone for NO_WORKERS_SECONDS, when they went)."""
    try:
        n = len(client.scheduler_info().get("workers", {}))
    except Exception:  # noqa: BLE001 - the scheduler itself is gone: no worker either
        n = 0
    if n:
        return False, None
    since = time.monotonic() if since is None else since
    return time.monotonic() - since >= NO_WORKERS_SECONDS, since


# A Dask task costs ~8 ms of scheduling (twice a TXT file's check): files go in chunks,
# sized from the measured time per file so that a task takes about DASK_TASK_SECONDS
# (1 to MAX_CHUNK files). A chunk that fails as a whole (its worker died: KilledWorker
# after Dask's retries) is sent again one file per task, so every file gets its own
# result and only the one that kills its worker is reported as crashed.
DASK_TASK_SECONDS = 0.2


def _dask_chunk(items: list[tuple[Any, Any]], config: Config,
                check: Callable[[str, Config], FileResult] | None) -> list[tuple[FileResult, float]]:
    """A Dask task: each (item, bytes or None) checked as ``_dask_task`` does, with the
    seconds it took. Guarded checks share one child per worker thread, from task to task
    (a fresh child per task cost ~50 ms: the fork from a large worker, cold caches); it
    ends after ``guard.SHARED_IDLE_S`` without work, or with the worker."""
    from .guard import share_child

    share_child()
    out = []
    for item, data in items:
        t = time.perf_counter()
        out.append((_dask_task(item, config, check, data), time.perf_counter() - t))
    return out


def _run_dask(paths: Iterable[str], config: Config, *, jobs: int, scheduler: str | None, send_bytes: bool,
              window: int | None, check: Any, max_bytes: int | None = None) -> Iterator[FileResult]:
    try:
        from distributed import Client, LocalCluster, wait
    except ImportError as e:  # pragma: no cover - exercised by hand
        raise RuntimeError("--executor dask 需要安装 jxcheck[dask]：pip install 'jxcheck[dask]'") from e

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=":0")
        client = Client(cluster)
    try:
        threads = max(1, sum(client.nthreads().values()))
        if window is None:
            window = 4 * threads * MAX_CHUNK
        it = enumerate(paths)
        names: dict[int, Any] = {}
        sent: dict[int, tuple[Any, Any]] = {}  # index -> what its task was given (item, bytes), until done
        done: dict[int, FileResult] = {}
        index: dict[Any, list[int]] = {}  # future -> the indices of its chunk
        alone: list[int] = []  # files of a chunk that failed as a whole: sent again one per task
        no_worker_since: float | None = None
        gone_why = ""
        next_out = 0
        exhausted = False
        chunk, recent = 1, collections.deque(maxlen=64)  # chunk size; seconds of the last files
        isolated = -1  # the file of ``alone`` in flight on its own

        def submit(idx: list[int]) -> None:
            fut = client.submit(_dask_chunk, [sent[i] for i in idx], config, check, pure=False)
            index[fut] = idx

        while True:
            if alone and not gone_why:  # isolation: one such file in flight, nothing else
                if not index:
                    isolated = alone.pop(0)
                    submit([isolated])
            # at most two tasks per worker thread queued: the first ones (one file each)
            # measure the time per file before the chunks are sized
            while not alone and not exhausted and len(names) < window and len(index) < 2 * threads:
                idx: list[int] = []
                taken = 0
                for i, p in itertools.islice(it, max(1, min(chunk, window - len(names)))):
                    taken += 1
                    names[i] = p
                    if gone_why:  # no worker left: every other file gets the same failure
                        done[i] = crashed(p, gone_why)
                        continue
                    data: Any = None
                    if send_bytes:
                        data = _file_bytes(path_of(p), max_bytes or 200 << 20)
                        if data is None:  # missing, a folder, a FIFO, a device, too large: as a local run
                            done[i] = _check_one(p, config, check)
                            continue
                        if len(data) > 1 << 20:  # keep big files out of the task graph, in a task of their own
                            sent[i] = (p, client.scatter(data, direct=scheduler is None))
                            submit([i])
                            continue
                    sent[i] = (p if send_bytes else _absolute(p), data)
                    idx.append(i)
                if not taken:
                    exhausted = True
                elif idx:
                    submit(idx)
            if not index and next_out not in done:
                break
            if index:
                try:
                    finished = list(wait(list(index), timeout=1.0, return_when="FIRST_COMPLETED").done)
                except TimeoutError:
                    finished = []
                if not finished:
                    gone, no_worker_since = _no_workers(client, no_worker_since)
                    if gone:  # fail what is left, in flight or not yet sent, instead of waiting forever
                        why = f"Dask 集群没有可用的 worker（超过 {NO_WORKERS_SECONDS:g} 秒），未检查"
                        for fut, idx in list(index.items()):
                            for i in idx:
                                done[i] = crashed(names[i], why)
                            fut.release()
                        for i in alone:
                            done[i] = crashed(names[i], why)
                        alone.clear()
                        index.clear()
                        gone_why = why
                for fut in finished:
                    idx = index.pop(fut)
                    try:
                        out = fut.result()
                    except Exception as e:  # noqa: BLE001 - KilledWorker (the worker died), or a bug
                        if idx == [isolated]:  # alone in flight: it is the culprit
                            done[isolated] = crashed(names[isolated], f"{type(e).__name__}: {e}")
                        else:  # which file? (a dying worker also fails what was queued on it)
                            alone.extend(idx)
                            alone.sort()
                    else:
                        for i, (r, dt) in zip(idx, out, strict=True):
                            want = path_of(names[i])
                            done[i] = r if send_bytes or r.path == want else replace(r, path=want)
                            recent.append(dt)
                    fut.release()
                    for i in idx:
                        if i in done:
                            sent.pop(i, None)
                if recent:  # the median: a worker's first file (its imports) is no measure
                    chunk = max(1, min(MAX_CHUNK, window // (2 * threads),
                                       int(DASK_TASK_SECONDS / max(statistics.median(recent), 1e-6))))
            ready, next_out = _pop_ready(done, names, next_out)
            yield from ready
    except BaseException:  # Ctrl-C, SIGTERM (jxcheck.stop), a consumer that stops early
        if cluster is not None:
            _kill_dask_workers(cluster)
        raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _kill_dask_workers(cluster: Any) -> None:
    """Kill a local cluster's worker processes now, as ``_kill_workers`` does the pool's:
    closing the cluster would ask each worker to stop and wait 4 s for the file it is
    checking before killing it. A worker's guarded child dies with it. The nannies then
    restart them, and say so, until the cluster is closed: we are stopping, their log
    lines are not the user's business (stderr keeps jxcheck's one line)."""
    import logging
    import signal

    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    for nanny in list(getattr(cluster, "workers", {}).values()):
        pid = getattr(getattr(nanny, "process", None), "pid", None)
        if pid:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
