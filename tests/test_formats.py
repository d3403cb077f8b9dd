"""Report formats: SARIF 2.1.0 (validated against the schema), GitHub workflow commands,
JSON Lines, --output, --quiet, --statistics."""

from __future__ import annotations

import json

import jsonschema
import pytest

from conftest import REPO, run_cli

SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
AD = "本证书国家认可，全国通用。\n报名即包过，证书含金量高。\n"


@pytest.fixture
def ad(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "courses").mkdir()
    (tmp_path / "courses" / "ad 1.md").write_text(AD, encoding="utf-8")
    return "courses/ad 1.md"


def test_sarif_is_valid_and_carries_rules_levels_and_regions(ad):
    run = run_cli("scan", "-f", "sarif", ad, "missing.md")
    assert run.code == 2
    doc = run.json()
    jsonschema.validate(doc, SCHEMA)
    (sarif_run,) = doc["runs"]
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "certlint"
    rules = {r["id"]: r for r in driver["rules"]}
    assert "一(二)" in rules["CL201"]["help"]["text"]
    assert rules["CL405"]["defaultConfiguration"]["level"] == "warning"
    first = sarif_run["results"][0]
    assert first["ruleId"] == "CL201"
    assert driver["rules"][first["ruleIndex"]]["id"] == "CL201"
    assert first["level"] == "error"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "courses/ad%201.md"
    assert location["region"] == {
        "startLine": 1,
        "startColumn": 4,
        "endLine": 1,
        "endColumn": 8,
        "snippet": {"text": "国家认可"},
    }
    assert [r["level"] for r in sarif_run["results"]] == ["error", "error", "error", "warning"]
    notes = sarif_run["invocations"][0]["toolExecutionNotifications"]
    assert notes[0]["message"]["text"] == "no such file or directory"
    assert sarif_run["invocations"][0]["executionSuccessful"] is False


def test_sarif_of_a_clean_run_is_valid(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ok.md").write_text("学员须完成全部课时。\n", encoding="utf-8")
    doc = run_cli("scan", "-f", "sarif", "ok.md").json()
    jsonschema.validate(doc, SCHEMA)
    assert doc["runs"][0]["results"] == []


def test_github_workflow_commands(ad):
    run = run_cli("scan", "-f", "github", ad)
    lines = run.stdout.splitlines()
    assert lines[0].startswith(
        "::error file=courses/ad 1.md,line=1,col=4,endLine=1,endColumn=8,title=CL201 state-endorsement-claim::国家认可: "
    )
    assert lines[0].endswith("[一(二)]")
    assert lines[-1].startswith("::warning file=courses/ad 1.md,line=2,col=9,endLine=2,endColumn=13,title=CL405")
    assert len(lines) == 4


def test_github_escapes_property_and_data_characters(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a,b:c%.md").write_text("包过\n", encoding="utf-8")
    line = run_cli("scan", "-f", "github", "a,b:c%.md").stdout.splitlines()[0]
    assert line.startswith("::error file=a%2Cb%3Ac%25.md,line=1,")


def test_jsonl_one_finding_per_line(ad):
    run = run_cli("scan", "-f", "jsonl", ad)
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert [(r["line"], r["rule"], r["match"]) for r in rows] == [
        (1, "CL201", "国家认可"),
        (1, "CL201", "全国通用"),
        (2, "CL204", "包过"),
        (2, "CL405", "含金量高"),
    ]


def test_output_file_with_summary_on_the_terminal(ad, tmp_path):
    run = run_cli("scan", "-f", "sarif", "-o", "out.sarif", ad)
    assert run.code == 1
    assert run.stdout == "certlint: 4 findings (3 errors, 1 warning) in 1 file scanned\n"
    jsonschema.validate(json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8")), SCHEMA)
    quiet = run_cli("scan", "-q", "-o", "out.txt", ad)
    assert quiet.stdout == ""
    assert (tmp_path / "out.txt").read_text(encoding="utf-8").startswith("courses/ad 1.md:1:4: error[CL201]")


def test_quiet_text_has_findings_and_no_summary(ad):
    run = run_cli("scan", "-q", ad)
    assert run.stdout.startswith("courses/ad 1.md:1:4: error[CL201] 国家认可")
    assert "Found" not in run.stdout


def test_statistics_counts_per_rule(ad):
    run = run_cli("scan", "--statistics", ad)
    rows = [line.split() for line in run.stdout.splitlines()]
    assert rows[0] == ["count", "rule", "severity", "title", "name"]
    assert rows[2:5] == [
        ["2", "CL201", "error", "宣称国家认可、全国通用", "state-endorsement-claim"],
        ["1", "CL204", "error", "承诺包过", "pass-guarantee"],
        ["1", "CL405", "warning", "夸大证书价值", "value-hype"],
    ]
    assert run.code == 1


def test_a_report_file_gets_the_mode_of_any_new_file(ad, tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        run_cli("scan", "-f", "html", "-o", "report.html", ad)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "report.html").stat().st_mode) == 0o644
