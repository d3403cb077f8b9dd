"""What every input is named by, and the error that says it cannot be read."""

from __future__ import annotations

from typing import Any

__all__ = ["STDIN", "SourceError"]

# The path that stands for standard input.
STDIN = "-"


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
