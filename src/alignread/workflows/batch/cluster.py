"""A batch on a Dask cluster: `alignread batch CORPUS -o OUTDIR --cluster ADDRESS|local:N`.

Where the work happens. The client (the `alignread batch` process) lists the corpus,
reads each document's texts and the output they go over, and sends them to the
scheduler; a worker aligns them (`alignread.workflows.batch.job.align_job`) and sends
back what to write, as text; the client writes it, atomically and only over the version
it read. So:

- the workers need alignread (and the extras the options use), not the corpus or the
  output folder: no shared file system;
- the client is the only writer. A worker that dies mid-document has written nothing;
  the scheduler gives its documents to other workers, and each document's result reaches
  the client once, so each output is written once. A document whose workers keep dying
  (`distributed.scheduler.allowed-failures`, 3 by default) is reported failed, like any
  bad document, and the run goes on.

At scale the client's memory stays flat: the corpus is listed into the run's record on
disk (a manifest is streamed, never loaded whole), at most `PER_THREAD` tasks per worker
thread are in flight (read, sent, not yet written; a task's inputs are about `TASK_BYTES`
or one document), each future is dropped once written, and the
summary is read back from the record.

Small documents go several to a task (up to `TASK_BYTES` of input, at most `PER_TASK`), so
that Dask's own work per task is shared by them; a large document goes alone.

The client writes in a few threads of its own (each output is fsynced), so that it goes on
sending and receiving documents while the disk works.

Interrupting the client (Ctrl-C) cancels the documents the workers hold and finishes the
writes it had begun; killing it leaves whole files (every write is atomic). Either way,
running the same command again resumes.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import time
import uuid
import warnings
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from alignread.core.errors import AlignreadError, InputError
from alignread.core.model import Concept
from alignread.store.atomic import ChangedOnDisk
from alignread.workflows.batch.document import BatchOptions, Task, aligner_config, warm_up
from alignread.workflows.batch.events import DocumentDone, DocumentReport, DocumentStarted, Event, Finished, Started
from alignread.workflows.batch.job import Outcome, align_jobs, read_job, write_outcome
from alignread.workflows.realign import ATTEMPTS

MISSING = ("--cluster needs Dask's distributed scheduler, which is not installed: "
           "pip install 'alignread[cluster]'")
# Tasks in flight per worker thread: one aligning, the others read and queued, so that no
# worker waits for the client between two tasks.
PER_THREAD = 3
# Documents per task: Dask's own work per task (messages, the scheduler's bookkeeping, in
# the client's process with local:N) is shared by the documents of a task, as many as make
# up TASK_BYTES of input (a news article is about 6 KB in two languages), at most PER_TASK.
# A document of that size or more goes alone, so that a task is seldom much longer than
# the longest document, and the largest documents, which go first, are spread over the workers.
TASK_BYTES = 48 * 1024
PER_TASK = 16
# A floor for the tasks in flight, while workers are still joining (a scheduler may start
# with none).
MIN_WINDOW = 2
# Threads in which the client writes outputs (each write is fsynced: waiting on the disk).
WRITERS = 4
# Messages and log entries Dask keeps for debugging (`distributed.admin.low-level-log-length`,
# 1,000 by default); see `connect`.
LOG_LENGTH = 20
# Tasks between two emptyings of Dask's memo of key names (see `forget_key_names`).
FORGET_KEYS_EVERY = 1_000
# How often the client asks which documents the workers are on, and how many threads there are.
POLL = 0.5
THREADS_EVERY = 5.0
_KILLED = ("the worker processes it was given to died {n} times (out of memory, killed, or crashed by it or by a "
           "document beside it); it was sent twice, and is left for the next run")
# A document whose workers kept dying is sent once more on its own (it may only have been
# queued beside the document that killed them) before it is reported failed.
KILLED_ROUNDS = 2


def import_distributed() -> Any:
    """`distributed`, or an `AlignreadError` that says how to get it."""
    try:
        import distributed
    except ImportError:
        raise AlignreadError("--cluster", MISSING.removeprefix("--cluster ")) from None
    return distributed


@dataclass
class Connection:
    """A client connected to a scheduler (and the local cluster it started, for `local:N`)."""

    client: Any
    cluster: Any
    description: str

    def threads(self) -> int:
        try:
            return sum(self.client.nthreads().values())
        except Exception:  # the scheduler is busy or gone: the next poll says
            return 0

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()


def connect(spec: str) -> Connection:
    """Connect to the scheduler at `spec` (`tcp://host:8786`), or start a local cluster of
    N worker processes (`local:N`); the workers must run this version of alignread."""
    distributed = import_distributed()
    import dask

    # The scheduler's and workers' own chatter (a worker restarted, a slow event loop) is
    # not the user's business; errors still show.
    logging.getLogger("distributed").setLevel(logging.ERROR)
    # Dask keeps the last 1,000 messages of each connection, and of each log, for debugging:
    # here every message carries documents' texts, so that would be tens of megabytes in
    # the client, the scheduler and each worker.
    # The system monitor's samples (every half second, 7,200 kept) grow the same way over a
    # run of hours, in a local cluster's scheduler, which is this process.
    # A worker's statistical profiler samples the stacks of its threads every 10 ms, for a
    # dashboard no one looks at here: off in the workers a local cluster starts.
    with dask.config.set({"distributed.admin.low-level-log-length": LOG_LENGTH,
                          "distributed.admin.system-monitor.log-length": LOG_LENGTH,
                          "distributed.worker.profile.enabled": False}):
        return _connect(distributed, spec)


def _connect(distributed: Any, spec: str) -> Connection:
    cluster = None
    if spec.startswith("local:"):
        count = spec.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise InputError("--cluster", f"{spec!r}: give local:N with N worker processes, e.g. local:4")
        n = int(count)
        # Its scheduler serves HTTP (health checks) on 8787 or, if that is taken, elsewhere:
        # not worth a warning here.
        warnings.filterwarnings("ignore", message="Port 8787 is already in use", category=UserWarning)
        cluster = distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=logging.ERROR)
        client = distributed.Client(cluster, set_as_default=False)
        description = f"on a local cluster of {n} worker process{'es' if n != 1 else ''}"
    else:
        address = spec if "://" in spec else f"tcp://{spec}"
        try:
            client = distributed.Client(address, timeout=10, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise InputError("--cluster", f"no Dask scheduler answers at {address} ({exc}); start one with "
                                          "'dask scheduler' and workers with 'dask worker ADDRESS'") from None
        description = f"on the cluster at {address}"
    connection = Connection(client, cluster, description)
    try:
        check_workers(client)
    except BaseException:
        connection.close()
        raise
    return connection


def same(value: Any) -> Any:
    return value


def worker_version() -> str:
    from alignread import __version__

    return __version__


def check_workers(client: Any) -> None:
    """Refuse workers that cannot import alignread or run another version of it (the
    settings digest, and so resuming, depends on the version)."""
    from alignread import __version__

    try:
        versions = client.run(worker_version)
    except Exception as exc:  # ModuleNotFoundError, or Dask's wrapping of it when unpickling
        raise AlignreadError("--cluster", f"a worker cannot run alignread ({type(exc).__name__}: {exc}); install "
                                          "it on every worker machine: pip install 'alignread[cluster]'") from None
    other = {w: v for w, v in versions.items() if v != __version__}
    if other:
        worker, version = next(iter(other.items()))
        raise AlignreadError("--cluster", f"worker {worker} runs alignread {version}, this client {__version__}; "
                                          "install the same version on every machine")


@dataclass
class Entry:
    """A document under way on the cluster."""

    position: int
    task: Task
    expect: Any  # the fingerprint of the output read (None: none yet)
    attempts: int = 1  # times read and sent because its output changed on disk
    killed: int = 0  # times the workers it was sent to kept dying (distributed.KilledWorker)


def run_on_cluster(connection: Connection, state, listing, outdir: Path, options: BatchOptions, settings: str,
                   concepts: tuple[Concept, ...], t0: float) -> Iterator[Event]:
    """The documents the listing left to align, on the cluster; events as a local run's."""
    from alignread.workflows.batch.events import Summary
    from alignread.workflows.batch.run import decided_events, tasks_to_align
    from alignread.workflows.batch.state import recorded_reports

    distributed = import_distributed()
    client = connection.client
    # The configuration is made here, where --dict's files are, and sent once to each worker:
    # as a task that gives it, not scattered data, so that the scheduler can give it again
    # if every worker holding it dies. Its key is in the documents' task group (`group_key`):
    # held to the end, it keeps that group alive in the scheduler.
    config = client.submit(same, aligner_config(options), key=group_key("config"), pure=False)
    worker_options = replace(options, dictionaries=())
    threads = connection.threads()
    warming = []
    if listing.needs_nlp:
        # Each worker loads the NLP pipeline while the first documents are read and sent.
        warming = [client.submit(warm_up, worker_options, workers=[worker], allow_other_workers=False, pure=False,
                                 key=f"alignread-warm-up-{uuid.uuid4().hex}") for worker in client.nthreads()]
    # Documents per task: up to PER_TASK, fewer for a small corpus, so that every worker
    # thread still gets several tasks.
    per_task = max(1, min(PER_TASK, listing.to_process // (4 * max(threads, 1))))
    groups = task_groups(tasks_to_align(state, outdir, worker_options, settings, concepts, largest_first=True),
                         per_task, TASK_BYTES)
    yield Started(total=listing.total, to_process=listing.to_process, jobs=threads, where=connection.description)
    yield from decided_events(state, listing.total)
    done = state.totals.documents
    # What the loop waits for: ("aligned", a Dask future) and ("written", (entry, a future of
    # the writer threads)), put by their done callbacks.
    completed: queue.Queue[tuple[str, Any]] = queue.Queue()
    in_flight: dict[str, tuple[Any, list[Entry]]] = {}  # sent to the cluster, by task key
    writing: dict[int, Entry] = {}  # being written, by id of the writer's future
    under_way = 0  # documents in flight or being written
    # The client writes each output (and fsyncs it) in threads of its own, so that it goes
    # on sending and receiving documents meanwhile.
    writers = ThreadPoolExecutor(WRITERS, thread_name_prefix="alignread-writer")
    announced: set[str] = set()
    more = True
    polled = threads_at = time.monotonic()
    sent = 0

    def submit(group: list[Entry]) -> list[tuple[int, DocumentReport]]:
        """Read documents and send them as one task; the reports of those that cannot even
        be read."""
        nonlocal sent, under_way
        unreadable, jobs, entries = [], [], []
        for entry in group:
            try:
                job, entry.expect = read_job(entry.task)
            except AlignreadError as exc:
                unreadable.append((entry.position, DocumentReport(entry.task.doc.name, "failed", str(exc))))
                continue
            jobs.append(job)
            entries.append(entry)
        if jobs:
            future = client.submit(align_jobs, jobs, config, key=group_key(str(entries[0].position)), pure=False)
            in_flight[future.key] = (future, entries)
            under_way += len(entries)
            future.add_done_callback(lambda f: completed.put(("aligned", f)))
            sent += 1
            if sent % FORGET_KEYS_EVERY == 0:
                forget_key_names()
                if connection.cluster is not None:  # its scheduler is in this process
                    with contextlib.suppress(Exception):  # only memory: the run goes on
                        client.run_on_scheduler(forget_span_metadata)
        return unreadable

    def write(entry: Entry, outcome: Any) -> None:
        nonlocal under_way
        job = writers.submit(write_outcome, outdir, outcome, entry.expect)
        writing[id(job)] = entry
        under_way += 1
        job.add_done_callback(lambda j: completed.put(("written", (entry, j))))

    try:
        while True:
            now = time.monotonic()
            if now - threads_at >= THREADS_EVERY:
                threads, threads_at = connection.threads(), now
            window = max(MIN_WINDOW, PER_THREAD * threads)  # tasks
            reports: list[tuple[int, DocumentReport]] = []
            while more and len(in_flight) < window and under_way < window * per_task:
                group = next(groups, None)
                if group is None:
                    more = False
                else:
                    reports += submit([Entry(position, task, None) for position, task in group])
            if time.monotonic() - polled >= POLL:
                polled = time.monotonic()
                yield from _announcements(client, in_flight, announced)
            if not in_flight and not writing and not reports:
                break
            items: list[tuple[str, Any]] = []
            if not reports:
                with contextlib.suppress(queue.Empty):
                    items.append(completed.get(timeout=POLL))
            while not completed.empty():
                items.append(completed.get_nowait())
            aligned = [f for kind, f in items if kind == "aligned"]
            results = _gather(client, [f for f in aligned if f.status == "finished"])
            for kind, item in items:
                if kind == "written":
                    entry, job = item
                    del writing[id(job)]
                    under_way -= 1
                    report = _written(job, entry)
                    if report is None:  # a reader saved it after it was read: read and send it again
                        entry.attempts += 1
                        reports += submit([entry])
                    else:
                        reports.append((entry.position, report))
                    continue
                future = item
                if future.key not in in_flight:
                    continue
                if future.status in ("pending", "lost"):
                    # Its result went with a worker that died before the client fetched it:
                    # the scheduler computes it again.
                    future.add_done_callback(lambda f: completed.put(("aligned", f)))
                    continue
                _future, entries = in_flight.pop(future.key)
                under_way -= len(entries)
                for entry in entries:
                    if entry.task.doc.name not in announced:
                        yield DocumentStarted(entry.task.doc.name)
                    announced.discard(entry.task.doc.name)
                outcomes = _outcomes(distributed, future, results.get(future.key), entries)
                future.release()
                for entry, outcome in zip(entries, outcomes):
                    if isinstance(outcome, Outcome):
                        write(entry, outcome)
                    elif outcome is None:  # its workers died: on its own, once more
                        reports += submit([entry])
                    else:
                        reports.append((entry.position, outcome))
            for position, report in reports:
                state.report(position, report)
                done += 1
                yield DocumentDone(report, done, listing.total)
            state.save_if_due()
    finally:
        if in_flight:
            # Interrupted: what is under way is dropped, not written; the next run does it.
            client.cancel([future for future, _entries in in_flight.values()], force=True)
        # Writes begun are finished (each is atomic) and recorded.
        writers.shutdown(wait=True)
        while not completed.empty():
            kind, item = completed.get_nowait()
            if kind == "written":
                entry, job = item
                written = _written(job, entry)
                if written is not None:
                    state.report(entry.position, written)
        startup = _longest_warm_up(warming)
        for future in [config, *warming]:
            future.release()
        state.save()
    yield Finished(Summary(lambda: recorded_reports(outdir), time.perf_counter() - t0, threads,
                           max(startup, state.totals.worker_startup_seconds), options.low_confidence, state.totals,
                           where=connection.description))


def task_groups(pending: Iterable[tuple[int, Task, int]], most: int, budget: int) -> Iterator[list[tuple[int, Task]]]:
    """`pending` (position, task, bytes of its inputs, as the listing recorded them) in groups
    of consecutive (position, task), each of at most `most` documents and closed as soon as
    its inputs reach `budget` bytes (so a document of `budget` or more is alone)."""
    group: list[tuple[int, Task]] = []
    total = 0
    for position, task, size in pending:
        group.append((position, task))
        total += size
        if len(group) >= most or total >= budget:
            yield group
            group, total = [], 0
    if group:
        yield group


def group_key(label: str) -> str:
    """A unique task key in the one task group of the run's documents and configuration.

    Dask names a task's group by the words of its key before the first that is not a word
    (`alignread-<hex>-12` is in the group `alignread`). The scheduler drops a group once all
    its tasks are forgotten, and the next task then starts a new group, and a new "span",
    which the scheduler keeps for the rest of its life, with its metrics: with the window
    drained now and then (the client busy writing), that was memory growing with the
    corpus. The configuration's task, held to the end of the run, keeps the one group alive.
    """
    return f"alignread-{uuid.uuid4().hex}-{label}"


def forget_key_names() -> None:
    """Dask memoises the group name of every task key it has seen (up to 100,000, in the
    client and in a scheduler running in this process); with one key per document that
    is memory growing with the corpus, so the memo is emptied now and then."""
    from dask.utils import key_split

    key_split.cache_clear()


def forget_span_metadata(dask_scheduler: Any) -> None:
    """Each task submitted adds `{"type": "Future"}` to the "collections" of its span's
    metadata in the scheduler, a list kept for the scheduler's life: memory growing with
    the corpus, in this process for a local cluster. Keep one of each (they only describe
    the span, for dashboards)."""
    spans = getattr(dask_scheduler, "extensions", {}).get("spans")
    for span in getattr(spans, "spans", {}).values():
        metadata = getattr(span, "_metadata", None)
        collections = metadata.get("collections") if isinstance(metadata, dict) else None
        if isinstance(collections, list):
            unique: list[Any] = []
            for collection in collections:
                if collection not in unique:
                    unique.append(collection)
            collections[:] = unique


def _longest_warm_up(warming: list[Any]) -> float:
    """The longest a worker took to load the NLP pipeline (of those that have by now)."""
    seconds = [f.result() for f in warming if f.status == "finished"]
    return max(seconds, default=0.0)


def _gather(client: Any, futures: list[Any]) -> dict[str, Any]:
    """The results of finished futures, fetched together (one round trip, not one each).
    A result lost with its worker before it was fetched is computed again by the scheduler
    meanwhile; one that cannot be had is left out (its document is then reported)."""
    if not futures:
        return {}
    try:
        return dict(zip((f.key for f in futures), client.gather(futures)))
    except Exception:
        results = {}
        for future in futures:
            try:
                results[future.key] = future.result()
            except Exception:
                continue
        return results


def _outcomes(distributed: Any, future: Any, outcomes: Any, entries: list[Entry]) -> list[Any]:
    """What a finished task brought for each of its documents: an `Outcome` to write, the
    report of a document that failed, or None to send it again on its own (its workers
    died: it may only have been beside the document that killed them)."""
    if future.status == "error":
        exc = future.exception()
        if isinstance(exc, distributed.KilledWorker):
            out: list[Any] = []
            for entry in entries:
                entry.killed += 1
                if entry.killed < KILLED_ROUNDS:
                    out.append(None)
                else:
                    out.append(DocumentReport(entry.task.doc.name, "failed", _KILLED.format(
                        n=KILLED_ROUNDS * (exc.allowed_failures + 1))))
            return out
        return [DocumentReport(e.task.doc.name, "failed", f"internal error on the worker: {type(exc).__name__}: {exc}")
                for e in entries]
    if future.status == "finished" and outcomes is None:
        return [DocumentReport(e.task.doc.name, "failed", "its result could not be fetched from the worker")
                for e in entries]
    if future.status != "finished":
        raise AlignreadError("--cluster", f"lost the scheduler while aligning {entries[0].task.doc.name} "
                                          f"({future.status}); what was written is kept: run the same command again "
                                          "to resume")
    return [o.report if o.report.status == "failed" else o for o in outcomes]


def _written(job: Any, entry: Entry) -> DocumentReport | None:
    """The report of a document once its files are written; None to read and align it
    again (a reader saved it after the client read it: their version is aligned over)."""
    name = entry.task.doc.name
    try:
        return job.result()
    except ChangedOnDisk as exc:
        if entry.attempts < ATTEMPTS:
            return None
        return DocumentReport(name, "failed", str(exc))
    except AlignreadError as exc:
        return DocumentReport(name, "failed", str(exc))
    except Exception as exc:  # the client could not write it (a bug): the others go on
        return DocumentReport(name, "failed", f"internal error while writing: {type(exc).__name__}: {exc}")


def _announcements(client: Any, in_flight: dict[str, tuple[Any, list[Entry]]],
                   announced: set[str]) -> Iterator[DocumentStarted]:
    """`DocumentStarted` for the documents the workers have taken since the last poll."""
    try:
        processing = client.processing()
    except Exception:  # busy or gone: the results say
        return
    for keys in processing.values():
        for key in keys:
            _future, entries = in_flight.get(key, (None, []))
            for entry in entries:
                if entry.task.doc.name not in announced:
                    announced.add(entry.task.doc.name)
                    yield DocumentStarted(entry.task.doc.name)
