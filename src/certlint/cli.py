"""The command line: argument parsing and printing only; the work is in the engine."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TextIO

import typer

from certlint import __version__

if TYPE_CHECKING:
    from certlint.engine import Linter
    from certlint.findings import InputError, ScanResult
    from certlint.gate.baseline import Baseline
    from certlint.gate.config import Config
    from certlint.packs.model import RulePack
    from certlint.report import ReportContext
    from certlint.scale.corpus import BatchResult, CorpusOptions

app = typer.Typer(
    name="certlint",
    help="Lint certificate, course and ad text against 人社部函〔2022〕25号 (山寨证书专项治理).",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
rules_app = typer.Typer(help="List and test rule packs.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(rules_app, name="rules")

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class TextFormat(str, Enum):
    text = "text"
    html = "html"
    markdown = "markdown"


class RecordsFormat(str, Enum):
    auto = "auto"
    jsonl = "jsonl"
    csv = "csv"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def error(message: str) -> None:
    """One line on stderr; every input problem goes through here. Control characters
    (a file name with a line break or an escape sequence) are shown, not acted on."""
    from certlint.findings import printable

    print(f"certlint: error: {printable(message)}", file=sys.stderr)


def fail(message: str) -> NoReturn:
    error(message)
    raise typer.Exit(EXIT_ERROR)


def _version(value: bool) -> None:
    if value:
        print(f"certlint {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """certlint: flag knockoff-certificate wording (国家认可, 包过, 挂证…) and name the clause it breaks."""


def _split(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def _load_packs(extra: list[Path] | None) -> tuple[list[RulePack], bool]:
    """The default packs plus ``extra``; bad packs are reported and left out."""
    from certlint.packs.loader import load_pack
    from certlint.packs.model import PackError, default_pack_paths

    packs: list[RulePack] = []
    ok = True
    for path in [*default_pack_paths(), *(extra or [])]:
        try:
            packs.append(load_pack(path))
        except PackError as exc:
            ok = False
            for problem in exc.problems:
                error(str(problem))
    return packs, ok


def _linter(extra: list[Path], select: list[str], ignore: list[str], allow: list[str]) -> tuple[Linter, bool]:
    """The linter for the default packs plus ``extra``: from the disk cache when every
    pack is unchanged, else built (and cached when every pack loaded)."""
    from certlint.packs.model import default_pack_paths
    from certlint.scale.cache import load_linter, store_linter

    paths = [*default_pack_paths(), *extra]
    options = (tuple(select), tuple(ignore), tuple(allow))
    cached = load_linter(paths, options)
    if cached is not None:
        return cached, True
    packs, packs_ok = _load_packs(extra)
    linter = _make_linter(packs, select=select, ignore=ignore, allow=allow)
    if packs_ok:
        store_linter(paths, options, linter)
    return linter, packs_ok


def _make_linter(packs: list[RulePack], select: list[str], ignore: list[str], allow: list[str] | None = None) -> Linter:
    from certlint import engine
    from certlint.packs.model import PackError

    try:
        return engine.Linter(packs, select=select, ignore=ignore, allow=allow or ())
    except PackError as exc:
        for problem in exc.problems:
            error(str(problem))
        raise typer.Exit(EXIT_ERROR) from None
    except ValueError as exc:
        fail(f"{exc} (see `certlint rules list`)")


RulesOption = Annotated[
    list[Path] | None,
    typer.Option("--rules", "-r", help="An extra rule pack (YAML); repeatable.", metavar="FILE"),
]


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    sarif = "sarif"
    github = "github"
    html = "html"


def _config(explicit: Path | None) -> Config:
    from certlint.gate.config import Config, ConfigError, find_config, load_config

    path = explicit if explicit is not None else find_config()
    if path is None:
        return Config()
    try:
        return load_config(path)
    except ConfigError as exc:
        for problem in exc.problems:
            error(problem)
        raise typer.Exit(EXIT_ERROR) from None


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
            help="Worker processes [default: all CPUs for several inputs or big corpora].",
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

    from certlint.scale.corpus import CorpusOptions
    from certlint.scale.parallel import default_jobs, iter_file_batches, scan_file_batches

    corpora = records or []
    workers = jobs or default_jobs(len(items) + len(corpora), _corpus_bytes(corpora))
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


def _exit(result: ScanResult, packs_ok: bool, fail_on: FailOn | None, configured: str | None) -> NoReturn:
    """The exit code the scan means: 2 if an input or pack could not be read, 1 if a
    finding reaches the --fail-on level, else 0."""
    if result.errors or not packs_ok:
        raise typer.Exit(EXIT_ERROR)
    threshold = (fail_on.value if fail_on is not None else configured) or "error"
    if threshold != "never":
        from certlint.packs.model import Severity

        rank = Severity(threshold).rank
        if result.tally is not None:
            worst = any(n and Severity(s).rank >= rank for s, n in result.tally.by_severity.items())
        else:
            worst = any(f.severity.rank >= rank for f in result.findings)
        if worst:
            raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_CLEAN)


def _stream_report(
    fmt: str, parts: Iterable[ScanResult], context: ReportContext, output: Path | None, statistics: bool,
    quiet: bool, known: Baseline | None, result: ScanResult,
    corpus_batches: Callable[[], Iterable[tuple[str, BatchResult]]],
) -> None:  # fmt: skip
    """Write findings as each part of the scan arrives (files, then record corpora) and
    keep only counts in ``result``; errors are printed as they come."""
    from certlint.findings import ScanResult, Tally, printable
    from certlint.report import render
    from certlint.report.text import render_statistics, render_text_end, render_text_findings, summary_line

    tally = Tally()
    result.tally = tally
    write_findings = not statistics or output is not None

    def take(part: ScanResult, stream: TextIO) -> None:
        for problem in part.errors:
            error(str(problem))
        for skipped in part.skipped:
            print(f"certlint: skipped: {printable(str(skipped))}", file=sys.stderr)
        result.errors.extend(part.errors)
        result.skipped.extend(part.skipped)
        result.files += part.files
        if context.show_allowed:
            result.allowed.extend(part.allowed)
        findings = part.findings
        if known is not None:
            findings, absorbed = known.filter(findings)
            result.baselined += absorbed
        tally.add(findings)
        if write_findings and findings:
            if fmt == "text":
                render_text_findings(findings, context, stream)
            else:
                render(fmt, ScanResult(findings=findings), context, stream)

    try:
        with _atomic(output) if output is not None else nullcontext(sys.stdout) as stream:
            for part in parts:
                take(part, stream)
            for _, batch in corpus_batches():
                take(ScanResult(findings=batch.findings, errors=batch.errors), stream)
            if write_findings and fmt == "text":
                render_text_end(result, context, stream)
            stream.flush()
    except BrokenPipeError:
        if output is not None:
            raise
        # The reader went away (| head): stop, and exit with the code the scan so far means.
        _silence_stdout()
        return
    except OSError as exc:
        if output is None:
            raise
        fail(f"{output}: cannot write the report: {exc.strerror or exc}")
    if statistics:
        render_statistics(result, context, sys.stdout)
    if (statistics or output is not None) and not quiet:
        print(summary_line(result, context))
    sys.stdout.flush()


def _corpus_bytes(corpora: list[str]) -> int:
    total = 0
    for corpus in corpora:
        with suppress(OSError):
            total += os.stat(corpus).st_size
    return total


def _corpus_error(corpus: str, exc: Exception) -> InputError:
    from certlint.findings import InputError
    from certlint.inputs.records import CorpusError

    if isinstance(exc, CorpusError):
        return InputError(corpus, str(exc))
    reason = "no such file" if isinstance(exc, FileNotFoundError) else (getattr(exc, "strerror", None) or str(exc))
    return InputError(corpus, f"cannot read the corpus: {reason}")


def _corpus_batches(
    linter: Linter, corpora: list[str], options: CorpusOptions, jobs: int, dask: str | None, result: ScanResult,
    done: dict[str, int] | None = None, report_now: bool = False,
) -> Iterator[tuple[str, BatchResult]]:  # fmt: skip
    """Each corpus's batch results in order; unreadable corpora become errors (printed at
    once when ``report_now``: a streamed scan has printed the other errors already)."""
    from certlint.inputs.records import CorpusError
    from certlint.scale.corpus import scan_corpus_batches

    for corpus in corpora:
        try:
            if dask:
                from certlint.scale.distributed import scan_corpus_dask

                yield corpus, scan_corpus_dask(linter, corpus, options, address=dask)
            else:
                skip = (done or {}).get(corpus, 0)
                for batch in scan_corpus_batches(linter, corpus, options, jobs=jobs, skip=skip):
                    yield corpus, batch
        except (OSError, CorpusError) as exc:
            problem = _corpus_error(corpus, exc)
            if report_now:
                error(str(problem))
            result.errors.append(problem)
            continue
        result.files += 1


def _collect_corpora(
    linter: Linter, corpora: list[str], options: CorpusOptions, jobs: int, dask: str | None, result: ScanResult
) -> None:
    """Scan record corpora into ``result`` (for the reports that need every finding)."""
    for _, batch in _corpus_batches(linter, corpora, options, jobs, dask, result):
        result.findings.extend(batch.findings)
        result.errors.extend(batch.errors)
    result.sort()


def _stream_corpora(
    linter: Linter,
    corpora: list[str],
    options: CorpusOptions,
    jobs: int,
    dask: str | None,
    result: ScanResult,
    output: Path | None,
    resume: bool,
    quiet: bool,
    known: Baseline | None,
) -> None:
    """--format jsonl with --records: findings are written as each batch finishes, in
    corpus order, so that a long scan can be followed, piped and resumed."""
    from certlint.report.jsonl import JsonlWriter
    from certlint.scale.checkpoint import Checkpoint, CheckpointError

    checkpoint = None
    if output is not None:
        try:
            checkpoint = Checkpoint.resume(output, corpora) if resume else None
        except CheckpointError as exc:
            fail(str(exc))
        checkpoint = checkpoint or Checkpoint(output, corpora)
    try:
        stream = _locked(output, keep=resume) if output is not None else sys.stdout
    except OSError as exc:
        fail(f"{output}: cannot write the report: {exc.strerror or exc}")
    writer = JsonlWriter(stream, known)
    try:
        writer.write(result.findings)  # the files given beside the corpora come first
        done = dict(checkpoint.done) if checkpoint else {}
        for corpus, batch in _corpus_batches(linter, corpora, options, jobs, dask, result, done, report_now=True):
            writer.write(batch.findings)
            for problem in batch.errors:
                error(str(problem))
            result.errors.extend(batch.errors)
            if checkpoint is not None:
                checkpoint.done[corpus] = checkpoint.done.get(corpus, 0) + batch.records
                checkpoint.save(stream.tell())
        stream.flush()
    except BrokenPipeError:
        if output is not None:
            raise
        _silence_stdout()  # the reader went away (| head): the exit code is the scan's
    except OSError as exc:
        if output is None:
            raise
        fail(f"{output}: cannot write the report: {exc.strerror or exc}")
    finally:
        if output is not None:
            with suppress(OSError):
                stream.close()
    if checkpoint is not None and not result.errors:
        checkpoint.remove()
    # Only what the exit code and the summary need is kept in memory.
    result.findings = writer.worst
    result.baselined += writer.baselined
    if output is not None and not quiet:
        severities = ", ".join(f"{n} {s}" for s, n in writer.counts.items())
        print(f"certlint: {sum(writer.counts.values())} findings ({severities}) written to {output}")


def _report(
    fmt: str, result: ScanResult, context: ReportContext, output: Path | None, statistics: bool, quiet: bool
) -> None:
    from certlint.report import render
    from certlint.report.text import render_statistics, summary_line

    if output is not None:
        try:
            with _atomic(output) as stream:
                render(fmt, result, context, stream)
        except OSError as exc:
            fail(f"{output}: cannot write the report: {exc.strerror or exc}")
        if statistics:
            render_statistics(result, context, sys.stdout)
        if not quiet:
            print(summary_line(result, context))
    elif statistics:
        render_statistics(result, context, sys.stdout)
        if not quiet:
            print(summary_line(result, context))
    else:
        try:
            render(fmt, result, context, sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:
            _silence_stdout()  # the reader went away: the exit code is still the scan's
            return
    sys.stdout.flush()


def _locked(path: Path, *, keep: bool) -> TextIO:
    """``path`` opened for a streamed report that another scan must not write at the same
    time (its checkpoint would follow the wrong file): locked, then emptied unless
    ``keep`` (--resume appends)."""
    import fcntl

    stream = path.open("a", encoding="utf-8")
    try:
        fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        stream.close()
        fail(f"{path}: another certlint scan is writing this report; wait for it or choose another --output")
    if not keep:
        stream.truncate(0)
    return stream


@contextmanager
def _atomic(path: Path) -> Iterator[TextIO]:
    """Write ``path`` through a temporary file in its folder, renamed over it at the end:
    a reader (or a second scan writing the same report) never sees half a report."""
    import stat
    import tempfile

    with suppress(FileNotFoundError):
        if not stat.S_ISREG(os.stat(path).st_mode):  # /dev/stdout, a FIFO: written in place
            with path.open("w", encoding="utf-8") as stream:
                yield stream
            return
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with open(handle, "w", encoding="utf-8") as stream:
            yield stream
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that nothing more (a final flush) fails on a pipe
    whose reader has gone."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


# Below this many files a scan is over before a bar would be worth drawing.
_PROGRESS_MIN_FILES = 10


@contextmanager
def _progress(total: int, enabled: bool) -> Iterator[Callable[[str], None] | None]:
    """A rich progress bar on stderr, only on a terminal and for many files."""
    if not enabled or total < _PROGRESS_MIN_FILES or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("scanning"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    # stdout is the report's: a streamed report writes to it while the bar is drawn.
    with Progress(
        *columns, console=Console(file=sys.stderr), transient=True, redirect_stdout=False, redirect_stderr=False
    ) as progress:
        task = progress.add_task("scan", total=total)
        yield lambda _path: progress.advance(task)


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Where to write .certlint.yaml.")] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter .certlint.yaml."""
    from certlint.gate.config import STARTER

    target = folder / ".certlint.yaml"
    if target.exists() and not force:
        fail(f"{target}: already exists (use --force to overwrite)")
    try:
        target.write_text(STARTER, encoding="utf-8")
    except OSError as exc:
        fail(f"{target}: cannot write: {exc.strerror or exc}")
    print(f"wrote {target}")


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(help="A rule id, e.g. CL204.", metavar="RULE_ID")],
    rules: RulesOption = None,
) -> None:
    """Explain a rule: what it catches, why, the clause, examples and how to fix."""
    from certlint.report.explain import render_explanation

    packs, packs_ok = _load_packs(rules)
    for pack in packs:
        for rule in pack.rules:
            if rule.id == rule_id.strip().upper():
                render_explanation(rule, pack, sys.stdout, color=None)
                raise typer.Exit(EXIT_CLEAN if packs_ok else EXIT_ERROR)
    fail(f"unknown rule '{rule_id}' (see `certlint rules list`)")


@rules_app.command("list")
def rules_list(rules: RulesOption = None) -> None:
    """A table of every rule: id, severity, clauses, name."""
    from certlint.report.explain import render_rule_table

    packs, packs_ok = _load_packs(rules)
    render_rule_table(packs, sys.stdout, color=None)
    raise typer.Exit(EXIT_CLEAN if packs_ok else EXIT_ERROR)


@rules_app.command("test")
def rules_test(
    packs: Annotated[
        list[Path] | None, typer.Argument(help="Pack files to test (default: the shipped packs).", metavar="[PACK]...")
    ] = None,
) -> None:
    """Run every rule's examples; exit 1 if a bad example is missed or a good one flagged."""
    from certlint.packs.loader import load_pack
    from certlint.packs.model import PackError, default_pack_paths
    from certlint.packs.selftest import check_examples
    from certlint.report.explain import render_example_report

    status = EXIT_CLEAN
    for path in packs or default_pack_paths():
        try:
            pack = load_pack(path)
        except PackError as exc:
            for problem in exc.problems:
                error(str(problem))
            status = EXIT_ERROR
            continue
        report = check_examples(pack)
        render_example_report(report, sys.stdout, color=None)
        if report.failures and status == EXIT_CLEAN:
            status = EXIT_FINDINGS
    raise typer.Exit(status)


def main() -> None:
    """Console-script entry point: no traceback ever reaches the user."""
    try:
        app(prog_name="certlint")
    except KeyboardInterrupt:
        print("certlint: interrupted", file=sys.stderr)
        sys.exit(130)
    except SystemExit:
        raise
    except BrokenPipeError:
        # Reader went away (certlint scan … | head): not an error worth a message.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_CLEAN)
    except Exception as exc:
        if os.environ.get("CERTLINT_DEBUG"):
            raise
        error(f"internal error: {type(exc).__name__}: {exc} (set CERTLINT_DEBUG=1 for a traceback)")
        sys.exit(EXIT_ERROR)


if __name__ == "__main__":
    main()
