"""Rule packs: the YAML schema, loading and validation.

A pack is data (see ``docs/rule-packs.md``). Loading checks every field and collects
*all* problems, each as ``file:line: message``, before giving up, so that an author
fixes a pack in one round instead of one error at a time.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from certlint.normalize import normalize

__all__ = [
    "Clause",
    "PackError",
    "PackProblem",
    "Rule",
    "RulePack",
    "Severity",
    "default_pack_paths",
    "load_pack",
    "parse_pack",
]

RULE_ID = re.compile(r"^[A-Z]{1,4}[0-9]{2,4}$")
RULE_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PACK_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class Severity(str, Enum):
    """How sure a finding is; ``rank`` orders them for ``--fail-on``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 1, "warning": 2, "error": 3}[self.value]


@dataclass(frozen=True)
class Clause:
    id: str
    text: str


@dataclass(frozen=True)
class Rule:
    """One rule of a pack. ``terms`` and ``allow`` are stored normalized."""

    id: str
    name: str
    severity: Severity
    clauses: tuple[str, ...]
    message: str
    suggestion: str
    terms: tuple[str, ...]
    allow: tuple[str, ...] = ()
    bad_examples: tuple[str, ...] = ()
    good_examples: tuple[str, ...] = ()
    description: str = ""
    pack: str = ""
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class RulePack:
    id: str
    title: str
    version: str
    source_title: str
    source_number: str
    source_date: str
    clauses: tuple[Clause, ...]
    rules: tuple[Rule, ...]
    allow: tuple[str, ...] = ()
    path: str = ""

    def clause(self, clause_id: str) -> Clause:
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise KeyError(clause_id)


@dataclass(frozen=True)
class PackProblem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class PackError(Exception):
    """A pack could not be loaded; ``problems`` lists every reason."""

    def __init__(self, problems: list[PackProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def default_pack_paths() -> list[Path]:
    """The packs shipped with certlint (inside the wheel, or ``rules/`` in a checkout)."""
    shipped = resources.files("certlint").joinpath("rules")
    if shipped.is_dir():
        folder = Path(str(shipped))
    else:  # running from a source checkout without installing
        folder = Path(__file__).resolve().parents[2] / "rules"
    return sorted(folder.glob("*.yaml"))


def load_pack(path: str | Path) -> RulePack:
    """Read and validate the pack at ``path``; raise :class:`PackError` on any problem."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise PackError([PackProblem(name, 0, "no such rule pack")]) from None
    except IsADirectoryError:
        raise PackError([PackProblem(name, 0, "is a directory, not a rule pack")]) from None
    except OSError as exc:
        raise PackError([PackProblem(name, 0, f"cannot read: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PackError([PackProblem(name, line, "rule pack is not valid UTF-8")]) from None
    return parse_pack(text, name)


def parse_pack(text: str, path: str = "<pack>") -> RulePack:
    """Validate the YAML ``text`` of a pack; ``path`` is used in problem messages."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PackError([PackProblem(path, line, f"invalid YAML: {problem}")]) from None
    checker = _Checker(path)
    pack = checker.pack(node)
    if checker.problems or pack is None:
        raise PackError(sorted(checker.problems, key=lambda p: p.line))
    return pack


class _Checker:
    """Walks the YAML node tree (which keeps line numbers) and builds the pack."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[PackProblem] = []
        self._constructor = yaml.constructor.SafeConstructor()

    def problem(self, node: yaml.Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 0
        self.problems.append(PackProblem(self.path, line, message))

    # -- generic shapes -------------------------------------------------------------

    def mapping(
        self,
        node: yaml.Node,
        where: str,
        required: set[str],
        optional: set[str],
    ) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{where} must be a mapping")
            return None
        items: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                self.problem(key_node, f"{where}: keys must be strings")
            elif key in items:
                self.problem(key_node, f"{where}: duplicate key '{key}'")
            elif key not in required | optional:
                known = ", ".join(sorted(required | optional))
                self.problem(key_node, f"{where}: unknown key '{key}' (expected one of: {known})")
            else:
                items[key] = (key_node, value_node)
        for key in sorted(required - items.keys()):
            self.problem(node, f"{where}: missing required key '{key}'")
        return items

    def string(self, node: yaml.Node, where: str, pattern: re.Pattern[str] | None = None) -> str:
        value = self.scalar(node)
        if isinstance(value, (_dt.date, int, float)) and not isinstance(value, bool):
            self.problem(node, f"{where} must be a string (put it in quotes)")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(node, f"{where} must be a non-empty string")
            return ""
        if value != value.strip():
            self.problem(node, f"{where} has leading or trailing whitespace")
        if pattern is not None and not pattern.match(value):
            self.problem(node, f"{where} '{value}' does not match {pattern.pattern}")
        return value

    def strings(self, node: yaml.Node, where: str, *, min_items: int = 0) -> list[tuple[str, yaml.Node]]:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{where} must be a list")
            return []
        if len(node.value) < min_items:
            self.problem(node, f"{where} needs at least {min_items} item(s)")
        out = []
        for item in node.value:
            text = self.string(item, f"{where} item")
            if text:
                out.append((text, item))
        return out

    def scalar(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return None
        return self._constructor.construct_object(node)

    # -- the pack ---------------------------------------------------------------------

    def pack(self, node: yaml.Node | None) -> RulePack | None:
        if node is None:
            self.problems.append(PackProblem(self.path, 1, "rule pack is empty"))
            return None
        top = self.mapping(
            node,
            "pack",
            required={"pack", "title", "version", "source", "clauses", "rules"},
            optional={"allow"},
        )
        if top is None:
            return None
        pack_id = self.string(top["pack"][1], "pack", PACK_ID) if "pack" in top else ""
        title = self.string(top["title"][1], "title") if "title" in top else ""
        version = self.string(top["version"][1], "version") if "version" in top else ""
        source = self.source(top["source"][1]) if "source" in top else ("", "", "")
        clauses = self.clauses(top["clauses"][1]) if "clauses" in top else ()
        allow = tuple(normalize(t) for t, _ in self.strings(top["allow"][1], "allow")) if "allow" in top else ()
        rules: list[Rule] = []
        if "rules" in top:
            rules_node = top["rules"][1]
            if not isinstance(rules_node, yaml.SequenceNode) or not rules_node.value:
                self.problem(rules_node, "rules must be a non-empty list")
            else:
                known = {c.id for c in clauses}
                for item in rules_node.value:
                    rule = self.rule(item, known, pack_id)
                    if rule is not None:
                        rules.append(rule)
                self.unique_ids(rules)
        return RulePack(
            id=pack_id,
            title=title,
            version=version,
            source_title=source[0],
            source_number=source[1],
            source_date=source[2],
            clauses=clauses,
            rules=tuple(rules),
            allow=allow,
            path=self.path,
        )

    def source(self, node: yaml.Node) -> tuple[str, str, str]:
        items = self.mapping(node, "source", {"title", "number", "date"}, {"url"})
        if items is None:
            return ("", "", "")
        title = self.string(items["title"][1], "source.title") if "title" in items else ""
        number = self.string(items["number"][1], "source.number") if "number" in items else ""
        date = ""
        if "date" in items:
            value_node = items["date"][1]
            value = self.scalar(value_node)
            if isinstance(value, _dt.date):
                date = value.isoformat()
            else:
                self.problem(value_node, "source.date must be a date written YYYY-MM-DD")
        if "url" in items:
            self.string(items["url"][1], "source.url")
        return (title, number, date)

    def clauses(self, node: yaml.Node) -> tuple[Clause, ...]:
        if not isinstance(node, yaml.MappingNode) or not node.value:
            self.problem(node, "clauses must be a non-empty mapping of clause id to text")
            return ()
        out: list[Clause] = []
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = self.string(key_node, "clause id")
            if key in seen:
                self.problem(key_node, f"duplicate clause id '{key}'")
                continue
            seen.add(key)
            text = self.string(value_node, f"clause {key}")
            if key and text:
                out.append(Clause(key, text))
        return tuple(out)

    def rule(self, node: yaml.Node, known_clauses: set[str], pack_id: str) -> Rule | None:
        items = self.mapping(
            node,
            "rule",
            required={"id", "name", "severity", "clauses", "message", "suggestion", "terms", "examples"},
            optional={"allow", "description"},
        )
        if items is None:
            return None
        before = len(self.problems)
        rule_id = self.string(items["id"][1], "rule id", RULE_ID) if "id" in items else "?"
        where = f"rule {rule_id}"
        name = self.string(items["name"][1], f"{where}: name", RULE_NAME) if "name" in items else ""
        severity = Severity.ERROR
        if "severity" in items:
            value_node = items["severity"][1]
            value = self.scalar(value_node)
            if value not in {s.value for s in Severity}:
                self.problem(value_node, f"{where}: severity must be error, warning or info, not {value!r}")
            else:
                severity = Severity(value)
        clauses: list[str] = []
        if "clauses" in items:
            for clause_id, clause_node in self.strings(items["clauses"][1], f"{where}: clauses", min_items=1):
                if known_clauses and clause_id not in known_clauses:
                    self.problem(clause_node, f"{where}: clause '{clause_id}' is not defined under clauses")
                clauses.append(clause_id)
        message = self.string(items["message"][1], f"{where}: message") if "message" in items else ""
        suggestion = self.string(items["suggestion"][1], f"{where}: suggestion") if "suggestion" in items else ""
        description = self.string(items["description"][1], f"{where}: description") if "description" in items else ""
        terms = self.terms(items["terms"][1], where) if "terms" in items else []
        allow = self.allow(items["allow"][1], where, terms) if "allow" in items else []
        bad, good = self.examples(items["examples"][1], where) if "examples" in items else ([], [])
        if len(self.problems) > before:
            return None
        return Rule(
            id=rule_id,
            name=name,
            severity=severity,
            clauses=tuple(clauses),
            message=message,
            suggestion=suggestion,
            terms=tuple(terms),
            allow=tuple(allow),
            bad_examples=tuple(bad),
            good_examples=tuple(good),
            description=description,
            pack=pack_id,
            line=node.start_mark.line + 1,
        )

    def terms(self, node: yaml.Node, where: str) -> list[str]:
        out: list[str] = []
        seen: dict[str, str] = {}
        for text, item in self.strings(node, f"{where}: terms", min_items=1):
            folded = normalize(text)
            if folded in seen:
                same = "" if seen[folded] == text else f" (same as '{seen[folded]}' after normalization)"
                self.problem(item, f"{where}: duplicate term '{text}'{same}")
                continue
            seen[folded] = text
            out.append(folded)
        return out

    def allow(self, node: yaml.Node, where: str, terms: list[str]) -> list[str]:
        out: list[str] = []
        for text, item in self.strings(node, f"{where}: allow"):
            folded = normalize(text)
            # An allow phrase that contains no term can never apply: a sign of a typo.
            if terms and not any(term in folded for term in terms):
                self.problem(item, f"{where}: allow phrase '{text}' contains none of the rule's terms")
            if folded in terms:
                self.problem(item, f"{where}: allow phrase '{text}' equals a term and would disable it")
            out.append(folded)
        return out

    def examples(self, node: yaml.Node, where: str) -> tuple[list[str], list[str]]:
        items = self.mapping(node, f"{where}: examples", {"bad", "good"}, set())
        if items is None:
            return [], []
        bad = (
            [t for t, _ in self.strings(items["bad"][1], f"{where}: examples.bad", min_items=1)]
            if "bad" in items
            else []
        )
        good = (
            [t for t, _ in self.strings(items["good"][1], f"{where}: examples.good", min_items=1)]
            if "good" in items
            else []
        )
        return bad, good

    def unique_ids(self, rules: list[Rule]) -> None:
        seen: dict[str, int] = {}
        names: dict[str, int] = {}
        for rule in rules:
            if rule.id in seen:
                self.problems.append(
                    PackProblem(self.path, rule.line, f"duplicate rule id '{rule.id}' (first at line {seen[rule.id]})")
                )
            seen.setdefault(rule.id, rule.line)
            if rule.name in names:
                self.problems.append(
                    PackProblem(
                        self.path, rule.line, f"duplicate rule name '{rule.name}' (first at line {names[rule.name]})"
                    )
                )
            names.setdefault(rule.name, rule.line)
