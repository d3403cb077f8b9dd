"""``--format json``: the pinned, versioned JSON document (see docs/output.md)."""

from __future__ import annotations

from typing import Any, TextIO

from certlint.findings import ScanResult
from certlint.report import ReportContext, summarize, write_json

__all__ = ["json_document", "render_json"]


def json_document(result: ScanResult, context: ReportContext) -> dict[str, Any]:
    summary = summarize(result, context)
    document: dict[str, Any] = {
        "tool": {"name": "certlint", "version": context.version},
        "packs": [{"id": pack.id, "version": pack.version} for pack in context.packs],
        "findings": [finding.to_dict() for finding in result.findings],
        "errors": [error.to_dict() for error in result.errors],
        "summary": {
            "files": summary.files,
            "findings": summary.findings,
            "by_severity": summary.by_severity,
            "by_clause": summary.by_clause,
        },
    }
    if context.show_allowed:
        document["allowed"] = [finding.to_dict() for finding in result.allowed]
    if result.skipped:
        document["skipped"] = [item.to_dict() for item in result.skipped]
    if result.baselined:
        document["summary"]["baselined"] = result.baselined
    return document


def render_json(result: ScanResult, context: ReportContext, stream: TextIO) -> None:
    write_json(json_document(result, context), stream)
