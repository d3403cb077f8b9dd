"""What every input is named by, and the error that says it cannot be read."""

from __future__ import annotations

from typing import Any

__all__ = ["STDIN", "SourceError"]

# The path that stands for standard input.
STDIN = "-"


class SourceError(Exception):
    """An input that cannot be scanned; ``str(error)`` is the one-line reason.
    ``binary`` marks a binary file, which a directory scan skips (and reports);
    ``own_output`` one of certlint's own files (a baseline, a report), always skipped."""

    def __init__(self, path: str, message: str, *, binary: bool = False, own_output: bool = False) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.binary = binary
        self.own_output = own_output

    def skip(self, explicit: bool) -> bool:
        """Whether this input is left out and listed rather than an error: certlint's own
        files always; binary files unless named on the command line."""
        return self.own_output or (self.binary and not explicit)

    def __reduce__(self) -> tuple[Any, ...]:
        # Errors travel to worker processes with the files of a batch.
        return (SourceError, (self.path, self.message), {"binary": self.binary, "own_output": self.own_output})
