"""Normalization: fold the text into the form the rule terms are written in.

Every mapping here is one character to one character, so the normalized text has
exactly the length of the original and an offset in one is the same offset in the
other. That keeps finding positions exact without an offset map, and lets the whole
stage run as one ``str.translate`` call at C speed.

What is folded:
- ASCII letters to lower case;
- full-width ASCII (Ｂ, １, ％) and the ideographic space to their ASCII forms, except
  the sentence punctuation of Chinese text (，。！？；：（）), which is kept;
- CJK compatibility ideographs and other characters whose NFKC form is one character;
- traditional and regional variant characters to simplified (國→国, 認→认), from
  OpenCC's character tables (``data/t2s.tsv``), plus hand-curated variants
  (``data/variants.tsv``, e.g. 囯→国).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

__all__ = ["normalize", "normalize_char", "translation_table"]

# Ranges whose NFKC folding we want; applying NFKC everywhere would also fold
# characters such as ㈱ into several characters, which would break the 1:1 promise.
# Full-width sentence punctuation stays as it is: it is in nearly every line of Chinese
# text, and folding it would touch every line for nothing (the matcher knows both forms).
_KEPT_PUNCTUATION = frozenset("，。！？；：（）")
_NFKC_RANGES = (
    (0xFF01, 0xFF5E),  # full-width ASCII
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x2F800, 0x2FA1F),  # CJK compatibility ideographs supplement
    (0x2F00, 0x2FDF),  # Kangxi radicals (⼈ → 人)
    (0x2E80, 0x2EFF),  # CJK radicals supplement
)


def _read_pairs(name: str) -> dict[str, str]:
    text = resources.files("certlint").joinpath("data", name).read_text(encoding="utf-8")
    pairs: dict[str, str] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        source, target = line.split("\t")
        pairs[source] = target
    return pairs


@cache
def translation_table() -> dict[int, int]:
    """The code-point map used by :func:`normalize` (built once per process)."""
    table: dict[int, int] = {0x3000: 0x20}  # ideographic space
    # ASCII letters fold to lower case, so that LOGO, Logo and logo are one term.
    table.update({code: code + 32 for code in range(ord("A"), ord("Z") + 1)})
    for low, high in _NFKC_RANGES:
        for code in range(low, high + 1):
            folded = unicodedata.normalize("NFKC", chr(code))
            if len(folded) == 1 and folded != chr(code) and chr(code) not in _KEPT_PUNCTUATION:
                table[code] = ord(folded)
    for name in ("t2s.tsv", "variants.tsv"):
        for source, target in _read_pairs(name).items():
            table[ord(source)] = ord(target)
    # Chains (a compatibility ideograph whose NFKC form is traditional) end simplified.
    for code, target_code in list(table.items()):
        table[code] = table.get(target_code, target_code)
    return table


@cache
def _changing() -> re.Pattern[str]:
    """A character class of every BMP character the table changes (compiled to a
    bitmap, so a search runs at memory speed)."""
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(translation_table()) if c < 0x10000) + "]")


_ASTRAL = re.compile("[\U00020000-\U0002ffff]")


def normalize(text: str) -> str:
    """Return ``text`` folded for matching; ``len(normalize(t)) == len(t)`` always.

    Most text needs few changes, so they are found with one regex pass and spliced in;
    text with many (traditional Chinese) goes through ``str.translate``.
    """
    table = translation_table()
    if (len(text) < 4096 and not _changing.cache_info().currsize) or _ASTRAL.search(text):
        # A short text in a process that has not compiled the class regex yet (one small
        # file): translating is cheaper than compiling it.
        return text.translate(table)
    hits = [m.start() for m in _changing().finditer(text)]
    if not hits:
        return text
    if len(hits) > len(text) // 16:
        return text.translate(table)
    parts = []
    position = 0
    for index in hits:
        parts.append(text[position:index])
        parts.append(chr(table[ord(text[index])]))
        position = index + 1
    parts.append(text[position:])
    return "".join(parts)


def normalize_char(char: str) -> str:
    """Normalize a single character (used when building rule-term tables)."""
    return chr(translation_table().get(ord(char), ord(char)))
