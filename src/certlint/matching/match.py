"""Matching: pack terms → candidates (Aho-Corasick) → matches that survive the filters.

Every rule has literal ``terms``; they are the anchors. The automaton finds them in one
linear pass, and everything else is evaluated only around an anchor, in a window that
is bounded in characters, so that no input can make matching super-linear:

1. separators: a second pass looks at lines where one or two separator characters sit
   between two characters that are adjacent in some term (国·家·认·证, 包 过), on a
   copy of the line with those separators removed; spans map back to the original;
2. pattern: a regex that must match around the anchor (within ``window`` characters,
   inside the sentence); the finding then covers the regex match;
3. near: one of the ``near`` words must stand within ``near_within`` characters of the
   anchor, in the same sentence (or clause);
4. catalogue: "XX职业资格证书" is fine when XX is an item of the national catalogue;
5. allow phrases (the rule's, the pack's, the user's) around the anchor;
6. contexts declared in the pack: cue words that show the term is forbidden, warned
   against, denied or reported (严禁…, 谨防…, …骗局), or marks it sits inside (《》);
7. word boundaries: an anchor whose start or end falls inside a jieba word is dropped
   (包过 in 包过滤, 中华 in 中华鲟); jieba is loaded only when this step is reached;
8. overlaps: matches of one rule that overlap merge into one finding.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import ahocorasick

from certlint.matching.anchors import anchor_terms
from certlint.matching.classifier import TextClassifier, sentences
from certlint.matching.lazyre import LazyPattern
from certlint.matching.segment import Segmenter
from certlint.matching.trie import trie_alternation
from certlint.packs.catalogue import Catalogue
from certlint.packs.model import Context, Rule

__all__ = ["Match", "Matcher", "Suppressed"]

# A sentence ends at these; a clause also at a comma (full-width punctuation is kept by
# normalization, so both forms are listed).
_SENTENCE_END = frozenset("。!?;！？；\n\r…")
_CLAUSE_END = _SENTENCE_END | frozenset(",，")
# Separators that also occur between words in honest text: accepted inside a term only
# when every gap of the term has one (国,家,认,可), never as a single slip (全国,通用).
_HARD_SEPARATORS = frozenset(",、:，：")
_MAX_SEPARATORS = 2
_NEGATIONS = frozenset("未不没非无")
_OPENING_QUOTES = ("“", "‘", "「", "『", '"')
_CLOSING_QUOTES = ("”", "’", "」", "』")
_SCOPE_LIMIT = 120  # farthest a sentence or clause is searched for its start or end
_END_PATTERNS = {
    ends: re.compile("[" + re.escape("".join(sorted(ends))) + "]") for ends in (_SENTENCE_END, _CLAUSE_END)
}


# Sentences whose classifier scores are kept for reuse (about 20 MB at most).
_SCORES_KEPT = 50_000


@dataclass(frozen=True, slots=True)
class Match:
    """A finding-to-be: ``rule`` matched ``[start, end)`` of the original text."""

    start: int
    end: int
    rule: Rule
    term: str
    # What the catalogue says of the item the claim names, for the finding's message.
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Suppressed:
    """A match that an allow phrase or a context turned off (``--show-allowed``)."""

    match: Match
    reason: str


@dataclass
class _CompiledRule:
    rule: Rule
    pattern: LazyPattern | None
    contexts: _ContextSet
    catalogue: Catalogue | None
    # Whether a term alone is not yet a match (pattern, proximity or catalogue).
    conditional: bool = False
    near: LazyPattern | None = None  # the rule's near words as one alternation
    near_reach: int = 0  # how far from the anchor a near word may start or end
    allowed_terms: frozenset[str] = frozenset()  # terms that some allow phrase contains
    span_groups: tuple[str, ...] = ()  # the pattern's groups named span, span2…
    item_groups: tuple[str, ...] = ()  # … and item, item2…
    # Characters one of which every match of the pattern contains (证 for "…证书"): when
    # none is near the anchor, the pattern need not run.
    required: LazyPattern | None = None

    def __post_init__(self) -> None:
        if self.pattern is not None:
            # Characters of the terms are always there: a set of them tells nothing.
            avoid = frozenset("".join(self.rule.terms))
            # The smallest limit that gives a set not of the terms' own characters: the fewer
            # characters, the more it filters.
            smallest = needed = _required_characters(self.pattern.pattern, 8, avoid)
            for limit in (16, 24):
                if needed and not needed <= avoid:
                    break
                needed = _required_characters(self.pattern.pattern, limit, avoid)
            if not needed or needed <= avoid:
                needed = smallest
            if needed:
                self.required = LazyPattern("[" + re.escape("".join(sorted(needed))) + "]")
            self.span_groups = tuple(g for g in self.pattern.groupindex if g.startswith("span"))
            self.item_groups = tuple(g for g in self.pattern.groupindex if g.startswith("item"))
        self.conditional = self.pattern is not None or bool(self.rule.near) or self.catalogue is not None
        if self.rule.near:
            self.near = LazyPattern(trie_alternation(self.rule.near))
            self.near_reach = self.rule.near_within + max(map(len, self.rule.near))


class _View:
    """A text the automaton runs on, with the map from its offsets to the original."""

    def __init__(self, text: str, origin: list[int] | None = None, *, own_contexts: bool = False) -> None:
        self.text = text
        self.origin = origin  # origin[i] = original offset of text[i]; None: identity
        # Whether stance cues are read in this text rather than in the original: yes
        # where what was removed is not text (pinyin glosses), no where it was
        # punctuation that separates words (不，是 is not 不是).
        self.own_contexts = own_contexts

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        if self.origin is None:
            return start, end
        return self.origin[start], self.origin[end - 1] + 1


class Matcher:
    """Compiled form of a set of rules: one automaton over all their terms."""

    def __init__(
        self,
        rules: Sequence[Rule],
        allow: Iterable[str] = (),
        pack_allow: Mapping[str, Sequence[str]] | None = None,
        pack_contexts: Mapping[str, Sequence[Context]] | None = None,
        pack_catalogue: Mapping[str, Sequence[str]] | None = None,
        dictionary: Iterable[str] = (),
        separator_packs: frozenset[str] | None = None,
        pack_classifier: Mapping[str, TextClassifier | None] | None = None,
    ) -> None:
        """``allow`` applies to every rule, ``pack_allow[pack id]`` to that pack's rules;
        all phrases must already be normalized; ``separator_packs`` are the packs whose terms
        are also looked for with separators slipped in (None: all). ``dictionary`` adds words to jieba's
        dictionary besides these rules' terms (the terms of rules not selected), so that
        word boundaries do not depend on --select. ``pack_classifier[pack id]`` scores the
        sentences for that pack's classifier rules."""
        self.rules = tuple(rules)
        global_allow = tuple(dict.fromkeys(allow))
        pack_allow = pack_allow or {}
        pack_contexts = pack_contexts or {}
        catalogues = {pack: Catalogue(entries) for pack, entries in (pack_catalogue or {}).items() if entries}
        self._compiled: dict[str, _CompiledRule] = {}
        self._compiled_all = False  # see _compile_all
        by_term: dict[str, list[_CompiledRule]] = {}
        context_sets: dict[tuple[str, tuple[str, ...]], _ContextSet] = {}
        # pack id → its classifier and its rules: (rule, index of its label, threshold)
        self._classified: dict[str, tuple[TextClassifier, list[tuple[Rule, int, float]]]] = {}
        # sentence → each classifier's probabilities (see _classifier_matches)
        self._scores: dict[str, tuple[tuple[float, ...], ...]] = {}
        for rule in self.rules:
            if rule.classifier_label:
                classifier = (pack_classifier or {}).get(rule.pack)
                if classifier is not None:
                    entry = self._classified.setdefault(rule.pack, (classifier, []))
                    entry[1].append((rule, classifier.labels.index(rule.classifier_label), rule.threshold))
                continue
            available = tuple(pack_contexts.get(rule.pack, ()))
            chosen = (
                tuple(c for c in available if c.default)
                if rule.contexts is None
                else tuple(c for c in available if c.id in rule.contexts)
            )
            key = (rule.pack, tuple(c.id for c in chosen))
            if key not in context_sets:
                context_sets[key] = _ContextSet.of(chosen)
            compiled = _CompiledRule(
                rule=rule,
                pattern=LazyPattern(rule.pattern) if rule.pattern else None,
                contexts=context_sets[key],
                catalogue=catalogues.get(rule.pack) if rule.catalogue else None,
            )
            self._compiled[rule.id] = compiled
            for term in rule.terms:
                by_term.setdefault(term, []).append(compiled)
        self._automaton: ahocorasick.Automaton | None = None
        if by_term:
            # Keys are anchors (certlint.matching.anchors): a term or a suffix of it, each with the
            # terms it stands for, the anchor's offset in them and their rules.
            automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
            first_pack = self.rules[0].pack
            first = [term for rule in self.rules if rule.pack == first_pack for term in rule.terms]
            for anchor, found in anchor_terms(by_term, first).items():
                automaton.add_word(anchor, tuple((term, offset, tuple(by_term[term])) for term, offset in found))
            automaton.make_automaton()
            self._automaton = automaton
        # (rule id, term) → allow phrases that contain the term, with each offset of the
        # term inside the phrase.
        self._allow: dict[tuple[str, str], tuple[tuple[str, int, bool], ...]] = {}
        users = frozenset(global_allow)
        for rule in self.rules:
            if rule.id not in self._compiled:
                continue
            phrases = (*rule.allow, *pack_allow.get(rule.pack, ()), *global_allow)
            for term in rule.terms:
                placed = [
                    (phrase, offset, phrase in users) for phrase in phrases for offset in _occurrences(phrase, term)
                ]
                if placed:
                    self._allow[(rule.id, term)] = tuple(placed)
            self._compiled[rule.id].allowed_terms = frozenset(t for t in rule.terms if (rule.id, t) in self._allow)
        # Pairs of ASCII letters (pinyin stand-ins: guojia) are left out of the separator
        # pass: "g u o j i a" is not an evasion seen in practice, and letter pairs around
        # spaces are in every line of English.
        # Only the terms of packs that ask for it (``separators``; None: every pack).
        self._bigrams = frozenset(
            pair
            for term, term_rules in by_term.items()
            if separator_packs is None or any(c.rule.pack in separator_packs for c in term_rules)
            for i in range(len(term) - 1)
            if not (pair := term[i : i + 2]).isascii() or not pair.isalpha()
        )
        self._slip = _slip_pattern(self._bigrams) if self._bigrams else None
        self.segmenter = Segmenter([*by_term, *dictionary])

    def __getstate__(self) -> dict[str, object]:
        # Scores kept from earlier scans are this process's: a pickled linter starts empty.
        return {**self.__dict__, "_scores": {}}

    def prepare(self) -> None:
        """Compile every pattern and load the segmenter (see :meth:`Linter.prepare`)."""
        if not self._compiled_all:
            self._compile_all()
        self.segmenter.load()

    def _compile_all(self) -> None:
        """Replace every pattern still waiting to be compiled (a linter from the cache holds
        them as LazyPattern, so that a clean file never compiles them) by the compiled
        one: called at the first candidate, so that the hot loop calls re directly."""
        seen: set[int] = set()
        for compiled in self._compiled.values():
            for name in ("pattern", "near", "required"):
                value = getattr(compiled, name)
                if isinstance(value, LazyPattern):
                    setattr(compiled, name, value.compiled())
            contexts = compiled.contexts
            if id(contexts) not in seen:
                seen.add(id(contexts))
                for name in ("clause_before", "sentence_before", "after", "quoting", "openers"):
                    value = getattr(contexts, name)
                    if isinstance(value, LazyPattern):
                        object.__setattr__(contexts, name, value.compiled())
            if compiled.catalogue is not None and id(compiled.catalogue) not in seen:
                seen.add(id(compiled.catalogue))
                compiled.catalogue.compile_all()
        self._compiled_all = True

    # -- candidates ---------------------------------------------------------------------

    def candidates(self, normalized: str) -> list[Match]:
        """Every occurrence of every term in the text as written, before any filter."""
        if self._automaton is None:
            return []
        return [Match(start, end, compiled.rule, term) for start, end, term, compiled in self._hits(normalized)]

    def _hits(self, text: str) -> Iterator[tuple[int, int, str, _CompiledRule]]:
        for start, end, term, term_rules in self._terms(text):
            for compiled in term_rules:
                yield start, end, term, compiled

    def _terms(self, text: str) -> Iterator[tuple[int, int, str, tuple[_CompiledRule, ...]]]:
        """Each occurrence of a term: its span, the term, its rules."""
        assert self._automaton is not None
        for last, found in self._automaton.iter(text):  # the hot loop
            end = last + 1
            for term, offset, term_rules in found:
                start = end - len(term)
                # An anchor that is a suffix of the term: the rest must stand before it.
                if offset and (start < 0 or not text.startswith(term[:offset], start)):
                    continue
                yield start, end, term, term_rules

    def _views(self, normalized: str) -> Iterator[_View]:
        yield _View(normalized)
        if "(" in normalized or "（" in normalized:
            yield from _without_asides(normalized)
        if self._slip is None:
            return
        covered = -1  # the end of the last line compacted: its other hits need nothing
        for hit in self._slip.finditer(normalized):
            if hit.start() < covered or hit.group(1) + hit.group(2) not in self._bigrams:
                continue
            line_start = normalized.rfind("\n", 0, hit.start()) + 1
            line_end = normalized.find("\n", hit.end())
            covered = len(normalized) if line_end == -1 else line_end
            yield _compact(normalized, line_start, covered)

    # -- filters ------------------------------------------------------------------------

    def matches(
        self, normalized: str, suppressed: list[Suppressed] | None = None, skip: tuple[str, ...] = ()
    ) -> list[Match]:
        """Matches that pass every filter, in text order. Matches turned off by an allow
        phrase or a context are appended to ``suppressed`` when it is given. ``skip``: rule
        ids or prefixes left out for this text (per-file ignores), as if not selected, so
        that a classifier rule scores the sentences their matches would have taken."""
        kept = self._term_matches(normalized, suppressed) if self._automaton is not None else []
        if skip:
            kept = [m for m in kept if not m.rule.id.startswith(skip)]
        classified = self._classified
        if skip and classified:
            classified = {
                pack: (classifier, kept_rules)
                for pack, (classifier, rules) in classified.items()
                if (kept_rules := [entry for entry in rules if not entry[0].id.startswith(skip)])
            }
        if classified:
            kept.extend(self._classifier_matches(normalized, kept, classified))
            kept.sort(key=lambda m: (m.start, m.end, m.rule.id))
        return kept

    def _classifier_matches(
        self,
        normalized: str,
        found: list[Match],
        classified: Mapping[str, tuple[TextClassifier, list[tuple[Rule, int, float]]]],
    ) -> list[Match]:
        """Sentences a classifier rule flags, leaving out those where a term rule in play
        already found something (reported or silenced by a comment): its finding is more
        exact, and one sentence is one story."""
        out: list[Match] = []
        taken = [(m.start, m.end) for m in found]
        index = 0
        for start, end in sentences(normalized):
            while index < len(taken) and taken[index][1] <= start:
                index += 1
            # Sorted by start: the first match that ends after the sentence starts is the
            # only one that can overlap it first.
            if index < len(taken) and taken[index][0] < end:
                continue
            text = normalized[start:end]
            scores = self._scores.get(text)
            if scores is None:
                # Crawled pages repeat their boilerplate (menus, footers, slogans): a
                # sentence already scored is not scored again. Bounded: cleared when full.
                if len(self._scores) >= _SCORES_KEPT:
                    self._scores.clear()
                scores = self._scores[text] = tuple(c.probabilities(text) for c, _ in self._classified.values())
            # Scores are kept for every classifier; only those in play for this text report.
            for probabilities, pack in zip(scores, self._classified, strict=True):
                in_play = classified.get(pack)
                for rule, label, threshold in in_play[1] if in_play else ():
                    if probabilities[label] >= threshold:
                        out.append(
                            Match(start, end, rule, "", f"（模型判读，评分 {probabilities[label]:.2f}，请人工确认）")
                        )
        return out

    def _term_matches(self, normalized: str, suppressed: list[Suppressed] | None) -> list[Match]:
        assert self._automaton is not None
        kept: list[Match] = []
        for view in self._views(normalized):
            compacted = view.origin is not None
            text = view.text
            edges = self.segmenter.index(text)
            for start, end, term, term_rules in self._terms(text):
                if not self._compiled_all:
                    self._compile_all()
                crosses = not compacted or _uses_separator(view, normalized, start, end)
                for compiled in term_rules:
                    # A term the plain pass finds is found there; without asides, a claim
                    # around it may still cross one (人社部（简称…）颁发): overlapping
                    # findings of one rule merge below.
                    if not crosses and not (view.own_contexts and compiled.conditional):
                        continue
                    if compiled.conditional:
                        claim = self._span(text, start, end, compiled)
                        if claim is None:
                            continue
                        span, detail = (claim[0], claim[1]), claim[2]
                    else:
                        span, detail = (start, end), ""
                    rule = compiled.rule
                    original = view.to_original(*span) if compacted else span
                    # Contexts read the text as written: removing separators must not make
                    # cues out of the neighbours of a comma (不，是 → 不是).
                    reason = (self._allowed(text, start, term, rule) if term in compiled.allowed_terms else "") or (
                        _context(text, span, compiled.contexts)
                        if view.own_contexts
                        else _context(normalized, original, compiled.contexts)
                    )
                    if reason:
                        if suppressed is not None:
                            suppressed.append(Suppressed(Match(original[0], original[1], rule, term), reason))
                        continue
                    # The claim must start on a word boundary (the pattern's start, or the
                    # anchor's) and end on one: the anchor's end, or for a pattern its span's
                    # (免考 inside 免考核; 全国统一证书 inside 全国统一证书编号).
                    if compiled.pattern is None:
                        fits = edges.allows(start, end)
                    elif span[0] > start or span[1] < end:
                        # A span group that leaves the anchor out is the claim: the anchor
                        # may sit inside a longer name (大学 in 北京师范大学).
                        fits = edges.allows(span[0], span[1])
                    else:
                        first = min(span[0], start)
                        fits = edges.allows(first, end) or edges.allows(first, span[1])
                    if fits:
                        kept.append(Match(original[0], original[1], rule, term, detail))
        return _merge_overlaps(kept)

    def _span(self, text: str, start: int, end: int, compiled: _CompiledRule) -> tuple[int, int, str] | None:
        """The span the rule claims around the anchor ``[start, end)`` and what the
        catalogue says of the item it names, or None if the rule's pattern, proximity or
        catalogue condition does not hold."""
        rule = compiled.rule
        span = (start, end)
        item: str | None = None
        if compiled.near is not None and compiled.pattern is not None:
            # Cheap necessary condition first: a near word somewhere within reach of any
            # span the pattern could claim around the anchor.
            reach = rule.window + compiled.near_reach
            if compiled.near.search(text, max(0, start - reach), end + reach) is None:
                return None
        if compiled.pattern is not None:
            low, high = max(0, start - rule.window), end + rule.window
            if compiled.required is not None and compiled.required.search(text, low, high) is None:
                return None
            low = max(_scope_start(text, start, _SENTENCE_END), low)
            high = min(_scope_end(text, end, _SENTENCE_END), high)
            for found in compiled.pattern.finditer(text, low, high):
                if found.start() <= start and found.end() >= end:
                    # The "span" group (or "span2"… in another branch), where the branch that
                    # matched has one; else the whole match.
                    span = next((found.span(g) for g in compiled.span_groups if found.start(g) != -1), found.span())
                    # The named certificate: group "item" (or "item2"… in another branch).
                    if compiled.item_groups:
                        item = next((v for g in compiled.item_groups if (v := found.group(g)) is not None), "")
                    break
            else:
                return None
        # Distance to a near word counts from the claim: the pattern's span, or the anchor.
        if compiled.near is not None and not _near(text, span[0], span[1], compiled, rule.near_within):
            return None
        catalogue = compiled.catalogue
        if catalogue is None:
            return (*span, "")
        if rule.catalogue == "unlisted-named":
            # The certificate must be named in the claim's own clause (育婴师证是国家职业资格证书),
            # not in a neighbouring one that may deny it.
            clause = text[_scope_start(text, span[0], _CLAUSE_END) : _scope_end(text, span[1], _CLAUSE_END)]
            detail = catalogue.unlisted_named(clause)
            return None if detail is None else (*span, detail)
        if rule.catalogue != "item":
            # The claim stands unless the sentence names an item the catalogue allows it
            # for: any listed item (教师资格证由教育部颁发), or an admission item for
            # necessity claims (特种作业人员必须持证上岗).
            sentence_start = _scope_start(text, span[0], _SENTENCE_END)
            sentence = text[sentence_start : _scope_end(text, span[1], _SENTENCE_END)]
            claim = text[span[0] : span[1]]

            def exempt(part: str) -> bool:
                if rule.catalogue == "unless-admission":
                    return catalogue.admission_named(part)
                return catalogue.listed_named_for(part, claim)

            if exempt(sentence):
                return None
            # A sentence that opens by referring back (该证是应急管理部门颁发的), or names
            # no certificate at all, is about the certificate the sentence before it names.
            if (
                sentence_start > 0
                and (_REFERS_BACK.match(text, sentence_start) or not _CERTIFICATE_WORD.search(sentence))
                and exempt(text[_scope_start(text, sentence_start - 1, _SENTENCE_END) : sentence_start])
            ):
                return None
            return (*span, catalogue.named_detail(sentence))
        if item is not None:
            # The pattern names the certificate: fine when it is a catalogue item
            # (中华人民共和国教师资格证书).
            return None if catalogue.mentions(item) else (*span, catalogue.describe(item) if item else "")
        claimed = catalogue.claimed_item(text, start)
        if claimed is None:
            return None
        return min(span[0], claimed), span[1], catalogue.describe(text[claimed:start])

    def _allowed(self, text: str, start: int, term: str, rule: Rule) -> str:
        for phrase, offset, by_user in self._allow.get((rule.id, term), ()):
            if phrase == term and not by_user:
                continue  # a pack-wide phrase (人社部门 for 人社部) is no exemption for the term itself
            begin = start - offset
            if begin >= 0 and text.startswith(phrase, begin):
                return f"allow phrase '{phrase}'"
        return ""


@dataclass(frozen=True)
class _ContextSet:
    """The contexts a rule uses, compiled together: one regex for the cues before a term
    in its clause, one for those in its sentence, one for the cues after it, each cue
    list a named group, so that a candidate costs a few C-level searches however many
    contexts the pack declares."""

    ids: tuple[str, ...]
    clause_before: LazyPattern | None
    sentence_before: LazyPattern | None
    after: LazyPattern | None
    within: tuple[int, ...]  # per context: how far after the term its cues count
    quoting: LazyPattern | None  # before-cues that open a quotation (对方称“), a group per context
    inside: tuple[tuple[str, str, tuple[str, ...], str, bool], ...]  # (opening, closing, endings, id, framed)
    openers: LazyPattern | None  # any opening mark of ``inside``: most candidates have none near

    @classmethod
    def of(cls, contexts: Sequence[Context]) -> _ContextSet:
        def groups(cues_of: Callable[[Context], Sequence[str]], keep: Callable[[Context], bool]) -> LazyPattern | None:
            parts = [
                f"(?P<c{index}>" + trie_alternation(cues_of(context)) + ")"
                for index, context in enumerate(contexts)
                if cues_of(context) and keep(context)
            ]
            return LazyPattern("|".join(parts)) if parts else None

        return cls(
            ids=tuple(c.id for c in contexts),
            clause_before=groups(lambda c: c.before, lambda c: c.scope != "sentence"),
            sentence_before=groups(lambda c: c.before, lambda c: c.scope == "sentence"),
            after=groups(lambda c: c.after, lambda c: True),
            within=tuple(c.within for c in contexts),
            quoting=groups(lambda c: [cue for cue in c.before if cue.endswith(_OPENING_QUOTES)], lambda c: True),
            inside=tuple((o, cl, c.inside_endings, c.id, c.framed) for c in contexts for o, cl in c.inside),
            openers=LazyPattern("[" + re.escape("".join({o for c in contexts for o, _ in c.inside})) + "]")
            if any(c.inside for c in contexts)
            else None,
        )

    def reason(self, found: re.Match[str]) -> str:
        assert found.lastgroup is not None
        return f"context {self.ids[int(found.lastgroup[1:])]} ('{found.group()}')"


def _context(text: str, span: tuple[int, int], contexts: _ContextSet) -> str:
    start, end = span
    sentence_start = _scope_start(text, start, _SENTENCE_END)
    if contexts.clause_before is not None:
        found = contexts.clause_before.search(text, _scope_start(text, start, _CLAUSE_END), start)
        if found:
            return contexts.reason(found)
    if contexts.sentence_before is not None:
        found = contexts.sentence_before.search(text, sentence_start, start)
        if found:
            return contexts.reason(found)
    # A cue that opens a quotation (对方称“…”) covers the whole quotation, across the
    # commas inside it.
    if contexts.quoting is not None:
        for found in contexts.quoting.finditer(text, sentence_start, start):
            if not any(q in text[found.end() : start] for q in _CLOSING_QUOTES):
                return contexts.reason(found)
    # The mark that ends the sentence belongs to it (a question's ？).
    sentence_end = min(len(text), _scope_end(text, end, _SENTENCE_END) + 1)
    if contexts.after is not None:
        for found in contexts.after.finditer(text, end, min(sentence_end, end + max(contexts.within))):
            assert found.lastgroup is not None
            if found.end() <= end + contexts.within[int(found.lastgroup[1:])]:
                return contexts.reason(found)
    low = max(0, start - _SCOPE_LIMIT)
    if contexts.openers is None or contexts.openers.search(text, low, start) is None:
        return ""
    for opening, closing, endings, context_id, framed in contexts.inside:
        # A quotation may hold whole sentences (“报名费3500元，可以代考。”): look for its
        # marks past the sentence, as far as a scope reaches.
        low, high = max(0, start - _SCOPE_LIMIT), min(len(text), end + _SCOPE_LIMIT)
        left = text.rfind(opening, low if opening != closing else sentence_start, start)
        if left != -1 and text.find(closing, left, start) == -1:
            right = text.find(closing, end, high if opening != closing else sentence_end)
            if right != -1 and text.find(opening, end, right) != -1:
                right = -1  # the mark after the term closes a later quotation
            if (
                right != -1
                and (not endings or text[left + 1 : right].endswith(endings))
                and (not framed or _framed(text, left, right, contexts.inside))
            ):
                return f"context {context_id} ({opening}…{closing})"
    return ""


def _framed(text: str, left: int, right: int, inside: Sequence[tuple[str, str, tuple[str, ...], str, bool]]) -> bool:
    """Whether the sentence around the quotation ``text[left : right + 1]`` has a word
    outside every quotation: something (对方称, 等字样, 本机构) that quotes it."""
    low = _scope_start(text, left, _SENTENCE_END)
    high = _scope_end(text, right + 1, _SENTENCE_END)
    outside = text[low:high]
    for opening, closing, *_ in inside:
        if opening != closing:
            outside = re.sub(re.escape(opening) + "[^" + re.escape(closing) + "]*" + re.escape(closing), " ", outside)
    return any(char.isalnum() for char in outside)


def _near(text: str, start: int, end: int, compiled: _CompiledRule, within: int) -> bool:
    """Whether one of the rule's near words stands within ``within`` characters of the
    anchor in the same sentence, or clause with ``near.scope: clause`` (ending by ``start`` before it, or starting by
    ``end + within`` after it), and is not negated (未授权, 不认可, 非颁发 do not count)."""
    words = compiled.near
    assert words is not None
    ends = _CLAUSE_END if compiled.rule.near_scope == "clause" else _SENTENCE_END
    low = max(_scope_start(text, start, ends), start - compiled.near_reach)
    for found in words.finditer(text, low, start):
        if found.end() >= start - within and not _negated(text, found.start()):
            return True
    high = min(_scope_end(text, end, ends), end + compiled.near_reach)
    for found in words.finditer(text, end, high):
        # After the anchor, a negation anywhere in between counts: 人社部不直接给机构颁发.
        if found.start() <= end + within and not any(c in _NEGATIONS for c in text[end : found.start()]):
            return True
    return False


def _negated(text: str, position: int) -> bool:
    return any(char in _NEGATIONS for char in text[max(0, position - 2) : position])


def _required_characters(pattern: str, limit: int = 8, avoid: frozenset[str] = frozenset()) -> frozenset[str] | None:
    """A small set of characters of which every match of ``pattern`` contains one, read
    from the element that every match must have with the fewest characters, not all of
    them in ``avoid`` (证 in "…(?:资格证书|证书|证)"; in a branch, the union of each branch's
    set), else from the last such element; None when the pattern gives no such set."""
    from re import _parser  # type: ignore[attr-defined]

    def of_sequence(items: object) -> frozenset[str] | None:
        best: frozenset[str] | None = None
        last: frozenset[str] | None = None
        for op, arg in reversed(list(items)):  # type: ignore[call-overload]
            found = of_item(op, arg)
            if not found:
                continue
            last = last or found
            if not found <= avoid and (best is None or len(found) < len(best)):
                best = found
        return best or last

    def of_item(op: object, arg: object) -> frozenset[str] | None:
        if op is _parser.LITERAL:
            return frozenset(chr(arg))  # type: ignore[arg-type]
        if op is _parser.IN:
            chars = [chr(a) for o, a in arg if o is _parser.LITERAL]  # type: ignore[attr-defined]
            return frozenset(chars) if len(chars) == len(arg) and len(chars) <= limit else None  # type: ignore[arg-type]
        if op is _parser.SUBPATTERN:
            return of_sequence(arg[-1])  # type: ignore[index]
        if op in (_parser.MAX_REPEAT, _parser.MIN_REPEAT) and arg[0] >= 1:  # type: ignore[index]
            return of_sequence(arg[2])  # type: ignore[index]
        if op is _parser.BRANCH:
            union: set[str] = set()
            for branch in arg[1]:  # type: ignore[index]
                found = of_sequence(branch)
                if not found:
                    return None
                union |= found
            return frozenset(union) if len(union) <= limit else None
        return None

    try:
        parsed = _parser.parse(pattern)
    except Exception:
        return None
    return of_sequence(parsed)


# A sentence with none of these words speaks of a certificate named before it
# (导游资格考试制度…。国家旅游局统一组织考试).
_CERTIFICATE_WORD = re.compile("证|资格|执照|职称")
# Words that open a sentence about the certificate named just before (该证…, 此证书…, 它…,
# or the bare subject 证书…).
_REFERS_BACK = re.compile(
    r"[\s\"“”「」]*(?:(?:该|此|这个|这一|这张|这类|这种|本)(?:证|资格|执照|职业|工种|考试|项目)|证书|它|其)"
)


def _scope_start(text: str, position: int, ends: frozenset[str]) -> int:
    """Start of the sentence (or clause) holding ``position``, at most _SCOPE_LIMIT back."""
    limit = max(0, position - _SCOPE_LIMIT)
    found = _END_PATTERNS[ends].search(text[limit:position][::-1])
    return position - found.start() if found else limit


def _scope_end(text: str, position: int, ends: frozenset[str]) -> int:
    """End of the sentence (or clause) holding ``position``, at most _SCOPE_LIMIT ahead."""
    limit = min(len(text), position + _SCOPE_LIMIT)
    found = _END_PATTERNS[ends].search(text, position, limit)
    return found.start() if found else limit


# -- separators -------------------------------------------------------------------------


def _is_separator(char: str) -> bool:
    if char in _SENTENCE_END:
        return False
    category = unicodedata.category(char)
    return category[0] in "PSZ" or category == "Cf"


@cache
def _separator_class(exclude: str = "") -> str:
    """A regex character class of every separator character (built once)."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x20, 0x10000):
        if 0xD800 <= code <= 0xDFFF or chr(code) in exclude:
            continue
        if _is_separator(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    parts = [re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges]
    # BMP characters only inside the class, so that it compiles to a bitmap; emoji and
    # other astral symbols are one extra range beside it.
    return "(?:[" + "".join(parts) + "]|[\U0001f000-\U0001fbff])"


def _slip_pattern(bigrams: frozenset[str]) -> LazyPattern:
    """Where a term may be spelled out with separators: two characters adjacent in a term
    with one or two soft separators between them (国·家, 包 过), or hard ones (，、：) in
    two gaps in a row (国，家，认) — a single comma between words is ordinary text."""
    firsts = re.escape("".join(sorted({b[0] for b in bigrams})))
    seconds = re.escape("".join(sorted({b[1] for b in bigrams})))
    hard = re.escape("".join(sorted(_HARD_SEPARATORS)))
    soft = _separator_class(exclude="".join(_HARD_SEPARATORS))
    n = _MAX_SEPARATORS
    return LazyPattern(f"([{firsts}])(?:{soft}{{1,{n}}}|[{hard}]{{1,{n}}}(?=[^{hard}][{hard}]))([{seconds}])")


def _compact(text: str, start: int, end: int) -> _View:
    """The line ``text[start:end]`` without runs of at most two separators that sit
    between two non-separator characters."""
    chars: list[str] = []
    origin: list[int] = []
    index = start
    while index < end:
        char = text[index]
        if chars and _is_separator(char):
            run_end = index
            while run_end < end and run_end - index <= _MAX_SEPARATORS and _is_separator(text[run_end]):
                run_end += 1
            if run_end - index <= _MAX_SEPARATORS and run_end < end:
                index = run_end  # drop the run: a non-separator follows
                continue
            chars.extend(text[index:run_end])
            origin.extend(range(index, run_end))
            index = run_end
            continue
        chars.append(char)
        origin.append(index)
        index += 1
    return _View("".join(chars), origin)


# A pinyin gloss after a character, as some pages print traditional text: 國(guó)家.
# A tone mark is required, so that "(NHC)" or "(A)" after a word stays text.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_GLOSS = f"(?<=[\u3400-\u9fff])\\((?=[a-zü{_TONED}]{{0,5}}[{_TONED}])[a-zü{_TONED}]{{1,6}}\\)"
# An aside that names again what it follows: an abbreviation or a foreign name
# (人力资源和社会保障部（简称“人社部”）颁发, 国家卫生健康委员会(National Health Commission)颁发).
_RENAMING = "[(（](?:以下简称|简称|英文名?|全称|英语)[^()（）\n]{0,30}[)）]|[(（][a-z][a-z0-9 ,.'&/-]{1,80}[)）]"
_ASIDE = LazyPattern(f"{_GLOSS}|{_RENAMING}")  # compiled at its first use


def _asides(text: str, start: int, end: int) -> list[re.Match[str]]:
    """The asides in ``text[start:end]``, in order. Brackets are found by ``str.find``
    first: a regex scan over every character would cost a tenth of the whole scan."""
    found: list[re.Match[str]] = []
    for opener in "(（":
        index = text.find(opener, start, end)
        while index != -1:
            aside = _ASIDE.match(text, index, end)
            if aside is not None:
                found.append(aside)
            index = text.find(opener, index + 1, end)
    found.sort(key=lambda m: m.start())
    return found


def _without_asides(text: str) -> Iterator[_View]:
    """Each line that carries pinyin glosses (國(guó)家) or renaming asides, without them;
    spans map back to the original."""
    done = -1
    for aside in _asides(text, 0, len(text)):
        if aside.start() < done:
            continue
        line_start = text.rfind("\n", 0, aside.start()) + 1
        line_end = text.find("\n", aside.end())
        done = len(text) if line_end == -1 else line_end
        chars: list[str] = []
        origin: list[int] = []
        index = line_start
        for found in _asides(text, line_start, done):
            if found.start() < index:
                continue  # inside an aside already dropped
            chars.append(text[index : found.start()])
            origin.extend(range(index, found.start()))
            index = found.end()
        chars.append(text[index:done])
        origin.extend(range(index, done))
        yield _View("".join(chars), origin, own_contexts=True)


def _uses_separator(view: _View, text: str, start: int, end: int) -> bool:
    """Whether the compacted match ``[start, end)`` skipped separators, and if it
    skipped hard ones (、,:) whether it skipped one in every gap."""
    assert view.origin is not None
    gaps = [text[view.origin[k] + 1 : view.origin[k + 1]] for k in range(start, end - 1)]
    if not any(gaps):
        return False
    if any(char in _HARD_SEPARATORS for gap in gaps for char in gap):
        return all(gaps)
    return True


def _occurrences(phrase: str, term: str) -> list[int]:
    offsets = []
    index = phrase.find(term)
    while index != -1:
        offsets.append(index)
        index = phrase.find(term, index + 1)
    return offsets


def _merge_overlaps(matches: list[Match]) -> list[Match]:
    """One finding per rule per stretch of text: overlapping or nested matches of the
    same rule merge into their union (可挂靠 + 挂靠企业 → 可挂靠企业); a match nested in a
    match of another rule with the same clauses is dropped."""
    ordered = sorted(matches, key=lambda m: (m.rule.id, m.start, -m.end))
    out: list[Match] = []
    for match in ordered:
        last = out[-1] if out else None
        if last is not None and last.rule.id == match.rule.id and match.start < last.end:
            if match.end > last.end:
                out[-1] = Match(last.start, match.end, last.rule, last.term, last.detail or match.detail)
            continue
        out.append(match)
    out.sort(key=lambda m: (m.start, -m.end, m.rule.id))
    # One place, one finding per clause: a match inside a longer match of another rule
    # under the same clauses says nothing new (挂靠 inside 可挂靠企业).
    kept: list[Match] = []
    for match in out:
        if any(
            k.start <= match.start
            and match.end <= k.end
            and k.rule.clauses == match.rule.clauses
            and k.rule.severity.rank >= match.rule.severity.rank
            for k in kept[-8:]
        ):
            continue
        kept.append(match)
    kept.sort(key=lambda m: (m.start, m.end, m.rule.id))
    return kept
