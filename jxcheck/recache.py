"""Compiled regular expressions kept between runs (issue 15).

The number grammar, the indicator and fact readers and the rules compile ≈ 350
regular expressions at import, many with CJK ranges (``[\\u4e00-\\u9fff]``: Python's
compiler fills a 65,536-entry map code point by code point for each) and long unit
alternations: ≈ 0.1 s of every cold ``jxcheck check``, a third of a one-file check.
What ``re`` compiles a pattern *to* depends only on the pattern, its flags and the
interpreter: the parse and the code generation (``re._compiler.compile``) can be done
once and their result — the code words, the group count and names — handed to
``_sre.compile``, the constructor ``re._compiler.compile`` itself ends with. The
resulting pattern is equal (``==`` compares the code) to a freshly compiled one
(tests/test_recache.py checks every cached entry).

``install()`` (the CLI calls it before importing anything else) puts ``compile``
below ``re.compile``/``re.search`` … for the process; ``save()`` (at the end of
the command) writes the entries met for the first time, atomically, into
``cache_dir()/re-<key>.marshal`` — the key names the interpreter's version and
``_sre``'s code format, so another Python gets another file. The file carries a
CRC of its contents; one that does not check, does not load or holds an entry
``_sre`` refuses is ignored (and rewritten). A cache that cannot be written costs
nothing but the old compile time. Patterns built at run time from a document are
cached too, so the file is bounded: past ``LIMIT`` entries it is rewritten with this
process's patterns only. Debug-flagged patterns are never cached (they print when
compiled).
"""
from __future__ import annotations

import os
import sys

try:  # 3.11+
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_compile as _compiler  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

import _sre
from array import array

FORMAT = 1  # bump when the file's layout changes
LIMIT = 4000  # entries; the module-level patterns are ≈ 400
_HEAD = b"jxcheck-re\n"
_DEBUG = _compiler.SRE_FLAG_DEBUG
_CODE = next((t for t in "IL" if array(t).itemsize == _sre.CODESIZE), None)

_orig = None  # re's own compile, while installed
_entries: dict = {}  # (pattern, flags) -> (flags, code bytes, groups, groupindex, indexgroup)
_new: set = set()  # keys compiled in this process and not in the file
_used: set = set()  # keys asked for in this process
_owner = 0  # the pid that installed (a forked child never saves)
hits = 0  # patterns this process took from the cache (for the tests and bench)
misses = 0  # patterns this process compiled


def cache_file():
    import zlib  # not hashlib: its import (OpenSSL) would cost `jxcheck --help` ≈ 3 ms

    from extractor.cachedir import cache_dir

    key = f"{FORMAT}|{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}|{sys.maxunicode}"
    return cache_dir() / f"re-{sys.implementation.cache_tag}-{zlib.crc32(key.encode()):08x}.marshal"


def _crc(body: bytes) -> bytes:
    import zlib

    return b"%08x\n" % zlib.crc32(body)


def _load() -> dict:
    import marshal

    try:
        with open(cache_file(), "rb") as f:
            data = f.read()
    except OSError:
        return {}
    head, crc, body = data[:len(_HEAD)], data[len(_HEAD):len(_HEAD) + 9], data[len(_HEAD) + 9:]
    if head != _HEAD or crc != _crc(body):
        return {}
    try:
        got = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return {}
    return got if isinstance(got, dict) else {}


def compile(p, flags=0):  # noqa: A001 - the function re calls is named so
    """``re._compiler.compile``, from the cache when this pattern was met before."""
    global hits, misses
    if type(p) not in (str, bytes) or flags & _DEBUG:
        return _orig(p, flags)
    key = (p, int(flags))
    _used.add(key)
    e = _entries.get(key)
    if e is not None:
        try:
            pat = _sre.compile(p, e[0], array(_CODE, e[1]).tolist(), e[2], dict(e[3]), e[4])
        except Exception:  # noqa: BLE001 - an entry _sre refuses: compile it afresh
            del _entries[key]
        else:
            hits += 1
            return pat
    # what re._compiler.compile does, keeping its result
    misses += 1
    tree = _parser.parse(p, flags)
    code = _compiler._code(tree, flags)
    groupindex = tree.state.groupdict
    indexgroup = [None] * tree.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    e = (int(flags | tree.state.flags), array(_CODE, code).tobytes(), tree.state.groups - 1,
         dict(groupindex), tuple(indexgroup))
    pat = _sre.compile(p, e[0], code, e[2], dict(e[3]), e[4])
    _entries[key] = e
    _new.add(key)
    return pat


def install() -> bool:
    """Route this process's pattern compilation through the cache (once)."""
    global _orig, _owner, _entries
    if _orig is not None:
        return True
    if _CODE is None or not hasattr(_compiler, "_code") or not hasattr(_compiler, "compile"):
        return False  # pragma: no cover - an interpreter whose re internals differ
    _entries = _load()
    _orig, _owner = _compiler.compile, os.getpid()
    _compiler.compile = compile
    return True


def uninstall() -> None:
    global _orig
    if _orig is not None:
        _compiler.compile = _orig
        _orig = None


def save() -> bool:
    """Write the patterns met for the first time; True when the file was written."""
    import marshal
    import tempfile

    if not _new or os.getpid() != _owner:
        return False
    out = _entries if len(_entries) <= LIMIT else {k: _entries[k] for k in _used if k in _entries}
    try:
        body = marshal.dumps(out)
        path = cache_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    except (OSError, ValueError):
        return False
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(_HEAD + _crc(body) + body)
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide a shared cache from other users
        os.replace(tmp, path)  # atomic: readers see the old file or the new one
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False
    _new.clear()
    return True
