"""Strict and lax precision/recall against values computed by hand (Vecalign's definitions)."""

from __future__ import annotations

import pytest

from alignread.align.metrics import (
    Counts,
    UnitCounts,
    document_counts,
    precision_counts,
    score_documents,
    unit_counts,
    unit_scores,
)


def test_perfect_alignment():
    gold = [((0,), (0,)), ((1, 2), (1,)), ((3,), ())]
    s = score_documents([(gold, gold)])
    assert (s.precision_strict, s.recall_strict, s.f1_strict) == (1.0, 1.0, 1.0)
    assert (s.precision_lax, s.recall_lax, s.f1_lax) == (1.0, 1.0, 1.0)


def test_hand_computed_example():
    gold = [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((), (2,)), ((4,), (3,))]
    test = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4,), (3,))]
    p, r = document_counts(gold, test)
    # Precision over 5 test beads: (0)-(0) and (4)-(3) strict; (1)-(1) lax (1 is linked
    # to 1 in the gold); (2)-() is a deletion not in the gold: not even lax; (3)-(2): 3 is
    # deleted in the gold, so no link: not lax.
    assert p == Counts(tp_strict=2, fp_strict=3, tp_lax=3, fp_lax=2)
    # Recall: the gold's two-sided beads (0)-(0), (1,2)-(1), (4)-(3) against the test's
    # two-sided beads: (1,2)-(1) is a lax hit through (1)-(1).
    assert r == Counts(tp_strict=2, fp_strict=1, tp_lax=3, fp_lax=0)
    s = score_documents([(gold, test)])
    assert s.precision_strict == pytest.approx(2 / 5)
    assert s.recall_strict == pytest.approx(2 / 3)
    assert s.f1_strict == pytest.approx(2 * (2 / 5) * (2 / 3) / (2 / 5 + 2 / 3))
    assert s.precision_lax == pytest.approx(3 / 5)
    assert s.recall_lax == pytest.approx(1.0)


def test_counts_are_summed_over_documents_before_dividing():
    doc1 = ([((0,), (0,))], [((0,), (0,))])
    doc2 = ([((0,), (0,)), ((1,), (1,)), ((2,), (2,))], [((0, 1, 2), (0, 1, 2))])
    s = score_documents([doc1, doc2])
    assert s.precision_strict == pytest.approx(1 / 2)  # 1 hit of 2 test beads
    assert s.recall_strict == pytest.approx(1 / 4)  # 1 hit of 4 gold beads


def test_empty_beads_are_ignored():
    assert precision_counts([((), ())], [((), ())]) == Counts()


def test_unit_scores_against_hand_counted_units():
    # Gold units (verse groups): (0,1)-(0), (2)-(1,2), (3,4)-(3,4), (5)-() lost on one side.
    gold = [((0, 1), (0,)), ((2,), (1, 2)), ((3, 4), (3, 4)), ((5,), ())]
    test = [
        ((0,), (0,)), ((1,), ()),  # finer beads inside the first unit: right, and it is found
        ((2,), (1,)), ((), (2,)),  # inside the second unit: found (a one-sided bead covers 2)
        ((3,), (3, 4)), ((4, 5), ()),  # the one-sided bead straddles unit 3 and the lost sentence
    ]
    counts = unit_counts(gold, test)
    # Two-sided test beads: 3, all inside one unit; two-sided gold units: 3, two found.
    assert counts == UnitCounts(inside=3, beads=3, found=2, units=3)
    assert counts.precision == 1.0 and counts.recall == pytest.approx(2 / 3)
    # A bead across two units is wrong and spoils both; a unit needs one two-sided bead.
    wrong = unit_counts(gold, [((0, 1, 2), (0, 1, 2)), ((3, 4), ()), ((), (3, 4)), ((5,), ())])
    assert wrong == UnitCounts(inside=0, beads=1, found=0, units=3)
    assert unit_scores([(gold, test), (gold, gold)]) == UnitCounts(inside=6, beads=6, found=5, units=6)
