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


def anchor_terms(terms: Iterable[str]) -> dict[str, tuple[tuple[str, int], ...]]:
    """anchor → the terms it stands for, each with the offset of the anchor inside it
    (0 when the anchor is the term itself). Every term is found through exactly one
    anchor, a suffix of the term."""
    unique = list(dict.fromkeys(terms))
    shares = Counter(term[0] for term in unique if term)
    roots = {char for char, count in shares.items() if count >= _SHARED}
    # Terms with no suffix that starts at a root keep their own first character, which
    # then joins the root and may serve other rare terms.
    roots |= {term[0] for term in unique if term and _offset(term, roots) is None}
    anchors: dict[str, list[tuple[str, int]]] = {}
    for term in unique:
        if not term:
            continue
        offset = _offset(term, roots) or 0
        anchors.setdefault(term[offset:], []).append((term, offset))
    return {anchor: tuple(found) for anchor, found in anchors.items()}


def _offset(term: str, roots: set[str]) -> int | None:
    """Where the shortest-offset suffix of ``term`` that starts with a root character
    begins (0 when the term itself does), or None."""
    for offset in range(len(term) - _SHORTEST + 1 if len(term) > _SHORTEST else 1):
        if term[offset] in roots:
            return offset
    return None
