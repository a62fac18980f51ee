"""Batch alignment of a corpus folder: one annotated YAML (and exports) per document.

`run_batch` is a generator of events (`Preparing`, `Started`, `DocumentStarted`,
`DocumentDone`, `Finished`); the CLI's progress display consumes it, and so can the
reader. Documents are aligned in a process pool (`jobs`), each worker building its NLP
pipeline once (`nlp.get_pipeline` caches per process). Where processes are forked, the
parent loads the pipeline before the pool starts and the workers inherit it, so spaCy is
loaded once per run, not once per worker.

The seams: `events` (what the run reports), `document` (one document: read, align,
write; resuming), `state` (the cache of what each output records), `lock` (one run per
output folder), `pool` (the worker processes) and this module, the run itself.
One bad document (unreadable, empty, the wrong language) is reported and the batch goes on.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Generator, Iterator
from pathlib import Path

from alignread.core.errors import AlignreadError, InputError
from alignread.core.model import Concept
from alignread.formats import EXTENSIONS
from alignread.store.atomic import atomic_write_text, remove_stale_temporaries
from alignread.store.corpus import CONCEPTS, CorpusDocument, find_documents, load_concepts
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
)
from alignread.workflows.batch.lock import OutputLock
from alignread.workflows.batch.pool import default_jobs, pool_context, run_in_pool, run_in_process
from alignread.workflows.batch.state import BatchState
from alignread.workflows.build import settings_digest

# The options of a run that is given none; BatchOptions is frozen, so one value serves all.
DEFAULT_OPTIONS = BatchOptions()
# With `--format html`, the page of the output folder that lists the documents' pages.
INDEX = "index.html"


def _plan(docs: list[CorpusDocument], outdir: Path, options: BatchOptions, settings: str,
          concepts: tuple[Concept, ...], state: BatchState) -> tuple[list[DocumentReport], list[Task], bool]:
    """Decide what can be decided without the aligner: reports, tasks, and whether some
    task surely needs the NLP pipeline (its output does not exist yet, or `force`)."""
    decided: list[DocumentReport] = []
    tasks: list[Task] = []
    needs_nlp = False
    for doc in docs:
        task = Task(doc, outdir, options, settings, concepts)
        try:
            inputs = input_digests(doc)
        except AlignreadError as exc:
            decided.append(DocumentReport(doc.name, "failed", str(exc)))
            continue
        cached = state.cached(task, inputs)
        if cached is not None:
            decided.append(cached)
            continue
        tasks.append(task)
        if doc.file is None and (options.force or not output_path(outdir, doc.name).exists()):
            needs_nlp = True
    return decided, tasks, needs_nlp


def run_batch(
    corpus: str | Path,
    outdir: str | Path,
    options: BatchOptions = DEFAULT_OPTIONS,
    jobs: int | None = None,
) -> Iterator[Event]:
    """Align every document of `corpus` into `outdir`, yielding progress events.

    Raises `AlignreadError` before the first document for problems with the corpus as a
    whole (no such folder, no documents, a bad manifest or concepts file, an unknown
    format); a problem with one document is reported in its `DocumentDone` instead.
    Closing the generator stops handing out documents; those the workers already hold
    (at most `PREFETCH` each) are finished and written.
    """
    t0 = time.perf_counter()
    corpus, outdir = Path(corpus), Path(outdir)
    unknown = [f for f in options.formats if f not in EXTENSIONS]
    if unknown:
        raise InputError("--format", f"unknown format {unknown[0]!r} (choose from {', '.join(EXTENSIONS)})")
    docs = find_documents(corpus)
    if not docs:
        raise InputError(corpus, "holds no documents (expected NAME.en.txt + NAME.id.txt, "
                                 "en/NAME.txt + id/NAME.txt, or a corpus.yaml)")
    if "html" in options.formats and any(f"{d.name}.html" == INDEX for d in docs):
        raise InputError("--format html", f"a document is called 'index'; its page would be the folder's {INDEX}, "
                                          "which lists the documents (rename the document)")
    concepts = load_concepts(corpus / CONCEPTS) if (corpus / CONCEPTS).is_file() else ()
    check_output_folder(outdir)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(outdir, f"cannot create the folder ({exc.strerror or exc})") from None
    lock = OutputLock(outdir)
    lock.acquire()
    # Half-written files of a run that was killed: ours to remove, now that the folder is ours.
    remove_stale_temporaries(outdir)
    try:
        yield from _run_locked(outdir, options, jobs, docs, concepts, t0)
    finally:
        lock.release()


def _run_locked(
    outdir: Path, options: BatchOptions, jobs: int | None, docs: list[CorpusDocument],
    concepts: tuple[Concept, ...], t0: float,
) -> Iterator[Event]:
    """`run_batch` once the output folder is ours."""
    config = aligner_config(options)
    settings = settings_digest(config, options.nlp)
    state = BatchState.load(outdir)
    state.order = [d.name for d in docs]
    decided, tasks, needs_nlp = _plan(docs, outdir, options, settings, concepts, state)
    jobs = max(1, jobs or default_jobs())
    jobs = min(jobs, len(tasks)) if tasks else 1
    context = pool_context(options) if jobs > 1 else None
    startup = 0.0
    if needs_nlp and (context is None or context.get_start_method() == "fork"):
        # Loaded here, once: in this process, or inherited by the forked workers.
        yield Preparing("loading the NLP pipeline")
        startup = warm_up(options)
    reports: dict[str, DocumentReport] = {}
    stream: Generator[DocumentStarted | DocumentReport, None, None]
    first: list[DocumentStarted | DocumentReport] = []
    if jobs == 1:
        stream = run_in_process(tasks)
    else:
        stream = run_in_pool(tasks, jobs, context)
        # The first submission forks every worker. Do it before anyone hears of the start,
        # so that no other thread (a progress display's) is running when the process forks.
        first.append(next(stream))
    done = 0
    try:
        yield Started(total=len(docs), to_process=len(tasks), jobs=jobs, startup_seconds=startup)
        for report in decided:
            reports[report.name] = report
            state.record(report)
            done += 1
            yield DocumentDone(report, done, len(docs))
        for item in itertools.chain(first, stream):
            if isinstance(item, DocumentStarted):
                yield item
                continue
            reports[item.name] = item
            state.record(item)
            state.save_if_due()
            done += 1
            yield DocumentDone(item, done, len(docs))
    finally:
        stream.close()  # a pool stops handing out documents and waits for those under way
        if state.dirty or not state.path.exists():
            state.save()
    worker_startup = max((r.startup_seconds for r in reports.values()), default=0.0)
    ordered = tuple(reports[d.name] for d in docs if d.name in reports)
    if "html" in options.formats:
        write_index(outdir, docs, reports)
    yield Finished(Summary(ordered, time.perf_counter() - t0, jobs, startup + worker_startup, options.low_confidence))


def write_index(outdir: Path, docs: list[CorpusDocument], reports: dict[str, DocumentReport]) -> Path:
    """OUTDIR/index.html: the documents that have a page, in corpus order, linking to it."""
    from alignread.formats.html import IndexEntry, corpus_index

    entries = []
    for doc in docs:
        report = reports.get(doc.name)
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
               jobs: int | None = None) -> Summary:
    """`run_batch` without progress: the summary."""
    summary = None
    for event in run_batch(corpus, outdir, options, jobs):
        if isinstance(event, Finished):
            summary = event.summary
    assert summary is not None
    return summary
