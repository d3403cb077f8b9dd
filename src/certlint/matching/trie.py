"""Word lists as regex alternations that share their prefixes (a trie)."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["trie_alternation"]


def trie_alternation(words: Iterable[str]) -> str:
    """A regex group matching exactly ``words``, longest first, written as a trie
    (人社部(?:门)?|人力资源…): Python's regex engine tries the alternatives of a plain
    ``a|b|c`` one by one at every position, a trie shares their prefixes."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        inner = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # A word ends here: the longer words are tried first (greedy), then the end.
        return f"(?:{inner})?" if "" in node else inner

    return "(?:" + build(trie) + ")"
