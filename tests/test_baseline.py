"""Fingerprints survive re-extraction and reordering; they change with the figures."""
from __future__ import annotations

import dataclasses
import io

from test_reporters_support import finding_dup, finding_ratio

from jxcheck import baseline as bl
from jxcheck.result import FileResult


def test_fingerprint_ignores_lines_offsets_and_evidence_order():
    f = finding_ratio()
    moved = dataclasses.replace(f, evidence=tuple(
        dataclasses.replace(e, line=99, page=5, start=e.start + 700, end=e.end + 700, context_start=0)
        for e in reversed(f.evidence)), message="换了措辞的消息")
    assert bl.fingerprint(f, "sha256:x") == bl.fingerprint(moved, "sha256:x")


def test_fingerprint_changes_with_rule_file_or_figures():
    f = finding_ratio()
    fp = bl.fingerprint(f, "sha256:x")
    assert fp != bl.fingerprint(f, "sha256:y")
    assert fp != bl.fingerprint(dataclasses.replace(f, rule="JX902"), "sha256:x")
    e = f.evidence[1]
    other = dataclasses.replace(f, evidence=(f.evidence[0], dataclasses.replace(e, text="77.41%")))
    assert fp != bl.fingerprint(other, "sha256:x")


def test_value_spelling_does_not_matter():
    from decimal import Decimal

    f = finding_ratio()
    e = f.evidence[1]
    a = dataclasses.replace(f, evidence=(dataclasses.replace(e, value=Decimal("77.40")),))
    b = dataclasses.replace(f, evidence=(dataclasses.replace(e, value=Decimal("77.4")),))
    assert bl.fingerprint(a, "k") == bl.fingerprint(b, "k")


def test_file_key_is_content_hash_or_normalised_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("同样的内容", encoding="utf-8")
    (tmp_path / "b.txt").write_text("同样的内容", encoding="utf-8")
    assert bl.file_key("a.txt") == bl.file_key(str(tmp_path / "b.txt"))
    assert bl.file_key("a.txt").startswith("sha256:")
    assert bl.file_key("./gone/x.pdf") == "path:gone/x.pdf"


def test_write_load_apply_round_trip(tmp_path):
    r = FileResult(path=str(tmp_path / "missing.pdf"), status="ok", findings=(finding_ratio(), finding_dup()))
    buf = io.StringIO()
    assert bl.write([r], buf) == 2
    p = tmp_path / "b.json"
    p.write_text(buf.getvalue(), encoding="utf-8")
    waived = bl.load(str(p))
    kept, hidden = bl.apply(r, waived)
    assert hidden == 2 and kept.findings == ()
    kept, hidden = bl.apply(r, frozenset())
    assert hidden == 0 and kept is r
