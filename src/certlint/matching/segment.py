"""Word segmentation with jieba, loaded only when a candidate needs a boundary check.

jieba splits a text into blocks of "han" characters (CJK, ASCII letters and digits and
a few symbols) and segments each block on its own; everything else is a boundary. So
segmenting only the blocks that hold a candidate gives the same boundaries as
segmenting the whole text, and each block is segmented at most once per scan.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from certlint.matching.lazyre import LazyPattern

__all__ = ["BoundaryIndex", "Segmenter", "backend_name"]


def backend_name() -> str:
    """The jieba implementation in use: ``rjieba`` (jieba-rs, the same algorithm and
    dictionary, chosen by the benchmarks: its dictionary loads ~10x faster) when it is
    installed, else the ``jieba`` package. ``CERTLINT_SEGMENTER=jieba`` forces the
    reference implementation."""
    wanted = os.environ.get("CERTLINT_SEGMENTER", "").strip().lower()
    if wanted == "jieba":
        return "jieba"
    import importlib.util

    # find_spec, not import: importing the rjieba package builds a dictionary (~90 ms).
    return "rjieba" if importlib.util.find_spec("rjieba") is not None else "jieba"


# jieba's own block pattern (jieba.re_han_default).
_BLOCK = LazyPattern(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")
# A block longer than this (a megabyte of han characters without punctuation) is
# segmented in windows of three chunks around the candidate, so that the work stays
# linear in the length of the text.
_CHUNK = 256


def _rjieba_class() -> Any:
    """rjieba's ``Jieba`` class. The package's ``__init__`` builds a default dictionary
    that certlint never uses (about 90 ms), so the compiled module is loaded directly
    when it can be found, and through the package otherwise."""
    import importlib.machinery
    import importlib.util

    try:
        spec = importlib.util.find_spec("rjieba")
        folder = Path(next(iter(spec.submodule_search_locations or ())))  # type: ignore[union-attr]
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            binary = folder / f"rjieba{suffix}"
            if binary.exists():
                loader = importlib.machinery.ExtensionFileLoader("rjieba.rjieba", str(binary))
                module_spec = importlib.util.spec_from_loader("rjieba.rjieba", loader)
                module = importlib.util.module_from_spec(module_spec)  # type: ignore[arg-type]
                loader.exec_module(module)
                return module.Jieba
    except (ImportError, StopIteration, AttributeError, OSError):
        pass
    import rjieba

    return rjieba.Jieba


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
    """jieba with the pack's terms added to a private copy of its dictionary, so that
    they segment as words; the shared base dictionary stays untouched."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self._words = tuple(sorted(set(words)))
        self.word_set = frozenset(self._words)
        self._tokenizer: Any = None

    def __getstate__(self) -> dict[str, Any]:
        # The loaded dictionary is large and rebuilt on demand: do not pickle it.
        return {"_words": self._words, "word_set": self.word_set, "_tokenizer": None}

    @property
    def loaded(self) -> bool:
        return self._tokenizer is not None

    def load(self) -> None:
        """Load the dictionary now rather than at the first boundary question."""
        self._load()

    def _load(self) -> Any:
        """A function that segments a string with HMM off, the pack's words added."""
        if self._tokenizer is None:
            if backend_name() == "rjieba":
                fast = _rjieba_class()()
                for word in self._words:
                    fast.add_word(word, None, None)  # frequency as jieba's add_word picks it
                self._tokenizer = lambda text: fast.cut(text, False)
            else:
                import jieba

                base = _base_tokenizer()
                tokenizer = jieba.Tokenizer(base.dictionary)
                tokenizer.FREQ = dict(base.FREQ)
                tokenizer.total = base.total
                tokenizer.initialized = True
                for word in self._words:
                    tokenizer.add_word(word)
                self._tokenizer = lambda text: tokenizer.cut(text, HMM=False)
        return self._tokenizer

    def tokens(self, text: str) -> list[str]:
        """Segment ``text`` (HMM off, as for boundary checks)."""
        return list(self._load()(text))

    def index(self, text: str) -> BoundaryIndex:
        """A per-text cache answering boundary questions about ``text``."""
        return BoundaryIndex(self, text)


class BoundaryIndex:
    """Answers "may a match begin at i and end at j?" for one text, segmenting each
    needed block (or chunk window of a huge block) once."""

    def __init__(self, segmenter: Segmenter, text: str) -> None:
        self._segmenter = segmenter
        self._text = text
        self._lines: dict[int, tuple[list[int], list[int]]] = {}  # line start → block starts, ends
        self._newlines: list[int] | None = None
        self._windows: dict[tuple[int, int], frozenset[int]] = {}

    def allows(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` begins and ends on a word boundary, where a cut
        inside a token that is itself a pack term counts as a boundary (one term may sit
        inside a longer one: 原信息产业部 in 信息产业部认证证书); only a cut into an
        ordinary word (包过 in 包过滤) is refused."""
        return self._allowed_at(start) and self._allowed_at(end)

    def _allowed_at(self, position: int) -> bool:
        window = self._window(position)
        if window is None:
            return True  # not inside a block: punctuation, space or line end
        return position in self._boundaries(*window)

    def _window(self, position: int) -> tuple[int, int] | None:
        starts, ends = self._blocks(position)
        index = bisect.bisect_right(starts, position) - 1
        # Outside every block, or on a block's edge: jieba always cuts there.
        if index < 0 or position >= ends[index] or position == starts[index]:
            return None
        low, high = starts[index], ends[index]
        if high - low <= 3 * _CHUNK:
            return low, high
        chunk = (position - low) // _CHUNK
        return low + max(0, chunk - 1) * _CHUNK, min(high, low + (chunk + 2) * _CHUNK)

    def _blocks(self, position: int) -> tuple[list[int], list[int]]:
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self._text)]
        line = bisect.bisect_left(self._newlines, position)
        line_start = self._newlines[line - 1] + 1 if line else 0
        found = self._lines.get(line_start)
        if found is None:
            line_end = self._newlines[line] if line < len(self._newlines) else len(self._text)
            spans = [m.span() for m in _BLOCK.finditer(self._text, line_start, line_end)]
            found = self._lines[line_start] = ([s for s, _ in spans], [e for _, e in spans])
        return found

    def _boundaries(self, low: int, high: int) -> frozenset[int]:
        key = (low, high)
        cached = self._windows.get(key)
        if cached is not None:
            return cached
        words = self._segmenter.word_set
        offsets = {low}
        position = low
        for token in self._segmenter._load()(self._text[low:high]):
            if token in words:
                offsets.update(range(position + 1, position + len(token)))
            position += len(token)
            offsets.add(position)
        result = self._windows[key] = frozenset(offsets)
        return result
