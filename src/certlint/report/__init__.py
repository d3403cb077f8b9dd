"""Reports: one module per output format. Each writes to a stream it is given."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from json import JSONEncoder  # not "import json": the submodule certlint.report.json takes that name
from typing import TextIO

from certlint.findings import ScanResult, Tally
from certlint.packs.model import Rule, RulePack, Severity

__all__ = ["FORMATS", "ReportContext", "Summary", "render", "summarize", "write_json"]


# JSON pieces joined before each write: json.dump writes every token on its own, and
# 250,000 small writes to a pipe cost five times the encoding (measured: 0.31 s against
# 0.05 s for 5,000 findings).
_JSON_PIECES = 4096


def write_json(document: object, stream: TextIO) -> None:
    """``document`` as indented JSON (UTF-8 text, not escaped) and a newline, written in
    blocks: the bytes of ``json.dump(document, stream, ensure_ascii=False, indent=2)``."""
    pieces: list[str] = []
    for piece in JSONEncoder(ensure_ascii=False, indent=2).iterencode(document):
        pieces.append(piece)
        if len(pieces) >= _JSON_PIECES:
            stream.write("".join(pieces))
            pieces.clear()
    pieces.append("\n")
    stream.write("".join(pieces))


@dataclass
class ReportContext:
    """What a report needs besides the findings: the packs (for clause texts)."""

    packs: Sequence[RulePack]
    version: str
    color: bool | None = None  # None: decide from the terminal and NO_COLOR
    show_allowed: bool = False
    quiet: bool = False  # text: findings only, no summary
    _rules: dict[str, tuple[Rule, RulePack]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for pack in self.packs:
            for rule in pack.rules:
                self._rules.setdefault(rule.id, (rule, pack))

    def clause_text(self, rule_id: str, clause_id: str) -> str:
        """The clause's text: from the rule's own pack, else from the pack that defines it
        (a finding of two packs cites the clauses of both)."""
        found = self._rules.get(rule_id)
        packs = [found[1]] if found is not None else []
        for pack in [*packs, *self.packs]:
            try:
                return pack.clause(clause_id).text
            except KeyError:
                continue
        return ""

    def clause_order(self) -> list[str]:
        order: list[str] = []
        for pack in self.packs:
            order.extend(c.id for c in pack.clauses if c.id not in order)
        return order


@dataclass(frozen=True)
class Summary:
    files: int
    findings: int
    files_with_findings: int
    errors: int
    by_severity: dict[str, int]
    by_clause: dict[str, int]


def summarize(result: ScanResult, context: ReportContext) -> Summary:
    tally = result.tally
    if tally is None:
        tally = Tally()
        tally.add(result.findings)
    severities, clauses = tally.by_severity, tally.by_clause
    order = context.clause_order()
    ordered = sorted(clauses, key=lambda c: (order.index(c) if c in order else len(order), c))
    return Summary(
        files=result.files,
        findings=tally.total,
        files_with_findings=len(tally.paths),
        errors=len(result.errors),
        by_severity={s.value: severities.get(s.value, 0) for s in Severity},
        by_clause={c: clauses[c] for c in ordered},
    )


# Format name → (module, function); modules are imported only when used, so that a
# text run never loads the SARIF code.
FORMATS: dict[str, tuple[str, str]] = {
    "text": ("certlint.report.text", "render_text"),
    "concise": ("certlint.report.concise", "render_concise"),
    "json": ("certlint.report.json", "render_json"),
    "jsonl": ("certlint.report.jsonl", "render_jsonl"),
    "sarif": ("certlint.report.sarif", "render_sarif"),
    "github": ("certlint.report.github", "render_github"),
    "html": ("certlint.report.html", "render_html"),
}


def render(fmt: str, result: ScanResult, context: ReportContext, stream: TextIO) -> None:
    """Write ``result`` to ``stream`` in format ``fmt`` (a key of :data:`FORMATS`)."""
    module, function = FORMATS[fmt]
    getattr(importlib.import_module(module), function)(result, context, stream)
