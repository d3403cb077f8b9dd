"""Inputs: find the files to scan and decode them to text.

Directories are walked recursively for the default extensions (hidden files and
folders are skipped, symlinked folders are not followed, so a link loop cannot trap
the walk). A file named explicitly is scanned whatever its extension, as long as it
decodes as text. Every input that cannot be scanned becomes a :class:`SourceError`
with a one-line reason; nothing is skipped silently.
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

__all__ = [
    "DEFAULT_EXTENSIONS",
    "SourceError",
    "SourceText",
    "decode",
    "discover",
    "read_source",
]

DEFAULT_EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm", ".csv", ".json", ".yaml", ".yml")
STDIN = "-"
_SNIFF = 8192


@dataclass(frozen=True)
class SourceText:
    path: str
    text: str
    encoding: str


class SourceError(Exception):
    """An input that cannot be scanned; ``str(error)`` is the one-line reason."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def discover(paths: Sequence[str], extensions: Sequence[str] = DEFAULT_EXTENSIONS) -> Iterator[str | SourceError]:
    """Yield the files to scan in a stable order, or an error for each bad path."""
    seen: set[str] = set()
    wanted = tuple(e.lower() for e in extensions)
    for given in paths:
        if given == STDIN:
            yield STDIN
            continue
        path = Path(given)
        if path.is_dir():
            found = sorted(_walk(given, wanted))
            for file in found:
                key = os.path.realpath(file)
                if key not in seen:
                    seen.add(key)
                    yield file
            if not found:
                shown = " ".join(f"*{e}" for e in wanted)
                yield SourceError(given, f"no files to scan in this directory (looked for {shown})")
        elif path.exists():
            key = os.path.realpath(given)
            if key not in seen:
                seen.add(key)
                yield given
        elif path.is_symlink():
            yield SourceError(given, "broken symbolic link")
        else:
            yield SourceError(given, "no such file or directory")


def _walk(top: str, extensions: tuple[str, ...]) -> Iterator[str]:
    for folder, dirs, files in os.walk(top, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(extensions):
                continue
            yield _join(folder, name)


def _join(folder: str, name: str) -> str:
    joined = os.path.join(folder, name)
    return joined.replace(os.sep, "/") if os.sep != "/" else joined


def read_source(path: str, stdin: BinaryIO | None = None) -> SourceText:
    """Read and decode one input (``-`` is standard input)."""
    try:
        raw = (stdin or sys.stdin.buffer).read() if path == STDIN else Path(path).read_bytes()
    except IsADirectoryError:
        raise SourceError(path, "is a directory") from None
    except PermissionError:
        raise SourceError(path, "permission denied") from None
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from None
    text, encoding = decode(raw, path)
    return SourceText(path, text, encoding)


def decode(raw: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode bytes as UTF-8, UTF-8 with BOM, UTF-16 with BOM, then GB18030.

    Returns ``(text, encoding)``; a BOM is removed. Raises :class:`SourceError` for an
    empty or binary input, or bytes that none of the encodings accepts.
    """
    if not raw:
        raise SourceError(path, "empty file, nothing to scan")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise SourceError(path, f"invalid UTF-16 (byte offset {exc.start})") from None
    if b"\x00" in raw[:_SNIFF]:
        raise SourceError(path, "binary file (contains NUL bytes), skipped")
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
