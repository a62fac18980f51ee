"""Correcting an alignment by hand (alignread.core.beadedit)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alignread.core import annotate, correct
from alignread.core.find import low_confidence_beads
from alignread.core.model import Bead, Concept, TextPair
from alignread.formats.side_by_side import side_by_side
from alignread.store.pairfile import dumps, loads
from tests.texts import make_text

AT = "2026-01-02T03:04:05Z"


def _pair(beads: list[tuple[tuple[int, ...], tuple[int, ...]]], score: float = 0.5) -> TextPair:
    n = max((max(e) for e, _ in beads if e), default=-1) + 1
    m = max((max(i) for _, i in beads if i), default=-1) + 1
    en = make_text("en", [[f"English sentence {k}." for k in range(n)]])
    ind = make_text("id", [[f"Kalimat Indonesia {k}." for k in range(m)]])
    concepts = (Concept("trust", "trust", "kepercayaan"), Concept("story", "story", "kisah"))
    return TextPair(en, ind, beads=tuple(Bead(e, i, score) for e, i in beads), concepts=concepts)


def test_merging_two_beads_joins_them_and_their_annotations():
    pair = _pair([((0,), (0,)), ((1,), ()), ((2,), (1,))])
    pair = annotate.tag_bead(pair, 0, ["trust"], at=AT)
    pair = annotate.set_bead_note(pair, 0, "first note", at=AT)
    pair = annotate.tag_bead(pair, 1, ["story", "trust"], at=AT)
    pair = annotate.set_bead_note(pair, 1, "second note", at=AT)
    pair = annotate.tag_phrase(pair, "en", 0, 7, ["story"], at=AT)
    merged = correct.merge_beads(pair, 0, at="2026-02-02T00:00:00Z")
    assert [(b.en, b.ind, b.status, b.score) for b in merged.beads] == [
        ((0, 1), (0,), "confirmed", 1.0), ((2,), (1,), "auto", 0.5)
    ]
    whole = annotate.bead_annotation(merged, 0)
    assert whole is not None and whole.id == "a1"
    assert whole.concepts == ("trust", "story")
    assert whole.note == "first note\n\nsecond note"
    assert whole.quote_en == "English sentence 0. English sentence 1." and whole.quote_ind == "Kalimat Indonesia 0."
    assert whole.created == AT and whole.modified == "2026-02-02T00:00:00Z"
    # The phrase stays where it was; nothing else is left over.
    assert [a.id for a in merged.annotations] == ["a1", "a3"]


def test_the_last_bead_cannot_be_merged_with_a_next_one():
    pair = _pair([((0,), (0,))])
    with pytest.raises(annotate.EditError):
        correct.merge_beads(pair, 0)


def test_split_points_leave_a_sentence_in_each_part():
    assert correct.split_points(Bead((0,), (0,))) == [(0, 1), (1, 0)]
    assert correct.split_points(Bead((0, 1), (0,))) == [(0, 1), (1, 0), (1, 1), (2, 0)]
    assert correct.split_points(Bead((0,), ())) == []


def test_splitting_a_bead_keeps_its_annotation_on_the_larger_part():
    pair = _pair([((0, 1, 2), (0,)), ((3,), (1,))])
    pair = annotate.tag_bead(pair, 0, ["trust"], at=AT)
    split = correct.split_bead(pair, 0, 1, 0, at=AT)
    assert [(b.en, b.ind, b.status) for b in split.beads] == [
        ((0,), (), "confirmed"), ((1, 2), (0,), "confirmed"), ((3,), (1,), "auto")
    ]
    (a,) = split.annotations
    # The second part holds more of the bead's text than the first.
    assert (a.en, a.ind, a.concepts) == ((1, 2), (0,), ("trust",))
    assert a.quote_en == "English sentence 1. English sentence 2." and a.quote_ind == "Kalimat Indonesia 0."


def test_a_split_that_leaves_a_part_empty_is_refused():
    pair = _pair([((0, 1), (0,))])
    with pytest.raises(annotate.EditError):
        correct.split_bead(pair, 0, 0, 0)
    with pytest.raises(annotate.EditError):
        correct.split_bead(pair, 0, 2, 1)


def test_a_confirmed_bead_is_no_longer_low_confidence():
    pair = _pair([((0,), (0,)), ((1,), (1,))], score=0.3)
    assert low_confidence_beads(pair) == (0, 1)
    confirmed = correct.toggle_confirmed(pair, 1)
    assert confirmed.beads[1].status == "confirmed" and confirmed.beads[1].score == 0.3
    assert low_confidence_beads(confirmed) == (0,)
    lines = side_by_side(confirmed).splitlines()
    assert sum("?" in line[:12] for line in lines) == 1
    assert sum("✓" in line[:12] for line in lines) == 1
    assert correct.toggle_confirmed(confirmed, 1).beads[1].status == "auto"


def test_edited_beads_survive_the_file_round_trip():
    pair = correct.split_bead(_pair([((0, 1), (0, 1))]), 0, 1, 1, at=AT)
    text = dumps(pair)
    again = loads(text, "x.yaml")
    assert again.beads == pair.beads and dumps(again) == text


@given(st.data())
def test_any_sequence_of_merges_and_splits_keeps_every_sentence_once_in_order(data):
    n = data.draw(st.integers(1, 6))
    pair = _pair([((k,), (k,)) for k in range(n)])
    for _ in range(data.draw(st.integers(1, 8))):
        k = data.draw(st.integers(0, len(pair.beads) - 1))
        if data.draw(st.booleans()) and k + 1 < len(pair.beads):
            pair = correct.merge_beads(pair, k, at=AT)
        else:
            points = correct.split_points(pair.beads[k])
            if points:
                pair = correct.split_bead(pair, k, *data.draw(st.sampled_from(points)), at=AT)
    assert [i for b in pair.beads for i in b.en] == list(range(n))
    assert [i for b in pair.beads for i in b.ind] == list(range(n))
    assert all(b.en or b.ind for b in pair.beads)
