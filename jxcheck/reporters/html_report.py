"""One self-contained page per batch: who made it (jxcheck's version, the date,
the command line), a summary, an index of the files that sorts and filters (by
risk, errors, rule), and per file its findings with the source sentences and the
figures in ``<mark>``; a table row is shown as a table, under its column headers.
Everything is escaped; CSS and the index's script are inline; no fonts, scripts
or images are loaded from anywhere, so the page can be mailed to a colleague and
opened offline."""
from __future__ import annotations

from html import escape
from typing import IO, Any

from ..result import FileResult, summary, visible, visible_result, visible_text
from .common import (
    CATEGORY_ZH,
    SEV_ZH,
    STATUS_ZH,
    UNASSESSED_ZH,
    contexts,
    group_location,
    ordered,
    risk,
    risk_ranks,
)

CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222;line-height:1.6}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}
.finding{margin:1em 0;padding:.5em 1em;border-left:4px solid #999;background:#fafafa}
.error{border-color:#c62828}.warning{border-color:#ef6c00}.info{border-color:#0277bd}
.sev{font-weight:bold}.error .sev{color:#c62828}.warning .sev{color:#ef6c00}.info .sev{color:#0277bd}
.code{font-family:monospace;font-weight:bold}.name{color:#666}
blockquote{margin:.4em 0 .4em 1em;color:#333}.loc{color:#888;font-size:.9em}
mark{background:#ffeb3b;color:#000;font-weight:bold;padding:0 .1em}
img.page{display:block;max-width:100%;margin:.4em 0;border:1px solid #ccc}
.unreadable,.rule-failed{color:#c62828}.rule-failed{font-weight:bold}.ok{color:#2e7d32}.skipped{color:#8d6e00}.unassessed{border-color:#8e24aa}.unassessed .sev{color:#8e24aa}
"""


def _marked(ctx: str, spans: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for a, b in spans:
        out.append(escape(ctx[pos:a]))
        out.append(f"<mark>{escape(ctx[a:b])}</mark>")
        pos = b
    out.append(escape(ctx[pos:]))
    return "".join(out)


def render(results: list[FileResult], stream: IO[str], *, hidden: int = 0,
           title: str = "jxcheck 检查结果", command: str | None = None, images: Any = None, **_: Any) -> None:
    """``images`` (``--html-images``, jxcheck.annotate.images): per file, the page regions
    of its PDF findings, shown under each finding."""
    results = [visible_result(r) for r in results]  # names are data: control characters escaped
    s = summary(results)
    w = stream.write
    w("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
    w(f"<title>{escape(title)}</title><style>{CSS}{INDEX_CSS}</style></head><body>\n")
    w(f"<h1>{escape(title)}</h1>\n")
    w(meta_html(command))
    w("<table><tr><th>文件</th><th>错误</th><th>警告</th><th>提示</th>"
      f"<th>无法读取</th><th>{UNASSESSED_ZH}</th><th>规则出错</th><th>未检查</th><th>基线已隐藏</th></tr><tr><td>{s['files']}</td>"
      f"<td>{s['errors']}</td><td>{s['warnings']}</td><td>{s['infos']}</td><td>{s['unreadable']}</td>"
      f"<td>{s['unassessed']}</td><td>{s['rule_failed']}</td><td>{s['skipped']}</td><td>{hidden}</td></tr></table>\n")
    w(index_html(results))
    for i, r in enumerate(results):
        w(f"<section id=\"f{i}\"><h2>{escape(r.path)}</h2>\n")
        if r.unreadable:
            w(f"<p class=\"unreadable\">无法检查：{escape(r.error or '')}</p></section>\n")
            continue
        if r.skipped:
            w(f"<p class=\"skipped\">未检查：{escape(r.error or '')}</p></section>\n")
            continue
        for x in r.failed_rules:
            w(f"<p class=\"rule-failed\" data-rule=\"{escape(x.rule)}\">规则出错 {escape(x.rule)} {escape(x.name)}"
              f"：未能运行完，其发现可能不全：{escape(x.error)}</p>\n")
        if not r.findings:
            w(f"<p class=\"ok\">{'其余规则' if r.failed_rules else ''}未发现问题</p>\n")
        if r.unassessed:
            w(f"<p class=\"loc\">{len(r.unassessed)} 项检查因数字缺失或不明确{UNASSESSED_ZH}，见下文</p>\n")
        for note in (*r.notes, *r.diagnostics):
            w(f"<p class=\"loc\">注：{escape(note)}</p>\n")
        pictures = images(r) if images is not None else {}
        items = [(f, f.severity, SEV_ZH.get(f.severity, f.severity)) for f in ordered(r.findings)]
        items += [(f, "unassessed", UNASSESSED_ZH) for f in ordered(r.unassessed)]
        for f, kind, label in items:
            sev = escape(kind)
            w(f"<div class=\"finding {sev}\" data-rule=\"{escape(f.rule)}\"><span class=\"sev\">"
              f"{escape(label)}</span> <span class=\"code\">{escape(f.rule)}</span> "
              f"<span class=\"name\">{escape(f.name)}</span> <span class=\"msg\">{escape(f.message)}</span>\n")
            for evs, ctx, spans in contexts(f):
                header = next((e.header for e in evs if getattr(e, "header", None)), None)
                if header and "\t" in ctx:
                    w(f"<blockquote><span class=\"loc\">{escape(group_location(evs))}</span>"
                      f"{row_table(ctx, spans, header)}</blockquote>\n")
                    continue
                w(f"<blockquote><span class=\"loc\">{escape(group_location(evs))}</span> "
                  f"{_marked(visible_text(ctx), spans)}</blockquote>\n")
            for src, alt in pictures.get(id(f), ()):
                w(f"<img class=\"page\" src=\"{src}\" alt=\"{escape(alt)}\">\n")
            w("</div>\n")
        w("</section>\n")
    w(f"<script>{INDEX_JS}</script>\n")
    w("</body></html>\n")


# -- the row of a table, under its column headers ---------------------------------


def row_table(ctx: str, spans: list[tuple[int, int]], header: tuple[str, ...]) -> str:
    """A table row quoted in evidence (its cells joined by tabs) as a small table: the
    column headers above it, the figures ``<mark>``ed in their cells. Cells the quote
    left out at the end (empty ones) are shown empty."""
    cells: list[tuple[int, int]] = []
    pos = 0
    for part in ctx.split("\t"):
        cells.append((pos, pos + len(part)))
        pos += len(part) + 1
    n = max(len(cells), len(header))
    heads = "".join(f"<th>{escape(header[i]) if i < len(header) else ''}</th>" for i in range(n))
    tds = []
    for i in range(n):
        if i >= len(cells):
            tds.append("<td></td>")
            continue
        a, b = cells[i]
        inner = [(max(x, a) - a, min(y, b) - a) for x, y in spans if x < b and y > a]
        tds.append(f"<td>{_marked(visible_text(ctx[a:b]), inner)}</td>")
    return f"<table class=\"row\"><tr>{heads}</tr><tr>{''.join(tds)}</tr></table>"


# -- who made the page, and the index of files ------------------------------------


def meta_html(command: str | None) -> str:
    """jxcheck's version, the date (UTC; ``SOURCE_DATE_EPOCH`` fixes it for reproducible
    pages) and the command line that made the page."""
    import datetime
    import os

    from .. import __version__

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch and epoch.isdigit()
            else datetime.datetime.now(datetime.timezone.utc))
    cmd = f" · 命令 <code class=\"cmd\">{escape(visible(command))}</code>" if command else ""  # names are data
    return (f"<p class=\"meta\">jxcheck <span class=\"version\">{escape(__version__)}</span> · "
            f"<time datetime=\"{when.strftime('%Y-%m-%dT%H:%MZ')}\">{when.strftime('%Y-%m-%d %H:%M')} UTC</time>"
            f"{cmd}</p>\n")


INDEX_CSS = """
.controls{margin:1em 0}.controls input{width:24em;padding:.2em .4em}.controls select{padding:.2em}
#index th{cursor:pointer;user-select:none;background:#f3f3f3;white-space:nowrap}
#index th[aria-sort=ascending]::after{content:" ▲"}#index th[aria-sort=descending]::after{content:" ▼"}
#index td.path,#index td.rules,#index td.status{text-align:left}#index td.status{max-width:24em}#index td.status{white-space:nowrap}#index th{text-align:left}#index td.rules span{font-family:monospace;margin-right:.4em}
#index tr[hidden]{display:none}.meta{color:#555}.meta code{background:#f3f3f3;padding:0 .3em}
table.row{margin:.3em 0;font-size:.95em}table.row th{background:#f3f3f3;font-weight:normal;color:#555}
table.row td,table.row th{text-align:left}
"""

# the index's columns: (header, data type, class)
INDEX_COLUMNS = (("文件", "text", "path"), ("状态", "text", "status"), ("风险排序", "num", "rank"),
                 ("风险分", "num", "risk"), ("错误", "num", "errors"), ("警告", "num", "warnings"),
                 ("提示", "num", "infos"), (UNASSESSED_ZH, "num", "unassessed"), ("规则", "text", "rules"))


def index_html(results: list[FileResult]) -> str:
    """The files as a table sorted by risk (as the screening workbook's 文件 sheet):
    a click on a header sorts by that column (again: the other way), the text box
    keeps the rows whose file name, status, rule code, name or category contains
    what is typed, and the list keeps the rows with a finding of one rule. The
    script is ``INDEX_JS``, inline; without it the table is still there, by risk."""
    ranks = risk_ranks(results)
    order = sorted(range(len(results)), key=lambda i: (ranks[i] is None, ranks[i] or 0, i))
    rules: dict[str, int] = {}
    for r in results:
        for code in dict.fromkeys(f.rule for f in r.findings):
            rules[code] = rules.get(code, 0) + 1
    out = ["<div class=\"controls\"><input id=\"q\" type=\"search\" "
           "placeholder=\"筛选：文件名、状态、规则代码、名称或类别\" aria-label=\"筛选\"> "
           "<select id=\"rule\" aria-label=\"规则\"><option value=\"\">全部规则</option>"]
    out += [f"<option value=\"{escape(c)}\">{escape(c)}（{n} 个文件）</option>" for c, n in sorted(rules.items())]
    out.append(f"</select> 显示 <span id=\"shown\">{len(results)}</span> / {len(results)} 个文件</div>\n")
    first = ' aria-sort="ascending"'  # the initial order: by risk
    heads = "".join(f"<th data-type=\"{t}\"{first if cls == 'rank' else ''}>{h}</th>" for h, t, cls in INDEX_COLUMNS)
    out.append(f"<table id=\"index\"><thead><tr>{heads}</tr></thead><tbody>\n")
    for i in order:
        r = results[i]
        c = r.counts()
        codes = list(dict.fromkeys(f.rule for f in ordered(r.findings)))
        words = " ".join(dict.fromkeys(x for f in r.findings
                                       for x in (f.rule, f.name, f.category, CATEGORY_ZH.get(f.category, ""))))
        checked = not (r.unreadable or r.skipped)
        num = (lambda v: f"<td data-v=\"{v}\">{v}</td>") if checked else (lambda v: "<td data-v=\"\"></td>")
        rank = ranks[i]
        status = STATUS_ZH.get(r.status, r.status)
        if r.failed_rules:
            status += f"：{len(r.failed_rules)} 条规则运行出错"
        elif r.unreadable or r.skipped:
            status += f"：{r.error or ''}"
        out.append(
            f"<tr data-i=\"{i}\" data-rules=\"{escape(' '.join(codes))}\" data-words=\"{escape(words)}\">"
            f"<td class=\"path\"><a href=\"#f{i}\">{escape(r.path)}</a></td>"
            f"<td class=\"status {escape(r.status)}\" title=\"{escape(r.error or '')}\">{escape(status)}</td>"
            f"<td data-v=\"{rank if rank is not None else ''}\">{rank if rank is not None else ''}</td>"
            f"<td data-v=\"{risk(r) if checked else ''}\">{risk(r) if checked else ''}</td>"
            f"{num(c['error'])}{num(c['warning'])}{num(c['info'])}{num(len(r.unassessed))}"
            f"<td class=\"rules\">{''.join(f'<span>{escape(x)}</span>' for x in codes)}</td></tr>\n")
    out.append("</tbody></table>\n")
    return "".join(out)


# sorting and filtering the index; empty cells (no rank, not checked) sort last either way
INDEX_JS = """
(function () {
  var t = document.getElementById('index');
  if (!t) return;
  var tb = t.tBodies[0], q = document.getElementById('q'), sel = document.getElementById('rule'),
      shown = document.getElementById('shown');
  function key(tr, i) { var c = tr.cells[i]; return c.hasAttribute('data-v') ? c.getAttribute('data-v') : c.textContent; }
  t.tHead.addEventListener('click', function (e) {
    var th = e.target.closest('th'); if (!th) return;
    var i = th.cellIndex, num = th.getAttribute('data-type') === 'num';
    var dir = th.getAttribute('aria-sort') === 'descending' ? 'ascending'
            : th.getAttribute('aria-sort') === 'ascending' ? 'descending' : (num && i !== 2 ? 'descending' : 'ascending');
    Array.prototype.forEach.call(t.tHead.rows[0].cells, function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', dir);
    var k = dir === 'ascending' ? 1 : -1, rows = Array.prototype.slice.call(tb.rows);
    rows.sort(function (a, b) {
      var x = key(a, i), y = key(b, i), tie = a.getAttribute('data-i') - b.getAttribute('data-i');
      if (x === '' || y === '') return x === y ? tie : (x === '' ? 1 : -1);
      var d = num ? (Number(x) - Number(y)) : x.localeCompare(y, 'zh-CN');
      return d * k || tie;
    });
    rows.forEach(function (r) { tb.appendChild(r); });
  });
  function filter() {
    var s = q.value.trim().toLowerCase(), rule = sel.value, n = 0;
    Array.prototype.forEach.call(tb.rows, function (tr) {
      var hay = (tr.textContent + ' ' + tr.getAttribute('data-words')).toLowerCase();
      var ok = (!s || hay.indexOf(s) >= 0) && (!rule || tr.getAttribute('data-rules').split(' ').indexOf(rule) >= 0);
      tr.hidden = !ok; if (ok) n++;
    });
    shown.textContent = n;
  }
  q.addEventListener('input', filter);
  sel.addEventListener('change', filter);
})();
"""
