"""Scanning on every core: batches of work go to worker processes and come back in the
order they were sent, so the output of ``--jobs N`` is the output of ``--jobs 1``.

Each worker receives the compiled linter once (pickled, at start-up) and loads the
segmenter on its first candidate. Workers ignore Ctrl-C; the parent cancels what is
queued and stops them, so an interrupted run leaves no process behind.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from certlint.engine import Linter
from certlint.findings import ScanResult
from certlint.inputs.discovery import DiscoveredFile
from certlint.inputs.source import SourceError
from certlint.pipeline import iter_files, scan_files

__all__ = ["default_jobs", "iter_file_batches", "ordered_map", "scan_file_batches"]

T = TypeVar("T")
R = TypeVar("R")

_WORKER_LINTER: Linter | None = None


# Starting workers costs about 0.3 s (a fresh interpreter each, the linter unpickled,
# jieba loaded); one core scans about 8 MB/s. Below this much work one process is faster.
PARALLEL_WORK = 4 << 20


def default_jobs(inputs: int, work_bytes: int) -> int:
    """All CPUs when there are several inputs and more than a few MB to scan (files and
    records together); else one process: workers would cost more than they save."""
    cpus = os.cpu_count() or 1
    return cpus if inputs > 1 and work_bytes > PARALLEL_WORK else 1


def _init_worker(linter_bytes: bytes) -> None:
    global _WORKER_LINTER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    _WORKER_LINTER = pickle.loads(linter_bytes)


def worker_linter() -> Linter:
    """The linter of this worker process (set up once by the pool)."""
    assert _WORKER_LINTER is not None, "not inside a certlint worker"
    return _WORKER_LINTER


def ordered_map(
    linter: Linter,
    function: Callable[[Linter, T], R],
    batches: Iterable[T],
    jobs: int,
) -> Iterator[R]:
    """``function(linter, batch)`` for every batch, results in batch order. With one job
    everything runs here; otherwise at most ``2 * jobs`` batches are in flight, so memory
    stays bounded however long the input."""
    if jobs <= 1:
        for batch in batches:
            yield function(linter, batch)
        return
    context = multiprocessing.get_context("spawn")  # no inherited locks or threads
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_init_worker,
        initargs=(pickle.dumps(linter, protocol=pickle.HIGHEST_PROTOCOL),),
    )
    pending: deque[Future[R]] = deque()
    try:
        for batch in batches:
            pending.append(pool.submit(_call, function, batch))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BaseException:
        for future in pending:
            future.cancel()
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def _call(function: Callable[[Linter, Any], R], batch: Any) -> R:
    return function(worker_linter(), batch)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Terminate the workers now (Ctrl-C, an error): no orphans, no waiting on a queue."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
    # The pool's manager thread closes its wake-up pipe as it exits; at interpreter exit
    # concurrent.futures writes to that pipe, and the two race (a traceback on Ctrl-C in
    # Python < 3.12). Waiting for the thread here takes the race away.
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None and manager.is_alive():
        manager.join(timeout=5)


_FILES_PER_BATCH = 16


def _scan_file_batch(linter: Linter, batch: tuple[list[Any], dict[str, Any]]) -> ScanResult:
    items, options = batch
    return scan_files(linter, items, **options)


def scan_file_batches(
    linter: Linter,
    items: list[DiscoveredFile | SourceError],
    *,
    jobs: int,
    show_allowed: bool = False,
    per_file_ignores: Mapping[str, Sequence[str]] | None = None,
    root: Path | None = None,
    on_file: Callable[[str], None] | None = None,
) -> ScanResult:
    """:func:`certlint.pipeline.scan_files` on ``jobs`` processes: the same result, merged in order."""
    merged = ScanResult()
    for part in iter_file_batches(
        linter, items, jobs=jobs, show_allowed=show_allowed, per_file_ignores=per_file_ignores, root=root,
        on_file=on_file,
    ):  # fmt: skip
        merged.absorb(part)
    merged.sort()
    return merged


def iter_file_batches(
    linter: Linter,
    items: list[DiscoveredFile | SourceError],
    *,
    jobs: int,
    show_allowed: bool = False,
    per_file_ignores: Mapping[str, Sequence[str]] | None = None,
    root: Path | None = None,
    on_file: Callable[[str], None] | None = None,
) -> Iterator[ScanResult]:
    """The scan of ``items`` in parts, in input order: with one job, each file (or chunk
    of a large file) as :func:`certlint.pipeline.iter_files` yields it; with more, each batch of
    files as a worker returns it, sorted."""
    options: dict[str, Any] = {"show_allowed": show_allowed, "per_file_ignores": per_file_ignores, "root": root}
    files = [i for i in items if isinstance(i, DiscoveredFile)]
    if jobs <= 1 or len(files) < 2 or any(f.path == "-" for f in files):
        yield from iter_files(linter, items, on_file=on_file, **options)
        return
    batches = [(items[i : i + _FILES_PER_BATCH], options) for i in range(0, len(items), _FILES_PER_BATCH)]
    for part in ordered_map(linter, _scan_file_batch, batches, jobs):
        if on_file is not None:
            for _ in range(part.files + len(part.errors) + len(part.skipped)):
                on_file("")
        yield part
