"""Anchors: the strings the automaton looks for, chosen so that its root stays small.

pyahocorasick looks a character up among a node's children one by one, and nearly every
character of a text is looked up at the root: scanning costs time in proportion to the
number of distinct first characters of the terms (measured: 0.25 ms per 500,000
characters for each one). A term whose first character starts few other terms (印有国徽,
黄金证书) is therefore looked for by a suffix that starts with a common first character
(国徽, 证书), and a hit of the suffix counts as the term when the text before it holds the
rest of the term. Rule data does not change; only the automaton's keys do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

__all__ = ["anchor_terms"]

# A first character shared by at least this many terms stays at the root.
_SHARED = 3
# An anchor keeps at least two characters: a one-character suffix (证) would hit on
# nearly every line.
_SHORTEST = 2


def anchor_terms(terms: Iterable[str], first: Iterable[str] = ()) -> dict[str, tuple[tuple[str, int], ...]]:
    """anchor → the terms it stands for, each with the offset of the anchor inside it
    (0 when the anchor is the term itself). Every term is found through exactly one
    anchor, a suffix of the term. The root is chosen for the ``first`` terms (the first
    pack's) alone, then grown for the others: a pack added later does not move the
    anchors of the first, and uses its root characters where it can."""
    unique = [term for term in dict.fromkeys(terms) if term]
    leading = [term for term in dict.fromkeys(first) if term]
    first_roots = _roots(leading)
    roots = first_roots | _roots([term for term in unique if not first_roots.intersection(_starts(term))])
    anchors: dict[str, list[tuple[str, int]]] = {}
    for term in unique:
        # The first pack's root first: its terms keep the anchors they have alone.
        offset = _offset(term, first_roots if first_roots.intersection(_starts(term)) else roots)
        anchors.setdefault(term[offset:], []).append((term, offset))
    return {anchor: tuple(found) for anchor, found in anchors.items()}


def _starts(term: str) -> str:
    """The characters a suffix of at least _SHORTEST characters may start with."""
    return term[: max(1, len(term) - _SHORTEST + 1)]


def _roots(terms: list[str]) -> set[str]:
    """A small set of characters such that every term has an anchor starting with one:
    greedy set cover, each step taking the character that serves the most terms not yet
    served (ties: the earlier character in the terms' order, so the choice is stable)."""
    starts = {term: set(_starts(term)) for term in terms}
    order = {char: index for index, char in enumerate(dict.fromkeys("".join(terms)))}
    left = set(terms)
    roots: set[str] = set()
    while left:
        served = Counter(char for term in left for char in starts[term])
        char = min(served, key=lambda c: (-served[c], order[c]))
        roots.add(char)
        left = {term for term in left if char not in starts[term]}
    return roots


def _offset(term: str, roots: set[str]) -> int:
    """Where the longest suffix of ``term`` that starts with a root character begins."""
    return next(offset for offset, char in enumerate(_starts(term)) if char in roots)
