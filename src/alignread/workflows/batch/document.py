"""One document of a batch: read, align (or find its output up to date), write.

`process(task)` runs in a worker process (or in the caller's, with one job) and never
raises for a bad document: what happened is in the `DocumentReport` it returns.

Resuming: each output records the digests of the texts it was aligned from and the
settings digest (`provenance.settings`). A document whose inputs and settings match its
output is not realigned (`force` redoes it). Realigning over an existing output keeps the
work a reader did there, by the rules of `alignread.workflows.realign`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from alignread.align.aligner import AlignerConfig, align_sentences, config_for
from alignread.core.errors import AlignreadError
from alignread.core.model import LOW_CONFIDENCE, Concept, TextPair, text_digest
from alignread.core.structure import SourceText
from alignread.formats import EXTENSIONS, render
from alignread.formats.parallel import encode_lines
from alignread.formats.readers import read_source
from alignread.nlp import NlpSpec
from alignread.store.atomic import atomic_write_text
from alignread.store.corpus import CorpusDocument
from alignread.store.output_policy import check_output
from alignread.workflows.batch.events import DocumentReport, bead_sort_key
from alignread.workflows.build import build_pair, segment
from alignread.workflows.import_essay import import_essay_text
from alignread.workflows.realign import Realignment, merge_metadata, read_output, write_over


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
class Task:
    """One document to align (or to check against its output), as sent to a worker."""

    doc: CorpusDocument
    outdir: Path
    options: BatchOptions
    settings: str
    concepts: tuple[Concept, ...]


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
    return config_for(options.aligner, options.dictionaries, options.self_train, options.embed)


_WARM: set[tuple[Any, ...]] = set()


def warm_up(options: BatchOptions) -> float:
    """Load everything a document needs (NLP pipeline, lexicon, language model) once per
    process; the seconds it took, or 0 if this process had done it already."""
    key = (options.nlp, options.aligner, options.dictionaries, options.check_languages, options.self_train,
           options.embed)
    if key in _WARM:
        return 0.0
    t0 = time.perf_counter()
    en = segment("A warm-up text. It has two sentences.", "en", options.nlp)
    ind = segment("Teks pemanasan. Isinya dua kalimat.", "id", options.nlp)
    config = aligner_config(options)
    align_sentences([s.text for s in en.sentences], [s.text for s in ind.sentences], config)
    if config.resegment and options.nlp.backend != "lines":
        from alignread.align.joint import prepare

        prepare()
    if options.check_languages:
        from alignread.nlp.langid import dominant_language

        dominant_language([s.text for s in en.sentences])
    _WARM.add(key)
    return time.perf_counter() - t0


def output_path(outdir: Path, name: str, fmt: str = "yaml") -> Path:
    return outdir / f"{name}.{EXTENSIONS[fmt]}"


def input_digests(doc: CorpusDocument) -> tuple[tuple[str, str], ...]:
    """Digests of the texts a document is made from (raises `InputError` if unreadable)."""
    return digests_of(doc, read_inputs(doc))


def digests_of(doc: CorpusDocument, texts: tuple[SourceText, ...]) -> tuple[tuple[str, str], ...]:
    """Digests of a document's texts, as read by `read_inputs`."""
    if doc.file is not None:
        return (("file", text_digest(texts[0].text)),)
    return (("en", text_digest(texts[0].text)), ("id", text_digest(texts[1].text)))


def recorded_digests(pair: TextPair, doc: CorpusDocument) -> tuple[tuple[str, str], ...]:
    """The input digests an output records (see `input_digests`)."""
    if doc.file is not None:
        return (("file", pair.provenance_dict().get("source", "")),)
    return (("en", pair.en.digest), ("id", pair.ind.digest))


def up_to_date(old: TextPair, doc: CorpusDocument, settings: str, inputs: tuple[tuple[str, str], ...]) -> bool:
    """Whether the output `old` was made from these inputs with these settings."""
    if recorded_digests(old, doc) != inputs:
        return False
    recorded = old.provenance_dict().get("settings", "")
    if doc.file is not None:
        # An imported essay is aligned by the importer; it may not record our settings.
        return recorded in ("", settings)
    return recorded == settings


def read_inputs(doc: CorpusDocument) -> tuple[SourceText, ...]:
    """The texts of a document, with the structure their format gives: (English,
    Indonesian), or the one file of an essay (raises `InputError` for one that cannot be
    read)."""
    if doc.file is not None:
        return (read_source(doc.file),)
    assert doc.en is not None and doc.ind is not None
    return (read_source(doc.en), read_source(doc.ind))


def build_from_texts(doc: CorpusDocument, texts: tuple[SourceText, ...], options: BatchOptions,
                     config: AlignerConfig) -> tuple[TextPair, tuple[tuple[str, str], ...]]:
    """Segment, check and align a document's texts: the new pair and its input digests."""
    if doc.file is not None:
        text = texts[0].text
        pair = import_essay_text(text, str(doc.file), nlp=options.nlp, config=config)
        source = text_digest(text)
        provenance = tuple((k, v) for k, v in pair.provenance if k != "source") + (("source", source),)
        # The manifest's metadata fills what the essay itself does not say.
        meta = merge_metadata(pair.meta, doc.meta)
        return replace(pair, provenance=provenance, meta=meta), (("file", source),)
    en_source, ind_source = texts
    pair = build_pair(en_source, ind_source, en_file=str(doc.en), ind_file=str(doc.ind), meta=doc.meta,
                      config=config, nlp=options.nlp, check_languages=options.check_languages)
    return pair, (("en", pair.en.digest), ("id", pair.ind.digest))


def _build(task: Task) -> tuple[TextPair, tuple[tuple[str, str], ...]]:
    """Read, segment, check and align a document: the new pair and its input digests."""
    return build_from_texts(task.doc, read_inputs(task.doc), task.options, aligner_config(task.options))


def result_stat(result: Realignment, path: Path) -> tuple[int, int]:
    """(size, modification time) of the version `write_over` wrote."""
    if result.written is not None:
        return (result.written.size, result.written.mtime_ns)
    return file_stat(path)


def file_stat(path: Path) -> tuple[int, int]:
    """(size, modification time in ns) of a file: how the state cache recognises an output."""
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
        target = check_output(path, fmt)  # never over a file that is not an export of ours
        assert target is not None
        atomic_write_text(target, render(pair, fmt, task.doc.name))
        written.append(path.name)
    return written


def process(task: Task) -> DocumentReport:
    """Align one document (or find its output up to date); never raises for a bad document."""
    t0 = time.perf_counter()
    startup = 0.0
    try:
        name = task.doc.name
        out = output_path(task.outdir, name)
        check_output(out, "yaml", task.doc.sources())  # a regular file of ours, or none yet
        known = read_output(out)
        old = known[0] if known is not None else None
        if old is not None and not task.options.force:
            inputs = input_digests(task.doc)
            if up_to_date(old, task.doc, task.settings, inputs):
                written = _write_exports(old, task, out, only_stale=True)
                return DocumentReport(
                    name, "unchanged", outputs=tuple(written), inputs=inputs, settings=task.settings,
                    output_stat=(known[1].size, known[1].mtime_ns) if known else file_stat(out),
                    seconds=time.perf_counter() - t0, lines=encode_lines(old),
                    **pair_stats(old, task.options.low_confidence),
                )
        if task.doc.file is None:
            startup = warm_up(task.options)
        t1 = time.perf_counter()
        pair, inputs = _build(task)
        # Over the version read at the start, or, if a reader saved meanwhile, over theirs
        # with their work carried over too.
        result = write_over(out, pair, aligner_config(task.options), task.concepts, task.options.force, known)
        pair, outcomes = result.pair, result.outcomes
        exports = [out.name] + _write_exports(pair, task, out, only_stale=False)
        return DocumentReport(
            name, "aligned", annotations=outcomes, outputs=tuple(exports), inputs=inputs,
            settings=task.settings, output_stat=result_stat(result, out), seconds=time.perf_counter() - t1,
            startup_seconds=startup, lines=encode_lines(pair), **pair_stats(pair, task.options.low_confidence),
        )
    except AlignreadError as exc:
        return DocumentReport(task.doc.name, "failed", str(exc), seconds=time.perf_counter() - t0,
                              startup_seconds=startup)
    except Exception as exc:
        # A bug or an unforeseen input in one document must not cost the other documents;
        # the reason names the exception so that it can be reported.
        return DocumentReport(
            task.doc.name, "failed", f"internal error: {type(exc).__name__}: {exc}",
            seconds=time.perf_counter() - t0, startup_seconds=startup,
        )
