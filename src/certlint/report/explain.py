"""Rule documentation on the terminal: ``certlint explain``, ``rules list``, ``rules test``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from rich import box
from rich.table import Table
from rich.text import Text

from certlint.i18n import count, tr
from certlint.packs.model import Rule, RulePack
from certlint.packs.selftest import ExampleReport
from certlint.report.text import make_console

__all__ = ["render_example_report", "render_explanation", "render_rule_table"]


_CATALOGUE_NOTES = {
    "item": (
        "Not flagged when the certificate is an item of the national catalogue",
        "证书属于国家职业资格目录内的项目时不标记",
    ),
    "unless-listed": (
        "Not flagged when the sentence names an item of the national catalogue",
        "句中点名国家职业资格目录内的项目时不标记",
    ),
    "unless-admission": (
        "Not flagged when the sentence names an admission (准入类) item of the national catalogue",
        "句中点名国家职业资格目录内的准入类项目时不标记",
    ),
    "unlisted-named": (
        "Flagged only when the sentence names a certificate that is not an item of the national catalogue",
        "只在句中点名的证书不属于国家职业资格目录时标记",
    ),
}


def _heading(english: str, chinese: str) -> Text:
    return Text(tr(english, chinese), style="bold underline")


def render_explanation(rule: Rule, pack: RulePack | None, stream: TextIO, color: bool | None = None) -> None:
    """What the rule catches, why, the clause in full, examples, and how to fix.
    ``pack`` is None for certlint's own rules (CL001, CL002: suppression comments)."""
    console = make_console(stream, color)
    clauses = ", ".join(rule.clauses)
    title = f" {rule.title}" if rule.title else ""
    console.print(
        Text(
            f"{rule.id} {rule.name}{title} ({rule.severity.value})" + (f" · {clauses}" if clauses else ""), style="bold"
        )
    )
    if pack is not None:
        console.print(
            Text(
                tr(f"pack {pack.id} {pack.version}: ", f"规则包 {pack.id} {pack.version}：")
                + f"{pack.source_number} {pack.title}",
                style="dim",
            )
        )
    else:
        console.print(
            Text(tr("built into certlint: checks suppression comments", "certlint 内置规则：检查抑制注释"), style="dim")
        )
    console.print()
    console.print(_heading("What it catches", "检查什么"))
    console.print(f"  {rule.message}")
    if rule.terms:
        console.print(tr("  Terms: ", "  关键词：") + _listing(rule.terms))
    if rule.classifier_label:
        console.print(
            tr(
                f"  A model judges each sentence: flagged where P({rule.classifier_label}) ≥ {rule.threshold:g}, "
                "unless a rule of any pack already found something in it",
                f"  由模型判读每一句：{rule.classifier_label} 的概率不低于 {rule.threshold:g} 时标记整句；"
                "已有任一规则命中的句子不再判读",
            )
        )
    if rule.near:
        console.print(
            tr(
                f"  Only with one of these within {rule.near_within} characters: ",
                f"  仅当 {rule.near_within} 个字以内出现以下之一：",
            )
            + _listing(rule.near)
        )
    if rule.pattern:
        console.print(
            tr("  Only where this pattern matches around the term: ", "  仅当关键词周围符合此模式：") + rule.pattern
        )
    if rule.catalogue:
        english, chinese = _CATALOGUE_NOTES[rule.catalogue]
        console.print(f"  {tr(english, chinese)} (rules/catalogue-2021.txt)")
    if rule.allow:
        console.print(tr("  Not flagged inside: ", "  出现在以下短语中时不标记：") + _listing(rule.allow))
    contexts = [c for c in pack.contexts if rule.contexts is None or c.id in rule.contexts] if pack else []
    if contexts:
        console.print(tr("  Not flagged in these contexts:", "  以下语境中不标记："))
        for context in contexts:
            console.print(f"    {context.id}: {context.description}")
    console.print()
    console.print(_heading("Why it is a problem", "为什么是问题"))
    if rule.description:
        console.print(f"  {rule.description}")
    for clause_id in rule.clauses if pack is not None else ():
        console.print(Text(f"  {pack.source_number} {clause_id}:", style="cyan"))
        console.print(f"  {pack.clause(clause_id).text}")
    if rule.bad_examples or rule.good_examples:
        console.print()
        console.print(_heading("Examples", "示例"))
        for example in rule.bad_examples:
            console.print(Text.assemble(("  ✗ ", "bold red"), example))
        for example in rule.good_examples:
            console.print(Text.assemble(("  ✓ ", "bold green"), example))
    console.print()
    console.print(_heading("How to fix", "如何修改"))
    console.print(f"  {rule.suggestion}")


def _listing(items: Sequence[str], shown: int = 24) -> str:
    text = "、".join(items[:shown])
    return text if len(items) <= shown else text + tr(f"… ({len(items)} in all)", f"…（共 {len(items)} 个）")


# Terminal columns from which rules list shows the title and the name side by side.
_WIDE_TABLE = 110


def render_rule_table(packs: Sequence[RulePack], stream: TextIO, color: bool | None = None) -> None:
    """Every rule, sorted by id, under its pack's heading; ids and severities are never
    cut, titles and names wrap on a narrow terminal."""
    console = make_console(stream, color)
    for index, pack in enumerate(packs):
        if index:
            console.print()
        # The heading wraps on a narrow terminal (the console does not wrap by default).
        console.print(
            Text(f"{pack.id} {pack.version}: {pack.source_number} {pack.title}", style="bold"), soft_wrap=False
        )
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        table.add_column(tr("id", "编号"), no_wrap=True, min_width=5)
        table.add_column(tr("severity", "级别"), no_wrap=True)
        table.add_column(tr("clauses", "条款"), no_wrap=True)
        # Side by side when they fit; on a narrow terminal (80 columns) the name goes under
        # the title, so that neither is cut into pieces.
        wide = console.width >= _WIDE_TABLE
        if wide:
            table.add_column(tr("title", "名称"), no_wrap=True)
            table.add_column(tr("name", "英文名"), no_wrap=True)
        else:
            table.add_column(tr("title / name", "名称 / 英文名"), overflow="fold")
        for rule in sorted(pack.rules, key=lambda r: r.id):
            cells = [rule.title, rule.name] if wide else [f"{rule.title}\n{rule.name}" if rule.title else rule.name]
            table.add_row(rule.id, rule.severity.value, ",".join(rule.clauses), *cells)
        console.print(table)


def render_example_report(report: ExampleReport, stream: TextIO, color: bool | None = None) -> None:
    console = make_console(stream, color)
    pack = report.pack
    rules = count(len(pack.rules), "rule", "rules", "条规则")
    examples = count(report.examples, "example", "examples", "个示例")
    if not report.failures:
        console.print(
            Text(
                tr(f"{pack.path}: {rules}, {examples}, all pass", f"{pack.path}：{rules}，{examples}，全部通过"),
                style="green",
            )
        )
        return
    current = None
    for failure in report.failures:
        if failure.rule is not current:
            current = failure.rule
            console.print(Text(f"{pack.path}:{failure.rule.line}: {failure.rule.id} {failure.rule.name}", style="bold"))
        if failure.kind == "bad":
            console.print(
                Text(
                    tr("  - expected a finding, got none:  ", "  - 应当标记，却没有：  ") + failure.example, style="red"
                )
            )
        else:
            hits = "; ".join(f"{f.match!r} at {f.line}:{f.column}" for f in failure.findings)
            console.print(
                Text(
                    tr(f"  + expected no finding, got {hits}:  ", f"  + 不应标记，却标记了 {hits}：  ")
                    + failure.example,
                    style="red",
                )
            )
    failed = len(report.failures)
    console.print(
        Text(
            tr(f"{pack.path}: {failed} of {examples} failed", f"{pack.path}：{examples}中有 {failed} 个未通过"),
            style="bold red",
        )
    )
