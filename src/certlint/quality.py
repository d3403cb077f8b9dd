"""Measure detection quality on a labelled corpus (``examples/corpus/**/*.tsv``).

Each line of a corpus file is ``expected<TAB>text``, or for text quoted from a real page
``expected<TAB>text<TAB>url<TAB>kind<TAB>note``: ``expected`` is ``-`` for compliant
text, or the comma-separated clause ids a reviewer would cite. A line counts as flagged
when the linter reports a finding at warning or above. Never prints; see
``benchmarks/quality.py`` for the printed report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from certlint.engine import Linter
from certlint.findings import Finding
from certlint.packs.model import Severity

__all__ = ["CorpusError", "LabelledLine", "QualityReport", "corpus_files", "evaluate", "majority", "read_corpus"]

FLAG_RANK = Severity.WARNING.rank


class CorpusError(Exception):
    """A corpus line that does not follow ``expected<TAB>text`` (message names file:line)."""


@dataclass(frozen=True)
class LabelledLine:
    path: str
    line: int
    expected: frozenset[str]  # empty: compliant
    text: str
    # Where a real line was quoted from (empty for constructed lines).
    url: str = ""
    kind: str = ""
    note: str = ""


@dataclass
class LineResult:
    item: LabelledLine
    findings: tuple[Finding, ...]

    @property
    def flagged(self) -> bool:
        return any(f.severity.rank >= FLAG_RANK for f in self.findings)

    @property
    def clauses(self) -> frozenset[str]:
        return frozenset(c for f in self.findings if f.severity.rank >= FLAG_RANK for c in f.clauses)


@dataclass
class QualityReport:
    results: list[LineResult] = field(default_factory=list)

    def _count(self, expected: bool, flagged: bool) -> int:
        return sum(1 for r in self.results if bool(r.item.expected) is expected and r.flagged is flagged)

    @property
    def true_positives(self) -> int:
        return self._count(True, True)

    @property
    def false_positives(self) -> int:
        return self._count(False, True)

    @property
    def false_negatives(self) -> int:
        return self._count(True, False)

    @property
    def true_negatives(self) -> int:
        return self._count(False, False)

    @property
    def precision(self) -> float:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        violating = self.true_positives + self.false_negatives
        return self.true_positives / violating if violating else 1.0

    @property
    def clause_agreement(self) -> float:
        """Share of correctly flagged lines whose flagged clauses include every expected one."""
        hits = [r for r in self.results if r.item.expected and r.flagged]
        return sum(1 for r in hits if r.item.expected <= r.clauses) / len(hits) if hits else 1.0

    def per_clause(self) -> dict[str, tuple[int, int, int]]:
        """clause → (true positives, false positives, false negatives) at clause level."""
        clauses = sorted({c for r in self.results for c in r.item.expected | r.clauses})
        out: dict[str, tuple[int, int, int]] = {}
        for clause in clauses:
            tp = sum(1 for r in self.results if clause in r.item.expected and clause in r.clauses)
            fp = sum(1 for r in self.results if clause not in r.item.expected and clause in r.clauses)
            fn = sum(1 for r in self.results if clause in r.item.expected and clause not in r.clauses)
            out[clause] = (tp, fp, fn)
        return out

    def mistakes(self) -> list[LineResult]:
        return [r for r in self.results if bool(r.item.expected) is not r.flagged]


def corpus_files(*paths: str | Path) -> list[Path]:
    """The ``*.tsv`` files named, or directly inside the folders named, in order."""
    files: list[Path] = []
    for path in map(Path, paths):
        found = sorted(path.glob("*.tsv")) if path.is_dir() else [path] if path.is_file() else []
        if not found:
            raise CorpusError(f"{path}: no *.tsv corpus files")
        files.extend(found)
    return files


def read_corpus(*paths: str | Path) -> list[LabelledLine]:
    """Every labelled line of every corpus file (see :func:`corpus_files`), in file order."""
    items: list[LabelledLine] = []
    for file in corpus_files(*paths):
        for number, raw in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            if not raw.strip() or raw.startswith("#"):
                continue
            fields = raw.split("\t")
            if len(fields) not in (2, 5) or not fields[1].strip():
                raise CorpusError(
                    f"{file}:{number}: expected 'label<TAB>text' or 'label<TAB>text<TAB>url<TAB>kind<TAB>note'"
                )
            label, text, *source = fields
            label = label.strip()
            expected = frozenset() if label == "-" else frozenset(c.strip() for c in label.split(","))
            items.append(LabelledLine(str(file), number, expected, text, *source))
    return items


def majority(items: Iterable[LabelledLine], *others: Iterable[LabelledLine]) -> list[LabelledLine]:
    """``items`` with the labels most labellers gave: ``others`` are other people's labels
    of the same texts (any subset of them, matched by text). A line violates when more than
    half of the labels that it has say so; its clauses are those more than half give, or,
    when the violating labels name different ones, all that they name."""
    votes: dict[str, list[frozenset[str]]] = {}
    for labelling in others:
        for other in labelling:
            votes.setdefault(other.text, []).append(other.expected)
    out: list[LabelledLine] = []
    for item in items:
        labels = [item.expected, *votes.get(item.text, ())]
        violating = [label for label in labels if label]
        expected: frozenset[str] = frozenset()
        if 2 * len(violating) > len(labels):
            clauses = {clause for label in violating for clause in label}
            held = frozenset(c for c in clauses if 2 * sum(c in label for label in labels) > len(labels))
            expected = held or frozenset(clauses)
        out.append(replace(item, expected=expected))
    return out


def evaluate(linter: Linter, items: Iterable[LabelledLine]) -> QualityReport:
    report = QualityReport()
    for item in items:
        report.results.append(LineResult(item, tuple(linter.scan_text(item.text))))
    return report
