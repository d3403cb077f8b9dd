"""Detection quality of the default pack on labelled corpora: the command the README names.

    python benchmarks/quality.py                 # the three corpora, figures only
    python benchmarks/quality.py --real          # real pages: figures, per batch, every mistake
    python benchmarks/quality.py --frozen        # the frozen test split (score it once)
    python benchmarks/quality.py PATH... [--by-file] [--quiet]

Prints the confusion matrix, line-level precision and recall, clause-level agreement and
per-clause counts. Exits 1 when precision or recall is below --min (default 0.97, or the
corpus's own threshold when no --min is given and the three corpora are printed).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from certlint import Linter
from certlint.quality import QualityReport, evaluate, majority, read_corpus

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
REAL = CORPUS / "real"
FROZEN = CORPUS / "frozen"
ADLAW = CORPUS / "adlaw"
# Corpus → (lowest precision, lowest recall) that issue 10 asks for.
TARGETS = {"constructed": (0.97, 0.97), "real": (0.97, 0.95), "frozen": (0.93, 0.90)}


def figures(name: str, report: QualityReport) -> str:
    tp, fp, fn, tn = report.true_positives, report.false_positives, report.false_negatives, report.true_negatives
    return (
        f"{name:<12} {len(report.results):5d} lines ({tp + fn:4d} violating, {fp + tn:4d} compliant)  "
        f"precision {report.precision:.3f}  recall {report.recall:.3f}  clause agreement {report.clause_agreement:.3f}"
    )


def detail(name: str, report: QualityReport, by_file: bool, quiet: bool) -> None:
    tp, fp, fn, tn = report.true_positives, report.false_positives, report.false_negatives, report.true_negatives
    print(f"corpus: {name} ({len(report.results)} lines: {tp + fn} violating, {fp + tn} compliant)")
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
    if by_file:
        print()
        print("file                      lines  precision  recall")
        for path in dict.fromkeys(r.item.path for r in report.results):
            part = QualityReport([r for r in report.results if r.item.path == path])
            print(f"{Path(path).name:<24} {len(part.results):6d}  {part.precision:9.3f}  {part.recall:6.3f}")
    if not quiet:
        print()
        for result in report.mistakes():
            kind = "missed" if result.item.expected else "false flag"
            found = ", ".join(f"{f.rule} {f.match}" for f in result.findings) or "-"
            label = ",".join(sorted(result.item.expected)) or "-"
            where = f"{Path(result.item.path).name}:{result.item.line}"
            print(f"{kind}: {where}: [{label}] {result.item.text}  [{found}]")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="corpus files or folders of *.tsv files")
    parser.add_argument("--real", action="store_true", help=f"the real-page corpus ({REAL})")
    parser.add_argument("--frozen", action="store_true", help=f"the frozen test split ({FROZEN})")
    parser.add_argument(
        "--adlaw",
        action="store_true",
        help=f"the Advertising Law corpus ({ADLAW}, or the PATHS given), scanned with that pack alone",
    )
    parser.add_argument(
        "--classifier",
        action="store_true",
        help="with --adlaw: add the adlaw-edu-classifier pack (on the corpus it was trained on the figure is not "
        "blind: tools/train_classifier.py --cross-validate gives the honest one)",
    )
    parser.add_argument(
        "--majority",
        action="store_true",
        help="with --adlaw: score against the majority of three blind labellers (benchmarks/adlaw-labels/) "
        "instead of the corpus's own labels",
    )
    parser.add_argument("--min", type=float, help="lowest acceptable precision and recall")
    parser.add_argument("--by-file", action="store_true", help="precision and recall of each file (batch)")
    parser.add_argument("--quiet", action="store_true", help="do not list misclassified lines")
    args = parser.parse_args()

    linter = Linter.from_default()
    if args.adlaw:
        # The notice's rules are not what this corpus labels: the second pack alone.
        rules = CORPUS.parents[1] / "rules"
        packs = [rules / "adlaw-edu.yaml", *([rules / "adlaw-edu-classifier.yaml"] if args.classifier else [])]
        linter = Linter.from_packs(packs)
    paths = [*args.paths, *([REAL] if args.real else []), *([FROZEN] if args.frozen else [])]
    paths += [ADLAW] if args.adlaw and not args.paths else []
    if not paths:
        ok = True
        for name, path in (("constructed", CORPUS), ("real", REAL), ("frozen", FROZEN)):
            if not path.is_dir():
                continue
            report = evaluate(linter, read_corpus(path))
            print(figures(name, report))
            low_p, low_r = (args.min, args.min) if args.min is not None else TARGETS[name]
            ok = ok and report.precision >= low_p and report.recall >= low_r
        return 0 if ok else 1
    items = read_corpus(*paths)
    if args.majority:
        from labeller_agreement import LABELS

        items = majority(items, read_corpus(LABELS / "second.tsv"), read_corpus(LABELS / "third.tsv"))
    report = evaluate(linter, items)
    detail(", ".join(map(str, paths)), report, args.by_file, args.quiet)
    low = 0.97 if args.min is None else args.min
    return 0 if report.precision >= low and report.recall >= low else 1


if __name__ == "__main__":
    sys.exit(main())
