"""The command line: argument parsing and printing only; the work is in the engine."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from certlint import __version__

if TYPE_CHECKING:
    from certlint.engine import Linter
    from certlint.pack import RulePack

app = typer.Typer(
    name="certlint",
    help="Lint certificate, course and ad text against 人社部函〔2022〕25号 (山寨证书专项治理).",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
rules_app = typer.Typer(help="List and test rule packs.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(rules_app, name="rules")

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def error(message: str) -> None:
    """One line on stderr; every input problem goes through here."""
    print(f"certlint: error: {message}", file=sys.stderr)


def fail(message: str) -> NoReturn:
    error(message)
    raise typer.Exit(EXIT_ERROR)


def _version(value: bool) -> None:
    if value:
        print(f"certlint {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """certlint: flag knockoff-certificate wording (国家认可, 包过, 挂证…) and name the clause it breaks."""


def _split(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def _load_packs(extra: list[Path] | None) -> tuple[list[RulePack], bool]:
    """The default packs plus ``extra``; bad packs are reported and left out."""
    from certlint.pack import PackError, default_pack_paths, load_pack

    packs: list[RulePack] = []
    ok = True
    for path in [*default_pack_paths(), *(extra or [])]:
        try:
            packs.append(load_pack(path))
        except PackError as exc:
            ok = False
            for problem in exc.problems:
                error(str(problem))
    return packs, ok


def _make_linter(packs: list[RulePack], select: list[str], ignore: list[str], allow: list[str] | None = None) -> Linter:
    from certlint import engine
    from certlint.pack import PackError

    try:
        return engine.Linter(packs, select=select, ignore=ignore, allow=allow or ())
    except PackError as exc:
        for problem in exc.problems:
            error(str(problem))
        raise typer.Exit(EXIT_ERROR) from None
    except ValueError as exc:
        fail(f"{exc} (see `certlint rules list`)")


RulesOption = Annotated[
    list[Path] | None,
    typer.Option("--rules", "-r", help="An extra rule pack (YAML); repeatable.", metavar="FILE"),
]


@app.command()
def scan(
    paths: Annotated[
        list[str], typer.Argument(help="Files or directories to scan; - reads standard input.", metavar="PATH")
    ],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Report format.")] = OutputFormat.text,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1.")
    ] = FailOn.error,
    rules: RulesOption = None,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help="Only these rule ids or prefixes (comma-separated).", metavar="IDS"),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="Skip these rule ids or prefixes (comma-separated).", metavar="IDS"),
    ] = None,
    allow: Annotated[
        list[str] | None,
        typer.Option(
            "--allow", help="A phrase never flagged (your institution's real name); repeatable.", metavar="PHRASE"
        ),
    ] = None,
    show_allowed: Annotated[
        bool, typer.Option("--show-allowed", help="Also list matches turned off by an allow phrase or a context.")
    ] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain output without colours.")] = False,
) -> None:
    """Scan files for wording that breaks the notice; exit 0 clean, 1 findings, 2 errors."""
    from certlint.report import ReportContext, render

    packs, packs_ok = _load_packs(rules)
    phrases = [phrase.strip() for phrase in allow or [] if phrase.strip()]
    linter = _make_linter(packs, select=_split(select), ignore=_split(ignore), allow=phrases)
    result = linter.scan_paths(paths, show_allowed=show_allowed)
    for problem in result.errors:
        error(str(problem))
    context = ReportContext(
        packs=linter.packs, version=__version__, color=False if no_color else None, show_allowed=show_allowed
    )
    render(output_format.value, result, context, sys.stdout)
    sys.stdout.flush()
    if result.errors or not packs_ok:
        raise typer.Exit(EXIT_ERROR)
    if fail_on is not FailOn.never:
        from certlint.pack import Severity

        threshold = Severity(fail_on.value).rank
        if any(f.severity.rank >= threshold for f in result.findings):
            raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_CLEAN)


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


@rules_app.command("list")
def rules_list(rules: RulesOption = None) -> None:
    """A table of every rule: id, severity, clauses, name."""
    from certlint.report.explain import render_rule_table

    packs, packs_ok = _load_packs(rules)
    render_rule_table(packs, sys.stdout, color=None)
    raise typer.Exit(EXIT_CLEAN if packs_ok else EXIT_ERROR)


@rules_app.command("test")
def rules_test(
    packs: Annotated[
        list[Path] | None, typer.Argument(help="Pack files to test (default: the shipped packs).", metavar="[PACK]...")
    ] = None,
) -> None:
    """Run every rule's examples; exit 1 if a bad example is missed or a good one flagged."""
    from certlint.pack import PackError, default_pack_paths, load_pack
    from certlint.report.explain import render_example_report
    from certlint.selftest import check_examples

    status = EXIT_CLEAN
    for path in packs or default_pack_paths():
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


def main() -> None:
    """Console-script entry point: no traceback ever reaches the user."""
    try:
        app(prog_name="certlint")
    except KeyboardInterrupt:
        print("certlint: interrupted", file=sys.stderr)
        sys.exit(130)
    except SystemExit:
        raise
    except BrokenPipeError:
        # Reader went away (certlint scan … | head): not an error worth a message.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_CLEAN)
    except Exception as exc:
        if os.environ.get("CERTLINT_DEBUG"):
            raise
        error(f"internal error: {type(exc).__name__}: {exc} (set CERTLINT_DEBUG=1 for a traceback)")
        sys.exit(EXIT_ERROR)


if __name__ == "__main__":
    main()
