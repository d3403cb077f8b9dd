"""The OCR engine (rapidocr-onnxruntime, ``pip install 'certlint[ocr]'``): loaded once per
process and only when a picture is met; results cached on disk by the picture's content.

The PP-OCRv4 detection and recognition models ship inside the rapidocr wheel, so nothing
is downloaded. Large photos are downscaled before detection (:data:`MAX_SIDE`); boxes are
scaled back to the picture's own pixels.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["MAX_SIDE", "OcrLine", "OcrUnavailable", "engine_version", "recognize"]

# Longest side a picture is OCR'd at. rapidocr itself detects at most 2000 px; resizing
# here first keeps a 4200 × 3000 photo's arrays out of memory, and reads it as well
# (benchmarks/ocr_downscale.py: 0.98 of the characters right at 2000, 3000 and 4200 px,
# 0.99–1.00 at 1000–1500 px for large print, which small print would not survive).
MAX_SIDE = 2000
INSTALL_HINT = "pip install 'certlint[ocr]'"
# Lines the engine is less sure of are still read (the engine's default drops those under
# 0.5); a finding on a line under LOW_CONFIDENCE (document.py) says so.
MIN_SCORE = 0.3


class OcrUnavailable(Exception):
    """The OCR extra is not installed."""


@dataclass(frozen=True)
class OcrLine:
    """One recognised line: its text, score, and a box per character, in pixels of the
    picture (x0, y0, x1, y1)."""

    text: str
    score: float
    box: tuple[int, int, int, int]
    chars: tuple[tuple[int, int, int, int], ...]

    @property
    def height(self) -> int:
        """The characters' height (the median of their boxes): on a rotated photo the
        line's own box is taller than its text."""
        if not self.chars:
            return max(1, self.box[3] - self.box[1])
        heights = sorted(c[3] - c[1] for c in self.chars)
        return max(1, heights[len(heights) // 2])

    @property
    def middle(self) -> tuple[float, float]:
        """The centre of the line's box."""
        return ((self.box[0] + self.box[2]) / 2, (self.box[1] + self.box[3]) / 2)


_ENGINE: list[Any] = []
_LOCK = threading.Lock()


def engine_version() -> str:
    try:
        from importlib import metadata

        return f"rapidocr-onnxruntime {metadata.version('rapidocr-onnxruntime')}"
    except Exception:
        return "rapidocr-onnxruntime"


def _engine() -> Any:
    with _LOCK:
        if not _ENGINE:
            try:
                import logging

                from rapidocr_onnxruntime import RapidOCR
            except ImportError:
                raise OcrUnavailable(INSTALL_HINT) from None
            logging.getLogger("RapidOCR").setLevel(logging.ERROR)  # it logs each call
            options: dict[str, Any] = {"text_score": MIN_SCORE}
            threads = os.environ.get("CERTLINT_OCR_THREADS", "")
            if threads.isdigit():
                # A worker of --jobs N: one thread each, or N engines fight over the cores.
                options["intra_op_num_threads"] = options["inter_op_num_threads"] = int(threads)
            _ENGINE.append(RapidOCR(**options))
        return _ENGINE[0]


def available() -> bool:
    """Whether the OCR extra is installed (without loading it)."""
    import importlib.util

    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


def recognize(image: Any) -> list[OcrLine]:
    """The lines of a Pillow image, boxes in its own pixels. Raises OcrUnavailable."""
    if not available():
        raise OcrUnavailable(INSTALL_HINT)
    rgb = image.convert("RGB")
    key = _cache_key(rgb)
    cached = _cache_load(key)
    if cached is not None:
        return cached
    scale = 1.0
    if max(rgb.size) > MAX_SIDE:
        scale = MAX_SIDE / max(rgb.size)
        rgb = rgb.resize((max(1, round(rgb.width * scale)), max(1, round(rgb.height * scale))))
    import numpy

    array = numpy.asarray(rgb)[:, :, ::-1]  # RGB → BGR, as OpenCV-based engines expect
    result, _ = _engine()(array, return_word_box=True)
    lines = [_line(item, scale) for item in result or ()]
    lines = [line for line in lines if line.text.strip()]
    _cache_store(key, lines)
    return lines


def _line(item: list[Any], scale: float) -> OcrLine:
    points, text, score = item[0], str(item[1]), float(item[2])
    back = 1.0 / scale

    def box(corners: Any) -> tuple[int, int, int, int]:
        xs = [float(p[0]) * back for p in corners]
        ys = [float(p[1]) * back for p in corners]
        return (int(min(xs)), int(min(ys)), round(max(xs)), round(max(ys)))

    whole = box(points)
    chars = tuple(box(corners) for corners in (item[3] if len(item) > 3 and item[3] else ()))
    visible = [c for c in text if not c.isspace()]
    if len(chars) != len(visible):
        # The engine's character boxes do not match its text: spread the line's box evenly.
        x0, y0, x1, y1 = whole
        step = (x1 - x0) / max(1, len(visible))
        chars = tuple((int(x0 + i * step), y0, int(x0 + (i + 1) * step), y1) for i in range(len(visible)))
    return OcrLine(text=text, score=score, box=whole, chars=chars)


# -- disk cache -------------------------------------------------------------------------


def _cache_key(rgb: Any) -> str:
    digest = hashlib.sha256()
    digest.update(f"{engine_version()}|{MAX_SIDE}|{rgb.size}|".encode())
    digest.update(rgb.tobytes())
    return digest.hexdigest()


def _cache_folder() -> Path | None:
    from certlint.cachedir import cache_dir

    folder = cache_dir()
    return folder / "ocr" if folder is not None else None


def _cache_load(key: str) -> list[OcrLine] | None:
    folder = _cache_folder()
    if folder is None:
        return None
    try:
        data = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        return [OcrLine(d["text"], d["score"], tuple(d["box"]), tuple(tuple(c) for c in d["chars"])) for d in data]
    except (OSError, ValueError, KeyError, TypeError):
        return None  # absent or unreadable: OCR again


def _cache_store(key: str, lines: list[OcrLine]) -> None:
    folder = _cache_folder()
    if folder is None:
        return
    data = [{"text": x.text, "score": x.score, "box": list(x.box), "chars": [list(c) for c in x.chars]} for x in lines]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=folder, delete=False, suffix=".tmp", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False)
        os.replace(out.name, folder / f"{key}.json")
    except OSError:
        pass  # a cache that cannot be written only costs time
