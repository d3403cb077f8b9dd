"""``pattern``: a rule's regular expression, its ``{vocab}`` templates expanded, refused
when it can take exponential time (nested or ambiguous repeats)."""

from __future__ import annotations

import re

import yaml

from certlint.matching.normalize import normalize
from certlint.matching.trie import trie_alternation
from certlint.packs.check.nodes import NodeReader
from certlint.packs.check.vocab import Vocabulary
from certlint.packs.model import VOCAB_REF

__all__ = ["read_pattern"]


def read_pattern(nodes: NodeReader, vocab: Vocabulary, node: yaml.Node, where: str) -> str:
    """The rule's pattern with its templates expanded; "" (and a problem) if it is bad."""
    source = nodes.string(node, f"{where}: pattern")
    if not source:
        return ""
    unknown = vocab.unknown(source)
    if unknown is not None:
        nodes.problem(node, f"{where}: unknown vocab '{unknown}' in pattern")
        return ""
    expanded = VOCAB_REF.sub(
        lambda m: trie_alternation(vocab.words[m.group(1)]),
        # Fold only non-ASCII characters: regex syntax (\W, (?P<…>)) is ASCII and case-sensitive.
        "".join(ch if ch.isascii() else normalize(ch) for ch in source),
    )
    try:
        compiled = re.compile(expanded)
    except re.error as exc:
        nodes.problem(node, f"{where}: invalid pattern: {exc}")
        return ""
    if _has_nested_repeat(compiled.pattern):
        nodes.problem(node, f"{where}: pattern has a nested quantifier such as (a+)+, which can take exponential time")
    elif _has_ambiguous_repeat(compiled.pattern):
        nodes.problem(
            node,
            f"{where}: pattern repeats alternatives that can match the same text, such as (?:a|aa)+, "
            "which can take exponential time; make the alternatives start differently",
        )
    return expanded


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
