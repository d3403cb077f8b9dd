"""The shipped examples: their JSON report is a checked snapshot, the clean one passes.

Regenerate after an intended change with ``CERTLINT_UPDATE_SNAPSHOTS=1 python -m pytest
tests/test_examples.py`` and review the diff.
"""

from __future__ import annotations

import json
import os

from conftest import REPO, run_cli

SNAPSHOT = REPO / "tests" / "snapshots" / "examples.json"


def test_examples_json_report_matches_snapshot(monkeypatch):
    monkeypatch.chdir(REPO)
    run = run_cli("scan", "--format", "json", "examples/")
    assert run.code == 1
    assert run.stderr == ""
    if os.environ.get("CERTLINT_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(run.stdout, encoding="utf-8")
    assert json.loads(run.stdout) == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_every_violating_example_is_flagged_in_every_clause(monkeypatch):
    monkeypatch.chdir(REPO)
    doc = run_cli("scan", "--format", "json", "examples/").json()
    flagged = {f["path"] for f in doc["findings"]}
    assert flagged == {"examples/certificate-face.txt", "examples/course-catalog.md", "examples/wechat-ad.txt"}
    assert set(doc["summary"]["by_clause"]) == {"一(一)", "一(二)", "一(三)", "一(四)"}
    assert doc["summary"]["files"] == 5  # 4 examples + the corpus README


def test_clean_example_alone_exits_0(monkeypatch):
    monkeypatch.chdir(REPO)
    run = run_cli("scan", "examples/clean-course.md")
    assert (run.code, run.stdout) == (0, "No findings; 1 file scanned.\n")
