"""Keeping the beads a reader confirmed when the texts are aligned again.

A bead a reader merged, split or checked is `confirmed` (`alignread.core.correct`).
Aligning the same texts again (`alignread align` over the file, `alignread batch` after
an input or a setting changed) must not undo that work. Each confirmed bead is found in
the new sentences by the text of its own sentences (an unchanged sentence keeps its
text, wherever it moved); those found become anchors, kept as they are, and only the
stretches between anchors are aligned afresh. A confirmed bead whose sentences changed
is not an anchor: the aligner decides there again, and the bead's annotations are
re-attached through their quotes as for any other bead (`alignread.core.reattach`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from alignread.align.aligner import AlignerConfig, align_sentence_objects
from alignread.core.model import CONFIRMED, Bead, TextPair
from alignread.core.reattach import sentence_map

Anchor = tuple[int, int, int, int]  # English [lo, hi), Indonesian [lo, hi) in the new sentences


def _side_range(ids: tuple[int, ...], mapping: list[int | None], before: int) -> tuple[int, int] | None:
    """Where sentences `ids` (or, for none, the place after old sentence `before`) are now."""
    if not ids:
        if before < 0:
            return (0, 0)
        at = mapping[before]
        return None if at is None else (at + 1, at + 1)
    new = [mapping[i] for i in ids]
    first = new[0]
    if first is None or new != list(range(first, first + len(new))):
        return None  # a sentence changed, or they are no longer consecutive
    return (first, first + len(new))


def confirmed_anchors(old: TextPair, new: TextPair) -> list[tuple[Anchor, Bead]]:
    """The confirmed beads of `old` located among `new`'s sentences, in order, with the
    old bead (for its score)."""
    en_map, ind_map = sentence_map(old.en, new.en), sentence_map(old.ind, new.ind)
    out: list[tuple[Anchor, Bead]] = []
    last_en = last_ind = -1  # the last old sentence ids before the current bead
    end_en = end_ind = 0  # where the previous anchor ends in the new sentences
    for bead in old.beads:
        if bead.confirmed:
            en = _side_range(bead.en, en_map, last_en)
            ind = _side_range(bead.ind, ind_map, last_ind)
            if en is not None and ind is not None and en[0] >= end_en and ind[0] >= end_ind:
                out.append(((en[0], en[1], ind[0], ind[1]), bead))
                end_en, end_ind = en[1], ind[1]
        if bead.en:
            last_en = bead.en[-1]
        if bead.ind:
            last_ind = bead.ind[-1]
    return out


def keep_confirmed(old: TextPair, new: TextPair, config: AlignerConfig | None) -> TextPair:
    """`new` with the confirmed beads of `old` kept, the rest aligned around them.

    With `config` the stretches between anchors are aligned again; without (a one-file
    essay, whose beads follow its layout) `new`'s own beads are cut to the stretches.
    """
    anchors = confirmed_anchors(old, new)
    if not anchors:
        return new
    wanted = {(tuple(range(a[0], a[1])), tuple(range(a[2], a[3]))): b for a, b in anchors}
    present = {(b.en, b.ind) for b in new.beads}
    if all(key in present for key in wanted):
        beads = tuple(_confirmed(b, wanted[(b.en, b.ind)]) if (b.en, b.ind) in wanted else b for b in new.beads)
        return replace(new, beads=beads)
    kept = [(a, Bead(tuple(range(a[0], a[1])), tuple(range(a[2], a[3])), b.score, CONFIRMED)) for a, b in anchors]
    return _around(new, kept, config)


def realign_around_confirmed(pair: TextPair, config: AlignerConfig) -> TextPair:
    """Align anew every stretch of `pair` between its confirmed beads (the reader's `R`):
    after a reader has put a few beads right, the beads around them follow."""
    anchors = []
    en_at = ind_at = 0  # beads cover every sentence in order: where bead k starts
    for b in pair.beads:
        if b.confirmed:
            anchors.append(((en_at, en_at + len(b.en), ind_at, ind_at + len(b.ind)), b))
        en_at, ind_at = en_at + len(b.en), ind_at + len(b.ind)
    return _around(pair, anchors, config)


def _around(pair: TextPair, anchors: list[tuple[Anchor, Bead]], config: AlignerConfig | None) -> TextPair:
    """`pair` with the anchor beads in place and the stretches between them aligned."""
    beads: list[Bead] = []
    en_at = ind_at = 0
    for (en_lo, en_hi, ind_lo, ind_hi), bead in anchors:
        beads.extend(_stretch(pair, en_at, en_lo, ind_at, ind_lo, config))
        beads.append(bead)
        en_at, ind_at = en_hi, ind_hi
    beads.extend(_stretch(pair, en_at, len(pair.en.sentences), ind_at, len(pair.ind.sentences), config))
    return replace(pair, beads=tuple(beads))


def _confirmed(new: Bead, old: Bead) -> Bead:
    return replace(new, score=old.score, status=CONFIRMED)


def _stretch(
    pair: TextPair, en_lo: int, en_hi: int, ind_lo: int, ind_hi: int, config: AlignerConfig | None
) -> Sequence[Bead]:
    """Beads for the sentences between two anchors, numbered as in `pair`."""
    if en_lo == en_hi and ind_lo == ind_hi:
        return []
    if config is None:
        out: list[Bead] = []
        for b in pair.beads:
            en = tuple(i for i in b.en if en_lo <= i < en_hi)
            ind = tuple(j for j in b.ind if ind_lo <= j < ind_hi)
            if en or ind:
                out.append(Bead(en, ind, b.score if (en, ind) == (b.en, b.ind) else min(b.score, 0.5), b.status))
        return out
    en_sents = pair.en.sentences[en_lo:en_hi]
    ind_sents = pair.ind.sentences[ind_lo:ind_hi]
    found = align_sentence_objects(en_sents, ind_sents, config)
    return [Bead(tuple(i + en_lo for i in b.en), tuple(j + ind_lo for j in b.ind), b.score, b.status) for b in found]
