"""Drop lines of the real corpus whose text already occurs in an earlier batch file.

    python tools/dedupe_corpus.py examples/corpus/real [examples/corpus/frozen]

Batches were collected by independent blind labellers, so the same sentence (often
copied across content farms) was sometimes quoted twice. The first occurrence is kept;
for the dropped ones the script prints how often the two labels agreed, a measure of
inter-labeller agreement.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(folders: list[str]) -> int:
    seen: dict[str, str] = {}
    same_verdict = same_clauses = pairs = 0
    for file in [f for folder in folders for f in sorted(Path(folder).glob("*.tsv"))]:
        kept: list[str] = []
        for raw in file.read_text(encoding="utf-8").splitlines():
            if raw.startswith("#") or not raw.strip():
                kept.append(raw)
                continue
            label, text = raw.split("\t")[:2]
            key = "".join(text.split())
            if key in seen:
                pairs += 1
                same_verdict += (seen[key] == "-") == (label == "-")
                same_clauses += seen[key] == label
                continue
            seen[key] = label
            kept.append(raw)
        file.write_text("\n".join(kept) + "\n", encoding="utf-8")
    if pairs:
        print(f"{pairs} duplicate lines dropped; labels agreed on the verdict in {same_verdict / pairs:.3f}")
        print(f"and on the exact clauses in {same_clauses / pairs:.3f} of them")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
