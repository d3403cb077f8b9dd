"""Scanning a record corpus on a Dask cluster (``pip install certlint[dask]``).

The corpus (a local path or any fsspec URL) is cut into byte ranges that start at line
boundaries; a ``dask.bag`` maps each range to a scan on the cluster's workers, which read
their range themselves, so the corpus never passes through the client. Each worker
unpickles the linter once and keeps it (and its segmenter) for every range it scans.
Line numbers and record positions are made global again on the client, so the result is
exactly the single-process one. Compressed corpora and CSV (whose quoted fields may span
lines) are scanned as one range.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from dataclasses import replace
from typing import Any

from certlint.engine import Linter
from certlint.findings import InputError
from certlint.inputs.readers import record_document
from certlint.inputs.records import RecordError, _format_of, _jsonl, iter_records, open_corpus
from certlint.scale.corpus import BatchResult, CorpusOptions

__all__ = ["plan_ranges", "scan_corpus_dask"]

_RANGE_BYTES = 32 << 20
_WORKER_LINTERS: dict[str, Linter] = {}


def plan_ranges(corpus: str, range_bytes: int = _RANGE_BYTES) -> list[tuple[int, int]]:
    """Byte ranges covering the corpus, each starting at a line start."""
    if corpus.endswith(".gz") or _format_of(corpus, "auto") == "csv":
        return [(0, -1)]
    with open_corpus(corpus) as stream:
        size = stream.seek(0, io.SEEK_END)
        starts = [0]
        position = range_bytes
        while position < size:
            stream.seek(position)
            stream.readline()  # move to the next line start
            start = stream.tell()
            if start >= size:
                break
            if start > starts[-1]:
                starts.append(start)
            position = start + range_bytes
    return [(start, end) for start, end in zip(starts, [*starts[1:], size], strict=True)]


def _worker_linter(key: str, payload: bytes) -> Linter:
    linter = _WORKER_LINTERS.get(key)
    if linter is None:
        linter = _WORKER_LINTERS[key] = pickle.loads(payload)
    return linter


def _scan_range(span: tuple[int, int], corpus: str, options: CorpusOptions, key: str, payload: bytes) -> dict[str, Any]:
    """Runs on a worker: scan the records of one byte range, numbered from the range."""
    linter = _worker_linter(key, payload)
    start, end = span
    if end < 0:
        items = iter_records(corpus, id_field=options.id_field, text_field=options.text_field, fmt=options.fmt)
        lines = 0
    else:
        with open_corpus(corpus) as stream:
            stream.seek(start)
            data = stream.read(end - start)
        lines = data.count(b"\n")
        text = io.StringIO(data.decode("utf-8", errors="surrogateescape"), newline="")
        items = _jsonl(text, options.id_field, options.text_field, 0)
    result = BatchResult()
    records = 0
    for item in items:
        records += 1
        if isinstance(item, RecordError):
            result.errors.append(InputError(f"{corpus}:{item.line}", item.message))
        else:
            result.findings.extend(linter.scan(record_document(item, corpus, options.text_format)))
    return {"result": result, "lines": lines, "records": records}


def scan_corpus_dask(
    linter: Linter,
    corpus: str,
    options: CorpusOptions,
    *,
    address: str | None = None,
    client: Any = None,
    range_bytes: int = _RANGE_BYTES,
) -> BatchResult:
    """Scan ``corpus`` on the Dask cluster at ``address`` (or through ``client``); the
    findings and errors equal :func:`certlint.scale.corpus.scan_corpus_batches`'s, in order."""
    import dask.bag as bag
    from dask.distributed import Client

    own = client is None
    client = client or Client(address)
    try:
        payload = pickle.dumps(linter, protocol=pickle.HIGHEST_PROTOCOL)
        key = hashlib.sha256(payload).hexdigest()
        spans = plan_ranges(corpus, range_bytes)
        parts = (
            bag.from_sequence(spans, npartitions=len(spans))
            .map(_scan_range, corpus=corpus, options=options, key=key, payload=payload)
            .compute(scheduler=client)
        )
    finally:
        if own:
            client.close()
    merged = BatchResult()
    lines_before = records_before = 0
    for part in parts:
        result: BatchResult = part["result"]
        for finding in result.findings:
            merged.findings.append(replace(finding, order=finding.order + records_before))
        for problem in result.errors:
            name, _, line = problem.path.rpartition(":")
            merged.errors.append(InputError(f"{name}:{int(line) + lines_before}", problem.message))
        merged.records += part["records"]
        lines_before += part["lines"]
        records_before += part["records"]
    return merged
