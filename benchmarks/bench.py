"""Speed and memory of certlint, measured side by side with its building blocks.

    python benchmarks/bench.py            # full run (about ten minutes on 2 cores)
    python benchmarks/bench.py --smoke    # 1 MB only, one repetition: checks that it works
    python benchmarks/bench.py --write benchmarks/RESULTS.md

Corpora are generated deterministically under benchmarks/.data/ (git-ignored): Chinese
prose assembled from the labelled corpus's compliant lines and generic sentences, with
violating lines planted at one in ten; a tree of small Markdown files; a tree of 101 text
files (10 MB); one large file. Every figure is the median of the repetitions; ratios
compare figures from this run. A command that fails (exit 2) stops the benchmark: a
failed run must never be timed as a fast one.

textlint + textlint-rule-prh, for the comparison on the 101-file tree, is installed in the
benchmark's own folder: ``npm ci --prefix benchmarks/textlint`` (skipped with a message
when it is not there).
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from vs_textlint import compare, ensure_tree_101

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = HERE / ".data"
CERTLINT = [sys.executable, "-m", "certlint"]
# Child processes may write bytecode, as an installed package has it: a sandbox that sets
# PYTHONDONTWRITEBYTECODE would make every run compile certlint's sources again (~60 ms).
CHILD_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
# benchmarks/.data/ is git-ignored, and certlint leaves out what .gitignore ignores.
SCAN_DATA = [*CERTLINT, "scan", "--config", str(DATA / "certlint.yaml")]
# The raw pass, as a process of its own: load the terms, build the automaton, read the
# file, run over it. What certlint does end to end is held against this.
RAW_PASS = (
    "import sys, ahocorasick\n"
    "automaton = ahocorasick.Automaton()\n"
    "for term in open(sys.argv[1], encoding='utf-8').read().split('\\n'):\n"
    "    automaton.add_word(term, term)\n"
    "automaton.make_automaton()\n"
    "text = open(sys.argv[2], encoding='utf-8').read()\n"
    "print(sum(1 for _ in automaton.iter(text)))\n"
)
# Everyday prose is built from these parts, so that the corpus is varied and realistic:
# long stretches of ordinary text with a candidate term about once in ten lines.
TIMES = ["近年来", "今年以来", "上周", "据了解", "与此同时", "在过去的一年里", "目前", "此外", "总体来看", "春节前后"]
SUBJECTS = ["这家企业", "社区工作人员", "许多年轻人", "市图书馆", "学校老师", "研究团队", "当地农户", "一位老工匠",
            "志愿者们", "公司技术部门", "医院的护士", "附近的居民"]  # fmt: skip
VERBS = ["持续改进", "认真讨论了", "积极参与", "重新规划了", "详细介绍了", "逐步完善", "顺利完成了", "仔细检查了",
         "共同组织了", "不断探索"]  # fmt: skip
OBJECTS = ["生产流程和质量管理", "周末的读书分享活动", "城市绿化和环境保护", "新产品的设计方案", "课堂教学的方法",
           "农产品的销售渠道", "传统手艺的传承方式", "老旧小区的改造工作", "病房的护理安排", "社区的文化活动"]  # fmt: skip
ENDINGS = ["，取得了不错的效果。", "，受到大家的欢迎。", "，相关工作仍在进行中。", "。", "，计划下个月继续推进。"]
FILLER = [f"{t}，{s}{v}{o}{e}" for t, s, v, o, e in zip(TIMES, SUBJECTS, VERBS, OBJECTS, ENDINGS * 2, strict=False)]


def read_corpus_lines() -> tuple[list[str], list[str]]:
    good: list[str] = []
    bad: list[str] = []
    for file in sorted((REPO / "examples" / "corpus").glob("*.tsv")):
        for line in file.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#") and "\t" in line:
                label, text = line.split("\t", 1)
                (good if label.strip() == "-" else bad).append(text)
    return good, bad


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(TIMES)}，{rng.choice(SUBJECTS)}{rng.choice(VERBS)}{rng.choice(OBJECTS)}{rng.choice(ENDINGS)}"


def prose(size: int, seed: int = 25) -> str:
    """About ``size`` bytes of UTF-8 prose. One line in ten is a line of the labelled
    corpus (about half of them violations, the rest hard negatives); the others are
    ordinary sentences."""
    rng = random.Random(seed)
    good, bad = read_corpus_lines()
    lines: list[str] = []
    total = 0
    while total < size:
        if rng.random() < 0.1:
            line = rng.choice(bad) if rng.random() < 0.5 else rng.choice(good)
        else:
            line = "".join(sentence(rng) for _ in range(rng.randint(1, 3)))
        lines.append(line)
        total += len(line.encode("utf-8")) + 1
    return "\n".join(lines) + "\n"


def ensure(path: Path, make: Callable[[], str]) -> Path:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(make(), encoding="utf-8")
    return path


def ensure_tree(folder: Path, count: int) -> Path:
    if not folder.exists() or len(list(folder.rglob("*.md"))) != count:
        rng = random.Random(7)
        _good, bad = read_corpus_lines()
        for index in range(count):
            page = folder / f"section{index % 20:02d}" / f"course{index:04d}.md"
            page.parent.mkdir(parents=True, exist_ok=True)
            body = [f"# 课程 {index}", ""] + [sentence(rng) for _ in range(8)]
            if index % 10 == 0:
                body.append(rng.choice(bad))
            page.write_text("\n".join(body) + "\n", encoding="utf-8")
    return folder


def median_time(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def child_run(
    command: list[str], repeat: int, cwd: Path | None = None, ok: tuple[int, ...] = (0, 1)
) -> tuple[float, int]:
    """Median wall time of a command, and its peak RSS in KB (the largest process over the
    runs, workers included, not their sum). Exits with a message if the command fails:
    certlint exits 1 on findings, 2 on errors."""
    times = []
    peak = 0
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
        "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)\n"
    )
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", probe, *command], capture_output=True, text=True, cwd=cwd, env=CHILD_ENV
        )
        seconds, rss, code = out.stdout.split()
        if int(code) not in ok:
            failed = subprocess.run(command, capture_output=True, text=True, cwd=cwd)
            sys.exit(f"benchmark command failed (exit {code}): {' '.join(command)}\n{failed.stderr.strip()[-2000:]}")
        times.append(float(seconds))
        peak = max(peak, int(rss))
    return statistics.median(times), peak


def child_pair(first: list[str], second: list[str], repeat: int, cwd: Path | None = None) -> tuple[float, float]:
    """Median wall times of two commands run in turns (first, second, first, …), so that
    a machine that slows down or speeds up during the runs does not favour either."""
    firsts, seconds = [], []
    for _ in range(repeat):
        firsts.append(child_run(first, 1, cwd)[0])
        seconds.append(child_run(second, 1, cwd)[0])
    return statistics.median(firsts), statistics.median(seconds)


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.machine()}"
    )


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO
        ).stdout.strip()
    except OSError:
        return "unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description="certlint benchmarks")
    parser.add_argument("--smoke", action="store_true", help="1 MB only, one repetition")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--write", type=Path, help="also write the figures as Markdown to this file")
    args = parser.parse_args()
    repeat = 1 if args.smoke else args.repeat
    sizes = [1] if args.smoke else [1, 10, 100]

    import ahocorasick

    from certlint import Linter, __version__
    from certlint.matching.segment import backend_name

    rows: list[tuple[str, str]] = []

    def report(name: str, value: str) -> None:
        rows.append((name, value))
        print(f"{name:<58} {value}", flush=True)

    print(f"certlint {__version__} @ {commit()} on {machine()}")
    print(f"segmenter: {backend_name()}; repetitions: {repeat} (figures are medians)\n")
    linter = Linter.from_default()
    terms = sorted({term for rule in linter.rules for term in rule.terms})
    automaton = ahocorasick.Automaton()
    for term in terms:
        automaton.add_word(term, term)
    automaton.make_automaton()
    linter.scan_text("本证书国家认可")  # load the segmenter outside the timings

    ratios = []
    for size in sizes:
        path = ensure(DATA / f"prose-{size}mb.txt", lambda size=size: prose(size << 20))
        text = path.read_text(encoding="utf-8")
        megabytes = len(text.encode("utf-8")) / 2**20
        raw = median_time(lambda text=text: sum(1 for _ in automaton.iter(text)), repeat)
        scan = median_time(lambda text=text: linter.scan_text(text), repeat)
        ratio = raw / scan
        if size >= 10:
            ratios.append(ratio)
        report(f"{size} MB: raw pyahocorasick pass ({len(terms)} terms)", f"{megabytes / raw:8.1f} MB/s")
        report(f"{size} MB: certlint scan_text (in process)", f"{megabytes / scan:8.1f} MB/s")
        report(f"{size} MB: ratio scan_text / raw pass (target >= 0.35)", f"{ratio:8.2f}")

    # Both shipped packs against the notice's alone, in turns on the same text (issue 15:
    # at most 10 % slower).
    from certlint.packs.model import shipped_packs

    shipped = shipped_packs()
    both = Linter.from_packs([shipped["mohrss-2022-25"], shipped["adlaw-edu"]])
    both.scan_text("本证书国家认可，包过")
    sample = (DATA / f"prose-{1 if args.smoke else 10}mb.txt").read_text(encoding="utf-8")
    # Pairs run back to back, the order alternating, and the median of the pairs' ratios:
    # this machine's load drifts by more than the difference measured.
    pair_ratios = []
    for turn in range(max(repeat, 3) * 3):
        first, second = (linter, both) if turn % 2 == 0 else (both, linter)
        times = {id(first): median_time(lambda scanner=first: scanner.scan_text(sample), 1)}
        times[id(second)] = median_time(lambda scanner=second: scanner.scan_text(sample), 1)
        pair_ratios.append(times[id(both)] / times[id(linter)])
    slower = statistics.median(pair_ratios) - 1
    spread = statistics.quantiles(pair_ratios, n=4)
    report(
        f"{1 if args.smoke else 10} MB: both packs / notice pack, scan_text (target <= +10 %)",
        f"{slower * 100:+7.1f} % (quartiles {(spread[0] - 1) * 100:+.1f} to {(spread[2] - 1) * 100:+.1f} % "
        f"over {len(pair_ratios)} pairs; {len(both.rules)} vs {len(linter.rules)} rules)",
    )
    # The classifier pack on top (opt-in): its model scores every sentence the rules leave.
    three = Linter.from_packs([shipped["mohrss-2022-25"], shipped["adlaw-edu"], shipped["adlaw-edu-classifier"]])
    three.scan_text("本证书国家认可，包过")
    with_model = median_time(lambda: three.scan_text(sample), repeat)
    rules_only = median_time(lambda: both.scan_text(sample), repeat)
    size_mb = len(sample.encode("utf-8")) / 2**20
    report(
        f"{1 if args.smoke else 10} MB: + adlaw-edu-classifier, scan_text",
        f"{size_mb / with_model:8.1f} MB/s ({with_model:.2f} s, {with_model / rules_only:.1f}x the two rule packs)",
    )

    (DATA / "certlint.yaml").write_text("respect-gitignore: false\n", encoding="utf-8")
    terms_file = DATA / "terms.txt"
    terms_file.write_text("\n".join(terms), encoding="utf-8")
    # Fill the cache of compiled linters and write bytecode first: the first run after a
    # change does both.
    warm_up = ensure(DATA / "small-finding.md", lambda: "# 营养师培训\n\n本证书国家认可。\n")
    subprocess.run([*CERTLINT, "scan", "-f", "json", str(warm_up)], capture_output=True, env=CHILD_ENV)

    # End to end: certlint scan --format json of one file, held against the raw pass as a
    # process of its own (issue 12: >= 0.30), with the default --jobs and with -j 1.
    end_size = 1 if args.smoke else 10
    path = DATA / f"prose-{end_size}mb.txt"
    megabytes = path.stat().st_size / 2**20
    raw_process, _ = child_run([sys.executable, "-c", RAW_PASS, str(terms_file), str(path)], repeat, ok=(0,))
    _, rss = child_run([*SCAN_DATA, "--format", "json", str(path)], 1)
    default_json, single_json = child_pair(
        [*SCAN_DATA, "--format", "json", str(path)], [*SCAN_DATA, "-j", "1", "--format", "json", str(path)], repeat
    )
    report(f"{end_size} MB: raw pyahocorasick pass, own process", f"{megabytes / raw_process:8.1f} MB/s")
    report(
        f"certlint scan {end_size} MB file (end to end)",
        f"{megabytes / default_json:8.1f} MB/s, {rss / 1024:.0f} MB peak RSS (--format json, default --jobs)",
    )
    report(f"certlint scan {end_size} MB file, -j 1", f"{megabytes / single_json:8.1f} MB/s")
    report(
        f"{end_size} MB: ratio scan --format json / raw process (target >= 0.30)",
        f"{raw_process / default_json:8.2f}",
    )

    count = 50 if args.smoke else 2000
    tree = ensure_tree(DATA / f"tree-{count}", count)
    tree_bytes = sum(p.stat().st_size for p in tree.rglob("*.md"))
    seconds, rss = child_run([*SCAN_DATA, "-q", str(tree)], repeat)
    report(
        f"certlint scan tree of {count} Markdown files",
        f"{count / seconds:8.0f} files/s, {tree_bytes / 2**20 / seconds:.1f} MB/s",
    )

    # The default --jobs is never slower than -j 1: workers start only when the work pays.
    examples_default, examples_single = child_pair(
        [*CERTLINT, "scan", "-q", "examples"], [*CERTLINT, "scan", "-q", "-j", "1", "examples"], repeat, cwd=REPO
    )
    report(
        "certlint scan examples/: default --jobs / -j 1 (target <= 1)",
        f"{examples_default / examples_single:8.2f} ({examples_default * 1000:.0f} ms / {examples_single * 1000:.0f} ms)",
    )
    report(
        f"certlint scan {end_size} MB file: default --jobs / -j 1 (target <= 1)",
        f"{default_json / single_json:8.2f} ({default_json * 1000:.0f} ms / {single_json * 1000:.0f} ms)",
    )

    small = ensure(DATA / "small-clean.md", lambda: "# 电工培训\n\n学员须完成全部课时并通过考核。\n")
    dirty = ensure(DATA / "small-finding.md", lambda: "# 营养师培训\n\n本证书国家认可。\n")
    imports, _ = child_run([sys.executable, "-c", "import typer, rich, yaml, ahocorasick"], repeat, ok=(0,))
    jieba_init, _ = child_run([sys.executable, "-c", "import jieba; jieba.initialize()"], repeat, ok=(0,))
    clean, _ = child_run([*CERTLINT, "scan", str(small)], repeat, ok=(0,))  # named files are scanned, ignored or not
    finding, _ = child_run([*CERTLINT, "scan", str(dirty)], repeat, ok=(1,))
    report('python -c "import typer, rich, yaml, ahocorasick"', f"{imports * 1000:8.0f} ms")
    report('python -c "import jieba; jieba.initialize()"', f"{jieba_init * 1000:8.0f} ms")
    report(
        "certlint scan small clean file",
        f"{clean * 1000:8.0f} ms = {clean / imports:.2f} x import-only (target <= 2.5)",
    )
    report(
        "certlint scan small file with a finding",
        f"{finding * 1000:8.0f} ms = {finding / jieba_init:.2f} x jieba init (target <= 0.6)",
    )

    if args.smoke:
        report("101 files (10 MB): textlint + textlint-rule-prh", "     not run with --smoke (about a minute)")
    else:
        seeds = itertools.count(101)
        tree101 = ensure_tree_101(DATA / "tree-101", lambda size: prose(size, seed=next(seeds)))
        tree101_mb = sum(p.stat().st_size for p in tree101.rglob("*.txt")) / 2**20
        tree_default, tree_single = child_pair(
            [*SCAN_DATA, "-q", str(tree101)], [*SCAN_DATA, "-q", "-j", "1", str(tree101)], repeat
        )
        report(f"certlint scan 101 files ({tree101_mb:.0f} MB)", f"{tree_default * 1000:8.0f} ms (default --jobs)")
        report(
            "101 files: default --jobs / -j 1 (target <= 1)",
            f"{tree_default / tree_single:8.2f} ({tree_default * 1000:.0f} ms / {tree_single * 1000:.0f} ms)",
        )
        # textlint takes about a minute a run: timed once.
        compared = compare(
            tree101,
            terms,
            repeat,
            lambda command: child_run(command, 1 if Path(command[0]).name == "textlint" else repeat)[0],
        )
        if isinstance(compared, str):
            report("101 files: textlint + textlint-rule-prh", f"     {compared}")
        else:
            certlint_s, textlint_s = compared
            report("101 files: textlint + textlint-rule-prh (one run)", f"{textlint_s * 1000:8.0f} ms")
            report(
                "101 files: textlint / certlint (target >= 6)",
                f"{textlint_s / certlint_s:8.1f} ({textlint_s:.1f} s / {certlint_s:.2f} s, {len(terms)} terms)",
            )

    if not args.smoke:
        big = ensure(DATA / "prose-200mb.txt", lambda: prose(200 << 20))
        seconds, rss = child_run([*SCAN_DATA, "-q", str(big)], 1)
        report(
            "certlint scan 200 MB file",
            f"{big.stat().st_size / 2**20 / seconds:8.1f} MB/s, {rss / 1024:.0f} MB peak RSS (target <= 150)",
        )
    if ratios:
        report("lowest scan_text / raw ratio on 10 and 100 MB", f"{min(ratios):8.2f}")

    if args.write:
        lines = [
            "# Benchmark results",
            "",
            f"`python benchmarks/bench.py` at commit {commit()}, {time.strftime('%Y-%m-%d')}.",
            f"Machine: {machine()}. Segmenter: {backend_name()}. Medians of {repeat} runs.",
            "",
            "| measurement | figure |",
            "| --- | --- |",
            *[f"| {name} | {value.strip()} |" for name, value in rows],
            "",
        ]
        # Keep the hand-written profile notes that follow the figures in an existing file.
        kept = ""
        if args.write.exists():
            previous = args.write.read_text(encoding="utf-8")
            if "\n## Profiles" in previous:
                kept = previous[previous.index("\n## Profiles") :]
        args.write.write_text("\n".join(lines) + kept, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
