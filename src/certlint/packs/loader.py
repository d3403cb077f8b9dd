"""Reading and validating rule-pack YAML (see ``docs/rule-packs.md``).

Loading checks every field and collects *all* problems, each as ``file:line: message``,
before giving up, so that an author fixes a pack in one round instead of one error at a
time. The YAML node tree keeps line numbers; values are checked on it directly.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any

import yaml

from certlint.matching.normalize import normalize
from certlint.matching.trie import trie_alternation
from certlint.packs.catalogue import DEPARTMENT_PREFIX, parse_department, parse_entry
from certlint.packs.model import (
    CATALOGUE_MODES,
    MAX_WINDOW,
    PACK_ID,
    RULE_ID,
    RULE_NAME,
    VOCAB_REF,
    Clause,
    Context,
    PackError,
    PackProblem,
    Rule,
    RulePack,
    Severity,
)
from certlint.packs.yamlsafe import unsafe

__all__ = ["load_pack", "parse_pack"]


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
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PackError([PackProblem(path, line, f"invalid YAML: {problem}")]) from None
    refused = unsafe(node)
    if refused is not None:
        raise PackError([PackProblem(path, refused[0], refused[1])])
    checker = _Checker(path)
    pack = checker.pack(node)
    if checker.problems or pack is None:
        raise PackError(sorted(checker.problems, key=lambda p: p.line))
    return pack


# The most terms one {vocab} template may expand to (the default pack's largest: about 100).
MAX_EXPANSION = 50_000


class _Checker:
    """Walks the YAML node tree (which keeps line numbers) and builds the pack."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[PackProblem] = []
        self._constructor = yaml.constructor.SafeConstructor()
        self.vocab: dict[str, list[str]] = {}
        self.data_files: list[str] = []  # vocab files next to the pack (cache dependencies)
        self.context_ids: set[str] = set()
        self.has_catalogue = False
        self.catalogue_name = ""

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
            optional={"allow", "vocab", "contexts", "catalogue"},
        )
        if top is None:
            return None
        pack_id = self.string(top["pack"][1], "pack", PACK_ID) if "pack" in top else ""
        title = self.string(top["title"][1], "title") if "title" in top else ""
        version = self.string(top["version"][1], "version") if "version" in top else ""
        source = self.source(top["source"][1]) if "source" in top else ("", "", "")
        clauses = self.clauses(top["clauses"][1]) if "clauses" in top else ()
        if "vocab" in top:
            self.read_vocab(top["vocab"][1])
        contexts = self.contexts(top["contexts"][1]) if "contexts" in top else ()
        self.context_ids = {c.id for c in contexts}
        catalogue = self.catalogue(top["catalogue"][1]) if "catalogue" in top else ()
        self.has_catalogue = bool(catalogue)
        allow = tuple(self.expand_list(top["allow"][1], "allow")) if "allow" in top else ()
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
            contexts=contexts,
            catalogue=catalogue,
            dependencies=((self.catalogue_name,) if catalogue else ()) + tuple(self.data_files),
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
            optional={"allow", "description", "near", "pattern", "window", "contexts", "catalogue"},
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
        near: list[str] = []
        near_within = 0
        self.near_scope = "sentence"
        if "near" in items:
            near, near_within = self.near(items["near"][1], where)
        pattern = self.pattern(items["pattern"][1], where) if "pattern" in items else ""
        window = 24
        if "window" in items:
            window = self.integer(items["window"][1], f"{where}: window", 1, MAX_WINDOW)
        contexts: tuple[str, ...] | None = None
        if "contexts" in items:
            contexts = tuple(self.rule_contexts(items["contexts"][1], where))
        catalogue = ""
        if "catalogue" in items:
            value_node = items["catalogue"][1]
            value = self.scalar(value_node)
            catalogue = CATALOGUE_MODES.get(value, "") if isinstance(value, (bool, str)) else ""
            if catalogue == "" and value is not False:
                self.problem(
                    value_node,
                    f"{where}: catalogue must be true, false, unless-listed, unless-admission or unlisted-named",
                )
            elif catalogue and not self.has_catalogue:
                self.problem(value_node, f"{where}: catalogue: {value_node.value} needs a pack-level catalogue file")
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
            near=tuple(near),
            near_within=near_within,
            near_scope=self.near_scope,
            pattern=pattern,
            window=window,
            contexts=contexts,
            catalogue=catalogue,
        )

    def terms(self, node: yaml.Node, where: str) -> list[str]:
        out: list[str] = []
        seen: dict[str, str] = {}
        for text, item in self.strings(node, f"{where}: terms", min_items=1):
            for expanded in self.expand(text, item, where):
                folded = normalize(expanded)
                if folded in seen:
                    same = "" if seen[folded] == expanded else f" (same as '{seen[folded]}' after normalization)"
                    self.problem(item, f"{where}: duplicate term '{expanded}'{same}")
                    continue
                seen[folded] = expanded
                out.append(folded)
        return out

    # -- templates, vocab, contexts, catalogue, near, pattern ---------------------------

    def read_vocab(self, node: yaml.Node) -> None:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, "vocab must be a mapping of name to a list of words")
            return
        for key_node, value_node in node.value:
            name = self.string(key_node, "vocab name", re.compile(r"^[a-z_][a-z0-9_]*$"))
            if name in self.vocab:
                self.problem(key_node, f"duplicate vocab name '{name}'")
                continue
            if isinstance(value_node, yaml.ScalarNode):
                words = self.vocab_file(value_node, name)
            else:
                words = [normalize(w) for w, _ in self.strings(value_node, f"vocab {name}", min_items=1)]
            duplicates = sorted({w for w in words if words.count(w) > 1})
            if duplicates:
                self.problem(value_node, f"vocab {name}: duplicate words: {'、'.join(duplicates)}")
            if name:
                self.vocab[name] = list(dict.fromkeys(words))

    def expand(self, text: str, node: yaml.Node, where: str) -> list[str]:
        """``{name}`` templates → every combination of the named vocab lists."""
        names = VOCAB_REF.findall(text)
        if not names:
            return [text]
        unknown = [n for n in names if n not in self.vocab]
        if unknown:
            self.problem(node, f"{where}: unknown vocab '{unknown[0]}' in '{text}'")
            return []
        count = 1
        for name in names:
            count *= len(self.vocab[name])
        if count > MAX_EXPANSION:
            self.problem(
                node, f"{where}: '{text}' expands to {count:,} terms (at most {MAX_EXPANSION:,}); use fewer templates"
            )
            return []
        results = [""]
        position = 0
        for match in VOCAB_REF.finditer(text):
            literal = text[position : match.start()]
            results = [r + literal + word for r in results for word in self.vocab[match.group(1)]]
            position = match.end()
        return [r + text[position:] for r in results]

    def expand_list(self, node: yaml.Node, where: str) -> list[str]:
        out: list[str] = []
        for text, item in self.strings(node, where):
            out.extend(normalize(t) for t in self.expand(text, item, where))
        return list(dict.fromkeys(out))

    def contexts(self, node: yaml.Node) -> tuple[Context, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, "contexts must be a list")
            return ()
        out: list[Context] = []
        for item in node.value:
            fields = self.mapping(
                item,
                "context",
                {"id"},
                {"description", "before", "after", "within", "inside", "inside_endings", "scope"},
            )
            if fields is None:
                continue
            context_id = self.string(fields["id"][1], "context id", RULE_NAME) if "id" in fields else ""
            where = f"context {context_id}"
            description = (
                self.string(fields["description"][1], f"{where}: description") if "description" in fields else ""
            )
            before = self.expand_list(fields["before"][1], f"{where}: before") if "before" in fields else []
            after = self.expand_list(fields["after"][1], f"{where}: after") if "after" in fields else []
            within = self.integer(fields["within"][1], f"{where}: within", 1, 200) if "within" in fields else 20
            inside: list[tuple[str, str]] = []
            if "inside" in fields:
                for pair, pair_node in self.strings(fields["inside"][1], f"{where}: inside"):
                    if len(pair) != 2:
                        self.problem(
                            pair_node, f"{where}: inside entries are two characters, an opening and a closing mark"
                        )
                    else:
                        inside.append((normalize(pair[0]), normalize(pair[1])))
            endings = (
                self.expand_list(fields["inside_endings"][1], f"{where}: inside_endings")
                if "inside_endings" in fields
                else []
            )
            scope = "clause"
            if "scope" in fields:
                scope_node = fields["scope"][1]
                scope = str(self.scalar(scope_node))
                if scope not in ("clause", "sentence"):
                    self.problem(scope_node, f"{where}: scope must be clause or sentence")
            if not (before or after or inside):
                self.problem(item, f"{where}: needs at least one of before, after, inside")
            if any(c.id == context_id for c in out):
                self.problem(item, f"duplicate context id '{context_id}'")
            out.append(
                Context(
                    context_id, description, tuple(before), tuple(after), within, tuple(inside), scope, tuple(endings)
                )
            )
        return tuple(out)

    def rule_contexts(self, node: yaml.Node, where: str) -> list[str]:
        ids = []
        for context_id, item in self.strings(node, f"{where}: contexts"):
            if context_id not in self.context_ids:
                self.problem(item, f"{where}: context '{context_id}' is not defined under contexts")
            ids.append(context_id)
        return ids

    def catalogue(self, node: yaml.Node) -> tuple[str, ...]:
        name = self.string(node, "catalogue")
        if not name:
            return ()
        self.catalogue_name = name
        path = Path(self.path).parent / name
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.problem(node, f"catalogue file '{name}' cannot be read: {getattr(exc, 'strerror', None) or exc}")
            return ()
        entries: list[str] = []
        for number, line in enumerate(text.splitlines(), start=1):
            # "#" comments; "@source KEY URL note" lines document where the data comes from;
            # "@department FAMILY | words" lines are data for the catalogue.
            if line.startswith(DEPARTMENT_PREFIX):
                try:
                    parse_department(line)
                except ValueError as exc:
                    self.problem(node, f"{name}:{number}: {exc}")
                    continue
                entries.append(normalize(line.strip()))
                continue
            if not line.strip() or line.startswith(("#", "@")):
                continue
            try:
                parse_entry(line)
            except ValueError as exc:
                self.problem(node, f"{name}:{number}: {exc}")
                continue
            entries.append(normalize(line.strip()))
        return tuple(dict.fromkeys(entries))

    def vocab_file(self, node: yaml.Node, name: str) -> list[str]:
        """A vocab list kept as a data file next to the pack (a registry with sources):
        one ``word | kind | source`` a line; ``#`` comments, ``@source KEY URL note`` lines."""
        file_name = self.string(node, f"vocab {name}")
        path = Path(self.path).parent / file_name
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.problem(
                node, f"vocab {name}: file '{file_name}' cannot be read: {getattr(exc, 'strerror', None) or exc}"
            )
            return []
        self.data_files.append(file_name)
        sources = {
            line.split()[1] for line in text.splitlines() if line.startswith("@source ") and len(line.split()) > 2
        }
        words: list[str] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.startswith(("#", "@")):
                continue
            fields = [f.strip() for f in line.split("|")]
            if len(fields) != 3 or not all(fields):
                self.problem(node, f"{file_name}:{number}: expected 'word | kind | source'")
            elif fields[2] not in sources:
                self.problem(node, f"{file_name}:{number}: source '{fields[2]}' has no @source line")
            else:
                words.append(normalize(fields[0]))
        if not words:
            self.problem(node, f"vocab {name}: '{file_name}' has no words")
        return words

    def near(self, node: yaml.Node, where: str) -> tuple[list[str], int]:
        fields = self.mapping(node, f"{where}: near", {"words", "within"}, {"scope"})
        if fields is None:
            return [], 0
        if "scope" in fields:
            scope_node = fields["scope"][1]
            self.near_scope = str(self.scalar(scope_node))
            if self.near_scope not in ("clause", "sentence"):
                self.problem(scope_node, f"{where}: near.scope must be clause or sentence")
        words = self.expand_list(fields["words"][1], f"{where}: near.words") if "words" in fields else []
        if "words" in fields and not words:
            self.problem(fields["words"][1], f"{where}: near.words is empty")
        within = self.integer(fields["within"][1], f"{where}: near.within", 0, MAX_WINDOW) if "within" in fields else 0
        return words, within

    def pattern(self, node: yaml.Node, where: str) -> str:
        source = self.string(node, f"{where}: pattern")
        if not source:
            return ""
        unknown = [n for n in VOCAB_REF.findall(source) if n not in self.vocab]
        if unknown:
            self.problem(node, f"{where}: unknown vocab '{unknown[0]}' in pattern")
            return ""
        expanded = VOCAB_REF.sub(
            lambda m: trie_alternation(self.vocab[m.group(1)]),
            # Fold only non-ASCII characters: regex syntax (\W, (?P<…>)) is ASCII and case-sensitive.
            "".join(ch if ch.isascii() else normalize(ch) for ch in source),
        )
        try:
            compiled = re.compile(expanded)
        except re.error as exc:
            self.problem(node, f"{where}: invalid pattern: {exc}")
            return ""
        if _has_nested_repeat(compiled.pattern):
            self.problem(
                node, f"{where}: pattern has a nested quantifier such as (a+)+, which can take exponential time"
            )
        elif _has_ambiguous_repeat(compiled.pattern):
            self.problem(
                node,
                f"{where}: pattern repeats alternatives that can match the same text, such as (?:a|aa)+, "
                "which can take exponential time; make the alternatives start differently",
            )
        return expanded

    def integer(self, node: yaml.Node, where: str, low: int, high: int) -> int:
        value = self.scalar(node)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.problem(node, f"{where} must be an integer from {low} to {high}")
            return low
        return value

    def allow(self, node: yaml.Node, where: str, terms: list[str]) -> list[str]:
        out: list[str] = []
        for text, item in self.strings(node, f"{where}: allow"):
            for folded in [normalize(t) for t in self.expand(text, item, where)]:
                self.check_allow(folded, item, where, terms)
                out.append(folded)
        return out

    def check_allow(self, phrase: str, item: yaml.Node, where: str, terms: list[str]) -> None:
        # An allow phrase that contains no term can never apply: a sign of a typo.
        if terms and not any(term in phrase for term in terms):
            self.problem(item, f"{where}: allow phrase '{phrase}' contains none of the rule's terms")
        if phrase in terms:
            self.problem(item, f"{where}: allow phrase '{phrase}' equals a term and would disable it")

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


def _has_nested_repeat(pattern: str) -> bool:
    """Whether a regex repeats something that itself contains a repeat: (a+)+, (a|b*)*."""
    from re import _parser  # type: ignore[attr-defined]

    repeats = {_parser.MAX_REPEAT, _parser.MIN_REPEAT, getattr(_parser, "POSSESSIVE_REPEAT", None)}

    def walk(items: object, inside_repeat: bool) -> bool:
        for op, arg in items:  # type: ignore[attr-defined]
            if op in repeats:
                _low, high, sub = arg
                if inside_repeat and high != 1:
                    return True
                if walk(sub, inside_repeat or high > 1):
                    return True
            elif op is _parser.SUBPATTERN:
                if walk(arg[-1], inside_repeat):
                    return True
            elif op is _parser.BRANCH:
                if any(walk(branch, inside_repeat) for branch in arg[1]):
                    return True
            elif op in (_parser.ASSERT, _parser.ASSERT_NOT) and walk(arg[1], inside_repeat):
                return True
        return False

    return walk(_parser.parse(pattern), False)


_ANY = None  # a first-character set that holds every character
_FEW_REPEATS = 8


def _has_ambiguous_repeat(pattern: str) -> bool:
    """Whether a regex repeats (more than once) an alternation whose branches can start
    with the same character or match nothing: (?:国|国国)+ backtracks exponentially on
    国国国…乙. Lookarounds are left out: they are tried once at a position, not re-split."""
    from re import _parser  # type: ignore[attr-defined]

    repeats = {_parser.MAX_REPEAT, _parser.MIN_REPEAT, getattr(_parser, "POSSESSIVE_REPEAT", None)}
    zero_width = {_parser.AT, _parser.ASSERT, _parser.ASSERT_NOT}

    def first(items: list[tuple[object, object]]) -> tuple[set[int] | None, bool]:
        """The characters a match of ``items`` can start with (None: any), and whether it
        can be empty."""
        chars: set[int] | None = set()
        for op, arg in items:
            if op in zero_width:
                continue
            if op is _parser.LITERAL:
                return _union(chars, {arg}), False  # type: ignore[arg-type]
            if op is _parser.IN and all(o is _parser.LITERAL for o, _ in arg):  # type: ignore[attr-defined]
                return _union(chars, {a for _, a in arg}), False  # type: ignore[attr-defined]
            if op in (_parser.IN, _parser.NOT_LITERAL, _parser.ANY, _parser.CATEGORY, _parser.GROUPREF):
                return _ANY, False
            if op is _parser.SUBPATTERN:
                sub, empty = first(arg[-1])  # type: ignore[index]
            elif op is _parser.BRANCH:
                parts = [first(branch) for branch in arg[1]]  # type: ignore[index]
                sub = set()
                for part, _ in parts:
                    sub = _union(sub, part)
                empty = any(e for _, e in parts)
            elif op in repeats:
                sub, empty = first(arg[2])  # type: ignore[index]
                empty = empty or arg[0] == 0  # type: ignore[index]
            else:
                return _ANY, False
            chars = _union(chars, sub)
            if not empty:
                return chars, False
        return chars, True

    def ambiguous(items: list[tuple[object, object]], repeated: bool) -> bool:
        for op, arg in items:
            if op in (_parser.ASSERT, _parser.ASSERT_NOT):
                continue
            if op in repeats:
                # A few repeats of an ambiguous group cost little (2^n tries); many do.
                if ambiguous(arg[2], repeated or arg[1] > _FEW_REPEATS):  # type: ignore[index]
                    return True
            elif op is _parser.SUBPATTERN:
                if ambiguous(arg[-1], repeated):  # type: ignore[index]
                    return True
            elif op is _parser.BRANCH:
                branches = arg[1]  # type: ignore[index]
                if repeated:
                    seen: set[int] | None = set()
                    for branch in branches:
                        chars, empty = first(branch)
                        if empty or chars is _ANY or seen is _ANY or (seen & chars):  # type: ignore[operator]
                            return True
                        seen = _union(seen, chars)
                if any(ambiguous(branch, repeated) for branch in branches):
                    return True
        return False

    return ambiguous(_parser.parse(pattern), False)


def _union(a: set[int] | None, b: set[int] | None) -> set[int] | None:
    return _ANY if a is _ANY or b is _ANY else a | b  # type: ignore[operator]
