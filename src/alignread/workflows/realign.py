"""Aligning again over an existing output: one set of rules for `align`, `import`, `batch`
and the reader.

When a document is aligned (or imported) into a file that already holds an alignment of
it, the work a reader did in that file is carried over to the new alignment:

1. **Confirmed beads.** Beads a reader merged, split or checked stay as they are wherever
   their sentences are unchanged (`alignread.align.anchors`). The stretches between them
   are aligned afresh with the same aligner configuration; an imported essay, whose beads
   follow its layout rather than the aligner, has its new beads cut to those stretches.
2. **Annotations** are re-attached through the text they quote (`alignread.core.reattach`):
   each is kept, moved, edited or detached, never dropped. When both texts still have the
   same sentences, every annotation stays exactly as it was.
3. **Concepts**: the corpus's `concepts.yaml` first (its definitions win), then those the
   file defined, then any the new document brings.
4. **Metadata**: what the inputs say (a `corpus.yaml`, `--title`) wins field by field; the
   file's own values fill the fields the inputs leave empty.
5. **A file that belongs to other texts is not overwritten.** When the file holds
   annotations and not one of them can be attached to the new texts, the texts are not
   this file's: `RealignRefused` names the file, and the caller writes nothing. `force`
   realigns anyway and keeps the annotations, detached.

`write_over` writes a new alignment to its file by these rules, and only over the version
of the file it read: if the file changes between the read and the write (a reader saves a
tag meanwhile), it reads the file again and carries that work over too, so no one's work
is lost; after a few such rounds it stops with the conflict named.

`realign_between_confirmed` is the reader's `R`: the same texts, aligned afresh between
the beads a reader confirmed, with the bead annotations following their sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path

from alignread.align.aligner import AlignerConfig, config_from_provenance
from alignread.align.anchors import keep_confirmed, realign_around_confirmed
from alignread.core.correct import follow_beads
from alignread.core.errors import AlignreadError, FormatError
from alignread.core.model import Concept, Metadata, TextPair
from alignread.core.reattach import OUTCOMES, Reattachment, reattach, reattach_dismissals
from alignread.store import pairfile
from alignread.store.atomic import ChangedOnDisk, Fingerprint

# How many times `write_over` reads the file again when it changed before the write.
ATTEMPTS = 5


class RealignRefused(AlignreadError):
    """An existing file none of whose annotations fit the new texts: not overwritten."""

    def __init__(self, where: str, annotations: int) -> None:
        super().__init__(
            where, f"holds {annotations} annotation{'s' if annotations != 1 else ''}, none of them on these texts; "
            "not overwriting it (write to another file, or use --force to realign it and keep them detached)",
        )


@dataclass(frozen=True, slots=True)
class Realignment:
    """The new document with the old one's work carried over, and what became of each
    annotation (in the old file's order)."""

    pair: TextPair
    outcomes: tuple[Reattachment, ...] = ()
    written: Fingerprint | None = None  # what `write_over` wrote

    def counts(self) -> dict[str, int]:
        """How many annotations were kept, moved, edited, detached (only those that occur)."""
        found: dict[str, int] = {}
        for o in self.outcomes:
            found[o.outcome] = found.get(o.outcome, 0) + 1
        return {k: found[k] for k in OUTCOMES if k in found}


def merge_metadata(new: Metadata, old: Metadata) -> Metadata:
    """`new`'s fields where it has them, `old`'s where it does not."""
    return Metadata(**{f.name: getattr(new, f.name) or getattr(old, f.name) for f in fields(Metadata)})


def merge_concepts(*groups: tuple[Concept, ...]) -> tuple[Concept, ...]:
    """The concepts of every group, each id once: the first group's definition wins."""
    seen: dict[str, Concept] = {}
    for group in groups:
        for concept in group:
            seen.setdefault(concept.id, concept)
    return tuple(seen.values())


def _same_sentences(old: TextPair, new: TextPair) -> bool:
    return all(
        [s.text for s in old.side(side).sentences] == [s.text for s in new.side(side).sentences]
        for side in ("en", "id")
    )


def realign_over(
    old: TextPair,
    new: TextPair,
    where: str,
    config: AlignerConfig | None = None,
    corpus_concepts: tuple[Concept, ...] = (),
    force: bool = False,
) -> Realignment:
    """`new` (just aligned or imported) with the work of `old`, the file at `where`, carried
    over by the rules of this module. `config` is the configuration `new` was aligned with
    (it realigns the stretches between confirmed beads); an imported essay needs none.

    Raises `RealignRefused` when `old` holds annotations none of which fit `new`, unless
    `force`.
    """
    pair = keep_confirmed(old, new, None if new.layout else config)
    if _same_sentences(old, pair):
        annotations = old.annotations
        outcomes = tuple(Reattachment(a.id, "kept") for a in old.annotations)
        dismissed = old.dismissed
    else:
        annotations, outcomes = reattach(old, pair)
        dismissed = reattach_dismissals(old, pair)
        if outcomes and all(o.outcome == "detached" for o in outcomes) and not force:
            raise RealignRefused(where, len(outcomes))
    pair = replace(
        pair,
        meta=merge_metadata(pair.meta, old.meta),
        concepts=merge_concepts(corpus_concepts, old.concepts, pair.concepts),
        annotations=annotations,
        dismissed=dismissed,
    )
    return Realignment(pair, outcomes)


def realign_between_confirmed(pair: TextPair, at: str | None = None) -> TextPair:
    """Align `pair` afresh between the beads a reader confirmed (the reader's `R`), with the
    aligner its file records; bead annotations follow their first sentence."""
    config = config_from_provenance(pair.provenance_dict())
    return follow_beads(realign_around_confirmed(pair, config), at=at)


class NotOurs(AlignreadError):
    """An output path holding something that is not an alignread file: not overwritten."""


def read_output(path: str | Path) -> tuple[TextPair, Fingerprint] | None:
    """The document at an output path and the fingerprint of what was read; None if there is
    no file (or an empty one). `NotOurs` for a file alignread cannot read."""
    p = Path(path)
    if not p.exists() or (p.is_file() and p.stat().st_size == 0):
        return None
    try:
        return pairfile.load_fingerprinted(p)
    except FormatError as exc:
        raise NotOurs(path, f"cannot be read as an alignread file ({exc.problem}); not overwriting it "
                            "(fix it, or move it away)") from None


def write_over(
    path: str | Path,
    new: TextPair,
    config: AlignerConfig | None = None,
    corpus_concepts: tuple[Concept, ...] = (),
    force: bool = False,
    known: tuple[TextPair, Fingerprint] | None = None,
) -> Realignment:
    """Write `new` to `path`, carrying over the work of the document there (if any) by the
    rules of this module, and only over the version read. `known` is that document and its
    fingerprint when the caller read it already.

    Raises `RealignRefused` (the file belongs to other texts), `NotOurs` (not an alignread
    file), or `ChangedOnDisk` when the file kept changing under the write.
    """
    current = known if known is not None else read_output(path)
    for _ in range(ATTEMPTS):
        if current is None:
            result = Realignment(replace(new, concepts=merge_concepts(corpus_concepts, new.concepts)))
            expect: Fingerprint | None = None
        else:
            old, expect = current
            result = realign_over(old, new, str(path), config, corpus_concepts, force)
        try:
            written = pairfile.save(result.pair, path, expect=expect)
        except ChangedOnDisk:
            # Someone wrote the file since it was read (a reader saving a tag): read their
            # version and carry it over too.
            current = read_output(path)
            continue
        return replace(result, written=written)
    raise ChangedOnDisk(path)


# Outcomes a reader should look at, listed one by one (kept and moved ones are only counted).
WORTH_A_LOOK = ("edited", "doubtful", "detached")


def counts_line(counts: dict[str, int]) -> str:
    """`annotations: 3 kept, 1 moved, 1 detached` (outcomes in their fixed order)."""
    return "annotations: " + ", ".join(f"{counts[k]} {k}" for k in OUTCOMES if counts.get(k))


def outcome_lines(name: str, file: str, outcomes: tuple[Reattachment, ...]) -> list[str]:
    """One line per annotation worth a look: `  detached essay/a3: ... (kept in essay.yaml ...)`."""
    lines = []
    for o in outcomes:
        if o.outcome not in WORTH_A_LOOK:
            continue
        where = f" (kept in {file} with 'detached:')" if o.outcome == "detached" else ""
        lines.append(f"  {o.outcome} {name}/{o.id}: {o.detail}{where}")
    return lines


def describe(result: Realignment, name: str, file: str) -> list[str]:
    """What became of the annotations of one document, as `align`, `import` and `batch` say it."""
    if not result.outcomes:
        return []
    return [counts_line(result.counts()), *outcome_lines(name, file, result.outcomes)]
