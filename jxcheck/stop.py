"""Stopping: Ctrl-C (SIGINT) and SIGTERM end the run cleanly, children included.

``install()`` (the command line does it) makes SIGTERM raise ``KeyboardInterrupt``
like SIGINT does, so the same ``finally`` blocks run for both: the process pool's
workers are killed (``batch._run_pool``), a guarded child is killed by its parent
(``guard._in_child``) and, on Linux, also dies with it if the parent is killed
(``die_with_parent``), the temporary ``-o`` file is removed (``jxcheck.output``).
The exit code is 128 + the signal: 130 for SIGINT, 143 for SIGTERM.
"""
from __future__ import annotations

import signal
import sys

_received: int | None = None


def _on_signal(signum, frame) -> None:  # noqa: ARG001 - the signal module's signature
    global _received
    _received = _received or signum
    raise KeyboardInterrupt


def install() -> None:
    """SIGTERM (and SIGINT) raise KeyboardInterrupt in the main thread; remember which."""
    global _received
    _received = None
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            signal.signal(sig, _on_signal)
        except (ValueError, OSError):  # pragma: no cover - not the main thread, or not allowed
            pass


def exit_code() -> int:
    """128 + the signal that stopped the run (130 for Ctrl-C, also when no handler saw it)."""
    return 128 + (_received or signal.SIGINT)


def message() -> str:
    if _received == signal.SIGTERM:
        return "jxcheck: 已终止（收到 SIGTERM），未写出报告"
    return "jxcheck: 已中断"


def die_with_parent() -> None:
    """In a forked child: be killed (SIGKILL) when the process that forked it dies,
    however it dies. Linux only (``prctl(PR_SET_PDEATHSIG)``); a no-op elsewhere."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import os

        libc = ctypes.CDLL(None, use_errno=True)
        ppid = os.getppid()
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
        if os.getppid() != ppid:  # the parent died before prctl: nobody is waiting for us
            os._exit(1)
    except (OSError, AttributeError):  # pragma: no cover - no libc to call
        pass
