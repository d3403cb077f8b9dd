"""``per-file-ignores``: rules skipped for the files that gitignore-style globs match."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = ["PerFileIgnores"]


class PerFileIgnores:
    """Globs (relative to ``root``, the working directory by default) → rule ids or
    prefixes to skip in the files they match."""

    def __init__(self, table: Mapping[str, Sequence[str]], root: Path | None) -> None:
        self.root = (root or Path.cwd()).resolve()
        self.table: list[tuple[object, tuple[str, ...]]] = []
        if table:
            import pathspec  # only when a table is configured

            self.table = [
                (pathspec.GitIgnoreSpec.from_lines([glob]), tuple(i.strip().upper() for i in ids))
                for glob, ids in table.items()
            ]

    def rules_for(self, path: str) -> tuple[str, ...]:
        if not self.table or path == "-":
            return ()
        try:
            relative = Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            relative = Path(path).as_posix()
        return tuple(i for spec, ids in self.table if spec.match_file(relative) for i in ids)  # type: ignore[attr-defined]
