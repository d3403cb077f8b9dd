"""Record corpora at regulator scale: JSONL/CSV/gz records, bad records by line number,
--jobs N identical to --jobs 1, streamed and resumable output, Ctrl-C, Dask."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from certlint import Linter
from certlint.scale.corpus import CorpusOptions, scan_corpus_batches

from conftest import CERTLINT, run_cli

BAD = "<p>本证书国家认可，报名即<b>包过</b>。</p>"
GOOD = "<p>学员须完成全部课时并通过考核。</p>"


def make_corpus(path: Path, count: int = 600, broken: bool = True) -> Path:
    lines = [
        json.dumps({"url": f"https://example.org/p/{i}", "html": BAD if i % 7 == 0 else GOOD}, ensure_ascii=False)
        for i in range(count)
    ]
    if broken:
        lines.insert(3, "{not json")
        lines.insert(8, json.dumps({"url": "https://example.org/no-text"}))
        lines.insert(12, '["a list"]')
    data = ("\n".join(lines) + "\n").encode("utf-8")
    if broken:
        data += b'{"url": "u-bad", "html": "\xff\xfe"}\n'
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    return path


ARGS = ["--id-field", "url", "--text-field", "html", "--text-format", "html"]


def test_jsonl_records_with_bad_lines_reported_and_scan_completed(tmp_path):
    corpus = make_corpus(tmp_path / "crawl.jsonl")
    run = run_cli("scan", "-f", "json", "--records", str(corpus), *ARGS)
    assert run.code == 2
    doc = run.json()
    assert doc["errors"] == [
        {
            "path": f"{corpus}:4",
            "message": "invalid JSON: Expecting property name enclosed in double quotes (column 2)",
        },
        {"path": f"{corpus}:9", "message": "missing text field 'html'"},
        {"path": f"{corpus}:13", "message": "not a JSON object"},
        {"path": f"{corpus}:604", "message": "not valid UTF-8"},
    ]
    first = doc["findings"][0]
    assert (first["record"], first["line"], first["column"], first["match"]) == (
        "https://example.org/p/0",
        1,
        7,
        "国家认可",
    )
    assert len(doc["findings"]) == 2 * len(range(0, 600, 7))
    assert run.stderr.count("\n") == 4


def test_csv_and_gzip_corpora(tmp_path):
    corpus = tmp_path / "pages.csv"
    corpus.write_text('url,text\nu1,"第一行\n本证书国家认可"\nu2,学员须完成课时\n', encoding="utf-8")
    doc = run_cli("scan", "-f", "json", "--records", str(corpus), "--id-field", "url").json()
    assert [(f["record"], f["line"], f["match"]) for f in doc["findings"]] == [("u1", 2, "国家认可")]
    gz = make_corpus(tmp_path / "crawl.jsonl.gz", broken=False)
    doc = run_cli("scan", "-f", "json", "--records", str(gz), *ARGS).json()
    assert len(doc["findings"]) == 2 * len(range(0, 600, 7))


def test_missing_corpus_and_missing_field_option(tmp_path):
    run = run_cli("scan", "--records", str(tmp_path / "nope.jsonl"))
    assert run.code == 2
    assert run.stderr == f"certlint: error: {tmp_path / 'nope.jsonl'}: cannot read the corpus: no such file\n"
    assert run_cli("scan").stderr == "certlint: error: nothing to scan: give a PATH or --records FILE\n"


def test_jobs_2_gives_exactly_the_output_of_jobs_1(tmp_path):
    corpus = make_corpus(tmp_path / "crawl.jsonl", count=3000)
    files = tmp_path / "pages"
    files.mkdir()
    for i in range(40):
        (files / f"p{i:02d}.md").write_text("包过" if i % 3 == 0 else "学员须完成课时", encoding="utf-8")
    outputs = {}
    for jobs in ("1", "2"):
        for fmt in ("jsonl", "json"):
            proc = subprocess.run(
                [str(CERTLINT), "scan", "-f", fmt, "-j", jobs, str(files), "--records", str(corpus), *ARGS],
                capture_output=True,
                text=True,
            )
            outputs[(jobs, fmt)] = (proc.returncode, proc.stdout, proc.stderr)
    assert outputs[("1", "jsonl")] == outputs[("2", "jsonl")]
    assert outputs[("1", "json")] == outputs[("2", "json")]
    assert outputs[("1", "json")][0] == 2


def test_streamed_output_and_resume_after_an_interruption(tmp_path):
    corpus = make_corpus(tmp_path / "crawl.jsonl", count=2000, broken=False)
    reference = tmp_path / "reference.jsonl"
    assert run_cli("scan", "-f", "jsonl", "-o", str(reference), "--records", str(corpus), *ARGS).code == 1
    assert not reference.with_name("reference.jsonl.checkpoint").exists()  # removed when complete
    lines = reference.read_text(encoding="utf-8").splitlines(keepends=True)
    # An interrupted run: 512 records done and checkpointed, then half a line written.
    done = 512
    kept = [line for line in lines if int(json.loads(line)["record"].rsplit("/", 1)[1]) < done]
    partial = tmp_path / "out.jsonl"
    partial.write_text("".join(kept) + lines[len(kept)][:20], encoding="utf-8")
    size = len("".join(kept).encode("utf-8"))
    partial.with_name("out.jsonl.checkpoint").write_text(
        json.dumps({"corpora": [str(corpus)], "done": {str(corpus): done}, "size": size}), encoding="utf-8"
    )
    run = run_cli("scan", "-f", "jsonl", "-o", str(partial), "--resume", "--records", str(corpus), *ARGS)
    assert run.code == 1
    assert partial.read_text(encoding="utf-8") == reference.read_text(encoding="utf-8")
    assert not partial.with_name("out.jsonl.checkpoint").exists()


def test_resume_needs_its_options(tmp_path):
    corpus = make_corpus(tmp_path / "crawl.jsonl", count=10, broken=False)
    run = run_cli("scan", "--resume", "--records", str(corpus))
    assert run.stderr == "certlint: error: --resume needs --records, --output FILE and --format jsonl\n"


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_ctrl_c_stops_cleanly_without_orphans(tmp_path):
    corpus = make_corpus(tmp_path / "big.jsonl", count=200_000, broken=False)
    proc = subprocess.Popen(
        [str(CERTLINT), "scan", "-f", "jsonl", "-j", "2", "--records", str(corpus), *ARGS],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    workers: list[int] = []
    deadline = time.time() + 60
    while time.time() < deadline and len(workers) < 2:
        workers = [c for c in _children(proc.pid) if c != proc.pid]
        time.sleep(0.2)
    assert workers, "no worker processes started"
    time.sleep(1)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 130
    assert "Traceback" not in (proc.stderr.read() if proc.stderr else "")
    # Workers are gone at once; multiprocessing's resource tracker follows its parent.
    end = time.time() + 10
    while time.time() < end and any(_alive(w) for w in workers):
        time.sleep(0.2)
    assert [w for w in workers if _alive(w)] == []


def test_python_api_linter_is_picklable_and_stateless(tmp_path):
    import pickle

    linter = Linter.from_default()
    copy = pickle.loads(pickle.dumps(linter))
    text = "本证书国家认可"
    assert [f.to_dict() for f in copy.scan_text(text)] == [f.to_dict() for f in linter.scan_text(text)]


def test_dask_local_cluster_equals_single_process(tmp_path):
    pytest.importorskip("dask.distributed")
    from dask.distributed import LocalCluster

    corpus = make_corpus(tmp_path / "crawl.jsonl", count=4000)
    linter = Linter.from_default()
    options = CorpusOptions(id_field="url", text_field="html", text_format="html")
    single = [b for b in scan_corpus_batches(linter, str(corpus), options)]
    expected = [f.to_dict() for b in single for f in b.findings]
    expected_errors = [e.to_dict() for b in single for e in b.errors]
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        from certlint.scale.distributed import scan_corpus_dask

        result = scan_corpus_dask(linter, str(corpus), options, address=cluster.scheduler_address, range_bytes=50_000)
        assert [f.to_dict() for f in result.findings] == expected
        assert [e.to_dict() for e in result.errors] == expected_errors
        run = subprocess.run(
            [
                str(CERTLINT),
                "scan",
                "-f",
                "jsonl",
                "--records",
                str(corpus),
                *ARGS,
                "--dask",
                cluster.scheduler_address,
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    local = subprocess.run(
        [str(CERTLINT), "scan", "-f", "jsonl", "--records", str(corpus), *ARGS], capture_output=True, text=True
    )
    assert run.returncode == local.returncode == 2
    assert run.stdout == local.stdout
    assert run.stderr == local.stderr


def test_python_api_documentation_example_runs():
    code = (Path(__file__).resolve().parents[1] / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in code.split("```python\n")[1:]]
    for block in blocks:
        subprocess.run([sys.executable, "-c", block], check=True, capture_output=True, timeout=120)
