"""Searching both languages with lemmas, and finding beads worth a look."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignread.core import annotate, find
from alignread.core.model import Bead, Concept, TextPair
from tests.texts import make_text

DATA = Path(__file__).parent.parent / "data"
T0 = "2025-01-01T00:00:00Z"


@pytest.fixture(scope="module")
def small():
    en = make_text("en", [["The story spreads fast.", "Nobody planned it.", "Stories spread."]])
    ind = make_text("id", [["Kisah itu menyebar cepat.", "Tidak ada yang merencanakannya.", "Kabar tersebar.",
                            "Sebarkan!"]])
    beads = (Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.3), Bead((2,), (2,), 0.8), Bead((), (3,), 0.5))
    return TextPair(en, ind, beads=beads)


@pytest.fixture(scope="module")
def wom():
    from alignread.store.pairfile import load

    return load(DATA / "word-of-mouth.yaml")


def quotes(pair, hits):
    return [(h.bead, h.side, pair.side(h.side).text[h.start : h.end]) for h in hits]


def test_lemmas_find_other_forms_in_both_languages(small):
    assert quotes(small, find.search(small, "spreads")) == [(0, "en", "spreads"), (2, "en", "spread")]
    # menyebar -> sebar, tersebar -> sebar: the Indonesian table links them.
    found = quotes(small, find.search(small, "menyebar"))
    assert (0, "id", "menyebar") in found and (2, "id", "tersebar") in found
    assert quotes(small, find.search(small, "SEBAR"))[:2] == [(0, "id", "menyebar"), (2, "id", "tersebar")]


def test_phrases_match_consecutive_words(small, wom):
    assert quotes(small, find.search(small, "story spreads")) == [(0, "en", "story spreads"),
                                                                  (2, "en", "Stories spread")]
    assert quotes(wom, find.search(wom, "word of mouth")) == [(6, "en", "Word of mouth")]
    assert [q[2] for q in quotes(wom, find.search(wom, "getok tular"))] == ["Getok tular", "Getok tular"]
    assert find.search(small, "  ...  ") == ()


def test_hits_are_in_bead_order_english_first(wom):
    hits = find.search(wom, "story kisah")
    assert hits == ()
    hits = find.search(wom, "story") + find.search(wom, "kisah")
    both = find.search(wom, "menyebar")
    assert all(h.side == "id" for h in both)
    keys = [(h.bead, h.side != "en", h.start) for h in find.search(wom, "story")]
    assert keys == sorted(keys) and hits


def test_index_is_reusable(wom):
    index = find.SearchIndex.build(wom)
    assert find.search(wom, "trust", index) == find.search(wom, "trust")


def test_beads_worth_a_look(small):
    assert find.low_confidence_beads(small) == (1, 3)  # under LOW_CONFIDENCE (0.8); 0.8 itself is not
    assert find.low_confidence_beads(small, 0.85) == (1, 2, 3)
    assert find.next_in([1, 5, 9], 5) == 9 and find.next_in([1, 5, 9], 9) == 1
    assert find.next_in([1, 5, 9], 9, wrap=False) is None
    assert find.next_in([1, 5, 9], 1, forward=False) == 9 and find.next_in([1, 5, 9], 6, forward=False) == 5
    assert find.next_in([], 3) is None


def test_concept_occurrences_and_counts(wom):
    pair = annotate.add_concept(wom, Concept("trust", "trust", "kepercayaan"))
    pair = annotate.add_concept(pair, Concept("idle", "idle"))
    pair = annotate.tag_bead(pair, 9, ["trust"], at=T0)
    start = pair.en.text.index("borrows trust")
    pair = annotate.tag_phrase(pair, "en", start, start + 13, ["trust"], at=T0)
    occ = find.occurrences(pair, "trust")
    assert [(o.bead, o.annotation.is_phrase) for o in occ] == [(6, True), (9, False)]
    assert find.concept_counts(pair) == {"trust": 2, "idle": 0}
    assert find.annotated_beads(pair) == (6, 9)
    assert set(find.annotations_by_bead(pair)) == {6, 9}


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["the", "a", "story", "kisah", "yang", "it", "di", "tidak"]))
def test_every_hit_is_a_word_of_its_side_in_its_bead(wom, word):
    for h in find.search(wom, word):
        sentence = wom.side(h.side).sentence_at(h.start)
        assert sentence is not None and wom.bead_of(h.side, sentence.index) == h.bead
        assert h.end <= sentence.end


def test_the_bead_index_covers_every_sentence(wom):
    for k, b in enumerate(wom.beads):
        assert all(wom.bead_of("en", s) == k for s in b.en) and all(wom.bead_of("id", s) == k for s in b.ind)
    assert len(wom.bead_index("en")) == len(wom.en.sentences) and -1 not in wom.bead_index("id")


def test_low_confidence_uses_the_named_threshold(wom):
    low = replace(wom, beads=tuple(replace(b, score=0.2) if k == 4 else b for k, b in enumerate(wom.beads)))
    assert find.low_confidence_beads(low) == (4,)
