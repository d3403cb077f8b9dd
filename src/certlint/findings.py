"""The result types every stage after matching speaks: findings and input errors."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from certlint.packs.model import Severity

__all__ = ["Finding", "InputError", "ScanResult", "Tally", "printable"]


@dataclass(frozen=True, order=False)
class Finding:
    """One violation at one place.

    ``line``/``column`` are 1-based and count code points of the original text;
    ``end_column`` is exclusive. ``match`` is the original text of the span.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    severity: Severity
    clauses: tuple[str, ...]
    match: str
    message: str
    suggestion: str
    # The source line around the match (trimmed for very long lines) and the 0-based
    # offset of the match inside it: not part of the JSON contract, reports quote it.
    excerpt: str = field(default="", compare=False, repr=False)
    excerpt_offset: int = field(default=0, compare=False, repr=False)
    # Where in a Word/PowerPoint/PDF document: {"paragraph": 12}, {"page": 2}…
    location: dict[str, Any] | None = field(default=None, compare=False)
    # For record corpora: the record's id (its URL, say) and its position in the corpus.
    record: str | None = field(default=None, compare=False)
    order: int = field(default=0, compare=False, repr=False)

    def sort_key(self) -> tuple[str, int, int, int, str]:
        return (self.path, self.order, self.line, self.column, self.rule)

    def to_dict(self) -> dict[str, Any]:
        """The pinned JSON shape (DESIGN.md), keys in documented order."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "severity": self.severity.value,
            "clauses": list(self.clauses),
            "match": self.match,
            "message": self.message,
            "suggestion": self.suggestion,
            **({"location": self.location} if self.location else {}),
            **({"record": self.record} if self.record is not None else {}),
        }


@dataclass(frozen=True)
class InputError:
    """An input that could not be scanned (missing, binary, undecodable, bad pack…)."""

    path: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class Tally:
    """Counts of findings written out as they came (a streamed report keeps these, not
    the findings): what the summary, --statistics and the exit code need."""

    total: int = 0
    by_severity: Counter[str] = field(default_factory=Counter)
    by_clause: Counter[str] = field(default_factory=Counter)
    by_rule: Counter[str] = field(default_factory=Counter)
    paths: set[str] = field(default_factory=set)

    def add(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.total += 1
            self.by_severity[finding.severity.value] += 1
            self.by_clause.update(finding.clauses)
            self.by_rule[finding.rule] += 1
            self.paths.add(finding.path)


@dataclass
class ScanResult:
    """Everything a scan produced: findings, input errors, and how many files were read."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    files: int = 0
    # Matches turned off by an allow phrase, a context or a comment (show_allowed only).
    allowed: list[Finding] = field(default_factory=list)
    # Files a directory scan left out on purpose (binary files), reported, not errors.
    skipped: list[InputError] = field(default_factory=list)
    # Findings a baseline absorbed (not in ``findings``).
    baselined: int = 0
    # Set when the findings were written out as they came and not kept (``findings`` is
    # then empty): the counts stand for them.
    tally: Tally | None = None

    def sort(self) -> None:
        self.findings.sort(key=Finding.sort_key)
        self.allowed.sort(key=Finding.sort_key)

    @classmethod
    def merged(cls, parts: Iterable[ScanResult]) -> ScanResult:
        """The parts of a scan (files, chunks, batches) as one result, sorted."""
        result = cls()
        for part in parts:
            result.absorb(part)
        result.sort()
        return result

    def absorb(self, part: ScanResult) -> None:
        """Add a part of a scan (one file, or one chunk of a large file) to this one."""
        self.findings.extend(part.findings)
        self.errors.extend(part.errors)
        self.files += part.files
        self.allowed.extend(part.allowed)
        self.skipped.extend(part.skipped)
        self.baselined += part.baselined


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: control characters (escape sequences,
    carriage returns, line breaks inside a name) and invisible format characters (bidi
    overrides) are shown as ``\\x1b``, ``\\n``, ``\\u202e`` instead of acting."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() or char == " " else _escaped(char) for char in text)


def _escaped(char: str) -> str:
    code = ord(char)
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char)
    if named:
        return named
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
