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

if TYPE_CHECKING:
    pass
from certlint.cli.app import RulesOption, _config, _linter, _split
from certlint.cli.output import _exit, _progress, _report, _stream_report
from certlint.cli.run import _collect_corpora, _corpus_batches, _stream_corpora, _total_bytes


@app.command()
def scan(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files or directories to scan; - reads standard input.", metavar="PATH", show_default=False
        ),
    ] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Report format.")] = OutputFormat.text,
    fail_on: Annotated[
        FailOn | None, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1 [default: error].")
    ] = None,
    rules: RulesOption = None,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help="Only these rule ids or prefixes (comma-separated).", metavar="IDS"),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="Skip these rule ids or prefixes (comma-separated).", metavar="IDS"),
    ] = None,
    allow: Annotated[
        list[str] | None,
        typer.Option(
            "--allow", help="A phrase never flagged (your institution's real name); repeatable.", metavar="PHRASE"
        ),
    ] = None,
    show_allowed: Annotated[
        bool,
        typer.Option("--show-allowed", help="Also list matches turned off by an allow phrase, a context or a comment."),
    ] = False,
    config_file: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="Configuration file (default: the nearest .certlint.yaml, certlint.yaml or pyproject.toml).",
            metavar="FILE",
        ),
    ] = None,
    list_files: Annotated[
        bool, typer.Option("--list-files", help="Print the files that would be scanned, and exit.")
    ] = False,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", help="Report only findings not recorded in this baseline.", metavar="FILE"),
    ] = None,
    write_baseline: Annotated[
        Path | None, typer.Option("--write-baseline", help="Record today's findings in FILE (exit 0).", metavar="FILE")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the report to FILE; a summary line still goes to the terminal.",
            metavar="FILE",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Findings only: no summary, no progress bar.")] = False,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Print finding counts per rule instead of each finding.")
    ] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain output without colours.")] = False,
    records: Annotated[
        list[str] | None,
        typer.Option(
            "--records", help="A record corpus: JSON Lines or CSV, .gz too, any fsspec URL; repeatable.", metavar="FILE"
        ),
    ] = None,
    id_field: Annotated[
        str, typer.Option("--id-field", help="Record field holding the id (URL).", metavar="FIELD")
    ] = "id",
    text_field: Annotated[
        str, typer.Option("--text-field", help="Record field holding the text.", metavar="FIELD")
    ] = "text",
    text_format: Annotated[
        TextFormat, typer.Option("--text-format", help="What the text field holds.")
    ] = TextFormat.text,
    records_format: Annotated[
        RecordsFormat, typer.Option("--records-format", help="Corpus format (default: from the file name).")
    ] = RecordsFormat.auto,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            metavar="N",
            help="Worker processes [default: all CPUs for more than 4 MB of work, else 1].",
        ),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue an interrupted --records scan into the same --output (jsonl).")
    ] = False,
    dask: Annotated[
        str | None,
        typer.Option("--dask", help="Scan --records on the Dask cluster at this scheduler address.", metavar="ADDRESS"),
    ] = None,
) -> None:
    """Scan files for wording that breaks the notice; exit 0 clean, 1 findings, 2 errors."""
    from certlint.inputs.discovery import DiscoveredFile, Discovery, discover
    from certlint.report import ReportContext

    config = _config(config_file)
    phrases = [phrase.strip() for phrase in [*config.allow, *(allow or [])] if phrase.strip()]
    linter, packs_ok = _linter(
        [*config.pack_paths(), *(rules or [])],
        select=_split(select) if select else config.select,
        ignore=_split(ignore) if ignore else config.ignore,
        allow=phrases,
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
    if not paths and not records:
        fail("nothing to scan: give a PATH or --records FILE")
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
        output_format in (OutputFormat.text, OutputFormat.github)
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
        )
    # JSON Lines output streams corpus findings as they come; other reports need them all.
    streaming = output_format is OutputFormat.jsonl and bool(corpora) and write_baseline is None
    if corpora and not streaming:
        _collect_corpora(linter, corpora, options, workers, dask, result)
    for problem in result.errors:
        error(str(problem))
    from certlint.findings import printable

    for skipped in result.skipped:
        print(f"certlint: skipped: {printable(str(skipped))}", file=sys.stderr)
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
