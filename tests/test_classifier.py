"""The classifier pack (adlaw-edu-classifier): the model file's grammar, its math against
scikit-learn's, its rules in a pack, and what a user sees when it flags a sentence."""

from __future__ import annotations

import importlib.util
import sys
import textwrap

import pytest

from certlint import Linter
from certlint.matching.classifier import ClassifierError, grams, parse_classifier, sentences
from certlint.matching.normalize import normalize
from certlint.packs.loader import load_pack, parse_pack
from certlint.packs.model import PackError

from conftest import REPO, run_process

ALL = ("--pack", "mohrss-2022-25,adlaw-edu,adlaw-edu-classifier")
PACK = REPO / "rules" / "adlaw-edu-classifier.yaml"
MODEL = REPO / "rules" / "adlaw-edu-classifier.tsv"
TESTIMONIAL = "去年我在这里报了班，老师讲得特别细，今年一次就顺利上岸了，真心推荐给大家！"


def test_grams_are_characters_and_neighbour_pairs_without_whitespace():
    assert grams("包过 班") == ["包", "过", "班", "包过"]
    assert grams("") == []


def test_sentences_are_trimmed_and_short_ones_left_out():
    text = "  招生简章\n去年我在这里报了班。 今年顺利上岸了！\n"
    assert [text[a:b] for a, b in sentences(text)] == ["去年我在这里报了班。", "今年顺利上岸了！"]


MINIMAL = "# certlint classifier 1\n@labels\tA\tB\n@intercepts\t-1.0\t0.5\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "line 1: a model file starts with '# certlint classifier 1'"),
        ("# certlint classifier 1\n好\t1.0\t0.5\n", "line 2: @labels and as many @intercepts come before the grams"),
        (MINIMAL + "好\t1.0\t0.5\n", "line 4: expected gram, idf and 2 weights"),
        (MINIMAL + "好\t1.0\t0.5\t1\n好\t1.0\t0.5\t1\n", "line 5: gram '好' twice"),
        (MINIMAL + "好的吧\t1.0\t0.5\t1\n", "line 4: a gram is one or two characters without whitespace"),
        (MINIMAL + "好\t0\t0.5\t1\n", "line 4: idf must be positive"),
        (MINIMAL + "好\t1.0\tnan\t1\n", "line 4: 'nan' is not a finite number"),
        (MINIMAL + "好\t1.0\tx\t1\n", "line 4: 'x' is not a number"),
        ("# certlint classifier 1\n@labels\tA\tA\n", "line 2: @labels needs distinct, non-empty labels"),
        (MINIMAL, "the model has no grams"),
    ],
)
def test_a_model_file_that_breaks_its_grammar_names_the_line(text, message):
    with pytest.raises(ClassifierError) as error:
        parse_classifier(text)
    assert str(error.value) == message


def test_a_model_with_no_known_gram_gives_the_intercepts_probability():
    model = parse_classifier(MINIMAL + "好\t2.0\t1.0\t-1.0\n")
    assert model.probabilities("坏") == pytest.approx((0.2689414, 0.6224593))
    # One known gram: its tf-idf vector is (1,) after normalization, so z = w + b.
    assert model.probabilities("好") == pytest.approx((0.5, 0.3775407))


needs_sklearn = pytest.mark.skipif(importlib.util.find_spec("sklearn") is None, reason="the train extra")


@needs_sklearn
def test_the_shipped_model_is_what_training_on_the_corpus_gives_and_scores_as_scikit_learn():
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import train_classifier
    finally:
        sys.path.pop(0)
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from certlint.quality import read_corpus

    lines = [*read_corpus(REPO / "examples" / "corpus" / "adlaw"), *train_classifier.third_party_lines()]
    assert len(lines) > 2500
    shipped = parse_classifier(MODEL.read_text(encoding="utf-8"))
    trained = train_classifier.train(lines)
    assert shipped.labels == trained.labels == train_classifier.LABELS
    assert shipped.vocabulary.keys() == trained.vocabulary.keys()
    sample = [normalize(line.text) for line in lines[::37]]
    for text in sample:
        assert shipped.probabilities(text) == pytest.approx(trained.probabilities(text), abs=1e-4)
    # The scoring here is scikit-learn's own pipeline, to rounding of the stored weights.
    texts = [normalize(line.text) for line in lines]
    vectorizer = TfidfVectorizer(analyzer=grams, min_df=train_classifier.MIN_DOCUMENTS, binary=True)
    features = vectorizer.fit_transform(texts)
    target = [train_classifier.LABELS[1] in line.expected for line in lines]
    model = LogisticRegression(C=train_classifier.C, class_weight="balanced", max_iter=10_000).fit(features, target)
    expected = model.predict_proba(vectorizer.transform(sample))[:, 1]
    assert [shipped.probabilities(text)[1] for text in sample] == pytest.approx(list(expected), abs=1e-4)


def pack_text(rule: str, classifier: str = "model.tsv") -> str:
    return textwrap.dedent(
        f"""\
        pack: mine
        title: t
        version: "1"
        source: {{title: t, number: n, date: 2024-01-01}}
        classifier: {classifier}
        clauses:
          A: a
          B: b
        rules:
        """
    ) + textwrap.indent(textwrap.dedent(rule), "  ")


RULE = """\
- id: XM01
  name: model-a
  severity: warning
  clauses: [A]
  message: m
  suggestion: s
  examples: {bad: [好好好好好好], good: [坏坏坏坏坏坏]}
"""


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("  classifier: {label: A, threshold: 0.5}\n  terms: [好]\n", "a classifier rule has no 'terms'"),
        ("  classifier: {label: C, threshold: 0.5}\n", "the classifier has no label 'C' (it has A, B)"),
        ("  classifier: {label: B, threshold: 0.5}\n", "classifier.label 'B' is not one of the rule's clauses"),
        ("  classifier: {label: A, threshold: 1.5}\n", "classifier.threshold must be a number above 0 and below 1"),
        ("", "missing key 'terms' (or 'classifier')"),
    ],
)
def test_a_classifier_rule_is_checked_against_its_pack(tmp_path, extra, message):
    (tmp_path / "model.tsv").write_text(MINIMAL + "好\t2.0\t1.0\t-1.0\n", encoding="utf-8")
    (tmp_path / "pack.yaml").write_text(pack_text(RULE + extra), encoding="utf-8")
    with pytest.raises(PackError) as error:
        load_pack(tmp_path / "pack.yaml")
    assert [p.message for p in error.value.problems] == [f"rule XM01: {message}"]


def test_a_missing_or_broken_model_file_is_a_pack_problem(tmp_path):
    (tmp_path / "pack.yaml").write_text(pack_text(RULE + "  classifier: {label: A, threshold: 0.5}\n"), "utf-8")
    with pytest.raises(PackError) as error:
        load_pack(tmp_path / "pack.yaml")
    assert error.value.problems[0].message.startswith("classifier file 'model.tsv' cannot be read:")
    (tmp_path / "model.tsv").write_text(MINIMAL, encoding="utf-8")
    with pytest.raises(PackError) as error:
        load_pack(tmp_path / "pack.yaml")
    assert error.value.problems[0].message == "model.tsv: the model has no grams"
    assert error.value.problems[0].line == 5
    # A bad line is named as a catalogue's is, and it is the pack's only problem (its rules
    # do not each complain that the classifier is missing). A BOM is not a problem.
    (tmp_path / "model.tsv").write_text("\ufeff" + MINIMAL + "好\t1.0\t0.5\n", encoding="utf-8")
    with pytest.raises(PackError) as error:
        load_pack(tmp_path / "pack.yaml")
    assert [p.message for p in error.value.problems] == ["model.tsv:4: expected gram, idf and 2 weights"]


def test_a_small_pack_flags_the_sentences_its_model_scores_above_the_threshold(tmp_path):
    (tmp_path / "model.tsv").write_text(MINIMAL + "好\t2.0\t2.0\t-1.0\n", encoding="utf-8")
    (tmp_path / "pack.yaml").write_text(pack_text(RULE + "  classifier: {label: A, threshold: 0.5}\n"), "utf-8")
    linter = Linter([load_pack(tmp_path / "pack.yaml")])
    findings = linter.scan_text("坏坏坏坏坏坏。好好好好好好！\n好")
    assert [(f.rule, f.line, f.column, f.end_column, f.match) for f in findings] == [
        ("XM01", 1, 8, 15, "好好好好好好！")
    ]
    assert findings[0].message == "m（模型判读，评分 0.73，请人工确认）"


def test_the_shipped_pack_loads_and_parses_as_text():
    pack = load_pack(PACK)
    assert [r.id for r in pack.rules] == ["ADM241", "ADM243", "ADM92", "ADM93"]
    assert all(r.severity.value == "warning" and r.threshold == 0.6 for r in pack.rules)
    assert parse_pack(PACK.read_text(encoding="utf-8"), str(PACK)).classifier == pack.classifier


def test_a_testimonial_told_as_a_story_is_flagged_as_a_whole_sentence(tmp_path):
    (tmp_path / "ad.txt").write_text(f"暑期班火热招生中。\n{TESTIMONIAL}\n课程共48课时，每周两次。\n", "utf-8")
    result = run_process("scan", "ad.txt", "-f", "json", *ALL, cwd=tmp_path)
    assert result.code == 0  # warnings do not fail a run unless --fail-on warning
    findings = result.json()["findings"]
    assert [(f["rule"], f["line"], f["column"], f["end_column"], f["clauses"]) for f in findings] == [
        ("ADM243", 2, 1, 38, ["广告法24(3)"])
    ]
    assert findings[0]["match"] == TESTIMONIAL
    assert findings[0]["severity"] == "warning"
    assert run_process("scan", "ad.txt", *ALL, "--fail-on", "warning", cwd=tmp_path).code == 1
    # Without the classifier pack, the rules alone do not see the story.
    rules = run_process("scan", "ad.txt", "-f", "json", "--pack", "mohrss-2022-25,adlaw-edu", cwd=tmp_path)
    assert rules.json()["findings"] == []


def test_a_sentence_a_rule_already_flags_is_left_to_the_rule(tmp_path):
    (tmp_path / "ad.txt").write_text("去年我在这里报了保过班，今年一次就顺利上岸了，真心推荐给大家！\n", "utf-8")
    findings = run_process("scan", "ad.txt", "-f", "json", *ALL, cwd=tmp_path).json()["findings"]
    assert [(f["rule"], f["match"]) for f in findings] == [("CL204", "保过班")]


def test_explain_and_rules_list_cover_the_classifier_rules():
    explained = run_process("explain", "ADM243").stdout
    assert "ADM243" in explained and "广告法24(3)" in explained and "受益者" in explained
    assert "A model judges each sentence: flagged where P(广告法24(3)) ≥ 0.6" in explained
    listed = run_process("rules", "list").stdout
    assert "adlaw-edu-classifier" in listed and "ADM92" in listed


def test_a_sentence_scored_once_is_remembered_but_not_pickled():
    import pickle

    linter = Linter.from_packs([PACK])
    first = linter.scan_text(f"{TESTIMONIAL}\n{TESTIMONIAL}\n")
    assert [(f.rule, f.line) for f in first] == [("ADM243", 1), ("ADM243", 2)]
    assert list(linter._matcher._scores) == [TESTIMONIAL]
    copy = pickle.loads(pickle.dumps(linter))
    assert copy._matcher._scores == {}
    assert [(f.rule, f.line, f.message) for f in copy.scan_text(TESTIMONIAL)] == [("ADM243", 1, first[0].message)]


def test_a_run_without_a_sentence_end_is_scored_in_bounded_pieces():
    from certlint.matching.classifier import MAX_CHARACTERS

    text = ("学员反馈课程很好，" * 30 + "x" * 1000) * 3
    spans = list(sentences(text))
    assert all(0 < end - start <= MAX_CHARACTERS for start, end in spans)
    covered = "".join(text[start:end] for start, end in spans)
    assert covered == text  # nothing lost: pieces are back to back here (no whitespace)
    # Cut after a comma where there is one: each piece of the phrase part ends with one.
    assert text[spans[0][1] - 1] == "，"


def test_rules_left_out_by_ignore_or_per_file_ignores_hand_their_sentence_to_the_model():
    from certlint.inputs.document import Document
    from certlint.packs.model import shipped_pack_paths

    text = "去年我在这里报了保过班，今年一次就顺利上岸了，真心推荐给大家！"
    everything = Linter.from_packs(shipped_pack_paths())
    assert [f.rule for f in everything.scan_text(text)] == ["CL204"]
    ignored = Linter.from_packs(shipped_pack_paths(), ignore=["CL204", "AD2401"])
    by_option = [(f.rule, f.column, f.end_column) for f in ignored.scan_text(text)]
    by_file = [
        (f.rule, f.column, f.end_column) for f in everything.scan(Document("a.txt", text), skip=("CL204", "AD24"))
    ]
    assert by_option == by_file == [("ADM241", 1, 32)]
    # A finding silenced by a comment is still the rule's: the model does not take its sentence.
    assert everything.scan_text(text + " <!-- certlint-disable-line CL204 -->") == []


def test_rules_test_takes_the_id_of_a_shipped_pack():
    run = run_process("rules", "test", "adlaw-edu-classifier")
    assert run.code == 0 and run.stdout.endswith("adlaw-edu-classifier.yaml: 4 rules, 16 examples, all pass\n")
    missing = run_process("rules", "test", "adlaw-edu-clasifier")
    assert missing.code == 2
    assert missing.stderr.startswith("certlint: error: adlaw-edu-clasifier: no such rule pack")


def test_a_paragraph_wrapped_over_lines_is_one_sentence_and_a_list_is_not():
    wrapped = "去年我在这里报了班，老师讲得特别细，每次作业都认真批改，\n今年一次就顺利上岸了，真心推荐给大家！\n"
    assert [wrapped[a:b] for a, b in sentences(wrapped)] == [wrapped.strip()]
    listed = "课程名称：心理咨询基础班\n课时：48课时\n- 每周两次课，周末上课的安排\n"
    assert [listed[a:b] for a, b in sentences(listed)] == [
        "课程名称：心理咨询基础班",
        "课时：48课时",
        "- 每周两次课，周末上课的安排",
    ]
    paragraphs = "去年我在这里报了班，老师讲得特别细，每次作业都认真批改\n\n今年一次就顺利上岸了，真心推荐给大家"
    assert len(list(sentences(paragraphs))) == 2


def test_a_wrapped_markdown_testimonial_is_one_finding(tmp_path):
    (tmp_path / "story.md").write_text(
        "# 学员心声\n\n去年我在这里报了班，老师讲得特别细，每次作业都认真批改，\n今年一次就顺利上岸了，真心推荐给大家！\n",
        encoding="utf-8",
    )
    findings = run_process("scan", "story.md", "-f", "json", *ALL, cwd=tmp_path).json()["findings"]
    assert [(f["rule"], f["line"], f["column"], f["end_line"]) for f in findings] == [("ADM243", 3, 1, 4)]


def test_naming_a_rule_of_a_pack_not_in_use_says_which_pack(tmp_path):
    (tmp_path / "a.txt").write_text("本期包过\n", encoding="utf-8")
    run = run_process("scan", "a.txt", "--ignore", "ADM92", cwd=tmp_path)
    assert run.code == 2
    assert run.stderr == (
        "certlint: error: unknown rule or prefix 'ADM92': it is a rule of the pack 'adlaw-edu-classifier', "
        "which this run does not use (add it with --pack or packs:)\n"
    )
