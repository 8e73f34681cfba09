"""Compiled regular expressions and dataclass methods kept between runs (jxcheck.startcache, issue 15)."""
from __future__ import annotations

import json
import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from jxcheck import startcache

ROOT = Path(__file__).resolve().parents[1]
# a check of every sample, then what the cache did in that process
BOOT = (
    "import sys\nsys.argv = ['jxcheck', *sys.argv[1:]]\nfrom jxcheck import cli, startcache\n"
    "save, met = startcache.save, []\n"
    "startcache.save = lambda: (met.extend(startcache._new), save())[1]\n"
    "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
    "sys.stderr.write(f'\\nHITS={startcache.hits} NEW={len(startcache._new)}\\nMET={met!r}')\n"
)
# patterns third-party code builds from a set (their text changes with the hash seed)
SEED_DEPENDENT = ("^_xlnm\\.",)


def _check(cache: Path, *paths: str, seed: str = "1") -> tuple[str, int, int, list]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "JXCHECK_CACHE_DIR": str(cache), "NO_COLOR": "1",
           "PYTHONHASHSEED": seed}
    p = subprocess.run([sys.executable, "-c", BOOT, "check", "-f", "json", "-j", "1", *paths],
                       capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert p.returncode in (0, 1), p.stderr[-2000:]
    hits, new, met = p.stderr.rsplit("HITS=", 1)[1].split(maxsplit=2)
    return p.stdout, int(hits), int(new.removeprefix("NEW=")), eval(met.removeprefix("MET="))


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """samples/ checked without a usable cache, with an empty one, then with it filled."""
    d = tmp_path_factory.mktemp("startcache")
    blocked = d / "file"
    blocked.write_text("a file where the cache folder would be")
    none, none_hits, none_new, _ = _check(blocked / "cache", "samples")
    cold, cold_hits, cold_new, _ = _check(d / "cache", "samples")
    files = list((d / "cache").glob("start-*.marshal"))
    warm, warm_hits, warm_new, warm_met = _check(d / "cache", "samples", seed="2")
    return {"dir": d / "cache", "files": files, "out": (none, cold, warm), "met": warm_met,
            "hits": (none_hits, cold_hits, warm_hits), "new": (none_new, cold_new, warm_new)}


def test_output_is_the_same_with_and_without_the_cache(runs):
    none, cold, warm = runs["out"]
    assert json.loads(none)["files"]  # a real check
    assert none == cold == warm


def test_the_second_run_compiles_nothing_afresh(runs):
    none_hits, cold_hits, warm_hits = runs["hits"]
    assert none_hits == cold_hits == 0
    none_new, cold_new, warm_new = runs["new"]
    assert none_new >= 300 and cold_new == warm_new == 0  # main() saved what it met (when it could)
    assert warm_hits >= 300  # the module-level patterns of extractor and rules: ≈ 350
    assert len(runs["files"]) == 1
    # another hash seed, the same patterns: jxcheck builds none from a set's order
    assert [k for k in runs["met"] if not (k[0] == "re" and str(k[1]).startswith(SEED_DEPENDENT))] == []


def _entries(path: Path) -> dict:
    data = path.read_bytes()
    head = len(startcache._HEAD) + 9
    assert startcache._crc(data[head:]) == data[len(startcache._HEAD):head]
    return marshal.loads(data[head:])


def test_every_cached_pattern_equals_a_fresh_compile(runs):
    """Pattern equality compares the flags, the pattern and the compiled code word by word."""
    import _sre
    from array import array

    entries = {k[1:]: v for k, v in _entries(runs["files"][0]).items() if k[0] == "re"}
    assert len(entries) >= 300
    for (p, flags), (fl, code, groups, gi, ig) in entries.items():
        fresh = startcache._orig(p, flags) if startcache._orig else re._compiler.compile(p, flags)
        cached = _sre.compile(p, fl, array(startcache._CODE, code).tolist(), groups, dict(gi), ig)
        assert cached == fresh, p
        assert (cached.groups, dict(cached.groupindex)) == (fresh.groups, dict(fresh.groupindex)), p


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """startcache's state for one test, installed in this process, restored after."""
    monkeypatch.setenv("JXCHECK_CACHE_DIR", str(tmp_path))
    saved = (startcache._orig, startcache._entries, startcache._new, startcache._used, startcache.hits,
             startcache._dataclasses)
    startcache.uninstall()
    startcache._entries, startcache._new, startcache._used = {}, set(), set()
    yield tmp_path
    startcache.uninstall()
    (startcache._orig, startcache._entries, startcache._new, startcache._used, startcache.hits,
     startcache._dataclasses) = saved
    if startcache._orig is not None:
        re._compiler.compile = startcache.compile
    if startcache._dataclasses is not None:
        startcache._dataclasses.exec = startcache._exec


TAG = "x" + os.urandom(6).hex()


def _fresh_patterns(n: int = 3) -> list[str]:
    # patterns no test has compiled before (re keeps its own per-process cache)
    tag = os.urandom(6).hex()
    return [rf"(?P<w{i}>[\u4e00-\u9fff]{{2,{i + 4}}}){TAG}(?:{tag})?|(?:元|万元)\d+" for i in range(n)]


def test_a_pattern_is_taken_from_the_file_written_before(isolated):
    pats = _fresh_patterns()
    assert startcache.install()
    got = [re.compile(p) for p in pats]
    assert startcache.save()
    startcache.uninstall()
    startcache._entries, startcache._new = {}, set()
    before = startcache.hits
    assert startcache.install()
    again = [startcache.compile(p, 0) for p in pats]
    assert startcache.hits == before + len(pats)
    assert again == got
    assert again[0].match("绩效评价" + TAG).group("w0") == "绩效评价"
    assert again[1].fullmatch("万元12") and not again[1].match("绩效" + TAG[:-1])
    assert not startcache.save()  # nothing new


@pytest.mark.parametrize("damage", ["truncated", "flipped", "not-marshal", "wrong-types", "wrong-code"])
def test_a_damaged_file_is_ignored_and_rewritten(isolated, damage):
    pats = _fresh_patterns(2)
    startcache.install()
    for p in pats:
        re.compile(p)
    startcache.save()
    path = startcache.cache_file()
    data = path.read_bytes()
    head = len(startcache._HEAD) + 9
    if damage == "truncated":
        data = data[:-7]
    elif damage == "flipped":
        data = data[:-20] + bytes([data[-20] ^ 1]) + data[-19:]
    elif damage == "not-marshal":
        body = b"\xff not marshal"
        data = startcache._HEAD + startcache._crc(body) + body
    else:  # a file that checks but whose entries _sre cannot take
        entries = marshal.loads(data[head:])
        # wrong-code: the last code word cut off (_sre validates the code it is given)
        bad = {k: ("x", 1, 2, 3, 4) if damage == "wrong-types" else (v[0], v[1][:-4], *v[2:])
               for k, v in entries.items()}
        body = marshal.dumps(bad)
        data = startcache._HEAD + startcache._crc(body) + body
    path.write_bytes(data)
    startcache.uninstall()
    startcache._entries, startcache._new = {}, set()
    startcache.install()
    before = startcache.hits
    got = [startcache.compile(p, 0) for p in pats]
    assert startcache.hits == before  # nothing taken from the damaged file
    assert got == [startcache._orig(p, 0) for p in pats]
    assert startcache.save()  # rewritten with good entries
    assert set(_entries(path)) >= {("re", p, 0) for p in pats}


def test_past_the_limit_only_this_process_patterns_are_kept(isolated, monkeypatch):
    monkeypatch.setattr(startcache, "LIMIT", 2)
    old = _fresh_patterns(3)
    startcache.install()
    for p in old:
        re.compile(p)
    startcache.save()
    startcache.uninstall()
    startcache._entries, startcache._new, startcache._used = {}, set(), set()
    startcache.install()
    new = _fresh_patterns(1)
    startcache.compile(new[0], 0)
    startcache.compile(old[0], 0)
    assert startcache.save()
    assert set(_entries(startcache.cache_file())) == {("re", new[0], 0), ("re", old[0], 0)}


def test_an_unwritable_cache_costs_only_the_compile(isolated, monkeypatch):
    (isolated / "file").write_text("")
    monkeypatch.setenv("JXCHECK_CACHE_DIR", str(isolated / "file" / "cache"))
    startcache.install()
    p = _fresh_patterns(1)[0]
    assert re.compile(p) == startcache._orig(p, 0)
    assert not startcache.save()


def test_debug_patterns_and_compiled_patterns_go_to_re_itself(isolated, capsys):
    startcache.install()
    p = _fresh_patterns(1)[0]
    re.compile(p, re.DEBUG)
    assert capsys.readouterr().out  # re printed its debug listing
    assert ("re", p, int(re.DEBUG)) not in startcache._entries


def startcache_check(path: str, config) -> object:
    """A per-file function for the pool's workers: whether the cache routes their patterns."""
    from jxcheck.result import FileResult

    return FileResult(path=path, status="ok", notes=(f"{startcache._orig is not None} {startcache.hits} {os.getpid()}",))


def test_pool_workers_start_from_the_cache(runs, tmp_path):
    """The fork server imports the CLI first, so the pipeline it preloads compiles through
    the cache and every worker forked from it starts with those patterns."""
    for i in range(6):
        (tmp_path / f"r{i}.txt").write_text("项目预算500万元。\n", encoding="utf-8")
    code = (
        "import os, sys\nimport jxcheck.cli\nfrom jxcheck.batch import run_batch\nfrom test_startcache import startcache_check\n"
        f"paths = sorted(str(p) for p in __import__('pathlib').Path({str(tmp_path)!r}).glob('*.txt'))\n"
        "notes = [r.notes[0] for r in run_batch(paths, jobs=2, check=startcache_check)]\n"
        "print('NOTES', [n for n in notes if not n.endswith(' ' + str(os.getpid()))])\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")]),
           "JXCHECK_CACHE_DIR": str(runs["dir"])}
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    notes = eval(p.stdout.rsplit("NOTES", 1)[1]) if "NOTES" in p.stdout else p.stderr
    assert notes, notes  # files were checked in workers
    for n in notes:
        installed, hits, _ = n.split()
        assert installed == "True" and int(hits) >= 250, n


def test_every_cached_method_is_what_exec_would_compile(runs):
    import dataclasses
    from types import CodeType

    methods = {k[1]: v for k, v in _entries(runs["files"][0]).items() if k[0] == "py"}
    assert len(methods) >= 150  # the model's, the facts', the findings' dataclasses
    assert any("def __init__(" in src for src in methods)
    for src, code in methods.items():
        assert type(code) is CodeType
        # exec(src) in the dataclasses module compiles it with that module's future flags
        # (none); compile(..., dont_inherit=True) here is the same
        assert code == builtins_compile(src), src
    assert not hasattr(dataclasses, "annotations")  # no __future__ flags to inherit there


def builtins_compile(src: str):
    import builtins

    return builtins.compile(src, "<string>", "exec", dont_inherit=True)


def _shape(cls):
    import inspect

    o = cls(1, "a")
    return (inspect.signature(cls), cls.__init__.__annotations__, repr(o), o == cls(1, "a"), hash(o),
            cls.__doc__, [f.name for f in __import__("dataclasses").fields(cls)], cls.__slots__,
            cls.__init__.__code__.co_filename, cls.__init__.__qualname__)


def test_a_dataclass_made_through_the_cache_is_the_same(isolated):
    import dataclasses

    def make():
        @dataclasses.dataclass(frozen=True, slots=True)
        class Point:
            x: int
            label: str = "p"
            tags: tuple[str, ...] = dataclasses.field(default=())

        return Point

    plain = _shape(make())
    startcache.install()
    before = startcache.hits
    first = make()  # compiled through the cache
    again = make()  # taken from it
    assert startcache.hits > before
    assert _shape(first) == _shape(again) == plain
    with pytest.raises(dataclasses.FrozenInstanceError):
        again(1, "a").x = 2
    startcache.uninstall()
    assert "exec" not in vars(dataclasses)


def test_cli_annotations_are_objects_not_text():
    """typer reads every command's options from its annotations; as text (``from
    __future__ import annotations``) each is ``eval``-ed — compiled — on every run:
    ≈ 7 ms of a cold check for the four commands."""
    import inspect

    from jxcheck import cli

    for fn in (cli.check, cli.extract, cli.list_rules, cli.explain, cli._root):
        for p in inspect.signature(fn).parameters.values():
            assert not isinstance(p.annotation, str), (fn.__name__, p.name)


def _file_keys() -> set:
    path = startcache.cache_file()
    return set(_entries(path)) if path.exists() else set()


@pytest.mark.parametrize("shared", [True, False], ids=["shared-child", "child-per-file"])
def test_a_pattern_first_compiled_in_a_guarded_child_is_saved(isolated, shared):
    """The guarded child checks the files: a pattern a check builds from its document, or
    a rule compiles lazily, is met there first. It is saved when the child ends (merged
    into the file), so the next run's child takes it from the cache."""
    from jxcheck import guard

    startcache.install()
    parents = _fresh_patterns(1)
    re.compile(parents[0])  # the parent's own: its to save, not the child's
    assert startcache.save()
    childs = _fresh_patterns(2)
    limits = guard.Limits(timeout_s=60, max_memory_mb=1024)
    if shared:
        with guard.sharing_child():
            got = [guard.call_guarded(re.compile, p, limits=limits, paths=())[0] for p in childs]
    else:
        got = [guard.call_guarded(re.compile, p, limits=limits, paths=())[0] for p in childs]
    assert [g.pattern for g in got] == childs
    assert not any(("re", p, 0) in startcache._entries for p in childs)  # compiled in the child only
    keys = _file_keys()
    assert {("re", p, 0) for p in childs} <= keys
    assert ("re", parents[0], 0) in keys  # merged with what the file held, not replaced


def test_a_save_keeps_what_another_process_saved_since(isolated):
    startcache.install()
    mine = _fresh_patterns(1)
    re.compile(mine[0])
    theirs = _fresh_patterns(1)[0]
    other = subprocess.run([sys.executable, "-c", "import re, sys\nfrom jxcheck import startcache\nstartcache.install()\n"
                            "re.compile(sys.argv[1])\nprint(startcache.save())", theirs],
                           capture_output=True, text=True, cwd=ROOT, timeout=60,
                           env={**os.environ, "PYTHONPATH": str(ROOT), "JXCHECK_CACHE_DIR": str(isolated)})
    assert other.stdout.strip() == "True", other.stderr
    assert startcache.save()
    assert {("re", mine[0], 0), ("re", theirs, 0)} <= _file_keys()


def test_pool_workers_save_what_their_checks_compiled(tmp_path):
    """-j 2: the files are checked in each worker's guarded child; what those compile
    reaches the file, though neither the workers nor their children are the CLI's process."""
    cache = tmp_path / "cache"
    code = (
        "import os, sys\nfrom jxcheck import cli, startcache\nfrom jxcheck.batch import run_batch\n"
        "from jxcheck.guard import BOUNDED\nfrom functools import partial\nfrom jxcheck.batch import default_check\n"
        "paths = sorted(str(p) for p in __import__('pathlib').Path('samples').glob('*.txt'))\n"
        "rs = list(run_batch(paths, jobs=2, check=partial(default_check, limits=BOUNDED)))\n"
        "assert all(r.status == 'ok' for r in rs), [r.error for r in rs]\n"
        "startcache.save()\nprint('PARENT', len(startcache._entries))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "JXCHECK_CACHE_DIR": str(cache)}
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert "PARENT" in p.stdout, p.stderr[-2000:]
    parents = int(p.stdout.rsplit("PARENT", 1)[1])
    (path,) = cache.glob("start-*.marshal")
    assert len(_entries(path)) > parents  # the workers' children compiled patterns the parent never met
