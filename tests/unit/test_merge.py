"""Three-way merges of two versions of one document (alignread.core.merge)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from alignread.core import annotate, correct
from alignread.core.merge import merge
from alignread.core.model import Concept
from alignread.store import pairfile
from alignread.workflows.build import align_texts
from tests.paths import ROOT
from tests.texts import make_text

NOW = "2025-01-01T09:00:00Z"
TRUST = Concept("trust", "trust", "kepercayaan")
STORY = Concept("story", "a story that spreads", "kisah yang menyebar")


@pytest.fixture(scope="module")
def base():
    pair = pairfile.load(ROOT / "tests" / "data" / "word-of-mouth.yaml")
    pair = annotate.add_concept(annotate.add_concept(pair, TRUST), STORY)
    return annotate.tag_bead(pair, 2, ["trust"], at=NOW)


def test_my_new_tag_lands_on_their_realigned_text(base):
    mine = annotate.tag_bead(base, 6, ["story"], at=NOW)
    # Theirs: the texts realigned after an edit (a sentence added at the start).
    en = make_text("en", [["A line written later."], *[[s.text] for s in base.en.sentences]])
    ind = make_text("id", [["Baris yang ditulis kemudian."], *[[s.text] for s in base.ind.sentences]])
    theirs = align_texts(en, ind)
    theirs = replace(theirs, concepts=base.concepts, annotations=tuple(
        replace(a, en=tuple(i + 1 for i in a.en), ind=tuple(i + 1 for i in a.ind)) for a in base.annotations))
    merged = merge(base, mine, theirs)
    assert merged is not None and merged.en is theirs.en and merged.beads is theirs.beads
    new = [a for a in merged.annotations if "story" in a.concepts]
    assert len(new) == 1 and new[0].quote_en == mine.annotations[-1].quote_en
    assert merged.en.sentences[new[0].en[0]].text == base.en.sentences[6].text  # found by its quote
    assert [a.id for a in merged.annotations].count(new[0].id) == 1


def test_both_sides_tagging_different_beads_keep_both(base):
    mine = annotate.tag_bead(base, 6, ["story"], at=NOW)
    theirs = annotate.set_bead_note(base, 8, "their note", at=NOW)
    merged = merge(base, mine, theirs)
    assert merged is not None
    notes = {a.note for a in merged.annotations}
    assert "their note" in notes and any("story" in a.concepts for a in merged.annotations)
    ids = [a.id for a in merged.annotations]
    assert len(ids) == len(set(ids)) == len(base.annotations) + 2  # both new ones, ids made unique


def test_the_same_annotation_changed_differently_is_a_conflict(base):
    mine = annotate.set_bead_note(base, 2, "mine", at=NOW)
    theirs = annotate.set_bead_note(base, 2, "theirs", at=NOW)
    assert merge(base, mine, theirs) is None
    same = annotate.set_bead_note(base, 2, "mine", at=NOW)
    assert merge(base, mine, same) is not None  # the same change on both sides is no conflict


def test_a_removal_merges_unless_the_other_side_changed_it(base):
    (trust,) = base.annotations
    mine = annotate.remove_annotation(base, trust.id)
    theirs = annotate.set_bead_note(base, 8, "their note", at=NOW)
    merged = merge(base, mine, theirs)
    assert merged is not None and trust.id not in {a.id for a in merged.annotations}
    changed = annotate.set_bead_note(base, 2, "kept on", at=NOW)
    assert merge(base, mine, changed) is None


def test_my_merged_beads_take_their_annotation_changes(base):
    mine = correct.merge_beads(base, 4, at=NOW)
    theirs = annotate.tag_bead(base, 8, ["story"], at=NOW)
    merged = merge(base, mine, theirs)
    assert merged is not None and merged.beads is mine.beads
    assert any("story" in a.concepts for a in merged.annotations)


def test_both_sides_changed_the_beads_do_not_merge(base):
    assert merge(base, correct.merge_beads(base, 4, at=NOW), correct.merge_beads(base, 10, at=NOW)) is None


def test_concepts_from_both_sides_are_kept(base):
    mine = annotate.add_concept(base, Concept("mine", "mine"))
    theirs = annotate.add_concept(base, Concept("theirs", "theirs"))
    merged = merge(base, mine, theirs)
    assert merged is not None and {"mine", "theirs", "trust", "story"} <= {c.id for c in merged.concepts}
