"""The national catalogue of vocational qualifications, as a rule-pack data file.

``rules/catalogue-2021.txt`` lists one item a line as
``kind | name | aliases | department | source`` (``kind``: 准入类, 水平评价类, or
退出YYYY for an item that left the catalogue); the older two-field form
``name | alias, alias…`` still loads (an item of unknown kind). A text that calls a
certificate "XX职业资格证书" (or 资格证) is fine when XX ends with a name or an alias of
an item in the catalogue; otherwise, when XX looks like an occupation (ends in 师, 员,
工…), the rule flags it and its message says what the catalogue says of XX.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from certlint.matching.lazyre import LazyPattern
from certlint.matching.trie import trie_alternation

__all__ = ["DEPARTMENT_PREFIX", "Catalogue", "CatalogueEntry", "parse_department", "parse_entry"]

# "@department 人社 | 人社, 人力资源, 劳动": the words that name one department in text.
DEPARTMENT_PREFIX = "@department "

ADMISSION = "准入类"
LEVEL = "水平评价类"
# A class of items, not an occupation (专业技术人员职业资格证书, 技能人员职业资格证书).
CATEGORY = "类别"
OUTSIDE = "目录外"  # never an item, though its name ends like one (宠物医师, not 医师)
_KINDS = (ADMISSION, LEVEL, CATEGORY, OUTSIDE)
_LEFT = re.compile(r"退出(\d{4})")
# Last character of an occupation name: 营养师, 保育员, 电工, 护士, 操作手.
_OCCUPATION_END = frozenset("师员工士手嫂")
# Words that lead into the item and are not part of it: 考取心理咨询师 → 心理咨询师.
_LEAD_WORDS = (
    "考取", "获得", "颁发", "取得", "报考", "领取", "拿到", "发放", "持有", "报名", "获取",
    "申领", "考下", "办理", "的", "及", "和", "与", "取消", "撤销", "退出", "移出",
)  # fmt: skip
_OPENERS = "(（[【"
# An occupation's certificate: 收纳师证, 月嫂资格证, 育儿嫂证书.
# A certificate as the subject of a sentence: 计算机一级证书是…, 八大员证作为…; not one
# that names a class (职业资格证书是…, 职业技能等级证书属于…) or points back (该证书是…).
_SUBJECT_CERTIFICATE = LazyPattern(
    r"((?:(?!职业资格|资格|等级|技能|培训|结业|合格|学历|学位|毕业|该|此|这|本|其|各类|各种)[\u4e00-\u9fffA-Za-z0-9]){2,12}?)"
    r"(?:证书|证)(?:是|作为|属于|也是|即)"
)
_NAMED_CERTIFICATE = LazyPattern(r"([\u4e00-\u9fff]{1,8}?[师员工士嫂])的?(?:职业)?(?:资格)?(?:证|等级|资格)")
# An occupation named without a certificate word (初级咖啡师…可申报初级职业资格): a word
# ending like an occupation that is not a role, a rank or a level; not a name in quotation
# marks (news quoting a certificate's name: 获得了“高级催乳师”资格证).
_OCCUPATION = LazyPattern(
    r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{0,5}?([\u4e00-\u9fff]{2,5}[师员工嫂])(?![\u4e00-\u9fff”」』’\"])"
)
_NOT_OCCUPATIONS = frozenset(
    "人员 学员 会员 老师 讲师 导师 技师 高级技师 成员 官员 专员 考评员 职员 员工 考生 社员 党员 委员 "
    "教员 雇员 大师 名师 医师 律师 工程师 组员 队员 一员 之一员 员 施工 职工 员工 务工 打工 用工 分工 完工 手工".split()
)
# Words a certificate's name holds before 资格/证书 that name no item: 中华人民共和国职业资格证书
# names no occupation, so its finding says nothing of the catalogue.
_NOT_ITEMS = frozenset("职业 国家职业 职业技能 技能 专业 专业技术 岗位 执业 从业 上岗 培训 合格".split())
_MAX_ITEM = 16
_MEMORY = 4096  # answers remembered per catalogue
_T = TypeVar("_T")


@dataclass(frozen=True)
class CatalogueEntry:
    """One item: ``kind`` is 准入类, 水平评价类, 退出YYYY or empty (unknown)."""

    name: str
    aliases: tuple[str, ...]
    kind: str = ""
    department: str = ""
    source: str = ""

    @property
    def listed(self) -> bool:
        """Whether the item is in the current catalogue (not one that left it or was never in it)."""
        return not self.kind.startswith("退出") and self.kind != OUTSIDE

    @property
    def admission(self) -> bool:
        """Whether the item is an admission (准入类) qualification, required to practise."""
        return self.kind in (ADMISSION, "", CATEGORY)

    def describe(self) -> str:
        """What the catalogue says of the item, for a finding's message."""
        left = _LEFT.fullmatch(self.kind)
        if left:
            return f"目录：{self.name}已于{left.group(1)}年退出国家职业资格目录，现为职业技能等级认定或培训证书。"
        if self.kind == OUTSIDE:
            return f"目录：“{self.name}”不在《国家职业资格目录（2021年版）》中。"
        if self.kind == LEVEL:
            return (
                f"目录：{self.name}是国家职业资格目录内的水平评价类职业资格（{self.department}），不是从业的必要条件。"
            )
        if self.kind == ADMISSION:
            return f"目录：{self.name}是国家职业资格目录内的准入类职业资格（{self.department}）。"
        return f"目录：{self.name}是国家职业资格目录内的职业资格。"


def parse_entry(line: str) -> CatalogueEntry:
    """``"准入类 | 教师资格 | 教师, 小学教师 | 教育部 | gov2021"`` (or the older
    ``"教师资格 | 教师, 小学教师"``) → a :class:`CatalogueEntry`. Raises ValueError."""
    fields = [f.strip() for f in line.split("|")]
    if len(fields) == 2:
        kind, name, aliases, department, source = "", fields[0], fields[1], "", ""
    elif len(fields) == 5:
        kind, name, aliases, department, source = fields
        if kind not in _KINDS and not _LEFT.fullmatch(kind):
            raise ValueError(f"kind must be 准入类, 水平评价类, 类别, 目录外 or 退出YYYY, not '{kind}'")
    else:
        raise ValueError("expected 'kind | name | aliases | department | source'")
    if not name:
        raise ValueError("the item has no name")
    return CatalogueEntry(name, tuple(a.strip() for a in aliases.split(",") if a.strip()), kind, department, source)


def parse_department(line: str) -> tuple[str, tuple[str, ...]]:
    """``"@department 人社 | 人社, 人力资源"`` → ``("人社", ("人社", "人力资源"))``. Raises ValueError."""
    family, _, words = line.removeprefix(DEPARTMENT_PREFIX).partition("|")
    names = tuple(w.strip() for w in words.split(",") if w.strip())
    if not family.strip() or not names:
        raise ValueError("expected '@department FAMILY | word, word'")
    return family.strip(), names


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


class Catalogue:
    """Lookup of catalogue items by the occupation name that precedes an anchor."""

    def __init__(self, entries: Iterable[str | CatalogueEntry]) -> None:
        items: list[CatalogueEntry] = []
        family_of: dict[str, str] = {}  # a word naming a department → its family
        for entry in entries:
            if isinstance(entry, str) and entry.startswith(DEPARTMENT_PREFIX):
                family, words = parse_department(entry)
                family_of.update(dict.fromkeys(words, family))
            else:
                items.append(entry if isinstance(entry, CatalogueEntry) else parse_entry(entry))
        self.entries = tuple(items)
        self._family_of = family_of
        self._department_words = LazyPattern(trie_alternation(family_of)) if family_of else None
        # An item's department column as families; an association (no family word) is
        # a family of its own that no ministry matches.
        self._item_departments = {
            e.name: self.departments(e.department) or (frozenset({e.department}) if e.department.strip("- ") else None)
            for e in self.entries
        }
        by_name: dict[str, CatalogueEntry] = {}
        # Items in the catalogue win over items that left it when they share an alias.
        for entry in sorted(self.entries, key=lambda e: e.listed):
            for name in (entry.name, *entry.aliases):
                by_name[name] = entry
        self._by_name = by_name
        self.names = frozenset(n for n, e in by_name.items() if e.listed)
        self._longest = max((len(n) for n in by_name), default=0)
        # One alternation, longest first, so that `mentions` is a single C-level search.
        # Trie-shaped alternations, longest name first: one C-level search each.
        self._any = LazyPattern(trie_alternation(self.names)) if self.names else None
        self._all = LazyPattern(trie_alternation(by_name)) if by_name else None
        # Several candidates of one sentence ask the same question: remember the answers
        # for the last sentences seen (bounded; a plain dict, so the linter still pickles).
        self._answers: dict[tuple[str, str], object] = {}

    def compile_all(self) -> None:
        """Compile the name patterns now (see :class:`LazyPattern`)."""
        for name in ("_department_words", "_any", "_all"):
            value = getattr(self, name)
            if isinstance(value, LazyPattern):
                setattr(self, name, value.compiled())

    def _remember(self, question: str, text: str, answer: Callable[[str], _T]) -> _T:
        key = (question, text)
        if key in self._answers:
            return self._answers[key]  # type: ignore[return-value]
        if len(self._answers) >= _MEMORY:
            self._answers.clear()
        value = self._answers[key] = answer(text)
        return value

    def lookup(self, item: str) -> CatalogueEntry | None:
        """The entry (listed or left) whose name or alias ends ``item``, longest first
        (导游人员 is 导游)."""
        if item.endswith("人员") and len(item) > 3:
            entry = self.lookup(item[:-2])
            if entry is not None:
                return entry
        for k in range(min(len(item), self._longest), 0, -1):
            entry = self._by_name.get(item[-k:])
            if entry is not None:
                return entry
        return None

    def covers(self, item: str) -> bool:
        """Whether ``item`` ends with the name or alias of an item in the catalogue."""
        entry = self.lookup(item)
        return entry is not None and entry.listed

    def mentions(self, text: str) -> bool:
        """Whether the name or alias of an item in the catalogue occurs anywhere in ``text``."""
        return self._any is not None and self._any.search(text) is not None

    def listed_named(self, text: str) -> bool:
        return self._remember("listed", text, self._listed_named)

    def _listed_named(self, text: str) -> bool:
        """Whether ``text`` names an item in the catalogue (same as :meth:`mentions`)."""
        return self.mentions(text)

    def departments(self, text: str) -> frozenset[str]:
        """The department families that ``text`` names (人社部颁发 → {人社})."""
        if self._department_words is None:
            return frozenset()
        return frozenset(self._family_of[m.group()] for m in self._department_words.finditer(text))

    def listed_named_for(self, text: str, claim: str) -> bool:
        """Whether ``text`` names an item in the catalogue that the department named in
        ``claim`` implements (any listed item when the claim names no department):
        教师资格证由教育部颁发 yes, 电工证由人社部颁发 no (特种作业 is 应急管理部's)."""
        claimed = self.departments(claim)
        if not claimed:
            return self.listed_named(text)
        return self._remember("listed-for", f"{text}\x00{claim}", self._listed_named_for)

    def _listed_named_for(self, key: str) -> bool:
        text, claim = key.split("\x00")
        if self._all is None:
            return False
        claimed = self.departments(claim)
        for found in self._all.finditer(text):
            entry = self._by_name[found.group()]
            if not entry.listed:
                continue
            departments = self._item_departments.get(entry.name)
            if departments is None or departments & claimed:
                return True
        return False

    def admission_named(self, text: str) -> bool:
        return self._remember("admission", text, self._admission_named)

    def _admission_named(self, text: str) -> bool:
        """Whether ``text`` names an admission (准入类) item of the catalogue."""
        if self._all is None:
            return False
        return any(
            self._by_name[m.group()].listed and self._by_name[m.group()].admission for m in self._all.finditer(text)
        )

    def find(self, text: str) -> CatalogueEntry | None:
        """The first item (listed or left) named anywhere in ``text``."""
        found = self._all.search(text) if self._all is not None else None
        return self._by_name[found.group()] if found else None

    def unlisted_named(self, text: str) -> str | None:
        return self._remember("unlisted", text, self._unlisted_named)

    def _unlisted_named(self, text: str) -> str | None:
        """When ``text`` names a certificate or occupation that is not a listed item
        (an item that left the catalogue, or an occupation's certificate: 育婴师证), what
        the catalogue says of it; None when it names none, or names a listed item."""
        if self.mentions(text):
            return None
        entry = self.find(text)
        if entry is not None:
            return entry.describe()
        found = _NAMED_CERTIFICATE.search(text) or _SUBJECT_CERTIFICATE.search(text)
        if found:
            return self.describe(found.group(1))
        for occupation in _OCCUPATION.finditer(text):
            name = occupation.group(1)
            if not any(name.endswith(word) for word in _NOT_OCCUPATIONS):
                return self.describe(name)
        return None

    def named_detail(self, text: str) -> str:
        return self._remember("detail", text, self._named_detail)

    def _named_detail(self, text: str) -> str:
        """What the catalogue says of the certificate ``text`` names: an item (listed or
        left), else the first occupation that a certificate word follows (月嫂证)."""
        entry = self.find(text)
        if entry is not None:
            return entry.describe()
        found = _NAMED_CERTIFICATE.search(text)
        return self.describe(found.group(1)) if found else ""

    def describe(self, item: str) -> str:
        """What the catalogue says of ``item``, for a finding's message."""
        item = item.rstrip(_OPENERS)
        item = item.removesuffix("国家").rstrip(_OPENERS)
        if not item or item in _NOT_ITEMS:
            return ""
        entry = self.lookup(item)
        if entry is not None:
            return entry.describe()
        return f"目录：“{item}”不在《国家职业资格目录（2021年版）》中。"

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
