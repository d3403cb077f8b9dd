"""Word segmentation with jieba, loaded only when a candidate needs a boundary check.

jieba splits a text into blocks of "han" characters (CJK, ASCII letters and digits and
a few symbols) and segments each block on its own; everything else is a boundary. So
segmenting only the block around a candidate gives the same boundaries as segmenting
the whole line, at a fraction of the cost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

__all__ = ["Segmenter"]

# jieba's own block pattern (jieba.re_han_default).
_BLOCK_CHAR = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]")
# Guard for pathological input (a megabyte of han characters without punctuation):
# a boundary check looks at most this far either side of the match.
_MAX_REACH = 400


@cache
def _base_tokenizer() -> Any:
    """jieba's default dictionary, loaded once per process and never modified."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


class Segmenter:
    """Answers "is offset i a word boundary?" around candidate matches.

    The pack's terms are added to a private copy of jieba's dictionary so that they
    segment as words; the shared base dictionary stays untouched.
    """

    def __init__(self, words: Iterable[str] = ()) -> None:
        self._words = tuple(sorted(set(words)))
        self._word_set = frozenset(self._words)
        self._tokenizer: Any = None

    def __getstate__(self) -> dict[str, Any]:
        # The loaded dictionary is large and rebuilt on demand: do not pickle it.
        return {"_words": self._words, "_word_set": self._word_set, "_tokenizer": None}

    @property
    def loaded(self) -> bool:
        return self._tokenizer is not None

    def _load(self) -> Any:
        if self._tokenizer is None:
            import jieba

            base = _base_tokenizer()
            tokenizer = jieba.Tokenizer(base.dictionary)
            tokenizer.FREQ = dict(base.FREQ)
            tokenizer.total = base.total
            tokenizer.initialized = True
            for word in self._words:
                tokenizer.add_word(word)
            self._tokenizer = tokenizer
        return self._tokenizer

    def block(self, text: str, start: int, end: int) -> tuple[int, int]:
        """The span of the jieba blocks that contain ``text[start:end]``."""
        low = start
        limit = max(0, start - _MAX_REACH)
        while low > limit and _BLOCK_CHAR.match(text, low - 1):
            low -= 1
        high = end
        limit = min(len(text), end + _MAX_REACH)
        while high < limit and _BLOCK_CHAR.match(text, high):
            high += 1
        return low, high

    def boundaries(self, text: str, start: int, end: int) -> frozenset[int]:
        """Offsets in the blocks around ``text[start:end]`` where a match may begin or
        end: every word boundary, and every offset inside a token that is itself a pack
        term (one term may sit inside a longer one: 原信息产业部 in 信息产业部认证证书).
        Only a cut into an ordinary word (包过 in 包过滤) is refused."""
        low, high = self.block(text, start, end)
        offsets = {low}
        position = low
        for token in self._load().cut(text[low:high], HMM=False):
            if token in self._word_set:
                offsets.update(range(position + 1, position + len(token)))
            position += len(token)
            offsets.add(position)
        return frozenset(offsets)

    def tokens(self, text: str) -> list[str]:
        """Segment ``text`` (for ``certlint`` diagnostics and tests)."""
        return list(self._load().cut(text, HMM=False))
