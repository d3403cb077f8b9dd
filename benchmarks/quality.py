"""Detection quality of the default pack on examples/corpus: the command the README names.

    python benchmarks/quality.py            # figures and every misclassified line
    python benchmarks/quality.py --quiet    # figures only

Prints the confusion matrix, line-level precision and recall, clause-level agreement
and per-clause counts. Exits 1 when precision or recall is below --min (default 0.97).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from certlint import Linter
from certlint.quality import evaluate, read_corpus

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(CORPUS), help="folder of *.tsv files")
    parser.add_argument("--min", type=float, default=0.97, help="lowest acceptable precision and recall")
    parser.add_argument("--quiet", action="store_true", help="do not list misclassified lines")
    args = parser.parse_args()

    report = evaluate(Linter.from_default(), read_corpus(args.corpus))
    tp, fp, fn, tn = report.true_positives, report.false_positives, report.false_negatives, report.true_negatives
    print(f"corpus: {args.corpus} ({len(report.results)} lines: {tp + fn} violating, {fp + tn} compliant)")
    print()
    print("                    flagged   not flagged")
    print(f"  violating       {tp:9d} {fn:13d}")
    print(f"  compliant       {fp:9d} {tn:13d}")
    print()
    print(f"line-level precision  {report.precision:.4f}")
    print(f"line-level recall     {report.recall:.4f}")
    print(f"clause agreement      {report.clause_agreement:.4f}  (flagged lines whose clauses include all expected)")
    print()
    print("clause   tp   fp   fn")
    for clause, (ctp, cfp, cfn) in report.per_clause().items():
        print(f"{clause}  {ctp:4d} {cfp:4d} {cfn:4d}")
    if not args.quiet:
        for result in report.mistakes():
            kind = "missed" if result.item.expected else "false flag"
            found = ", ".join(f"{f.rule} {f.match}" for f in result.findings) or "-"
            print(f"{kind}: {Path(result.item.path).name}:{result.item.line}: {result.item.text}  [{found}]")
    ok = report.precision >= args.min and report.recall >= args.min
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
