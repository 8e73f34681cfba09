"""The HTML report's head and index (issue 13): the command line, jxcheck's version
and the date at the top; an index of files sorted by risk that a click on a header
re-sorts and a text box or a rule list filters — driven in headless Chromium, as
the figures' visibility is (tests/test_reporters.py); table rows quoted under their
column headers; still one self-contained file."""
from __future__ import annotations

import html as _html
import io
import json
import re
import subprocess
from pathlib import Path

import pytest
from test_reporters import _chromium

from jxcheck import __version__, pipeline
from jxcheck.reporters import module
from jxcheck.reporters.common import risk, risk_ranks
from jxcheck.result import FileResult

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ["t08-national-planted.docx", "06-village-revitalisation-funds.txt", "07-honghe-data-center.txt",
           "t07-national-clean.docx", "05-daying-railway-environment.txt", "t01-chizhou-entrusted.docx"]
COMMAND = "jxcheck check samples/ -f html -o report.html"


@pytest.fixture(scope="module")
def results() -> list[FileResult]:
    out = [pipeline.check_file(str(ROOT / "samples" / n)) for n in SAMPLES]
    out.append(FileResult(path="通知.txt", status="skipped", error="不是绩效评价报告", error_code="not-report"))
    return out


def page(results, **opts) -> str:
    buf = io.StringIO()
    module("html").render(results, buf, command=COMMAND, **opts)
    return buf.getvalue()


def test_head_names_version_date_and_command(results, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    p = page(results)
    meta = re.search(r'<p class="meta">(.*?)</p>', p).group(1)
    assert f'jxcheck <span class="version">{__version__}</span>' in meta
    assert '<time datetime="2023-11-14T22:13Z">2023-11-14 22:13 UTC</time>' in meta
    assert f'<code class="cmd">{COMMAND}</code>' in meta
    assert p.index('class="meta"') < p.index('id="index"') < p.index('<section id="f0"')


def test_index_is_sorted_by_risk_and_self_contained(results):
    p = page(results)
    rows = re.findall(r'<tr data-i="(\d+)"', p)
    ranks = risk_ranks(results)
    want = sorted(range(len(results)), key=lambda i: (ranks[i] is None, ranks[i] or 0, i))
    assert [int(x) for x in rows] == want
    assert len(rows) == len(results)
    # one inline script, nothing loaded from anywhere
    assert p.count("<script") == 1 and "<script>" in p
    for forbidden in ("<link", "src=", "@import", "url(", "http://", "https://"):
        assert forbidden not in p


def test_table_row_is_shown_under_its_headers(results):
    p = page(results)
    row = re.search(r'<table class="row">(.*?)</table>', p).group(1)
    heads = re.findall(r"<th>(.*?)</th>", row)
    assert "全年执行数" in heads or "实际完成值" in heads, heads
    cells = re.findall(r"<td>(.*?)</td>", row)
    assert len(cells) == len(heads) and any("<mark>" in c for c in cells)


PROBE = """<script>
(function () {
  var t = document.getElementById('index'), out = {};
  function paths() { return Array.prototype.map.call(t.tBodies[0].rows, function (r) { return r.cells[0].textContent; }); }
  function visible() { return Array.prototype.filter.call(t.tBodies[0].rows, function (r) {
    return !r.hidden && r.getBoundingClientRect().height > 0; }).map(function (r) { return r.cells[0].textContent; }); }
  var th = t.tHead.rows[0].cells;
  out.initial = paths();
  th[4].click(); out.errorsDesc = paths(); out.sortAttr = th[4].getAttribute('aria-sort');
  th[4].click(); out.errorsAsc = paths();
  th[0].click(); out.byName = paths();
  var q = document.getElementById('q');
  q.value = 'JX861'; q.dispatchEvent(new Event('input')); out.filterJX861 = visible();
  out.shown = document.getElementById('shown').textContent;
  q.value = '得分虚高'; q.dispatchEvent(new Event('input')); out.filterCategory = visible();
  q.value = ''; q.dispatchEvent(new Event('input'));
  var sel = document.getElementById('rule'); sel.value = 'JX101'; sel.dispatchEvent(new Event('change'));
  out.selectJX101 = visible();
  var pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script></body>"""


def test_index_sorts_and_filters_in_headless_chromium(results, tmp_path):
    browser = _chromium()
    if browser is None:
        pytest.skip("no Chromium found (apt-get install chromium)")
    f = tmp_path / "report.html"
    f.write_text(page(results).replace("</body>", PROBE), encoding="utf-8")  # the probe is the test's
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run",
           f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", f.as_uri()]
    dom = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout
    start = dom.index('<pre id="probe">') + len('<pre id="probe">')
    got = json.loads(_html.unescape(dom[start: dom.index("</pre>", start)]))

    ranks = risk_ranks(results)
    n = len(results)
    errors = [r.counts()["error"] if r.status == "ok" else None for r in results]
    by_rank = sorted(range(n), key=lambda i: (ranks[i] is None, ranks[i] or 0, i))
    assert got["initial"] == [results[i].path for i in by_rank]
    # most errors first, ties in input order, the file not checked last either way
    desc = sorted(range(n), key=lambda i: (errors[i] is None, -(errors[i] or 0), i))
    asc = sorted(range(n), key=lambda i: (errors[i] is None, errors[i] or 0, i))
    assert got["errorsDesc"] == [results[i].path for i in desc] and got["sortAttr"] == "descending"
    assert got["errorsAsc"] == [results[i].path for i in asc]
    assert got["errorsDesc"] != got["errorsAsc"]
    assert got["byName"] == sorted((r.path for r in results), key=str)
    with_rule = lambda code: sorted(r.path for r in results if any(f.rule == code for f in r.findings))  # noqa: E731
    assert sorted(got["filterJX861"]) == with_rule("JX861") and got["shown"] == str(len(with_rule("JX861")))
    assert with_rule("JX861") and len(with_rule("JX861")) < n
    inflated = sorted(r.path for r in results if any(f.category == "score-inflation" for f in r.findings))
    assert sorted(got["filterCategory"]) == inflated and inflated
    assert sorted(got["selectJX101"]) == with_rule("JX101") and with_rule("JX101")
    assert all(risk(results[i]) >= risk(results[j]) for i, j in zip(by_rank, by_rank[1:], strict=False)
               if ranks[j] is not None)
