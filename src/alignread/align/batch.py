"""Batch alignment of a corpus folder: one annotated YAML (and exports) per document.

`run_batch` is a generator of events (`Preparing`, `Started`, `DocumentStarted`,
`DocumentDone`, `Finished`); the CLI's progress display consumes it, and so can the
reader. Documents are aligned in a process pool (`jobs`), each worker building its NLP
pipeline once (`nlp.get_pipeline` caches per process). Where processes are forked, the
parent loads the pipeline before the pool starts and the workers inherit it, so spaCy is
loaded once per run, not once per worker.

Resuming: each output records the digests of the texts it was aligned from and the
settings digest (`provenance.settings`). A document whose inputs and settings match its
output is not realigned (`force` redoes it). The output is the truth; `STATE`, a small
JSON file in the output folder, only caches what each output records (with its size and
modification time), so that an unchanged corpus is checked without parsing every YAML.
A run that is interrupted leaves whole files (every write is atomic) and a state that
is at most a few seconds old; the next run picks up where it stopped.

Realigning a document whose output holds annotations keeps them: they are re-attached
through their quotes (`core.reattach`), and one that cannot be is kept detached.
One bad document (unreadable, empty, the wrong language) is reported and the batch goes on.
"""

from __future__ import annotations

import gc
import itertools
import json
import multiprocessing
import os
import queue
import signal
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Union

from alignread import __version__
from alignread.align.aligner import AlignerConfig, align_sentences, make_config
from alignread.align.anchors import keep_confirmed
from alignread.align.pair import align_texts, check_language, segment, segment_with_lemmas, settings_digest
from alignread.core.errors import AlignreadError, FormatError, InputError
from alignread.core.model import LOW_CONFIDENCE, Concept, Metadata, TextPair, text_digest
from alignread.core.reattach import Reattachment, reattach
from alignread.core.textio import read_text
from alignread.formats import EXTENSIONS, render
from alignread.formats.essay import import_essay_text
from alignread.nlp import NlpSpec
from alignread.store import pairfile
from alignread.store.atomic import atomic_write_text
from alignread.store.corpus import CONCEPTS, Document, find_documents, load_concepts

STATE = ".alignread-batch.json"
STATE_VERSION = 1
# The state file is rewritten at most this often while documents complete (and always
# at the end), so a large corpus does not spend its time fsyncing the state.
STATE_EVERY = 2.0


# ---------------------------------------------------------------- options and reports


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """What decides the outputs of a batch run."""

    aligner: str = "default"  # or "baseline"
    dictionaries: tuple[str, ...] = ()
    nlp: NlpSpec = field(default_factory=NlpSpec)
    formats: tuple[str, ...] = ("yaml",)  # the annotated YAML is always written
    check_languages: bool = True
    force: bool = False
    low_confidence: float = LOW_CONFIDENCE
    self_train: bool = False
    embed: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentReport:
    """What happened to one document.

    `status` is `aligned` (aligned now), `unchanged` (its output was up to date; missing
    exports may have been written) or `failed` (see `reason`).
    """

    name: str
    status: str
    reason: str = ""
    en_sentences: int = 0
    id_sentences: int = 0
    beads: tuple[tuple[str, int], ...] = ()
    low_confidence: int = 0
    annotations: tuple[Reattachment, ...] = ()
    seconds: float = 0.0
    startup_seconds: float = 0.0  # building the NLP pipeline, in the process's first document
    outputs: tuple[str, ...] = ()
    inputs: tuple[tuple[str, str], ...] = ()
    settings: str = ""
    output_stat: tuple[int, int] | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("aligned", "unchanged")

    @property
    def bead_count(self) -> int:
        return sum(n for _, n in self.beads)


@dataclass(frozen=True, slots=True)
class Preparing:
    """Something slow happens before the documents start (loading the NLP pipeline)."""

    message: str


@dataclass(frozen=True, slots=True)
class Started:
    total: int  # documents found
    to_process: int  # documents sent to the aligner (the others were decided up front)
    jobs: int  # worker processes (1: in this process)
    startup_seconds: float = 0.0  # loading the NLP pipeline before the pool started


@dataclass(frozen=True, slots=True)
class DocumentStarted:
    name: str


@dataclass(frozen=True, slots=True)
class DocumentDone:
    report: DocumentReport
    done: int
    total: int


@dataclass(frozen=True, slots=True)
class Summary:
    """Every document's report, in corpus order, and the run's figures."""

    reports: tuple[DocumentReport, ...]
    seconds: float
    jobs: int
    startup_seconds: float = 0.0
    low_confidence: float = LOW_CONFIDENCE

    def count(self, status: str) -> int:
        return sum(1 for r in self.reports if r.status == status)

    @property
    def failed(self) -> tuple[DocumentReport, ...]:
        return tuple(r for r in self.reports if r.status == "failed")

    def bead_kinds(self) -> dict[str, int]:
        kinds: dict[str, int] = {}
        for r in self.reports:
            for kind, n in r.beads:
                kinds[kind] = kinds.get(kind, 0) + n
        return kinds

    def annotation_outcomes(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.reports:
            for a in r.annotations:
                out[a.outcome] = out.get(a.outcome, 0) + 1
        return out


@dataclass(frozen=True, slots=True)
class Finished:
    summary: Summary


Event = Union[Preparing, Started, DocumentStarted, DocumentDone, Finished]


# ---------------------------------------------------------------- one document


@dataclass(frozen=True, slots=True)
class Task:
    """One document to align (or to check against its output), as sent to a worker."""

    doc: Document
    outdir: Path
    options: BatchOptions
    settings: str
    concepts: tuple[Concept, ...]


BEAD_ORDER = ("1-1", "1-2", "2-1", "2-2", "1-3", "3-1", "1-0", "0-1")


def bead_sort_key(kind: str) -> tuple[int, str]:
    return (BEAD_ORDER.index(kind) if kind in BEAD_ORDER else len(BEAD_ORDER), kind)


def pair_stats(pair: TextPair, low: float) -> dict[str, Any]:
    kinds: dict[str, int] = {}
    for b in pair.beads:
        kinds[b.kind] = kinds.get(b.kind, 0) + 1
    return {
        "en_sentences": len(pair.en.sentences),
        "id_sentences": len(pair.ind.sentences),
        "beads": tuple(sorted(kinds.items(), key=lambda kv: bead_sort_key(kv[0]))),
        "low_confidence": sum(1 for b in pair.beads if b.needs_check(low)),
    }


@lru_cache(maxsize=8)
def aligner_config(options: BatchOptions) -> AlignerConfig:
    """The aligner configuration of a batch run."""
    return make_config(options.aligner, options.dictionaries, options.self_train, options.embed)


_WARM: set[tuple[Any, ...]] = set()


def warm_up(options: BatchOptions) -> float:
    """Load everything a document needs (NLP pipeline, lexicon, language model) once per
    process; the seconds it took, or 0 if this process had done it already."""
    key = (options.nlp, options.aligner, options.dictionaries, options.check_languages, options.self_train, options.embed)
    if key in _WARM:
        return 0.0
    t0 = time.perf_counter()
    en = segment("A warm-up text. It has two sentences.", "en", options.nlp)
    ind = segment("Teks pemanasan. Isinya dua kalimat.", "id", options.nlp)
    config = aligner_config(options)
    align_sentences([s.text for s in en.sentences], [s.text for s in ind.sentences], config)
    if config.resegment and options.nlp.backend != "lines":
        from alignread.align.resegment import prepare

        prepare()
    if options.check_languages:
        from alignread.nlp.langid import dominant_language

        dominant_language([s.text for s in en.sentences])
    _WARM.add(key)
    return time.perf_counter() - t0


def output_path(outdir: Path, name: str, fmt: str = "yaml") -> Path:
    return outdir / f"{name}.{EXTENSIONS[fmt]}"


def input_digests(doc: Document) -> tuple[tuple[str, str], ...]:
    """Digests of the texts a document is made from (raises `InputError` if unreadable)."""
    if doc.file is not None:
        return (("file", text_digest(read_text(doc.file))),)
    assert doc.en is not None and doc.ind is not None
    return (("en", text_digest(read_text(doc.en))), ("id", text_digest(read_text(doc.ind))))


def recorded_digests(pair: TextPair, doc: Document) -> tuple[tuple[str, str], ...]:
    """The input digests an output records (see `input_digests`)."""
    if doc.file is not None:
        return (("file", pair.provenance_dict().get("source", "")),)
    return (("en", pair.en.digest), ("id", pair.ind.digest))


def _up_to_date(old: TextPair, task: Task, inputs: tuple[tuple[str, str], ...]) -> bool:
    if recorded_digests(old, task.doc) != inputs:
        return False
    recorded = old.provenance_dict().get("settings", "")
    if task.doc.file is not None:
        # An imported essay is aligned by the importer; it may not record our settings.
        return recorded in ("", task.settings)
    return recorded == task.settings


def _build(task: Task) -> tuple[TextPair, tuple[tuple[str, str], ...]]:
    """Read, segment, check and align a document: the new pair and its input digests."""
    doc, options = task.doc, task.options
    if doc.file is not None:
        text = read_text(doc.file)
        pair = import_essay_text(text, str(doc.file), nlp=options.nlp, config=aligner_config(options))
        source = text_digest(text)
        provenance = tuple((k, v) for k, v in pair.provenance if k != "source") + (("source", source),)
        # The manifest's metadata fills what the essay itself does not say.
        meta = replace(pair.meta, **{k: getattr(doc.meta, k) for k in _META_FIELDS
                                     if not getattr(pair.meta, k) and getattr(doc.meta, k)})
        return replace(pair, provenance=provenance, meta=meta), (("file", source),)
    assert doc.en is not None and doc.ind is not None
    en_text, ind_text = read_text(doc.en), read_text(doc.ind)
    en, en_lemmas = segment_with_lemmas(en_text, "en", options.nlp, str(doc.en))
    ind, ind_lemmas = segment_with_lemmas(ind_text, "id", options.nlp, str(doc.ind))
    if options.check_languages:
        check_language(en, "en", str(doc.en))
        check_language(ind, "id", str(doc.ind))
    config = aligner_config(options)
    pair = align_texts(en, ind, config, doc.meta, options.nlp, (en_lemmas, ind_lemmas))
    return pair, (("en", pair.en.digest), ("id", pair.ind.digest))


_META_FIELDS = ("title", "author", "translator", "source", "licence", "original")


def _merge_concepts(corpus: tuple[Concept, ...], old: tuple[Concept, ...]) -> tuple[Concept, ...]:
    """The corpus's `concepts.yaml` first (its definitions win), then the output's own."""
    ids = {c.id for c in corpus}
    return corpus + tuple(c for c in old if c.id not in ids)


def _stat(path: Path) -> tuple[int, int]:
    st = path.stat()
    return (st.st_size, st.st_mtime_ns)


def _write_exports(pair: TextPair, task: Task, yaml_path: Path, only_stale: bool) -> list[str]:
    """Write the non-YAML formats; with `only_stale`, only those missing or older than the YAML."""
    written = []
    yaml_mtime = yaml_path.stat().st_mtime_ns
    for fmt in task.options.formats:
        if fmt == "yaml":
            continue
        path = output_path(task.outdir, task.doc.name, fmt)
        if only_stale and path.exists() and path.stat().st_mtime_ns >= yaml_mtime:
            continue
        atomic_write_text(path, render(pair, fmt, task.doc.name))
        written.append(path.name)
    return written


def process(task: Task) -> DocumentReport:
    """Align one document (or find its output up to date); never raises for a bad document."""
    t0 = time.perf_counter()
    startup = 0.0
    try:
        name = task.doc.name
        out = output_path(task.outdir, name)
        old = None
        if out.exists():
            try:
                old = pairfile.load(out)
            except FormatError as exc:
                raise AlignreadError(out, f"cannot be read ({exc.problem}); not overwriting it (fix it or move it away)") from None
        if old is not None and not task.options.force:
            inputs = input_digests(task.doc)
            if _up_to_date(old, task, inputs):
                written = _write_exports(old, task, out, only_stale=True)
                return DocumentReport(
                    name, "unchanged", outputs=tuple(written), inputs=inputs, settings=task.settings,
                    output_stat=_stat(out), seconds=time.perf_counter() - t0,
                    **pair_stats(old, task.options.low_confidence),
                )
        if task.doc.file is None:
            startup = warm_up(task.options)
        t1 = time.perf_counter()
        pair, inputs = _build(task)
        outcomes: tuple[Reattachment, ...] = ()
        if old is not None:
            # Beads a reader confirmed stay; one-file essays keep their layout's beads.
            pair = keep_confirmed(old, pair, aligner_config(task.options) if task.doc.file is None else None)
            annotations, outcomes = reattach(old, pair)
            meta = pair.meta if pair.meta != Metadata() else old.meta  # no manifest: keep what the file says
            pair = replace(pair, meta=meta, annotations=annotations,
                           concepts=_merge_concepts(task.concepts, old.concepts))
        else:
            pair = replace(pair, concepts=_merge_concepts(task.concepts, pair.concepts))
        pairfile.save(pair, out)
        written = [out.name] + _write_exports(pair, task, out, only_stale=False)
        return DocumentReport(
            name, "aligned", annotations=outcomes, outputs=tuple(written), inputs=inputs,
            settings=task.settings, output_stat=_stat(out), seconds=time.perf_counter() - t1,
            startup_seconds=startup, **pair_stats(pair, task.options.low_confidence),
        )
    except AlignreadError as exc:
        return DocumentReport(task.doc.name, "failed", str(exc), seconds=time.perf_counter() - t0, startup_seconds=startup)
    except Exception as exc:  # noqa: BLE001
        # A bug or an unforeseen input in one document must not cost the other documents;
        # the reason names the exception so that it can be reported.
        return DocumentReport(
            task.doc.name, "failed", f"internal error: {type(exc).__name__}: {exc}",
            seconds=time.perf_counter() - t0, startup_seconds=startup,
        )


# ---------------------------------------------------------------- one run at a time


LOCK = ".alignread-batch.lock"


class OutputLock:
    """`OUTDIR/.alignread-batch.lock`: one batch run writes to a folder at a time.

    Two runs over the same outputs would each re-attach annotations from what they read
    and write over each other. The lock file holds the owner's process id; one left by a
    run that died (no such process on this machine) is taken over.
    """

    def __init__(self, outdir: Path) -> None:
        self.path = outdir / LOCK
        self.held = False

    def acquire(self) -> None:
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                owner = self._owner()
                if owner is not None and _alive(owner):
                    raise AlignreadError(
                        self.path.parent, f"another alignread batch (process {owner}) is writing here; "
                        f"wait for it to finish (or remove {LOCK} if it is gone)"
                    ) from None
                self.path.unlink(missing_ok=True)  # left by a run that died
                continue
            except OSError as exc:
                raise InputError(self.path.parent, f"cannot write there ({exc.strerror or exc})") from None
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(f"{os.getpid()}\n")
            self.held = True
            return
        raise AlignreadError(self.path.parent, f"cannot take the lock {LOCK}")

    def _owner(self) -> int | None:
        try:
            text = self.path.read_text(encoding="utf-8").strip()
        except OSError:
            return None
        return int(text) if text.isdigit() else None

    def release(self) -> None:
        if self.held:
            self.path.unlink(missing_ok=True)
            self.held = False


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# ---------------------------------------------------------------- the state file


class BatchState:
    """The cache in `OUTDIR/.alignread-batch.json`: what each output recorded when written."""

    def __init__(self, outdir: Path) -> None:
        self.path = outdir / STATE
        self.documents: dict[str, dict[str, Any]] = {}
        self.order: list[str] = []
        self.dirty = False
        self.saved_at = 0.0

    @classmethod
    def load(cls, outdir: Path) -> "BatchState":
        state = cls(outdir)
        try:
            data = json.loads(state.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return state  # no state, or a damaged one: the outputs themselves are checked
        if isinstance(data, dict) and data.get("schema_version") == STATE_VERSION and isinstance(data.get("documents"), dict):
            state.documents = {k: v for k, v in data["documents"].items() if isinstance(v, dict)}
            order = data.get("order")
            state.order = [n for n in order if isinstance(n, str)] if isinstance(order, list) else []
        return state

    def record(self, report: DocumentReport) -> None:
        if report.ok:
            self.documents[report.name] = {
                "status": "ok",
                "inputs": dict(report.inputs),
                "settings": report.settings,
                "yaml": list(report.output_stat) if report.output_stat else None,
                "en_sentences": report.en_sentences,
                "id_sentences": report.id_sentences,
                "beads": dict(report.beads),
                "low_confidence": report.low_confidence,
            }
        else:
            self.documents[report.name] = {"status": "failed", "reason": report.reason}
        self.dirty = True

    def cached(self, task: Task, inputs: tuple[tuple[str, str], ...]) -> DocumentReport | None:
        """The document's report if its output is known to be up to date, without parsing it."""
        entry = self.documents.get(task.doc.name)
        if not entry or entry.get("status") != "ok" or task.options.force:
            return None
        if entry.get("inputs") != dict(inputs) or entry.get("settings") != task.settings:
            return None
        out = output_path(task.outdir, task.doc.name)
        try:
            stat = _stat(out)
        except OSError:
            return None
        if list(stat) != entry.get("yaml"):
            return None  # edited since (in the reader, say): the worker reads it
        for fmt in task.options.formats:
            if fmt != "yaml":
                path = output_path(task.outdir, task.doc.name, fmt)
                if not path.exists() or path.stat().st_mtime_ns < stat[1]:
                    return None
        beads = entry.get("beads") or {}
        return DocumentReport(
            task.doc.name, "unchanged", inputs=inputs, settings=task.settings, output_stat=stat,
            en_sentences=int(entry.get("en_sentences", 0)), id_sentences=int(entry.get("id_sentences", 0)),
            beads=tuple(sorted(((str(k), int(v)) for k, v in beads.items()), key=lambda kv: bead_sort_key(kv[0]))),
            low_confidence=int(entry.get("low_confidence", 0)),
        )

    def save(self, now: float | None = None) -> None:
        data = {
            "schema_version": STATE_VERSION,
            "generator": f"alignread {__version__}",
            "order": self.order,
            "documents": self.documents,
        }
        atomic_write_text(self.path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        self.dirty = False
        self.saved_at = time.monotonic() if now is None else now

    def save_if_due(self) -> None:
        if self.dirty and time.monotonic() - self.saved_at >= STATE_EVERY:
            self.save()


# ---------------------------------------------------------------- the run


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _pool_context(options: BatchOptions):
    """Fork where it is safe, so that workers inherit a pipeline the parent has loaded;
    spawn elsewhere, each worker then loading its own, once.

    Not fork for Stanza: PyTorch's thread pools do not survive a fork, and a forked
    worker can hang in its first parallel region.
    """
    if (options.nlp.backend == "spacy" and sys.platform.startswith("linux")
            and "fork" in multiprocessing.get_all_start_methods()):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _plan(docs: list[Document], outdir: Path, options: BatchOptions, settings: str,
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


def _run_in_process(tasks: list[Task]) -> Iterator[DocumentStarted | DocumentReport]:
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


def _run_in_pool(tasks: list[Task], jobs: int, context) -> Iterator[DocumentStarted | DocumentReport]:
    """Hand documents to `jobs` workers and report them as the workers start and finish them."""
    waiting = list(reversed(tasks))
    while waiting:
        started = context.Queue()
        pool = ProcessPoolExecutor(max_workers=min(jobs, len(waiting)), mp_context=context,
                                   initializer=_worker_init, initargs=(started,))
        running: dict[Future, Task] = {}
        announced: set[str] = set()
        broken = False

        def announcements() -> Iterator[DocumentStarted]:
            while True:
                try:
                    name = started.get_nowait()
                except (queue.Empty, OSError, ValueError):  # nothing new, or the queue is closed
                    return
                if name not in announced:
                    announced.add(name)
                    yield DocumentStarted(name)

        try:
            while waiting or running:
                while waiting and len(running) < jobs * PREFETCH:
                    task = waiting.pop()
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
                finished, _ = wait(running, timeout=0.05, return_when=FIRST_COMPLETED)
                yield from announcements()
                for future in finished:
                    task = running.pop(future)
                    if task.doc.name not in announced:
                        announced.add(task.doc.name)
                        yield DocumentStarted(task.doc.name)
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        broken = True
                        yield DocumentReport(task.doc.name, "failed", _BROKEN)
                if broken:
                    # Every document still with this pool is lost with it; a new pool takes
                    # the rest (forked, unlike the first, while a progress thread may run).
                    for future, task in running.items():
                        yield DocumentReport(task.doc.name, "failed", _BROKEN)
                    running.clear()
                    break
        finally:
            for future in running:
                future.cancel()
            pool.shutdown(wait=True, cancel_futures=True)
            started.close()


def run_batch(
    corpus: str | Path,
    outdir: str | Path,
    options: BatchOptions = BatchOptions(),
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
    concepts = load_concepts(corpus / CONCEPTS) if (corpus / CONCEPTS).is_file() else ()
    if outdir.exists() and not outdir.is_dir():
        raise InputError(outdir, "is a file; give a folder for the outputs")
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(outdir, f"cannot create the folder ({exc.strerror or exc})") from None
    lock = OutputLock(outdir)
    lock.acquire()
    try:
        yield from _run_locked(outdir, options, jobs, docs, concepts, t0)
    finally:
        lock.release()


def _run_locked(
    outdir: Path, options: BatchOptions, jobs: int | None, docs: list[Document], concepts: tuple[Concept, ...], t0: float
) -> Iterator[Event]:
    """`run_batch` once the output folder is ours."""
    config = aligner_config(options)
    settings = settings_digest(config, options.nlp)
    state = BatchState.load(outdir)
    state.order = [d.name for d in docs]
    decided, tasks, needs_nlp = _plan(docs, outdir, options, settings, concepts, state)
    jobs = max(1, jobs or default_jobs())
    jobs = min(jobs, len(tasks)) if tasks else 1
    context = _pool_context(options) if jobs > 1 else None
    startup = 0.0
    if needs_nlp and (context is None or context.get_start_method() == "fork"):
        # Loaded here, once: in this process, or inherited by the forked workers.
        yield Preparing("loading the NLP pipeline")
        startup = warm_up(options)
    reports: dict[str, DocumentReport] = {}
    stream: Iterator[DocumentStarted | DocumentReport]
    first: list[DocumentStarted | DocumentReport] = []
    if jobs == 1:
        stream = _run_in_process(tasks)
    else:
        stream = _run_in_pool(tasks, jobs, context)
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
    yield Finished(Summary(ordered, time.perf_counter() - t0, jobs, startup + worker_startup, options.low_confidence))


def run_to_end(corpus: str | Path, outdir: str | Path, options: BatchOptions = BatchOptions(),
               jobs: int | None = None) -> Summary:
    """`run_batch` without progress: the summary."""
    summary = None
    for event in run_batch(corpus, outdir, options, jobs):
        if isinstance(event, Finished):
            summary = event.summary
    assert summary is not None
    return summary


def state_order(folder: str | Path) -> list[str]:
    """The corpus order of the documents a batch wrote into `folder` (empty if unknown)."""
    return BatchState.load(Path(folder)).order


def load_outputs(path: str | Path) -> list[tuple[str, TextPair]]:
    """The annotated pairs in `path`: one YAML file, or a folder of them (a batch's OUTDIR),
    as (name, pair) in the corpus order the batch recorded, else by name."""
    p = Path(path)
    if p.is_file():
        return [(p.name.removesuffix(".yaml").removesuffix(".yml"), pairfile.load(p))]
    if not p.is_dir():
        raise InputError(path, "no such file or folder")
    recorded = state_order(p)
    # A corpus folder's manifest and concepts are not pairs, unless a batch wrote a
    # document that happens to be called "corpus" or "concepts".
    skip = {name for name in ("corpus.yaml", CONCEPTS) if name.removesuffix(".yaml") not in recorded}
    files = {f.name.rsplit(".", 1)[0]: f for f in sorted(p.glob("*.y*ml"))
             if f.suffix in (".yaml", ".yml") and f.name not in skip and not f.name.startswith(".")}
    if not files:
        raise InputError(path, "holds no annotated YAML files (make them with: alignread batch CORPUS -o OUTDIR)")
    order = [n for n in recorded if n in files]
    names = order + sorted(n for n in files if n not in order)
    return [(name, pairfile.load(files[name])) for name in names]
