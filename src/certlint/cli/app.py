"""The command line: argument parsing and printing only; the work is in the engine."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from certlint import __version__

if TYPE_CHECKING:
    from certlint.engine import Linter
    from certlint.gate.config import Config
    from certlint.packs.model import RulePack

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


class TextFormat(str, Enum):
    text = "text"
    html = "html"
    markdown = "markdown"


class RecordsFormat(str, Enum):
    auto = "auto"
    jsonl = "jsonl"
    csv = "csv"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def error(message: str) -> None:
    """One line on stderr; every input problem goes through here. Control characters
    (a file name with a line break or an escape sequence) are shown, not acted on."""
    from certlint.findings import printable

    print(f"certlint: error: {printable(message)}", file=sys.stderr)


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
    from certlint.packs.loader import load_pack
    from certlint.packs.model import PackError, default_pack_paths

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


def _linter(extra: list[Path], select: list[str], ignore: list[str], allow: list[str]) -> tuple[Linter, bool]:
    """The linter for the default packs plus ``extra``: from the disk cache when every
    pack is unchanged, else built (and cached when every pack loaded)."""
    from certlint.packs.model import default_pack_paths
    from certlint.scale.cache import load_linter, store_linter

    paths = [*default_pack_paths(), *extra]
    options = (tuple(select), tuple(ignore), tuple(allow))
    cached = load_linter(paths, options)
    if cached is not None:
        return cached, True
    packs, packs_ok = _load_packs(extra)
    linter = _make_linter(packs, select=select, ignore=ignore, allow=allow)
    if packs_ok:
        store_linter(paths, options, linter)
    return linter, packs_ok


def _make_linter(packs: list[RulePack], select: list[str], ignore: list[str], allow: list[str] | None = None) -> Linter:
    from certlint import engine
    from certlint.packs.model import PackError

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


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    sarif = "sarif"
    github = "github"
    html = "html"


def _config(explicit: Path | None) -> Config:
    from certlint.gate.config import Config, ConfigError, find_config, load_config

    path = explicit if explicit is not None else find_config()
    if path is None:
        return Config()
    try:
        return load_config(path)
    except ConfigError as exc:
        for problem in exc.problems:
            error(problem)
        raise typer.Exit(EXIT_ERROR) from None
