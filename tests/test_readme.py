"""The README's examples run as printed (issue 13).

- Every code block that starts with ``$ jxcheck …`` is run from the repository root
  (as the README's reader would, on ``samples/``), piped at 80 columns (or the
  ``COLUMNS=`` the example sets) with ``NO_COLOR``, and its shown output is compared with what it prints: for text
  and CSV every shown line in order (a line ``…`` stands for lines left out, a
  line ending in ``…`` for its beginning); for JSON, JSON Lines and SARIF every
  ``"key": value`` pair shown is in the real output (a value with ``…`` in it is
  abridged and skipped).
- The configuration example is written to a ``jxcheck.toml``, read (it must not
  exit 2) and applied: only the selected rules report, the ignored ones do not, the
  severity override and ``fail-on`` take effect.
- Every rule named in the README (``JX101 funds-rate-mismatch``, JSON ``"rule"`` /
  ``"name"``) exists under that name.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from rules.registry import all_rules

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
BLOCKS = [(m.group(1), m.group(2)) for m in FENCE.finditer(README)]
EXAMPLES = [(lang, body) for lang, body in BLOCKS if re.match(r"\$ (?:[A-Z_]+=\S+ )*jxcheck ", body)]


def run(argv: list[str], cwd: Path = ROOT, **extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "CI")}
    env.update({"NO_COLOR": "1", "COLUMNS": "80", "PYTHONIOENCODING": "utf-8", **extra})
    return subprocess.run([sys.executable, "-m", "jxcheck.cli", *argv], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def _pairs(text: str) -> list[tuple[str, str]]:
    """The ``"key": scalar`` pairs written in a (possibly abridged) JSON example."""
    return re.findall(r'"([\w$]+)": ("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|null|true|false)', text)


def _flat(doc, out: set[tuple[str, str]] | None = None) -> set[tuple[str, str]]:
    out = set() if out is None else out
    if isinstance(doc, dict):
        for k, v in doc.items():
            if isinstance(v, (dict, list)):
                _flat(v, out)
            else:
                out.add((k, json.dumps(v, ensure_ascii=False)))
    elif isinstance(doc, list):
        for v in doc:
            _flat(v, out)
    return out


def _lines_in_order(shown: list[str], real: list[str]) -> None:
    i = 0
    for want in shown:
        if want.strip() == "…":
            continue
        prefix = want.endswith("…")
        want = want[:-1].rstrip() if prefix else want
        while i < len(real) and not (real[i].startswith(want) if prefix else real[i] == want):
            i += 1
        assert i < len(real), f"README line not in the output (in order):\n{want}\n--- output ---\n" + "\n".join(real)
        i += 1


def test_the_readme_has_examples():
    assert len(EXAMPLES) >= 8, [b.splitlines()[0] for _, b in EXAMPLES]


@pytest.mark.parametrize("lang,body", EXAMPLES, ids=[b.splitlines()[0][2:60] for _, b in EXAMPLES])
def test_example_runs_as_printed(lang, body):
    first, *shown = body.rstrip("\n").split("\n")
    words = shlex.split(first[2:])
    env = {}
    while "=" in words[0]:  # COLUMNS=120 jxcheck …: the width the example was printed at
        k, v = words.pop(0).split("=", 1)
        env[k] = v
    argv = words[1:]
    res = run(argv, **env)
    assert "Traceback" not in res.stderr, res.stderr
    assert res.returncode in (0, 1, 3), (res.returncode, res.stderr)
    fmt = argv[argv.index("-f") + 1] if "-f" in argv else "text"
    if fmt in ("json", "sarif", "jsonl"):
        docs = [json.loads(x) for x in res.stdout.splitlines() if x.strip()] if fmt == "jsonl" \
            else [json.loads(res.stdout)]
        real = set().union(*(_flat(d) for d in docs))
        missing = [p for p in _pairs("\n".join(shown)) if "…" not in p[1]  # an abridged value
                   and (p[0], json.dumps(json.loads(p[1]), ensure_ascii=False)) not in real]
        assert not missing, missing
    else:
        _lines_in_order([x.rstrip() for x in shown], [x.rstrip() for x in res.stdout.splitlines()])


def _config_example() -> str:
    section = README[README.index("### Choosing rules and configuration"):]
    return next(body for lang, body in FENCE.findall(section) if lang == "toml")


def test_config_example_is_read_and_applied(tmp_path):
    text = _config_example()
    cfg = tomllib.loads(text)
    (tmp_path / "jxcheck.toml").write_text(text, encoding="utf-8")
    sample = ROOT / "samples" / "06-village-revitalisation-funds.txt"
    res = run(["check", str(sample), "-f", "json"], cwd=tmp_path)
    assert res.returncode != 2, res.stderr  # the config is valid
    doc = json.loads(res.stdout)
    found = doc["files"][0]["findings"]
    assert found, "the example should leave something to see on the sample"
    rules = {r.code: r for r in all_rules()}

    def chosen(sel: str) -> set[str]:
        return {c for c, r in rules.items() if sel in (c, r.name, r.category)}

    selected = set().union(*(chosen(s) for s in cfg["select"]))
    ignored = set().union(*(chosen(s) for s in cfg.get("ignore", [])))
    assert {f["rule"] for f in found} <= selected - ignored
    for code, sev in cfg.get("severity", {}).items():
        for f in found:
            if f["rule"] == code:
                assert f["severity"] == sev
    assert any(f["rule"] in cfg.get("severity", {}) for f in found), "the severity override is shown at work"
    # fail-on: the file's worst finding decides the exit code
    rank = {"info": 1, "warning": 2, "error": 3}
    worst = max(rank[f["severity"]] for f in found)
    assert res.returncode == (1 if worst >= rank[cfg["fail-on"]] else 0)
    for code, opts in cfg.get("rules", {}).items():
        assert set(opts) <= set(rules[code].options), code
    # without the file, the ignored rules would have reported on this sample
    plain = json.loads(run(["check", str(sample), "-f", "json", "--no-config"], cwd=tmp_path).stdout)
    assert {f["rule"] for f in plain["files"][0]["findings"]} - {f["rule"] for f in found}


def test_every_rule_named_in_the_readme_exists():
    names = {r.code: r.name for r in all_rules()}
    pairs = re.findall(r"\b(JX\d{3})`?\s+`?([a-z]+(?:-[a-z0-9]+)+)\b", README)
    pairs += re.findall(r'"rule": "(JX\d{3})"[^}]*?"name": "([a-z-]+)"', README)
    pairs += re.findall(r'"id": "(JX\d{3})", "name": "([a-z-]+)"', README)
    assert len(pairs) > 20
    wrong = sorted({(c, n) for c, n in pairs if names.get(c) != n and c in names or c not in names})
    assert not wrong, wrong
