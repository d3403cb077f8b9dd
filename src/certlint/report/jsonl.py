"""``--format jsonl``: one JSON object per finding per line, for pipelines."""

from __future__ import annotations

import json
from typing import TextIO

from certlint.findings import ScanResult
from certlint.report import ReportContext

__all__ = ["render_jsonl"]


def render_jsonl(result: ScanResult, context: ReportContext, stream: TextIO) -> None:
    for finding in result.findings:
        stream.write(json.dumps(finding.to_dict(), ensure_ascii=False) + "\n")
