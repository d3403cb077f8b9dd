"""How far two careful people agree on the Advertising Law corpus: the ceiling of any score.

    python benchmarks/labeller_agreement.py

A second blind labeller labelled 200 lines drawn at random from examples/corpus/adlaw/
(benchmarks/adlaw-second-labeller.tsv). Scored against the corpus's labels as certlint
is (line-level precision and recall, clause agreement), plus raw agreement and Cohen's kappa.
"""

from __future__ import annotations

import sys
from pathlib import Path

from certlint.quality import read_corpus

REPO = Path(__file__).resolve().parents[1]
SECOND = Path(__file__).resolve().parent / "adlaw-second-labeller.tsv"


def main() -> int:
    first = {line.text: line.expected for line in read_corpus(REPO / "examples" / "corpus" / "adlaw")}
    pairs: list[tuple[frozenset[str], frozenset[str]]] = []
    for raw in SECOND.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        label, text, _url = raw.split("\t")
        if text not in first:
            print(f"not in the corpus: {text}", file=sys.stderr)
            return 1
        second = frozenset() if label == "-" else frozenset(label.split(","))
        pairs.append((first[text], second))
    tp = sum(1 for a, b in pairs if a and b)
    fp = sum(1 for a, b in pairs if not a and b)
    fn = sum(1 for a, b in pairs if a and not b)
    tn = len(pairs) - tp - fp - fn
    clauses = sum(1 for a, b in pairs if a and b and a <= b)
    observed = (tp + tn) / len(pairs)
    chance = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / len(pairs) ** 2
    print(f"{len(pairs)} lines: {tp + fn} violating by the corpus's labels, {tp + fp} by the second labeller's")
    print(
        f"second labeller against the corpus: precision {tp / (tp + fp):.3f}  recall {tp / (tp + fn):.3f}  "
        f"clause agreement {clauses / tp:.3f}"
    )
    print(f"raw agreement {observed:.3f}  Cohen's kappa {(observed - chance) / (1 - chance):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
