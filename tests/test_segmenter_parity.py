"""rjieba (jieba-rs) is used for speed; it must give exactly the findings of the jieba
package with HMM off on every public text of the project."""

from __future__ import annotations

import pytest

from certlint import Linter
from certlint.matching.segment import backend_name
from certlint.quality import read_corpus

from conftest import EXAMPLES, REPO


def _texts() -> list[str]:
    texts = [item.text for item in read_corpus(REPO / "examples" / "corpus")]
    texts += [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.*")) if p.suffix in (".md", ".txt")]
    from certlint.packs.loader import load_pack
    from certlint.packs.model import default_pack_paths

    pack = load_pack(default_pack_paths()[0])
    texts += [e for rule in pack.rules for e in (*rule.bad_examples, *rule.good_examples)]
    return texts


def _linter(monkeypatch: pytest.MonkeyPatch, backend: str) -> Linter:
    monkeypatch.setenv("CERTLINT_SEGMENTER", backend)
    linter = Linter.from_default()
    linter.scan_text("本证书国家认可")  # loads the segmenter while the variable is set
    assert linter.segmenter_loaded
    return linter


def test_rjieba_is_the_default_when_installed(monkeypatch):
    pytest.importorskip("rjieba")
    monkeypatch.delenv("CERTLINT_SEGMENTER", raising=False)
    assert backend_name() == "rjieba"
    monkeypatch.setenv("CERTLINT_SEGMENTER", "jieba")
    assert backend_name() == "jieba"


def test_identical_findings_on_the_whole_public_corpus(monkeypatch):
    pytest.importorskip("rjieba")
    reference = _linter(monkeypatch, "jieba")
    fast = _linter(monkeypatch, "rjieba")
    texts = _texts()
    assert len(texts) > 600
    differences = []
    for text in texts:
        want = [(f.line, f.column, f.end_column, f.rule) for f in reference.scan_text(text)]
        got = [(f.line, f.column, f.end_column, f.rule) for f in fast.scan_text(text)]
        if want != got:
            differences.append((text, want, got))
    assert differences == []


def test_identical_segmentation_of_the_corpus_lines(monkeypatch):
    pytest.importorskip("rjieba")
    reference = _linter(monkeypatch, "jieba")._matcher.segmenter
    fast = _linter(monkeypatch, "rjieba")._matcher.segmenter
    lines = [t for text in _texts() for t in text.splitlines() if t.strip()]
    assert [reference.tokens(t) for t in lines] == [fast.tokens(t) for t in lines]
