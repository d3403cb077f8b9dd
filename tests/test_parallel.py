"""Workers: a large text file is scanned in chunks on several processes with exactly the
result of one process; workers are forked when that is safe and spawned otherwise."""

from __future__ import annotations

import threading

import pytest

from certlint import Linter
from certlint.findings import ScanResult
from certlint.inputs.discovery import DiscoveredFile
from certlint.pipeline import iter_files
from certlint.scale import parallel

LINTER = Linter.from_default()


@pytest.fixture
def small_chunks(monkeypatch):
    """Files over 1,000 bytes are streamed in chunks of 512 characters, the encoding chosen
    from their first 2,000 bytes."""
    monkeypatch.setattr("certlint.inputs.reading.STREAM_THRESHOLD", 1000)
    monkeypatch.setattr("certlint.inputs.reading._SNIFF_LARGE", 2000)
    monkeypatch.setattr("certlint.inputs.reading.stream_text.__defaults__", (512,))


def _flat(parts: list[ScanResult]) -> tuple[list[tuple], list[str], list[str], int]:
    findings = [(f.path, f.line, f.column, f.end_column, f.rule, f.match) for p in parts for f in p.findings]
    errors = [str(e) for p in parts for e in p.errors]
    skipped = [str(e) for p in parts for e in p.skipped]
    return findings, errors, skipped, sum(p.files for p in parts)


def _tree(tmp_path):
    big = ("本证书国家认可，全国通用。" + "说明文字" * 30 + "\n") * 60 + "包过班。\n" * 20
    (tmp_path / "big.txt").write_text(big, encoding="utf-8")
    (tmp_path / "small.md").write_text("# 标题\n\n保过班\n", encoding="utf-8")
    # Valid UTF-8 for the first chunks, then bytes that do not decode.
    (tmp_path / "broken.txt").write_bytes(big.encode("utf-8") + b"\n\xff\xfe\xfa bad\n")
    return [DiscoveredFile(str(tmp_path / name), True) for name in ("big.txt", "broken.txt", "small.md")]


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "spawned"])
def test_chunks_of_a_large_file_on_two_workers_give_the_result_of_one_process(
    tmp_path, small_chunks, monkeypatch, fork
):
    items = _tree(tmp_path)
    alone = _flat(list(iter_files(LINTER, items)))
    monkeypatch.setattr(parallel, "_can_fork", lambda: fork)
    together = _flat(list(parallel.iter_file_batches(LINTER, items, jobs=2)))
    assert together == alone
    findings, errors, skipped, files = together
    assert files == 2 and skipped == []
    assert errors == [f"{tmp_path / 'broken.txt'}: cannot decode as utf-8 near line 82"]
    # What was read of the broken file before the block with the bad bytes is still
    # reported: the first findings of the same text in big.txt.
    broken = [f[1:] for f in findings if f[0].endswith("broken.txt")]
    assert (
        0 < len(broken) < len(findings)
        and broken == [f[1:] for f in findings if f[0].endswith("big.txt")][: len(broken)]
    )
    assert len({f[0] for f in findings}) == 3


def test_per_file_ignores_hold_for_chunks_scanned_by_workers(tmp_path, small_chunks):
    items = _tree(tmp_path)[:1]
    options = {"per_file_ignores": {"big.txt": ["CL201"]}, "root": tmp_path}
    parts = list(parallel.iter_file_batches(LINTER, items, jobs=2, **options))
    assert {f.rule for p in parts for f in p.findings} == {"CL204"}


def test_workers_are_forked_only_from_a_process_without_other_threads():
    assert parallel._can_fork() is True  # pytest runs tests on the main thread alone
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert parallel._can_fork() is False
    finally:
        stop.set()
        thread.join()


def test_default_jobs_start_workers_only_for_enough_work(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 4)
    assert parallel.default_jobs(1, 100 << 10) == 1
    assert parallel.default_jobs(1, 10 << 20) == 4  # one large file is enough: it goes in chunks
    assert parallel.default_jobs(500, 3 << 20) == 1
    monkeypatch.setattr(parallel, "_can_fork", lambda: False)
    assert parallel.default_jobs(1, 10 << 20) == 1  # spawned workers cost more to start
    assert parallel.default_jobs(1, 30 << 20) == 4
