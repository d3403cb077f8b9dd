"""Throughput of record-corpus scans: --jobs 1 against --jobs 2, and the Dask path.

    python benchmarks/records.py              # a 200 MB JSON Lines crawl (generated once)
    python benchmarks/records.py --size 20    # a smaller corpus, for a quick look

Prints records/s and MB/s for each mode, the speed-up of --jobs 2 over --jobs 1, the
peak RSS of the largest single process (the parent or one worker), and checks that every
mode wrote the same findings.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import DATA, machine, prose

CERTLINT = [sys.executable, "-m", "certlint"]
PROBE = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def crawl(size_mb: int) -> Path:
    path = DATA / f"crawl-{size_mb}mb.jsonl"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    lines = prose(min(size_mb, 20) << 20).splitlines()
    written = 0
    with path.open("w", encoding="utf-8") as out:
        index = 0
        while written < size_mb << 20:
            body = "".join(f"<p>{rng.choice(lines)}</p>" for _ in range(rng.randint(5, 25)))
            row = {
                "url": f"https://site{index % 97}.example.org/page/{index}",
                "html": f"<html><body>{body}</body></html>",
            }
            line = json.dumps(row, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            index += 1
    return path


def run(args: list[str], repeat: int) -> tuple[float, int]:
    times, peak = [], 0
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True)
        seconds, rss = out.stdout.split()
        times.append(float(seconds))
        peak = max(peak, int(rss))
    return statistics.median(times), peak


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200, help="corpus size in MB")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    corpus = crawl(args.size)
    megabytes = corpus.stat().st_size / 2**20
    with corpus.open(encoding="utf-8") as stream:
        records = sum(1 for _ in stream)
    print(f"{machine()}\ncorpus: {corpus} ({megabytes:.0f} MB, {records} records)\n")
    common = ["scan", "--records", str(corpus), "--id-field", "url", "--text-field", "html",
              "--text-format", "html", "-f", "jsonl", "-q"]  # fmt: skip
    results = {}
    digests = {}
    for jobs in (1, 2):
        out = DATA / f"out-j{jobs}.jsonl"
        seconds, rss = run([*CERTLINT, *common, "-j", str(jobs), "-o", str(out)], args.repeat)
        results[jobs] = seconds
        digests[f"--jobs {jobs}"] = digest(out)
        print(f"--jobs {jobs}: {records / seconds:9.0f} records/s {megabytes / seconds:7.1f} MB/s "
              f"({seconds:.1f} s), peak RSS of one process {rss / 1024:.0f} MB")  # fmt: skip
    print(f"speed-up of --jobs 2 over --jobs 1: {results[1] / results[2]:.2f} x (target >= 1.7)")
    if not args.no_dask:
        from dask.distributed import LocalCluster

        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            out = DATA / "out-dask.jsonl"
            start = time.perf_counter()
            subprocess.run([*CERTLINT, *common, "--dask", cluster.scheduler_address, "-o", str(out)], check=False)
            seconds = time.perf_counter() - start
            digests["dask"] = digest(out)
        print(
            f"Dask LocalCluster (2 workers): {records / seconds:9.0f} records/s {megabytes / seconds:7.1f} MB/s ({seconds:.1f} s)"
        )
    print(f"per-core throughput (--jobs 1): {megabytes / results[1]:.1f} MB/s")
    same = len(set(digests.values())) == 1
    print(f"identical findings in every mode: {same} {digests}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
