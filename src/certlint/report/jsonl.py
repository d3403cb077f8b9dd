"""``--format jsonl``: one JSON object per finding per line, for pipelines."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, TextIO

from certlint.findings import Finding, ScanResult
from certlint.report import ReportContext

if TYPE_CHECKING:
    from certlint.gate.baseline import Baseline

__all__ = ["JsonlWriter", "render_jsonl"]


def render_jsonl(result: ScanResult, context: ReportContext, stream: TextIO) -> None:
    for finding in result.findings:
        stream.write(json.dumps(finding.to_dict(), ensure_ascii=False) + "\n")


class JsonlWriter:
    """Writes findings as they arrive (streamed corpus scans), flushing after each call,
    and keeps only counts and the errors the exit code needs."""

    def __init__(self, stream: TextIO, baseline: Baseline | None = None) -> None:
        self.stream = stream
        self.baseline = baseline
        self.counts = {"error": 0, "warning": 0, "info": 0}
        self.worst: list[Finding] = []  # one finding per severity seen, for --fail-on
        self.baselined = 0

    def write(self, findings: list[Finding]) -> None:
        if self.baseline is not None:
            findings, absorbed = self.baseline.filter(findings)
            self.baselined += absorbed
        for finding in findings:
            self.stream.write(json.dumps(finding.to_dict(), ensure_ascii=False) + "\n")
            if not self.counts[finding.severity.value]:
                self.worst.append(finding)
            self.counts[finding.severity.value] += 1
        self.stream.flush()
