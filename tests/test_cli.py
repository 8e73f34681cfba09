"""The check command end to end, in process, with check_file replaced by a fake
(the readers and rules are written elsewhere): exit codes, formats, --output,
selection, configuration files and baselines."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_reporters_support import fake_rules, finding_dup, finding_ratio, finding_sum  # noqa: F401
from typer.testing import CliRunner

from jxcheck import cli, pipeline
from jxcheck.result import FileResult

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture
def reports(tmp_path, monkeypatch, fake_rules):  # noqa: F811
    """Three report files in tmp_path (the current folder); check_file answers
    from the file name: bad.txt has a ratio error, warn.txt a sum warning and
    an info, clean.txt nothing. The Config each call received is recorded."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    for name in ("bad.txt", "warn.txt", "clean.txt"):
        (tmp_path / name).write_text(f"{name} 的内容", encoding="utf-8")
    seen: list = []

    def fake_check_file(path, config=None):
        seen.append(config)
        base = os.path.basename(path)
        if not os.path.exists(path):
            return FileResult(path=path, status="error", error="文件不存在", error_code="missing")
        key = "bad.txt" if base.endswith("bad.txt") else base  # renamed copies of bad.txt too
        found = {"bad.txt": (finding_ratio(),), "warn.txt": (finding_sum(), finding_dup())}.get(key, ())
        found = tuple(f for f in found if config is None or _enabled(config, f))
        return FileResult(path=path, status="ok", format="txt", findings=found)

    def _enabled(config, f):
        from rules.registry import REGISTRY

        return config.enabled(REGISTRY[f.rule])

    monkeypatch.setattr(pipeline, "check_file", fake_check_file)
    return tmp_path, seen


def run(*args: str):
    # in-process (--jobs 1, no per-file child): these tests register fake rules that pool
    # workers would not see, and their fake check_file records what it was called with
    args = list(args)
    if args and args[0] == "check" and not any(a in ("-j", "--jobs") for a in args):
        args[1:1] = ["--jobs", "1"]
    if args and args[0] == "check" and not any(a in ("--timeout", "--max-memory") for a in args):
        args[1:1] = ["--timeout", "0", "--max-memory", "0"]
    return runner.invoke(cli.app, args)


# -- exit codes ---------------------------------------------------------------
def test_exit_codes(reports):
    assert run("check", "clean.txt").exit_code == 0
    assert run("check", "bad.txt").exit_code == 1
    assert run("check", "warn.txt").exit_code == 0  # default --fail-on error
    assert run("check", "warn.txt", "--fail-on", "warning").exit_code == 1
    assert run("check", "warn.txt", "--fail-on", "info").exit_code == 1
    assert run("check", "bad.txt", "--fail-on", "never").exit_code == 0
    os.symlink("nowhere.txt", "missing.txt")  # exists as a link, cannot be read
    assert run("check", "bad.txt", "missing.txt").exit_code == 3  # unreadable beats findings
    assert run("check", "bad.txt", "nowhere.txt").exit_code == 2  # a path that does not exist: usage
    assert run("check", "clean.txt", "--format", "yaml").exit_code == 2


def test_folder_is_checked_recursively_and_in_order(reports):
    res = run("check", ".", "--format", "json")
    assert [f["path"] for f in json.loads(res.stdout)["files"]] == ["./bad.txt", "./clean.txt", "./warn.txt"]


def test_text_output_is_plain_when_not_a_tty(reports):
    res = run("check", "bad.txt", "warn.txt")
    assert "\x1b[" not in res.stdout and "JX901" in res.stdout and "^^^^" in res.stdout


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "html", "sarif", "text"])
def test_every_text_format_to_output_file(reports, fmt):
    tmp, _ = reports
    res = run("check", "bad.txt", "clean.txt", "-f", fmt, "-o", f"out.{fmt}")
    assert res.exit_code == 1 and res.stdout == ""
    data = (tmp / f"out.{fmt}").read_bytes()
    assert "770.42万元".encode() in data
    if fmt == "csv":
        assert data.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads UTF-8
    if fmt == "jsonl":
        assert len(data.splitlines()) == 2


def test_xlsx_output(reports):
    import openpyxl

    tmp, _ = reports
    assert run("check", "bad.txt", "warn.txt", "-f", "xlsx", "-o", "out.xlsx").exit_code == 1
    wb = openpyxl.load_workbook(tmp / "out.xlsx")
    assert wb["发现"].max_row == 1 + 3 and wb["文件"].max_row == 1 + 2 + 1  # header, two files, 合计


# -- selection ----------------------------------------------------------------
def test_select_and_ignore_by_code_name_or_category(reports):
    _, seen = reports
    assert run("check", "bad.txt", "--ignore", "ratio-mismatch").exit_code == 0
    assert seen[-1].ignore == ("ratio-mismatch",)
    assert run("check", "bad.txt", "--select", "fake-sum,JX903").exit_code == 0
    assert seen[-1].select == ("fake-sum", "JX903")
    assert run("check", "bad.txt", "--select", "JX901").exit_code == 1


def test_unknown_selector_is_a_usage_error(reports):
    res = run("check", "bad.txt", "--select", "JX999")
    assert res.exit_code == 2 and "--select" in res.stderr and "JX999" in res.stderr


# -- configuration files ------------------------------------------------------
def test_config_found_upward_and_applied(reports):
    tmp, seen = reports
    (tmp / "jxcheck.toml").write_text(
        'ignore = ["JX903"]\nfail-on = "warning"\n[severity]\nfake-ratio = "warning"\n'
        '[rules.JX901]\ntolerance = 0.01\n', encoding="utf-8")
    sub = tmp / "a" / "b"
    sub.mkdir(parents=True)
    os.chdir(sub)
    res = run("check", "../../warn.txt")
    assert res.exit_code == 1  # fail-on warning from the file
    cfg = seen[-1]
    assert cfg.ignore == ("JX903",) and cfg.severity == {"JX901": "warning"}
    from decimal import Decimal

    assert cfg.options == {"JX901": {"tolerance": Decimal("0.01")}}
    assert run("check", "../../warn.txt", "--fail-on", "error").exit_code == 0  # the CLI wins
    assert run("check", "../../warn.txt", "--ignore", "JX902").exit_code == 0
    assert seen[-1].ignore == ("JX903", "JX902")  # ignores add up
    assert run("check", "../../warn.txt", "--no-config").exit_code == 0
    assert seen[-1].ignore == ()


def test_pyproject_tool_table(reports):
    tmp, seen = reports
    (tmp / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.jxcheck]\nselect = ["sum-mismatch"]\n',
                                        encoding="utf-8")
    assert run("check", "bad.txt").exit_code == 0
    assert seen[-1].select == ("sum-mismatch",)


def test_config_errors_name_the_key_and_exit_2(reports):
    tmp, _ = reports
    bad = tmp / "bad.toml"
    bad.write_text('[rules.JX901]\ntolerance = "about 1%"\n', encoding="utf-8")
    res = run("check", "bad.txt", "--config", str(bad))
    assert res.exit_code == 2 and "rules.JX901.tolerance" in res.stderr
    res = run("check", "bad.txt", "--config", "nowhere.toml")
    assert res.exit_code == 2 and "nowhere.toml" in res.stderr
    (tmp / "pyproject.toml").write_text('[tool.jxcheck]\nselct = ["JX901"]\n', encoding="utf-8")
    res = run("check", "bad.txt")
    assert res.exit_code == 2 and "tool.jxcheck.selct" in res.stderr


# -- baselines ----------------------------------------------------------------
def test_write_then_apply_a_baseline(reports):
    tmp, _ = reports
    res = run("check", "bad.txt", "warn.txt", "--write-baseline", "base.json")
    assert res.exit_code == 1 and "3 条发现写入基线" in res.stderr
    data = json.loads((tmp / "base.json").read_text(encoding="utf-8"))
    assert data["version"] == 1 and len(data["findings"]) == 3
    res = run("check", "bad.txt", "warn.txt", "--baseline", "base.json", "-f", "json")
    assert res.exit_code == 0 and "隐藏了 3 条发现" in res.stderr
    doc = json.loads(res.stdout)
    assert doc["summary"]["hidden"] == 3 and doc["summary"]["errors"] == 0
    res = run("check", "bad.txt", "--baseline", "base.json")
    assert "基线已隐藏" in res.stdout


def test_baseline_waives_a_renamed_copy_but_not_a_revised_report(reports):
    tmp, _ = reports
    run("check", "bad.txt", "--write-baseline", "base.json")
    (tmp / "sub").mkdir()
    (tmp / "sub" / "copy-of-bad.txt").write_bytes((tmp / "bad.txt").read_bytes())
    assert run("check", "sub/copy-of-bad.txt", "--baseline", "base.json").exit_code == 0
    (tmp / "bad.txt").write_text("修订后的报告", encoding="utf-8")
    assert run("check", "bad.txt", "--baseline", "base.json").exit_code == 1


def test_bad_baseline_file_is_a_usage_error(reports):
    tmp, _ = reports
    (tmp / "b.json").write_text('{"version": 99, "findings": []}', encoding="utf-8")
    res = run("check", "bad.txt", "--baseline", "b.json")
    assert res.exit_code == 2 and "b.json" in res.stderr
    assert run("check", "bad.txt", "--baseline", "none.json").exit_code == 2


# -- rules / explain ----------------------------------------------------------
def test_rules_lists_every_rule(fake_rules):  # noqa: F811
    res = run("rules", "--format", "json")
    rows = {r["code"]: r for r in json.loads(res.stdout)}
    assert rows["JX901"]["name"] == "fake-ratio" and rows["JX901"]["category"] == "ratio-mismatch"
    assert rows["JX901"]["options"]["tolerance"] == '"0.005"'
    res = run("rules")
    assert res.exit_code == 0 and "JX902" in res.stdout and "fake-sum" in res.stdout


def test_explain_prints_doc_and_options(fake_rules):  # noqa: F811
    res = run("explain", "jx901")
    assert res.exit_code == 0
    assert "JX901 fake-ratio" in res.stdout and "比率与其算式不符" in res.stdout
    assert 'tolerance = "0.005"' in res.stdout and '[rules.JX901]' in res.stdout
    assert run("explain", "fake-sum").exit_code == 0
    res = run("explain", "JX999")
    assert res.exit_code == 2 and "JX999" in res.stderr


# -- light start --------------------------------------------------------------
HEAVY = ("pdfplumber", "docx", "openpyxl", "jieba", "pypdfium2")


@pytest.mark.parametrize("argv", [["--help"], ["rules"], ["rules", "--format", "json"], ["check", "--help"]])
def test_help_and_rules_do_not_import_readers(argv):
    code = (
        "import sys\nfrom jxcheck.cli import main\n"
        f"sys.argv = ['jxcheck', *{argv!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert "HEAVY=" in p.stderr, p.stderr
    assert p.stderr.rsplit("HEAVY=", 1)[1] == "", p.stderr


# `jxcheck check one.txt` (issue 15): only the TXT reader, not the other formats' libraries,
# nor pydantic (typer >= 0.29 builds a pydantic TypeAdapter per option: +0.1-0.2 s), nor
# click beside typer's own copy; jieba's dictionary is looked up, not loaded (no FREQ dict)
NOT_FOR_TXT = ("pdfplumber", "docx", "openpyxl", "pypdfium2", "pdfminer", "pydantic", "click", "pkg_resources")


def test_checking_one_txt_imports_only_what_txt_needs(tmp_path):
    code = (
        "import sys\nfrom jxcheck.cli import main\n"
        f"sys.argv = ['jxcheck', 'check', {str(ROOT / 'samples' / '01-shucheng-audit-investment.txt')!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {NOT_FOR_TXT!r})\n"
        "from extractor.indicators import _jieba\n"
        "sys.stderr.write('FREQ=' + type(_jieba().FREQ).__name__)\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "JXCHECK_CACHE_DIR": str(tmp_path)}
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert "HEAVY=" in p.stderr, p.stderr
    assert p.stderr.rsplit("HEAVY=", 1)[1] == "", p.stderr
    assert "FREQ=DiskFreq" in p.stderr


@pytest.mark.parametrize("ext", [".pdf", ".docx", ".txt", ".xlsx"])
def test_warm_imports_what_a_forked_check_of_that_format_needs(ext):
    """guard.warm(paths=...) imports a format's reader and libraries in the parent once;
    a forked per-file child that imported one itself would pay it for every file."""
    sample = sorted((ROOT / "samples").glob(f"*{ext}"))[0]
    code = (
        "import sys\nfrom jxcheck import guard, pipeline\n"
        f"guard.warm(True, [{str(sample)!r}])\n"
        "before = set(sys.modules)\n"
        f"pipeline.check_file({str(sample)!r})\n"
        "new = sorted(m for m in set(sys.modules) - before if not m.startswith(('encodings.', 'extractor.', 'rules.', 'jxcheck.')))\n"
        "sys.stderr.write('NEW=' + ','.join(new))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert "NEW=" in p.stderr, p.stderr
    assert p.stderr.rsplit("NEW=", 1)[1] == "", p.stderr
