"""The interface's language: Chinese (``zh``) for a ``zh_*`` locale or ``--lang zh``,
English otherwise. Only the frame around findings changes (help, headings, summaries,
tables); findings' messages are Chinese in both, and machine formats never change.

Texts are written in pairs where they are used, ``tr("Found", "发现")``, so that each reads
next to its translation; counts go through :func:`count`, which knows English plurals.
"""

from __future__ import annotations

import os
import sys

__all__ = ["LANGUAGES", "count", "language", "set_language", "tr"]

LANGUAGES = ("en", "zh")
_chosen: list[str] = []


def _from_argv(argv: list[str]) -> str | None:
    """``--lang X`` or ``--lang=X`` anywhere on the command line: help texts are built
    when the commands are defined, before typer parses the options."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _from_locale() -> str:
    # POSIX order: LC_ALL overrides LC_MESSAGES, which overrides LANG.
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def language() -> str:
    """``zh`` or ``en``: ``--lang``, then the locale."""
    if not _chosen:
        wanted = (_from_argv(sys.argv[1:]) or "").strip().lower()
        _chosen.append(wanted if wanted in LANGUAGES else _from_locale())
    return _chosen[0]


def set_language(value: str) -> None:
    """Choose the language explicitly (``--lang``, tests)."""
    if value not in LANGUAGES:
        raise ValueError(f"unknown language '{value}' (expected one of: {', '.join(LANGUAGES)})")
    _chosen[:] = [value]


def tr(english: str, chinese: str) -> str:
    """The text in the interface's language."""
    return chinese if language() == "zh" else english


def count(number: int, singular: str, plural: str, chinese: str) -> str:
    """``1 finding`` / ``2 findings`` / ``2 个问题``: ``chinese`` holds the measure word
    and noun (``个问题``, ``个文件``)."""
    if language() == "zh":
        return f"{number} {chinese}"
    return f"{number} {singular if number == 1 else plural}"
