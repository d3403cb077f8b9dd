"""certlint's own files (baselines, reports, checkpoints), recognised by their content so
that a scan never reports findings inside them, whatever they are named: pre-commit passes
a committed baseline to the hook, and a CI job may write its report into the tree it scans."""

from __future__ import annotations

import re

__all__ = ["HEAD_BYTES", "own_artefact"]

# How much of a file's start is enough to recognise it (every mark below sits in it).
HEAD_BYTES = 4096

# (what it is, how its start reads). The marks are the fixed keys certlint writes first.
_MARKS = (
    ("baseline", re.compile(r'\A\s*\{\s*"tool"\s*:\s*"certlint"\s*,\s*"version"')),
    ("JSON report", re.compile(r'\A\s*\{\s*"tool"\s*:\s*\{\s*"name"\s*:\s*"certlint"')),
    (
        "SARIF report",
        re.compile(r'\A\s*\{\s*"\$schema"\s*:\s*"[^"]*sarif[^"]*".*?"driver"\s*:\s*\{\s*"name"\s*:\s*"certlint"', re.S),
    ),
    (
        "JSON Lines report",
        re.compile(
            r'\A\{"path": "(?:[^"\\]|\\.)*", "line": \d+, "column": \d+, "end_line": \d+, "end_column": \d+, '
            r'"rule": "[A-Z]+\d+", "severity": "(?:error|warning|info)", "clauses": \['
        ),
    ),
    ("checkpoint", re.compile(r'\A\{"corpora": \[.*\], "done": \{.*\}, "size": \d+\}\s*\Z', re.S)),
    ("HTML report", re.compile(r'<meta name="generator" content="certlint[ "]|<title>certlint 检查报告')),
)


def own_artefact(head: str) -> str | None:
    """What certlint file ``head`` (the decoded start of a file) begins, or None."""
    if "certlint" not in head and '"rule": "' not in head and '"corpora"' not in head:
        return None  # nearly every file: one search, no regex
    for kind, mark in _MARKS:
        if mark.search(head):
            return kind
    return None
