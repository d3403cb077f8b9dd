"""The interface's language: Chinese (``zh``) for a ``zh_*`` locale or ``--lang zh``,
English otherwise. Only the frame around findings changes (help, headings, summaries,
tables); findings' messages are Chinese in both, and machine formats never change.

Texts are written in pairs where they are used, ``tr("Found", "发现")``, so that each reads
next to its translation; counts go through :func:`count`, which knows English plurals.
"""

from __future__ import annotations

import os
import sys

__all__ = ["LANGUAGES", "count", "in_language", "language", "set_language", "tr"]

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


# The reasons inputs give for not being read, as phrases: JSON and SARIF keep them in
# English (machine formats do not change with the locale); the terminal shows them in the
# interface's language. Longer phrases first, so that they win over their parts.
_REASONS_ZH = (
    ("no files to scan in this directory", "此目录中没有可检查的文件"),
    ("no such file or directory", "没有这个文件或目录"),
    ("binary file (contains NUL bytes), skipped", "二进制文件（含 NUL 字节），已跳过"),
    ("empty file, nothing to scan", "空文件，没有可检查的内容"),
    ("empty file, not an image", "空文件，不是图片"),
    ("encrypted PDF: a password is needed to read it", "加密的 PDF：需要密码才能读取"),
    ("is a directory", "是一个目录"),
    ("permission denied", "没有读取权限"),
    ("reading images needs OCR", "读取图片需要 OCR"),
    ("no text layer (image-only page", "没有文字层（只有图片的第"),
    ("(the bytes are no PNG, JPEG, WebP, BMP or TIFF)", "（内容不是 PNG、JPEG、WebP、BMP 或 TIFF）"),
    ("pixels (at most 100 megapixels; a decompression bomb?)", "像素（最多 1 亿像素；疑似解压炸弹）"),
    ("save the frame to check as a still picture", "请存为静态图片后再检查"),
    ("frames)", "帧）"),
    ("(truncated)", "（不完整）"),
    ("not an image", "不是图片"),
    ("damaged image", "图片已损坏"),
    ("image too large:", "图片过大："),
    ("animated image (", "动图（"),
    ("cannot decode: not UTF-8, UTF-16 or GB18030", "无法解码：不是 UTF-8、UTF-16 或 GB18030"),
    ("cannot read", "无法读取"),
    ("certlint's own", "certlint 自己生成的"),
    ("not scanned", "不检查"),
    ("not a valid", "不是有效的"),
    ("invalid JSON", "JSON 无效"),
    ("looked for", "查找的是"),
    ("(listed on stderr)", "（见标准错误输出）"),
)


def in_language(reason: str) -> str:
    """An input's reason for not being read, in the interface's language (known phrases
    translated; names, numbers and the rest kept)."""
    if language() != "zh":
        return reason
    for english, chinese in _REASONS_ZH:
        reason = reason.replace(english, chinese)
    return reason
