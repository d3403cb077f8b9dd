"""explain: a rule's documentation."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from certlint.cli.app import (
    EXIT_CLEAN,
    EXIT_ERROR,
    RulesOption,
    _load_packs,
    app,
    fail,
)

if TYPE_CHECKING:
    pass


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(help="A rule id, e.g. CL204.", metavar="RULE_ID")],
    rules: RulesOption = None,
) -> None:
    """Explain a rule: what it catches, why, the clause, examples and how to fix."""
    from certlint.report.explain import render_explanation

    packs, packs_ok = _load_packs(rules)
    for pack in packs:
        for rule in pack.rules:
            if rule.id == rule_id.strip().upper():
                render_explanation(rule, pack, sys.stdout, color=None)
                raise typer.Exit(EXIT_CLEAN if packs_ok else EXIT_ERROR)
    fail(f"unknown rule '{rule_id}' (see `certlint rules list`)")
