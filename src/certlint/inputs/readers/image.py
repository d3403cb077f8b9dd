"""Pictures (PNG, JPEG, WebP, BMP, TIFF) through OCR: each block of text one line, each
character with its box in the picture's pixels; a multi-page TIFF's pages are pages.

Bad pictures are refused with a reason: empty, not a picture, truncated, larger than
:data:`MAX_PIXELS` (a decompression bomb), animated.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from certlint.inputs.document import Document, DocumentBuilder
from certlint.inputs.source import SourceError

__all__ = ["MAX_PIXELS", "ocr_lines_into", "open_frames", "read_image", "thumbnail"]

# The largest picture read (a 30,000 × 30,000 "decompression bomb" would take 2.7 GB).
MAX_PIXELS = 100_000_000


def read_image(path: str, raw: bytes) -> Document:
    from certlint.inputs.ocr.engine import INSTALL_HINT, OcrUnavailable, available

    if not available():
        raise SourceError(path, f"reading images needs OCR: {INSTALL_HINT}")
    frames = open_frames(path, raw)
    out = DocumentBuilder()
    try:
        for number, frame in enumerate(frames, start=1):
            ocr_lines_into(out, frame, {"page": number} if len(frames) > 1 else {})
    except OcrUnavailable:
        raise SourceError(path, f"reading images needs OCR: {INSTALL_HINT}") from None
    return out.build(path)


def ocr_lines_into(out: DocumentBuilder, picture: Any, place: dict[str, Any]) -> None:
    """OCR ``picture`` (a Pillow image) and add its blocks to ``out`` at ``place``."""
    from certlint.inputs.ocr.engine import recognize
    from certlint.inputs.ocr.layout import block_text, blocks

    for block in blocks(recognize(picture)):
        text, boxes, scores = block_text(block)
        out.add(text, dict(place), boxes, scores)


def open_frames(path: str, raw: bytes) -> list[Any]:
    """The picture's frames (one, or a TIFF's pages), decoded; SourceError if bad."""
    if not raw:
        raise SourceError(path, "empty file, not an image")
    try:
        from PIL import Image, UnidentifiedImageError
    except ImportError:  # Pillow comes with the OCR extra
        from certlint.inputs.ocr.engine import INSTALL_HINT

        raise SourceError(path, f"reading images needs OCR: {INSTALL_HINT}") from None
    Image.MAX_IMAGE_PIXELS = None  # checked below from the header, before decoding
    try:
        image = Image.open(io.BytesIO(raw))
    except UnidentifiedImageError:
        raise SourceError(path, "not an image (the bytes are no PNG, JPEG, WebP, BMP or TIFF)") from None
    except Exception as exc:
        raise SourceError(path, f"damaged image ({type(exc).__name__}: {exc})") from None
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise SourceError(
            path,
            f"image too large: {width}×{height} pixels (at most {MAX_PIXELS // 1_000_000} megapixels; "
            "a decompression bomb?)",
        )
    count = getattr(image, "n_frames", 1)
    if count > 1 and image.format != "TIFF":
        raise SourceError(path, f"animated image ({count} frames): save the frame to check as a still picture")
    frames = []
    try:
        for index in range(count):
            image.seek(index)
            if image.size[0] * image.size[1] > MAX_PIXELS:
                raise SourceError(path, f"page {index + 1} is too large: {image.size[0]}×{image.size[1]} pixels")
            frame = image.copy()
            frame.load()
            frames.append(frame)
    except SourceError:
        raise
    except (OSError, SyntaxError, ValueError) as exc:
        reason = "truncated" if "truncated" in str(exc) else f"{type(exc).__name__}: {exc}"
        raise SourceError(path, f"damaged image ({reason})") from None
    return frames


def thumbnail(path: str, page: int | None = None, width: int = 640) -> tuple[bytes, int, int] | None:
    """A JPEG thumbnail of a picture (or of the image on a PDF page), at most ``width``
    pixels wide, and the picture's own width and height; None if it cannot be read."""
    try:
        raw = Path(path).read_bytes()
        if path.lower().endswith(".pdf"):
            from pypdf import PdfReader

            images = list(PdfReader(io.BytesIO(raw)).pages[(page or 1) - 1].images)
            picture = max((i.image for i in images if i.image is not None), key=lambda i: i.size[0] * i.size[1])
        else:
            frames = open_frames(path, raw)
            picture = frames[(page or 1) - 1]
        size = picture.size
        small = picture.convert("RGB")
        small.thumbnail((width, width * 4))
        buffer = io.BytesIO()
        small.save(buffer, "JPEG", quality=80)
        return buffer.getvalue(), size[0], size[1]
    except Exception:  # a thumbnail is a courtesy: the findings are listed anyway
        return None
