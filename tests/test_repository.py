"""A course-catalog repository end to end through the CLI: .gitignore, hidden and binary
files, include/exclude, --list-files, suppressions, baselines that survive edits."""

from __future__ import annotations

import subprocess

import pytest

from conftest import run_cli, run_process


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git repository of Markdown course pages with a config and a .gitignore."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    files = {
        ".gitignore": "drafts/\n*.tmp.md\n!keep.tmp.md\n",
        ".certlint.yaml": "fail-on: error\nexclude:\n  - vendor/\n",
        "courses/nutrition.md": "# 营养师研修班\n\n结业颁发国家高级营养师证书，国家认可。\n",
        "courses/electric.md": "# 电工培训\n\n培训合格颁发本中心结业证书。\n",
        "courses/sub/.gitignore": "secret.md\n",
        "courses/sub/secret.md": "包过！\n",
        "courses/sub/open.md": "学员须完成全部课时。\n",
        "drafts/draft.md": "包过！\n",
        "notes.tmp.md": "包过！\n",
        "keep.tmp.md": "学员须完成全部课时。\n",
        "vendor/lib.md": "包过！\n",
        ".hidden/x.md": "包过！\n",
        "pages/index.html": "<p>课程介绍</p>\n",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (tmp_path / "pages" / "logo.md").write_bytes(b"\x89PNG\r\n\x00\x00binary")
    (tmp_path / "courses" / "loop").symlink_to(tmp_path / "courses")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_list_files_honours_gitignore_exclude_hidden_and_symlinks(repo):
    run = run_cli("scan", ".", "--list-files")
    assert run.code == 0
    assert run.stdout.splitlines() == [
        "courses/electric.md",
        "courses/nutrition.md",
        "courses/sub/open.md",
        "keep.tmp.md",
        "pages/index.html",
        "pages/logo.md",
    ]


def test_include_replaces_the_extension_list(repo):
    (repo / ".certlint.yaml").write_text("include: ['courses/**/*.md']\n", encoding="utf-8")
    run = run_cli("scan", ".", "--list-files")
    assert run.stdout.splitlines() == ["courses/electric.md", "courses/nutrition.md", "courses/sub/open.md"]


def test_binary_file_in_a_directory_is_skipped_and_reported_not_an_error(repo):
    run = run_process("scan", ".", cwd=repo)
    assert run.code == 1  # the findings, not the binary file
    assert "certlint: skipped: pages/logo.md: binary file (contains NUL bytes), skipped\n" in run.stderr
    assert "1 binary file skipped (listed on stderr)." in run.stdout
    assert "Traceback" not in run.stderr


def test_gitignored_file_named_explicitly_is_still_scanned(repo):
    run = run_cli("scan", "-f", "json", "drafts/draft.md")
    assert [f["rule"] for f in run.json()["findings"]] == ["CL204"]


def test_suppression_comments_in_markdown_yaml_and_text(repo):
    (repo / "courses" / "nutrition.md").write_text(
        "# 营养师研修班\n\n"
        "<!-- certlint-disable-next-line CL101 -->\n"
        "结业颁发国家高级营养师证书。\n"
        "本证书国家认可。 <!-- certlint-disable-line CL201 -->\n"
        "<!-- certlint-disable CL2 -->\n"
        "包过！全国通用！\n"
        "<!-- certlint-enable CL2 -->\n"
        "包过！\n",
        encoding="utf-8",
    )
    (repo / "courses" / "meta.yaml").write_text(
        "# certlint: disable-next-line CL403\ntitle: 证书终身有效\nnote: 终身有效\n", encoding="utf-8"
    )
    doc = run_cli("scan", "-f", "json", "courses/nutrition.md", "courses/meta.yaml").json()
    assert [(f["path"], f["line"], f["rule"]) for f in doc["findings"]] == [
        ("courses/meta.yaml", 3, "CL403"),
        ("courses/nutrition.md", 9, "CL204"),
    ]


def test_unknown_and_unused_suppressions_are_warnings(repo):
    (repo / "courses" / "electric.md").write_text(
        "# 电工培训\n<!-- certlint-disable-next-line CL999 -->\n包过\n<!-- certlint-disable-next-line CL204 -->\n培训合格颁发结业证书。\n",
        encoding="utf-8",
    )
    run = run_cli("scan", "-f", "json", "courses/electric.md")
    findings = [(f["line"], f["rule"], f["severity"], f["match"]) for f in run.json()["findings"]]
    assert findings == [
        (2, "CL001", "warning", "certlint-disable-next-line CL999"),
        (3, "CL204", "error", "包过"),
        (4, "CL002", "warning", "certlint-disable-next-line CL204"),
    ]
    assert run_cli("scan", "--select", "CL0", "courses/electric.md").code == 0  # warnings do not fail


def test_baseline_hides_known_findings_and_survives_inserted_lines(repo):
    written = run_cli("scan", ".", "--write-baseline", ".certlint-baseline.json")
    assert written.code == 0
    assert "recorded 2 findings in .certlint-baseline.json" in written.stderr
    page = repo / "courses" / "nutrition.md"
    page.write_text("# 新标题\n\n新增的一段介绍。\n\n" + page.read_text(encoding="utf-8"), encoding="utf-8")
    run = run_cli("scan", ".", "--baseline", ".certlint-baseline.json")
    assert run.code == 0
    assert "2 known findings hidden by the baseline." in run.stdout
    page.write_text(page.read_text(encoding="utf-8") + "证书终身有效。\n", encoding="utf-8")
    run = run_cli("scan", "-f", "json", ".", "--baseline", ".certlint-baseline.json")
    assert run.code == 1
    doc = run.json()
    assert [(f["path"], f["rule"]) for f in doc["findings"]] == [("courses/nutrition.md", "CL403")]
    assert doc["summary"]["baselined"] == 2


def test_baseline_counts_repeated_findings(repo):
    page = repo / "courses" / "electric.md"
    page.write_text("包过\n", encoding="utf-8")
    run_cli("scan", "courses/electric.md", "--write-baseline", "b.json")
    page.write_text("包过\n包过\n", encoding="utf-8")
    run = run_cli("scan", "-f", "json", "courses/electric.md", "--baseline", "b.json")
    assert [f["line"] for f in run.json()["findings"]] == [2]


def test_bad_baseline_file(repo):
    (repo / "b.json").write_text("[1, 2]", encoding="utf-8")
    run = run_cli("scan", ".", "--baseline", "b.json")
    assert run.code == 2
    assert run.stderr.startswith("certlint: error: b.json: not a certlint baseline")
    missing = run_cli("scan", ".", "--baseline", "nope.json")
    assert missing.stderr == "certlint: error: nope.json: no such baseline file\n"
