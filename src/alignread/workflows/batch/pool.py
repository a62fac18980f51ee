"""The worker processes of a batch run.

Documents are aligned in a process pool (`jobs`), each worker building its NLP pipeline
once (`alignread.nlp.get_pipeline` caches per process). Where processes are forked, the
parent loads the pipeline before the pool starts and the workers inherit it, so spaCy is
loaded once per run, not once per worker.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import signal
import sys
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from alignread.workflows.batch.document import BatchOptions, Task, process
from alignread.workflows.batch.events import DocumentReport, DocumentStarted


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def pool_context(options: BatchOptions):
    """Fork where it is safe, so that workers inherit a pipeline the parent has loaded;
    spawn elsewhere, each worker then loading its own, once.

    Not fork for Stanza: PyTorch's thread pools do not survive a fork, and a forked
    worker can hang in its first parallel region.
    """
    if (options.nlp.backend == "spacy" and sys.platform.startswith("linux")
            and "fork" in multiprocessing.get_all_start_methods()):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def run_in_process(tasks: Iterable[Task]) -> Generator[DocumentStarted | DocumentReport, None, None]:
    for task in tasks:
        yield DocumentStarted(task.doc.name)
        yield process(task)


# Documents handed to each worker at a time: the one it works on and the next, so that it
# never waits for the parent to be scheduled between two documents (on a busy machine that
# wait cost a third of the throughput). Which documents are really under way, the workers
# say themselves.
PREFETCH = 2
_STARTED = None  # in a worker: the queue on which it announces each document it starts
_BROKEN = "the worker process stopped unexpectedly (killed, or out of memory)"


def _worker_init(started=None) -> None:
    global _STARTED
    _STARTED = started
    # Ctrl-C goes to the whole process group; only the parent decides what to do with it
    # (stop handing out documents, let the running ones finish their atomic writes).
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _process_in_worker(task: Task) -> DocumentReport:
    if _STARTED is not None:
        _STARTED.put(task.doc.name)
    return process(task)


def _announcements(started, announced: set[str]) -> Iterator[DocumentStarted]:
    """The documents the workers have said they started (on the queue `started`) and that
    are not in `announced` yet, which they are added to."""
    while True:
        try:
            name = started.get_nowait()
        except (queue.Empty, OSError, ValueError):  # nothing new, or the queue is closed
            return
        if name not in announced:
            announced.add(name)
            yield DocumentStarted(name)


def run_in_pool(
    tasks: Iterable[Task], jobs: int, context: Any
) -> Generator[DocumentStarted | DocumentReport, None, None]:
    """Hand documents to `jobs` workers and report them as the workers start and finish them.

    `tasks` is read as workers need more (never more than `jobs * PREFETCH` ahead)."""
    pending = iter(tasks)
    task: Task | None = next(pending, None)  # the next to hand out
    while task is not None:
        started = context.Queue()
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                   initializer=_worker_init, initargs=(started,))
        running: dict[Future, Task] = {}
        announced: set[str] = set()
        broken = False
        try:
            while task is not None or running:
                while task is not None and len(running) < jobs * PREFETCH:
                    if not running and not announced and context.get_start_method() == "fork":
                        # The first submission forks every worker. Frozen, the objects the
                        # workers inherit (the loaded pipeline, the lexicon) are never walked
                        # by their garbage collector, so their pages are not copied into
                        # each worker (the gc module's advice for fork without exec).
                        gc.freeze()
                        try:
                            running[pool.submit(_process_in_worker, task)] = task
                        finally:
                            gc.unfreeze()
                    else:
                        running[pool.submit(_process_in_worker, task)] = task
                    task = next(pending, None)
                finished, _ = wait(running, timeout=0.05, return_when=FIRST_COMPLETED)
                yield from _announcements(started, announced)
                for future in finished:
                    done = running.pop(future)
                    if done.doc.name not in announced:
                        announced.add(done.doc.name)
                        yield DocumentStarted(done.doc.name)
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        broken = True
                        yield DocumentReport(done.doc.name, "failed", _BROKEN)
                if broken:
                    # Every document still with this pool is lost with it; a new pool takes
                    # the rest (forked, unlike the first, while a progress thread may run).
                    for _future, lost in running.items():
                        yield DocumentReport(lost.doc.name, "failed", _BROKEN)
                    running.clear()
                    break
        finally:
            for future in running:
                future.cancel()
            pool.shutdown(wait=True, cancel_futures=True)
            started.close()
