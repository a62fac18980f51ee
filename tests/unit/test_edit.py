"""Editing annotations: pure functions over TextPair, and undo/redo."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignread.core import annotate
from alignread.core.annotate import EditError
from alignread.core.history import History
from alignread.core.model import Concept
from alignread.store.pairfile import dumps, from_data, load, loads, to_data

DATA = Path(__file__).parent.parent / "data"
T0 = "2025-01-01T00:00:00Z"
T1 = "2025-01-02T00:00:00Z"
TRUST = Concept("trust", "trust", "kepercayaan")
SPREAD = Concept("story-that-spreads", "story that spreads", "kisah yang menyebar")


@pytest.fixture(scope="module")
def base():
    pair = load(DATA / "word-of-mouth.yaml")
    return annotate.add_concept(annotate.add_concept(pair, TRUST), SPREAD)


def test_tag_bead_creates_one_annotation_with_quotes(base):
    pair = annotate.tag_bead(base, 6, ["trust"], at=T0)
    (a,) = pair.annotations
    bead = pair.beads[6]
    assert (a.id, a.en, a.ind, a.concepts, a.side) == ("a1", bead.en, bead.ind, ("trust",), None)
    assert a.quote_en == pair.bead_text(bead, "en") and a.quote_ind == pair.bead_text(bead, "id")
    assert a.created == a.modified == T0
    # Tagging again adds to the same annotation; a repeated concept is ignored.
    pair = annotate.tag_bead(pair, 6, ["story-that-spreads", "trust"], at=T1)
    (a,) = pair.annotations
    assert a.concepts == ("trust", "story-that-spreads") and (a.created, a.modified) == (T0, T1)
    assert loads(dumps(pair)) == pair


def test_untagging_the_last_concept_removes_an_empty_annotation(base):
    pair = annotate.tag_bead(base, 3, ["trust"], at=T0)
    assert annotate.untag_bead(pair, 3, "trust", at=T1).annotations == ()
    noted = annotate.set_bead_note(pair, 3, "kept", at=T1)
    assert annotate.untag_bead(noted, 3, "trust", at=T1).annotations[0].note == "kept"


def test_unknown_concept_and_bead_are_refused(base):
    with pytest.raises(EditError, match="unknown concept 'nope'"):
        annotate.tag_bead(base, 0, ["nope"])
    with pytest.raises(EditError, match="bead 999 does not exist"):
        annotate.tag_bead(base, 999, ["trust"])


def test_tag_phrase_keeps_offsets_and_quote(base):
    text = base.ind.text
    start = text.index("getok tular") if "getok tular" in text else text.index("Getok tular")
    pair = annotate.tag_phrase(base, "id", start, start + 11, ["trust"], at=T0)
    (a,) = pair.annotations
    assert (a.side, a.start, a.end, a.quote, a.quote_en) == ("id", start, start + 11, text[start : start + 11], "")
    assert a.ind == base.ind.sentences_overlapping(start, start + 11) and a.en == ()
    assert loads(dumps(pair)) == pair
    # The same span again merges; an `ind` side name is accepted too.
    again = annotate.tag_phrase(pair, "ind", start, start + 11, ["story-that-spreads"], at=T1)
    assert len(again.annotations) == 1 and again.annotations[0].concepts == ("trust", "story-that-spreads")


def test_tag_phrase_refuses_bad_spans(base):
    with pytest.raises(EditError, match="outside"):
        annotate.tag_phrase(base, "en", 10, 10_000_000, ["trust"])
    with pytest.raises(EditError, match="only spaces"):
        i = base.en.text.index(" ")
        annotate.tag_phrase(base, "en", i, i + 1, ["trust"])
    with pytest.raises(EditError, match="unknown side"):
        annotate.tag_phrase(base, "fr", 0, 3, ["trust"])


def test_notes_are_cleaned_and_empty_note_removes(base):
    pair = annotate.set_bead_note(base, 2, "\n\nFirst line   \n\n- a point  \n\n", at=T0)
    assert pair.annotations[0].note == "First line\n\n- a point"
    assert "note: |" in dumps(pair)  # multi-line notes are literal blocks
    assert annotate.set_bead_note(pair, 2, "  \n", at=T1).annotations == ()
    assert annotate.set_bead_note(pair, 2, "First line\n\n- a point", at=T1) is pair  # no change, no new value


def test_annotation_ids_stay_unique_after_removal(base):
    pair = annotate.tag_bead(base, 0, ["trust"], at=T0)
    pair = annotate.tag_bead(pair, 1, ["trust"], at=T0)
    pair = annotate.remove_annotation(pair, "a1")
    pair = annotate.tag_bead(pair, 2, ["trust"], at=T0)
    assert [a.id for a in pair.annotations] == ["a2", "a3"]
    with pytest.raises(EditError):
        annotate.remove_annotation(pair, "a1")


def test_concepts(base):
    assert annotate.slug("Story that Spreads!") == "story-that-spreads"
    assert annotate.slug("Kisah yang menyébar") == "kisah-yang-menyebar"
    assert annotate.new_concept_id(base, "Trust") == "trust-2"
    assert annotate.add_concept(base, TRUST) is base
    with pytest.raises(EditError, match="defined differently"):
        annotate.add_concept(base, Concept("trust", "faith"))
    more = annotate.ensure_concepts(base, [TRUST, Concept("reciprocity", "reciprocity", "timbal balik")])
    assert [c.id for c in more.concepts][-1] == "reciprocity" and len(more.concepts) == len(base.concepts) + 1


def test_utc_now_is_iso_utc():
    assert annotate.utc_now().endswith("Z") and annotate.utc_now()[10] == "T"


def test_history_undo_redo(base):
    h = History(base)
    assert not h.can_undo and h.undo() is h
    one = annotate.tag_bead(base, 0, ["trust"], at=T0)
    two = annotate.set_bead_note(one, 0, "x", at=T0)
    h = h.push(one).push(two)
    assert h.undo().present is one and h.undo().undo().present is base
    assert h.undo().undo().redo().redo().present is two
    branched = h.undo().push(annotate.tag_bead(one, 1, ["trust"], at=T0))
    assert not branched.can_redo and branched.undo().present is one
    assert h.push(h.present) is h
    assert len(History(base, limit=2).push(one).push(two).push(base).past) == 2


# An edit is (kind, bead, concept, text); the strategy draws sequences of them.
EDITS = st.lists(
    st.tuples(
        st.sampled_from(["tag", "untag", "note", "phrase", "remove"]),
        st.integers(min_value=0, max_value=35),
        st.sampled_from(["trust", "story-that-spreads"]),
        st.text(alphabet="ab \n", max_size=6),
    ),
    max_size=12,
)


def _apply(pair, step):
    kind, bead, concept, text = step
    if kind == "tag":
        return annotate.tag_bead(pair, bead, [concept], at=T0)
    if kind == "untag":
        return annotate.untag_bead(pair, bead, concept, at=T1)
    if kind == "note":
        return annotate.set_bead_note(pair, bead, text, at=T1)
    if kind == "phrase":
        s = (pair.en.sentences[pair.beads[bead].en[0]] if pair.beads[bead].en
             else pair.ind.sentences[pair.beads[bead].ind[0]])
        side = "en" if pair.beads[bead].en else "id"
        return annotate.tag_phrase(pair, side, s.start, s.start + max(1, min(5, s.end - s.start)), [concept], at=T0)
    if pair.annotations:
        return annotate.remove_annotation(pair, pair.annotations[bead % len(pair.annotations)].id)
    return pair


@settings(max_examples=60, deadline=None)
@given(EDITS)
def test_undo_after_any_edits_restores_the_original_and_redo_the_result(base, steps):
    h = History(base)
    for step in steps:
        h = h.push(_apply(h.present, step))
    final = h.present
    ids = [a.id for a in final.annotations]
    assert len(ids) == len(set(ids))
    assert from_data(to_data(final), "final") == final  # the result is a valid file (validation without YAML)
    while h.can_undo:
        h = h.undo()
    assert h.present == base
    while h.can_redo:
        h = h.redo()
    assert h.present == final
