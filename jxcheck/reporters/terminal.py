"""The reviewer's view: per file a header, each finding with its sentence and the
figures highlighted, then a summary table for the batch.

Offsets count characters; the screen counts cells (a CJK character takes two).
So the sentence is wrapped here by display width, and in plain output each
wrapped piece gets a caret line under its figures that lines up in a terminal.
Streams: each file is printed as soon as its result arrives.
"""
from __future__ import annotations

from typing import IO, Any

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from rules.finding import Finding

from ..result import FileResult, add, summary, visible, visible_result, visible_text
from .common import CATEGORY_ZH, SEV_ZH, UNASSESSED_ZH, Statistics, contexts, group_location, loc, ordered

SEV_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
MARK_STYLE = "bold reverse"
INDENT = 6


_NUMBER = set("0123456789.,%％")
_NO_LINE_START = set("，、：。；！？）》」』”,.:;!?)%％")


def _wrap(ctx: str, width: int) -> list[tuple[int, int]]:
    """Split ``ctx`` into (start, end) character ranges of at most ``width`` cells.

    A line is broken after a run of spaces (a table row's expanded tabs) when there
    is one, never inside a number (250,000.00, 86.19%) and never before ，、：。；
    unless a piece would otherwise be empty; the spaces at a break are dropped."""
    pieces: list[tuple[int, int]] = []
    start, cells, i = 0, 0, 0
    while i < len(ctx):
        w = cell_len(ctx[i])
        if cells + w > width and i > start:
            j = i
            space = ctx.rfind(" ", start + 1, i + 1)
            if space > start and ctx[space] == " " and (i - space) * 2 < (i - start) + 8:
                j = space + 1 if space + 1 <= i else i  # break after the space run
                while j < i and ctx[j] == " ":
                    j += 1
            else:
                while j > start + 1 and (ctx[j] in _NO_LINE_START
                                         or (ctx[j] in _NUMBER and ctx[j - 1] in _NUMBER)):
                    j -= 1
                if j <= start + 1:
                    j = i
            end = j
            while end > start + 1 and ctx[end - 1] == " ":
                end -= 1
            pieces.append((start, end))
            start = j
            while start < len(ctx) and ctx[start] == " ":
                start += 1
            i = start
            cells = 0
            continue
        cells += w
        i += 1
    pieces.append((start, len(ctx)))
    return pieces


TAB = 8  # a table row's cells are joined by tabs: expanded to stops every TAB cells


def expand_tabs(ctx: str, spans: list[tuple[int, int]], tab: int = TAB) -> tuple[str, list[tuple[int, int]]]:
    """``ctx`` with each tab replaced by spaces up to the next stop, counted in
    display cells (a CJK character takes two), and ``spans`` moved with it, so the
    carets under a table row stay under their cells."""
    if "\t" not in ctx:
        return ctx, spans
    out: list[str] = []
    index = [0] * (len(ctx) + 1)  # old offset -> new offset
    cells = pos = 0
    for i, ch in enumerate(ctx):
        index[i] = pos
        if ch == "\t":
            n = tab - cells % tab
            out.append(" " * n)
            cells += n
            pos += n
        else:
            out.append(ch)
            cells += cell_len(ch)
            pos += 1
    index[len(ctx)] = pos
    return "".join(out), [(index[a], index[b]) for a, b in spans]


def sentence_lines(f: Finding, width: int, color: bool) -> list[Text]:
    """The finding's sentences, wrapped to ``width`` cells, figures highlighted;
    without colour a caret line marks the figures."""
    out: list[Text] = []
    for evs, raw, raw_spans in contexts(f):
        out.append(Text(" " * INDENT + group_location(evs), style="dim"))
        ctx, spans = expand_tabs(visible_text(raw), raw_spans)
        for a, b in _wrap(ctx, max(10, width - INDENT)):
            piece = Text(" " * INDENT + ctx[a:b])
            carets = [" "] * INDENT
            for i in range(a, b):
                w = cell_len(ctx[i])
                inside = any(s <= i < e for s, e in spans)
                carets.append(("^" if inside else " ") * w)
            for s, e in spans:
                lo, hi = max(s, a), min(e, b)
                if lo < hi:
                    piece.stylize(MARK_STYLE, INDENT + lo - a, INDENT + hi - a)
            out.append(piece)
            if not color and any(s < b and e > a for s, e in spans):
                out.append(Text("".join(carets).rstrip()))
    return out


class Reporter:
    def __init__(self, stream: IO[str], *, color: bool | None = None, width: int | None = None,
                 statistics: bool = False, quiet: bool = False, **_: Any) -> None:
        self.console = Console(file=stream, force_terminal=color, no_color=color is False, width=width,
                               highlight=False, soft_wrap=False, emoji=False, markup=False)
        self.color = self.console.is_terminal and not self.console.no_color
        self.counts = summary([])
        self.hidden = 0
        # --statistics: only the counts per rule and per category, then the summary
        self.stats = Statistics() if statistics else None
        # --quiet: only files with findings, unreadable or incompletely checked; no summary
        self.quiet = quiet

    def start(self) -> None:
        pass

    def file(self, r: FileResult) -> None:
        console = self.console
        r = visible_result(r)  # a name is data: ESC or a newline in it is shown escaped
        add(self.counts, r)
        if self.stats is not None:
            self.stats.add(r)
            return
        if self.quiet and (r.skipped or (r.status == "ok" and not r.findings)):
            return
        head = Text(r.path, style="bold")
        if r.unreadable:
            console.print(Text.assemble(head, ("  无法检查：", "bold red"), (r.error or "", "red")), soft_wrap=True)
            console.print()
            return
        if r.skipped:
            console.print(Text.assemble(head, ("  未检查：", "yellow"), (r.error or "", "dim")), soft_wrap=True)
            console.print()
            return
        c = r.counts()
        what = f"{r.format}, {r.pages} 页" if r.pages else (r.format or "")
        tail = (f"  {c['error']} 错误 · {c['warning']} 警告 · {c['info']} 提示" if r.findings
                else "  其余规则未发现问题" if r.failed_rules
                else f"  无新问题（基线隐藏 {r.hidden} 条）" if r.hidden else "  未发现问题")
        if r.findings and r.hidden:
            tail += f" · 基线隐藏 {r.hidden} 条"
        if r.unassessed:
            tail += f" · {len(r.unassessed)} 项{UNASSESSED_ZH}"
        failed = f" · 检查不完整：{len(r.failed_rules)} 条规则运行出错" if r.failed_rules else ""
        # a path, a note or a message is never broken over lines (grep, copy-paste);
        # only the quoted sentences are wrapped, with their carets
        console.print(Text.assemble(head, (f"  ({what})" if what else "", "dim"), (tail, "dim"),
                                    (failed, "bold red")), soft_wrap=True)
        for x in r.failed_rules:
            console.print(Text.assemble(("  规则出错", "bold red"), (f" {x.rule}", "bold"), (f" {x.name} ", "dim"),
                                        f"未能运行完，其发现可能不全：{x.error}"), soft_wrap=True)
        for note in (*r.notes, *r.diagnostics):
            console.print(Text(f"  注：{note}", style="dim"), soft_wrap=True)
        for f in ordered(r.findings):
            console.print(Text.assemble(
                ("  " + SEV_ZH[f.severity], SEV_STYLE[f.severity]),
                (f" {f.rule}", "bold"), (f" {f.name} ", "dim"), visible(f.message),
            ), soft_wrap=True)
            for line in sentence_lines(f, console.width, self.color):
                console.print(line)
        for f in ordered(r.unassessed):
            first = min(f.evidence, key=lambda e: e.start) if f.evidence else None
            place = loc(first) if first else ""
            console.print(Text.assemble(("  " + UNASSESSED_ZH, "magenta"), (f" {f.rule}", "bold"),
                                        (f" {place} " if place else " ", "dim"), visible(f.message)), soft_wrap=True)
        console.print()

    def _statistics(self) -> None:
        """ruff --statistics style: one plain line per rule, most frequent first, then
        one per category; never cut (names are padded, not truncated)."""
        st = self.stats.result() if self.stats is not None else {"rules": [], "categories": {}}
        console = self.console
        console.print(Text("按规则统计（发现数  规则  名称  严重程度  类别  涉及文件）", style="bold"), soft_wrap=True)
        wide = max((len(x["name"]) for x in st["rules"]), default=0)
        for x in st["rules"]:
            console.print(Text.assemble(f"{x['count']:>6}  ", (x["rule"], "bold"), f"  {x['name']:<{wide}}  ",
                                        (SEV_ZH.get(x["severity"], x["severity"]), SEV_STYLE.get(x["severity"], "")),
                                        f"  {CATEGORY_ZH.get(x['category'], '')} {x['category']}",
                                        f"  {x['files']} 个文件"), soft_wrap=True)
        console.print(Text("按类别统计", style="bold"), soft_wrap=True)
        for k, n in st["categories"].items():
            console.print(f"{n:>6}  {CATEGORY_ZH.get(k, '')} {k}", soft_wrap=True)
        console.print()

    def finish(self) -> None:
        if self.stats is not None:
            self._statistics()
        if self.quiet:
            return
        s = self.counts
        table = Table(show_header=True, header_style="bold")
        cols = ["文件", "错误", "警告", "提示", "无法读取"]
        vals = [s["files"], s["errors"], s["warnings"], s["infos"], s["unreadable"]]
        if s["unassessed"]:
            cols.append(UNASSESSED_ZH)
            vals.append(s["unassessed"])
        if s["skipped"]:
            cols.append("未检查")
            vals.append(s["skipped"])
        if s["rule_failed"]:
            cols.append("规则出错")
            vals.append(s["rule_failed"])
        if self.hidden:
            cols.append("基线已隐藏")
            vals.append(self.hidden)
        for col in cols:
            table.add_column(col, justify="right")
        table.add_row(*(str(v) for v in vals))
        self.console.print(table)
        if self.hidden and not (s["errors"] or s["warnings"] or s["infos"]):
            self.console.print(f"无新问题（基线隐藏 {self.hidden} 条）", soft_wrap=True)


def render(results: list[FileResult], stream: IO[str], *, hidden: int = 0, **opts: Any) -> None:
    rep = Reporter(stream, **opts)
    rep.hidden = hidden
    rep.start()
    for r in results:
        rep.file(r)
    rep.finish()
