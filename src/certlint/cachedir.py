"""Where certlint keeps what it may compute again: compiled linters, OCR results.

``CERTLINT_CACHE_DIR`` moves it (default ``$XDG_CACHE_HOME/certlint`` or
``~/.cache/certlint``); ``CERTLINT_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cache_dir"]


def cache_dir() -> Path | None:
    if os.environ.get("CERTLINT_NO_CACHE"):
        return None
    explicit = os.environ.get("CERTLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "certlint"
