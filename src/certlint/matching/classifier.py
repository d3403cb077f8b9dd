"""A linear text classifier over character n-grams, for claims that no word list catches.

Testimonials, endorsements and officials' visits are told as stories ("去年我在这里报了班，
今年顺利上岸"), phrased differently on every page. A pack may ship a classifier for them:
logistic regression over the binary tf-idf of character unigrams and bigrams, one set of
weights per clause, trained on the pack's labelled real corpus by ``tools/train_classifier.py``.

The model file is data with a one-line grammar (``docs/rule-packs.md``)::

    # certlint classifier 1
    @labels<TAB>广告法24(1)<TAB>广告法24(3)
    @intercepts<TAB>-1.52<TAB>-2.07
    <gram><TAB><idf><TAB><weight for each label>

:func:`grams` is what training and scanning both read, so the two cannot drift apart.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import repeat
from operator import add

__all__ = ["ClassifierError", "TextClassifier", "grams", "parse_classifier", "sentences"]

HEADER = "# certlint classifier 1"
# Sentences end here; a classifier scores each one on its own.
_SENTENCE_END = re.compile(r"[。！？!?；;\r\n]+")
# A line break inside a paragraph wrapped at a fixed width (Markdown, HTML source) is not a
# sentence end: the line before it is long and ends mid-sentence, and the next line is no
# heading, quote, list item or table row.
_WRAPPED_LINE = 20
_LINE_LABEL_END = frozenset(":：")
_BLOCK_START = re.compile(r"[ \t]*(?:[#>*+|•·-]|\d+[.)、])")
# Shorter sentences are headings and list items: too little text to judge.
MIN_CHARACTERS = 6
# Longer runs without a sentence end are cut (the corpus's longest line has 159 characters).
MAX_CHARACTERS = 400
_COMMA = re.compile(r"[，,、：:]")


class ClassifierError(ValueError):
    """A model file breaks its grammar at ``line`` (0: the file as a whole)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line
        self.message = message


def grams(text: str) -> list[str]:
    """The features of ``text``: each character and each pair of neighbours, leaving out
    any that holds whitespace (a line break or a space says nothing about a claim)."""
    return [g for g in (*text, *map(add, text, text[1:])) if not any(c.isspace() for c in g)]


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the sentences of ``text`` worth scoring, without surrounding whitespace. A
    run of text with no sentence end is cut into pieces of at most :data:`MAX_CHARACTERS`
    (after a comma where there is one), so that the work and memory per piece are bounded."""
    start = 0
    for end_mark in (*_SENTENCE_END.finditer(text), None):
        if end_mark is not None and _wrapped(text, end_mark):
            continue
        end = len(text) if end_mark is None else end_mark.end()
        while end - start > MAX_CHARACTERS:
            cut = _COMMA.search(text, start + MAX_CHARACTERS // 2, start + MAX_CHARACTERS)
            piece_end = cut.end() if cut else start + MAX_CHARACTERS
            yield from _trimmed(text, start, piece_end)
            start = piece_end
        yield from _trimmed(text, start, end)
        start = end


def _wrapped(text: str, end_mark: re.Match[str]) -> bool:
    """Whether this sentence end is only a line break inside a wrapped paragraph."""
    if end_mark.group().replace("\r", "") != "\n":
        return False
    position = end_mark.start()
    line = text[text.rfind("\n", 0, position) + 1 : position].strip()
    if len(line) < _WRAPPED_LINE or line[-1] in _LINE_LABEL_END:
        return False
    following = end_mark.end()
    return following < len(text) and not text[following].isspace() and not _BLOCK_START.match(text, following)


def _trimmed(text: str, left: int, right: int) -> Iterator[tuple[int, int]]:
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1].isspace():
        right -= 1
    if right - left >= MIN_CHARACTERS:
        yield left, right


@dataclass(frozen=True)
class TextClassifier:
    """Weights per label over a vocabulary of grams; :meth:`probabilities` scores a text."""

    labels: tuple[str, ...]
    intercepts: tuple[float, ...]
    # gram → (idf, weight for each label)
    vocabulary: dict[str, tuple[float, tuple[float, ...]]] = field(repr=False)
    # The same numbers laid out for scoring: idf² per gram, and per label idf × weight.
    _squares: dict[str, float] = field(init=False, repr=False, compare=False)
    _products: tuple[dict[str, float], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        vocabulary = self.vocabulary
        object.__setattr__(self, "_squares", {g: idf * idf for g, (idf, _) in vocabulary.items()})
        products = tuple({g: idf * w[i] for g, (idf, w) in vocabulary.items()} for i in range(len(self.labels)))
        object.__setattr__(self, "_products", products)

    def probabilities(self, text: str) -> tuple[float, ...]:
        """P(label) for ``text``, one per label in order (the intercepts' alone when no
        gram of the text is known)."""
        # Presence, not counts (binary tf-idf): a set is built in C, and each sum is one
        # map over it in C too; an unknown gram adds 0.
        present = {*text, *map(add, text, text[1:])}
        zeros = repeat(0.0)
        norm = sum(map(self._squares.get, present, zeros))
        if norm <= 0:
            return tuple(_sigmoid(b) for b in self.intercepts)
        scale = 1.0 / math.sqrt(norm)
        return tuple(
            _sigmoid(sum(map(products.get, present, zeros)) * scale + b)
            for products, b in zip(self._products, self.intercepts, strict=True)
        )


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


def parse_classifier(text: str) -> TextClassifier:
    """Read a model file; raise :class:`ClassifierError` naming the first bad line."""
    lines = text.removeprefix("\ufeff").splitlines()
    if not lines or lines[0].strip() != HEADER:
        raise ClassifierError(1, f"a model file starts with '{HEADER}'")
    labels: tuple[str, ...] = ()
    intercepts: tuple[float, ...] = ()
    vocabulary: dict[str, tuple[float, tuple[float, ...]]] = {}
    for number, line in enumerate(lines[1:], start=2):
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if fields[0] == "@labels":
            labels = tuple(fields[1:])
            if not labels or not all(labels) or len(set(labels)) != len(labels):
                raise ClassifierError(number, "@labels needs distinct, non-empty labels")
            continue
        if fields[0] == "@intercepts":
            intercepts = tuple(_number(value, number) for value in fields[1:])
            continue
        if not labels or len(intercepts) != len(labels):
            raise ClassifierError(number, "@labels and as many @intercepts come before the grams")
        gram = fields[0]
        if not 1 <= len(gram) <= 2 or any(c.isspace() for c in gram):
            raise ClassifierError(number, "a gram is one or two characters without whitespace")
        if len(fields) != 2 + len(labels):
            raise ClassifierError(number, f"expected gram, idf and {len(labels)} weights")
        if gram in vocabulary:
            raise ClassifierError(number, f"gram '{gram}' twice")
        idf = _number(fields[1], number)
        if idf <= 0:
            raise ClassifierError(number, "idf must be positive")
        vocabulary[gram] = (idf, tuple(_number(value, number) for value in fields[2:]))
    if not labels or len(intercepts) != len(labels):
        raise ClassifierError(0, "@labels and as many @intercepts are required")
    if not vocabulary:
        raise ClassifierError(0, "the model has no grams")
    return TextClassifier(labels, intercepts, vocabulary)


def _number(value: str, line: int) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ClassifierError(line, f"'{value}' is not a number") from None
    if not math.isfinite(number):
        raise ClassifierError(line, f"'{value}' is not a finite number")
    return number
