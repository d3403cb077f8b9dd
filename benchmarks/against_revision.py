"""Throughput of this checkout against an earlier revision, side by side in one run.

    python benchmarks/against_revision.py da91e46            # 10 MB of prose, 5 rounds
    python benchmarks/against_revision.py da91e46 --mb 2 --rounds 3
    python benchmarks/against_revision.py da91e46 --callgrind   # instructions, not seconds

The revision is checked out into a temporary git worktree; each round scans the same
generated prose (benchmarks/bench.py's generator) with both versions, alternating, in
fresh processes, and times ``Linter.scan_text`` by CPU time. Prints each version's median
MB/s and the change. Timings on a shared machine vary by ±10 % from run to run; with
``--callgrind`` each version instead scans 1.5 MB once under ``valgrind --tool=callgrind``
(instructions counted, the same on every run), minus the instructions of start-up alone.
Used for issue 10's "throughput does not fall by more than 10 %".
"""

from __future__ import annotations

import argparse
import re
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


COUNT = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from certlint import Linter
text = Path(sys.argv[2]).read_text(encoding="utf-8")[:1_500_000]
linter = Linter.from_default()
linter.scan_text("本证书国家认可")
if sys.argv[3] == "scan":
    linter.scan_text(text)
"""


CALLGRIND = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]


def instructions(source: Path, corpus: Path) -> int:
    """Instructions of scan_text alone: a run with the scan minus a run without it."""
    counts = []
    for mode in ("load", "scan"):
        run = subprocess.run(
            [*CALLGRIND, sys.executable, "-c", COUNT, str(source), str(corpus), mode],
            capture_output=True,
            text=True,
        )
        found = re.search(r"Collected : (\d+)", run.stderr)
        if run.returncode != 0 or not found:
            raise SystemExit(f"callgrind on {source} failed:\n{run.stderr[-2000:]}")
        counts.append(int(found.group(1)))
    return counts[1] - counts[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision", help="the earlier revision (a commit, tag or branch)")
    parser.add_argument("--mb", type=int, default=10, help="size of the prose corpus in MB")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--callgrind", action="store_true", help="count instructions with valgrind instead of timing")
    args = parser.parse_args()
    corpus = ensure(DATA / f"prose-{args.mb}mb.txt", lambda: prose(args.mb << 20))
    with tempfile.TemporaryDirectory() as tmp:
        worktree = Path(tmp) / "old"
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "-q", "--detach", str(worktree), args.revision], check=True
        )
        try:
            if args.callgrind:
                before, after = instructions(worktree / "src", corpus), instructions(REPO / "src", corpus)
                print("scan_text on 1.5 MB of prose, instructions (valgrind --tool=callgrind)")
                print(f"{args.revision:<12} {before / 1e6:10.0f} M")
                print(f"{'this checkout':<12} {after / 1e6:10.0f} M")
                print(f"throughput   {100 * (before / after - 1):+8.1f} %")
                return 0
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
