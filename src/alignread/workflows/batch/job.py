"""One document as a cluster worker sees it: texts in, the files to write out.

On a cluster (`alignread.workflows.batch.cluster`) the client reads each document's texts
and the output it goes over, a worker aligns them (`align_job`) and returns what to write,
as text, and the client writes it (`write_outcome`), atomically and only over the version
it read. The workers need no access to the corpus or the output folder, and a worker that
dies mid-document has written nothing: the client is the only writer.

The rules are those of a local batch (`alignread.workflows.batch.document`): an output
whose inputs and settings have not changed is left alone (only its missing exports are
rendered), and realigning carries a reader's work over (`alignread.workflows.realign`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

from alignread import __version__
from alignread.align.aligner import AlignerConfig
from alignread.core.errors import AlignreadError, FormatError
from alignread.core.model import Concept
from alignread.core.structure import SourceText
from alignread.formats import render
from alignread.formats.parallel import encode_lines
from alignread.store import pairfile
from alignread.store.atomic import Fingerprint, atomic_write_text, read_fingerprinted
from alignread.store.corpus import CorpusDocument
from alignread.store.output_policy import check_output
from alignread.workflows.batch.document import (
    BatchOptions,
    Task,
    aligner_config,
    build_from_texts,
    digests_of,
    output_path,
    pair_stats,
    read_inputs,
    up_to_date,
    warm_up,
)
from alignread.workflows.batch.events import DocumentReport
from alignread.workflows.realign import NotOurs, Realignment, merge_concepts, realign_over


@dataclass(frozen=True, slots=True)
class Job:
    """What a worker needs to align one document: everything but files."""

    doc: CorpusDocument  # its name, metadata, and paths (only to name them in messages)
    texts: tuple[SourceText, ...]  # (English, Indonesian), or the one file of an essay, as read
    old: bytes | None  # the output it goes over, as read (None: no output yet)
    stale_exports: tuple[str, ...]  # formats whose file is missing or older than the YAML
    options: BatchOptions
    settings: str
    concepts: tuple[Concept, ...]
    version: str = __version__  # the client's alignread: a worker with another refuses


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a worker made of a job: the report, and the files to write (name, text), the
    annotated YAML first when it was realigned (`aligned`)."""

    report: DocumentReport
    files: tuple[tuple[str, str], ...] = ()


def read_job(task: Task) -> tuple[Job, Fingerprint | None]:
    """The client's part before aligning: the texts and the output, with the fingerprint of
    the version read (raises `AlignreadError` for inputs that cannot be read)."""
    out = output_path(task.outdir, task.doc.name)
    check_output(out, "yaml", task.doc.sources())  # a regular file of ours, or none yet
    texts = read_inputs(task.doc)
    old: bytes | None = None
    expect: Fingerprint | None = None
    stale: list[str] = []
    try:
        data, fingerprint = read_fingerprinted(out)
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        raise NotOurs(out, "is a folder; not writing over it") from None
    except OSError as exc:
        raise AlignreadError(out, f"cannot be read ({exc.strerror or exc})") from None
    else:
        if data.strip():
            old, expect = data, fingerprint
        else:
            expect = fingerprint  # an empty file: written over, as a local run does
        for fmt in task.options.formats:
            path = output_path(task.outdir, task.doc.name, fmt)
            if fmt != "yaml" and (not path.exists() or path.stat().st_mtime_ns < fingerprint.mtime_ns):
                stale.append(fmt)
    job = Job(task.doc, texts, old, tuple(stale), task.options, task.settings, task.concepts)
    return job, expect


def align_job(job: Job, config: AlignerConfig | None = None) -> Outcome:
    """Align one document on a worker (or check it is up to date); never raises for a bad
    document: what happened is in the report. `config` is the run's aligner configuration
    (sent once to each worker); by default it is made from the options."""
    t0 = time.perf_counter()
    startup = 0.0
    name = job.doc.name
    try:
        if job.version != __version__:
            raise AlignreadError(name, f"this worker runs alignread {__version__}, the client {job.version}; "
                                       "install the same version on every machine")
        config = config if config is not None else aligner_config(job.options)
        where = f"{name}.yaml"
        old = None
        if job.old is not None:
            try:
                old = pairfile.loads(job.old.decode("utf-8"), where)
            except (FormatError, UnicodeDecodeError) as exc:
                problem = exc.problem if isinstance(exc, FormatError) else "it is not UTF-8"
                raise NotOurs(where, f"cannot be read as an alignread file ({problem}); not overwriting it "
                                     "(fix it, or move it away)") from None
        if old is not None and not job.options.force:
            inputs = digests_of(job.doc, job.texts)
            if up_to_date(old, job.doc, job.settings, inputs):
                exports = tuple((f"{name}.{fmt}", render(old, fmt, name)) for fmt in job.stale_exports)
                report = DocumentReport(name, "unchanged", outputs=tuple(f for f, _ in exports), inputs=inputs,
                                        settings=job.settings, seconds=time.perf_counter() - t0,
                                        lines=encode_lines(old), **pair_stats(old, job.options.low_confidence))
                return Outcome(report, exports)
        if job.doc.file is None:
            startup = warm_up(job.options)
        t1 = time.perf_counter()
        pair, inputs = build_from_texts(job.doc, job.texts, job.options, config)
        if old is None:
            result = Realignment(replace(pair, concepts=merge_concepts(job.concepts, pair.concepts)))
        else:
            result = realign_over(old, pair, where, config, job.concepts, job.options.force)
        files = [(where, pairfile.dumps(result.pair))]
        files += [(f"{name}.{fmt}", render(result.pair, fmt, name)) for fmt in job.options.formats if fmt != "yaml"]
        report = DocumentReport(
            name, "aligned", annotations=result.outcomes, outputs=tuple(f for f, _ in files), inputs=inputs,
            settings=job.settings, seconds=time.perf_counter() - t1, startup_seconds=startup,
            lines=encode_lines(result.pair), **pair_stats(result.pair, job.options.low_confidence),
        )
        return Outcome(report, tuple(files))
    except AlignreadError as exc:
        return Outcome(DocumentReport(name, "failed", str(exc), seconds=time.perf_counter() - t0,
                                      startup_seconds=startup))
    except Exception as exc:
        # A bug or an unforeseen input in one document must not cost the other documents.
        return Outcome(DocumentReport(name, "failed", f"internal error: {type(exc).__name__}: {exc}",
                                      seconds=time.perf_counter() - t0, startup_seconds=startup))


def align_jobs(jobs: list[Job], config: AlignerConfig | None = None) -> list[Outcome]:
    """`align_job` for a few documents sent as one task."""
    return [align_job(job, config) for job in jobs]


def write_outcome(outdir: Path, outcome: Outcome, expect: Fingerprint | None) -> DocumentReport:
    """Write what a worker made of a document (on the client): the YAML only over the
    version read (`expect`), then the exports. Raises `ChangedOnDisk` if the YAML changed
    since it was read (nothing is written then), `OutputError` if it cannot be written.

    The report returned records the output as written (its size and modification time).
    """
    report = outcome.report
    if report.status == "failed":
        return report
    files = iter(outcome.files)
    if report.status == "aligned":
        where, text = next(files)
        written = atomic_write_text(outdir / where, text, expect=expect)
        assert written is not None
        stat = (written.size, written.mtime_ns)
    else:
        # Unchanged: the version the worker found up to date is the one read.
        assert expect is not None
        stat = (expect.size, expect.mtime_ns)
    for where, text in files:
        target = check_output(outdir / where, where.rsplit(".", 1)[-1])  # never over a file not ours
        assert target is not None
        atomic_write_text(target, text)
    return replace(report, output_stat=stat)
