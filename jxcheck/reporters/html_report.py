"""One self-contained page per batch: a summary, a list of files, and per file
its findings with the source paragraphs and the figures in ``<mark>``.
Everything is escaped; CSS is inline; no fonts, scripts or images are loaded,
so the page can be mailed to a colleague and opened offline."""
from __future__ import annotations

from html import escape
from typing import IO, Any

from ..result import FileResult, summary, visible_result, visible_text
from .common import SEV_ZH, UNASSESSED_ZH, contexts, group_location, ordered

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
           title: str = "jxcheck 检查结果", **_: Any) -> None:
    results = [visible_result(r) for r in results]  # names are data: control characters escaped
    s = summary(results)
    w = stream.write
    w("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
    w(f"<title>{escape(title)}</title><style>{CSS}</style></head><body>\n")
    w(f"<h1>{escape(title)}</h1>\n<table><tr><th>文件</th><th>错误</th><th>警告</th><th>提示</th>"
      f"<th>无法读取</th><th>{UNASSESSED_ZH}</th><th>规则出错</th><th>未检查</th><th>基线已隐藏</th></tr><tr><td>{s['files']}</td>"
      f"<td>{s['errors']}</td><td>{s['warnings']}</td><td>{s['infos']}</td><td>{s['unreadable']}</td>"
      f"<td>{s['unassessed']}</td><td>{s['rule_failed']}</td><td>{s['skipped']}</td><td>{hidden}</td></tr></table>\n")
    w("<ul class=\"files\">\n")
    for i, r in enumerate(results):
        c = r.counts()
        state = (f"<span class=\"unreadable\">无法检查：{escape(r.error or '')}</span>" if r.unreadable
                 else f"<span class=\"skipped\">未检查：{escape(r.error or '')}</span>" if r.skipped
                 else f"{c['error']} 错误 · {c['warning']} 警告 · {c['info']} 提示"
                 + (f" · {len(r.unassessed)} 项{UNASSESSED_ZH}" if r.unassessed else "")
                 + (f" · <span class=\"rule-failed\">检查不完整：{len(r.failed_rules)} 条规则运行出错</span>"
                    if r.failed_rules else ""))
        w(f"<li><a href=\"#f{i}\">{escape(r.path)}</a> — {state}</li>\n")
    w("</ul>\n")
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
        items = [(f, f.severity, SEV_ZH.get(f.severity, f.severity)) for f in ordered(r.findings)]
        items += [(f, "unassessed", UNASSESSED_ZH) for f in ordered(r.unassessed)]
        for f, kind, label in items:
            sev = escape(kind)
            w(f"<div class=\"finding {sev}\" data-rule=\"{escape(f.rule)}\"><span class=\"sev\">"
              f"{escape(label)}</span> <span class=\"code\">{escape(f.rule)}</span> "
              f"<span class=\"name\">{escape(f.name)}</span> <span class=\"msg\">{escape(f.message)}</span>\n")
            for evs, ctx, spans in contexts(f):
                w(f"<blockquote><span class=\"loc\">{escape(group_location(evs))}</span> "
                  f"{_marked(visible_text(ctx), spans)}</blockquote>\n")
            w("</div>\n")
        w("</section>\n")
    w("</body></html>\n")
