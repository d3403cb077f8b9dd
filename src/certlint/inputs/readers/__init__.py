"""Readers: one small module per format turns an input into a Document.

A reader is chosen by the file's extension (:func:`load_document`) or, for a record of a
corpus, by ``--text-format`` (:func:`record_document`); a format with no reader is plain
text. Adding a format is adding one module and one line here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from certlint.inputs.document import IMAGE_FORMATS, Document

__all__ = ["load_document", "record_document"]


def load_document(path: str, raw: bytes, text: str | None = None, encoding: str = "") -> Document:
    """The document for ``path``: ``raw`` bytes for binary formats, ``text`` for the rest."""
    suffix = Path(path).suffix.lower()
    if suffix == ".docx":
        from certlint.inputs.readers.docx import read_docx

        return read_docx(path, raw)
    if suffix == ".pptx":
        from certlint.inputs.readers.pptx import read_pptx

        return read_pptx(path, raw)
    if suffix == ".pdf":
        from certlint.inputs.readers.pdf import read_pdf

        return read_pdf(path, raw)
    if suffix in IMAGE_FORMATS:
        from certlint.inputs.readers.image import read_image

        return read_image(path, raw)
    assert text is not None
    if suffix in (".html", ".htm"):
        from certlint.inputs.readers.html import read_html

        return read_html(path, text, encoding)
    if suffix in (".md", ".markdown"):
        from certlint.inputs.readers.markdown import read_markdown

        return read_markdown(path, text, encoding)
    return Document(path, text, encoding)


def record_document(record: Any, corpus: str, text_format: str = "text") -> Document:
    """The document for one record of a corpus (``record.text`` as plain text, HTML or
    Markdown), named by the record's id and position."""
    if text_format == "html":
        from certlint.inputs.readers.html import read_html

        document = read_html(corpus, record.text)
    elif text_format == "markdown":
        from certlint.inputs.readers.markdown import read_markdown

        document = read_markdown(corpus, record.text)
    else:
        document = Document(corpus, record.text)
    document.record, document.order = record.id, record.index
    return document
