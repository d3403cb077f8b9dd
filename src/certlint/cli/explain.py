"""explain: a rule's documentation."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from certlint.cli.app import (
    EXIT_CLEAN,
    EXIT_ERROR,
    LangOption,
    RulesOption,
    _load_packs,
    app,
    fail,
)
from certlint.i18n import tr

if TYPE_CHECKING:
    pass


@app.command(
    help=tr(
        "Explain a rule: what it catches, why, the clause, examples and how to fix.",
        "解释一条规则：检查什么、为什么、条款原文、示例和修改方法。",
    ),
    short_help=tr("Explain a rule: what it catches, why, how to fix.", "解释规则：检查什么、为什么、如何修改。"),
)
def explain(
    rule_id: Annotated[
        str,
        typer.Argument(
            help=tr("A rule id, e.g. CL204 (any case).", "规则编号，如 CL204（不分大小写）。"), metavar="RULE_ID"
        ),
    ],
    rules: RulesOption = None,
    lang: LangOption = None,
) -> None:
    from certlint.gate.suppress import META_RULES
    from certlint.report.explain import render_explanation

    wanted = rule_id.strip().upper()
    packs, packs_ok = _load_packs(rules)
    found = [(rule, pack) for pack in packs for rule in pack.rules if rule.id == wanted]
    found += [(rule, None) for rule in META_RULES if rule.id == wanted]
    if not found:
        fail(
            tr(
                f"unknown rule '{rule_id}' (see `certlint rules list`)",
                f"未知规则“{rule_id}”（见 `certlint rules list`）",
            )
        )
    rule, pack = found[0]
    render_explanation(rule, pack, sys.stdout, color=None)
    raise typer.Exit(EXIT_CLEAN if packs_ok else EXIT_ERROR)
