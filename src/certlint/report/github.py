"""``--format github``: GitHub Actions workflow commands, shown inline on the diff.

::error file=courses/a.md,line=3,col=5,endLine=3,endColumn=9,title=CL201 state-endorsement-claim::…
"""

from __future__ import annotations

from typing import TextIO

from certlint.findings import ScanResult, printable
from certlint.inputs.document import location_label
from certlint.report import ReportContext

__all__ = ["render_github"]

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    # Line breaks are the commands' own escapes; other control characters are shown.
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(escaped)


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: ScanResult, context: ReportContext, stream: TextIO) -> None:
    names = {rule.id: rule.name for pack in context.packs for rule in pack.rules}
    for finding in result.findings:
        title = f"{finding.rule} {names.get(finding.rule, '')}".strip()
        clauses = " ".join(f"[{c}]" for c in finding.clauses)
        message = f"{finding.match}: {finding.message} 建议: {finding.suggestion} {clauses}".strip()
        properties = [f"file={_property(finding.path)}"]
        place = location_label(finding.location)
        if place:
            # A Word, PowerPoint or PDF file has no lines to annotate: the place (P2, S1,
            # p3) goes into the message, where the reader of the annotation sees it.
            message = f"{place}: {message}"
        else:
            properties += [
                f"line={finding.line}",
                f"col={finding.column}",
                f"endLine={finding.end_line}",
                f"endColumn={finding.end_column}",
            ]
        properties.append(f"title={_property(title)}")
        stream.write(f"::{COMMANDS[finding.severity.value]} {','.join(properties)}::{_data(message)}\n")
    for error in result.errors:
        stream.write(f"::error file={_property(error.path)},title=certlint::{_data(error.message)}\n")
