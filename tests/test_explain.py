"""``jxcheck explain``: every rule's page readable at 80 columns (no line starting
with ：or ，, none wider than 80 cells, no Latin word or number cut), the options
listed once with their description, the category and severity in Chinese; and the
baseline's "无新问题（基线隐藏 N 条）" in the text output (issue 13)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from jxcheck import cli
from jxcheck.explain import _fill
from jxcheck.reporters.common import CATEGORY_ZH, SEV_ZH
from rules.registry import all_rules

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
NO_START = tuple("，、：。；！？）》」』”,.:;!?)")


def explain(code: str) -> str:
    res = runner.invoke(cli.app, ["explain", code])
    assert res.exit_code == 0, res.output
    return res.stdout


@pytest.mark.parametrize("r", all_rules(), ids=lambda r: r.code)
def test_explain_page_reads_at_80_columns(r):
    page = explain(r.code)
    lines = page.splitlines()
    assert lines[0] == f"{r.code} {r.name}"
    assert lines[1] == (f"类别 {r.category}（{CATEGORY_ZH[r.category]}）· "
                        f"默认严重程度 {r.severity}（{SEV_ZH[r.severity]}）")
    for line in lines:
        assert cell_len(line) <= 80, line
        assert not line.lstrip().startswith(NO_START), line
        assert not re.search(r"[（《「“]$", line), line
    # the options are listed once: the docstring's own "选项：" paragraph is folded in
    assert sum(1 for x in lines if re.match(r"选项[（：]", x)) == 1, page
    for k in r.options:
        assert sum(1 for x in lines if x.startswith(f"  {k} = ")) == 1, (k, page)
    # the words of the documentation are all there (joined lines, nothing dropped)
    squeeze = re.sub(r"\s+", "", page)
    for para in re.split(r"\n\s*\n", r.doc):
        if para.strip() and not para.strip().startswith("选项"):
            assert re.sub(r"\s+", "", para) in squeeze, para


def test_jx101_has_no_line_starting_with_a_colon():
    # the issue's example: at 80 columns JX101's page had a line "：正文中比率之前的…"
    page = explain("JX101")
    assert "：正文中比率之前的" in page
    assert not any(x.startswith("：") for x in page.splitlines())


def test_option_description_printed_beside_its_value():
    page = explain("JX911")
    assert "  min_chars = 40：最短汉字数，默认 40" in page
    assert page.count("min_similarity（") == 0  # the docstring's option paragraph is gone


def test_fill_never_cuts_a_number_or_a_word():
    line = "甲" * 36 + " domain-rules 250,000.00 执行率86.19%，" + "乙" * 30
    out = _fill(line, 40)
    assert all(cell_len(x) <= 40 for x in out)
    joined = "\n".join(out)
    for word in ("domain-rules", "250,000.00", "86.19%"):
        assert word in joined
    assert not any(x.startswith("，") for x in out)


def test_baseline_text_says_no_new_findings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    sample = str(ROOT / "samples" / "06-village-revitalisation-funds.txt")
    clean = str(ROOT / "samples" / "t07-national-clean.docx")
    res = runner.invoke(cli.app, ["check", sample, "--no-config", "--write-baseline", "b.json"])
    assert res.exit_code == 1
    res = runner.invoke(cli.app, ["check", sample, clean, "--no-config", "--baseline", "b.json"])
    assert res.exit_code == 0
    out = res.stdout
    n = int(re.search(r"06-village-revitalisation-funds.txt  \(txt\)  无新问题（基线隐藏 (\d+) 条）", out).group(1))
    assert n >= 3
    assert "t07-national-clean.docx  (docx)  未发现问题" in out  # nothing hidden there
    assert out.rstrip().endswith(f"无新问题（基线隐藏 {n} 条）")
    # a baseline of JX101's finding only: the others are new, the hidden one counted beside them
    runner.invoke(cli.app, ["check", sample, "--no-config", "--select", "JX101", "--write-baseline", "one.json"])
    res = runner.invoke(cli.app, ["check", sample, "--no-config", "--baseline", "one.json"])
    assert res.exit_code == 1
    assert re.search(r"\d 错误 · \d 警告 · \d 提示 · 基线隐藏 1 条", res.stdout), res.stdout
    assert "无新问题" not in res.stdout
