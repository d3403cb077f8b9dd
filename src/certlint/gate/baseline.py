"""Baselines: record today's findings so that only new ones are reported.

A finding is identified by its rule, its path (relative to the baseline file's folder)
and the matched text with a little of the text around it, never by line number, so
that edits elsewhere in the file do not bring a baselined finding back.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from certlint.findings import Finding

__all__ = ["Baseline", "BaselineError", "write_baseline"]

VERSION = 1
_CONTEXT = 10  # characters kept on each side of the match


class BaselineError(Exception):
    """The baseline file cannot be read or is not a certlint baseline."""


def _key_path(path: str, folder: Path) -> str:
    if path == "-":
        return path
    try:
        return Path(os.path.relpath(Path(path).resolve(), folder.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).resolve().as_posix()


def _context(finding: Finding) -> str:
    start = finding.excerpt_offset
    end = start + len(finding.match)
    return finding.excerpt[max(0, start - _CONTEXT) : end + _CONTEXT].strip()


def _entry(finding: Finding, folder: Path) -> tuple[str, str, str, str]:
    return (_key_path(finding.path, folder), finding.rule, finding.match, _context(finding))


def write_baseline(file: str | Path, findings: Iterable[Finding]) -> int:
    """Write ``findings`` to ``file``; returns how many were recorded."""
    folder = Path(file).parent
    entries = sorted(_entry(f, folder) for f in findings)
    document = {
        "tool": "certlint",
        "version": VERSION,
        "findings": [{"path": p, "rule": r, "match": m, "context": c} for p, r, m, c in entries],
    }
    Path(file).write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return len(entries)


class Baseline:
    """Known findings; ``filter`` removes them (each recorded entry absorbs one finding)."""

    def __init__(self, file: str | Path) -> None:
        self.file = Path(file)
        try:
            document = json.loads(self.file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BaselineError(f"{file}: no such baseline file") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BaselineError(f"{file}: not a certlint baseline ({exc})") from None
        except RecursionError:
            raise BaselineError(f"{file}: not a certlint baseline (JSON nested too deeply)") from None
        if not isinstance(document, dict) or document.get("tool") != "certlint" or "findings" not in document:
            raise BaselineError(f"{file}: not a certlint baseline (no 'tool': 'certlint' and 'findings')")
        try:
            self.entries = Counter((e["path"], e["rule"], e["match"], e["context"]) for e in document["findings"])
        except (TypeError, KeyError) as exc:
            raise BaselineError(f"{file}: malformed baseline entry ({exc})") from None
        self._remaining = Counter(self.entries)

    def filter(self, findings: Iterable[Finding]) -> tuple[list[Finding], int]:
        """Findings not in the baseline, and how many were absorbed by it. A scan may call
        this once per part (file, chunk, batch): each entry absorbs one finding in all."""
        remaining = self._remaining
        folder = self.file.parent
        new: list[Finding] = []
        absorbed = 0
        for finding in findings:
            key = _entry(finding, folder)
            if remaining[key] > 0:
                remaining[key] -= 1
                absorbed += 1
            else:
                new.append(finding)
        return new, absorbed
