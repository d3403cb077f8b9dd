"""PDF through pypdf: the text layer, page by page; findings carry ``{"page": n}``.

A page without a text layer (a scan) is read by OCR (``pip install 'certlint[ocr]'``);
without it, it is reported as "no text layer (image-only page N)" with the command that
installs OCR, instead of passing as clean. A page whose text
cannot be read says why (content that decompresses past pypdf's limit, malformed or
self-referring content). Encrypted files are opened with the empty password or refused.
"""

from __future__ import annotations

import io
import logging

from certlint.inputs.document import Document, DocumentBuilder
from certlint.inputs.source import SourceError

__all__ = ["read_pdf"]


def read_pdf(path: str, raw: bytes) -> Document:
    try:
        from pypdf import PdfReader
        from pypdf.errors import FileNotDecryptedError, PdfReadError
    except ImportError:  # pragma: no cover - a dependency
        raise SourceError(path, "reading .pdf needs pypdf (pip install pypdf)") from None
    # Its warnings are not printed (they are ours to interpret, below), only collected.
    pypdf_log = logging.getLogger("pypdf")
    pypdf_log.setLevel(logging.WARNING)
    pypdf_log.propagate = False
    if not any(isinstance(h, logging.NullHandler) for h in pypdf_log.handlers):
        pypdf_log.addHandler(logging.NullHandler())  # else Python prints them on stderr
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
    problems: list[str] = []
    warnings = _Warnings()
    logging.getLogger("pypdf").addHandler(warnings)
    try:
        for number, page in enumerate(pages, start=1):
            warnings.records.clear()
            try:
                text = page.extract_text() or ""
            except Exception as exc:  # one broken page must not hide the others
                problems.append(f"page {number}: text not read: {_reason(exc)}")
                continue
            if text.strip():
                for line in text.splitlines():
                    out.add(line, {"page": number})
                continue
            # No text: pypdf swallows what went wrong; ask the content stream itself.
            try:
                page.get_contents()
            except Exception as exc:
                problems.append(f"page {number}: text not read: {_reason(exc)}")
                continue
            if warnings.records:
                problems.append(f"page {number}: text not read: malformed content ({warnings.records[0]})")
            elif _has_images(page):
                problem = _ocr_page(out, page, number)
                if problem:
                    problems.append(problem)
    finally:
        logging.getLogger("pypdf").removeHandler(warnings)
    if not pages:
        problems.append("PDF has no pages")
    return out.build(path, problems)


def _ocr_page(out: DocumentBuilder, page: object, number: int) -> str:
    """Read an image-only page by OCR into ``out``; the problem if it cannot be."""
    from certlint.inputs.ocr.engine import INSTALL_HINT, OcrUnavailable, available
    from certlint.inputs.readers.image import MAX_PIXELS, ocr_lines_into

    if not available():
        return f"no text layer (image-only page {number}); reading it needs OCR: {INSTALL_HINT}"
    try:
        images = list(page.images)  # type: ignore[attr-defined]
    except Exception as exc:
        return f"page {number}: its images cannot be read ({type(exc).__name__}: {exc})"
    for image in images:
        try:
            picture = image.image
            if picture is None or picture.size[0] * picture.size[1] > MAX_PIXELS:
                return f"page {number}: an image is too large or cannot be decoded"
            ocr_lines_into(out, picture, {"page": number})
        except OcrUnavailable:
            return f"no text layer (image-only page {number}); reading it needs OCR: {INSTALL_HINT}"
        except Exception as exc:  # a damaged image must not hide the other pages
            return f"page {number}: an image cannot be read ({type(exc).__name__}: {exc})"
    return ""


def _has_images(page: object) -> bool:
    try:
        return bool(page.images)  # type: ignore[attr-defined]
    except Exception:
        return True  # cannot tell: assume there is something we could not read


class _Warnings(logging.Handler):
    """pypdf's warnings about one page (it logs what it repairs or gives up on)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage().splitlines()[0])


def _reason(exc: BaseException) -> str:
    """Why a page's text could not be read, in words a user can act on."""
    from pypdf.errors import LimitReachedError

    if isinstance(exc, LimitReachedError):
        return "its content decompresses past pypdf's size limit (a decompression bomb?)"
    if isinstance(exc, RecursionError):
        return "its content refers to itself (a reference cycle)"
    if isinstance(exc, MemoryError):
        return "its content is too large to decompress"
    return f"{type(exc).__name__}: {exc}"
