"""Rule documentation on the terminal: ``certlint explain``, ``rules list``, ``rules test``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from rich import box
from rich.table import Table
from rich.text import Text

from certlint.packs.model import Rule, RulePack
from certlint.packs.selftest import ExampleReport
from certlint.report.text import make_console

__all__ = ["render_example_report", "render_explanation", "render_rule_table"]


_CATALOGUE_NOTES = {
    "item": "Not flagged when the certificate is an item of the national catalogue",
    "unless-listed": "Not flagged when the sentence names an item of the national catalogue",
    "unless-admission": "Not flagged when the sentence names an admission (准入类) item of the national catalogue",
    "unlisted-named": "Flagged only when the sentence names a certificate that is not an item of the national catalogue",
}


def render_explanation(rule: Rule, pack: RulePack, stream: TextIO, color: bool | None = None) -> None:
    """What the rule catches, why, the clause in full, examples, and how to fix."""
    console = make_console(stream, color)
    clauses = ", ".join(rule.clauses)
    console.print(Text(f"{rule.id} {rule.name} ({rule.severity.value}) · {clauses}", style="bold"))
    console.print(Text(f"pack {pack.id} {pack.version}: {pack.source_number} {pack.title}", style="dim"))
    console.print()
    console.print(Text("What it catches", style="bold underline"))
    console.print(f"  {rule.message}")
    console.print(f"  Terms: {_listing(rule.terms)}")
    if rule.near:
        console.print(f"  Only with one of these within {rule.near_within} characters: {_listing(rule.near)}")
    if rule.pattern:
        console.print(f"  Only where this pattern matches around the term: {rule.pattern}")
    if rule.catalogue:
        console.print(f"  {_CATALOGUE_NOTES[rule.catalogue]} (rules/catalogue-2021.txt)")
    if rule.allow:
        console.print(f"  Not flagged inside: {_listing(rule.allow)}")
    contexts = [c for c in pack.contexts if rule.contexts is None or c.id in rule.contexts]
    if contexts:
        console.print("  Not flagged in these contexts:")
        for context in contexts:
            console.print(f"    {context.id}: {context.description}")
    console.print()
    console.print(Text("Why it is a problem", style="bold underline"))
    if rule.description:
        console.print(f"  {rule.description}")
    for clause_id in rule.clauses:
        console.print(Text(f"  {pack.source_number} 第一部分 {clause_id}:", style="cyan"))
        console.print(f"  {pack.clause(clause_id).text}")
    console.print()
    console.print(Text("Examples", style="bold underline"))
    for example in rule.bad_examples:
        console.print(Text.assemble(("  ✗ ", "bold red"), example))
    for example in rule.good_examples:
        console.print(Text.assemble(("  ✓ ", "bold green"), example))
    console.print()
    console.print(Text("How to fix", style="bold underline"))
    console.print(f"  {rule.suggestion}")


def _listing(items: Sequence[str], shown: int = 24) -> str:
    text = "、".join(items[:shown])
    return text if len(items) <= shown else f"{text}… ({len(items)} in all)"


def render_rule_table(packs: Sequence[RulePack], stream: TextIO, color: bool | None = None) -> None:
    console = make_console(stream, color)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for column in ("id", "severity", "clauses", "name", "pack"):
        table.add_column(column, no_wrap=True)
    for pack in packs:
        for rule in pack.rules:
            table.add_row(rule.id, rule.severity.value, ",".join(rule.clauses), rule.name, pack.id)
    console.print(table)


def render_example_report(report: ExampleReport, stream: TextIO, color: bool | None = None) -> None:
    console = make_console(stream, color)
    pack = report.pack
    rules = len(pack.rules)
    if not report.failures:
        console.print(Text(f"{pack.path}: {rules} rules, {report.examples} examples, all pass", style="green"))
        return
    current = None
    for failure in report.failures:
        if failure.rule is not current:
            current = failure.rule
            console.print(Text(f"{pack.path}:{failure.rule.line}: {failure.rule.id} {failure.rule.name}", style="bold"))
        if failure.kind == "bad":
            console.print(Text(f"  - expected a finding, got none:  {failure.example}", style="red"))
        else:
            hits = "; ".join(f"{f.match!r} at {f.line}:{f.column}" for f in failure.findings)
            console.print(Text(f"  + expected no finding, got {hits}:  {failure.example}", style="red"))
    console.print(
        Text(
            f"{pack.path}: {len(report.failures)} of {report.examples} examples failed",
            style="bold red",
        )
    )
