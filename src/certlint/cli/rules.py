"""rules list / rules test: the packs, and their examples run as tests."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from certlint.cli.app import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    error,
    rules_app,
)

if TYPE_CHECKING:
    pass
from certlint.cli.app import LangOption, RulesOption, _load_packs
from certlint.i18n import tr


@rules_app.command(
    "list",
    help=tr(
        "A table of every rule, sorted by id: severity, clauses, Chinese title and name.",
        "按编号列出全部规则：级别、条款、中文名称和英文名。",
    ),
    short_help=tr("A table of every rule.", "列出全部规则。"),
)
def rules_list(rules: RulesOption = None, lang: LangOption = None) -> None:
    from certlint.report.explain import render_rule_table

    packs, packs_ok = _load_packs(rules)
    render_rule_table(packs, sys.stdout, color=None)
    raise typer.Exit(EXIT_CLEAN if packs_ok else EXIT_ERROR)


@rules_app.command(
    "test",
    help=tr(
        "Run every rule's examples; exit 1 if a bad example is missed or a good one flagged.",
        "运行每条规则的示例；漏掉违规示例或误报合规示例时退出码为 1。",
    ),
    short_help=tr("Run every rule's examples as tests.", "把规则示例当作测试运行。"),
)
def rules_test(
    packs: Annotated[
        list[Path] | None,
        typer.Argument(
            help=tr(
                "Pack files, or ids of shipped packs, to test (default: the shipped packs).",
                "要测试的规则包文件或内置规则包编号（默认：全部内置规则包）。",
            ),
            metavar="[PACK]...",
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    from certlint.packs.loader import load_pack
    from certlint.packs.model import PackError, shipped_packs
    from certlint.packs.selftest import check_examples
    from certlint.report.explain import render_example_report

    status = EXIT_CLEAN
    shipped = shipped_packs()
    for named in packs or shipped.values():
        # A shipped pack by its id (adlaw-edu), unless a file of that name is here.
        path = shipped[str(named)] if str(named) in shipped and not Path(named).exists() else named
        try:
            pack = load_pack(path)
        except PackError as exc:
            for problem in exc.problems:
                error(str(problem))
            status = EXIT_ERROR
            continue
        report = check_examples(pack)
        render_example_report(report, sys.stdout, color=None)
        if report.failures and status == EXIT_CLEAN:
            status = EXIT_FINDINGS
    raise typer.Exit(status)
