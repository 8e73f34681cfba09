"""A file that is not an evaluation report (a meeting notice, a random text) is
reported as such (status ``skipped``, ``error_code`` ``not-report``, "不是绩效评价报告"),
never as "未发现问题"; an empty folder is a usage error; and no real report — every
sample, seed and corpus report — is ever turned away (issue 13)."""
from __future__ import annotations

import glob
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jxcheck import cli, pipeline

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
runner = CliRunner()

NOTICE = """关于召开2023年第三季度安全生产工作会议的通知

各科室、各下属单位：
经研究，定于2023年9月15日（星期五）上午9:00在局三楼会议室召开第三季度安全生产工作会议。现将有关事项通知如下：
一、参会人员：各科室负责人、各下属单位主要负责人。
二、会议内容：通报前三季度安全生产情况，部署第四季度工作。
三、有关要求：请参会人员提前10分钟到场，不得无故缺席。
特此通知。
XX县应急管理局办公室
2023年9月10日
"""
RANDOM = "The quick brown fox jumps over the lazy dog.\nlorem ipsum 12345\n"


def _real_reports() -> list[str]:
    pats = [ROOT / "samples" / "*.*", SHARED / "seeds" / "*.*", SHARED / "corpus" / "docs" / "*.*"]
    out = [p for pat in pats for p in sorted(glob.glob(str(pat)))]
    return [p for p in out if os.path.splitext(p)[1] in (".txt", ".pdf", ".docx", ".xlsx")]


def test_every_real_report_is_a_report():
    paths = _real_reports()
    corpus = [p for p in paths if "/corpus/docs/" in p]
    if not corpus:
        pytest.skip("../shared/corpus is not beside the repository")
    assert len(corpus) == 36
    turned_away = []
    for p in paths:
        r = pipeline.check_file(p)
        if r.error_code == "not-report":
            turned_away.append(p)
        assert r.status in ("ok", "rule-failed"), (p, r.status, r.error)
    assert not turned_away
    assert len(paths) >= 36 + 40  # samples and seeds too


@pytest.mark.parametrize("name,text", [("会议通知.txt", NOTICE), ("random.txt", RANDOM)])
def test_a_text_that_is_not_a_report_says_so(tmp_path, monkeypatch, name, text):
    monkeypatch.setenv("NO_COLOR", "1")
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    r = pipeline.check_file(str(f))
    assert (r.status, r.error_code) == ("skipped", "not-report")
    assert r.error.startswith("不是绩效评价报告") and r.findings == ()
    res = runner.invoke(cli.app, ["check", str(f), "--no-config"])
    assert res.exit_code == 0  # not a failure to read, and no finding
    assert "不是绩效评价报告" in res.stdout and "未发现问题" not in res.stdout
    doc = json.loads(runner.invoke(cli.app, ["check", str(f), "--no-config", "-f", "json"]).stdout)
    assert doc["files"][0]["status"] == "skipped" and doc["files"][0]["error_code"] == "not-report"
    assert doc["summary"]["skipped"] == 1


def test_a_report_beside_a_notice_is_checked(tmp_path):
    (tmp_path / "通知.txt").write_text(NOTICE, encoding="utf-8")
    sample = ROOT / "samples" / "06-village-revitalisation-funds.txt"
    (tmp_path / sample.name).write_bytes(sample.read_bytes())
    doc = json.loads(runner.invoke(cli.app, ["check", str(tmp_path), "--no-config", "-f", "json"]).stdout)
    by = {os.path.basename(f["path"]): f for f in doc["files"]}
    assert by["通知.txt"]["error_code"] == "not-report"
    assert by[sample.name]["status"] == "ok" and by[sample.name]["findings"]


def test_an_empty_folder_says_so(tmp_path):
    (tmp_path / "空").mkdir()
    res = runner.invoke(cli.app, ["check", str(tmp_path / "空"), "--no-config"])
    assert res.exit_code == 2 and "没有找到任何文件" in res.stderr and "未发现问题" not in res.stdout
    f = tmp_path / "r.txt"
    f.write_text(RANDOM, encoding="utf-8")
    res = runner.invoke(cli.app, ["check", str(tmp_path / "空"), str(f), "--no-config"])
    assert "文件夹" in res.stderr and "中没有文件" in res.stderr
