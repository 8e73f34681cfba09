"""``jxcheck extract``: what was read, so an auditor can see why a rule did or did not fire."""
from __future__ import annotations

from typing import IO, Any


def extraction_dicts(paths: list[str]) -> list[dict[str, Any]]:
    from extractor.analysis import extract
    from extractor.errors import ReadError
    from extractor.readers import read

    out: list[dict[str, Any]] = []
    for p in paths:
        try:
            doc = read(p)
        except ReadError as e:
            out.append({"path": p, "status": "error", "error": e.reason})
            continue
        out.append({"path": p, "status": "ok", "format": doc.format, "pages": doc.pages,
                    "tables": len(doc.tables), **extract(doc).to_dict(doc)})
    return out


def render_extraction(items: list[dict[str, Any]], stream: IO[str], color: bool | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream, force_terminal=color, no_color=color is False, highlight=False)

    def where(d: dict[str, Any]) -> str:
        return f"p{d['page']}:{d['line']}" if d.get("page") else f"¶{d.get('line')}"

    for it in items:
        if it["status"] != "ok":
            console.print(f"[bold]{it['path']}[/]  [red]无法读取：{it['error']}[/]")
            continue
        console.print(f"[bold]{it['path']}[/]  ({it['format']}, {it.get('pages') or '-'} 页, {it['tables']} 个表格)")
        t = Table("标签", "文字", "数值", "单位", "位置", "依据", title="标注的数字", title_justify="left")
        for f in it["figures"]:
            t.add_row(f["label"], f["text"], f["value"], f["unit"], where(f), f["cue"])
        for g in it["grades"]:
            t.add_row("grade", g["text"], g["grade"], "", where(g), "评价等次")
        console.print(t)
        t = Table("角色", "主题", "文字", "数值", "单位", "合计", "位置", title="指标：目标与实际", title_justify="left")
        for s in it["targets"] + it["results"]:
            t.add_row("目标" if s["role"] == "target" else "实际", s["subject"], s["text"], s["value"], s["unit"],
                      s.get("total_note") or "", where(s))
        console.print(t)
        if it["pairs"]:
            t = Table("目标", "实际", "相似度", title="目标↔实际 对齐", title_justify="left")
            for p in it["pairs"]:
                t.add_row(f"{p['target_subject']} {p['target']}", f"{p['result_subject']} {p['result']}", str(p["similarity"]))
            console.print(t)
        console.print()
