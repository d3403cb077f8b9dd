"""PDF through pypdf: the text layer, page by page; findings carry ``{"page": n}``.

A page without a text layer (a scan) cannot be checked: it is reported as
"no text layer (image-only page N)" instead of passing as clean. Encrypted files are
opened with the empty password or refused.
"""

from __future__ import annotations

import io
import logging

from certlint.documents import Document, DocumentBuilder
from certlint.sources import SourceError

__all__ = ["read_pdf"]


def read_pdf(path: str, raw: bytes) -> Document:
    try:
        from pypdf import PdfReader
        from pypdf.errors import FileNotDecryptedError, PdfReadError
    except ImportError:  # pragma: no cover - a dependency
        raise SourceError(path, "reading .pdf needs pypdf (pip install pypdf)") from None
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not ours to print
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise SourceError(path, "encrypted PDF: a password is needed to read it")
            except (FileNotDecryptedError, NotImplementedError):
                raise SourceError(path, "encrypted PDF: a password is needed to read it") from None
        pages = list(reader.pages)
    except SourceError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise SourceError(path, f"not a valid PDF file ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # malformed PDFs raise many kinds
        raise SourceError(path, f"not a valid PDF file ({type(exc).__name__})") from None
    out = DocumentBuilder()
    image_only: list[int] = []
    for number, page in enumerate(pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception:  # one broken page must not hide the others
            text = ""
        if text.strip():
            for line in text.splitlines():
                out.add(line, {"page": number})
        elif _has_images(page):
            image_only.append(number)
    problems = [f"no text layer (image-only page {n})" for n in image_only]
    if not pages:
        problems.append("PDF has no pages")
    return out.build(path, problems)


def _has_images(page: object) -> bool:
    try:
        return bool(page.images)  # type: ignore[attr-defined]
    except Exception:
        return True  # cannot tell: assume there is something we could not read
