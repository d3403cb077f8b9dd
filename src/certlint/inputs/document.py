"""The Document: the text certlint scans, with a map back to the places of its source.

Plain text is scanned as decoded. Markdown and HTML are reduced to what a reader sees
(prose, headings, link text, image alt text; no code blocks, tags or scripts), and each
character of that text remembers its offset in the source, so findings point into the
original file. Word, PowerPoint and PDF files become one line per paragraph (cell, text
frame, page line), and each finding carries the human place: paragraph, table cell,
slide or page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["BINARY_FORMATS", "TEXT_FORMATS", "Document", "DocumentBuilder", "location_label"]

TEXT_FORMATS = ("text", "html", "markdown")

# Formats read from bytes by a library, not decoded as text.
BINARY_FORMATS = (".docx", ".pptx", ".pdf")


@dataclass
class Document:
    """What the engine scans. Offsets in ``text`` map to ``source`` through ``origin``
    (HTML, Markdown); without ``source`` positions refer to ``text`` itself."""

    path: str
    text: str
    encoding: str = ""
    source: str | None = None
    origin: Any = None  # text offset → source offset: an OffsetMap (anything indexable)
    # (offset in text where a place begins, location dict), sorted by offset
    places: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    # Parts that could not be read (an image-only PDF page): reported as input errors.
    problems: list[str] = field(default_factory=list)
    # A part of a larger text (a chunk of a streamed file): the source line its first
    # character is on, and how many characters of that line come before it.
    first_line: int = 1
    first_column: int = 0
    # A record of a corpus: its id (a URL, say) and its position in the corpus.
    record: str | None = None
    order: int = 0

    def location(self, offset: int) -> dict[str, Any] | None:
        import bisect

        if not self.places:
            return None
        index = bisect.bisect_right([start for start, _ in self.places], offset) - 1
        return dict(self.places[index][1]) if index >= 0 else None


class DocumentBuilder:
    """Builds a document's text piece by piece, recording the place of each piece."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.places: list[tuple[int, dict[str, Any]]] = []

    def add(self, text: str, place: dict[str, Any]) -> None:
        text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
        if not text.strip():
            return
        self.places.append((self.size, place))
        self.parts.append(text + "\n")
        self.size += len(text) + 1

    def build(self, path: str, problems: list[str] | None = None) -> Document:
        return Document(path, "".join(self.parts), places=self.places, problems=problems or [])


def location_label(location: dict[str, Any] | None) -> str:
    """A short human label: P12, T1R3C2, p2, S3, S3-notes, header-P1."""
    if not location:
        return ""
    if "page" in location:
        return f"p{location['page']}"
    if "slide" in location:
        return f"S{location['slide']}" + ("-notes" if location.get("notes") else "")
    prefix = ""
    if "header" in location:
        prefix = f"header{location['header']}-"
    elif "footer" in location:
        prefix = f"footer{location['footer']}-"
    elif "textbox" in location:
        return f"textbox{location['textbox']}"
    if "table" in location:
        return f"{prefix}T{location['table']}R{location['row']}C{location['cell']}"
    if "paragraph" in location:
        return f"{prefix}P{location['paragraph']}"
    return prefix.rstrip("-")
