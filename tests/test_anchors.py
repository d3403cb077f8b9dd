"""Anchors: looking for a rare term by a common suffix finds exactly what looking for the
term would find, and keeps the automaton's root small."""

from __future__ import annotations

import ahocorasick
from hypothesis import given, settings
from hypothesis import strategies as st

from certlint import Linter
from certlint.matching.anchors import anchor_terms


def occurrences(terms: list[str], text: str) -> set[tuple[int, str]]:
    return {(i, t) for t in set(terms) for i in range(len(text)) if text.startswith(t, i)}


def found_through_anchors(terms: list[str], text: str) -> set[tuple[int, str]]:
    automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    for anchor, variants in anchor_terms(terms).items():
        automaton.add_word(anchor, variants)
    automaton.make_automaton()
    out = set()
    for last, variants in automaton.iter(text):
        for term, offset in variants:
            start = last + 1 - len(term)
            if start >= 0 and text.startswith(term[:offset], start):
                out.add((start, term))
    return out


def test_rare_first_characters_are_anchored_on_a_common_suffix():
    anchors = anchor_terms(["国家认可", "国家承认", "国徽", "印有国徽", "借证"])
    assert anchors["国徽"] == (("国徽", 0), ("印有国徽", 2))
    # No suffix of two characters or more starts at the root: the term keeps its own.
    assert anchors["借证"] == (("借证", 0),)
    assert "印有国徽" not in anchors


def test_every_term_is_found_through_exactly_one_anchor():
    terms = ["国家认可", "国家承认", "国徽", "印有国徽", "带有国徽", "黄金证书", "证书", "证件", "证明"]
    placed = [term for variants in anchor_terms(terms).values() for term, _ in variants]
    assert sorted(placed) == sorted(terms)


@settings(max_examples=300, deadline=None)
@given(
    terms=st.lists(st.text(alphabet="国家证书认可印有", min_size=1, max_size=5), min_size=1, max_size=12),
    text=st.text(alphabet="国家证书认可印有的", max_size=60),
)
def test_anchored_search_finds_what_a_plain_search_finds(terms, text):
    assert found_through_anchors(terms, text) == occurrences(terms, text)


def test_the_default_pack_root_is_smaller_than_its_first_characters():
    linter = Linter.from_default()
    terms = {term for rule in linter.rules for term in rule.terms}
    roots = {anchor[0] for anchor in anchor_terms(terms)}
    assert len(roots) < 0.85 * len({term[0] for term in terms})


def test_a_later_pack_keeps_the_first_packs_anchors_and_reuses_its_root():
    first = ["国家认可", "国徽", "印有国徽", "证书"]
    alone = anchor_terms(first)
    together = anchor_terms([*first, "有证书", "印章"], first)
    for anchor, variants in alone.items():
        assert set(variants) <= set(together[anchor])
    # 有证书 is found through the first pack's 证书; 印章 needs a root of its own.
    assert ("有证书", 1) in together["证书"]
    assert {anchor[0] for anchor in together} == {anchor[0] for anchor in alone} | {"印"}
