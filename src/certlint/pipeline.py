"""Files through the engine: what discovery found → Documents → :meth:`Linter.scan` →
results in parts, in input order. Bad inputs become errors and the rest go on.

Parts are yielded per file, and for a large text file per chunk, so that a caller that
writes findings as they come holds only one part's findings at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from certlint.findings import Finding, InputError, ScanResult
from certlint.gate.per_file import PerFileIgnores
from certlint.inputs.discovery import DiscoveredFile, Discovery, discover
from certlint.inputs.reading import read_documents
from certlint.inputs.source import STDIN, SourceError

if TYPE_CHECKING:
    from certlint.engine import Linter

__all__ = ["iter_files", "scan_files", "scan_paths"]


def scan_paths(
    linter: Linter,
    paths: Sequence[str],
    *,
    discovery: Discovery | None = None,
    stdin: BinaryIO | None = None,
    show_allowed: bool = False,
    per_file_ignores: Mapping[str, Sequence[str]] | None = None,
    on_file: Callable[[str], None] | None = None,
    stdin_name: str | None = None,
) -> ScanResult:
    """Scan files, directories and ``-`` (named ``stdin_name`` if given)."""
    return scan_files(
        linter,
        list(discover(paths, discovery)),
        stdin=stdin,
        stdin_name=stdin_name,
        show_allowed=show_allowed,
        per_file_ignores=per_file_ignores,
        root=discovery.root if discovery else None,
        on_file=on_file,
    )


def scan_files(
    linter: Linter,
    items: Iterable[DiscoveredFile | SourceError],
    *,
    stdin: BinaryIO | None = None,
    stdin_name: str | None = None,
    show_allowed: bool = False,
    per_file_ignores: Mapping[str, Sequence[str]] | None = None,
    root: Path | None = None,
    on_file: Callable[[str], None] | None = None,
) -> ScanResult:
    """Scan what :func:`certlint.inputs.discovery.discover` found, merged and sorted.
    ``per_file_ignores`` maps gitignore-style globs (relative to ``root``) to rule ids or
    prefixes to skip."""
    return ScanResult.merged(
        iter_files(
            linter,
            items,
            stdin=stdin,
            show_allowed=show_allowed,
            per_file_ignores=per_file_ignores,
            root=root,
            on_file=on_file,
            stdin_name=stdin_name,
        )
    )


def iter_files(
    linter: Linter,
    items: Iterable[DiscoveredFile | SourceError],
    *,
    stdin: BinaryIO | None = None,
    stdin_name: str | None = None,
    show_allowed: bool = False,
    per_file_ignores: Mapping[str, Sequence[str]] | None = None,
    root: Path | None = None,
    on_file: Callable[[str], None] | None = None,
) -> Iterator[ScanResult]:
    """:func:`scan_files` in parts, in input order: one per document (a file, or a chunk
    of a large text file), then one that counts the file."""
    ignores = PerFileIgnores(per_file_ignores or {}, root)
    for item in items:
        if isinstance(item, SourceError):
            yield ScanResult(errors=[InputError(item.path, item.message)])
            continue
        if on_file is not None:
            on_file(item.path)
        name = stdin_name if item.path == STDIN and stdin_name else item.path
        skip = ignores.rules_for(name)
        part = None
        try:
            for document in read_documents(item.path, stdin, stdin_name):
                if part is not None:
                    yield part
                allowed: list[Finding] | None = [] if show_allowed else None
                findings = linter.scan(document, allowed=allowed, skip=skip)
                errors = [InputError(name, problem) for problem in document.problems]
                part = ScanResult(findings=findings, allowed=allowed or [], errors=errors)
                part.sort()
        except SourceError as error:
            if part is not None:
                yield part  # what was scanned of a large file before bytes that do not decode
            if error.skip(item.explicit):
                yield ScanResult(skipped=[InputError(error.path, error.message)])
            else:
                yield ScanResult(errors=[InputError(error.path, error.message)])
            continue
        part = part or ScanResult()
        part.files = 1
        yield part
