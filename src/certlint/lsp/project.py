"""The workspace as the server sees it: for each document the configuration that applies
(the nearest ``.certlint.yaml``, ``certlint.yaml`` or ``[tool.certlint]`` in
``pyproject.toml`` at or above the document's folder) and the linter compiled from it,
loaded once and kept until a configuration or rule-pack file changes; what a document is
read as; the comment a suppression takes in it; a rule's explanation.

Configuration and linters come from the same functions as ``certlint scan``
(:mod:`certlint.gate.config`, :func:`certlint.scale.cache.cached_linter`); nothing here
knows pygls, so every part is tested without a client.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path, PurePath

from certlint import __version__
from certlint.engine import Linter
from certlint.findings import Finding
from certlint.gate.config import CONFIG_NAMES, Config, ConfigError, find_config, load_config
from certlint.gate.per_file import PerFileIgnores
from certlint.gate.suppress import META_RULES, parse_directives
from certlint.inputs.document import BINARY_FORMATS
from certlint.inputs.readers import load_document
from certlint.packs.model import PackError, PackProblem
from certlint.report import ReportContext
from certlint.scale.cache import cached_linter

__all__ = ["COMMENTS", "SETTINGS_FILES", "Checked", "Project", "Setup", "explanation", "suppression", "text_format"]

SETTINGS_FILES = (*CONFIG_NAMES, "pyproject.toml")

_BY_SUFFIX = {
    ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".yaml": "yaml", ".yml": "yaml",
    ".json": "json", ".csv": "csv", ".txt": "text",
}  # fmt: skip
# For a document whose name does not say (an untitled buffer): the editor's language id.
_BY_LANGUAGE = {
    "markdown": "markdown", "html": "html", "yaml": "yaml", "json": "json", "jsonc": "jsonc", "csv": "csv",
    "plaintext": "text", "text": "text",
}  # fmt: skip
_READER_SUFFIX = {"markdown": ".md", "html": ".html"}
# The comment a suppression is written in. JSON and CSV have none: a line added to them
# would change the data (use per-file-ignores or ignore in the configuration instead).
COMMENTS: dict[str, tuple[str, str]] = {
    "markdown": ("<!-- ", " -->"),
    "html": ("<!-- ", " -->"),
    "yaml": ("# ", ""),
    "text": ("# ", ""),
    "jsonc": ("// ", ""),
}
_META = frozenset(rule.id for rule in META_RULES)


def text_format(path: str, language_id: str | None = None) -> str | None:
    """What a document is read as: markdown, html, yaml, json, jsonc, csv or text; None
    for Word, PowerPoint and PDF, which an editor does not hold as text. Any other name is
    text, as ``certlint scan`` reads a file named on its command line."""
    suffix = PurePath(path).suffix.lower()
    if suffix in BINARY_FORMATS:
        return None
    return _BY_SUFFIX.get(suffix) or _BY_LANGUAGE.get(language_id or "", "text")


def suppression(fmt: str, lines: tuple[str, str], rule: str, line_break: str = "\n") -> tuple[int, int, str] | None:
    """The edit that silences ``rule`` on a line, given the line before it and the line
    (``lines``): ``(line, column, text)`` to insert, with ``line`` -1 for the line before
    and ``column`` in code points. When the line before already holds a
    ``certlint-disable-next-line`` comment the rule is added to it (a second comment line
    would come between the first and its line); else a comment line with the line's
    indentation goes above it. None when the format has no comments."""
    comment = COMMENTS.get(fmt)
    if comment is None or rule in _META:
        return None
    previous, line = lines
    for directive in parse_directives(previous):
        if directive.kind == "disable-next-line" and directive.rules:
            return -1, directive.end_column - 1, f", {rule}"
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    return 0, 0, f"{indent}{comment[0]}certlint-disable-next-line {rule}{comment[1]}{line_break}"


@dataclass
class Setup:
    """One configuration, and the linter and per-file ignores made from it."""

    config: Config
    linter: Linter
    ignores: PerFileIgnores
    context: ReportContext  # clause texts
    problems: list[str]
    reported: bool = False


@dataclass
class Checked:
    """The findings of one check, the clause texts for them, and the configuration's
    problems when they have not been reported yet."""

    findings: list[Finding]
    context: ReportContext | None
    problems: list[str]


class Project:
    """Setups by configuration file, loaded on first use and kept for the session."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root  # where an untitled document's configuration is looked for
        self._configs: dict[Path, Path | None] = {}  # folder → its configuration file
        self._setups: dict[Path | None, Setup] = {}

    def setup(self, folder: Path) -> Setup:
        if folder not in self._configs:
            self._configs[folder] = find_config(folder)
        path = self._configs[folder]
        if path not in self._setups:
            self._setups[path] = _load(path)
        return self._setups[path]

    def reload(self) -> None:
        """Forget every configuration and linter: they are read again on next use (a
        configuration may also have appeared or gone, changing which one applies)."""
        self._configs.clear()
        self._setups.clear()

    def is_settings(self, path: str | None) -> bool:
        """Whether ``path`` is a configuration file or a rule pack that a loaded
        configuration uses: a change to it means reloading."""
        if path is None:
            return False
        if PurePath(path).name in SETTINGS_FILES:
            return True
        resolved = Path(path).resolve()
        setups = list(self._setups.values())  # a copy: the worker thread may be loading one
        return any(resolved == pack.resolve() for setup in setups for pack in setup.config.pack_paths())

    def check(self, path: str | None, text: str, language_id: str | None = None) -> Checked:
        """The findings in an open document (``path`` None: an untitled one)."""
        name = path or "untitled"
        fmt = text_format(name, language_id)
        if fmt is None:
            return Checked([], None, [])
        setup = self.setup(Path(path).parent if path else (self.root or Path.cwd()))
        problems = [] if setup.reported else setup.problems
        setup.reported = True
        # Settings files and rule packs are certlint's own: their allow phrases and
        # examples quote the very wording the rules flag.
        if self.is_settings(path):
            return Checked([], None, problems)
        reader = name if _BY_SUFFIX.get(PurePath(name).suffix.lower()) == fmt else name + _READER_SUFFIX.get(fmt, "")
        findings = setup.linter.scan(load_document(reader, b"", text, "utf-8"))
        skip = setup.ignores.rules_for(path) if path else ()
        if skip:
            findings = [f for f in findings if not f.rule.startswith(skip)]
        return Checked(findings, setup.context, problems)

    def explain(self, path: str | None, rule_id: str) -> str:
        """``certlint explain RULE`` as plain text, for the rules of the document's
        configuration (its extra packs too)."""
        linter = self.setup(Path(path).parent if path else (self.root or Path.cwd())).linter
        return explanation(linter, rule_id)


def explanation(linter: Linter, rule_id: str) -> str:
    """``certlint explain RULE`` as plain text (KeyError for an unknown rule)."""
    from certlint.report.explain import render_explanation

    rule = linter.rule(rule_id)
    # CL001/CL002, about suppression comments, are certlint's own and in no pack.
    pack = next((p for p in linter.packs if any(r.id == rule.id for r in p.rules)), None)
    stream = io.StringIO()
    render_explanation(rule, pack, stream, color=False)
    return stream.getvalue()


def _load(path: Path | None) -> Setup:
    """The setup for the configuration at ``path`` (None: none found). A configuration
    that cannot be used is reported and the default settings apply until it is fixed;
    a bad extra pack is reported and left out, as ``certlint scan`` does."""
    problems: list[str] = []

    def problem(found: PackProblem) -> None:
        problems.append(str(found))

    config = Config(root=path.parent) if path is not None else Config()
    if path is not None:
        try:
            config = load_config(path)
        except ConfigError as error:
            problems.extend(error.problems)
    try:
        linter, _ = cached_linter(
            config.pack_paths(),
            select=config.select,
            ignore=config.ignore,
            allow=config.allow,
            on_problem=problem,
            packs=config.packs,
        )
    except PackError as error:
        problems.extend(str(p) for p in error.problems)
        linter, _ = cached_linter((), on_problem=problem)
    except ValueError as error:  # a select or ignore entry that names no rule
        problems.append(f"{path}: {error}")
        linter, _ = cached_linter((), on_problem=problem)
    return Setup(
        config,
        linter,
        PerFileIgnores(config.per_file_ignores, config.root),
        ReportContext(linter.packs, __version__),
        problems,
    )
