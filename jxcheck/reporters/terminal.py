"""The reviewer's view: per file a header, each finding with its sentence and the
figures highlighted. Offsets count characters; rich handles CJK display width."""
from __future__ import annotations

from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from rules.finding import Finding

from ..result import FileResult, summary

SEV_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
SEV_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def where(fmt: str | None, page: int | None, line: int | None) -> str:
    if page is not None:
        return f"第{page}页第{line}行"
    if line is not None:
        return f"第{line}段"
    return ""


def highlighted(f: Finding) -> list[Text]:
    """One line per distinct sentence, with every evidence figure in it highlighted."""
    lines: list[Text] = []
    by_ctx: dict[tuple[int, str], list] = {}
    for e in f.evidence:
        by_ctx.setdefault((e.context_start, e.context), []).append(e)
    for (cstart, ctx), evs in by_ctx.items():
        t = Text(ctx)
        for e in evs:
            a, b = e.start - cstart, e.end - cstart
            if 0 <= a < b <= len(ctx):
                t.stylize("bold reverse", a, b)
        loc = where(None, evs[0].page, evs[0].line)
        lines.append(Text.assemble((f"{loc} ", "dim"), t))
    return lines


def render(results: list[FileResult], stream: IO[str], *, color: bool | None = None, width: int | None = None, **_: object) -> None:
    console = Console(file=stream, force_terminal=color, no_color=color is False, width=width, highlight=False, soft_wrap=False)
    for r in results:
        head = Text(r.path, style="bold")
        if r.status != "ok":
            console.print(Text.assemble(head, ("  无法检查：", "bold red"), (r.error or "", "red")))
            continue
        c = r.counts()
        tail = f"  {c['error']} 错误 · {c['warning']} 警告 · {c['info']} 提示" if r.findings else "  未发现问题"
        console.print(Text.assemble(head, (f"  ({r.format}, {r.pages} 页)" if r.pages else f"  ({r.format})", "dim"), (tail, "dim")))
        for note in r.notes:
            console.print(Text(f"  注：{note}", style="dim"))
        for f in r.findings:
            console.print(Text.assemble(
                ("  " + SEV_ZH[f.severity].ljust(3), SEV_STYLE[f.severity]),
                (f" {f.rule} ", "bold"), (f"{f.name}  ", "dim"), f.message,
            ))
            for line in highlighted(f):
                console.print(Text.assemble("        ", line))
        console.print()
    s = summary(results)
    table = Table(title=None, show_header=True, header_style="bold")
    for col in ("文件", "错误", "警告", "提示", "无法读取"):
        table.add_column(col, justify="right")
    table.add_row(str(s["files"]), str(s["errors"]), str(s["warnings"]), str(s["infos"]), str(s["unreadable"]))
    console.print(table)
