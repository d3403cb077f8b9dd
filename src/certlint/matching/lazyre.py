"""Regular expressions compiled on first use.

A linter loaded from the cache is unpickled, and a pickled ``re.Pattern`` is compiled
again on load: about a hundred large patterns (rule patterns, context cues, catalogue
names) cost a cold start more than the scan of a small file. A :class:`LazyPattern`
pickles as its source and compiles the first time a method is called, so a run that
never reaches a pattern never compiles it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any

__all__ = ["LazyPattern"]


class LazyPattern:
    """Stands for ``re.compile(pattern, flags)``: every method and attribute of the
    compiled pattern is available, compiled the first time one is asked for."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    # The methods the matcher calls, spelled out: a __getattr__ fallback costs every call
    # a failed attribute lookup first (measured: +10 % instructions per scan).
    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        compiled = self._compiled or self.compiled()
        return compiled.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        compiled = self._compiled or self.compiled()
        return compiled.match(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        compiled = self._compiled or self.compiled()
        return compiled.finditer(string, pos, endpos)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)

    def __reduce__(self) -> tuple[Any, ...]:
        return (LazyPattern, (self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern[:40]!r}…)"
