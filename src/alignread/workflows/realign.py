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

`realign_between_confirmed` is the reader's `R`: the same texts, aligned afresh between
the beads a reader confirmed, with the bead annotations following their sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from alignread.align.aligner import AlignerConfig, config_from_provenance
from alignread.align.anchors import keep_confirmed, realign_around_confirmed
from alignread.core.correct import follow_beads
from alignread.core.errors import AlignreadError
from alignread.core.model import Concept, Metadata, TextPair
from alignread.core.reattach import OUTCOMES, Reattachment, reattach


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
    else:
        annotations, outcomes = reattach(old, pair)
        if outcomes and all(o.outcome == "detached" for o in outcomes) and not force:
            raise RealignRefused(where, len(outcomes))
    pair = replace(
        pair,
        meta=merge_metadata(pair.meta, old.meta),
        concepts=merge_concepts(corpus_concepts, old.concepts, pair.concepts),
        annotations=annotations,
    )
    return Realignment(pair, outcomes)


def realign_between_confirmed(pair: TextPair, at: str | None = None) -> TextPair:
    """Align `pair` afresh between the beads a reader confirmed (the reader's `R`), with the
    aligner its file records; bead annotations follow their first sentence."""
    config = config_from_provenance(pair.provenance_dict())
    return follow_beads(realign_around_confirmed(pair, config), at=at)
