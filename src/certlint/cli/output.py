"""scan, output: the report written as the scan goes or at its end, and the exit code."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

import typer

from certlint.cli.app import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    FailOn,
    error,
    fail,
)
from certlint.i18n import in_language

if TYPE_CHECKING:
    from certlint.findings import ScanResult
    from certlint.gate.baseline import Baseline
    from certlint.report import ReportContext
    from certlint.scale.corpus import BatchResult


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
            print(f"certlint: skipped: {printable(in_language(str(skipped)))}", file=sys.stderr)
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
            elif fmt == "concise":
                from certlint.report.concise import render_concise_findings

                render_concise_findings(findings, context, stream)
            else:
                render(fmt, ScanResult(findings=findings), context, stream)

    try:
        with _atomic(output) if output is not None else nullcontext(sys.stdout) as stream:
            for part in parts:
                take(part, stream)
            for _, batch in corpus_batches():
                take(ScanResult(findings=batch.findings, errors=batch.errors), stream)
            if write_findings and fmt in ("text", "concise"):
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
        # mkstemp makes the file private (0600); a report gets the mode any new file would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
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
_PROGRESS_INTERVAL = 0.1  # seconds between redraws of the bar


@contextmanager
def _progress(total: int, enabled: bool) -> Iterator[Callable[[str], None] | None]:
    """A rich progress bar on stderr, only on a terminal and for many files."""
    if not enabled or total < _PROGRESS_MIN_FILES or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("scanning"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    # stdout is the report's: a streamed report writes to it while the bar is drawn. The
    # bar is redrawn here, not by rich's refresh thread: with no other thread, workers
    # can be forked (see certlint.scale.parallel).
    with Progress(
        *columns,
        console=Console(file=sys.stderr),
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
        auto_refresh=False,
    ) as progress:
        task = progress.add_task("scan", total=total)
        drawn = [0.0]

        def advance(_path: str) -> None:
            progress.advance(task)
            now = time.monotonic()
            if now - drawn[0] >= _PROGRESS_INTERVAL:
                drawn[0] = now
                progress.refresh()

        yield advance
