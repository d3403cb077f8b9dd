"""certlint against textlint + textlint-rule-prh, searching for the same terms.

textlint is installed locally, pinned, under benchmarks/textlint/ (``npm ci --prefix
benchmarks/textlint``); nothing here installs it. The prh rule file and textlint's
configuration are generated next to the corpus, under benchmarks/.data/, with one prh rule
per certlint term (a plain string pattern, so prh escapes it; the few characters prh's
escaping gets wrong under the ``u`` flag are written as a regular expression instead).
certlint is given a configuration there too, ``respect-gitignore: false``: benchmarks/.data/
is git-ignored, and certlint leaves out what .gitignore ignores, so without it certlint
would scan nothing (and exit 2 in 0.2 s).

    from vs_textlint import compare, ensure_tree_101
    tree = ensure_tree_101(DATA / "tree-101", make_text)
    result = compare(tree, terms, repeat, lambda cmd: child_run(cmd, repeat)[0])
    # (certlint seconds, textlint seconds), or a one-line reason textlint was skipped
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

TEXTLINT_DIR = Path(__file__).resolve().parent / "textlint"
INSTALL_HINT = "run `npm ci --prefix benchmarks/textlint`"
MARKER = "※"  # expected = term + marker: every occurrence of a term is reported
TREE_FILES = 101
SMALL_FILE = 90_000  # bytes; 100 of these ...
BIG_FILE = 1_000_000  # ... and one of these: 10 MB in all
# prh's own escaping (prh/lib/utils/regexp.js) misses the backslash, and escapes "-" and "¥",
# which are invalid escapes once prh adds the "u" flag; terms holding them get a regex.
_PRH_UNSAFE = re.compile(r"[\\\-¥]|^/.*/[gimy]*$")
_JS_SYNTAX = re.compile(r"[\^$\\.*+?()\[\]{}|/]")
_UNIX_PROBLEM = re.compile(r"^.+:\d+:\d+: .*\[\w+/prh\]$", re.MULTILINE)


def textlint_command() -> list[str] | None:
    """The command that runs the locally installed textlint, or None when it is not installed."""
    script = TEXTLINT_DIR / "node_modules" / ".bin" / "textlint"
    if shutil.which("node") is None or not script.is_file():
        return None
    return [str(script)]


def _prh_pattern(term: str) -> str:
    if _PRH_UNSAFE.search(term):
        return "/" + _JS_SYNTAX.sub(lambda m: "\\" + m.group(), term) + "/"
    return term


def write_prh_config(terms: list[str], folder: Path) -> Path:
    """Write ``prh.yml`` (one rule per term) and a ``.textlintrc.json`` enabling only prh with it;
    return the path of the latter."""
    folder.mkdir(parents=True, exist_ok=True)
    rules = [{"expected": term + MARKER, "patterns": [_prh_pattern(term)]} for term in terms]
    prh = folder / "prh.yml"
    # JSON is YAML: no quoting questions for js-yaml.
    prh.write_text(json.dumps({"version": 1, "rules": rules}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    rc = folder / ".textlintrc.json"
    config = {"rules": {"prh": {"rulePaths": [str(prh.resolve())]}}}
    rc.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return rc


def ensure_tree_101(folder: Path, make_text: Callable[[int], str]) -> Path:
    """A directory of 101 ``.txt`` files, 100 of 90 KB and one of 1 MB (10 MB in all), made once.

    ``make_text(size)`` is called once per file, in file order; let it vary the text from call
    to call (e.g. ``seeds = itertools.count(101); lambda n: prose(n, seed=next(seeds))``)."""
    if folder.is_dir() and len(list(folder.glob("*.txt"))) == TREE_FILES:
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for index in range(TREE_FILES):
        size = BIG_FILE if index == TREE_FILES - 1 else SMALL_FILE
        (folder / f"file{index:03d}.txt").write_text(make_text(size), encoding="utf-8")
    return folder


def write_certlint_config(folder: Path) -> Path:
    """A certlint configuration that scans git-ignored files too (the corpus is under .data/)."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "certlint.yaml"
    config.write_text("respect-gitignore: false\n", encoding="utf-8")
    return config


def certlint_command(tree: Path, folder: Path) -> list[str]:
    """``certlint scan -q`` over ``tree``, with its configuration written into ``folder``."""
    config = write_certlint_config(folder)
    return [sys.executable, "-m", "certlint", "scan", "-q", "--config", str(config), str(tree)]


def certlint_check(command: list[str], tree: Path) -> None:
    """Fail unless ``command`` (a certlint scan of ``tree``) would scan every file of it."""
    listing = subprocess.run([*command[:-1], "--list-files", command[-1]], capture_output=True, text=True)
    listed = len(listing.stdout.splitlines())
    expected = sum(1 for path in tree.rglob("*") if path.is_file())
    if listing.returncode != 0 or listed != expected:
        raise RuntimeError(f"certlint would scan {listed} of {expected} files in {tree}: {listing.stderr.strip()}")


def count_problems(output: str) -> int:
    """prh problems in textlint's ``--format unix`` output."""
    return len(_UNIX_PROBLEM.findall(output))


def textlint_check(command: list[str], folder: Path, term: str) -> str | None:
    """Run ``command`` (textlint without its path argument) on a one-line sample holding
    ``term``, both as .txt and as .md; None if prh reports it in both, else why not."""
    sample = folder / "sample"
    sample.mkdir(parents=True, exist_ok=True)
    for name in ("sample.txt", "sample.md"):
        (sample / name).write_text(f"开头{term}结尾。\n", encoding="utf-8")
    try:
        out = subprocess.run([*command, str(sample)], capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"textlint did not run: {error}"
    found = count_problems(out.stdout)
    if found != 2:
        detail = (out.stderr.strip() or out.stdout.strip() or "no output").splitlines()[0][:160]
        return f"textlint reported {found} of 2 prh hits on a sample (exit {out.returncode}): {detail}"
    return None


def compare(tree: Path, terms: list[str], repeat: int, run: Callable[[list[str]], float]) -> tuple[float, float] | str:
    """Median seconds of ``certlint scan`` and of textlint + prh over ``tree``, or why textlint
    was skipped. ``run(command)`` times a child process (the median over ``repeat`` runs);
    ``repeat`` is only checked here. The configuration goes next to the tree, never inside it."""
    if repeat < 1:
        raise ValueError("repeat must be at least 1")
    base = textlint_command()
    if base is None:
        missing = "not installed" if shutil.which("node") else "node not found"
        return f"textlint skipped, {missing}: {INSTALL_HINT}"
    if not terms:
        return "no terms to search for"
    folder = tree.parent / f"{tree.name}-textlint"
    certlint = certlint_command(tree, folder)
    certlint_check(certlint, tree)
    rc = write_prh_config(terms, folder)
    command = [*base, "--config", str(rc), "--format", "unix"]
    reason = textlint_check(command, folder, terms[0])
    if reason is not None:
        return reason
    certlint_seconds = run(certlint)
    textlint_seconds = run([*command, str(tree)])
    return certlint_seconds, textlint_seconds
