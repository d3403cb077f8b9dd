"""trie_alternation: the same language as a plain longest-first alternation."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from certlint.matching.trie import trie_alternation

WORDS = st.lists(st.text(alphabet="国家人社部证书包过", min_size=1, max_size=5), min_size=1, max_size=12)


@given(WORDS, st.text(alphabet="国家人社部证书包过认可", max_size=30))
def test_trie_finds_what_a_longest_first_alternation_finds(words, text):
    plain = re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))
    trie = re.compile(trie_alternation(words))
    for position in range(len(text) + 1):
        expected = plain.match(text, position)
        found = trie.match(text, position)
        assert (found and found.group()) == (expected and expected.group())
