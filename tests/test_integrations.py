"""Progress bar on a terminal only; the pre-commit hook through `pre-commit try-repo`;
the CI recipes of docs/ci.md parse and their certlint commands work."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import CERTLINT, REPO

SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _many_files(folder: Path, count: int = 12) -> None:
    for i in range(count):
        (folder / f"page{i:02d}.md").write_text("包过\n" if i == 0 else "学员须完成全部课时。\n", encoding="utf-8")


def _run_with_stderr_on_a_terminal(args: list[str], cwd: Path) -> tuple[str, str]:
    leader, follower = pty.openpty()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=follower, env={**os.environ, "TERM": "xterm"})
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    stdout = proc.stdout.read().decode("utf-8") if proc.stdout else ""
    proc.wait(timeout=60)
    os.close(leader)
    return stdout, b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_goes_to_stderr_only(tmp_path):
    _many_files(tmp_path)
    stdout, stderr = _run_with_stderr_on_a_terminal([str(CERTLINT), "scan", "."], tmp_path)
    assert "scanning" in stderr and "12" in stderr
    assert "scanning" not in stdout
    assert stdout.startswith("page00.md:1:1: error[CL204] 包过")


def test_no_progress_bar_with_quiet_or_without_a_terminal(tmp_path):
    _many_files(tmp_path)
    _, stderr = _run_with_stderr_on_a_terminal([str(CERTLINT), "scan", "-q", "."], tmp_path)
    assert "scanning" not in stderr
    piped = subprocess.run([str(CERTLINT), "scan", "."], cwd=tmp_path, capture_output=True, text=True)
    assert piped.stderr == ""


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_try_repo_fails_a_violation_and_passes_a_clean_file(tmp_path):
    work = tmp_path / "catalog"
    work.mkdir()
    _git(work, "init", "-q")
    _git(work, "config", "user.email", "ci@example.org")
    _git(work, "config", "user.name", "ci")
    (work / "bad.md").write_text("# 课程\n\n本证书国家认可，包过。\n", encoding="utf-8")
    (work / "good.md").write_text("# 课程\n\n学员须完成全部课时。\n", encoding="utf-8")
    _git(work, "add", "bad.md", "good.md")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    pre_commit = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "certlint"]
    bad = subprocess.run(
        [*pre_commit, "--files", "bad.md"], cwd=work, capture_output=True, text=True, env=env, timeout=900
    )
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "bad.md:3:4: error[CL201] 国家认可" in bad.stdout
    # A staged baseline and a new, empty page pass the hook with the clean page: certlint
    # skips its own baseline and finds nothing in an empty file.
    subprocess.run([str(CERTLINT), "scan", "bad.md", "--write-baseline", "base.json"], cwd=work, check=True)
    (work / "new.md").write_text("", encoding="utf-8")
    _git(work, "add", "base.json", "new.md")
    good = subprocess.run(
        [*pre_commit, "--files", "good.md", "base.json", "new.md"],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert good.returncode == 0, good.stdout + good.stderr
    assert re.search(r"certlint.*Passed", good.stdout)


def _yaml_blocks(markdown: str) -> list[dict]:
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", markdown, re.S)]


def test_ci_recipes_parse_and_their_commands_run(tmp_path):
    blocks = _yaml_blocks((REPO / "docs" / "ci.md").read_text(encoding="utf-8"))
    workflow = next(b for b in blocks if isinstance(b, dict) and "jobs" in b)
    gitlab = next(b for b in blocks if isinstance(b, dict) and "certlint" in b and "script" in b["certlint"])
    hook_config = next(b for b in blocks if isinstance(b, dict) and "repos" in b)
    assert hook_config["repos"][0]["hooks"][0]["id"] == "certlint"
    steps = workflow["jobs"]["certlint"]["steps"]
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    commands = [s["run"] for s in steps if "run" in s and s["run"].startswith("certlint ")]
    commands += [c for c in gitlab["certlint"]["script"] if c.startswith("certlint ")]
    assert len(commands) == 4

    (tmp_path / "courses").mkdir()
    (tmp_path / "courses" / "a.md").write_text("本证书国家认可。\n", encoding="utf-8")
    subprocess.run([str(CERTLINT), "init"], cwd=tmp_path, check=True, capture_output=True)
    recorded = subprocess.run(
        [str(CERTLINT), "scan", ".", "--write-baseline", ".certlint-baseline.json"], cwd=tmp_path, capture_output=True
    )
    assert recorded.returncode == 0
    (tmp_path / "courses" / "b.md").write_text("包过！\n", encoding="utf-8")  # a new violation
    codes = []
    for command in commands:
        proc = subprocess.run(
            command.replace("certlint ", f"{CERTLINT} ", 1), shell=True, cwd=tmp_path, capture_output=True, text=True
        )
        codes.append(proc.returncode)
    assert codes == [0, 1, 0, 1]  # report-only steps pass, gate steps fail on the new error
    # The GitLab job scans the tree after writing certlint.json into it: never a finding there.
    last = subprocess.run(
        commands[-1].replace("certlint ", f"{CERTLINT} ", 1) + " --format json",
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert {f["path"] for f in json.loads(last.stdout)["findings"]} == {"courses/b.md"}
    assert "certlint: skipped: certlint.json: certlint's own JSON report, not scanned" in last.stderr
    sarif = json.loads((tmp_path / upload["with"]["sarif_file"]).read_text(encoding="utf-8"))
    jsonschema.validate(sarif, SCHEMA)
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["CL204"]
    assert json.loads((tmp_path / "certlint.json").read_text(encoding="utf-8"))["summary"]["findings"] == 1


def test_docs_install_from_what_exists(tmp_path):
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    installs = re.findall(r"pip install ([^\n`]+)", text)
    assert installs and not any(re.fullmatch(r"'?certlint(\[\w+\])?'?", line.strip()) for line in installs)
    assert 'pip install "certlint @ git+<repository URL>@<tag or commit>"' in text
    assert "pre-commit install" in text
    # The wheel recipe, as written: it builds, and the wheel holds the rule packs.
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", str(REPO), "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    if built.returncode != 0 and "hatchling" in built.stderr:
        built = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", str(REPO), "-w", str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=600,
        )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("certlint-*.whl")
    import zipfile

    assert "certlint/rules/mohrss-2022-25.yaml" in zipfile.ZipFile(wheel).namelist()


def test_sarif_names_no_package_page_that_does_not_exist(tmp_path):
    (tmp_path / "a.md").write_text("包过\n", encoding="utf-8")
    run = subprocess.run([str(CERTLINT), "scan", "a.md", "-f", "sarif"], cwd=tmp_path, capture_output=True, text=True)
    driver = json.loads(run.stdout)["runs"][0]["tool"]["driver"]
    assert "pypi.org" not in driver.get("informationUri", "")


def test_pre_commit_hook_definition():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "certlint"
    assert hook["entry"] == "certlint scan"
    assert hook["language"] == "python"
    assert re.search(hook["files"], "courses/a.md") and not re.search(hook["files"], "logo.svg")
    for document in ("brochure.docx", "slides.pptx", "scan.pdf", "face.jpg", "photo.jpeg", "scan.tiff", "seal.png"):
        assert re.search(hook["files"], document)
    assert hook["types"] == ["file"]  # not [text]: Word, PowerPoint and PDF files are binary
