"""Text kept from a source with the source offset of every character."""

from __future__ import annotations

__all__ = ["MappedText"]


class MappedText:
    """Append slices of a source (or synthetic characters placed at a source offset)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.parts: list[str] = []
        self.origin: list[int] = []

    def keep(self, start: int, end: int) -> None:
        if end > start:
            self.parts.append(self.source[start:end])
            self.origin.extend(range(start, end))

    def put(self, text: str, at: int) -> None:
        """Characters not in the source as such (a decoded entity, a line break)."""
        self.parts.append(text)
        self.origin.extend([at] * len(text))

    def text(self) -> str:
        return "".join(self.parts)
