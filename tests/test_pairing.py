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


def test_pair_by_project_name(folder):
    items = plan([str(folder / "乐山市招商自评报告.docx"), str(folder / "附件：自评表.xlsx")])
    assert len(items) == 1
    item = items[0]
    assert item.companion and item.companion.endswith("自评表.xlsx")
    assert "项目名称" in item.notes[0]
    r = check_file(item.path, companion=item.companion, notes=tuple(item.notes))
    assert r.notes and "配对" in r.notes[0]
    assert any(f.rule == "JX862" and any(e.text == "423家" for e in f.evidence) for f in r.findings)


def test_lone_table_is_reported_not_guessed(folder):
    (folder / "乐山市招商自评报告.docx").unlink()
    items = plan([str(folder / "附件：自评表.xlsx")])
    assert len(items) == 1 and items[0].companion is None
    assert "找不到对应的报告" in items[0].notes[0]
