"""The benchmark command works (smoke mode, 1 MB): it checks that it runs and prints
every figure, never how fast anything is."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def test_benchmark_smoke_mode_prints_every_figure(tmp_path):
    results = tmp_path / "RESULTS.md"
    proc = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "bench.py"), "--smoke", "--write", str(results)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for label in (
        "raw pyahocorasick pass",
        "certlint scan_text (in process)",
        "ratio scan_text / raw pass",
        "certlint scan 1 MB file (end to end)",
        "tree of 50 Markdown files",
        "import typer, rich, yaml, ahocorasick",
        "import jieba; jieba.initialize()",
        "certlint scan small clean file",
        "certlint scan small file with a finding",
        "raw pyahocorasick pass, own process",
        "ratio scan --format json / raw process",
        "certlint scan examples/: default --jobs / -j 1",
        "certlint scan 1 MB file: default --jobs / -j 1",
        "textlint + textlint-rule-prh",
        "both packs / notice pack",
        "+ adlaw-edu-classifier",
    ):
        assert label in proc.stdout, label
    assert "cores" in proc.stdout.splitlines()[0]
    assert results.read_text(encoding="utf-8").startswith("# Benchmark results")


def test_the_labeller_agreement_figures_print():
    # The figures benchmarks/RESULTS.md quotes: they change only when the labels do.
    proc = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "labeller_agreement.py")], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines() == [
        "2500 lines; 957 violating by the first labels, 859 by the majority of three",
        "second labels against the first     2500 lines  precision 0.969  recall 0.764  clause agreement 0.956  agreement 0.900  kappa 0.780",
        "third labels against the first       298 lines  precision 0.903  recall 0.578  clause agreement 0.805  agreement 0.554  kappa -0.054",
        "third labels against the second      298 lines  precision 0.369  recall 0.903  clause agreement 0.877  agreement 0.604  kappa 0.276",
        "first labels against the majority   2500 lines  precision 0.880  recall 0.980  clause agreement 0.963  agreement 0.947  kappa 0.886",
        "second labels against the majority  2500 lines  precision 0.992  recall 0.871  clause agreement 0.983  agreement 0.953  kappa 0.893",
    ]
