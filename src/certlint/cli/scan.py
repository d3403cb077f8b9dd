"""scan: the options of ``certlint scan`` and the order of the work (inputs, run, output)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from certlint import __version__
from certlint.cli.app import (
    EXIT_CLEAN,
    EXIT_ERROR,
    FailOn,
    OutputFormat,
    RecordsFormat,
    TextFormat,
    app,
    error,
    fail,
)
from certlint.i18n import in_language, tr

if TYPE_CHECKING:
    pass
from certlint.cli.app import LangOption, RulesOption, _config, _linter, _split
from certlint.cli.output import _exit, _progress, _report, _stream_report
from certlint.cli.run import _collect_corpora, _corpus_batches, _stream_corpora, _total_bytes


@app.command(
    help=tr(
        "Scan files for wording that breaks the notice; exit 0 clean, 1 findings, 2 errors.",
        "检查文件中违反通知的用语；退出码 0 表示无问题，1 表示发现问题，2 表示出错。",
    ),
    short_help=tr(
        "Scan files and folders (exit 0 clean, 1 findings, 2 errors).",
        "检查文件和目录（退出码 0 无问题，1 有问题，2 出错）。",
    ),
    epilog=tr(
        """Examples:

\b
  certlint scan examples/
  certlint scan site/ -f concise --select CL2,cl3
  cat ad.md | certlint scan --stdin-filename pages/ad.md
  certlint scan . -f sarif -o certlint.sarif --baseline .certlint-baseline.json""",
        """示例：

\b
  certlint scan examples/
  certlint scan site/ -f concise --select CL2,cl3
  cat ad.md | certlint scan --stdin-filename pages/ad.md
  certlint scan . -f sarif -o certlint.sarif --baseline .certlint-baseline.json""",
    ),
)
def scan(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help=tr(
                "Files or directories to scan; - reads standard input.", "要检查的文件或目录；- 表示读取标准输入。"
            ),
            metavar="PATH",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help=tr("Report format.", "报告格式。"))
    ] = OutputFormat.text,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help=tr(
                "Lowest severity that makes the exit code 1 [default: error].",
                "使退出码为 1 的最低严重级别 [默认：error]。",
            ),
        ),
    ] = None,
    rules: RulesOption = None,
    pack: Annotated[
        list[str] | None,
        typer.Option(
            "--pack",
            help=tr(
                "Shipped packs to use (ids, comma-separated; e.g. mohrss-2022-25,adlaw-edu) [default: mohrss-2022-25].",
                "使用哪些内置规则包（编号，逗号分隔，如 mohrss-2022-25,adlaw-edu）[默认：mohrss-2022-25]。",
            ),
            metavar="IDS",
        ),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            help=tr(
                "Only these rule ids or prefixes (comma-separated).", "只用这些规则编号或前缀（逗号分隔，不分大小写）。"
            ),
            metavar="IDS",
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            help=tr(
                "Skip these rule ids or prefixes (comma-separated).", "跳过这些规则编号或前缀（逗号分隔，不分大小写）。"
            ),
            metavar="IDS",
        ),
    ] = None,
    allow: Annotated[
        list[str] | None,
        typer.Option(
            "--allow",
            help=tr(
                "A phrase never flagged (your institution's real name); repeatable.",
                "永不标记的短语（如本机构的真实名称），可重复。",
            ),
            metavar="PHRASE",
        ),
    ] = None,
    show_allowed: Annotated[
        bool,
        typer.Option(
            "--show-allowed",
            help=tr(
                "Also list matches turned off by an allow phrase, a context or a comment.",
                "同时列出被放行短语、语境或注释关闭的匹配。",
            ),
        ),
    ] = False,
    config_file: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help=tr(
                "Configuration file (default: the nearest .certlint.yaml, certlint.yaml or pyproject.toml).",
                "配置文件（默认：最近的 .certlint.yaml、certlint.yaml 或 pyproject.toml）。",
            ),
            metavar="FILE",
        ),
    ] = None,
    list_files: Annotated[
        bool,
        typer.Option(
            "--list-files", help=tr("Print the files that would be scanned, and exit.", "列出将要检查的文件后退出。")
        ),
    ] = False,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help=tr("Report only findings not recorded in this baseline.", "只报告基线文件中没有记录的问题。"),
            metavar="FILE",
        ),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option(
            "--write-baseline",
            help=tr("Record today's findings in FILE (exit 0).", "把当前的问题记录到基线文件 FILE（退出码 0）。"),
            metavar="FILE",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=tr(
                "Write the report to FILE; a summary line still goes to the terminal.",
                "把报告写入 FILE；终端上仍显示一行汇总。",
            ),
            metavar="FILE",
        ),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help=tr("Findings only: no summary, no progress bar.", "只输出问题：不显示汇总和进度条。")
        ),
    ] = False,
    statistics: Annotated[
        bool,
        typer.Option(
            "--statistics",
            help=tr("Print finding counts per rule instead of each finding.", "按规则统计问题数量，而不逐条列出。"),
        ),
    ] = False,
    no_color: Annotated[
        bool, typer.Option("--no-color", help=tr("Plain output without colours.", "不使用颜色。"))
    ] = False,
    records: Annotated[
        list[str] | None,
        typer.Option(
            "--records",
            help=tr(
                "A record corpus: JSON Lines or CSV, .gz too, any fsspec URL; repeatable.",
                "记录语料：JSON Lines 或 CSV（可为 .gz，或任意 fsspec 地址），可重复。",
            ),
            metavar="FILE",
        ),
    ] = None,
    id_field: Annotated[
        str,
        typer.Option(
            "--id-field",
            help=tr("Record field holding the id (URL).", "记录中存放编号（网址）的字段。"),
            metavar="FIELD",
        ),
    ] = "id",
    text_field: Annotated[
        str,
        typer.Option(
            "--text-field", help=tr("Record field holding the text.", "记录中存放正文的字段。"), metavar="FIELD"
        ),
    ] = "text",
    text_format: Annotated[
        TextFormat, typer.Option("--text-format", help=tr("What the text field holds.", "正文字段的格式。"))
    ] = TextFormat.text,
    records_format: Annotated[
        RecordsFormat,
        typer.Option(
            "--records-format",
            help=tr("Corpus format (default: from the file name).", "语料格式（默认：按文件名判断）。"),
        ),
    ] = RecordsFormat.auto,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            metavar="N",
            help=tr(
                "Worker processes [default: all CPUs for more than 4 MB of work, else 1].",
                "工作进程数 [默认：待检查内容超过 4 MB 时用全部 CPU，否则 1]。",
            ),
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help=tr(
                "Continue an interrupted --records scan into the same --output (jsonl).",
                "继续写入同一 --output（jsonl），接着完成被中断的 --records 检查。",
            ),
        ),
    ] = False,
    stdin_filename: Annotated[
        str | None,
        typer.Option(
            "--stdin-filename",
            help=tr(
                "Read standard input as this file: its format, the config that applies to it, the path reported.",
                "把标准输入当作此文件：按它的格式读取、按它匹配配置，并以它作为报告中的路径。",
            ),
            metavar="PATH",
        ),
    ] = None,
    lang: LangOption = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            help=tr(
                "Scan --records on the Dask cluster at this scheduler address.",
                "在此调度器地址的 Dask 集群上检查 --records。",
            ),
            metavar="ADDRESS",
        ),
    ] = None,
) -> None:
    from certlint.inputs.discovery import DiscoveredFile, Discovery, discover
    from certlint.report import ReportContext

    config = _config(config_file)
    phrases = [phrase.strip() for phrase in [*config.allow, *(allow or [])] if phrase.strip()]
    linter, packs_ok = _linter(
        [*config.pack_paths(), *(rules or [])],
        select=_split(select) if select else config.select,
        ignore=_split(ignore) if ignore else config.ignore,
        allow=phrases,
        packs=_split(pack) if pack else config.packs,
    )
    discovery = Discovery(
        include=tuple(config.include),
        exclude=tuple(config.exclude),
        root=config.root,
        respect_gitignore=config.respect_gitignore,
    )
    known = None
    if baseline is not None:  # read it first: a bad baseline stops the run before the scan
        from certlint.gate.baseline import Baseline, BaselineError

        try:
            known = Baseline(baseline)
        except BaselineError as exc:
            fail(str(exc))
    if stdin_filename is not None:
        if paths and paths != ["-"]:
            fail(
                tr(
                    "--stdin-filename reads standard input: give no PATH (or -)",
                    "--stdin-filename 读取标准输入：不要再给出路径（或只给 -）",
                )
            )
        paths = ["-"]
    if not paths and not records:
        fail(tr("nothing to scan: give a PATH or --records FILE", "没有要检查的内容：请给出路径或 --records FILE"))
    if resume and (not records or output is None or output_format is not OutputFormat.jsonl):
        fail("--resume needs --records, --output FILE and --format jsonl")
    items = list(discover(paths or [], discovery))
    if list_files:
        for item in items:
            if isinstance(item, DiscoveredFile):
                print(item.path)
            else:
                error(f"{item.path}: {item.message}")
        raise typer.Exit(EXIT_ERROR if any(not isinstance(i, DiscoveredFile) for i in items) else EXIT_CLEAN)

    from certlint.scale.parallel import default_jobs, iter_file_batches, scan_file_batches

    corpora = records or []
    work = _total_bytes([i.path for i in items if isinstance(i, DiscoveredFile)] + corpora)
    workers = jobs or default_jobs(len(items) + len(corpora), work)
    options = None
    if corpora:  # the corpus machinery (gzip, csv, batches) is loaded only for --records
        from certlint.scale.corpus import CorpusOptions

        options = CorpusOptions(id_field, text_field, records_format.value, text_format.value)
    context = ReportContext(
        packs=linter.packs,
        version=__version__,
        color=False if no_color else None,
        show_allowed=show_allowed,
        quiet=quiet,
    )
    # Reports that are a list of findings are written as the scan goes and keep only
    # counts, so that memory does not grow with the number of findings; JSON, SARIF and
    # HTML are one document and need them all.
    streamed = write_baseline is None and (
        output_format in (OutputFormat.text, OutputFormat.concise, OutputFormat.github)
        or (output_format is OutputFormat.jsonl and not corpora)
        or (statistics and not (output_format is OutputFormat.jsonl and corpora))
    )
    if streamed:
        # In path order, as a collected report sorts its findings (each file's are sorted).
        items.sort(key=lambda item: item.path)
        from certlint.findings import ScanResult

        streamed_result = ScanResult()
        # No bar while findings are written to the same terminal: the two would interleave.
        bar = not quiet and (output is not None or statistics or not sys.stdout.isatty())
        with _progress(sum(isinstance(i, DiscoveredFile) for i in items), enabled=bar) as advance:
            parts = iter_file_batches(
                linter,
                items,
                jobs=workers,
                show_allowed=show_allowed,
                per_file_ignores=config.per_file_ignores,
                root=config.root,
                on_file=advance,
                stdin_name=stdin_filename,
            )
            _stream_report(
                output_format.value, parts, context, output, statistics, quiet, known, streamed_result,
                lambda: _corpus_batches(linter, corpora, options, workers, dask, streamed_result, report_now=True),
            )  # fmt: skip
        _exit(streamed_result, packs_ok, fail_on, config.fail_on)
    with _progress(sum(isinstance(i, DiscoveredFile) for i in items), enabled=not quiet) as advance:
        result = scan_file_batches(
            linter,
            items,
            jobs=workers,
            show_allowed=show_allowed,
            per_file_ignores=config.per_file_ignores,
            root=config.root,
            on_file=advance,
            stdin_name=stdin_filename,
        )
    # JSON Lines output streams corpus findings as they come; other reports need them all.
    streaming = output_format is OutputFormat.jsonl and bool(corpora) and write_baseline is None
    if corpora and not streaming:
        _collect_corpora(linter, corpora, options, workers, dask, result)
    for problem in result.errors:
        error(str(problem))
    from certlint.findings import printable

    for skipped in result.skipped:
        print(f"certlint: skipped: {printable(in_language(str(skipped)))}", file=sys.stderr)
    if write_baseline is not None:
        from certlint.gate.baseline import write_baseline as record

        try:
            count = record(write_baseline, result.findings)
        except OSError as exc:
            fail(f"{write_baseline}: cannot write the baseline: {exc.strerror or exc}")
        print(f"certlint: recorded {count} findings in {write_baseline}", file=sys.stderr)
        raise typer.Exit(EXIT_ERROR if result.errors or not packs_ok else EXIT_CLEAN)
    if known is not None:
        result.findings, result.baselined = known.filter(result.findings)

    if streaming:
        _stream_corpora(linter, corpora, options, workers, dask, result, output, resume, quiet, known)
    else:
        _report(output_format.value, result, context, output, statistics, quiet)
    _exit(result, packs_ok, fail_on, config.fail_on)
