"""The disk cache of compiled linters: used when nothing changed, never wrong when
something did, and harmless when broken."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import run_cli

PACK = """\
pack: house
title: t
version: "1"
source: {title: t, number: n, date: 2024-01-01}
clauses:
  内(一): 不得使用“钻石级证书”。
rules:
  - id: HS001
    name: diamond
    severity: error
    clauses: [内(一)]
    message: m
    suggestion: s
    terms: [钻石级证书]
    examples: {bad: [钻石级证书], good: [结业证书]}
"""


def _entries() -> set[str]:
    return {p.name for p in Path(os.environ["CERTLINT_CACHE_DIR"]).glob("*.pickle")}


def test_cache_entry_is_written_and_reused(write):
    pack = write("house.yaml", PACK)
    text = write("a.txt", "钻石级证书")
    before = _entries()
    assert run_cli("scan", "--rules", str(pack), str(text)).code == 1
    created = _entries() - before
    assert len(created) == 1
    assert run_cli("scan", "--rules", str(pack), str(text)).code == 1
    assert _entries() - before == created  # the second run used it


def test_a_changed_pack_is_not_served_from_the_cache(write):
    pack = write("house.yaml", PACK)
    text = write("a.txt", "钻石级证书 黄金级证书")
    assert [f["match"] for f in run_cli("scan", "-f", "json", "--rules", str(pack), str(text)).json()["findings"]] == [
        "钻石级证书"
    ]
    pack.write_text(PACK.replace("[钻石级证书]", "[黄金级证书]"), encoding="utf-8")
    matches = [f["match"] for f in run_cli("scan", "-f", "json", "--rules", str(pack), str(text)).json()["findings"]]
    assert matches == ["黄金级证书"]


def test_a_corrupt_cache_entry_is_rebuilt_silently(write):
    pack = write("house.yaml", PACK)
    text = write("a.txt", "钻石级证书")
    before = _entries()
    run_cli("scan", "--rules", str(pack), str(text))
    for name in _entries() - before:
        (Path(os.environ["CERTLINT_CACHE_DIR"]) / name).write_bytes(b"not a pickle")
    run = run_cli("scan", "--rules", str(pack), str(text))
    assert (run.code, run.stderr) == (1, "")


def test_cache_can_be_turned_off(write, monkeypatch, tmp_path):
    monkeypatch.setenv("CERTLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CERTLINT_NO_CACHE", "1")
    run_cli("scan", str(write("a.txt", "包过")))
    assert not (tmp_path / "cache").exists()
