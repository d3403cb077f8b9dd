"""Detection quality on the labelled corpus (examples/corpus): the numbers users rely on."""

from __future__ import annotations

import subprocess
import sys

import pytest

from certlint import Linter
from certlint.quality import CorpusError, evaluate, read_corpus

from conftest import REPO

CORPUS = REPO / "examples" / "corpus"


@pytest.fixture(scope="module")
def report():
    return evaluate(Linter.from_default(), read_corpus(CORPUS))


def test_corpus_is_large_and_balanced(report):
    violating = report.true_positives + report.false_negatives
    compliant = report.false_positives + report.true_negatives
    assert len(report.results) >= 400
    assert violating >= 150
    assert compliant >= 150


def test_line_level_precision_at_least_097(report):
    false_flags = [f"{r.item.path}:{r.item.line}: {r.item.text}" for r in report.mistakes() if not r.item.expected]
    assert report.precision >= 0.97, false_flags


def test_line_level_recall_at_least_097(report):
    missed = [f"{r.item.path}:{r.item.line}: {r.item.text}" for r in report.mistakes() if r.item.expected]
    assert report.recall >= 0.97, missed


def test_clause_agreement_at_least_095(report):
    assert report.clause_agreement >= 0.95


def test_every_clause_is_exercised_by_the_corpus(report):
    assert set(report.per_clause()) == {"一(一)", "一(二)", "一(三)", "一(四)"}


def test_corpus_labels_are_valid_clause_ids():
    for item in read_corpus(CORPUS):
        assert item.expected <= {"一(一)", "一(二)", "一(三)", "一(四)"}, f"{item.path}:{item.line}"


def test_bad_corpus_line_is_reported_with_file_and_line(tmp_path):
    (tmp_path / "x.tsv").write_text("-\tok\nno tab here\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"x\.tsv:2: expected 'label<TAB>text'"):
        read_corpus(tmp_path)


def test_quality_script_prints_the_figures():
    proc = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "quality.py"), str(CORPUS), "--quiet"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "line-level precision" in proc.stdout
    assert "line-level recall" in proc.stdout
    assert "violating" in proc.stdout and "compliant" in proc.stdout
