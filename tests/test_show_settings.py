"""``--show-settings`` (issues 13 and 14): the configuration that applies and where
each value came from, a jxcheck.toml inside an upload folder made visible, and
a warning when ``--select`` and an ``ignore`` cancel out."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from jxcheck import cli

REPORT = "预算100万元，实际支出80万元，执行率90%。\n"
CONFIG = 'ignore = ["ratio-mismatch"]\nfail-on = "warning"\n[severity]\nJX101 = "warning"\n[rules.JX501]\nfactor = "2"\n'


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """tmp/jxcheck.toml applies (found upward); tmp/up/jxcheck.toml is in the upload."""
    (tmp_path / "jxcheck.toml").write_text(CONFIG, encoding="utf-8")
    up = tmp_path / "up"
    up.mkdir()
    (up / "r.txt").write_text(REPORT, encoding="utf-8")
    (up / "jxcheck.toml").write_text('ignore = ["JX101"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(*args):
    return CliRunner().invoke(cli.app, ["check", *args])


def test_show_settings_names_every_source_and_does_not_check(tree):
    res = _run("up", "--show-settings", "-f", "json", "--timeout", "30", "--select", "JX501,JX101")
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["config_file"] == str(tree / "jxcheck.toml")
    by = {r["key"]: r for r in d["settings"]}
    assert by["select"] == {"key": "select", "value": ["JX501", "JX101"], "source": "--select"}
    assert by["ignore"]["source"] == str(tree / "jxcheck.toml")
    assert by["fail-on"]["value"] == "warning" and by["fail-on"]["source"] == str(tree / "jxcheck.toml")
    assert by["rules.JX501.factor"]["value"] == "2" and by["rules.JX501.factor"]["default"] == "1.5"
    assert by["severity.JX101"]["value"] == "warning"
    assert by["timeout"] == {"key": "timeout", "value": 30.0, "source": "命令行"}
    assert by["max-memory"]["source"] == "默认" and by["follow-symlinks"]["value"] is False
    assert d["rules_enabled"] == ["JX501"]
    # the upload's own jxcheck.toml is visible, and not the one applied
    assert d["configs_in_inputs"] == [{"path": "up/jxcheck.toml", "applied": False}]
    assert any("JX101" in w for w in d["warnings"])
    assert "files" not in d  # nothing was checked


def test_show_settings_text_says_a_config_from_the_upload_applies(tree, monkeypatch):
    monkeypatch.chdir(tree / "up")
    res = _run(".", "--show-settings")
    assert res.exit_code == 0, res.output
    assert f"配置文件：{tree / 'up' / 'jxcheck.toml'}" in res.stdout
    assert "正在使用！它来自被检查的文件夹" in res.stdout
    assert any(x.split()[:3] == ["ignore", "=", '["JX101"]'] for x in res.stdout.splitlines())


def test_show_settings_without_config(tree):
    res = _run("--show-settings", "--no-config")
    assert res.exit_code == 0 and "配置文件：无（--no-config" in res.stdout
    assert "默认" in res.stdout


def test_a_config_inside_the_checked_folder_is_announced_when_checking(tree, monkeypatch):
    monkeypatch.chdir(tree / "up")
    res = _run(".", "--timeout", "0", "-f", "json")
    assert "使用的配置文件" in res.stderr and "--no-config" in res.stderr
    files = json.loads(res.stdout)["files"]
    toml = next(f for f in files if f["path"].endswith("jxcheck.toml"))
    assert toml["status"] == "skipped" and toml["error_code"] == "config-file"


@pytest.mark.parametrize("args, cancels", [
    (["--select", "JX101"], True),  # JX101 is a ratio-mismatch rule: ignored by the file
    (["--select", "ratio-mismatch", "--no-config", "--ignore", "ratio-mismatch"], True),
    (["--select", "JX501"], False),
    (["--select", "ratio-mismatch", "--no-config", "--ignore", "JX101"], False),  # the category minus one rule
])
def test_select_and_ignore_cancelling_out_is_a_warning(tree, args, cancels):
    res = _run("up/r.txt", "--timeout", "0", *args)
    assert res.exit_code in (0, 1), res.output
    assert ("警告" in res.stderr and "一条也不会报告" in res.stderr) is cancels, res.stderr


def test_check_without_paths_is_still_a_usage_error(tree):
    res = _run()
    assert res.exit_code == 2 and "PATHS" in res.stderr
