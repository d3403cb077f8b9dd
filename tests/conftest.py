"""Shared harness: run the CLI in-process (fast) or as the installed console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from certlint.cli import app

# Tests never touch the user's cache of compiled linters.
os.environ["CERTLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="certlint-cache-")
# The interface follows the locale: tests read the English one unless they ask for
# Chinese (LC_ALL=zh_CN.UTF-8 or --lang zh), whatever the machine's locale is.
os.environ["LC_ALL"] = "C.UTF-8"

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
CERTLINT = Path(sys.executable).with_name("certlint")


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def run_cli(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Run:
    """Invoke the CLI in this process; stdout and stderr are kept apart."""
    result = CliRunner().invoke(app, list(args), input=input, env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def run_process(*args: str, input: bytes | None = None, cwd: Path | None = None, **env: str) -> Run:
    """Run the installed ``certlint`` console script, as a user would."""
    proc = subprocess.run(
        [str(CERTLINT), *args],
        input=input,
        capture_output=True,
        cwd=cwd,
        env={**os.environ, **env},
        timeout=120,
    )
    return Run(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))


@pytest.fixture
def write(tmp_path: Path):
    """Write a file under tmp_path: ``write("a.txt", "text")`` or bytes."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


def one_rule_pack(
    folder: Path, top: str = "", rule: str = "terms: [协会], examples: {bad: [协会], good: [学会]}"
) -> Path:
    """``folder/p.yaml``: a pack with one rule P001 under clause ``c``. ``top`` is YAML
    placed after the clauses (line 6 on), ``rule`` the rule's own keys."""
    path = folder / "p.yaml"
    path.write_text(
        "pack: p\ntitle: t\nversion: '1'\nsource: {title: t, number: n, date: 2024-01-01}\n"
        f"clauses: {{c: text}}\n{top}rules:\n"
        f"  - {{id: P001, name: p, severity: error, clauses: [c], message: m, suggestion: s, {rule}}}\n",
        encoding="utf-8",
    )
    return path
