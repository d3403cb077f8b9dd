"""How far people agree on the Advertising Law corpus, and the majority labels: the ceiling of any score.

    python benchmarks/labeller_agreement.py

Every line of examples/corpus/adlaw/ has a second blind label (benchmarks/adlaw-labels/
second.tsv), and every line whose two labels differ a third (third.tsv). Each labeller is
scored against the others as certlint is (line-level precision and recall, clause
agreement), with raw agreement and Cohen's kappa; the majority of the three
(certlint.quality.majority) is what `quality.py --adlaw --majority` scores against.
"""

from __future__ import annotations

import sys
from pathlib import Path

from certlint.quality import LabelledLine, majority, read_corpus

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus" / "adlaw"
LABELS = Path(__file__).resolve().parent / "adlaw-labels"


def majority_labels() -> list[LabelledLine]:
    """The corpus's lines with the majority's labels."""
    return majority(read_corpus(CORPUS), read_corpus(LABELS / "second.tsv"), read_corpus(LABELS / "third.tsv"))


def compare(name: str, reference: list[LabelledLine], other: list[LabelledLine]) -> str:
    """``other``'s labels scored against ``reference``'s, over the texts both label."""
    labels = {line.text: line.expected for line in other}
    pairs = [(line.expected, labels[line.text]) for line in reference if line.text in labels]
    tp = sum(1 for a, b in pairs if a and b)
    fp = sum(1 for a, b in pairs if not a and b)
    fn = sum(1 for a, b in pairs if a and not b)
    tn = len(pairs) - tp - fp - fn
    clauses = sum(1 for a, b in pairs if a and b and a <= b)
    observed = (tp + tn) / len(pairs)
    chance = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / len(pairs) ** 2
    return (
        f"{name:<34} {len(pairs):5d} lines  precision {tp / (tp + fp):.3f}  recall {tp / (tp + fn):.3f}  "
        f"clause agreement {clauses / tp:.3f}  agreement {observed:.3f}  kappa {(observed - chance) / (1 - chance):.3f}"
    )


def main() -> int:
    first = read_corpus(CORPUS)
    second = read_corpus(LABELS / "second.tsv")
    third = read_corpus(LABELS / "third.tsv")
    texts = {line.text for line in first}
    for name, labelling in (("second.tsv", second), ("third.tsv", third)):
        stray = [line.text for line in labelling if line.text not in texts]
        if stray:
            print(f"{name}: not in the corpus: {stray[0]}", file=sys.stderr)
            return 1
    held = majority_labels()
    print(
        f"{len(first)} lines; {sum(1 for x in first if x.expected)} violating by the first labels, "
        f"{sum(1 for x in held if x.expected)} by the majority of three"
    )
    print(compare("second labels against the first", first, second))
    print(compare("third labels against the first", first, third))
    print(compare("third labels against the second", second, third))
    print(compare("first labels against the majority", held, first))
    print(compare("second labels against the majority", held, second))
    return 0


if __name__ == "__main__":
    sys.exit(main())
