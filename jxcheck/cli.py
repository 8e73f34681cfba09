"""Command line: ``jxcheck check|extract|rules|explain``.

Exit codes (documented in the README, tested):
  0  every file read, no finding at or above --fail-on
  1  a finding at or above --fail-on
  2  usage error: an unknown command or option, a bad option value, a bad
     config, a path given on the command line that does not exist, paths that
     hold no file at all (an empty folder); one
     Chinese line on stderr naming it, never a traceback
  3  a file could not be read, or a rule raised on one so its check is
     incomplete (status "rule-failed"); takes precedence over 1. Files of a
     folder that are not reports (status "skipped") are listed, never give 3
  4  the report could not be written (disk full, an I/O error, output closed):
     one Chinese line; an ``-o`` file is left as it was (jxcheck.output)
  130  interrupted (Ctrl-C), 143 stopped by SIGTERM: one line, no traceback, the
     workers stopped, no partial ``-o`` file (jxcheck.stop)
Heavy modules (readers, jieba) are imported only when a command needs them.
"""

import enum
import io
import os
import sys
from collections.abc import Iterator
from typing import Annotated

from . import startcache

startcache.install()  # before anything compiles a pattern or a dataclass: ≈ 0.17 s of every start

import typer  # noqa: E402

app = typer.Typer(
    add_completion=False,
    no_args_is_help=False,  # bare `jxcheck` is a one-line usage error (see _root), not a help page on stdout
    help="检查绩效自评报告与自评表中相互矛盾的数字。 Checks performance-evaluation reports for inconsistent figures.",
    context_settings={"help_option_names": ["-h", "--help"]},
    # click's plain help: it wraps every option and description at the terminal's width instead
    # of cutting them with "…" in a rich table, and "[dask]" is text, not markup
    rich_markup_mode=None,
)


class ExitStatus(enum.IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2
    UNREADABLE = 3
    OUTPUT = 4  # the report could not be written


class FailOn(str, enum.Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class CheckFormat(str, enum.Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"
    sarif = "sarif"


class ListFormat(str, enum.Enum):
    text = "text"
    json = "json"


class _Stdout:
    """Whatever ``sys.stdout`` is when written to: a progress display (rich Live)
    swaps it to keep its bar below the output, and test runners swap it too."""

    def write(self, s: str) -> int:
        return sys.stdout.write(s)

    def flush(self) -> None:
        sys.stdout.flush()

    def isatty(self) -> bool:
        return sys.stdout.isatty()


class ColorMode(str, enum.Enum):
    auto = "auto"
    always = "always"
    never = "never"


def _color(stream, mode: str = "auto") -> bool | None:
    """``--color``: always / never decide; auto: ``NO_COLOR`` (non-empty) turns colour
    off, else ``FORCE_COLOR`` (non-empty) turns it on, else colour only on a terminal
    (None: let rich detect the terminal)."""
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return None if stream.isatty() else False


def _usage(message: str) -> typer.Exit:
    from .result import visible  # a path in the message is data: one line, no escapes

    sys.stderr.write(f"jxcheck: {visible(message)}\n")
    return typer.Exit(int(ExitStatus.USAGE))


def _show_version(value: bool) -> None:
    if value:
        from . import __version__

        sys.stdout.write(f"jxcheck {__version__}\n")
        raise typer.Exit(0)


_COMMANDS = "check、extract、rules、explain"


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", "-V", help="显示版本号并退出", is_eager=True,
                                          callback=_show_version)] = False,
) -> None:
    """检查绩效自评报告与自评表中相互矛盾的数字。 Checks performance-evaluation reports for inconsistent figures."""
    if ctx.invoked_subcommand is None:
        raise _usage(f"缺少命令：{_COMMANDS}（jxcheck --help 查看用法）")


STDIN = "-"  # a path argument that means: read the report text from standard input


def _missing_paths(paths: list[str]) -> None:
    """A path given on the command line that does not exist is a usage error (a
    typo), not a file outcome. A broken symlink exists (as a link): it is checked
    and reported as unreadable (``missing``), like any file that cannot be opened."""
    missing = [p for p in dict.fromkeys(paths) if p != STDIN and not os.path.lexists(p)]
    if missing:
        raise _usage("路径不存在：" + "、".join(missing))


class _StdinFile:
    """``-`` among the paths: standard input saved to a temporary ``.txt`` file
    (the readers read files; TXT is decoded from the bytes in any common encoding),
    reported under the name ``-``. Removed on exit."""

    def __init__(self, paths: list[str]) -> None:
        self.path: str | None = None
        self._dir: str | None = None
        if STDIN in paths:
            import tempfile

            self._dir = tempfile.mkdtemp(prefix="jxcheck-stdin-")
            self.path = os.path.join(self._dir, "stdin.txt")
            with open(self.path, "wb") as fh:
                fh.write(sys.stdin.buffer.read())
        self.paths = [self.path if p == STDIN and self.path else p for p in paths]

    def shown(self, r):
        """The result under the name the user gave (``-``), and notes that mention it."""
        if self.path is None:
            return r
        import dataclasses

        notes = tuple(n.replace(self.path, STDIN) for n in r.notes)
        if r.path == self.path:
            return dataclasses.replace(r, path=STDIN, notes=notes)
        return dataclasses.replace(r, notes=notes) if notes != r.notes else r

    def close(self) -> None:
        if self._dir is not None:
            import shutil

            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None


class Executor(str, enum.Enum):
    local = "local"
    dask = "dask"


class PdfEngine(str, enum.Enum):
    auto = "auto"
    pdfium = "pdfium"
    pdfplumber = "pdfplumber"


_PDF_ENGINE_HELP = "PDF 读取引擎：auto（PDFium，快约 5 倍；PDFium 打不开时改用 pdfplumber）、pdfium、pdfplumber（参照路径）"


def iter_results(paths: list[str], config, jobs: int = 1, executor: str = "local",
                 scheduler: str | None = None, send_bytes: bool = False, limits=None) -> Iterator:
    """FileResults in input order, streamed as each file finishes (``jxcheck.batch``:
    in-process for one job, a process pool or a Dask cluster otherwise). A report and
    its separate 自评表 are paired first and checked together (``jxcheck.pairing``)."""
    from .batch import run_batch
    from .pairing import plan, run_planned

    def run(items):
        return run_batch(items, config, jobs=jobs, executor=executor, scheduler=scheduler, send_bytes=send_bytes,
                         limits=limits)

    yield from run_planned(plan(list(paths), limits), run)


# -- hostile input: per-file limits (jxcheck.guard), duplicate notes ---------------
# (a separate block so the integrator can merge it with the batch runner's options)


def _limits(timeout: float, max_memory: int, max_size: int, max_pages: int, pdf_engine: str = "auto"):
    from .guard import Limits

    return Limits(max_bytes=max_size * 1024 * 1024, max_pages=max_pages,
                  timeout_s=timeout or None, max_memory_mb=max_memory or None, pdf_engine=pdf_engine)


def _accounted(results: Iterator, max_bytes: int) -> Iterator:
    """Every result made safe to print (lone surrogates in names) and, for a
    file whose content equals an earlier one, noted as such."""
    from .discover import Duplicates
    from .result import printable_result

    dups = Duplicates(max_bytes)
    for r in results:
        yield printable_result(dups.note(r))


class Tally:
    """Enough of the batch to decide the exit status without keeping every result."""

    def __init__(self) -> None:
        self.unreadable = 0
        self.rule_failed = 0
        self.worst = 0  # highest severity rank seen

    def add(self, r) -> None:
        from rules.finding import SEVERITY_RANK

        if r.unreadable:
            self.unreadable += 1
        elif r.failed_rules:
            self.rule_failed += 1
        for f in r.findings:
            self.worst = max(self.worst, SEVERITY_RANK[f.severity])

    def status(self, fail_on: str) -> ExitStatus:
        from rules.finding import SEVERITY_RANK

        if self.unreadable or self.rule_failed:  # a file not checked, or not checked completely
            return ExitStatus.UNREADABLE
        if fail_on != "never" and self.worst >= SEVERITY_RANK[fail_on]:
            return ExitStatus.FINDINGS
        return ExitStatus.OK


def _split(values: list[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for v in values or []:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return tuple(out)


def _progress(total: int):
    """A transient progress bar on stderr for batches, only when stderr is a terminal.

    Output printed to stdout is routed above the bar only when stdout is a terminal
    too (the same screen). A redirected stdout (``> out.txt``, ``| jq``) is left
    alone: routing it through the bar's console would send the findings to stderr."""
    if total < 2 or not sys.stderr.isatty() or os.environ.get("CI"):
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn("检查中"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    TextColumn("{task.description}"), console=Console(file=sys.stderr),
                    transient=True, redirect_stdout=sys.stdout.isatty(), redirect_stderr=False)


@app.command()
def check(
    ctx: typer.Context,
    paths: Annotated[list[str] | None, typer.Argument(metavar="PATH", help="报告文件或文件夹（递归）；- 表示从标准输入读取 TXT 文本", show_default=False)] = None,
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="输出格式")] = CheckFormat.text,
    fail_on: Annotated[FailOn | None, typer.Option("--fail-on", help="达到该严重程度即以 1 退出（默认 error）")] = None,
    select: Annotated[list[str] | None, typer.Option("--select", metavar="CODES", help="只运行这些规则（代码、名称或类别，逗号分隔）")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", metavar="CODES", help="不运行这些规则（代码、名称或类别）")] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE", help="写入文件而不是标准输出")] = None,
    config_path: Annotated[str | None, typer.Option("--config", metavar="FILE", help="配置文件（默认从当前文件夹向上找 jxcheck.toml 或 pyproject.toml）")] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="不读取任何配置文件")] = False,
    baseline: Annotated[str | None, typer.Option("--baseline", metavar="FILE", help="隐藏基线文件中记录的发现")] = None,
    write_baseline: Annotated[str | None, typer.Option("--write-baseline", metavar="FILE", help="把本次的全部发现写入基线文件")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", metavar="N", min=1, help="并行进程数（默认：CPU 核数；1 = 不开进程池）")] = None,
    executor: Annotated[Executor, typer.Option("--executor", help="local：本机进程池；dask：Dask 集群（需 jxcheck[dask]）")] = Executor.local,
    scheduler: Annotated[str | None, typer.Option("--scheduler", metavar="ADDRESS", help="Dask 调度器地址，如 tcp://host:8786（默认：本机临时集群）")] = None,
    dask_send_bytes: Annotated[bool, typer.Option("--dask-send-bytes", help="把文件内容发给 Dask worker（worker 看不到同一路径时）")] = False,
    timeout: Annotated[float, typer.Option("--timeout", metavar="SECONDS", help="每个文件的处理时限（秒；每个文件在子进程中检查；0 = 不限）", min=0)] = 120,
    max_memory: Annotated[int, typer.Option("--max-memory", metavar="MB", help="每个文件可用的内存（MB；在子进程中检查；0 = 不限）", min=0)] = 2048,
    max_size: Annotated[int, typer.Option("--max-size", metavar="MB", help="文件大小上限（MB）", min=1)] = 200,
    max_pages: Annotated[int, typer.Option("--max-pages", metavar="N", help="PDF 页数上限，超过的文件不检查", min=1)] = 500,
    pdf_engine: Annotated[PdfEngine, typer.Option("--pdf-engine", help=_PDF_ENGINE_HELP)] = PdfEngine.auto,
    exclude: Annotated[list[str] | None, typer.Option("--exclude", metavar="GLOB",
                                                      help="遍历文件夹时跳过匹配的文件或子文件夹（按文件名或相对路径匹配，可重复）")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="只输出有发现或无法检查的文件：不列出未发现问题和未检查的文件，不输出汇总表、进度条和提示信息")] = False,
    color_mode: Annotated[ColorMode, typer.Option("--color", help="颜色：auto（终端上着色；NO_COLOR 关闭，FORCE_COLOR 开启）、always、never")] = ColorMode.auto,
    statistics: Annotated[bool, typer.Option("--statistics", help="按规则和类别统计整批的发现数（text 只输出统计；json 增加 statistics；xlsx 增加「统计」表）")] = False,
    follow_symlinks: Annotated[bool, typer.Option("--follow-symlinks", help="读取文件夹中指向文件夹之外的符号链接（默认不读取，列为未检查）")] = False,
    show_settings: Annotated[bool, typer.Option("--show-settings", help="显示生效的配置及每项的来源（默认、配置文件、命令行），以及被检查文件夹中的配置文件；不检查")] = False,
    annotate: Annotated[str | None, typer.Option("--annotate", metavar="DIR", help="把发现标在原文副本上：PDF 高亮批注、DOCX 高亮与批注、XLSX 单元格填色与批注，写入 DIR（原文件不改动）")] = None,
    html_images: Annotated[bool, typer.Option("--html-images", help="HTML 报告中每条 PDF 发现附原页截图（数字加框，内嵌图片）")] = False,
) -> None:
    """检查报告，输出发现的问题。 Check reports and print the findings."""
    import dataclasses
    import itertools

    from rules.config import ConfigError

    from . import baseline as bl
    from . import config_file
    from .discover import iter_inputs
    from .reporters import is_binary, reporter
    from .result import printable_result
    from .skipped import skipped_result

    fmt = format.value
    try:
        fc = config_file.load(config_path, discover=not no_config)
        cli_select, cli_ignore = _split(select), _split(ignore)
        config_file.check_selectors(cli_select, "--select")
        config_file.check_selectors(cli_ignore, "--ignore")
    except ConfigError as e:
        raise _usage(str(e)) from None
    config = fc.config
    if cli_select:  # the command line's selection replaces the file's; ignores add up
        config = dataclasses.replace(config, select=cli_select)
    if cli_ignore:
        config = dataclasses.replace(config, ignore=config.ignore + cli_ignore)
    fail = fail_on.value if fail_on else (fc.fail_on or "error")
    # -- where the settings came from: --show-settings, and warnings (jxcheck.settings)
    from . import settings as st

    paths = list(paths or [])
    select_src = "--select" if cli_select else (fc.path or st.DEFAULT)
    ignore_src = {i: fc.path or st.DEFAULT for i in fc.config.ignore} | {i: "--ignore" for i in cli_ignore}
    if show_settings:
        def src(name: str) -> str:
            s = ctx.get_parameter_source(name)
            return st.CLI if s is not None and s.name in ("COMMANDLINE", "ENVIRONMENT") else st.DEFAULT

        where = ("--no-config：不读取配置文件" if no_config else "--config 指定" if config_path
                 else f"从当前文件夹 {os.getcwd()} 向上" + ("找到" if fc.path else "未找到 jxcheck.toml 或含 [tool.jxcheck] 的 pyproject.toml"))
        opts = {"timeout": (timeout, src("timeout")), "max-memory": (max_memory, src("max_memory")),
                "max-size": (max_size, src("max_size")), "max-pages": (max_pages, src("max_pages")),
                "pdf-engine": (pdf_engine.value, src("pdf_engine")),
                "jobs": (jobs or os.cpu_count() or 1, src("jobs") if jobs else "默认（CPU 核数）"),
                "executor": (executor.value, src("executor")), "exclude": (list(exclude or ()), src("exclude")),
                "follow-symlinks": (follow_symlinks, src("follow_symlinks")), "baseline": (baseline, src("baseline"))}
        d = st.describe(fc=fc, config=config, file_note=where, select_source=select_src, ignore_sources=ignore_src,
                        fail_on=(fail, st.CLI if fail_on else fc.path if fc.fail_on else st.DEFAULT),
                        options=opts, paths=paths)
        if fmt == "json":
            import json

            sys.stdout.write(json.dumps(d, ensure_ascii=False, indent=2) + "\n")
        else:
            sys.stdout.write(st.render_text(d))
        raise typer.Exit(0)
    if not paths:
        raise _usage("check 命令缺少参数 PATHS（jxcheck check --help 查看用法）")
    for line in st.cancel_warnings(config, select_src, ignore_src):
        sys.stderr.write(f"jxcheck: {line}\n")
    inside = st.applied_from_inside(fc.path, paths)
    if inside is not None:
        sys.stderr.write(f"jxcheck: 注意：使用的配置文件 {fc.path} 在被检查的文件夹 {inside} 中（--no-config 不读取；"
                         "--show-settings 查看生效的配置）\n")
    try:
        waived = bl.load(baseline) if baseline else frozenset()
    except bl.BaselineError as e:
        raise _usage(str(e)) from None
    if is_binary(fmt) and not output and sys.stdout.isatty():
        raise _usage(f"--format {fmt} 是二进制格式，请用 --output 指定文件")
    _missing_paths(paths)

    stdin = _StdinFile(paths)
    skipped: list[str] = []
    found: dict[str, int] = {}
    why_skipped: dict[str, tuple[str, str]] = {}  # symlinks pointing outside their folder
    files = list(iter_inputs(stdin.paths, exclude=tuple(exclude or ()), skipped=skipped, counts=found,
                             follow_symlinks=follow_symlinks, reasons=why_skipped))
    n_excluded = found.pop("excluded", 0)
    if not files and not skipped:  # nothing at all to report: say so (exit 2), never "未发现问题"
        stdin.close()
        raise _usage("没有找到任何文件：" + "、".join(dict.fromkeys(paths))
                     + (f"（{n_excluded} 个被 --exclude 排除）" if n_excluded else ""))
    for folder in (d for d, n in found.items() if n == 0 and d not in files and not quiet):
        sys.stderr.write(f"jxcheck: 文件夹 {folder} 中没有文件\n")
    if n_excluded and not quiet:
        sys.stderr.write(f"jxcheck: --exclude 排除了 {n_excluded} 个文件\n")
    annotator = _annotator(annotate, files, stdin) if annotate else None

    from .output import AtomicFile, OutputError, Written, write_error

    atomic = None
    if output:  # a temporary file beside it, renamed into place when complete
        try:
            atomic = AtomicFile(output, is_binary(fmt), encoding="utf-8-sig" if fmt == "csv" else "utf-8")
        except OutputError as e:
            stdin.close()
            raise _usage(str(e)) from None
        stream = Written(atomic.fh, output)
    else:
        stream = Written(sys.stdout.buffer if is_binary(fmt) else _Stdout(), "标准输出")
    color = (_color(sys.stdout, color_mode.value) if not output or color_mode is ColorMode.always
             else False) if fmt == "text" else False
    extra = ({"images": _page_images(_limits(timeout, max_memory, max_size, max_pages, pdf_engine.value))}
             if html_images and fmt == "html" else {})
    # a binary format (xlsx) is built in memory and written whole: a failed write is then
    # one OutputError, not a half-closed zip archive complaining at exit
    binary = io.BytesIO() if is_binary(fmt) else None
    rep = reporter(fmt, binary or stream, color=color, statistics=statistics, quiet=quiet,
                   command=_command_line(paths), **extra)
    tally, hidden, recorded = Tally(), 0, []
    progress = None if quiet else _progress(len(files))
    try:
        rep.start()
        if progress is not None:
            progress.start()
            task = progress.add_task("", total=len(files))
        limits = _limits(timeout, max_memory, max_size, max_pages, pdf_engine.value)
        if annotator is not None:
            annotator.limits = limits.read_limits()  # the copies are read as the check read them
        checked = _accounted(iter_results(files, config, jobs or os.cpu_count() or 1, executor.value, scheduler,
                                          dask_send_bytes, limits), limits.max_bytes) if files else iter(())
        # files of a folder that are not reports: listed after the checked ones, with the reason
        not_checked = (printable_result(skipped_result(p, why_skipped.get(p))) for p in skipped)
        for r in itertools.chain(checked, not_checked):
            r = stdin.shown(r)
            if write_baseline:
                recorded.append(dataclasses.replace(r, text=None))
            r, n = bl.apply(r, waived)
            hidden += n
            tally.add(r)
            rep.file(r)
            if annotator is not None:
                annotator.file(r)
            if progress is not None:
                progress.update(task, advance=1, description=os.path.basename(r.path))
        if progress is not None:
            progress.stop()
            progress = None
        rep.hidden = hidden
        rep.finish()
        if binary is not None:
            stream.write(binary.getvalue())
        if atomic is not None:
            atomic.commit()
            atomic = None
        else:
            stream.flush()
    except OutputError as e:
        sys.stderr.write(f"jxcheck: {e}\n")
        raise typer.Exit(int(ExitStatus.OUTPUT)) from None
    finally:
        if progress is not None:
            progress.stop()
        stdin.close()
        if atomic is not None:  # not complete: the target is left as it was
            atomic.abort()
    if annotator is not None:
        _annotated(annotator, quiet)
    if baseline and not quiet:
        sys.stderr.write(f"jxcheck: 基线 {baseline} 隐藏了 {hidden} 条发现\n")
    if write_baseline:  # like -o: a temporary file beside it, renamed when complete
        try:
            base = AtomicFile(write_baseline, False)
        except OutputError as e:
            raise _usage(str(e)) from None
        try:
            n = bl.write(recorded, base.fh)
            base.commit()
        except OSError as e:
            base.abort()
            sys.stderr.write(f"jxcheck: {write_error(write_baseline, e)}\n")
            raise typer.Exit(int(ExitStatus.OUTPUT)) from None
        except OutputError as e:
            sys.stderr.write(f"jxcheck: {e}\n")
            raise typer.Exit(int(ExitStatus.OUTPUT)) from None
        sys.stderr.write(f"jxcheck: 已将 {n} 条发现写入基线 {write_baseline}\n")
    raise typer.Exit(int(tally.status(fail)))


# -- findings on the original: --annotate DIR, --html-images (jxcheck.annotate) -------


def _annotator(out_dir: str, files: list[str], stdin):
    """Refuse colliding names before anything is checked (exit 2), create DIR."""
    from .annotate import AnnotateError, Annotator, plan

    try:
        plan(out_dir, files)
    except AnnotateError as e:
        stdin.close()
        raise _usage(str(e)) from None
    return Annotator(out_dir)


def _annotated(annotator, quiet: bool) -> None:
    for line in annotator.failed:
        sys.stderr.write(f"jxcheck: {line}\n")
    if quiet:
        return
    sys.stderr.write(f"jxcheck: 已在 {annotator.out_dir} 写入 {len(annotator.written)} 个批注副本\n")
    if annotator.not_annotated:
        sys.stderr.write(f"jxcheck: {len(annotator.not_annotated)} 个 TXT/图片文件有发现但无批注副本"
                         "（纯文本无法批注，发现的原文见 -f html）\n")


def _page_images(limits):
    from .annotate.images import PageImages

    return PageImages(limits.read_limits())


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(metavar="PATH", help="报告文件或文件夹；- 表示从标准输入读取 TXT 文本")],
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.text,
    pdf_engine: Annotated[PdfEngine, typer.Option("--pdf-engine", help=_PDF_ENGINE_HELP)] = PdfEngine.auto,
    # the same per-file limits as check, on by default (jxcheck.guard): a bomb is one file's outcome
    timeout: Annotated[float, typer.Option("--timeout", metavar="SECONDS", help="每个文件的处理时限（秒；每个文件在子进程中读取；0 = 不限）", min=0)] = 120,
    max_memory: Annotated[int, typer.Option("--max-memory", metavar="MB", help="每个文件可用的内存（MB；在子进程中读取；0 = 不限）", min=0)] = 2048,
    max_size: Annotated[int, typer.Option("--max-size", metavar="MB", help="文件大小上限（MB）", min=1)] = 200,
    max_pages: Annotated[int, typer.Option("--max-pages", metavar="N", help="PDF 页数上限，超过的文件不读取", min=1)] = 500,
) -> None:
    """显示读取到的数字：标注的金额、比率、得分、指标目标与实际值。 Show what was read."""
    from .discover import iter_inputs
    from .extract_view import extraction_dicts, render_extraction

    _missing_paths(paths)
    stdin = _StdinFile(paths)
    try:
        items = extraction_dicts(list(iter_inputs(stdin.paths)), pdf_engine=pdf_engine.value,
                                 limits=_limits(timeout, max_memory, max_size, max_pages, pdf_engine.value))
    finally:
        stdin.close()
    for it in items:
        if stdin.path is not None and it.get("path") == stdin.path:
            it["path"] = STDIN
    if format is ListFormat.json:
        import json

        json.dump({"version": 1, "files": items}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        render_extraction(items, sys.stdout, color=_color(sys.stdout))
    raise typer.Exit(int(ExitStatus.UNREADABLE if any(i.get("status") != "ok" for i in items) else ExitStatus.OK))


def _option_text(v) -> str:
    from decimal import Decimal

    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Decimal):
        return f'"{v}"'
    if isinstance(v, str):
        return f'"{v}"'
    if isinstance(v, (list, tuple, set, frozenset)):
        return "[" + ", ".join(_option_text(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_option_text(x)}" for k, x in v.items()) + " }"
    return str(v)


@app.command("rules")
def list_rules(format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.text) -> None:
    """列出全部规则。 List every rule."""
    from rules.registry import all_rules

    rules = all_rules()
    if format is ListFormat.json:
        import json

        rows = [{"code": r.code, "name": r.name, "category": r.category, "severity": r.severity,
                 "summary": r.summary, "options": {k: _option_text(v) for k, v in r.options.items()}}
                for r in rules]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    from rich.console import Console
    from rich.table import Table

    t = Table("代码", "名称", "类别", "严重程度", "说明", header_style="bold")
    for r in rules:
        t.add_row(r.code, r.name, r.category, r.severity, r.summary)
    Console(no_color=_color(sys.stdout) is False, highlight=False).print(t)


@app.command()
def explain(code: Annotated[str, typer.Argument(metavar="CODE", help="规则代码或名称，如 JX101")]) -> None:
    """打印规则文档：检查什么、为什么、错误与正确示例、选项。 Print a rule's documentation."""
    import shutil

    from rules.registry import all_rules

    from .explain import render

    want = code.strip()
    for r in all_rules():
        if want.upper() == r.code or want.lower() == r.name:
            # wrapped to the terminal (at most 100 cells), 80 when piped
            width = min(shutil.get_terminal_size((80, 24)).columns, 100) if sys.stdout.isatty() else 80
            sys.stdout.write(render(r, _option_text, width))
            return
    raise _usage(f"没有规则 {code}（用 jxcheck rules 列出全部）")


def _click_exceptions() -> tuple[type[BaseException], ...]:
    """The usage-error classes of the click that typer runs: typer's bundled copy
    (``typer._click``, typer >= 0.2x), and the click package if typer uses it."""
    classes: list[type[BaseException]] = []
    try:
        from typer._click import exceptions as bundled

        classes.append(bundled.ClickException)
    except ImportError:  # pragma: no cover - a typer that runs on click itself
        pass
    click = sys.modules.get("click")  # a typer that runs on click has imported it (importing it: 45 ms)
    if click is not None:
        classes.append(click.exceptions.ClickException)
    return tuple(classes)


def _given(names: list[str], argv: list[str]) -> str | None:
    """The value given on the command line for an option with these names (the
    last one counts, as for click): ``-j 0``, ``-j0``, ``--jobs=0``."""
    value = None
    for i, a in enumerate(argv):
        for n in names:
            if a == n and i + 1 < len(argv):
                value = argv[i + 1]
            elif n.startswith("--") and a.startswith(n + "="):
                value = a[len(n) + 1:]
            elif not n.startswith("--") and a.startswith(n) and len(a) > len(n):
                value = a[len(n):]
    return value


def _why(message: str) -> str:
    """typer's English reason for a bad value, in Chinese (the original if unknown)."""
    import re

    m = re.search(r"'(.*)' is not one of (.*?)\.?$", message)
    if m:
        return "应为 " + "、".join(x.strip().strip("'") for x in m.group(2).split(",")) + " 之一"
    for pattern, zh in ((r"greater than or equal to (\S+)", "应不小于 {}"), (r"greater than (\S+)", "应大于 {}"),
                        (r"less than or equal to (\S+)", "应不大于 {}"), (r"less than (\S+)", "应小于 {}"),
                        # click's own wording (typer < 0.29): "0 is not in the range x>=1."
                        (r"range x>=([^\s.]+(?:\.\d+)?)", "应不小于 {}"), (r"range x>([^\s.]+(?:\.\d+)?)", "应大于 {}"),
                        (r"range x<=([^\s.]+(?:\.\d+)?)", "应不大于 {}"), (r"range x<([^\s.]+(?:\.\d+)?)", "应小于 {}")):
        m = re.search(pattern, message)
        if m:
            return zh.format(m.group(1))
    if "valid integer" in message or "valid int" in message:
        return "应为整数"
    if "valid number" in message or "valid float" in message:
        return "应为数字"
    if "valid boolean" in message:
        return "应为 true 或 false"
    return message


def usage_line(e: BaseException, argv: list[str]) -> str:
    """One Chinese line for a click usage error, naming the option, value or command."""
    ctx = getattr(e, "ctx", None)
    cmd = getattr(ctx, "command_path", None) or "jxcheck"
    sub = cmd.split(" ", 1)[1] if " " in cmd else ""
    of = f"{sub} 命令" if sub else ""
    kind = type(e).__name__
    msg = str(getattr(e, "message", "") or e)
    if kind == "NoArgsIsHelpError" or msg.startswith("Missing command"):
        return f"缺少命令：{_COMMANDS}（jxcheck --help 查看用法）"
    if kind == "NoSuchOption":
        name = getattr(e, "option_name", "") or msg
        close = sorted(getattr(e, "possibilities", None) or [])
        hint = f"是否想用 {'、'.join(close)}？" if close else ""
        return f"{of}没有选项 {name}（{hint}{cmd} --help 列出全部选项）"
    if msg.startswith("No such command"):
        import re

        m = re.match(r"No such command '(.*)'\.?$", msg)
        name = m.group(1) if m else msg
        return f"没有命令 {name}（可用的命令：{_COMMANDS}；jxcheck --help 查看用法）"
    if kind == "BadOptionUsage" and "requires an argument" in msg:
        return f"选项 {getattr(e, 'option_name', '')} 缺少值（{cmd} --help 查看用法）"
    param = getattr(e, "param", None)
    if kind == "MissingParameter":
        name = (getattr(param, "name", None) or "").upper()
        what = f"参数 {name}" if name else "参数"
        return f"{of}缺少{what}（{cmd} --help 查看用法）"
    if param is not None:  # BadParameter: a value typer could not convert or that is out of range
        opts = list(getattr(param, "opts", []) or [])
        long_first = sorted(opts, key=lambda o: not o.startswith("--"))
        label = "/".join(long_first) or (getattr(param, "human_readable_name", "") or "参数")
        value = _given(opts, argv)
        shown = f"「{value}」" if value is not None else ""
        return f"选项 {label} 的值{shown}无效：{_why(msg)}"
    return f"用法错误：{msg}（{cmd} --help 查看用法）"


_ARGV: list[str] | None = None  # the command line, as main() received it (for the HTML report's header)


def _command_line(paths: list[str]) -> str:
    """The command that is running, for a report to say how it was made: the argv
    main() received; called in-process (tests) without one, ``jxcheck check PATH…``."""
    import re
    import shlex

    argv = _ARGV if _ARGV is not None else ["check", *paths]
    return " ".join(a if re.fullmatch(r"[^\s'\"\\$`!*?;&|<>(){}#~]+", a) else shlex.quote(a) for a in ["jxcheck", *argv])


def main() -> None:
    from . import stop

    global _ARGV
    argv = _ARGV = sys.argv[1:]
    stop.install()  # SIGTERM stops the run like Ctrl-C, with its own exit code
    try:
        _main(argv)
    finally:
        startcache.save()  # what this run compiled for the first time


def _main(argv: list[str]) -> None:
    from . import stop

    try:
        # without standalone mode click *returns* a typer.Exit's code instead of raising
        rc = app(args=argv, prog_name="jxcheck", standalone_mode=False)
        if rc == 130:  # typer turns KeyboardInterrupt into Exit(130), silently
            sys.stderr.write(stop.message() + "\n")
            rc = stop.exit_code()
        _flush_stdout()
        sys.exit(rc if isinstance(rc, int) else 0)
    except SystemExit:
        raise  # before the clauses below: `except _click_exceptions()` is evaluated for any exception
    except typer.Exit as e:
        _flush_stdout()
        sys.exit(e.exit_code)
    except (typer.Abort, KeyboardInterrupt):  # Ctrl-C, SIGTERM, or end of input at a prompt
        sys.stderr.write(stop.message() + "\n")
        sys.exit(stop.exit_code())
    except _click_exceptions() as e:  # usage errors: one line, never a traceback
        sys.stderr.write(f"jxcheck: {usage_line(e, argv)}\n")
        sys.exit(int(ExitStatus.USAGE))


def _flush_stdout() -> None:
    """Standard output that cannot take the last bytes (``> /dev/full``, a closed pipe):
    one line and exit 4, not a traceback at interpreter exit."""
    try:
        sys.stdout.flush()
    except OSError as e:
        from .output import why

        try:  # the interpreter flushes again at exit: give it nothing to fail on
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        sys.stderr.write(f"jxcheck: 无法写入标准输出：{why(e)}，报告未写出\n")
        sys.exit(int(ExitStatus.OUTPUT))


if __name__ == "__main__":
    main()
