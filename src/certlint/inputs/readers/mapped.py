"""Text kept from a source, with the source offset of every character.

The map is stored as runs (where a kept slice starts in the text and in the source), not
one integer per character, so that a long page costs memory in proportion to its tags,
not to its length.
"""

from __future__ import annotations

import bisect

__all__ = ["MappedText", "OffsetMap"]


class OffsetMap:
    """``offset_map[i]`` is the source offset of character ``i`` of the text."""

    def __init__(self) -> None:
        self.text_starts: list[int] = []
        self.source_starts: list[int] = []
        self.stretches: list[bool] = []  # True: a source slice; False: chars placed at one offset

    def __getitem__(self, index: int) -> int:
        run = bisect.bisect_right(self.text_starts, index) - 1
        if self.stretches[run]:
            return self.source_starts[run] + index - self.text_starts[run]
        return self.source_starts[run]


class MappedText:
    """Append slices of a source (or synthetic characters placed at a source offset)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.parts: list[str] = []
        self.origin = OffsetMap()
        self.size = 0

    def _run(self, source_start: int, stretch: bool, length: int) -> None:
        self.origin.text_starts.append(self.size)
        self.origin.source_starts.append(source_start)
        self.origin.stretches.append(stretch)
        self.size += length

    def keep(self, start: int, end: int) -> None:
        if end > start:
            self.parts.append(self.source[start:end])
            self._run(start, True, end - start)

    def put(self, text: str, at: int) -> None:
        """Characters not in the source as such (a decoded entity, a line break)."""
        if text:
            self.parts.append(text)
            self._run(at, False, len(text))

    def text(self) -> str:
        return "".join(self.parts)
