"""PowerPoint (.pptx) through python-pptx: the text of every shape and table on each
slide, and the speaker notes. Findings carry ``{"slide": n}`` (``"notes": true`` for
notes)."""

from __future__ import annotations

import io
from typing import Any

from certlint.inputs.document import Document, DocumentBuilder
from certlint.inputs.readers.archive import check_zip
from certlint.inputs.source import SourceError

__all__ = ["read_pptx"]


def _shape_texts(shape: Any) -> list[str]:
    texts: list[str] = []
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        texts.extend(p.text for p in shape.text_frame.paragraphs)
    if getattr(shape, "has_table", False) and shape.has_table:
        for row in shape.table.rows:
            texts.extend(cell.text for cell in row.cells)
    for child in getattr(shape, "shapes", ()):  # groups
        texts.extend(_shape_texts(child))
    return texts


def read_pptx(path: str, raw: bytes) -> Document:
    check_zip(path, raw, ".pptx")
    try:
        from pptx import Presentation
    except ImportError:  # pragma: no cover - a dependency
        raise SourceError(path, "reading .pptx needs python-pptx (pip install python-pptx)") from None
    try:
        presentation = Presentation(io.BytesIO(raw))
    except Exception as exc:  # corrupt packages raise many kinds
        raise SourceError(path, f"not a valid .pptx file ({type(exc).__name__})") from None
    out = DocumentBuilder()
    for number, slide in enumerate(presentation.slides, start=1):
        for shape in slide.shapes:
            for text in _shape_texts(shape):
                out.add(text, {"slide": number})
        if slide.has_notes_slide:
            out.add(slide.notes_slide.notes_text_frame.text, {"slide": number, "notes": True})
    return out.build(path)
