"""Reading: one input (a file, standard input) as the Document certlint scans.

Bytes are decoded as UTF-8, UTF-8 with BOM, UTF-16 (with a BOM, or without one when the
NUL bytes say so), then GB18030; Markdown, HTML, Word, PowerPoint and PDF go to their
reader (:mod:`certlint.inputs.readers`). Large text files are read in chunks, so memory
does not grow with a file or with a line. Every input that cannot be read becomes a
:class:`SourceError` with a one-line reason; nothing is skipped silently.
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from certlint.inputs.artefacts import HEAD_BYTES, own_artefact
from certlint.inputs.document import BINARY_FORMATS, Document
from certlint.inputs.readers import load_document
from certlint.inputs.source import STDIN, SourceError

__all__ = ["decode", "is_large_text", "read_document", "read_documents", "stream_text"]

_SNIFF = 8192
_SNIFF_LARGE = 1 << 20
# Text files above this size are decoded and scanned in chunks (bounded memory).
STREAM_THRESHOLD = 4 << 20
CHUNK_SIZE = 256 << 10
# Word, PowerPoint and PDF files are parsed whole by their libraries: refuse huge ones.
MAX_DOCUMENT = 100 << 20


def read_document(path: str, stdin: BinaryIO | None = None, stdin_name: str | None = None) -> Document:
    """Read one input as the document certlint scans (text, Markdown, HTML, Word,
    PowerPoint, PDF). Standard input named ``stdin_name`` (``--stdin-filename``) is read
    in that file's format and reported under that name."""
    if path == STDIN and stdin_name:
        raw = _read_bytes(path, stdin)
        if Path(stdin_name).suffix.lower() in BINARY_FORMATS:
            return load_document(stdin_name, raw)
        text, encoding = decode(raw, stdin_name)
        return load_document(stdin_name, raw, text, encoding)
    if Path(path).suffix.lower() in BINARY_FORMATS and path != STDIN:
        size = _size(path)
        if size > MAX_DOCUMENT:
            raise SourceError(
                path, f"file too large ({size // 2**20} MB; at most {MAX_DOCUMENT // 2**20} MB for this format)"
            )
        raw = _read_bytes(path, stdin)
        if not raw:
            raise SourceError(path, "empty file, nothing to scan")
        return load_document(path, raw)
    raw = _read_bytes(path, stdin)
    text, encoding = decode(raw, path)
    if path != STDIN:
        _refuse_own_output(path, text[:HEAD_BYTES])
    return load_document(path, raw, text, encoding)


def _refuse_own_output(path: str, head: str) -> None:
    kind = own_artefact(head)
    if kind is not None:
        raise SourceError(path, f"certlint's own {kind}, not scanned", own_output=True)


def read_documents(path: str, stdin: BinaryIO | None = None, stdin_name: str | None = None) -> Iterator[Document]:
    """One input as the documents certlint scans: the whole input as one, or a large
    text file as one document per chunk (placed in the file by ``first_line`` and
    ``first_column``), read as they are scanned. Raises SourceError, also part way
    through a large file whose later bytes do not decode."""
    if is_large_text(path):
        with _open(path) as stream:
            _refuse_own_output(path, stream.read(HEAD_BYTES).decode("utf-8", errors="ignore"))
        for chunk, line, column in stream_text(path):
            yield Document(path, chunk, first_line=line, first_column=column)
    else:
        yield read_document(path, stdin, stdin_name)


def is_large_text(path: str) -> bool:
    """Whether ``path`` is a text file big enough to be scanned in chunks."""
    if path == STDIN or Path(path).suffix.lower() in BINARY_FORMATS:
        return False
    try:
        return os.stat(path).st_size > STREAM_THRESHOLD
    except OSError:
        return False


def stream_text(path: str, chunk_size: int = CHUNK_SIZE) -> Iterator[tuple[str, int, int]]:
    """Decode a large text file in chunks that end at a line break, so that memory does
    not grow with the file. Yields ``(text, line of its first character, column offset of
    its first character on that line)``; the offset is 0 but where a line longer than
    ``LONG_LINE * chunk_size`` characters is cut (at a sentence end or a space if there is
    one), so that memory does not grow with a line either.

    The encoding is chosen from a BOM or the first megabyte (UTF-8 if it decodes, else
    GB18030); bytes that do not decode later raise SourceError naming the line.
    """
    with _open(path) as stream:
        head = stream.read(_SNIFF_LARGE)
        encoding = _sniff_encoding(head, path)
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        line, column = 1, 0
        pending = ""
        data = head
        while True:
            try:
                pending += decoder.decode(data, final=not data)
            except UnicodeDecodeError as exc:
                # The lines before the block, and those of the block before the bad bytes.
                bad_line = line + pending.count("\n") + data.count(b"\n", 0, max(exc.start, 0))
                raise SourceError(path, f"cannot decode as {encoding} near line {bad_line}") from None
            if not data:
                break
            while len(pending) >= chunk_size:
                # The last line break, but not past the longest chunk: a long line that
                # a line break ends much later must not grow the chunk with it.
                cut = pending.rfind("\n", 0, LONG_LINE * chunk_size)
                if cut != -1:
                    chunk, pending = pending[: cut + 1], pending[cut + 1 :]
                    yield chunk, line, column
                    line, column = line + chunk.count("\n"), 0
                elif len(pending) >= LONG_LINE * chunk_size:
                    cut = _soft_cut(pending, chunk_size)
                    chunk, pending = pending[:cut], pending[cut:]
                    yield chunk, line, column
                    column += len(chunk)
                else:
                    break
            data = stream.read(chunk_size)
        if pending:
            yield pending, line, column


# A line is cut once it is this many chunks long.
LONG_LINE = 4
_SOFT_ENDS = "。！？!?；;…"


def _soft_cut(text: str, size: int) -> int:
    """Where to cut a chunk of about ``size`` characters out of one long line: after the
    last sentence end in its second half, else after the last space, else at ``size``."""
    for ends in (_SOFT_ENDS, " \t\u3000"):
        best = max(text.rfind(end, size // 2, size) for end in ends)
        if best != -1:
            return best + 1
    return size


def _sniff_encoding(head: bytes, path: str) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head[:_SNIFF]:
        utf16 = _utf16_without_bom(head[: len(head) // 2 * 2])
        if utf16 is not None:
            return utf16
        raise SourceError(path, "binary file (contains NUL bytes), skipped", binary=True)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start > len(head) - 4:  # a character cut at the end of the sample
            return "utf-8"
        return "gb18030"


def _utf16_without_bom(raw: bytes) -> str | None:
    """Return "utf-16-le" or "utf-16-be" when NUL bytes sit where UTF-16 text puts them (the high
    byte of ASCII characters: every other byte) and the sample decodes to printable text;
    None for other bytes with NULs (binary files)."""
    sample = raw[:_SNIFF]
    if len(sample) < 2 or len(raw) % 2:
        return None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if min(odd, even) > max(odd, even) // 10:
        return None
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = sample.decode(encoding)
    except UnicodeDecodeError:
        return None
    # Text, not binary that happens to decode: nearly all of it printable, and mostly
    # ASCII or CJK (random bytes decode to code points spread over the whole plane).
    visible = sum(1 for char in text if char.isprintable() or char in "\n\r\t")
    common = sum(1 for char in text if char < "\x7f" or "\u3000" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef")
    return encoding if visible >= 0.95 * len(text) and common >= 0.8 * len(text) else None


def _open(path: str) -> BinaryIO:
    try:
        return open(path, "rb")  # the caller closes it (with)
    except PermissionError:
        raise SourceError(path, "permission denied") from None
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from None


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from None


# Standard input is read whole (it cannot be reopened to stream): at most this much.
MAX_STDIN = 256 << 20


def _read_stdin(stream: BinaryIO) -> bytes:
    data = stream.read(MAX_STDIN + 1)
    if len(data) > MAX_STDIN:
        raise SourceError(
            STDIN, f"standard input is longer than {MAX_STDIN >> 20} MB; save it to a file (files are read in chunks)"
        )
    return data


def _read_bytes(path: str, stdin: BinaryIO | None) -> bytes:
    try:
        return _read_stdin(stdin or sys.stdin.buffer) if path == STDIN else Path(path).read_bytes()
    except IsADirectoryError:
        raise SourceError(path, "is a directory") from None
    except PermissionError:
        raise SourceError(path, "permission denied") from None
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from None


def decode(raw: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode bytes as UTF-8, UTF-8 with BOM, UTF-16 with BOM, then GB18030.

    Returns ``(text, encoding)``; a BOM is removed; no bytes are an empty text. Raises
    :class:`SourceError` for a binary input, or bytes that none of the encodings accepts.
    """
    if not raw:
        return "", "utf-8"  # a new, empty page is clean, as in ruff and codespell
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise SourceError(path, f"invalid UTF-16 (byte offset {exc.start})") from None
    if b"\x00" in raw[:_SNIFF]:
        utf16 = _utf16_without_bom(raw)
        if utf16 is not None:
            try:
                return raw.decode(utf16), utf16
            except UnicodeDecodeError:
                pass
        raise SourceError(path, "binary file (contains NUL bytes), skipped", binary=True)
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return raw[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise SourceError(path, f"invalid UTF-8 after a UTF-8 BOM (byte offset {exc.start + 3})") from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return raw.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            line = raw[: utf8_error.start].count(b"\n") + 1
            raise SourceError(
                path,
                f"cannot decode: not UTF-8, UTF-16 or GB18030 "
                f"(invalid byte 0x{raw[utf8_error.start]:02x} on line {line})",
            ) from None
