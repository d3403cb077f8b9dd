"""Inputs: find the files to scan and decode them to text.

Directories are walked recursively for the default extensions or the ``include``
globs; hidden files and folders, ``exclude`` globs and what ``.gitignore`` files ignore
are left out, and symlinked folders are not followed, so a link loop cannot trap the
walk. A file named explicitly is scanned whatever its extension or ignore rules, as
long as it decodes as text. Every input that cannot be scanned becomes a :class:`SourceError`
with a one-line reason; nothing is skipped silently.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from certlint.documents import Document

__all__ = [
    "DEFAULT_EXTENSIONS",
    "DiscoveredFile",
    "Discovery",
    "SourceError",
    "decode",
    "discover",
    "is_large_text",
    "read_document",
    "stream_text",
]

DEFAULT_EXTENSIONS = (
    ".txt", ".md", ".markdown", ".html", ".htm", ".csv", ".json", ".yaml", ".yml", ".docx", ".pptx", ".pdf",
)  # fmt: skip
STDIN = "-"
_SNIFF = 8192
_SNIFF_LARGE = 1 << 20
# Text files above this size are decoded and scanned in chunks (bounded memory).
STREAM_THRESHOLD = 4 << 20
CHUNK_SIZE = 256 << 10
# Word, PowerPoint and PDF files are parsed whole by their libraries: refuse huge ones.
MAX_DOCUMENT = 100 << 20


class SourceError(Exception):
    """An input that cannot be scanned; ``str(error)`` is the one-line reason.
    ``binary`` marks a binary file, which a directory scan skips (and reports)."""

    def __init__(self, path: str, message: str, *, binary: bool = False) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.binary = binary

    def __reduce__(self) -> tuple[Any, ...]:
        # Errors travel to worker processes with the files of a batch.
        return (SourceError, (self.path, self.message), {"binary": self.binary})


@dataclass(frozen=True)
class Discovery:
    """How directories are walked: which files count, which are left out."""

    extensions: tuple[str, ...] = DEFAULT_EXTENSIONS
    include: tuple[str, ...] = ()  # gitignore-style globs; when given, replace extensions
    exclude: tuple[str, ...] = ()
    root: Path | None = None  # globs are relative to this (the config file's folder)
    respect_gitignore: bool = True


@dataclass(frozen=True)
class DiscoveredFile:
    path: str
    explicit: bool  # named on the command line (scanned whatever its extension)


def discover(paths: Sequence[str], discovery: Discovery | None = None) -> Iterator[DiscoveredFile | SourceError]:
    """Yield the files to scan in a stable order, or an error for each bad path."""
    options = discovery or Discovery()
    seen: set[str] = set()
    filters: _Filters | None = None  # built on the first directory: files need none
    for given in paths:
        if given == STDIN:
            yield DiscoveredFile(STDIN, True)
            continue
        kind = _kind(given)
        if kind == "directory":
            filters = filters or _Filters(options)
            found = sorted(_walk(given, filters), key=lambda f: f if isinstance(f, str) else f.path)
            for file in found:
                if isinstance(file, SourceError):
                    yield file
                    continue
                key = os.path.realpath(file)
                if key not in seen:
                    seen.add(key)
                    yield DiscoveredFile(file, False)
            if not found:
                wanted = " ".join(options.include) or " ".join(f"*{e}" for e in options.extensions)
                yield SourceError(given, f"no files to scan in this directory (looked for {wanted})")
        elif kind == "file":
            key = os.path.realpath(given)
            if key not in seen:
                seen.add(key)
                yield DiscoveredFile(given, True)
        else:
            yield SourceError(given, kind)


def _kind(path: str) -> str:
    """Return "file" or "directory", else why the path cannot be read (only regular files are:
    a FIFO or a device would block or never end)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        if os.path.islink(path):
            return "broken symbolic link"
        if exc.errno == errno.ENOENT:
            return "no such file or directory"
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISREG(mode):
        return "file"
    what = (
        "a FIFO (named pipe)"
        if stat.S_ISFIFO(mode)
        else "a character device"
        if stat.S_ISCHR(mode)
        else "a block device"
        if stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a special file"
    )
    return f"{what}, not a regular file: not read"


class _Filters:
    """include/exclude globs and .gitignore files, evaluated like git does."""

    def __init__(self, options: Discovery) -> None:
        import pathspec

        self.options = options
        self.extensions = tuple(e.lower() for e in options.extensions)
        self.root = (options.root or Path.cwd()).resolve()
        self.include = pathspec.GitIgnoreSpec.from_lines(options.include) if options.include else None
        self.exclude = pathspec.GitIgnoreSpec.from_lines(options.exclude) if options.exclude else None
        self._gitignores: dict[Path, Any] = {}
        self._tops: dict[Path, Path | None] = {}

    def _relative(self, path: Path) -> str | None:
        try:
            return _resolve(path).relative_to(self.root).as_posix()
        except ValueError:
            return None

    def wanted_file(self, path: Path) -> bool:
        name = path.name
        if name.startswith("."):
            return False
        relative = self._relative(path)
        if self.include is not None:
            if relative is None or not self.include.match_file(relative):
                return False
        elif not name.lower().endswith(self.extensions):
            return False
        return not self.excluded(path, is_dir=False)

    def excluded(self, path: Path, *, is_dir: bool) -> bool:
        relative = self._relative(path)
        suffix = "/" if is_dir else ""
        if self.exclude is not None and relative is not None and self.exclude.match_file(relative + suffix):
            return True
        return self.options.respect_gitignore and self._gitignored(_resolve(path), is_dir)

    def _gitignored(self, path: Path, is_dir: bool) -> bool:
        decision = False
        top = self._repository(path.parent)
        for folder in reversed(path.parents):
            if top is not None and not folder.is_relative_to(top):
                continue  # .gitignore files above the repository do not apply
            spec = self._gitignore(folder)
            if spec is None:
                continue
            relative = path.relative_to(folder).as_posix() + ("/" if is_dir else "")
            result = spec.check_file(relative)
            if result.include is not None:
                decision = bool(result.include)
        return decision

    def _repository(self, folder: Path) -> Path | None:
        """The top of the git work tree holding ``folder`` (None outside one)."""
        if folder not in self._tops:
            top = None
            for candidate in (folder, *folder.parents):
                if (candidate / ".git").exists():
                    top = candidate
                    break
            self._tops[folder] = top
        return self._tops[folder]

    def _gitignore(self, folder: Path) -> Any:
        if folder not in self._gitignores:
            spec = None
            file = folder / ".gitignore"
            if file.is_file():
                import pathspec

                try:
                    lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
                    spec = pathspec.GitIgnoreSpec.from_lines(lines)
                except (OSError, ValueError):
                    spec = None
            self._gitignores[folder] = spec
        return self._gitignores[folder]


def _resolve(path: Path) -> Path:
    """``path.resolve()``, or the absolute path where links loop (Python < 3.13 raises)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _walk(top: str, filters: _Filters) -> Iterator[str | SourceError]:
    """The wanted regular files under ``top``; a wanted name that cannot be read (a FIFO,
    a link loop, a broken link) and a folder that cannot be listed become errors."""
    unreadable: list[OSError] = []
    # os.walk does not follow symbolic links to folders, so a link loop cannot trap it.
    for folder, dirs, files in os.walk(top, onerror=unreadable.append):
        while unreadable:
            failure = unreadable.pop()
            where = _join(*os.path.split(failure.filename)) if failure.filename else folder
            yield SourceError(where, f"cannot read directory: {failure.strerror or failure}")
        base = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not filters.excluded(base / d, is_dir=True))
        for name in sorted(files):
            if not filters.wanted_file(base / name):
                continue
            path = _join(folder, name)
            kind = _kind(path)
            if kind == "file":
                yield path
            elif kind != "directory":
                yield SourceError(path, kind)
    for failure in unreadable:
        yield SourceError(failure.filename or top, f"cannot read directory: {failure.strerror or failure}")


def _join(folder: str, name: str) -> str:
    joined = os.path.join(folder, name)
    if joined.startswith("./"):
        joined = joined[2:]  # `certlint scan .` reports courses/a.md, as git and ruff do
    return joined.replace(os.sep, "/") if os.sep != "/" else joined


def read_document(path: str, stdin: BinaryIO | None = None) -> Document:
    """Read one input as the document certlint scans (text, Markdown, HTML, Word,
    PowerPoint, PDF)."""
    from certlint.documents import BINARY_FORMATS, load_document

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
    return load_document(path, raw, text, encoding)


def is_large_text(path: str) -> bool:
    """Whether ``path`` is a text file big enough to be scanned in chunks."""
    from certlint.documents import BINARY_FORMATS

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
            except UnicodeDecodeError:
                raise SourceError(
                    path, f"cannot decode as {encoding} near line {line + pending.count(chr(10))}"
                ) from None
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
