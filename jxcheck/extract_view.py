"""``jxcheck extract``: what was read, so an auditor can see why a rule did or did not fire."""
from __future__ import annotations

from typing import IO, Any


def extract_one(path: str, limits: Any = None) -> dict[str, Any]:
    """What was read from one file, or why it could not be: ``{"path", "status": "error",
    "error_code", "error"}`` with the reason ``check`` gives (``pipeline.read_failure``).
    ``limits``: ``extractor.readers.limits.ReadLimits``. Never raises for the file's sake."""
    from extractor.analysis import extract
    from extractor.readers import read
    from extractor.readers.limits import ReadLimits

    from .pipeline import read_failure

    try:
        doc = read(path, limits or ReadLimits())
    except Exception as e:  # noqa: BLE001 - a reader bug is this file's outcome, not the run's
        return _error(read_failure(path, e))
    try:
        return {"path": path, "status": "ok", "format": doc.format, "pages": doc.pages,
                "tables": len(doc.tables), **extract(doc).to_dict(doc)}
    except MemoryError:
        return {"path": path, "status": "error", "error_code": "too-large", "error": "文件过大，内存不足"}
    except Exception as e:  # noqa: BLE001 - neither is an extractor bug
        why = " ".join(f"{type(e).__name__}: {e}".split())[:200]
        return {"path": path, "status": "error", "error_code": "check-failed", "error": f"提取失败：{why}"}


def _error(r: Any) -> dict[str, Any]:
    return {"path": r.path, "status": "error", "error_code": r.error_code, "error": r.error}


def extraction_dicts(paths: list[str], pdf_engine: str = "auto", limits: Any = None) -> list[dict[str, Any]]:
    """``extract_one`` of each path, each file under ``limits`` (``jxcheck.guard.Limits``;
    default ``guard.BOUNDED``, as ``check``): with a time or memory limit in a forked child,
    so a bomb is one file's ``timeout``/``too-large``/``crashed`` and the others are read."""
    import dataclasses

    from .guard import BOUNDED, _memory_result, call_guarded, warm

    limits = dataclasses.replace(limits or BOUNDED, pdf_engine=pdf_engine)
    rl = limits.read_limits()
    if limits.needs_child:
        warm(paths=paths)  # readers and jieba loaded once, here, not in every child
    out: list[dict[str, Any]] = []
    for p in paths:
        value, failure = call_guarded(extract_one, p, rl, limits=limits, path=p, paths=(p,))
        if failure is None and limits.max_memory_mb and value.get("error") == "文件过大，内存不足":
            failure = _memory_result(p, limits)  # the limit it ran into, as check says
        out.append(_error(failure) if failure is not None else value)
    return out


def render_extraction(items: list[dict[str, Any]], stream: IO[str], color: bool | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream, force_terminal=color, no_color=color is False, highlight=False)

    def where(d: dict[str, Any]) -> str:
        return f"p{d['page']}:{d['line']}" if d.get("page") else f"¶{d.get('line')}"

    for it in items:
        if it["status"] != "ok":
            # one line whatever the terminal's width, as check prints it
            console.print(f"[bold]{_name(it['path'])}[/]  [red]无法读取：{_name(it['error'])}[/]", soft_wrap=True)
            continue
        console.print(f"[bold]{_name(it['path'])}[/]  ({it['format']}, {it.get('pages') or '-'} 页, {it['tables']} 个表格)")
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
        left = [("实际", s) for s in it.get("unaligned_results", [])] + [("目标", s) for s in it.get("unaligned_targets", [])]
        if left:
            t = Table("角色", "主题", "文字", "位置", title="未对齐（没有找到对应的目标或实际值）", title_justify="left")
            for role, s in left:
                t.add_row(role, s["subject"], s["text"], where(s))
            console.print(t)
        _render_facts(console, it, where)
        for se in it.get("selfevals", []):
            _render_selfeval(console, se, where)
        console.print()


def _render_facts(console: Any, it: dict[str, Any], where: Any) -> None:
    """Facts grouped by context; each total with its parts; each rate with the facts of
    its context it was checked against."""
    from rich.markup import escape
    from rich.table import Table

    facts = it.get("facts", [])
    if facts:
        groups: dict[str, list[dict[str, Any]]] = {}
        for f in facts:
            groups.setdefault(f["context"], []).append(f)
        t = Table("主体", "概念", "文字", "数值", "单位", "来源", "依据", "位置", title="事实（按主体）", title_justify="left")
        for ctx, fs in groups.items():
            for i, f in enumerate(fs):
                src = "表格" if f["source"] == "table" else "正文"
                t.add_row(escape(ctx) if i == 0 else "", f["concept"], escape(f["text"]), f["value"], f["unit"], src,
                          escape(f["how"]), where(f))
        console.print(t)
    totals = it.get("totals", [])
    if totals:
        t = Table("合计", "分项", "方式", "完整", title="合计与分项", title_justify="left")
        for x in totals:
            parts = "、".join(f"{p.get('name', '')}{p.get('text', '')}" for p in x["parts"])
            t.add_row(escape(f"{x['label']} {x['total']['text']}".strip()), escape(parts), escape(x["marker"]),
                      "是" if x["exhaustive"] else "否（只列部分）")
        console.print(t)
    bases = it.get("checked_against", [])
    if bases:
        t = Table("比率", "主体", "可据以核对的事实", title="比率与其依据", title_justify="left")
        for b in bases:
            r = b["rate"]
            t.add_row(escape(f"{r['how']} {r['text']}"), escape(r["context"]),
                      escape("；".join(f"{f['concept']} {f['text']}（{'表格' if f['source'] == 'table' else '正文'}）"
                                      for f in b["against"]) or "（无）"))
        console.print(t)


def _render_selfeval(console: Any, se: dict[str, Any], where: Any) -> None:
    from rich.table import Table

    def cell(v: dict[str, Any] | None) -> str:
        return "" if v is None else v["text"]

    title = f"自评表（表格 {se['table'] + 1}，金额单位 {se['unit']}）" + (f"：{se['project']}" if se["project"] else "")
    names = {"initial": "年初预算", "annual": "全年预算", "executed": "全年执行", "arrived": "到位",
             "weight": "分值", "rate": "执行率", "score": "得分", "reason": "原因"}
    keys = [k for k in names if any(k in r for r in se["funds"])]
    if se["funds"]:
        t = Table("资金", "类别", *(names[k] for k in keys), "位置", title=title + " — 资金", title_justify="left")
        for r in se["funds"]:
            first = next((r[k] for k in keys if r.get(k)), None)
            t.add_row(r["label"], r["role"], *(cell(r.get(k)) for k in keys), where(first) if first else "")
        console.print(t)
    if se["indicators"]:
        t = Table("一级", "二级", "三级指标", "方向", "指标值", "完成值", "分值", "得分", "偏差原因", "位置",
                  title=title + " — 指标", title_justify="left")
        for r in se["indicators"]:
            lvl1 = r["level1"] + (f"({r['level1_weight']}分)" if r["level1_weight"] else "")
            loc = next((r[k] for k in ("target", "actual", "weight", "score") if r.get(k)), None)
            t.add_row(lvl1, r["level2"], r["name"], r["direction"], cell(r["target"]), cell(r["actual"]),
                      cell(r["weight"]), cell(r["score"]), cell(r["reason"]), where(loc) if loc else "")
        t.add_row("总分", "", "", "", "", "", cell(se["total_weight"]), cell(se["total_score"]), "", "")
        console.print(t)


def _name(s: str) -> str:
    """A file name (or a reason quoting one) as data: rich markup in it ("[red]") is printed,
    not applied, and control characters are escaped."""
    from rich.markup import escape

    from .result import visible

    return escape(visible(str(s)))
