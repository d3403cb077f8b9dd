"""Inline suppressions written in the scanned text itself.

Any comment syntax works, since the directive is found by its own words::

    <!-- certlint-disable-next-line CL101 -->      Markdown, HTML
    # certlint: disable-next-line CL101, CL204     YAML, plain text
    本证书…  <!-- certlint-disable-line CL201 -->  the same line
    <!-- certlint-disable CL2 --> … <!-- certlint-enable CL2 -->   a block

Without rule ids a directive covers every rule. A directive that names an unknown rule
(CL001) or that suppresses nothing (CL002) is itself reported, so stale ones do not
pile up.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from certlint.findings import Finding
from certlint.packs.model import Rule, Severity

__all__ = ["META_RULES", "Directive", "apply_suppressions", "parse_directives"]

_DIRECTIVE = re.compile(
    r"certlint(?:-|:\s*)(disable-next-line|disable-line|disable|enable)\b([^\n]*?)(?:-->|\*/|$)", re.MULTILINE
)
_RULE_ID = re.compile(r"\b[A-Za-z]{1,4}[0-9]{2,4}\b")  # any case: cl204 is CL204

UNKNOWN_RULE = Rule(
    id="CL001",
    name="unknown-rule-in-suppression",
    title="抑制注释中的规则编号不存在",
    severity=Severity.WARNING,
    clauses=(),
    message="抑制注释中的规则编号不存在（unknown rule in a certlint suppression comment）。",
    suggestion="改正规则编号（certlint rules list 列出全部规则），或删除这条注释。",
    terms=(),
    description="A suppression comment names a rule id that no loaded pack defines, so it suppresses nothing.",
    pack="certlint",
)
UNUSED = Rule(
    id="CL002",
    name="unused-suppression",
    title="多余的抑制注释",
    severity=Severity.WARNING,
    clauses=(),
    message="抑制注释没有抑制任何问题（unused certlint suppression）。",
    suggestion="删除这条注释；它所针对的问题已经不存在。",
    terms=(),
    description="A suppression comment that no longer suppresses anything; remove it so that stale ones do not pile up.",
    pack="certlint",
)
META_RULES = (UNKNOWN_RULE, UNUSED)


@dataclass
class Directive:
    kind: str  # disable-next-line, disable-line, disable, enable
    rules: tuple[str, ...]  # ids or prefixes; empty: every rule
    line: int  # 1-based
    column: int
    end_column: int
    text: str
    first: int = 0  # lines covered, inclusive
    last: int = 0
    used: set[str] = field(default_factory=set)  # selectors that suppressed something
    line_text: str = ""

    def covers(self, rule_id: str) -> str | None:
        if not self.rules:
            return "*"
        for selector in self.rules:
            if rule_id.startswith(selector):
                return selector
        return None


def parse_directives(text: str) -> list[Directive]:
    """Every directive in ``text`` with the lines it covers (blocks resolved)."""
    if "certlint" not in text:
        return []
    line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    last_line = len(line_starts)
    directives: list[Directive] = []
    open_blocks: list[Directive] = []
    for found in _DIRECTIVE.finditer(text):
        line = _line_of(line_starts, found.start())
        kind = found.group(1)
        rules = tuple(rule.upper() for rule in _RULE_ID.findall(found.group(2)))
        directive = Directive(
            kind=kind,
            rules=rules,
            line=line,
            column=found.start() - line_starts[line - 1] + 1,
            end_column=found.start(2) + len(found.group(2).rstrip()) - line_starts[line - 1] + 1,
            text=f"certlint-{kind} {found.group(2).strip()}".strip(),
        )
        directive.line_text = text[line_starts[line - 1] : _line_end(text, line_starts, line)]
        if kind == "disable-next-line":
            directive.first = directive.last = line + 1
        elif kind == "disable-line":
            directive.first = directive.last = line
        elif kind == "disable":
            directive.first, directive.last = line, last_line
            open_blocks.append(directive)
        else:  # enable closes the matching open blocks
            for block in list(open_blocks):
                if not rules or set(block.rules) & set(rules) or not block.rules:
                    block.last = line
                    open_blocks.remove(block)
            continue
        directives.append(directive)
    return directives


def _line_of(line_starts: list[int], offset: int) -> int:
    return bisect.bisect_right(line_starts, offset)


def _line_end(text: str, line_starts: list[int], line: int) -> int:
    end = line_starts[line] if line < len(line_starts) else len(text)
    while end > line_starts[line - 1] and text[end - 1] in "\r\n":
        end -= 1
    return end


def apply_suppressions(
    findings: Sequence[Finding],
    text: str,
    path: str,
    known_rules: Collection[str],
    active_rules: Collection[str],
) -> tuple[list[Finding], list[Finding], list[Finding]]:
    """Split ``findings`` into kept and suppressed, and report bad directives.

    Returns ``(kept, suppressed, meta)``: ``meta`` holds CL001/CL002 findings.
    """
    directives = parse_directives(text)
    if not directives:
        return list(findings), [], []
    kept: list[Finding] = []
    suppressed: list[Finding] = []
    for finding in findings:
        hit = None
        for directive in directives:
            if directive.first <= finding.line <= directive.last:
                selector = directive.covers(finding.rule)
                if selector is not None:
                    directive.used.add(selector)
                    hit = directive
        if hit is None:
            kept.append(finding)
        else:
            suppressed.append(_replace_message(finding, f"not flagged: suppressed by '{hit.text}' on line {hit.line}"))
    meta: list[Finding] = []
    for directive in directives:
        for selector in directive.rules:
            if not any(rule.startswith(selector) for rule in known_rules):
                meta.append(_meta(UNKNOWN_RULE, path, directive, f"{UNKNOWN_RULE.message} {selector}"))
        targets = [s for s in directive.rules if any(r.startswith(s) for r in active_rules)]
        unused = [s for s in targets if s not in directive.used]
        if not directive.rules and not directive.used:
            unused = ["*"]
        if unused:
            names = ", ".join("all rules" if s == "*" else s for s in unused)
            meta.append(_meta(UNUSED, path, directive, f"{UNUSED.message} ({names})"))
    return kept, suppressed, meta


def _replace_message(finding: Finding, message: str) -> Finding:
    from dataclasses import replace

    return replace(finding, message=message)


def _meta(rule: Rule, path: str, directive: Directive, message: str) -> Finding:
    return Finding(
        path=path,
        line=directive.line,
        column=directive.column,
        end_line=directive.line,
        end_column=directive.end_column,
        rule=rule.id,
        severity=rule.severity,
        clauses=(),
        match=directive.line_text[directive.column - 1 : directive.end_column - 1],
        message=message,
        suggestion=rule.suggestion,
        excerpt=directive.line_text,
        excerpt_offset=directive.column - 1,
    )
