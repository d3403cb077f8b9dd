"""``--format text``: the human report, drawn with rich.

Each finding is ``path:line:col: severity[RULE] match`` (a form editors and grep
understand), then the source line with the match underlined, the message, the fix
and the clause. Without a terminal (or with --no-color / NO_COLOR) the output is
plain text with no escape codes and no wrapping, so it pipes and diffs cleanly.
"""

from __future__ import annotations

import os
import unicodedata
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console

from certlint.findings import Finding, ScanResult, printable
from certlint.i18n import count, tr
from certlint.inputs.document import location_label
from certlint.report import ReportContext, summarize

__all__ = ["render_text", "render_text_end", "render_text_findings", "severity_counts"]

_SEVERITY_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold blue"}
# The clause is quoted on one line; longer texts are cut here.
_CLAUSE_WIDTH = 60


def make_console(stream: TextIO, color: bool | None) -> Console:
    from rich.console import Console

    no_color = color is False or (color is None and bool(os.environ.get("NO_COLOR")))
    # Off a terminal nothing may wrap or be cut: tables and long lines pipe whole, unless
    # COLUMNS asks for a width.
    terminal = color is True or (hasattr(stream, "isatty") and stream.isatty())
    columns = os.environ.get("COLUMNS", "")
    width = int(columns) if columns.isdigit() and int(columns) > 0 else (None if terminal else 1000)
    return Console(
        file=stream,
        width=width,
        color_system=None if no_color else "auto",
        force_terminal=True if color else None,
        highlight=False,
        soft_wrap=True,
        emoji=False,
        markup=False,
    )


def _cells(text: str) -> int:
    """Terminal columns of ``text``: two for wide and full-width characters (汉字，),
    none for combining and format characters, one for the rest (as rich counts them)."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.east_asian_width(char) in "WF":
            width += 2
        elif not unicodedata.combining(char) and unicodedata.category(char) != "Cf":
            width += 1
    return width


def _styled(stream: TextIO, color: bool | None) -> bool:
    """Whether rich draws the report (a colour terminal); else plain text is written
    directly, and rich is not even imported (it costs a cold start 25 ms)."""
    if color is False or (color is None and os.environ.get("NO_COLOR")):
        return False
    # FORCE_COLOR: rich's (and many tools') way to ask for colour off a terminal.
    return color is True or bool(os.environ.get("FORCE_COLOR")) or (hasattr(stream, "isatty") and stream.isatty())


def shorten(text: str, width: int = _CLAUSE_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# A line of the report: (text, rich style) segments.
Segments = list[tuple[str, str]]


class _Out:
    """Writes report lines: through rich on a colour terminal, else as plain text (the
    same characters, without rich's per-line cost on reports of many findings)."""

    def __init__(self, stream: TextIO, context: ReportContext) -> None:
        self.stream = stream
        self.console = make_console(stream, context.color) if _styled(stream, context.color) else None

    def lines(self, lines: list[Segments]) -> None:
        if self.console is not None:
            from rich.text import Text

            for segments in lines:
                self.console.print(Text.assemble(*segments))
        else:
            self.stream.write("".join("".join(text for text, _ in segments) + "\n" for segments in lines))

    def line(self, text: str, style: str = "") -> None:
        self.lines([[(text, style)]])


def render_text(result: ScanResult, context: ReportContext, stream: TextIO) -> None:
    render_text_findings(result.findings, context, stream)
    render_text_end(result, context, stream)


def render_text_findings(findings: list[Finding], context: ReportContext, stream: TextIO) -> None:
    """The findings, each with its line, message, fix and clause (a streamed report calls
    this once per part)."""
    out = _Out(stream, context)
    for finding in findings:
        out.lines(_finding(finding, context))


def render_text_end(result: ScanResult, context: ReportContext, stream: TextIO) -> None:
    """What follows the findings: matches not flagged (--show-allowed) and the summary.
    A streamed report writes its findings part by part, then calls this once."""
    if context.quiet:
        return
    out = _Out(stream, context)
    if context.show_allowed and result.allowed:
        heading = tr(
            "Not flagged (allow phrase, context or suppression comment):", "未标记的匹配（放行短语、语境或抑制注释）："
        )
        lines: list[Segments] = [[(heading, "bold")]]
        for allowed in result.allowed:
            lines.append(
                [
                    (printable(f"{allowed.path}:{allowed.line}:{allowed.column}: "), "dim"),
                    (printable(f"allowed[{allowed.rule}] {allowed.match}: {allowed.message}"), ""),
                ]
            )
        out.lines([*lines, []])
    _summary(out, result, context)


def _finding(finding: Finding, context: ReportContext) -> list[Segments]:
    severity = finding.severity.value
    style = _SEVERITY_STYLE[severity]
    place = location_label(finding.location)
    source = f"{finding.path}#{finding.record}" if finding.record is not None else finding.path
    where = printable(f"{source}:{place}:" if place else f"{source}:{finding.line}:{finding.column}:")
    gutter = str(finding.line)
    pad = " " * len(gutter)
    excerpt = finding.excerpt.replace("\t", " ")
    start = finding.excerpt_offset
    end = min(len(excerpt), start + len(finding.match))
    # Scanned text may hold escape sequences: shown, never sent to the terminal raw.
    before, matched, after = printable(excerpt[:start]), printable(excerpt[start:end]), printable(excerpt[end:])
    lines: list[Segments] = [
        [(where, "bold"), (" ", ""), (f"{severity}[{finding.rule}]", style), (f" {printable(finding.match)}", "")],
        [
            (f" {gutter} | ", "dim"),
            (before, ""),
            (matched, "bold red underline"),
            (after, ""),
        ],
        [
            (f" {pad} | ", "dim"),
            (" " * _cells(before), ""),
            ("^" * max(1, _cells(matched)), style),
        ],
        [(f" {pad} = {finding.message}", "")],
        [(f" {pad} = 建议: {finding.suggestion}", "green")],
    ]
    for clause in finding.clauses:
        text = shorten(context.clause_text(finding.rule, clause))
        lines.append([(f" {pad} = 条款 {clause}: {text}", "cyan")])
    lines.append([])
    return lines


_SEVERITY_NAMES = {
    "error": ("error", "errors", "个错误"),
    "warning": ("warning", "warnings", "个警告"),
    "info": ("note", "notes", "个提示"),
}


def severity_counts(by_severity: dict[str, int]) -> str:
    """``2 errors, 1 warning``: the severities that occur, most severe first."""
    return tr(", ", "，").join(count(n, *_SEVERITY_NAMES[s]) for s, n in by_severity.items() if n)


def _summary(out: _Out, result: ScanResult, context: ReportContext) -> None:
    summary = summarize(result, context)
    files = count(summary.files, "file", "files", "个文件")
    if summary.findings:
        findings = count(summary.findings, "finding", "findings", "个问题")
        severities = severity_counts(summary.by_severity)
        out.line(
            tr(
                f"Found {findings} ({severities}) in {summary.files_with_findings} of {files} scanned.",
                f"共发现 {findings}（{severities}），分布在已检查的 {files}中的 {summary.files_with_findings} 个。",
            ),
            "bold",
        )
        clauses = tr(", ", "，").join(f"{c} {n}" for c, n in summary.by_clause.items())
        if clauses:  # certlint's own findings (a stray disable comment) cite no clause
            out.line(tr(f"By clause: {clauses}", f"按条款：{clauses}"))
    elif summary.errors:
        # Not "No findings" alone: some inputs were not read at all.
        out.line(tr(f"No findings in the {files} scanned.", f"已检查的 {files}中未发现问题。"), "bold")
    else:
        out.line(tr(f"No findings; {files} scanned.", f"未发现问题；已检查 {files}。"), "bold green")
    for line in notes(result):
        out.line(line, "dim")
    if summary.errors:
        inputs = count(summary.errors, "input error", "input errors", "个输入错误")
        out.line(
            tr(
                f"{inputs} (listed on stderr): some text was not scanned; exit code 2.",
                f"{inputs}（见标准错误输出）：有内容未能检查；退出码为 2。",
            ),
            "bold red",
        )


def notes(result: ScanResult) -> list[str]:
    """Lines about what was left out on purpose: skipped files, baselined findings."""
    lines = []
    own = sum(1 for item in result.skipped if "certlint's own" in item.message)
    binary = len(result.skipped) - own
    if binary:
        files = count(binary, "binary file", "binary files", "个二进制文件")
        lines.append(tr(f"{files} skipped (listed on stderr).", f"跳过 {files}（见标准错误输出）。"))
    if own:
        files = count(own, "file", "files", "个文件")
        lines.append(
            tr(
                f"{files} of certlint's own (report, baseline, checkpoint) skipped (listed on stderr).",
                f"跳过 certlint 自己生成的 {files}（报告、基线或断点文件，见标准错误输出）。",
            )
        )
    if result.baselined:
        findings = count(result.baselined, "known finding", "known findings", "个已知问题")
        lines.append(tr(f"{findings} hidden by the baseline.", f"基线中记录的 {findings}未显示。"))
    return lines


def summary_line(result: ScanResult, context: ReportContext) -> str:
    """One line for the terminal when the report goes to a file (--output)."""
    summary = summarize(result, context)
    findings = count(summary.findings, "finding", "findings", "个问题")
    severities = severity_counts(summary.by_severity)
    findings = f"{findings} ({severities})" if severities else findings
    files = count(summary.files, "file", "files", "个文件")
    line = tr(f"certlint: {findings} in {files} scanned", f"certlint：已检查 {files}，发现 {findings}")
    if summary.errors:
        inputs = count(summary.errors, "input error", "input errors", "个输入错误")
        line += tr(f"; {inputs} (listed on stderr)", f"；{inputs}（见标准错误输出）")
    return line


def render_statistics(result: ScanResult, context: ReportContext, stream: TextIO) -> None:
    """``--statistics``: how many findings each rule produced, most first."""
    from collections import Counter

    from rich import box
    from rich.table import Table

    console = make_console(stream, context.color)
    counts = result.tally.by_rule if result.tally is not None else Counter(f.rule for f in result.findings)
    rules = {rule.id: rule for pack in context.packs for rule in pack.rules}
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    headings = (
        tr("count", "数量"),
        tr("rule", "规则"),
        tr("severity", "级别"),
        tr("title", "名称"),
        tr("name", "英文名"),
    )
    for index, heading in enumerate(headings):
        table.add_column(heading, no_wrap=index < 3, justify="right" if index == 0 else "left")
    for rule_id, number in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        rule = rules.get(rule_id)
        severity = rule.severity.value if rule else "warning"
        table.add_row(str(number), rule_id, severity, rule.title if rule else "", rule.name if rule else "")
    console.print(table)
