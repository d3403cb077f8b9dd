"""Project configuration: ``.certlint.yaml`` / ``certlint.yaml`` / ``[tool.certlint]``.

Found by walking up from the current directory (the first directory that has one of
them wins, in that order), or given with ``--config``. Every problem is reported as
``file:line: message``; paths in the file are relative to the file's directory.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["CONFIG_NAMES", "STARTER", "Config", "ConfigError", "find_config", "load_config"]

CONFIG_NAMES = (".certlint.yaml", "certlint.yaml")
FAIL_ON = ("error", "warning", "info", "never")
_LISTS = ("packs", "rules", "select", "ignore", "include", "exclude", "allow")
KEYS = (*_LISTS, "fail-on", "per-file-ignores", "respect-gitignore")


@dataclass
class Config:
    """Settings from a configuration file (all optional)."""

    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)  # paths and globs are relative to this
    packs: list[str] = field(default_factory=list)  # shipped packs by id; empty: all of them
    rules: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str | None = None
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    allow: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    respect_gitignore: bool = True

    def pack_paths(self) -> list[Path]:
        return [self.root / p for p in self.rules]


class ConfigError(Exception):
    """The configuration is invalid; ``problems`` are ``file:line: message`` lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def find_config(start: Path | None = None) -> Path | None:
    """The nearest configuration file at or above ``start`` (default: the cwd)."""
    folder = (start or Path.cwd()).resolve()
    for directory in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            if (directory / name).is_file():
                return directory / name
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
    return None


def _has_tool_section(path: Path) -> bool:
    # Bytes, not text: a pyproject.toml with a [tool.certlint] section that is not UTF-8
    # is still the configuration, and loading it says what is wrong.
    try:
        return b"[tool.certlint" in path.read_bytes()
    except OSError:
        return False


def load_config(path: Path) -> Config:
    """Read and validate a configuration file (YAML, or a pyproject.toml)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError([f"{path}: no such configuration file"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}"]) from None
    if path.name == "pyproject.toml":
        values, lines = _read_pyproject(path, text)
    else:
        values, lines = _read_yaml(path, text)
    return _validate(path, values, lines)


def _read_yaml(path: Path, text: str) -> tuple[dict[str, Any], dict[str, int]]:
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise ConfigError([f"{path}:{line}: invalid YAML: {getattr(exc, 'problem', None) or exc}"]) from None
    if node is None:
        return {}, {}
    from certlint.packs.yamlsafe import unsafe

    refused = unsafe(node)
    if refused is not None:
        raise ConfigError([f"{path}:{refused[0]}: {refused[1]}"])
    if not isinstance(node, yaml.MappingNode):
        raise ConfigError([f"{path}:{node.start_mark.line + 1}: the configuration must be a mapping"])
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    constructor = yaml.constructor.SafeConstructor()
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key in values:
            raise ConfigError([f"{path}:{key_node.start_mark.line + 1}: duplicate key '{key}'"])
        values[key] = constructor.construct_object(value_node, deep=True)
        lines[key] = key_node.start_mark.line + 1
    return values, lines


def _read_pyproject(path: Path, text: str) -> tuple[dict[str, Any], dict[str, int]]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"{path}: invalid TOML: {exc}"]) from None
    except RecursionError:
        raise ConfigError([f"{path}: invalid TOML: nested too deeply"]) from None
    section = data.get("tool", {}).get("certlint", {})
    if not isinstance(section, dict):
        raise ConfigError([f"{path}: [tool.certlint] must be a table"])
    # tomllib keeps no positions: find each key's line inside the section by its text.
    lines: dict[str, int] = {}
    inside = False
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith("["):
            inside = stripped.startswith("[tool.certlint")
            if inside and stripped.startswith("[tool.certlint."):
                lines.setdefault(stripped.strip("[]").split(".", 2)[2], number)
            continue
        if inside and "=" in stripped and not stripped.startswith("#"):
            lines.setdefault(stripped.split("=", 1)[0].strip().strip('"'), number)
    return section, lines


def _validate(path: Path, values: dict[str, Any], lines: dict[str, int]) -> Config:
    config = Config(path=path, root=path.parent)
    problems: list[str] = []

    def problem(key: str, message: str) -> None:
        problems.append(f"{path}:{lines.get(key, 1)}: {message}")

    for key, value in values.items():
        if key not in KEYS:
            problem(key, f"unknown key '{key}' (expected one of: {', '.join(KEYS)})")
        elif key in _LISTS:
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                problem(key, f"'{key}' must be a list of strings")
                continue
            setattr(config, key.replace("-", "_"), [v.strip() for v in value])
            if key == "packs":
                from certlint.packs.model import shipped_packs, unknown_pack

                for pack in (pack for pack in config.packs if pack not in shipped_packs()):
                    problem(key, unknown_pack(pack))
        elif key == "fail-on":
            if value not in FAIL_ON:
                problem(key, f"'fail-on' must be one of {', '.join(FAIL_ON)}, not {value!r}")
            else:
                config.fail_on = value
        elif key == "respect-gitignore":
            if not isinstance(value, bool):
                problem(key, "'respect-gitignore' must be true or false")
            else:
                config.respect_gitignore = value
        elif key == "per-file-ignores":
            if not isinstance(value, dict) or not all(
                isinstance(glob, str) and isinstance(ids, list) and all(isinstance(i, str) for i in ids)
                for glob, ids in value.items()
            ):
                problem(key, "'per-file-ignores' must map a glob to a list of rule ids")
            else:
                config.per_file_ignores = {glob: [i.strip() for i in ids] for glob, ids in value.items()}
    if problems:
        raise ConfigError(problems)
    return config


STARTER = """\
# certlint configuration (docs/ci.md: Configuration). All keys are optional.
# Paths and globs are relative to this file.

# Shipped packs to use: the notice (default) and, for training ads, the Advertising Law;
# adlaw-edu-classifier adds a model for testimonials and praise told as stories (slower).
# packs: [mohrss-2022-25, adlaw-edu]

# Extra rule packs, added to the shipped ones.
# rules:
#   - rules/house-style.yaml

# Only these rules (ids or prefixes such as CL2), and rules to skip.
# select: [CL1, CL2, CL3, CL4]
# ignore: [CL405]

# Lowest severity that fails the run: error (default), warning, info or never.
fail-on: error

# What to scan in directories (gitignore-style globs). Without include, the default
# extensions are scanned: .txt .md .markdown .html .htm .csv .json .yaml .yml .docx
# .pptx .pdf, and pictures (.png .jpg .jpeg .webp .bmp .tif .tiff, read by OCR)
# include: ["courses/**/*.md", "pages/**/*.html"]
exclude:
  - "vendor/"
  - "node_modules/"

# Phrases never flagged, e.g. the real, registered name of your institution.
# allow:
#   - 中国某某学会

# Rules to skip for some files (certificate faces are not ads: no AD rules there).
# per-file-ignores:
#   "news/**": [CL201, CL204]
#   "faces/**": [AD]

# Skip what .gitignore ignores (default true).
respect-gitignore: true
"""
