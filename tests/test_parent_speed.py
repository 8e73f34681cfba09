"""The parent's per-file work made cheaper without changing a byte (issue 15): the JSON
report's encoder, and duplicate detection from the hash the worker computed."""
from __future__ import annotations

import io
import json
import math
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from jxcheck.reporters import json_report

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

leaves = (st.none() | st.booleans() | st.integers(-(10 ** 30), 10 ** 30) | st.floats(allow_nan=True)
          | st.text(alphabet=st.characters(codec="utf-8"), max_size=12) | st.sampled_from(["\u2028", "\x7f", "\"\\\n\t", "执行率"]))
keys = st.text(max_size=6) | st.integers(-5, 5) | st.booleans() | st.none() | st.floats(allow_nan=False)
values = st.recursive(leaves, lambda c: st.lists(c, max_size=4) | st.dictionaries(keys, c, max_size=4)
                      | st.lists(c, max_size=3).map(tuple), max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(values, st.sampled_from(["\n", "\n    "]))
def test_dumps_is_the_standard_encoder_byte_for_byte(value, nl):
    assert json_report.dumps(value, nl) == json.dumps(value, ensure_ascii=False, indent=2).replace("\n", nl)


def test_dumps_specials():
    for v in (math.inf, -math.inf, {1.5: [], None: {}, True: ()}):
        assert json_report.dumps(v) == json.dumps(v, ensure_ascii=False, indent=2)


def test_json_report_of_the_samples_is_the_document_json_dump_writes():
    from jxcheck.pipeline import check_file

    sample_results = [check_file(str(p)) for p in sorted(SAMPLES.iterdir())
                      if p.suffix in (".txt", ".docx", ".pdf", ".xlsx")][:12]
    assert sum(len(r.findings) for r in sample_results) > 10
    buf = io.StringIO()
    json_report.render(sample_results, buf)
    assert buf.getvalue() == json.dumps(json_report.document(sample_results), ensure_ascii=False, indent=2) + "\n"


def test_duplicates_are_found_from_the_workers_hash(tmp_path, monkeypatch):
    import shutil

    from typer.testing import CliRunner

    from jxcheck import cli, discover

    src = sorted(SAMPLES.glob("*.txt"))[0]
    for name in ("a.txt", "b.txt", "c.txt"):
        shutil.copy(src, tmp_path / name)
    (tmp_path / "c.txt").write_text("一、项目概况\n另一份报告。\n", encoding="utf-8")
    calls: list[str] = []
    real = discover.content_hash

    def counted(path, max_bytes):
        calls.append(str(path))
        return real(path, max_bytes)

    monkeypatch.setattr(discover, "content_hash", counted)
    res = CliRunner().invoke(cli.app, ["check", "--no-config", "-j", "1", "-f", "json", str(tmp_path)])
    files = {f["path"].rsplit("/", 1)[-1]: f for f in json.loads(res.stdout)["files"]}
    assert files["b.txt"]["notes"] == [f"与 {tmp_path / 'a.txt'} 内容相同"]
    assert "notes" not in files["a.txt"] and "notes" not in files["c.txt"]
    assert sorted(calls) == sorted(str(tmp_path / n) for n in ("a.txt", "b.txt", "c.txt"))  # once each, not twice
