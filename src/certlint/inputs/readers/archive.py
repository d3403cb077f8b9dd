"""Guards for zip-based formats (.docx, .pptx): refuse corrupt files and zip bombs
before a library inflates them."""

from __future__ import annotations

import io
import zipfile

from certlint.inputs.source import SourceError

__all__ = ["MAX_EXPANDED", "MAX_RATIO", "check_zip"]

MAX_EXPANDED = 256 * 1024 * 1024  # bytes the archive may expand to
MAX_RATIO = 200  # expanded / compressed, per member


def check_zip(path: str, raw: bytes, kind: str) -> None:
    """Raise SourceError unless ``raw`` is a sane zip archive."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        raise SourceError(path, f"not a valid {kind} file (corrupt or truncated zip archive)") from None
    with archive:
        members = archive.infolist()
        total = sum(member.file_size for member in members)
        if total > MAX_EXPANDED:
            raise SourceError(
                path, f"refused: the {kind} archive would expand to {total // 2**20} MB (possible zip bomb)"
            )
        for member in members:
            if (
                member.compress_size
                and member.file_size / member.compress_size > MAX_RATIO
                and member.file_size > 2**20
            ):
                raise SourceError(
                    path,
                    f"refused: {member.filename} expands {member.file_size // member.compress_size}x "
                    f"(possible zip bomb)",
                )
        bad = archive.testzip()
        if bad is not None:
            raise SourceError(path, f"not a valid {kind} file (member {bad} is corrupt)")
