"""``--format sarif``: SARIF 2.1.0, as GitHub code scanning accepts it.

Columns count Unicode code points, which SARIF names ``unicodeCodePoints``; the run
declares it. Each rule carries its help text (message, why, clause, fix), so that
code scanning shows the clause on the alert page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from certlint.findings import ScanResult
from certlint.gate.suppress import META_RULES
from certlint.packs.model import Rule, RulePack
from certlint.report import ReportContext, write_json

__all__ = ["render_sarif", "sarif_document"]

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def information_uri() -> str | None:
    """Where certlint lives: the package's ``Repository`` or ``Documentation`` project URL,
    or None (the key is then left out; certlint is not on PyPI, so no package page)."""
    from importlib import metadata

    try:
        urls = metadata.metadata("certlint").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    found = dict(url.split(", ", 1) for url in urls if ", " in url)
    return found.get("Repository") or found.get("Documentation") or found.get("Homepage")


def _uri(path: str) -> str:
    if path == "-":
        return "stdin"
    posix = Path(path).as_posix()
    if posix.startswith("./"):
        posix = posix[2:]
    return quote(posix, safe="/:")


def _rule_descriptor(rule: Rule, pack: RulePack | None) -> dict[str, Any]:
    clauses = "\n".join(f"{pack.source_number} {c}: {pack.clause(c).text}" for c in rule.clauses if pack is not None)
    help_text = "\n\n".join(
        part for part in (rule.message, rule.description, clauses, f"How to fix: {rule.suggestion}") if part
    )
    markdown = "\n\n".join(
        part
        for part in (
            f"**{rule.message}**",
            rule.description,
            "\n".join(f"> {pack.source_number} {c}: {pack.clause(c).text}" for c in rule.clauses) if pack else "",
            f"**How to fix:** {rule.suggestion}",
        )
        if part
    )
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.message},
        "fullDescription": {"text": rule.description or rule.message},
        "help": {"text": help_text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[rule.severity.value]},
        "properties": {"tags": ["certlint", *rule.clauses], "clauses": list(rule.clauses)},
    }


def sarif_document(result: ScanResult, context: ReportContext) -> dict[str, Any]:
    rules: list[tuple[Rule, RulePack | None]] = [(r, p) for p in context.packs for r in p.rules]
    rules += [(r, None) for r in META_RULES]
    index = {rule.id: i for i, (rule, _) in enumerate(rules)}
    results = []
    for finding in result.findings:
        clause_note = "; ".join(f"{c}: {context.clause_text(finding.rule, c)}" for c in finding.clauses)
        text = f"{finding.message} 建议: {finding.suggestion}"
        if clause_note:
            text += f" 条款 {clause_note}"
        results.append(
            {
                "ruleId": finding.rule,
                "ruleIndex": index.get(finding.rule, -1),
                "level": LEVELS[finding.severity.value],
                "message": {"text": text},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _uri(finding.path)},
                            "region": {
                                "startLine": finding.line,
                                "startColumn": finding.column,
                                "endLine": finding.end_line,
                                "endColumn": finding.end_column,
                                "snippet": {"text": finding.match},
                                # Where in a document or picture: page, paragraph, and for
                                # OCR the box in pixels and the OCR score.
                                **({"properties": dict(finding.location)} if finding.location else {}),
                            },
                        }
                    }
                ],
                "partialFingerprints": {"certlint/v1": f"{finding.rule}:{finding.match}"},
                "properties": {"clauses": list(finding.clauses), "suggestion": finding.suggestion},
            }
        )
    notifications = [
        {
            "level": "error",
            "message": {"text": error.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(error.path)}}}],
        }
        for error in result.errors
    ]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "certlint",
                        "version": context.version,
                        "semanticVersion": context.version,
                        **({"informationUri": uri} if (uri := information_uri()) else {}),
                        "rules": [_rule_descriptor(rule, pack) for rule, pack in rules],
                    }
                },
                "invocations": [
                    {"executionSuccessful": not result.errors, "toolExecutionNotifications": notifications}
                ],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render_sarif(result: ScanResult, context: ReportContext, stream: TextIO) -> None:
    write_json(sarif_document(result, context), stream)
