"""Beads of any shape (alignread.align.refine): long 1-n and n-1 beads, a moved sentence,
and what their confidence says."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest

from alignread.align.aligner import DEFAULT, align_sentences
from alignread.align.refine import (
    EXTRA_SENTENCE,
    WITH_NEIGHBOURS,
    loosely_doubtful,
    search_window,
    shape_prior,
    window_posteriors,
    without_evidence_floor,
)
from tests.texts import CLAUSES, joined, sentence

OPENING = ("The village woke up early.", "Desa itu bangun pagi-pagi.")
CLOSING = ("Everyone went home at night.", "Semua orang pulang pada malam hari.")


def _long_bead(n: int, long_side: str = "en") -> tuple[list[str], list[str]]:
    """A sentence of `n` clauses on one side, the same clauses as `n` sentences on the other."""
    en_clauses, id_clauses = [c[0] for c in CLAUSES[:n]], [c[1] for c in CLAUSES[:n]]
    if long_side == "en":
        middle_en, middle_id = [joined(en_clauses)], [sentence(c) for c in id_clauses]
    else:
        middle_en, middle_id = [sentence(c) for c in en_clauses], [joined(id_clauses)]
    return [OPENING[0], *middle_en, CLOSING[0]], [OPENING[1], *middle_id, CLOSING[1]]


def _pairs(beads):
    return [(b.en, b.ind) for b in beads]


def test_a_sentence_the_other_side_says_in_twelve_is_one_1_12_bead():
    en, ind = _long_bead(12)
    beads = align_sentences(en, ind)
    assert _pairs(beads) == [((0,), (0,)), ((1,), tuple(range(1, 13))), ((2,), (13,))]
    # The bead search alone, with beads up to 1-3, leaves most of the twelve one-sided.
    alone = align_sentences(en, ind, replace(DEFAULT, joint=False))
    assert sum(1 for b in alone if not b.en) >= 9
    # Clear evidence: a confident bead.
    assert beads[1].score >= 0.9


def test_twelve_sentences_the_other_side_says_in_one_are_one_12_1_bead():
    en, ind = _long_bead(12, long_side="id")
    assert _pairs(align_sentences(en, ind))[1] == (tuple(range(1, 13)), (1,))


def test_a_long_bead_does_not_swallow_an_unrelated_sentence_beside_it():
    en, ind = _long_bead(6)
    ind.insert(7, "Harga saham naik tiga persen kemarin.")  # after the six: not in the English
    beads = _pairs(align_sentences(en, ind))
    assert ((1,), tuple(range(1, 7))) in beads
    assert ((), (7,)) in beads


def test_a_moved_sentence_does_not_shift_the_pairing_of_its_neighbours():
    # The translator moved the third sentence before the second: the two form one 2-2
    # bead, and the sentences around them keep their partners.
    picks = CLAUSES[:6]
    en = [sentence(c[0]) for c in picks]
    order = [0, 2, 1, 3, 4, 5]
    ind = [sentence(picks[k][1]) for k in order]
    beads = _pairs(align_sentences(en, ind))
    assert ((1, 2), (1, 2)) in beads
    for k in (0, 3, 4, 5):
        assert ((k,), (k,)) in beads


def test_the_shape_prior_extends_the_bead_searchs_table():
    params = DEFAULT.params
    table = dict(params.priors)
    se = np.array([1, 2, 1, 2, 3, 1, 1, 4, 3])
    si = np.array([1, 1, 2, 2, 1, 3, 12, 1, 3])
    got = shape_prior(params, se, si)
    for a, b, cost in zip(se, si, got):
        if (a, b) in table:
            assert cost == table[(a, b)]
    # Beyond the table: EXTRA_SENTENCE a sentence past the first on either side, less one
    # for each past the first on the shorter side.
    assert got[6] == pytest.approx(EXTRA_SENTENCE * 11)
    assert got[7] == pytest.approx(EXTRA_SENTENCE * 3)
    assert got[8] == pytest.approx(EXTRA_SENTENCE * 4 - 2)
    # In a loose translation 1-n and n-1 beads cost less, a 2-2 does not.
    assert shape_prior(params, se, si, 0.5)[6] == pytest.approx(got[6] / 2)
    assert shape_prior(params, se, si, 0.5)[3] == got[3]


def window_costs(pieces: int, two_sided: float) -> np.ndarray:
    """`cost[a0, a1, b0, b1]` of a window of `pieces` pieces a side: 2.5 a piece left
    unpaired, `two_sided` for any two-sided bead, infinite for the empty one."""
    cost = np.full((pieces + 1,) * 4, 1e30)
    for a0 in range(pieces + 1):
        for a1 in range(a0, pieces + 1):
            for b0 in range(pieces + 1):
                for b1 in range(b0, pieces + 1):
                    if (a1, b1) != (a0, b0):
                        cost[a0, a1, b0, b1] = 2.5 * ((a1 - a0) + (b1 - b0)) if a1 == a0 or b1 == b0 else two_sided
    return cost


def test_the_window_search_finds_the_cheapest_path_and_its_posteriors_add_up():
    # Two pieces a side; beads 1-1 twice are cheap, a 2-2 is dear, one-sided beads dearer.
    cost = window_costs(2, two_sided=4.0)
    cost[0, 1, 0, 1] = cost[1, 2, 1, 2] = -3.0
    path = search_window(cost)
    assert path == [(0, 1, 0, 1), (1, 2, 1, 2)]
    post = window_posteriors(cost, path, 1.0)
    assert all(0.9 < p <= 1.0 for p in post)
    # A rival almost as cheap takes its share of the mass.
    cost[0, 2, 0, 2] = -5.9
    post = window_posteriors(cost, search_window(cost), 1.0)
    assert all(0.4 < p < 0.6 for p in post)


def test_a_pair_sharing_no_word_costs_at_least_its_sentences_left_out():
    cost = np.array([0.5, 0.5, 7.0, 0.0])
    matched = np.array([0.0, 1.2, 0.0, 0.0])
    total = np.array([3.0, 3.0, 3.0, 0.0])
    unpaired = np.full(4, 5.0)
    # No word in common: as dear as both sides unpaired; one word in common, a pair dearer
    # than that already, or a bead with nothing to match (`***` beside `***`): as they were.
    assert without_evidence_floor(cost, matched, total, unpaired).tolist() == [5.0, 0.5, 7.0, 0.0]


def test_a_window_then_prefers_the_longer_beads_the_words_ask_for():
    # English pieces: A, then B (short), then C; Indonesian: A' (saying A and B), D (a part
    # of C's translation), C'. Right: AB-A' and C-DC'. Paired by length alone, B beside D
    # costs so little that A-A', B-D, C-C' is cheaper.
    cost = window_costs(3, two_sided=9.0)
    cost[0, 1, 0, 1] = -1.0  # A-A'
    cost[0, 2, 0, 1] = -0.5  # AB-A'
    cost[1, 2, 1, 2] = 0.5  # B-D: no word shared
    cost[2, 3, 2, 3] = -2.0  # C-C'
    cost[2, 3, 1, 3] = 0.0  # C-DC'
    matched = np.ones_like(cost)
    matched[1, 2, 1, 2] = 0.0
    assert search_window(cost) == [(0, 1, 0, 1), (1, 2, 1, 2), (2, 3, 2, 3)]
    floored = without_evidence_floor(cost, matched, np.ones_like(cost), np.full_like(cost, 5.0))
    assert search_window(floored) == [(0, 2, 0, 1), (2, 3, 1, 3)]


def test_in_a_loose_translation_a_pair_sharing_no_word_is_solved_again_with_its_neighbours():
    beads = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))]
    doubtful = [0, 0, 0, 1]
    confidence = [0.99, 0.95, 0.97, 0.99]
    similarity = [0.6, 0.0, 0.0, 0.5]
    # The sure pair stays as it was; the pair of no shared word is solved again with its
    # neighbours, though its confidence is high; the one-sided bead and the bead already
    # doubtful alone keep what `_doubtful` said of them.
    assert loosely_doubtful(beads, doubtful, confidence, similarity) == [0, WITH_NEIGHBOURS, 0, 1]
    # Unsure beads too, whatever their words.
    assert loosely_doubtful(beads, doubtful, [0.5, 0.95, 0.97, 0.99], similarity)[0] == WITH_NEIGHBOURS


def _documents(seed: int, count: int):
    """Documents of the clauses above, mostly 1-1, with now and then a long 1-n or n-1."""
    rng = random.Random(seed)
    for _ in range(count):
        en: list[str] = []
        ind: list[str] = []
        gold = []
        deck = rng.sample(CLAUSES, len(CLAUSES))  # each clause once in a document
        while deck:
            k = min(rng.choice([1] * 8 + [4, 6, 9, 12]), len(deck))
            picks, deck = deck[:k], deck[k:]
            if k == 1 or rng.random() < 0.5:
                gold.append(((len(en),), tuple(range(len(ind), len(ind) + k))))
                en.append(joined([c[0] for c in picks]))
                ind.extend(sentence(c[1]) for c in picks)
            else:
                gold.append((tuple(range(len(en), len(en) + k)), (len(ind),)))
                ind.append(joined([c[1] for c in picks]))
                en.extend(sentence(c[0]) for c in picks)
        yield en, ind, gold


def test_long_beads_are_mostly_right_and_their_confidence_says_how_often():
    scored = []
    for en, ind, gold in _documents(seed=5, count=12):
        for b in align_sentences(en, ind):
            if max(len(b.en), len(b.ind)) >= 4:
                scored.append((b.score, (b.en, b.ind) in gold))
    assert len(scored) >= 15
    right = sum(ok for _, ok in scored) / len(scored)
    assert right >= 0.8
    # Calibrated: the average confidence is close to the share right.
    mean = sum(score for score, _ in scored) / len(scored)
    assert abs(mean - right) <= 0.1
