"""The engine: a Document → normalized text → matches → findings. It never prints and
knows nothing about files.

One way in: :meth:`Linter.scan` (a Document). ``scan_text``, ``scan_record`` and
``scan_paths`` are conveniences of the public API that build Documents (the last through
:mod:`certlint.pipeline`), as are the module-level :func:`scan_text` / :func:`scan_paths`
over the default pack.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from certlint.findings import Finding, ScanResult
from certlint.gate.suppress import META_RULES, apply_suppressions
from certlint.inputs.document import Document, ocr_note
from certlint.inputs.readers import record_document
from certlint.matching.match import Match, Matcher, Suppressed
from certlint.matching.normalize import normalize
from certlint.packs.model import PackError, PackProblem, Rule, RulePack, default_pack_paths

if TYPE_CHECKING:
    from certlint.inputs.discovery import Discovery
    from certlint.inputs.records import Record

__all__ = ["Linter", "UnknownSelector", "scan_paths", "scan_text", "select_rules"]

_NEWLINE = re.compile(r"\r\n|\r|\n")
# Longest source line a finding quotes in full; longer lines are cut around the match.
_EXCERPT_MAX = 160
_EXCERPT_CONTEXT = 50


class UnknownSelector(ValueError):
    """A --select or --ignore entry that names no rule of the packs in use."""

    def __init__(self, selector: str) -> None:
        super().__init__(f"unknown rule or prefix '{selector}'")
        self.selector = selector


def select_rules(rules: Sequence[Rule], select: Sequence[str] = (), ignore: Sequence[str] = ()) -> list[Rule]:
    """Apply ``--select``/``--ignore``: each entry is a rule id (that rule alone) or an id
    prefix (``CL1``: every rule whose id starts so), in any case.

    Raises ValueError naming any entry that matches no rule.
    """
    # Ids in any case: --select cl204 is --select CL204.
    select = [selector.strip().upper() for selector in select]
    ignore = [selector.strip().upper() for selector in ignore]
    ids = {rule.id for rule in rules}

    def matches(rule: Rule, selector: str) -> bool:
        return rule.id == selector if selector in ids else rule.id.startswith(selector)

    for selector in (*select, *ignore):
        if not any(matches(rule, selector) for rule in rules):
            raise UnknownSelector(selector)
    chosen = [r for r in rules if not select or any(matches(r, s) for s in select)]
    return [r for r in chosen if not any(matches(r, s) for s in ignore)]


class Linter:
    """A set of rule packs compiled for scanning.

    >>> linter = Linter.from_default()
    >>> [f.rule for f in linter.scan_text("本证书国家认可，全国通用")]
    ['CL201', 'CL201']
    """

    def __init__(
        self,
        packs: Sequence[RulePack],
        *,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        allow: Iterable[str] = (),
    ) -> None:
        self.packs = tuple(packs)
        _check_unique_ids(self.packs)
        all_rules = [rule for pack in self.packs for rule in pack.rules]
        self.rules = tuple(select_rules([*all_rules, *META_RULES], select, ignore))
        self._known_ids = frozenset(rule.id for rule in (*all_rules, *META_RULES))
        self._combined_rules: dict[tuple[str, tuple[str, ...], str], Rule] = {}
        self._pack_order = {pack.id: index for index, pack in enumerate(self.packs)}
        self._active_ids = frozenset(rule.id for rule in self.rules)
        self._matcher = Matcher(
            self.rules,
            allow=tuple(normalize(phrase) for phrase in allow),
            pack_allow={pack.id: pack.allow for pack in self.packs},
            pack_contexts={pack.id: pack.contexts for pack in self.packs},
            pack_catalogue={pack.id: pack.catalogue for pack in self.packs},
            separator_packs=frozenset(pack.id for pack in self.packs if pack.separators),
            pack_classifier={pack.id: pack.classifier for pack in self.packs},
            dictionary=[term for rule in all_rules for term in rule.terms],
        )

    @classmethod
    def from_default(
        cls, *, select: Sequence[str] = (), ignore: Sequence[str] = (), allow: Iterable[str] = ()
    ) -> Linter:
        """A linter over the packs shipped with certlint."""
        return cls.from_packs(default_pack_paths(), select=select, ignore=ignore, allow=allow)

    @classmethod
    def from_packs(
        cls,
        paths: Iterable[str | Path],
        *,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        allow: Iterable[str] = (),
    ) -> Linter:
        """Load the packs at ``paths``; raises PackError listing every problem."""
        packs: list[RulePack] = []
        problems: list[PackProblem] = []
        from certlint.packs.loader import load_pack  # PyYAML only when a pack is parsed

        for path in paths:
            try:
                packs.append(load_pack(path))
            except PackError as error:
                problems.extend(error.problems)
        if problems:
            raise PackError(problems)
        return cls(packs, select=select, ignore=ignore, allow=allow)

    @property
    def segmenter_loaded(self) -> bool:
        """Whether jieba has been loaded (it is only needed once a candidate appears)."""
        return self._matcher.segmenter.loaded

    def prepare(self) -> None:
        """Load the word segmenter and compile every pattern now rather than at the first
        candidate (before forking workers, so that they inherit them)."""
        self._matcher.prepare()

    def rule(self, rule_id: str) -> Rule:
        for rule in (*(r for pack in self.packs for r in pack.rules), *META_RULES):
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def scan(
        self, document: Document, *, allowed: list[Finding] | None = None, skip: tuple[str, ...] = ()
    ) -> list[Finding]:
        """Findings in ``document`` (including CL001/CL002 for bad suppression comments),
        sorted by position then rule: the one way into the engine.

        Positions are mapped back to the document's source (HTML, Markdown), placed in
        the file for a chunk of a streamed file, and carry the document location
        (paragraph, table cell, slide, page) and record. When ``allowed`` is a list, the
        matches that an allow phrase, a context or a suppression comment turned off are
        added to it (as findings whose ``message`` says why), sorted and without repeats.
        ``skip`` holds rule ids or prefixes left out for this document (per-file ignores),
        before the findings of two packs on one span are merged.
        """
        text, path = document.text, document.path
        source = document.source if document.source is not None else text
        suppressed: list[Suppressed] | None = [] if allowed is not None else None
        matches = self._matcher.matches(normalize(text), suppressed, skip)
        if len(self.packs) > 1 and matches:
            matches = self._merge_packs(matches)
        has_directives = "certlint" in source
        if not matches and not suppressed and not has_directives:
            return []
        lines = _LineIndex(source)
        # Directives are read in the document's own lines: place findings in the file
        # after suppressing (rare), else directly.
        place = _Place(document, shift=not has_directives)

        def make(match: Match, message: str = "") -> Finding:
            start, end = match.start, match.end
            if document.origin is not None:
                start, end = document.origin[start], document.origin[end - 1] + 1
            if not message and match.detail:
                message = f"{match.rule.message}{match.detail}"
            location = document.location(match.start, match.end)
            if document.scores is not None and not message.startswith("not flagged"):
                note = ocr_note(location)
                message = f"{message or match.rule.message}{note}" if note else message
            return self._finding(document, source, lines, place, match.rule, start, end, message, location)

        findings = [make(m) for m in matches]
        quiet = [make(s.match, f"not flagged: {s.reason}") for s in suppressed or ()]
        if has_directives:
            findings, silenced, meta = apply_suppressions(findings, source, path, self._known_ids, self._active_ids)
            findings = sorted([*findings, *meta], key=Finding.sort_key)
            quiet.extend(silenced)
            if document.first_line != 1 or document.first_column:
                findings = [_shifted(f, document) for f in findings]
                quiet = [_shifted(f, document) for f in quiet]
        if skip and has_directives:  # CL001/CL002 come from the comments, after the matches
            findings = [f for f in findings if not f.rule.startswith(skip)]
        if allowed is not None:
            unique = {(f.line, f.column, f.end_line, f.end_column, f.rule): f for f in quiet}
            allowed.extend(sorted(unique.values(), key=Finding.sort_key))
        return findings

    def _merge_packs(self, matches: list[Match]) -> list[Match]:
        """Where rules of two packs flag overlapping spans (包过 under the notice and under
        the Advertising Law), one finding: the rule of the pack loaded first, over both
        spans, citing the clauses of both (first pack first), at the higher severity.
        ``matches`` come sorted by position (start, end, rule), and so do the results."""
        order = self._pack_order
        merged: list[Match] = []
        changed = False
        for match in matches:
            last = merged[-1] if merged else None
            if last is None or match.start >= last.end or match.rule.pack == last.rule.pack:
                merged.append(match)
                continue
            # The earlier pack's rule leads even when the later pack's span starts first
            # (签约保过班 under the Advertising Law, 保过班 under the notice).
            lead, other = (
                (match, last) if order.get(match.rule.pack, 0) < order.get(last.rule.pack, 0) else (last, match)
            )
            if lead is last and set(match.rule.clauses) <= set(last.rule.clauses) and match.end <= last.end:
                continue
            rule = (
                lead.rule
                if set(other.rule.clauses) <= set(lead.rule.clauses)
                else self._combined(lead.rule, other.rule)
            )
            merged[-1] = Match(last.start, max(last.end, match.end), rule, lead.term, lead.detail or other.detail)
            changed = True
        if changed:
            merged.sort(key=lambda m: (m.start, m.end, m.rule.id))
        return merged

    def _combined(self, first: Rule, second: Rule) -> Rule:
        key = (first.id, first.clauses, second.id)
        rule = self._combined_rules.get(key)
        if rule is None:
            severity = first.severity if first.severity.rank >= second.severity.rank else second.severity
            clauses = (*first.clauses, *(c for c in second.clauses if c not in first.clauses))
            rule = replace(first, clauses=clauses, severity=severity)
            self._combined_rules[key] = rule
        return rule

    def scan_text(self, text: str, path: str = "<text>") -> list[Finding]:
        """Findings in ``text``, sorted by position then rule (a convenience over
        :meth:`scan`)."""
        return self.scan(Document(path, text))

    def scan_record(self, record: Record, corpus: str, text_format: str = "text") -> list[Finding]:
        """Findings in one record of a corpus (a convenience over :meth:`scan`): positions
        are inside the record's text (for ``text_format="html"``/``"markdown"``, inside
        its source) and each finding names the record."""
        return self.scan(record_document(record, corpus, text_format))

    def scan_paths(
        self,
        paths: Sequence[str],
        *,
        discovery: Discovery | None = None,
        stdin: BinaryIO | None = None,
        show_allowed: bool = False,
        per_file_ignores: Mapping[str, Sequence[str]] | None = None,
        on_file: Callable[[str], None] | None = None,
    ) -> ScanResult:
        """Scan files, directories and ``-``; bad inputs become errors, the rest go on (a
        convenience over :func:`certlint.pipeline.scan_paths`)."""
        from certlint.pipeline import scan_paths

        return scan_paths(
            self,
            paths,
            discovery=discovery,
            stdin=stdin,
            show_allowed=show_allowed,
            per_file_ignores=per_file_ignores,
            on_file=on_file,
        )

    def _finding(
        self,
        document: Document,
        source: str,
        lines: _LineIndex,
        place: _Place,
        rule: Rule,
        start: int,
        end: int,
        message: str = "",
        location: dict[str, Any] | None = None,
    ) -> Finding:
        line, column = lines.position(start)
        end_line, end_column = lines.position(end)
        excerpt, offset = lines.excerpt(start, end)
        if place.lines or place.columns:
            if line == 1:
                column += place.columns
            if end_line == 1:
                end_column += place.columns
            line, end_line = line + place.lines, end_line + place.lines
        return Finding(
            path=document.path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            rule=rule.id,
            severity=rule.severity,
            clauses=rule.clauses,
            match=source[start:end],
            message=message or rule.message,
            suggestion=rule.suggestion,
            excerpt=excerpt,
            excerpt_offset=offset,
            location=location,
            record=document.record,
            order=document.order,
        )


class _Place:
    """Where a document's own first line sits in its file: lines above it, and
    characters before it on its first line (a chunk of a streamed file)."""

    __slots__ = ("columns", "lines")

    def __init__(self, document: Document, *, shift: bool) -> None:
        self.lines = document.first_line - 1 if shift else 0
        self.columns = document.first_column if shift else 0


class _LineIndex:
    """Maps 0-based code-point offsets to 1-based (line, column).

    Text with only ``\n`` line ends (nearly all) is never indexed as a whole: line
    numbers are counted from the previous question onwards, at C speed, so a scan with a
    few findings pays nothing for the lines it never reports on.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._shared: tuple[int, str] | None = None  # the last excerpted line: (start, text)
        self.starts: list[int] | None = None
        if "\r" in text:  # \r\n and old Mac \r: index every line start once
            self.starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
        self._line = 1  # the line last asked about: number, start, end (its \n or the end)
        self._start = 0
        self._end = -1

    def _locate(self, offset: int) -> tuple[int, int, int]:
        """(line number, line start, line end) for ``offset``."""
        text = self.text
        if self.starts is not None:
            index = bisect.bisect_right(self.starts, offset) - 1
            start = self.starts[index]
            end = self.starts[index + 1] if index + 1 < len(self.starts) else len(text)
            while end > start and text[end - 1] in "\r\n":
                end -= 1
            return index + 1, start, end
        if self._end < 0:
            found = text.find("\n")
            self._end = len(text) if found == -1 else found
        if not self._start <= offset <= self._end:
            if offset > self._end:
                self._line += 1 + text.count("\n", self._end + 1, offset)
            else:
                self._line -= text.count("\n", offset, self._start)
            self._start = text.rfind("\n", 0, offset) + 1
            found = text.find("\n", offset)
            self._end = len(text) if found == -1 else found
        return self._line, self._start, self._end

    def position(self, offset: int) -> tuple[int, int]:
        line, start, _ = self._locate(offset)
        return line, offset - start + 1

    def excerpt(self, start: int, end: int) -> tuple[str, int]:
        """The line holding ``start`` (cut around the match if long) and the match's
        offset inside it."""
        _, line_start, line_end = self._locate(start)
        if line_end - line_start > _EXCERPT_MAX:
            cut_start = max(line_start, start - _EXCERPT_CONTEXT)
            cut_end = min(line_end, max(end, start) + _EXCERPT_CONTEXT)
            return self.text[cut_start:cut_end], start - cut_start
        # Findings on one line share one copy of it (a line with a thousand findings
        # would otherwise be held a thousand times).
        if self._shared is None or self._shared[0] != line_start:
            self._shared = (line_start, self.text[line_start:line_end])
        return self._shared[1], start - line_start


def _check_unique_ids(packs: Sequence[RulePack]) -> None:
    seen: dict[str, RulePack] = {}
    problems = []
    for pack in packs:
        for rule in pack.rules:
            first = seen.setdefault(rule.id, pack)
            if first is not pack:
                problems.append(
                    PackProblem(pack.path, rule.line, f"rule id '{rule.id}' is already defined in {first.path}")
                )
    if problems:
        raise PackError(problems)


def scan_text(text: str, path: str = "<text>") -> list[Finding]:
    """Scan ``text`` with the default pack (a convenience over :class:`Linter`)."""
    return _default_linter().scan_text(text, path)


def scan_paths(paths: Sequence[str]) -> ScanResult:
    """Scan paths with the default pack."""
    return _default_linter().scan_paths(paths)


_DEFAULT: list[Linter] = []


def _default_linter() -> Linter:
    if not _DEFAULT:
        _DEFAULT.append(Linter.from_default())
    return _DEFAULT[0]


def _shifted(finding: Finding, document: Document) -> Finding:
    """A finding of a part placed in its file: the part starts ``first_line`` lines down,
    and ``first_column`` characters into its first line (a long line cut in pieces)."""
    lines, columns = document.first_line - 1, document.first_column
    column = finding.column + columns if finding.line == 1 else finding.column
    end_column = finding.end_column + columns if finding.end_line == 1 else finding.end_column
    return replace(
        finding, line=finding.line + lines, end_line=finding.end_line + lines, column=column, end_column=end_column
    )
