"""The default pack is data, tested like code (codespell/proselint style)."""

from __future__ import annotations

from collections import Counter

import pytest

from certlint import Linter
from certlint.packs.loader import load_pack
from certlint.packs.model import Rule, Severity, default_pack_paths
from certlint.packs.selftest import check_examples

from conftest import REPO

PACK = load_pack(default_pack_paths()[0])
NOTICE = (REPO / "docs" / "reference" / "notice-2022-25.txt").read_text(encoding="utf-8")
RULES = {rule.id: rule for rule in PACK.rules}


def test_metadata_names_the_notice():
    assert PACK.source_number == "人社部函〔2022〕25号"
    assert PACK.source_date == "2022-03-16"
    assert PACK.source_title in NOTICE


@pytest.mark.parametrize("clause", PACK.clauses, ids=lambda c: c.id)
def test_clause_text_is_verbatim_from_the_notice(clause):
    marker = {"一(一)": "(一)", "一(二)": "(二)", "一(三)": "(三)", "一(四)": "(四)"}[clause.id]
    assert f"{marker}{clause.text}" in NOTICE


def test_every_clause_has_rules():
    covered = Counter(c for rule in PACK.rules for c in rule.clauses)
    assert {c.id for c in PACK.clauses} == set(covered)


@pytest.mark.parametrize("rule", PACK.rules, ids=lambda r: r.id)
def test_rule_has_two_bad_and_two_good_examples(rule):
    assert len(rule.bad_examples) >= 2
    assert len(rule.good_examples) >= 2


@pytest.mark.parametrize("rule", PACK.rules, ids=lambda r: r.id)
def test_rule_id_block_matches_its_clause(rule):
    block = {"1": "一(一)", "2": "一(二)", "3": "一(三)", "4": "一(四)"}[rule.id[2]]
    assert rule.clauses[0] == block


def _unconditional(rule: Rule) -> bool:
    """A rule whose terms are findings by themselves (no pattern, proximity, catalogue)."""
    return not (rule.pattern or rule.near or rule.catalogue)


def test_no_unconditional_term_belongs_to_two_rules():
    # Two rules flagging the same words would report every occurrence twice.
    owners = Counter(term for rule in PACK.rules if _unconditional(rule) for term in rule.terms)
    assert [term for term, n in owners.items() if n > 1] == []


def test_every_unconditional_term_is_flagged_on_its_own():
    # A term that its own rule cannot find standing alone is dead data (an allow phrase,
    # a context cue or jieba swallowing it).
    linter = Linter([PACK])
    dead = [
        (rule.id, term)
        for rule in PACK.rules
        if _unconditional(rule)
        for term in rule.terms
        if rule.id not in {f.rule for f in linter.scan_text(f"。{term}。")}
    ]
    assert dead == []


def test_errors_are_the_majority_and_every_severity_is_known():
    assert {rule.severity for rule in PACK.rules} <= set(Severity)


def test_all_examples_pass():
    report = check_examples(PACK)
    assert [(f.rule.id, f.kind, f.example) for f in report.failures] == []
    assert report.examples >= 4 * len(PACK.rules)


def test_every_shipped_rule_has_a_short_unique_chinese_title():
    titles = [rule.title for rule in PACK.rules]
    assert all(titles), [rule.id for rule in PACK.rules if not rule.title]
    assert len(set(titles)) == len(titles)
    for title in titles:
        assert 2 <= len(title) <= 16, title
        assert any("\u4e00" <= char <= "\u9fff" for char in title), title
