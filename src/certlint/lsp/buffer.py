"""An open document's text as the editor has it, and the two ways of counting places in it.

The protocol places a character by a 0-based line and a 0-based offset counted in the
negotiated code units (UTF-16 unless the client offers another), lines ending at
``\\r\\n``, ``\\r`` or ``\\n`` only. Findings count code points from 1, with the same line
ends (the engine's). Nothing here knows pygls.
"""

from __future__ import annotations

import re

__all__ = ["UTF8", "UTF16", "UTF32", "TextBuffer", "code_points", "units"]

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"

_BREAK = re.compile(r"\r\n|\r|\n")


def units(text: str, encoding: str = UTF16) -> int:
    """How many code units of ``encoding`` ``text`` takes (𠀀 is 1 in UTF-32, 2 in
    UTF-16, 4 in UTF-8)."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    # surrogatepass: a lone surrogate (possible in JSON the client sent) still counts.
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _width(char: str, encoding: str) -> int:
    code = ord(char)
    if encoding == UTF16:
        return 2 if code > 0xFFFF else 1
    if encoding == UTF8:
        return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
    return 1


def code_points(line: str, count: int, encoding: str = UTF16) -> int:
    """The code-point offset in ``line`` of the place ``count`` code units in; past the
    end is the end, and a place inside a character (half a surrogate pair) is before it."""
    if encoding == UTF32 or line.isascii():
        return max(0, min(count, len(line)))
    seen = 0
    for index, char in enumerate(line):
        seen += _width(char, encoding)
        if seen > count:
            return index
    return len(line)


class TextBuffer:
    """The text of one open document, kept in step with the editor's edits."""

    def __init__(self, text: str, version: int = 0, encoding: str = UTF16) -> None:
        self.text = text
        self.version = version
        self.encoding = encoding
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        """Offset of each line's first character (a text ending in a line break has an
        empty last line, as the protocol counts)."""
        if self._starts is None:
            self._starts = [0, *(m.end() for m in _BREAK.finditer(self.text))]
        return self._starts

    def line(self, number: int) -> str:
        """Line ``number`` (0-based) without its line break; "" past the end."""
        starts = self.starts
        if not 0 <= number < len(starts):
            return ""
        end = starts[number + 1] if number + 1 < len(starts) else len(self.text)
        text = self.text[starts[number] : end]
        return text.rstrip("\r\n") if text.endswith(("\r", "\n")) else text

    def line_break(self, number: int) -> str:
        """The line break that ends line ``number``, or ``\\n`` for the last line."""
        starts = self.starts
        if number + 1 >= len(starts):
            return "\n"
        end = starts[number + 1]
        return "\r\n" if self.text.startswith("\r\n", end - 2) else self.text[end - 1]

    def offset(self, line: int, character: int) -> int:
        """The code-point offset of a protocol position (clamped into the text)."""
        starts = self.starts
        if line < 0:
            return 0
        if line >= len(starts):
            return len(self.text)
        return starts[line] + code_points(self.line(line), character, self.encoding)

    def position(self, line: int, column: int) -> tuple[int, int]:
        """The protocol position (0-based line, code units) of a finding's 1-based line
        and 1-based code-point column."""
        text = self.line(line - 1)
        return line - 1, units(text[: max(column - 1, 0)], self.encoding)

    def edit(self, start: tuple[int, int], end: tuple[int, int], new_text: str) -> None:
        """Replace the range from ``start`` to ``end`` (protocol positions) by ``new_text``."""
        first, last = self.offset(*start), self.offset(*end)
        first, last = min(first, last), max(first, last)
        self.text = self.text[:first] + new_text + self.text[last:]
        self._starts = None

    def replace(self, text: str) -> None:
        """A whole-text change (a client that sends the full text)."""
        self.text = text
        self._starts = None
