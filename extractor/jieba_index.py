"""jieba with its prefix dictionary read from disk on demand (issue 15).

``jieba.initialize()`` unmarshals the whole prefix dictionary (≈ 500,000 entries)
into a dict: 0.6–1.3 s and ≈ 60 MB in every process, to tokenise a few dozen short
subject clauses per report. jieba's segmentation only ever asks that dict three
things — ``frag in FREQ``, ``FREQ[frag]`` and ``FREQ.get(frag)`` — so the tokenizer
here is jieba's own ``Tokenizer`` (its DAG, route and HMM code unchanged) whose
``FREQ`` answers those questions from an SQLite index of the same dictionary. The
index holds exactly what ``Tokenizer.gen_pfdict`` makes of jieba's ``dict.txt``
(every word with its frequency, every prefix with 0) and the same total, so the
tokens are identical (tests/test_jieba_index.py compares them with stock jieba).

The index is built once, at first use, into the user's cache directory
(``$JXCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/jxcheck``, else ``~/.cache/jxcheck``),
named after jieba's version and the dictionary file's size and mtime: a new jieba
or dictionary gets a new index. It is written to a temporary file beside its final
name and renamed into place, so processes building it at the same time never see a
half-written index. When the directory cannot be written, or an index cannot be
read, the stock dictionary is loaded instead (same tokens, the old cost).
"""
from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import quote

from .cachedir import cache_dir

_FORMAT = 1  # bump when the index layout changes
_lock = threading.Lock()


def _import_jieba():
    """``import jieba`` without pkg_resources: jieba imports it only to open its
    bundled files and falls back to a plain ``open`` beside its module when it is
    missing; importing it costs ≈ 70 ms."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba
    else:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes the import fail
        try:
            import jieba
        finally:
            del sys.modules["pkg_resources"]
    jieba.setLogLevel(logging.WARNING)
    return jieba


def _dict_path(jieba) -> str:
    return os.path.abspath(jieba.DEFAULT_DICT_NAME if os.path.isabs(jieba.DEFAULT_DICT_NAME)
                           else os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME))


def index_path(jieba) -> Path:
    st = os.stat(_dict_path(jieba))
    key = f"{_FORMAT}|{jieba.__version__}|{_dict_path(jieba)}|{st.st_size}|{st.st_mtime_ns}"
    return cache_dir() / f"jieba-prefix-{hashlib.sha1(key.encode()).hexdigest()[:16]}.sqlite3"


def build_index(jieba, path: Path) -> None:
    """Write the index of jieba's default dictionary to ``path`` (atomically)."""
    with open(_dict_path(jieba), "rb") as f:
        freq, total = jieba.Tokenizer.gen_pfdict(f)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        try:
            con.execute("PRAGMA journal_mode=OFF")
            con.execute("PRAGMA synchronous=OFF")
            con.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL)")
            con.execute("CREATE TABLE freq (w TEXT PRIMARY KEY, f INTEGER NOT NULL) WITHOUT ROWID")
            con.executemany("INSERT INTO freq VALUES (?, ?)", sorted(freq.items()))
            con.executemany("INSERT INTO meta VALUES (?, ?)", [("total", total), ("entries", len(freq))])
            con.commit()
        finally:
            con.close()
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide a shared cache from other users
        os.replace(tmp, path)  # atomic: readers see no index or a whole one
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class DiskFreq:
    """The part of a dict jieba's Tokenizer uses, answered from the index. Answers
    are memoised; the connection is per process (never used across a fork)."""

    __slots__ = ("_path", "_memo", "_con", "_pid", "_lock", "total")

    def __init__(self, path: Path) -> None:
        self._path = path
        self._memo: dict[str, int | None] = {}
        self._con: sqlite3.Connection | None = None
        self._pid = -1
        self._lock = threading.Lock()
        self.total = 0

    def _connect(self) -> sqlite3.Connection:
        uri = "file:" + quote(str(self._path)) + "?mode=ro&immutable=1"
        return sqlite3.connect(uri, uri=True, check_same_thread=False)

    def meta(self) -> dict[str, int]:
        with self._lock:
            return dict(self._cursor().execute("SELECT k, v FROM meta").fetchall())

    def _cursor(self) -> sqlite3.Connection:
        if self._con is None or self._pid != os.getpid():
            self._con = self._connect()
            self._pid = os.getpid()
        return self._con

    def get(self, w: str, default: int | None = None) -> int | None:
        try:
            v = self._memo[w]
        except KeyError:
            with self._lock:
                row = self._cursor().execute("SELECT f FROM freq WHERE w = ?", (w,)).fetchone()
            v = self._memo[w] = row[0] if row else None
        return default if v is None else v

    def __contains__(self, w: object) -> bool:
        return isinstance(w, str) and self.get(w) is not None

    def __getitem__(self, w: str) -> int:
        v = self.get(w)
        if v is None:
            raise KeyError(w)
        return v


def _open_index(jieba) -> DiskFreq | None:
    """The index, built when missing and rebuilt once when damaged; None when it
    cannot be had (a read-only cache dir …): the caller loads the stock dictionary."""
    for attempt in range(2):
        try:
            path = index_path(jieba)
            if attempt or not path.is_file():
                build_index(jieba, path)
            freq = DiskFreq(path)
            meta = freq.meta()
            if meta.get("entries", 0) > 0 and meta.get("total", 0) > 0:
                freq.total = meta["total"]
                return freq
        except sqlite3.Error:
            continue  # damaged (a truncated copy, another program's file): rebuild once
        except (OSError, ValueError):
            return None
    return None


def tokenizer(use_index: bool = True):
    """A jieba Tokenizer whose prefix dictionary is the on-disk index, or (when the
    index cannot be built or read, or ``use_index`` is false) stock jieba's, loaded."""
    jieba = _import_jieba()
    with _lock:
        tk = jieba.Tokenizer()
        freq = _open_index(jieba) if use_index else None
        if freq is None:
            tk.initialize()
        else:
            tk.FREQ, tk.total = freq, freq.total
            tk.initialized = True
        return tk
