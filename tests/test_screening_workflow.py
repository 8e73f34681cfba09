"""The README's screening workflow (issue 13): a folder of 200 reports made from
samples/ (docs/screening_demo.py) → the workbook, sheet 文件 sorted by risk; the
README shows the command and the two pictures taken from a real run."""
from __future__ import annotations

import importlib.util
import re
import struct
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from jxcheck import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def demo():
    spec = importlib.util.spec_from_file_location("screening_demo", ROOT / "docs" / "screening_demo.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_200_reports_to_a_workbook_sorted_by_risk(tmp_path, monkeypatch):
    folder = tmp_path / "2023年自评报告"
    made = demo().make_reports(folder, 200, kinds=(".txt",))  # TXT only: the same workflow, fast
    assert len(made) == 200 == len(list(folder.iterdir()))
    assert len({p.read_bytes() for p in made}) > 150  # variants, not copies
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(cli.app, ["check", "2023年自评报告/", "-f", "xlsx", "-o", "筛查.xlsx", "-j", "1",
                                       "--no-config", "--statistics"])
    assert res.exit_code == 1, res.output
    wb = openpyxl.load_workbook(tmp_path / "筛查.xlsx")
    assert wb.sheetnames[0] == "文件" and "统计" in wb.sheetnames
    rows = list(wb["文件"].iter_rows(values_only=True))
    head, body, total = rows[0], rows[1:-1], rows[-1]
    assert len(body) == 200 and total[0] == "合计"
    rank, score = head.index("风险排序"), head.index("风险分")
    ranks = [r[rank] for r in body]
    ranked = [x for x in ranks if x is not None]
    assert ranked == sorted(ranked) and ranks[: len(ranked)] == ranked  # unranked (no finding) last
    scores = [r[score] for r in body if r[rank] is not None]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]
    assert len(ranked) > 150


def _png_size(p: Path) -> tuple[int, int]:
    data = p.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_readme_shows_the_workflow_with_pictures_from_a_real_run():
    section = README[README.index("### Screening a folder of reports"):]
    section = section[: section.index("\n### ", 5)]
    assert "python docs/screening_demo.py" in section
    assert "jxcheck check 2023年自评报告/ -f xlsx -o 筛查.xlsx" in section
    images = re.findall(r"!\[[^\]]*\]\((docs/img/[^)]+\.png)\)", section)
    assert images == ["docs/img/screening-workbook.png", "docs/img/html-index.png"]
    for img in images:
        w, h = _png_size(ROOT / img)
        assert w >= 1000 and h >= 400, (img, w, h)
