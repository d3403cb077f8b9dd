"""Train the Advertising Law pack's classifier on its labelled real corpus.

    python tools/train_classifier.py                 # write rules/adlaw-edu-classifier.tsv
    python tools/train_classifier.py --check         # exit 1 if the shipped file differs
    python tools/train_classifier.py --cross-validate [--folds 10]

The model: logistic regression (scikit-learn, the ``train`` extra) per label over the
binary tf-idf of character unigrams and bigrams (certlint.matching.classifier.grams), on
the normalized text of every line of examples/corpus/adlaw/. Training is deterministic, so
the shipped file is exactly what this script writes from the corpus.

--cross-validate is the honest figure: lines are split into folds by web site (no site in
both halves), a model is trained on the other folds, and each held-out line is scanned by
certlint itself with the rule pack and that fold's classifier, as a user's scan would.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import sys
from pathlib import Path
from urllib.parse import urlparse

from certlint import Linter
from certlint.matching.classifier import HEADER, TextClassifier, grams, parse_classifier
from certlint.matching.normalize import normalize
from certlint.packs.loader import load_pack
from certlint.quality import LabelledLine, QualityReport, evaluate, read_corpus

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus" / "adlaw"
# Real lines that are not an institution's voice (news, explainers, regulators' notices,
# official query pages) from the notice's corpus: under either law a third party's text is
# compliant (POLICY.md, Stance). Without them the model takes any upbeat sentence
# (研究团队…取得了不错的效果) or a regulator's warning for an ad.
THIRD_PARTY = REPO / "examples" / "corpus" / "real"
THIRD_PARTY_KINDS = frozenset({"news", "explainer", "regulator", "notice", "query"})
RULES = REPO / "rules" / "adlaw-edu.yaml"
PACK = REPO / "rules" / "adlaw-edu-classifier.yaml"
MODEL = REPO / "rules" / "adlaw-edu-classifier.tsv"
# 24(2) has too few lines (33) to learn; its claims name exam bodies and are left to rules.
LABELS = ("广告法24(1)", "广告法24(3)", "广告法9(2)", "广告法9(3)")
MIN_DOCUMENTS = 2  # a gram seen in one line only is that line's, not a feature
C = 4.0  # inverse regularization: chosen by the site-grouped cross-validation below


def third_party_lines() -> list[LabelledLine]:
    """The compliant third-party lines of the notice's real corpus, as negatives."""
    return [line for line in read_corpus(THIRD_PARTY) if not line.expected and line.kind in THIRD_PARTY_KINDS]


def train(lines: list[LabelledLine]) -> TextClassifier:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = [normalize(line.text) for line in lines]
    vectorizer = TfidfVectorizer(analyzer=grams, min_df=MIN_DOCUMENTS, binary=True)
    features = vectorizer.fit_transform(texts)
    weights: list[list[float]] = []
    intercepts: list[float] = []
    for label in LABELS:
        target = [label in line.expected for line in lines]
        model = LogisticRegression(C=C, class_weight="balanced", max_iter=10_000)
        model.fit(features, target)
        weights.append([float(w) for w in model.coef_[0]])
        intercepts.append(float(model.intercept_[0]))
    vocabulary = {
        gram: (round(float(vectorizer.idf_[index]), 6), tuple(round(w[index], 6) for w in weights))
        for gram, index in sorted(vectorizer.vocabulary_.items())
    }
    return TextClassifier(LABELS, tuple(round(b, 6) for b in intercepts), vocabulary)


def serialize(classifier: TextClassifier) -> str:
    rows = [
        HEADER,
        "# Trained by tools/train_classifier.py on examples/corpus/adlaw/ (do not edit by hand).",
        "# gram<TAB>idf<TAB>one weight per label",
        "\t".join(("@labels", *classifier.labels)),
        "\t".join(("@intercepts", *map(repr, classifier.intercepts))),
    ]
    rows += ["\t".join((gram, repr(idf), *map(repr, w))) for gram, (idf, w) in classifier.vocabulary.items()]
    return "\n".join(rows) + "\n"


def site(line: LabelledLine) -> str:
    return urlparse(line.url).netloc or line.url


def cross_validate(corpus: list[LabelledLine], third_party: list[LabelledLine], folds: int) -> None:
    from sklearn.model_selection import GroupKFold

    rules = load_pack(RULES)
    pack = load_pack(PACK)
    rules_only: list = []
    both: list = []
    classifier_only: list = []
    third_party_both: list = []
    third_party_model: list = []
    # The third-party lines are learnt from and held out too, but scored apart.
    lines = [*corpus, *third_party]
    splitter = GroupKFold(n_splits=folds)
    for train_index, test_index in splitter.split(lines, groups=[site(line) for line in lines]):
        model = train([lines[i] for i in train_index])
        fold_pack = dataclasses.replace(pack, classifier=model)
        held_out = [lines[i] for i in test_index if i < len(corpus)]
        rules_only += evaluate(Linter([rules]), held_out).results
        both += evaluate(Linter([rules, fold_pack]), held_out).results
        classifier_only += evaluate(Linter([fold_pack]), held_out).results
        others = [lines[i] for i in test_index if i >= len(corpus)]
        third_party_both += evaluate(Linter([rules, fold_pack]), others).results
        third_party_model += evaluate(Linter([fold_pack]), others).results
    print(
        f"{folds} folds by web site: scored on the {len(corpus)} lines of {CORPUS.relative_to(REPO)} "
        f"({len({site(line) for line in corpus})} sites);"
    )
    print(f"the model also learns from {len(third_party)} third-party lines")
    for name, results in (("rules", rules_only), ("classifier", classifier_only), ("both", both)):
        report = QualityReport(results)
        print(
            f"{name:<11} precision {report.precision:.3f}  recall {report.recall:.3f}  "
            f"clause agreement {report.clause_agreement:.3f}"
        )
    flagged = sum(1 for result in third_party_both if result.flagged)
    by_model = sum(1 for result in third_party_model if result.flagged)
    print(
        f"third-party lines (news, notices…) flagged: {flagged} of {len(third_party_both)} by rules and classifier, "
        f"{by_model} by the classifier alone"
    )
    print("(the rules were written on this corpus: their figures here are not blind; the classifier's are)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the shipped model is not what training gives")
    parser.add_argument("--cross-validate", action="store_true", help="site-grouped cross-validation figures")
    parser.add_argument("--folds", type=int, help="with --cross-validate: how many folds (default 10)")
    args = parser.parse_args()
    if args.check and args.cross_validate:
        parser.error("--check and --cross-validate are separate runs")
    if args.folds is not None and not args.cross_validate:
        parser.error("--folds goes with --cross-validate")
    if args.folds is not None and args.folds < 2:
        parser.error("--folds must be at least 2")
    if importlib.util.find_spec("sklearn") is None:
        print(
            "training needs scikit-learn: pip install 'certlint[train]' (or '.[train]' in a checkout)", file=sys.stderr
        )
        return 2
    corpus, third_party = read_corpus(CORPUS), third_party_lines()
    if args.cross_validate:
        cross_validate(corpus, third_party, args.folds or 10)
        return 0
    text = serialize(train([*corpus, *third_party]))
    if args.check:
        shipped = MODEL.read_text(encoding="utf-8")
        if parse_classifier(shipped) != parse_classifier(text):
            print(
                f"{MODEL.relative_to(REPO)} is not what training gives: run tools/train_classifier.py", file=sys.stderr
            )
            return 1
        print(f"{MODEL.relative_to(REPO)} is up to date")
        return 0
    MODEL.write_text(text, encoding="utf-8")
    print(f"wrote {MODEL.relative_to(REPO)}: {len(text.splitlines()) - 5} grams, labels {', '.join(LABELS)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
