"""Record corpora: JSON Lines or CSV files (optionally gzip-compressed, optionally on any
fsspec filesystem) where each record is one document: an id (a URL, say) and its text.

A record that cannot be read (invalid JSON, a missing field, bytes that are not UTF-8)
becomes a :class:`RecordError` with its line number in the corpus file; reading goes on.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import sys
import zlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import IO, Any

__all__ = ["MAX_RECORD", "CorpusError", "Record", "RecordError", "iter_records", "open_corpus"]

# The longest record (a line of JSON Lines, a CSV field) read, in characters. A longer one
# stops the corpus: it is a device, a decompression bomb or a file that is not a corpus,
# and reading on would only grow memory.
MAX_RECORD = 64 << 20


class CorpusError(Exception):
    """A corpus that cannot be read on (truncated, undecompressable, a record too long);
    ``str(error)`` is the one-line reason. The records before it were read."""


@dataclass(frozen=True)
class Record:
    id: str
    text: str
    line: int  # line of the corpus file where the record starts
    index: int  # 0-based position among the corpus's records (errors included)


@dataclass(frozen=True)
class RecordError:
    line: int
    message: str
    index: int


@contextmanager
def open_corpus(path: str) -> Iterator[IO[bytes]]:
    """Open a corpus for reading bytes: a local path, ``-``, or an fsspec URL; ``.gz``
    files are decompressed on the fly."""
    with ExitStack() as stack:
        if path == "-":
            raw: IO[bytes] = sys.stdin.buffer
        elif "://" in path:
            import fsspec

            raw = stack.enter_context(fsspec.open(path, "rb"))
        else:
            raw = stack.enter_context(open(path, "rb"))
        if path.endswith(".gz"):
            raw = stack.enter_context(gzip.GzipFile(fileobj=raw))  # type: ignore[arg-type]
        yield raw


def _format_of(path: str, declared: str) -> str:
    if declared != "auto":
        return declared
    name = path[:-3] if path.endswith(".gz") else path
    return "csv" if name.lower().endswith(".csv") else "jsonl"


def iter_records(
    path: str, *, id_field: str = "id", text_field: str = "text", fmt: str = "auto", skip: int = 0
) -> Iterator[Record | RecordError]:
    """Every record of the corpus in order (the first ``skip`` are passed over)."""
    with open_corpus(path) as raw:
        # surrogateescape keeps undecodable bytes visible, so one bad record is reported
        # and the stream goes on.
        stream = io.TextIOWrapper(raw, encoding="utf-8", errors="surrogateescape", newline="")
        try:
            if _format_of(path, fmt) == "csv":
                yield from _csv(stream, id_field, text_field, skip)
            else:
                yield from _jsonl(stream, id_field, text_field, skip)
        except EOFError:
            raise CorpusError("the compressed stream ends early (a truncated .gz file)") from None
        except zlib.error as exc:
            raise CorpusError(f"cannot decompress: {exc}") from None


_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8, kept by surrogateescape
# Any surrogate in decoded text: JSON's "\ud800" escapes one in; no output can encode it.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _undecodable(text: str) -> bool:
    return _ESCAPED.search(text) is not None


def _fields(row: dict[str, Any], line: int, index: int, id_field: str, text_field: str) -> Record | RecordError:
    if id_field not in row:
        return RecordError(line, f"missing id field '{id_field}'", index)
    if text_field not in row:
        return RecordError(line, f"missing text field '{text_field}'", index)
    text = row[text_field]
    if text is None:
        text = ""
    if not isinstance(text, str):
        return RecordError(line, f"text field '{text_field}' is not a string", index)
    if _undecodable(text):
        return RecordError(line, "text is not valid UTF-8", index)
    record_id = str(row[id_field])
    for name, value in ((text_field, text), (id_field, record_id)):
        found = _SURROGATE.search(value)
        if found:
            return RecordError(line, f"field '{name}' holds a lone surrogate (\\u{ord(found.group()):04x})", index)
    return Record(record_id, text, line, index)


def _lines(stream: IO[str]) -> Iterator[tuple[int, str]]:
    """Numbered lines, each at most MAX_RECORD characters (CorpusError past that)."""
    number = 0
    while True:
        line = stream.readline(MAX_RECORD + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_RECORD:
            raise CorpusError(
                f"line {number} is longer than {MAX_RECORD >> 20} M characters; stopped reading this corpus"
            )
        yield number, line


def _jsonl(stream: IO[str], id_field: str, text_field: str, skip: int) -> Iterator[Record | RecordError]:
    index = -1
    for number, line in _lines(stream):
        if not line.strip():
            continue
        index += 1
        if index < skip:
            continue
        if _undecodable(line):
            yield RecordError(number, "not valid UTF-8", index)
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield RecordError(number, f"invalid JSON: {exc.msg} (column {exc.colno})", index)
            continue
        except RecursionError:
            yield RecordError(number, "invalid JSON: nested too deeply", index)
            continue
        if not isinstance(row, dict):
            yield RecordError(number, "not a JSON object", index)
            continue
        yield _fields(row, number, index, id_field, text_field)


def _csv(stream: IO[str], id_field: str, text_field: str, skip: int) -> Iterator[Record | RecordError]:
    csv.field_size_limit(MAX_RECORD)  # pages can be long, but not endless
    reader = csv.DictReader(stream)
    index = -1
    try:
        reader.fieldnames  # noqa: B018 - reads the header, so that line_num counts it
        line = reader.line_num + 1
        for row in reader:
            index += 1
            if index >= skip:
                if None in row:
                    yield RecordError(line, "more values than header columns", index)
                else:
                    yield _fields(row, line, index, id_field, text_field)
            line = reader.line_num + 1
    except csv.Error as exc:
        yield RecordError(reader.line_num, f"invalid CSV: {exc}", index + 1)
