"""Matching: pack terms → candidates (Aho-Corasick) → matches that survive the filters.

Filters, cheapest first, so that text whose only candidates are allowed never loads
jieba:
1. allow phrases: a candidate inside an occurrence of one of the rule's (or the pack's,
   or the user's) allow phrases is dropped;
2. word boundaries: a candidate whose start or end falls inside a jieba word is dropped
   (包过 in 包过滤, 中华 in 中华鲟);
3. nesting: of two matches of the same rule, one inside the other, the longer is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import ahocorasick

from certlint.pack import Rule
from certlint.segment import Segmenter

__all__ = ["Match", "Matcher"]


@dataclass(frozen=True, slots=True)
class Match:
    """A term of ``rule`` found at ``[start, end)`` of the normalized text."""

    start: int
    end: int
    rule: Rule
    term: str


class Matcher:
    """Compiled form of a set of rules: one automaton over all their terms."""

    def __init__(
        self,
        rules: Sequence[Rule],
        allow: Iterable[str] = (),
        pack_allow: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        """``allow`` applies to every rule, ``pack_allow[pack id]`` to that pack's rules;
        all phrases must already be normalized."""
        self.rules = tuple(rules)
        global_allow = tuple(dict.fromkeys(allow))
        pack_allow = pack_allow or {}
        by_term: dict[str, list[Rule]] = {}
        for rule in self.rules:
            for term in rule.terms:
                by_term.setdefault(term, []).append(rule)
        self._automaton: ahocorasick.Automaton | None = None
        if by_term:
            automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
            for term, term_rules in by_term.items():
                automaton.add_word(term, (term, tuple(term_rules)))
            automaton.make_automaton()
            self._automaton = automaton
        # (rule id, term) → allow phrases that contain the term, with each offset of the
        # term inside the phrase.
        self._allow: dict[tuple[str, str], tuple[tuple[str, int], ...]] = {}
        for rule in self.rules:
            phrases = (*rule.allow, *pack_allow.get(rule.pack, ()), *global_allow)
            for term in rule.terms:
                placed = [(phrase, offset) for phrase in phrases for offset in _occurrences(phrase, term)]
                if placed:
                    self._allow[(rule.id, term)] = tuple(placed)
        self.segmenter = Segmenter(by_term)

    def candidates(self, normalized: str) -> list[Match]:
        """Every occurrence of every term, before any filter."""
        if self._automaton is None:
            return []
        found = []
        for last, (term, term_rules) in self._automaton.iter(normalized):
            start = last - len(term) + 1
            for rule in term_rules:
                found.append(Match(start, last + 1, rule, term))
        return found

    def is_allowed(self, normalized: str, match: Match) -> bool:
        for phrase, offset in self._allow.get((match.rule.id, match.term), ()):
            begin = match.start - offset
            if begin >= 0 and normalized.startswith(phrase, begin):
                return True
        return False

    def matches(self, normalized: str) -> list[Match]:
        """Candidates that pass the allow, boundary and nesting filters, in text order."""
        kept = [m for m in self.candidates(normalized) if not self.is_allowed(normalized, m)]
        if not kept:
            return []
        cache: dict[tuple[int, int], frozenset[int]] = {}
        bounded = []
        for match in kept:
            block = self.segmenter.block(normalized, match.start, match.end)
            edges = cache.get(block)
            if edges is None:
                edges = cache[block] = self.segmenter.boundaries(normalized, match.start, match.end)
            if match.start in edges and match.end in edges:
                bounded.append(match)
        return _drop_nested(bounded)


def _occurrences(phrase: str, term: str) -> list[int]:
    offsets = []
    index = phrase.find(term)
    while index != -1:
        offsets.append(index)
        index = phrase.find(term, index + 1)
    return offsets


def _drop_nested(matches: list[Match]) -> list[Match]:
    ordered = sorted(matches, key=lambda m: (m.rule.id, m.start, -(m.end - m.start)))
    out: list[Match] = []
    for match in ordered:
        last = out[-1] if out else None
        if last is not None and last.rule.id == match.rule.id and match.end <= last.end:
            continue
        out.append(match)
    out.sort(key=lambda m: (m.start, m.end, m.rule.id))
    return out
