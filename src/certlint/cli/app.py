"""The command line: argument parsing and printing only; the work is in the engine."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from certlint import __version__
from certlint.i18n import LANGUAGES, set_language, tr

if TYPE_CHECKING:
    from certlint.engine import Linter
    from certlint.gate.config import Config
    from certlint.packs.model import RulePack

_EXAMPLES = tr(
    """Examples:

\b
  certlint scan examples/                 scan a folder (exit 1: the examples hold violations)
  certlint scan ad.md -f concise          one line per finding
  certlint scan . --select CL2 -f sarif -o certlint.sarif
  certlint explain CL204                  what a rule catches and why
  certlint rules list                     every rule, with its Chinese title""",
    """示例：

\b
  certlint scan examples/                 检查一个目录（示例中有违规用语，退出码为 1）
  certlint scan ad.md -f concise          每个问题一行
  certlint scan . --select CL2 -f sarif -o certlint.sarif
  certlint explain CL204                  查看规则说明：查什么、为什么
  certlint rules list                     列出全部规则及其中文名称""",
)

app = typer.Typer(
    name="certlint",
    help=tr(
        "Lint certificate, course and ad text against 人社部函〔2022〕25号 (山寨证书专项治理).",
        "检查证书、课程简章和招生广告中违反人社部函〔2022〕25号（山寨证书专项治理）的用语。",
    ),
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
rules_app = typer.Typer(
    help=tr("List and test rule packs.", "列出并测试规则包。"), no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(rules_app, name="rules")

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


# click's own words in help pages, for the Chinese interface.
_CLICK_WORDS = {
    "Options": "选项",
    "Commands": "命令",
    "Arguments": "参数",
    "required": "必填",
    "default: {default}": "默认：{default}",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有命令 {name!r}。",
}


def _help_in_language() -> None:
    """click words its help pages in English whatever the locale (its --help option,
    "Usage:", "Options", "Commands"): reword them in the interface's language."""
    try:  # typer ≥ 0.26 vendors click
        from typer._click.core import Command
        from typer._click.formatting import HelpFormatter
    except ImportError:
        from click.core import Command
        from click.formatting import HelpFormatter

    original_option = Command.get_help_option

    def get_help_option(self: Command, ctx: typer.Context) -> object:
        option = original_option(self, ctx)
        if option is not None:
            option.help = tr("Show this message and exit.", "显示此帮助并退出。")
        return option

    Command.get_help_option = get_help_option  # type: ignore[method-assign,assignment]
    if tr("en", "zh") == "en":
        return
    original_usage = HelpFormatter.write_usage

    def write_usage(self: HelpFormatter, prog: str, args: str = "", prefix: str | None = None) -> None:
        original_usage(self, prog, args, "用法：" if prefix is None else prefix)

    HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]
    import typer.core

    if hasattr(typer.core, "_"):  # typer's sections, through gettext
        typer.core._ = lambda text: _CLICK_WORDS.get(text, text)  # type: ignore[attr-defined]


_help_in_language()


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
    from certlint.i18n import in_language

    print(f"certlint: error: {printable(in_language(message))}", file=sys.stderr)


def fail(message: str) -> NoReturn:
    error(message)
    raise typer.Exit(EXIT_ERROR)


def _version(value: bool) -> None:
    if value:
        print(f"certlint {__version__}")
        raise typer.Exit()


def _language(value: str | None) -> str | None:
    if value is not None:
        wanted = value.strip().lower()
        if wanted not in LANGUAGES:
            fail(tr(f"unknown language '{value}' (expected en or zh)", f"未知的语言“{value}”（可选 en 或 zh）"))
        set_language(wanted)
    return value


# --lang on the command and on each subcommand: `certlint --lang zh scan` and
# `certlint scan --lang zh` both work (help texts read it from the command line).
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        callback=_language,
        is_eager=True,
        expose_value=False,
        metavar="en|zh",
        help=tr(
            "Interface language [default: from LC_ALL / LANG: zh_* → zh, else en].",
            "界面语言 [默认：取自 LC_ALL / LANG，zh_* 为中文，否则英文]。",
        ),
    ),
]


@app.callback(epilog=_EXAMPLES)
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_version,
            is_eager=True,
            help=tr("Print the version and exit.", "显示版本号并退出。"),
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    """certlint: flag knockoff-certificate wording (国家认可, 包过, 挂证…) and name the clause it breaks."""


def _split(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def _load_packs(extra: list[Path] | None) -> tuple[list[RulePack], bool]:
    """The default packs plus ``extra``; bad packs are reported and left out."""
    from certlint.packs.loader import load_packs
    from certlint.packs.model import shipped_pack_paths

    problems: list[object] = []
    packs = load_packs([*shipped_pack_paths(), *(extra or [])], problems.append)
    for problem in problems:
        error(str(problem))
    return packs, not problems


def _linter(
    extra: list[Path], select: list[str], ignore: list[str], allow: list[str], packs: list[str] | None = None
) -> tuple[Linter, bool]:
    """The linter for the default packs plus ``extra`` (:func:`certlint.scale.cache.cached_linter`,
    shared with the language server); bad packs are reported and left out."""
    from certlint.packs.model import PackError
    from certlint.scale.cache import cached_linter

    try:
        return cached_linter(
            extra, select=select, ignore=ignore, allow=allow, on_problem=lambda p: error(str(p)), packs=packs or ()
        )
    except PackError as exc:
        for problem in exc.problems:
            error(str(problem))
        raise typer.Exit(EXIT_ERROR) from None
    except ValueError as exc:
        selector = getattr(exc, "selector", None)
        pack = _shipped_pack_of(selector) if selector else None
        if pack is not None:
            fail(
                f"{exc}: it is a rule of the pack '{pack}', which this run does not use (add it with --pack or packs:)"
            )
        fail(f"{exc} (see `certlint rules list`)")


def _shipped_pack_of(selector: str) -> str | None:
    """The shipped pack with a rule that ``selector`` names (an id or a prefix), if any."""
    from certlint.engine import select_rules
    from certlint.packs.loader import load_packs
    from certlint.packs.model import shipped_pack_paths

    for pack in load_packs(shipped_pack_paths(), lambda problem: None):
        try:
            select_rules(pack.rules, [selector])
        except ValueError:
            continue
        return pack.id
    return None


RulesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        "-r",
        help=tr("An extra rule pack (YAML); repeatable.", "附加的规则包（YAML），可重复。"),
        metavar="FILE",
    ),
]


class OutputFormat(str, Enum):
    text = "text"
    concise = "concise"
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
