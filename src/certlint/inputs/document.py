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

__all__ = [
    "BINARY_FORMATS",
    "IMAGE_FORMATS",
    "LOW_CONFIDENCE",
    "TEXT_FORMATS",
    "Document",
    "DocumentBuilder",
    "location_label",
    "ocr_note",
]

TEXT_FORMATS = ("text", "html", "markdown")

# Pictures, read by OCR (pip install 'certlint[ocr]').
IMAGE_FORMATS = (".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff")
# Formats read from bytes by a library, not decoded as text.
BINARY_FORMATS = (".docx", ".pptx", ".pdf", *IMAGE_FORMATS)


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
    # A picture read by OCR: each character's box in the picture's pixels (x0, y0, x1,
    # y1; None for a character the OCR did not place) and its line's OCR score.
    boxes: list[tuple[int, int, int, int] | None] | None = None
    scores: list[float] | None = None

    def location(self, offset: int, end: int | None = None) -> dict[str, Any] | None:
        """Where ``text[offset:end]`` is in the source: its place (page, paragraph…), and
        for a picture the box around its characters and the OCR score of its lines."""
        import bisect

        found: dict[str, Any] | None = None
        if self.places:
            index = bisect.bisect_right([start for start, _ in self.places], offset) - 1
            found = dict(self.places[index][1]) if index >= 0 else None
        if self.boxes is not None and self.scores is not None:
            stop = max(offset + 1, end if end is not None else offset + 1)
            boxes = [box for box in self.boxes[offset:stop] if box is not None]
            if boxes:
                found = dict(found or {})
                found["bbox"] = [min(b[0] for b in boxes), min(b[1] for b in boxes),
                                 max(b[2] for b in boxes), max(b[3] for b in boxes)]  # fmt: skip
                found["confidence"] = round(min(self.scores[offset:stop]), 3)
        return found


class DocumentBuilder:
    """Builds a document's text piece by piece, recording the place of each piece (and
    for text read by OCR, each character's box and score)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.places: list[tuple[int, dict[str, Any]]] = []
        # Per character, only once a piece read by OCR arrives (most documents have none).
        self.boxes: list[tuple[int, int, int, int] | None] | None = None
        self.scores: list[float] | None = None

    def add(
        self,
        text: str,
        place: dict[str, Any],
        boxes: list[tuple[int, int, int, int] | None] | None = None,
        scores: list[float] | None = None,
    ) -> None:
        """Add a piece as one line. ``boxes`` and ``scores`` (one per character of
        ``text``, which then holds no line breaks) come from OCR."""
        if boxes is None:
            text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
        if not text.strip():
            return
        if boxes is not None and scores is not None and self.boxes is None:
            self.boxes, self.scores = [None] * self.size, [1.0] * self.size
        self.places.append((self.size, place))
        self.parts.append(text + "\n")
        self.size += len(text) + 1
        if self.boxes is None or self.scores is None:
            return
        if boxes is not None and scores is not None:
            self.boxes.extend([*boxes, None])
            self.scores.extend([*scores, scores[-1] if scores else 1.0])
        else:
            self.boxes.extend([None] * (len(text) + 1))
            self.scores.extend([1.0] * (len(text) + 1))

    def build(self, path: str, problems: list[str] | None = None) -> Document:
        return Document(
            path,
            "".join(self.parts),
            places=self.places,
            problems=problems or [],
            boxes=self.boxes,
            scores=self.scores,
        )


# Below this OCR score a finding says that the text may be misread.
LOW_CONFIDENCE = 0.80


def ocr_note(location: dict[str, Any] | None) -> str:
    """What a finding on text read with a low OCR score adds to its message."""
    confidence = (location or {}).get("confidence")
    if confidence is None or confidence >= LOW_CONFIDENCE:
        return ""
    return f"（OCR 识别置信度 {confidence:.2f}，请核对原图）"


def location_label(location: dict[str, Any] | None) -> str:
    """A short human label: P12, T1R3C2, p2, S3, S3-notes, header-P1; a picture's place
    is its box's top left corner, (x0,y0), after the page if any: p2:(120,340)."""
    if not location:
        return ""
    if "bbox" in location:
        corner = f"({location['bbox'][0]},{location['bbox'][1]})"
        return f"p{location['page']}:{corner}" if "page" in location else corner
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
