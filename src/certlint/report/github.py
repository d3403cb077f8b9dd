"""``--format github``: GitHub Actions workflow commands, shown inline on the diff.

::error file=courses/a.md,line=3,col=5,endLine=3,endColumn=9,title=CL201 state-endorsement-claim::…
"""

from __future__ import annotations

from typing import TextIO

from certlint.findings import ScanResult, printable
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
        properties = ",".join(
            [
                f"file={_property(finding.path)}",
                f"line={finding.line}",
                f"col={finding.column}",
                f"endLine={finding.end_line}",
                f"endColumn={finding.end_column}",
                f"title={_property(title)}",
            ]
        )
        stream.write(f"::{COMMANDS[finding.severity.value]} {properties}::{_data(message)}\n")
    for error in result.errors:
        stream.write(f"::error file={_property(error.path)},title=certlint::{_data(error.message)}\n")
