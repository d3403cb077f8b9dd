"""Discovery: which files to scan. Directories are walked recursively for the default
extensions or the ``include`` globs; hidden files and folders, ``exclude`` globs and what
``.gitignore`` files ignore are left out, and symlinked folders are not followed, so a
link loop cannot trap the walk. Only regular files are scanned: a FIFO, a device, a link
loop or a folder that cannot be listed becomes a :class:`SourceError` naming it. Nothing
here reads a file's contents.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from certlint.inputs.source import STDIN, SourceError

__all__ = ["DEFAULT_EXTENSIONS", "DiscoveredFile", "Discovery", "discover"]

DEFAULT_EXTENSIONS = (
    ".txt", ".md", ".markdown", ".html", ".htm", ".csv", ".json", ".yaml", ".yml", ".docx", ".pptx", ".pdf",
    ".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff",
)  # fmt: skip


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
