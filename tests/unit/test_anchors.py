"""Confirmed beads survive realignment (alignread.align.anchors)."""

from __future__ import annotations

import pytest

from alignread.align.aligner import DEFAULT
from alignread.align.anchors import confirmed_anchors, keep_confirmed
from alignread.core import correct
from alignread.workflows.build import build_pair
from tests.paths import CORPORA


@pytest.fixture(scope="module")
def texts():
    return ((CORPORA / "persuasion.en.txt").read_text(encoding="utf-8"),
            (CORPORA / "persuasion.id.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def fresh(texts):
    return build_pair(*texts)


def _shape(pair):
    return [(b.en, b.ind) for b in pair.beads]


def _covers(pair):
    assert [i for b in pair.beads for i in b.en] == list(range(len(pair.en.sentences)))
    assert [j for b in pair.beads for j in b.ind] == list(range(len(pair.ind.sentences)))


def test_a_merged_and_a_split_bead_survive_aligning_the_same_texts_again(fresh):
    edited = correct.merge_beads(fresh, 4)
    k = next(k for k, b in enumerate(edited.beads) if k > 8 and len(b.en) + len(b.ind) >= 2)
    edited = correct.split_bead(edited, k, *correct.split_points(edited.beads[k])[0])
    kept = keep_confirmed(edited, fresh, DEFAULT)
    assert _shape(kept) == _shape(edited)
    assert [b for b in kept.beads if b.status == "confirmed"] == [b for b in edited.beads if b.status == "confirmed"]
    _covers(kept)


def test_a_confirmed_bead_survives_an_edit_elsewhere_in_the_texts(texts, fresh):
    edited = correct.merge_beads(fresh, 4)
    merged = edited.beads[4]
    # The last paragraph gains a sentence on each side: sentence ids before it stay.
    en, ind = texts
    again = build_pair(en.rstrip() + " One more closing line.\n", ind.rstrip() + " Satu baris penutup lagi.\n")
    assert again.beads[4] != merged
    kept = keep_confirmed(edited, again, DEFAULT)
    assert kept.beads[4] == merged
    _covers(kept)
    assert len(kept.en.sentences) == len(fresh.en.sentences) + 1


def test_a_confirmed_one_sided_bead_is_kept_in_its_place(fresh):
    k = next(k for k, b in enumerate(fresh.beads) if len(b.en) == 1 and len(b.ind) == 1 and k > 3)
    edited = correct.split_bead(fresh, k, 1, 0)  # the translation "does not match": 1-0 and 0-1
    kept = keep_confirmed(edited, fresh, DEFAULT)
    assert [b.kind for b in kept.beads[k:k + 2]] == ["1-0", "0-1"]
    assert _shape(kept) == _shape(edited)


def test_a_confirmed_bead_whose_sentences_changed_is_not_forced(texts, fresh):
    edited = correct.merge_beads(fresh, 4)
    en, ind = texts
    first = fresh.en.sentences[fresh.beads[4].en[0]].text
    changed = build_pair(en.replace(first, first.rstrip(".") + ", as everyone knows."), ind)
    assert confirmed_anchors(edited, changed) == []
    assert keep_confirmed(edited, changed, DEFAULT) is changed


def test_without_an_aligner_the_new_beads_are_cut_around_the_anchors(fresh):
    edited = correct.merge_beads(fresh, 4)
    kept = keep_confirmed(edited, fresh, None)
    assert kept.beads[4] == edited.beads[4]
    _covers(kept)


def test_realigning_around_a_confirmed_bead_puts_the_beads_after_it_right(fresh):
    from dataclasses import replace

    from alignread.align.anchors import realign_around_confirmed
    from alignread.core.model import Bead

    k = next(k for k in range(5, len(fresh.beads) - 8) if all(b.kind == "1-1" for b in fresh.beads[k:k + 8]))
    e = [fresh.beads[j].en[0] for j in range(k, k + 8)]
    i = [fresh.beads[j].ind[0] for j in range(k, k + 8)]
    # A reader confirmed bead k; after it the beads are off by one sentence.
    shifted = [Bead((e[0],), (i[0],), 1.0, "confirmed"), Bead((e[1],), (), 0.3)]
    shifted += [Bead((e[j + 1],), (i[j],), 0.3) for j in range(1, 7)] + [Bead((), (i[7],), 0.3)]
    bad = replace(fresh, beads=fresh.beads[:k] + tuple(shifted) + fresh.beads[k + 8:])
    _covers(bad)
    good = realign_around_confirmed(bad, DEFAULT)
    _covers(good)
    assert _shape(good) == _shape(fresh)
    assert good.beads[k].status == "confirmed"


def test_bead_annotations_follow_their_sentences_into_new_beads(fresh):
    from dataclasses import replace

    from alignread.core import annotate

    pair = annotate.add_concept(fresh, annotate.Concept("trust", "trust", "kepercayaan"))
    pair = annotate.tag_bead(pair, 6, ["trust"])
    pair = annotate.set_bead_note(pair, 7, "second")
    merged = correct.merge_beads(pair, 6)  # one annotation on the merged bead 6
    # Realigned, the two beads come back: the annotation goes with its first sentence.
    moved = correct.follow_beads(replace(merged, beads=pair.beads))
    (whole,) = moved.annotations
    assert (whole.en, whole.ind) == (pair.beads[6].en, pair.beads[6].ind)
    assert whole.concepts == ("trust",) and whole.note == "second"
    assert whole.quote_en == pair.bead_text(pair.beads[6], "en")
    # Two annotations landing on one bead are merged.
    again = correct.follow_beads(replace(pair, beads=merged.beads))
    (one,) = again.annotations
    assert (one.en, one.ind) == (merged.beads[6].en, merged.beads[6].ind) and one.note == "second"
