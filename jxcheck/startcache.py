"""What every start computes the same way, kept between runs (issue 15): compiled
regular expressions and the methods of dataclasses.

**Patterns.** The number grammar, the indicator and fact readers and the rules
compile ≈ 350 regular expressions at import, many with CJK ranges
(``[\u4e00-\u9fff]``: Python's compiler fills a 65,536-entry map code point by code
point for each) and long unit alternations: ≈ 0.1 s of every cold ``jxcheck check``.
What ``re`` compiles a pattern *to* depends only on the pattern, its flags and the
interpreter, so the parse and code generation (``re._compiler.compile``) are done
once and their result — the code words, the group count and names — handed to
``_sre.compile``, the constructor ``re._compiler.compile`` itself ends with. The
pattern is equal (``==`` compares the code) to a freshly compiled one.

**Dataclass methods.** ``@dataclass`` writes each class's ``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, ``__setattr__`` … as source text and ``exec``s it: ≈ 250
small compilations for the model, facts and findings, ≈ 70 ms of every start. The
``exec`` the dataclasses module calls is given a code object compiled once from that
same text (``compile(text, "<string>", "exec", dont_inherit=True)``: what ``exec``
of the text compiles, with dataclasses' own, empty, future flags); the function
``exec`` then makes is the same.

``install()`` (the CLI calls it before importing anything else; the fork server
imports the CLI first) routes both through the cache for the process; ``save()`` (at
the end of the command, and in each guarded child and pool worker when it ends: they
check the files) merges what was met for the first time, atomically, into
``cache_dir()/start-<interpreter>-<key>.marshal`` — the key names the interpreter's
version and ``_sre``'s code format, so another Python gets another file. The file
carries a CRC of its contents; one that does not check or does not load is ignored
(and rewritten), an entry ``_sre`` refuses is compiled afresh. A cache that cannot
be written costs nothing but the old compile time. Patterns built at run time from a
document are cached too, so the file is bounded: past ``LIMIT`` entries it is
rewritten with this process's entries only. Debug-flagged patterns are never cached
(they print when compiled). The cache directory is trusted as Python trusts the
bytecode in ``__pycache__``: the CRC catches damage, not a crafted file.
"""
from __future__ import annotations

import builtins
import os
import sys
from types import CodeType

try:  # 3.11+
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_compile as _compiler  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

import _sre
from array import array

FORMAT = 1  # bump when the file's layout changes
LIMIT = 2000  # entries: a check meets ≈ 700 (loading 1,000 costs ≈ 8 ms); stale ones go past it
_HEAD = b"jxcheck-start\n"
_DEBUG = _compiler.SRE_FLAG_DEBUG
_CODE = next((t for t in "IL" if array(t).itemsize == _sre.CODESIZE), None)

_orig = None  # re's own compile, while installed
_entries: dict = {}  # ("re", pattern, flags) -> (flags, code bytes, groups, groupindex, indexgroup);
#                      ("py", source) -> code object
_new: set = set()  # keys compiled in this process and not in the file
_used: set = set()  # keys asked for in this process
_dataclasses = None  # the dataclasses module, while its exec is ours
hits = 0  # patterns and methods this process took from the cache (for the tests and bench)
misses = 0  # patterns and methods this process compiled


def cache_file():
    import zlib  # not hashlib: its import (OpenSSL) would cost `jxcheck --help` ≈ 3 ms

    from extractor.cachedir import cache_dir

    key = f"{FORMAT}|{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}|{sys.maxunicode}"
    return cache_dir() / f"start-{sys.implementation.cache_tag}-{zlib.crc32(key.encode()):08x}.marshal"


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
    key = ("re", p, int(flags))
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


def _exec(source, globals=None, locals=None, /):  # noqa: A002 - exec's own parameters
    """``exec`` for the dataclasses module: a source text is compiled once, as ``exec``
    would compile it there, and kept."""
    global hits, misses
    if type(source) is str:
        if globals is None:  # pragma: no cover - dataclasses always passes its globals
            frame = sys._getframe(1)
            globals, locals = frame.f_globals, frame.f_locals if locals is None else locals
        key = ("py", source)
        _used.add(key)
        code = _entries.get(key)
        if type(code) is CodeType:
            hits += 1
        else:
            misses += 1
            code = builtins.compile(source, "<string>", "exec", dont_inherit=True)
            _entries[key] = code
            _new.add(key)
        source = code
    return builtins.exec(source, globals, locals)


def install() -> bool:
    """Route this process's pattern compilation and dataclass methods through the
    cache (once)."""
    global _orig, _entries, _dataclasses
    if _orig is not None:
        return True
    if _CODE is None or not hasattr(_compiler, "_code") or not hasattr(_compiler, "compile"):
        return False  # pragma: no cover - an interpreter whose re internals differ
    import dataclasses

    _entries = _load()
    _orig = _compiler.compile
    _compiler.compile = compile
    # a module global shadows the builtin for the module's own calls only
    if "exec" not in vars(dataclasses):
        dataclasses.exec = _exec  # type: ignore[attr-defined]
        _dataclasses = dataclasses
    return True


def uninstall() -> None:
    global _orig, _dataclasses
    if _orig is not None:
        _compiler.compile = _orig
        _orig = None
    if _dataclasses is not None:
        del _dataclasses.exec
        _dataclasses = None


def forget_inherited() -> None:
    """In a forked child (a guarded child, a pool worker): what the parent compiled is the
    parent's to save; from here on ``_new`` holds what this process compiles itself."""
    _new.clear()


def save() -> bool:
    """Write the patterns and methods met for the first time; True when the file was written.

    Any process may save: the process that installed (``main``), and the forked children
    that check the files (a guarded child when it ends, a pool worker at exit) — a pattern
    built from a document, or compiled lazily by a rule, is met there, and a child that
    never saved made every run compile it again. What this process has is merged into what
    the file holds now (another process may have written it since this one loaded it), so
    no process drops another's entries, unless two write at the same instant (the later
    replaces the file whole: a few entries compiled once more in the next run)."""
    import marshal
    import tempfile

    if not _new:
        return False
    out = {**_load(), **_entries}
    if len(out) > LIMIT:
        out = {k: out[k] for k in _used if k in out}
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
