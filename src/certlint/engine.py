"""The engine: ties sources → normalize → match → findings together. It never prints.

Public entry points: :class:`Linter` (``scan_text``, ``scan_paths``) and the
module-level :func:`scan_text` / :func:`scan_paths` that use the default pack.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from certlint.findings import Finding, InputError, ScanResult
from certlint.gate.suppress import META_RULES, apply_suppressions
from certlint.inputs.discovery import DiscoveredFile, Discovery, discover
from certlint.inputs.document import Document
from certlint.inputs.readers import record_document
from certlint.inputs.reading import is_large_text, read_document, stream_text
from certlint.inputs.source import SourceError
from certlint.matching.match import Match, Matcher, Suppressed
from certlint.matching.normalize import normalize
from certlint.packs.model import PackError, PackProblem, Rule, RulePack, default_pack_paths

if TYPE_CHECKING:
    from certlint.inputs.records import Record

__all__ = ["Linter", "scan_paths", "scan_text", "select_rules"]

_NEWLINE = re.compile(r"\r\n|\r|\n")
# Longest source line a finding quotes in full; longer lines are cut around the match.
_EXCERPT_MAX = 160
_EXCERPT_CONTEXT = 50


def select_rules(rules: Sequence[Rule], select: Sequence[str] = (), ignore: Sequence[str] = ()) -> list[Rule]:
    """Apply ``--select``/``--ignore``: each entry is a rule id (that rule alone) or an id
    prefix (``CL1``: every rule whose id starts so).

    Raises ValueError naming any entry that matches no rule.
    """
    ids = {rule.id for rule in rules}

    def matches(rule: Rule, selector: str) -> bool:
        return rule.id == selector if selector in ids else rule.id.startswith(selector)

    for selector in (*select, *ignore):
        if not any(matches(rule, selector) for rule in rules):
            raise ValueError(f"unknown rule or prefix '{selector}'")
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
        self._active_ids = frozenset(rule.id for rule in self.rules)
        self._matcher = Matcher(
            self.rules,
            allow=tuple(normalize(phrase) for phrase in allow),
            pack_allow={pack.id: pack.allow for pack in self.packs},
            pack_contexts={pack.id: pack.contexts for pack in self.packs},
            pack_catalogue={pack.id: pack.catalogue for pack in self.packs},
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

    def rule(self, rule_id: str) -> Rule:
        for rule in (*(r for pack in self.packs for r in pack.rules), *META_RULES):
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def scan_text(self, text: str, path: str = "<text>") -> list[Finding]:
        """Findings in ``text``, sorted by position then rule."""
        return self.scan_text_with_allowed(text, path, show_allowed=False)[0]

    def scan_text_with_allowed(
        self, text: str, path: str = "<text>", *, show_allowed: bool = True
    ) -> tuple[list[Finding], list[Finding]]:
        """Findings (including CL001/CL002 for bad suppression comments), and the
        matches that an allow phrase, a context or a suppression comment turned off (as
        findings whose ``message`` says why), both sorted by position."""
        return self.scan_document(Document(path, text), show_allowed=show_allowed)

    def scan_document(self, document: Document, *, show_allowed: bool = False) -> tuple[list[Finding], list[Finding]]:
        """Like :meth:`scan_text_with_allowed` for an extracted document: positions are
        mapped back to the source (HTML, Markdown) and carry the document location
        (paragraph, table cell, slide, page)."""
        text, path = document.text, document.path
        source = document.source if document.source is not None else text
        normalized = normalize(text)
        suppressed: list[Suppressed] | None = [] if show_allowed else None
        matches = self._matcher.matches(normalized, suppressed)
        has_directives = "certlint" in source
        if not matches and not suppressed and not has_directives:
            return [], []
        lines = _LineIndex(source)

        def make(match: Match, message: str = "") -> Finding:
            start, end = match.start, match.end
            if document.origin is not None:
                start, end = document.origin[start], document.origin[end - 1] + 1
            if not message and match.detail:
                message = f"{match.rule.message}{match.detail}"
            return self._finding(path, source, lines, match.rule, start, end, message, document.location(match.start))

        findings = [make(m) for m in matches]
        allowed = [make(s.match, f"not flagged: {s.reason}") for s in suppressed or ()]
        if has_directives:
            findings, silenced, meta = apply_suppressions(findings, source, path, self._known_ids, self._active_ids)
            findings = sorted([*findings, *meta], key=Finding.sort_key)
            if show_allowed:
                allowed.extend(silenced)
        unique = {(f.line, f.column, f.end_line, f.end_column, f.rule): f for f in allowed}
        return findings, sorted(unique.values(), key=Finding.sort_key)

    def scan_record(self, record: Record, corpus: str, text_format: str = "text") -> list[Finding]:
        """Findings in one record of a corpus; positions are inside the record's text
        (for ``text_format="html"``/``"markdown"``, inside its source) and each finding
        names the record."""
        document = record_document(record, corpus, text_format)
        findings, _ = self.scan_document(document)
        return [replace(f, record=record.id, order=record.index) for f in findings]

    def scan_stream(self, path: str, *, show_allowed: bool = False) -> tuple[list[Finding], list[Finding]]:
        """Scan a large text file chunk by chunk (reading memory bounded by the chunk
        size; :meth:`iter_files` also bounds the findings held). Suppression blocks do
        not reach across chunks."""
        findings: list[Finding] = []
        allowed: list[Finding] = []
        for found, quiet in self._stream_parts(path, show_allowed):
            findings.extend(found)
            allowed.extend(quiet)
        return findings, allowed

    def _stream_parts(self, path: str, show_allowed: bool) -> Iterator[tuple[list[Finding], list[Finding]]]:
        for chunk, first_line, first_column in stream_text(path):
            found, quiet = self.scan_text_with_allowed(chunk, path, show_allowed=show_allowed)
            yield (
                [_shifted(f, first_line - 1, first_column) for f in found],
                [_shifted(f, first_line - 1, first_column) for f in quiet],
            )

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
        """Scan files, directories and ``-``; bad inputs become errors, the rest go on."""
        return self.scan_files(
            list(discover(paths, discovery)),
            stdin=stdin,
            show_allowed=show_allowed,
            per_file_ignores=per_file_ignores,
            root=discovery.root if discovery else None,
            on_file=on_file,
        )

    def scan_files(
        self,
        items: Iterable[DiscoveredFile | SourceError],
        *,
        stdin: BinaryIO | None = None,
        show_allowed: bool = False,
        per_file_ignores: Mapping[str, Sequence[str]] | None = None,
        root: Path | None = None,
        on_file: Callable[[str], None] | None = None,
    ) -> ScanResult:
        """Scan what :func:`certlint.inputs.discovery.discover` found. ``per_file_ignores`` maps
        gitignore-style globs (relative to ``root``) to rule ids or prefixes to skip."""
        result = ScanResult()
        for part in self.iter_files(
            items, stdin=stdin, show_allowed=show_allowed, per_file_ignores=per_file_ignores, root=root, on_file=on_file
        ):
            result.absorb(part)
        result.sort()
        return result

    def iter_files(
        self,
        items: Iterable[DiscoveredFile | SourceError],
        *,
        stdin: BinaryIO | None = None,
        show_allowed: bool = False,
        per_file_ignores: Mapping[str, Sequence[str]] | None = None,
        root: Path | None = None,
        on_file: Callable[[str], None] | None = None,
    ) -> Iterator[ScanResult]:
        """:meth:`scan_files` in parts, in input order: one per file, and for a large
        text file one per chunk, so that a caller that writes findings as they come holds
        only one part's findings at a time."""
        ignores = _PerFileIgnores(per_file_ignores or {}, root)
        for item in items:
            if isinstance(item, SourceError):
                yield ScanResult(errors=[InputError(item.path, item.message)])
                continue
            if on_file is not None:
                on_file(item.path)
            skip = ignores.rules_for(item.path)
            try:
                if is_large_text(item.path):
                    for found, quiet in self._stream_parts(item.path, show_allowed):
                        part = ScanResult(findings=_without(found, skip), allowed=quiet)
                        part.sort()
                        yield part
                    yield ScanResult(files=1)
                    continue
                document = read_document(item.path, stdin)
                errors = [InputError(item.path, problem) for problem in document.problems]
                findings, allowed = self.scan_document(document, show_allowed=show_allowed)
            except SourceError as error:
                if error.binary and not item.explicit:
                    yield ScanResult(skipped=[InputError(error.path, error.message)])
                else:
                    yield ScanResult(errors=[InputError(error.path, error.message)])
                continue
            part = ScanResult(findings=_without(findings, skip), allowed=allowed, errors=errors, files=1)
            part.sort()
            yield part

    def _finding(
        self,
        path: str,
        text: str,
        lines: _LineIndex,
        rule: Rule,
        start: int,
        end: int,
        message: str = "",
        location: dict[str, Any] | None = None,
    ) -> Finding:
        line, column = lines.position(start)
        end_line, end_column = lines.position(end)
        excerpt, offset = lines.excerpt(start, end)
        return Finding(
            path=path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            rule=rule.id,
            severity=rule.severity,
            clauses=rule.clauses,
            match=text[start:end],
            message=message or rule.message,
            suggestion=rule.suggestion,
            excerpt=excerpt,
            excerpt_offset=offset,
            location=location,
        )


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


class _PerFileIgnores:
    """``per-file-ignores``: globs (relative to ``root``) → rule ids or prefixes."""

    def __init__(self, table: Mapping[str, Sequence[str]], root: Path | None) -> None:
        self.root = (root or Path.cwd()).resolve()
        self.table: list[tuple[object, tuple[str, ...]]] = []
        if table:
            import pathspec

            self.table = [(pathspec.GitIgnoreSpec.from_lines([glob]), tuple(ids)) for glob, ids in table.items()]

    def rules_for(self, path: str) -> tuple[str, ...]:
        if not self.table or path == "-":
            return ()
        try:
            relative = Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            relative = Path(path).as_posix()
        return tuple(i for spec, ids in self.table if spec.match_file(relative) for i in ids)  # type: ignore[attr-defined]


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


def _shifted(finding: Finding, lines: int, columns: int) -> Finding:
    """A finding of a chunk placed in its file: the chunk starts ``lines`` lines down, and
    ``columns`` characters into its first line (a long line cut in pieces)."""
    column = finding.column + columns if finding.line == 1 else finding.column
    end_column = finding.end_column + columns if finding.end_line == 1 else finding.end_column
    return replace(
        finding, line=finding.line + lines, end_line=finding.end_line + lines, column=column, end_column=end_column
    )


def _without(findings: list[Finding], rules: tuple[str, ...]) -> list[Finding]:
    """``findings`` but those of the rules (ids or prefixes) a per-file ignore names."""
    return [f for f in findings if not f.rule.startswith(rules)] if rules else findings
