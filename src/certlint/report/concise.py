"""``--format concise``: one line per finding, ``path:line:col: severity[RULE] match — message``
(the form of ruff's concise output, which editors and grep read), then the summary."""

from __future__ import annotations

from typing import TextIO

from certlint.findings import Finding, ScanResult, printable
from certlint.inputs.document import location_label
from certlint.report import ReportContext

__all__ = ["concise_line", "render_concise", "render_concise_findings"]


def concise_line(finding: Finding) -> str:
    """The finding on one line; a Word, PowerPoint or PDF place (P2, S1, p3) stands for the
    line and column, a corpus record is named after the path."""
    source = f"{finding.path}#{finding.record}" if finding.record is not None else finding.path
    place = location_label(finding.location) or f"{finding.line}:{finding.column}"
    message = " ".join(finding.message.split())
    return printable(f"{source}:{place}: {finding.severity.value}[{finding.rule}] {finding.match} — {message}")


def render_concise_findings(findings: list[Finding], context: ReportContext, stream: TextIO) -> None:
    stream.write("".join(concise_line(finding) + "\n" for finding in findings))


def render_concise(result: ScanResult, context: ReportContext, stream: TextIO) -> None:
    from certlint.report.text import render_text_end

    render_concise_findings(result.findings, context, stream)
    render_text_end(result, context, stream)
