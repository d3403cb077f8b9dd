"""Scanning on every core: batches of work go to worker processes and come back in the
order they were sent, so the output of ``--jobs N`` is the output of ``--jobs 1``.

Each worker receives the compiled linter once (pickled, at start-up) and loads the
segmenter on its first candidate. Workers ignore Ctrl-C; the parent cancels what is
queued and stops them, so an interrupted run leaves no process behind.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from certlint.engine import Linter
from certlint.findings import Finding, InputError, ScanResult
from certlint.gate.per_file import PerFileIgnores
from certlint.inputs.discovery import DiscoveredFile
from certlint.inputs.reading import is_large_text, read_documents
from certlint.inputs.source import SourceError
from certlint.pipeline import iter_files, scan_files

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

__all__ = ["default_jobs", "iter_file_batches", "ordered_map", "scan_file_batches"]

T = TypeVar("T")
R = TypeVar("R")

_WORKER_LINTER: Linter | None = None


# Below this much work one process is faster. Forked workers start at once (they inherit
# the prepared linter); one core scans about 10 MB/s, so the work must cover loading the
# segmenter and compiling patterns before the fork (~0.15 s). A spawned worker (macOS,
# Windows, or a process with threads) is a fresh interpreter that unpickles the linter and
# loads jieba itself: ~0.3-0.5 s, measured here to lose up to about 10 MB.
PARALLEL_WORK = 4 << 20
PARALLEL_WORK_SPAWNED = 24 << 20


def default_jobs(inputs: int, work_bytes: int) -> int:
    """All CPUs when there is enough to scan to pay for starting workers (files and records
    together; a large text file is scanned in chunks, so one file is enough); else one
    process. ``inputs`` is kept for the API: one input can be enough now."""
    cpus = os.cpu_count() or 1
    enough = PARALLEL_WORK if _can_fork() else PARALLEL_WORK_SPAWNED
    return cpus if inputs and work_bytes > enough else 1


def _init_worker(linter_bytes: bytes) -> None:
    global _WORKER_LINTER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    os.environ.setdefault("CERTLINT_OCR_THREADS", "1")  # the workers share the cores
    _WORKER_LINTER = pickle.loads(linter_bytes)


def _init_forked_worker(linter: Linter) -> None:
    global _WORKER_LINTER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ.setdefault("CERTLINT_OCR_THREADS", "1")  # the workers share the cores
    _WORKER_LINTER = linter


def _can_fork() -> bool:
    """Whether workers may be forked: on Linux, from a process with no other thread (a
    thread holding a lock at the fork would leave the lock held in the child forever).
    Elsewhere (macOS, where system libraries are not fork-safe; Windows) they are spawned."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


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
    # Imported here: a run on one process (most) does not pay for them (~13 ms).
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if _can_fork():
        # Workers forked from this process start at once with the linter as it is here,
        # its segmenter loaded and its patterns compiled: nothing to pickle or load again
        # (a spawned worker takes ~0.3 s to be ready, as long as 4 MB of scanning).
        linter.prepare()
        pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_init_forked_worker,
            initargs=(linter,),
        )
    else:
        pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context("spawn"),
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


def _run_task(linter: Linter, task: tuple[str, Any, dict[str, Any]]) -> ScanResult:
    """One task of :func:`iter_file_batches`, in a worker: a batch of files, a chunk of a
    large text file, or a result the parent already knows (the end of a large file)."""
    kind, payload, options = task
    if kind == "files":
        return scan_files(linter, payload, **options)
    if kind == "chunk":
        allowed: list[Finding] | None = [] if options["show_allowed"] else None
        skip = PerFileIgnores(options["per_file_ignores"] or {}, options["root"]).rules_for(payload.path)
        findings = linter.scan(payload, allowed=allowed, skip=skip)
        part = ScanResult(findings=findings)
        part.allowed = allowed or []
        part.sort()
        return part
    return payload  # type: ignore[no-any-return]


def _tasks(
    items: list[DiscoveredFile | SourceError], options: dict[str, Any]
) -> Iterator[tuple[str, Any, dict[str, Any]]]:
    """Small files in batches; a large text file in chunks, read here as the workers ask for
    them (so memory holds only the chunks in flight), then its end."""
    batch: list[DiscoveredFile | SourceError] = []
    for item in items:
        if isinstance(item, DiscoveredFile) and is_large_text(item.path):
            if batch:
                yield ("files", batch, options)
                batch = []
            yield from _chunk_tasks(item, options)
            continue
        batch.append(item)
        if len(batch) >= _FILES_PER_BATCH:
            yield ("files", batch, options)
            batch = []
    if batch:
        yield ("files", batch, options)


def _chunk_tasks(item: DiscoveredFile, options: dict[str, Any]) -> Iterator[tuple[str, Any, dict[str, Any]]]:
    try:
        for document in read_documents(item.path):
            yield ("chunk", document, options)
    except SourceError as error:
        problem = InputError(error.path, error.message)
        skipped = error.skip(item.explicit)
        yield ("result", ScanResult(skipped=[problem]) if skipped else ScanResult(errors=[problem]), options)
        return
    yield ("result", ScanResult(files=1), options)


def scan_file_batches(
    linter: Linter,
    items: list[DiscoveredFile | SourceError],
    *,
    jobs: int,
    stdin_name: str | None = None,
    show_allowed: bool = False,
    per_file_ignores: Mapping[str, Sequence[str]] | None = None,
    root: Path | None = None,
    on_file: Callable[[str], None] | None = None,
) -> ScanResult:
    """:func:`certlint.pipeline.scan_files` on ``jobs`` processes: the same result, merged in order."""
    return ScanResult.merged(
        iter_file_batches(
            linter,
            items,
            jobs=jobs,
            show_allowed=show_allowed,
            per_file_ignores=per_file_ignores,
            root=root,
            on_file=on_file,
            stdin_name=stdin_name,
        )
    )


def iter_file_batches(
    linter: Linter,
    items: list[DiscoveredFile | SourceError],
    *,
    jobs: int,
    stdin_name: str | None = None,
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
    if jobs <= 1 or not files or any(f.path == "-" for f in files):
        yield from iter_files(linter, items, on_file=on_file, stdin_name=stdin_name, **options)
        return
    for part in ordered_map(linter, _run_task, _tasks(items, options), jobs):
        if on_file is not None:
            for _ in range(part.files + len(part.errors) + len(part.skipped)):
                on_file("")
        yield part
