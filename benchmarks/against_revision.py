"""Throughput of this checkout against an earlier revision, side by side in one run.

    python benchmarks/against_revision.py da91e46            # 10 MB of prose, 5 rounds
    python benchmarks/against_revision.py da91e46 --mb 2 --rounds 3

The revision is checked out into a temporary git worktree; each round scans the same
generated prose (benchmarks/bench.py's generator) with both versions, alternating, in
fresh processes, and times ``Linter.scan_text`` by CPU time. Prints each version's median
MB/s and the change. Used for issue 10's "throughput does not fall by more than 10 %".
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from bench import DATA, ensure, prose  # noqa: E402

MEASURE = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from certlint import Linter
text = Path(sys.argv[2]).read_text(encoding="utf-8")
linter = Linter.from_default()
linter.scan_text("本证书国家认可")
times = []
for _ in range(3):
    start = time.process_time()
    linter.scan_text(text)
    times.append(time.process_time() - start)
print(len(text.encode("utf-8")) / 2**20 / min(times))
"""


def measure(source: Path, corpus: Path) -> float:
    run = subprocess.run([sys.executable, "-c", MEASURE, str(source), str(corpus)], capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"measuring {source} failed:\n{run.stderr}")
    return float(run.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision", help="the earlier revision (a commit, tag or branch)")
    parser.add_argument("--mb", type=int, default=10, help="size of the prose corpus in MB")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    corpus = ensure(DATA / f"prose-{args.mb}mb.txt", lambda: prose(args.mb << 20))
    with tempfile.TemporaryDirectory() as tmp:
        worktree = Path(tmp) / "old"
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "-q", "--detach", str(worktree), args.revision], check=True
        )
        try:
            old, new = [], []
            for _ in range(args.rounds):
                old.append(measure(worktree / "src", corpus))
                new.append(measure(REPO / "src", corpus))
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(worktree)], check=False)
    before, after = statistics.median(old), statistics.median(new)
    print(f"scan_text on {args.mb} MB of prose, median of {args.rounds} rounds (each the best of 3, CPU time)")
    print(f"{args.revision:<12} {before:8.2f} MB/s")
    print(f"{'this checkout':<12} {after:8.2f} MB/s")
    print(f"change       {100 * (after / before - 1):+8.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
