"""Run every rule's examples: bad ones must be flagged by that rule, good ones not.

This is what ``certlint rules test`` and the pack's own tests use; it never prints.
"""

from __future__ import annotations

from dataclasses import dataclass

from certlint.engine import Linter
from certlint.findings import Finding
from certlint.packs.model import Rule, RulePack

__all__ = ["ExampleFailure", "ExampleReport", "check_examples"]


@dataclass(frozen=True)
class ExampleFailure:
    rule: Rule
    kind: str  # "bad" (not flagged) or "good" (flagged)
    example: str
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class ExampleReport:
    pack: RulePack
    examples: int
    failures: tuple[ExampleFailure, ...]


def check_examples(pack: RulePack) -> ExampleReport:
    """Scan each example of each rule with that rule alone (and the pack's allow phrases,
    contexts and catalogue) and compare."""
    failures: list[ExampleFailure] = []
    count = 0
    for rule in pack.rules:
        linter = Linter([pack], select=[rule.id])
        for kind, examples in (("bad", rule.bad_examples), ("good", rule.good_examples)):
            for example in examples:
                count += 1
                hits = tuple(f for f in linter.scan_text(example) if f.rule == rule.id)
                if (kind == "bad") != bool(hits):
                    failures.append(ExampleFailure(rule, kind, example, hits))
    return ExampleReport(pack, count, tuple(failures))
