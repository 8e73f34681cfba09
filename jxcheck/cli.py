"""Command line: ``jxcheck check|extract|rules|explain``.

Exit codes (documented in the README, tested):
  0  every file read, no finding at or above --fail-on
  1  a finding at or above --fail-on
  2  usage error (bad option, bad config)
  3  a file could not be read (takes precedence over 1)
Heavy modules (readers, jieba) are imported only when a command needs them.
"""
from __future__ import annotations

import enum
import os
import sys
from typing import Annotated

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="检查绩效自评报告与自评表中相互矛盾的数字。 Checks performance-evaluation reports for inconsistent figures.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class ExitStatus(enum.IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2
    UNREADABLE = 3


class FailOn(str, enum.Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class CheckFormat(str, enum.Enum):
    text = "text"
    json = "json"


class ListFormat(str, enum.Enum):
    text = "text"
    json = "json"


def _color(stream) -> bool | None:
    if os.environ.get("NO_COLOR"):
        return False
    return None if stream.isatty() else False


class Executor(str, enum.Enum):
    local = "local"
    dask = "dask"


def _results(paths: list[str], config, jobs: int | None = None, executor: str = "local",
             scheduler: str | None = None, send_bytes: bool = False) -> list:
    from .batch import run_batch
    from .discover import iter_inputs

    return list(run_batch(iter_inputs(paths), config, jobs=jobs, executor=executor,
                          scheduler=scheduler, send_bytes=send_bytes))


def exit_status(results: list, fail_on: str) -> ExitStatus:
    from rules.finding import SEVERITY_RANK

    if any(r.status != "ok" for r in results):
        return ExitStatus.UNREADABLE
    if fail_on != "never":
        floor = SEVERITY_RANK[fail_on]
        if any(SEVERITY_RANK[f.severity] >= floor for r in results for f in r.findings):
            return ExitStatus.FINDINGS
    return ExitStatus.OK


def _split(values: list[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for v in values or []:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return tuple(out)


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="报告文件或文件夹（递归）")],
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="输出格式")] = CheckFormat.text,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="达到该严重程度即以 1 退出")] = FailOn.error,
    select: Annotated[list[str] | None, typer.Option("--select", help="只运行这些规则（代码、名称或类别，逗号分隔）")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="不运行这些规则（代码、名称或类别）")] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", help="写入文件而不是标准输出")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="并行进程数（默认：CPU 核数；1 = 不开进程池）")] = None,
    executor: Annotated[Executor, typer.Option("--executor", help="local：本机进程池；dask：Dask 集群（需 jxcheck[dask]）")] = Executor.local,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask 调度器地址，如 tcp://host:8786（默认：本机临时集群）")] = None,
    dask_send_bytes: Annotated[bool, typer.Option("--dask-send-bytes", help="把文件内容发给 Dask worker（worker 看不到同一路径时）")] = False,
) -> None:
    """检查报告，输出发现的问题。 Check reports and print the findings."""
    from rules.config import Config

    config = Config(select=_split(select), ignore=_split(ignore))
    results = _results(paths, config, jobs=jobs or os.cpu_count(), executor=executor.value,
                       scheduler=scheduler, send_bytes=dask_send_bytes)
    stream = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        if format is CheckFormat.json:
            from .reporters import json_report

            json_report.render(results, stream)
        else:
            from .reporters import terminal

            terminal.render(results, stream, color=_color(stream))
    finally:
        if output:
            stream.close()
    raise typer.Exit(int(exit_status(results, fail_on.value)))


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="报告文件或文件夹")],
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.text,
) -> None:
    """显示读取到的数字：标注的金额、比率、得分、指标目标与实际值。 Show what was read."""
    from .discover import iter_inputs
    from .extract_view import extraction_dicts, render_extraction

    items = extraction_dicts(list(iter_inputs(paths)))
    if format is ListFormat.json:
        import json

        json.dump({"version": 1, "files": items}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        render_extraction(items, sys.stdout, color=_color(sys.stdout))
    raise typer.Exit(int(ExitStatus.UNREADABLE if any(i.get("status") != "ok" for i in items) else ExitStatus.OK))


@app.command("rules")
def list_rules(format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.text) -> None:
    """列出全部规则。 List every rule."""
    from rules.registry import all_rules

    rows = [
        {"code": r.code, "name": r.name, "category": r.category, "severity": r.severity, "summary": r.summary}
        for r in all_rules()
    ]
    if format is ListFormat.json:
        import json

        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    from rich.console import Console
    from rich.table import Table

    t = Table("代码", "名称", "类别", "严重程度", "说明", header_style="bold")
    for r in rows:
        t.add_row(r["code"], r["name"], r["category"], r["severity"], r["summary"])
    Console(no_color=_color(sys.stdout) is False).print(t)


@app.command()
def explain(code: Annotated[str, typer.Argument(help="规则代码或名称，如 JX101")]) -> None:
    """打印规则文档。 Print a rule's documentation."""
    from rules.registry import all_rules

    for r in all_rules():
        if code in (r.code, r.name):
            sys.stdout.write(f"{r.code} {r.name}（{r.category}，默认 {r.severity}）\n\n")
            import inspect

            sys.stdout.write(inspect.cleandoc(r.doc) + "\n")
            if r.options:
                sys.stdout.write("\n选项：\n")
                for k, v in r.options.items():
                    sys.stdout.write(f"  {k} = {v}\n")
            return
    sys.stderr.write(f"jxcheck: 没有规则 {code}（用 jxcheck rules 列出全部）\n")
    raise typer.Exit(int(ExitStatus.USAGE))


def main() -> None:
    try:
        app(standalone_mode=False)
    except typer.Exit as e:
        sys.exit(e.exit_code)
    except (typer.BadParameter, typer.Abort) as e:  # pragma: no cover - click renders these
        sys.stderr.write(f"jxcheck: {e}\n")
        sys.exit(int(ExitStatus.USAGE))
    except Exception as e:  # click usage errors
        import click

        if isinstance(e, click.exceptions.ClickException):
            e.show()
            sys.exit(int(ExitStatus.USAGE))
        raise


if __name__ == "__main__":
    main()
