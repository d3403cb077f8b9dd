"""Scanning record corpora (JSON Lines / CSV, see :mod:`certlint.inputs.records`) in batches,
on one core or many, with results in corpus order."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from certlint.engine import Linter
from certlint.findings import Finding, InputError
from certlint.inputs.readers import record_document
from certlint.inputs.records import Record, RecordError, iter_records
from certlint.scale.parallel import ordered_map

__all__ = ["Batch", "BatchResult", "CorpusOptions", "scan_batch", "scan_corpus_batches"]

_BATCH_RECORDS = 256
_BATCH_CHARS = 1 << 20


@dataclass(frozen=True)
class CorpusOptions:
    id_field: str = "id"
    text_field: str = "text"
    fmt: str = "auto"  # auto, jsonl, csv
    text_format: str = "text"  # text, html, markdown


@dataclass(frozen=True)
class Batch:
    corpus: str
    options: CorpusOptions
    items: tuple[Record | RecordError, ...]


@dataclass
class BatchResult:
    findings: list[Finding] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    records: int = 0  # records read (errors included): the checkpoint unit
    characters: int = 0


def scan_batch(linter: Linter, batch: Batch) -> BatchResult:
    """Scan one batch (runs in a worker process with --jobs)."""
    result = BatchResult(records=len(batch.items))
    for item in batch.items:
        if isinstance(item, RecordError):
            result.errors.append(InputError(f"{batch.corpus}:{item.line}", item.message))
            continue
        result.characters += len(item.text)
        result.findings.extend(linter.scan(record_document(item, batch.corpus, batch.options.text_format)))
    return result


def batches(corpus: str, options: CorpusOptions, skip: int = 0) -> Iterator[Batch]:
    items: list[Record | RecordError] = []
    size = 0
    for item in iter_records(
        corpus, id_field=options.id_field, text_field=options.text_field, fmt=options.fmt, skip=skip
    ):
        items.append(item)
        size += len(item.text) if isinstance(item, Record) else 0
        if len(items) >= _BATCH_RECORDS or size >= _BATCH_CHARS:
            yield Batch(corpus, options, tuple(items))
            items, size = [], 0
    if items:
        yield Batch(corpus, options, tuple(items))


def scan_corpus_batches(
    linter: Linter, corpus: str, options: CorpusOptions, *, jobs: int = 1, skip: int = 0
) -> Iterator[BatchResult]:
    """Scan ``corpus`` (skipping its first ``skip`` records): each batch's results in
    corpus order, as soon as they are ready."""
    yield from ordered_map(linter, scan_batch, batches(corpus, options, skip), jobs)
