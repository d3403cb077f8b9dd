"""The national catalogue of vocational qualifications, as a rule-pack data file.

``rules/catalogue-2021.txt`` lists each item as ``name | alias, alias…``. A text that
calls a certificate "XX职业资格证书" (or 资格证) is fine when XX ends with a name or an
alias of an item; otherwise, when XX looks like an occupation (ends in 师, 员, 工…), the
rule flags it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["Catalogue", "parse_entry"]

# Last character of an occupation name: 营养师, 保育员, 电工, 护士, 操作手.
_OCCUPATION_END = frozenset("师员工士手")
# Words that lead into the item and are not part of it: 考取心理咨询师 → 心理咨询师.
_LEAD_WORDS = (
    "考取", "获得", "颁发", "取得", "报考", "领取", "拿到", "发放", "持有", "报名", "获取",
    "申领", "考下", "办理", "的", "及", "和", "与",
)  # fmt: skip
_OPENERS = "(（[【"
_MAX_ITEM = 16


def parse_entry(line: str) -> tuple[str, tuple[str, ...]]:
    """``"教师资格 | 教师, 小学教师"`` → ``("教师资格", ("教师", "小学教师"))``."""
    name, _, aliases = line.partition("|")
    return name.strip(), tuple(a.strip() for a in aliases.split(",") if a.strip())


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


class Catalogue:
    """Lookup of catalogue items by the occupation name that precedes an anchor."""

    def __init__(self, entries: Iterable[str]) -> None:
        names: set[str] = set()
        for line in entries:
            name, aliases = parse_entry(line)
            names.add(name)
            names.update(aliases)
        self.names = frozenset(names)
        self._longest = max((len(n) for n in names), default=0)
        # One alternation, longest first, so that `mentions` is a single C-level search.
        self._any = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))) if names else None

    def covers(self, item: str) -> bool:
        """Whether ``item`` ends with a catalogue name or alias."""
        return any(item[-k:] in self.names for k in range(1, min(len(item), self._longest) + 1))

    def mentions(self, text: str) -> bool:
        """Whether a catalogue name or alias occurs anywhere in ``text``."""
        return self._any is not None and self._any.search(text) is not None

    def claimed_item(self, text: str, anchor: int) -> int | None:
        """For "XX职业资格证书" with the anchor at ``anchor``: the start of XX when XX
        looks like an occupation that is *not* in the catalogue; None otherwise."""
        end = anchor
        if text[max(0, end - 2) : end] == "国家":
            end -= 2
        while end > 0 and text[end - 1] in _OPENERS:
            end -= 1
        start = end
        while start > 0 and end - start < _MAX_ITEM and _is_cjk(text[start - 1]):
            start -= 1
        item = text[start:end]
        if not item or item[-1] not in _OCCUPATION_END or self.covers(item):
            return None
        cut = max((item.rfind(w) + len(w) for w in _LEAD_WORDS if w in item[:-1]), default=0)
        return start + cut if cut < len(item) else start
