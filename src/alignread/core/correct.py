"""Correcting an alignment by hand: merge, split and confirm beads.

Pure functions from a `TextPair` to a new one, like `alignread.core.annotate`, so the reader
undoes them the same way. A bead a reader has made or checked gets the status
`confirmed` and the score 1.0; realigning the same texts keeps confirmed beads as they
are (`alignread.align.anchors`).

Annotations hold sentence ids, so phrases never move. The annotation on a whole bead
follows the bead: merging two beads merges their annotations (concepts joined, notes one
after the other, the older id kept); splitting a bead leaves its annotation on the part
that keeps most of the bead's text, with its quotes brought up to date.
"""

from __future__ import annotations

from dataclasses import replace

from alignread.core.annotate import EditError, bead_annotation, bead_at, clean_note, utc_now
from alignread.core.model import AUTO, CONFIRMED, Annotation, Bead, TextPair


def _with_beads(pair: TextPair, k: int, removed: int, new: tuple[Bead, ...]) -> TextPair:
    return replace(pair, beads=pair.beads[:k] + new + pair.beads[k + removed:])


def _retarget(pair: TextPair, ann: Annotation, bead: Bead, at: str) -> Annotation:
    return replace(
        ann, en=bead.en, ind=bead.ind, quote_en=pair.bead_text(bead, "en"), quote_ind=pair.bead_text(bead, "id"),
        modified=at,
    )


def _id_key(ann: Annotation) -> tuple[int, str]:
    digits = ann.id[1:] if ann.id[:1] == "a" else ""
    return (int(digits) if digits.isdigit() else 0, ann.id)


def merge_beads(pair: TextPair, bead: int, at: str | None = None) -> TextPair:
    """Merge bead `bead` with the bead after it into one confirmed bead."""
    first = bead_at(pair, bead)
    if bead + 1 >= len(pair.beads):
        raise EditError("the last bead has no next bead to merge with")
    second = pair.beads[bead + 1]
    at = at or utc_now()
    merged = Bead(first.en + second.en, first.ind + second.ind, 1.0, CONFIRMED)
    anns = [a for a in (bead_annotation(pair, bead), bead_annotation(pair, bead + 1)) if a is not None]
    out = _with_beads(pair, bead, 2, (merged,))
    return _replace_all(out, _combined(out, anns, merged, at)) if anns else out


def _combined(pair: TextPair, anns: list[Annotation], bead: Bead, at: str) -> dict[str, Annotation | None]:
    """Annotations `anns` joined into one on `bead` (the oldest id kept, concepts in order,
    notes one after the other), as a map of id -> replacement (None: removed)."""
    anns = sorted(anns, key=_id_key)
    keep = anns[0]
    combined = replace(
        _retarget(pair, keep, bead, at),
        concepts=tuple(dict.fromkeys(c for a in anns for c in a.concepts)),
        note=clean_note("\n\n".join(a.note for a in anns if a.note.strip())),
        created=min((a.created for a in anns if a.created), default=keep.created),
    )
    return {keep.id: combined, **{a.id: None for a in anns[1:]}}


def _replace_all(pair: TextPair, replaced: dict[str, Annotation | None]) -> TextPair:
    out = []
    for a in pair.annotations:
        new = replaced.get(a.id, a)
        if new is not None:
            out.append(new)
    return replace(pair, annotations=tuple(out))


def split_points(bead: Bead) -> list[tuple[int, int]]:
    """Every way to split `bead` in two, as (English sentences, Indonesian sentences) kept
    in the first part: both parts hold at least one sentence."""
    total = len(bead.en) + len(bead.ind)
    return [
        (a, b)
        for a in range(len(bead.en) + 1)
        for b in range(len(bead.ind) + 1)
        if 0 < a + b < total
    ]


def split_bead(pair: TextPair, bead: int, en_first: int, ind_first: int, at: str | None = None) -> TextPair:
    """Split bead `bead` after its first `en_first` English and `ind_first` Indonesian
    sentences into two confirmed beads."""
    b = bead_at(pair, bead)
    if (en_first, ind_first) not in split_points(b):
        raise EditError(
            f"bead {bead} ({b.kind}) cannot be split after {en_first} English and {ind_first} Indonesian sentences"
        )
    at = at or utc_now()
    first = Bead(b.en[:en_first], b.ind[:ind_first], 1.0, CONFIRMED)
    second = Bead(b.en[en_first:], b.ind[ind_first:], 1.0, CONFIRMED)
    ann = bead_annotation(pair, bead)
    out = _with_beads(pair, bead, 1, (first, second))
    if ann is None:
        return out
    size = [len(out.bead_text(part, "en")) + len(out.bead_text(part, "id")) for part in (first, second)]
    target = first if size[0] >= size[1] else second
    new = _retarget(out, ann, target, at)
    return replace(out, annotations=tuple(new if a.id == ann.id else a for a in out.annotations))


def toggle_confirmed(pair: TextPair, bead: int) -> TextPair:
    """Mark bead `bead` as checked by a reader (`confirmed`), or back to `auto`.

    A confirmed bead keeps its score, so the reader can still see what the aligner
    thought; it is no longer counted as low confidence.
    """
    b = bead_at(pair, bead)
    status = AUTO if b.confirmed else CONFIRMED
    return _with_beads(pair, bead, 1, (replace(b, status=status),))


def follow_beads(pair: TextPair, at: str | None = None) -> TextPair:
    """After the beads changed (realigned), put each whole-bead annotation on the bead
    that now holds its first sentence; two landing on one bead are merged as `merge_beads`
    merges them. Phrases and detached annotations stay as they are."""
    at = at or utc_now()
    landed: dict[int, list[Annotation]] = {}
    for a in pair.annotations:
        if a.is_phrase or a.is_detached or not (a.en or a.ind):
            continue
        k = pair.bead_index("en")[a.en[0]] if a.en else pair.bead_index("id")[a.ind[0]]
        landed.setdefault(k, []).append(a)
    replaced: dict[str, Annotation | None] = {}
    for k, anns in landed.items():
        bead = pair.beads[k]
        if len(anns) == 1 and (anns[0].en, anns[0].ind) == (bead.en, bead.ind):
            continue
        replaced.update(_combined(pair, anns, bead, at))
    return _replace_all(pair, replaced) if replaced else pair
