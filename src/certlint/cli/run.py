"""scan, run: record corpora scanned batch by batch, their errors kept apart."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from certlint.cli.app import (
    error,
    fail,
)
from certlint.cli.output import _locked, _silence_stdout

if TYPE_CHECKING:
    from certlint.engine import Linter
    from certlint.findings import InputError, ScanResult
    from certlint.gate.baseline import Baseline
    from certlint.scale.corpus import BatchResult, CorpusOptions


def _total_bytes(paths: list[str]) -> int:
    """The size of the files (or corpora) at ``paths``, those that cannot be read left out.
    Pictures count by their size too: OCR already runs on every core within one process
    (onnxruntime's threads), so workers do not make a few pictures faster (measured on 2
    cores: 3 faces in 3.2-3.5 s with -j 1, 3.8-4.8 s with -j 2)."""
    total = 0
    for path in paths:
        with suppress(OSError):
            total += os.stat(path).st_size
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
    if not corpora:
        return  # the corpus machinery is imported only for --records
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
    if checkpoint is not None:
        # The scan ran to its end (bad records and unreadable corpora are reported as
        # errors, and scanning again would not change them): nothing to resume.
        checkpoint.remove()
    # Only what the exit code and the summary need is kept in memory.
    result.findings = writer.worst
    result.baselined += writer.baselined
    if output is not None and not quiet:
        from certlint.i18n import count, tr
        from certlint.report.text import severity_counts

        findings = count(sum(writer.counts.values()), "finding", "findings", "个问题")
        severities = severity_counts(writer.counts)
        findings = f"{findings} ({severities})" if severities else findings
        line = tr(f"certlint: {findings} written to {output}", f"certlint：{findings}已写入 {output}")
        if result.errors:
            inputs = count(len(result.errors), "input error", "input errors", "个输入错误")
            line += tr(f"; {inputs} (listed on stderr)", f"；{inputs}（见标准错误输出）")
        print(line)
