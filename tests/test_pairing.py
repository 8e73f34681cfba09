"""A 自评表 submitted as its own file is paired with its report and checked with it."""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from jxcheck.pairing import plan
from jxcheck.pipeline import check_file

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "seed-003.docx"


def _maker():
    spec = importlib.util.spec_from_file_location("make_table_samples", ROOT / "samples" / "make_table_samples.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


ROWS = ["项目名称 | < | 驻外招商组和专业招商组重点项目 | < | < | < | < | <",
        "项目资金（万元） | < | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分",
        "年度资金总额 | < | 500.00 | 388.76 | 388.76 | 10 | 100% | 10",
        "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施",
        "产出指标 | 数量指标 | 梳理行业目标企业 | ≥1400家 | 423家 | 90 | 90 | ",
        "总分 | < | < | < | < | 100 | 100 | "]


@pytest.fixture()
def folder(tmp_path):
    if not SEED.is_file():
        pytest.skip("seed not found")
    shutil.copy(SEED, tmp_path / "乐山市招商自评报告.docx")
    _maker().xlsx(str(tmp_path / "附件：自评表.xlsx"), ROWS, "项目支出绩效自评表")
    return tmp_path


def _run(items):
    from jxcheck.batch import _check_one
    from rules.config import DEFAULT

    return [_check_one(i, DEFAULT, None) for i in items]


def test_pair_by_project_name(folder):
    from jxcheck.pairing import run_planned

    results = list(run_planned(plan([str(folder / "乐山市招商自评报告.docx"), str(folder / "附件：自评表.xlsx")]), _run))
    assert len(results) == 1  # the table is checked with its report, not on its own
    r = results[0]
    assert r.path.endswith("乐山市招商自评报告.docx")
    assert r.notes and "配对" in r.notes[0] and "项目名称" in r.notes[0]
    assert any(f.rule == "JX862" and any(e.text == "423家" for e in f.evidence) for f in r.findings)
    alone = check_file(str(folder / "乐山市招商自评报告.docx"))
    assert not any(f.rule == "JX862" for f in alone.findings)


def test_lone_table_is_reported_not_guessed(folder):
    from jxcheck.pairing import run_planned

    (folder / "乐山市招商自评报告.docx").unlink()
    (r,) = run_planned(plan([str(folder / "附件：自评表.xlsx")]), _run)
    assert r.path.endswith("自评表.xlsx") and "找不到对应的报告" in r.notes[0]


def test_plan_reads_only_the_tables(folder, monkeypatch):
    """Pairing by 项目名称 no longer reads every report in the parent before the batch:
    each report's own check says which table names its text holds (issue 15)."""
    import extractor.readers
    from jxcheck import guard
    from jxcheck.pairing import run_planned

    for k in range(5):
        shutil.copy(folder / "乐山市招商自评报告.docx", folder / f"其他{k}.docx")
    (folder / "其他0.docx").unlink()
    (folder / "其他0.txt").write_text("一、项目概况\n本项目为驻外招商组和专业招商组重点项目，全年预算100万元。\n",
                                      encoding="utf-8")
    paths = sorted(str(p) for p in folder.iterdir())
    opened: list[str] = []
    real = extractor.readers.read

    def read(path, *a, **kw):
        opened.append(str(path))
        return real(path, *a, **kw)

    monkeypatch.setattr(extractor.readers, "read", read)
    planned = plan(paths, limits=guard.Limits())  # in-process reads, so they are counted
    assert opened == [str(folder / "附件：自评表.xlsx")]
    # six reports hold the table's 项目名称: none is paired by it (ambiguous), as before
    results = list(run_planned(planned, _run))
    assert [r.path for r in results] == paths
    table = next(r for r in results if r.path.endswith(".xlsx"))
    assert any("找不到对应的报告" in n for n in table.notes)
    assert next(r for r in results if r.path.endswith("其他0.txt")).projects_found == ("驻外招商组和专业招商组重点项目",)


def test_table_of_another_unit_is_not_paired_by_a_shared_project_name(folder):
    # a national programme's name is shared by every county's table: the unit the table names
    # (主管部门) must be in the report too
    from jxcheck.pairing import run_planned

    rows = [ROWS[0], "主管部门 | < | 琼岭县商务局 | < | < | < | < | <", *ROWS[1:]]
    _maker().xlsx(str(folder / "附件：自评表.xlsx"), rows, "项目支出绩效自评表")
    results = list(run_planned(plan([str(folder / "乐山市招商自评报告.docx"), str(folder / "附件：自评表.xlsx")]), _run))
    assert len(results) == 2 and any("找不到对应的报告" in n for r in results for n in r.notes)
