"""Batch alignment of a corpus folder: one annotated YAML (and exports) per document.

`run_batch` is a generator of events (`Preparing`, `Started`, `DocumentStarted`,
`DocumentDone`, `Finished`); the CLI's progress display consumes it, and so can the
reader. Documents are aligned in a process pool (`jobs`), each worker building its NLP
pipeline once (`nlp.get_pipeline` caches per process). Where processes are forked, the
parent loads the pipeline before the pool starts and the workers inherit it, so spaCy is
loaded once per run, not once per worker.

With `cluster`, the documents are aligned by the workers of a Dask scheduler instead, the
client reading the inputs and writing the outputs (`cluster`, `job`).

The run lists the corpus into its record in the output folder first, a document at a
time (deciding what needs no aligner: outputs known to be up to date), then hands out the
documents left from the record, so its memory does not grow with the corpus.

The seams: `events` (what the run reports), `document` (one document: read, align,
write; resuming), `state` (the record: what each output records, the listing, the
reports), `lock` (one run per output folder), `pool` (the worker processes), `job` and
`cluster` (the run on a Dask cluster) and this module, the run itself.
One bad document (unreadable, empty, the wrong language) is reported and the batch goes on.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

from alignread.core.errors import AlignreadError, InputError
from alignread.core.model import Concept
from alignread.formats import EXTENSIONS
from alignread.store.atomic import atomic_write_text, remove_stale_temporaries
from alignread.store.batch_record import NameListedTwice
from alignread.store.corpus import (
    CONCEPTS,
    document_data,
    document_from_data,
    iter_documents,
    listed_twice,
    load_concepts,
    manifest_of,
)
from alignread.store.output_policy import check_output_folder
from alignread.workflows.batch.document import (
    BatchOptions,
    Task,
    aligner_config,
    input_digests,
    output_path,
    warm_up,
)
from alignread.workflows.batch.events import (
    DocumentDone,
    DocumentReport,
    DocumentStarted,
    Event,
    Finished,
    Preparing,
    Started,
    Summary,
    report_from_data,
)
from alignread.workflows.batch.lock import OutputLock
from alignread.workflows.batch.pool import default_jobs, pool_context, run_in_pool, run_in_process
from alignread.workflows.batch.state import BatchState, recorded_reports, up_to_date_report
from alignread.workflows.build import settings_digest

# The options of a run that is given none; BatchOptions is frozen, so one value serves all.
DEFAULT_OPTIONS = BatchOptions()
NO_DOCUMENTS = "holds no documents (expected NAME.en.txt + NAME.id.txt, en/NAME.txt + id/NAME.txt, or a corpus.yaml)"
# With `--format html`, the page of the output folder that lists the documents' pages.
INDEX = "index.html"


@dataclass(frozen=True, slots=True)
class Listing:
    """What the listing of a corpus found: documents, those left to align, and whether one
    of those surely needs the NLP pipeline (its output does not exist yet, or `force`)."""

    total: int
    to_process: int
    needs_nlp: bool


def input_size(task: Task) -> int:
    """Bytes of a document's inputs (0 for one missing: its worker reports it)."""
    size = 0
    for path in (task.doc.file, task.doc.en, task.doc.ind):
        if path is not None:
            with contextlib.suppress(OSError):
                size += os.stat(path).st_size
    return size


def list_corpus(corpus: Path, outdir: Path, options: BatchOptions, settings: str, concepts: tuple[Concept, ...],
                state: BatchState) -> Listing:
    """List the corpus into the run's record, one document at a time, deciding what can be
    decided without the aligner (an output known to be up to date, unreadable inputs).

    Raises `AlignreadError` for a corpus that cannot be listed (a bad manifest, a name
    listed twice); the record is then left as the last run left it.
    """
    record = state.record
    manifest = manifest_of(corpus)
    record.start_listing()
    total = to_process = 0
    needs_nlp = False
    try:
        for position, doc in enumerate(iter_documents(corpus, unique=False)):
            if "html" in options.formats and f"{doc.name}.html" == INDEX:
                raise InputError("--format html", f"a document is called 'index'; its page would be the folder's "
                                                  f"{INDEX}, which lists the documents (rename the document)")
            task = Task(doc, outdir, options, settings, concepts)
            decided = None
            entry = None if options.force else record.output(doc.name)
            if entry is not None:
                try:
                    decided = up_to_date_report(entry, task, input_digests(doc))
                except AlignreadError as exc:
                    decided = DocumentReport(doc.name, "failed", str(exc))
            try:
                record.list_document(position, doc.name, document_data(doc), decided is None, input_size(task))
            except NameListedTwice:
                assert manifest is not None  # names are unique by construction in the other layouts
                raise listed_twice(manifest, position, doc.name) from None
            total += 1
            if decided is not None:
                state.report(position, decided)
                continue
            to_process += 1
            if doc.file is None and (options.force or not output_path(outdir, doc.name).exists()):
                needs_nlp = True
    except BaseException:
        record.db.rollback()
        raise
    state.save()
    return Listing(total, to_process, needs_nlp)


def tasks_to_align(state: BatchState, outdir: Path, options: BatchOptions, settings: str,
                   concepts: tuple[Concept, ...], largest_first: bool) -> Iterator[tuple[int, Task, int]]:
    """(position, task, bytes of its inputs) of each document the listing left to align,
    read back from the record."""
    for position, data, size in state.record.to_align(largest_first):
        yield position, Task(document_from_data(data), outdir, options, settings, concepts), size


def run_batch(
    corpus: str | Path,
    outdir: str | Path,
    options: BatchOptions = DEFAULT_OPTIONS,
    jobs: int | None = None,
    cluster: str | None = None,
) -> Iterator[Event]:
    """Align every document of `corpus` into `outdir`, yielding progress events.

    `cluster` (a scheduler's address, or `local:N`) aligns the documents on a Dask cluster
    instead of in local worker processes (`alignread.workflows.batch.cluster`).

    Raises `AlignreadError` before the first document for problems with the corpus as a
    whole (no such folder, no documents, a bad manifest or concepts file, an unknown
    format); a problem with one document is reported in its `DocumentDone` instead.
    Closing the generator stops handing out documents; those the workers already hold
    (at most `PREFETCH` each) are finished and written.

    The summary's reports are read back from the run's record in `outdir`, which the next
    run into that folder replaces.
    """
    t0 = time.perf_counter()
    corpus, outdir = Path(corpus), Path(outdir)
    unknown = [f for f in options.formats if f not in EXTENSIONS]
    if unknown:
        raise InputError("--format", f"unknown format {unknown[0]!r} (choose from {', '.join(EXTENSIONS)})")
    if next(iter_documents(corpus, unique=False), None) is None:
        raise InputError(corpus, NO_DOCUMENTS)
    concepts = load_concepts(corpus / CONCEPTS) if (corpus / CONCEPTS).is_file() else ()
    check_output_folder(outdir)
    connection = None
    if cluster is not None:
        # Before anything is written: a cluster that cannot be reached stops the run here.
        from alignread.workflows.batch.cluster import connect

        connection = connect(cluster)
    try:
        try:
            outdir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(outdir, f"cannot create the folder ({exc.strerror or exc})") from None
        lock = OutputLock(outdir)
        lock.acquire()
        try:
            # Half-written files of a run that was killed: ours to remove, now that the folder is ours.
            remove_stale_temporaries(outdir)
            yield from _run_locked(corpus, outdir, options, jobs, connection, concepts, t0)
        finally:
            lock.release()
    finally:
        if connection is not None:
            connection.close()


def _run_locked(
    corpus: Path, outdir: Path, options: BatchOptions, jobs: int | None, connection,
    concepts: tuple[Concept, ...], t0: float,
) -> Iterator[Event]:
    """`run_batch` once the output folder is ours."""
    config = aligner_config(options)
    settings = settings_digest(config, options.nlp)
    state = BatchState(outdir)
    try:
        listing = list_corpus(corpus, outdir, options, settings, concepts, state)
        if connection is not None:
            from alignread.workflows.batch.cluster import run_on_cluster

            yield from run_on_cluster(connection, state, listing, outdir, options, settings, concepts, t0)
        else:
            yield from _run_here(state, listing, outdir, options, settings, concepts, jobs, t0)
    finally:
        state.save()
        state.close()


def decided_events(state: BatchState, total: int) -> Iterator[DocumentDone]:
    """`DocumentDone` for each document the listing decided (before any is aligned)."""
    for done, data in enumerate(state.record.reports(), start=1):
        yield DocumentDone(report_from_data(data), done, total)


def _run_here(state: BatchState, listing: Listing, outdir: Path, options: BatchOptions, settings: str,
              concepts: tuple[Concept, ...], jobs: int | None, t0: float) -> Iterator[Event]:
    """The documents left to align, in this process or in a pool of local worker processes."""
    jobs = max(1, jobs or default_jobs())
    jobs = min(jobs, listing.to_process) if listing.to_process else 1
    context = pool_context(options) if jobs > 1 else None
    startup = 0.0
    if listing.needs_nlp and (context is None or context.get_start_method() == "fork"):
        # Loaded here, once: in this process, or inherited by the forked workers.
        yield Preparing("loading the NLP pipeline")
        startup = warm_up(options)
    positions: dict[str, int] = {}

    def tasks() -> Iterator[Task]:
        # In a pool the largest documents go first, so that no worker is left with a long
        # one while the others have finished.
        for position, task, _size in tasks_to_align(state, outdir, options, settings, concepts,
                                                    largest_first=jobs > 1):
            positions[task.doc.name] = position
            yield task

    stream: Generator[DocumentStarted | DocumentReport, None, None]
    first: list[DocumentStarted | DocumentReport] = []
    if jobs == 1:
        stream = run_in_process(tasks())
    else:
        stream = run_in_pool(tasks(), jobs, context)
        # The first submission forks every worker. Do it before anyone hears of the start,
        # so that no other thread (a progress display's) is running when the process forks.
        first.extend(itertools.islice(stream, 1))
    done = state.totals.documents
    try:
        yield Started(total=listing.total, to_process=listing.to_process, jobs=jobs, startup_seconds=startup)
        yield from decided_events(state, listing.total)
        for item in itertools.chain(first, stream):
            if isinstance(item, DocumentStarted):
                yield item
                continue
            state.report(positions.pop(item.name), item)
            state.save_if_due()
            done += 1
            yield DocumentDone(item, done, listing.total)
    finally:
        stream.close()  # a pool stops handing out documents and waits for those under way
        state.save()
    if "html" in options.formats:
        write_index(outdir, state)
    yield Finished(Summary(functools.partial(recorded_reports, outdir), time.perf_counter() - t0, jobs,
                           startup + state.totals.worker_startup_seconds, options.low_confidence, state.totals))


def write_index(outdir: Path, state: BatchState) -> Path:
    """OUTDIR/index.html: the documents that have a page, in corpus order, linking to it
    (read from the run's record)."""
    from alignread.formats.html_page import IndexEntry, corpus_index

    entries = []
    for data, report_data in state.record.listed_with_reports():
        doc = document_from_data(data)
        report = report_from_data(report_data) if report_data else None
        page = output_path(outdir, doc.name, "html")
        if report is None or not report.ok or not page.exists():
            continue
        entries.append(IndexEntry(
            doc.name, page.name, doc.meta.title, doc.meta.author, report.bead_count, report.en_sentences,
            report.id_sentences, report.low_confidence,
        ))
    path = outdir / INDEX
    atomic_write_text(path, corpus_index(entries, title=f"Aligned essays: {outdir.resolve().name}"))
    return path


def run_to_end(corpus: str | Path, outdir: str | Path, options: BatchOptions = DEFAULT_OPTIONS,
               jobs: int | None = None, cluster: str | None = None) -> Summary:
    """`run_batch` without progress: the summary."""
    summary = None
    for event in run_batch(corpus, outdir, options, jobs, cluster):
        if isinstance(event, Finished):
            summary = event.summary
    assert summary is not None
    return summary
