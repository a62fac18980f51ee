"""Alignment accuracy as Vecalign and Bertalign report it.

Strict and lax precision, recall and F1 over beads, following Vecalign's `score.py`
(Thompson & Koehn 2019), which Bertalign reuses (Liu & Zhu 2022):

- precision counts every test bead: strict when the bead is in the gold, lax when it is
  not but some of its English sentences are aligned in the gold to some of its
  Indonesian sentences (an insertion or deletion is never a lax hit);
- recall is the same computation with gold and test swapped, after dropping the beads
  with an empty side from both;
- counts are summed over documents before the ratios are taken.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from alignread.core.model import BeadIds


@dataclass(frozen=True, slots=True)
class Counts:
    tp_strict: int = 0
    fp_strict: int = 0
    tp_lax: int = 0
    fp_lax: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.tp_strict + other.tp_strict,
            self.fp_strict + other.fp_strict,
            self.tp_lax + other.tp_lax,
            self.fp_lax + other.fp_lax,
        )


@dataclass(frozen=True, slots=True)
class Scores:
    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float


def _normal(beads: Iterable[Sequence[Sequence[int]]]) -> set[BeadIds]:
    return {(tuple(en), tuple(ind)) for en, ind in beads if len(en) or len(ind)}


def precision_counts(gold: Iterable[Sequence[Sequence[int]]], test: Iterable[Sequence[Sequence[int]]]) -> Counts:
    """Vecalign's `_precision`: strict and lax hits and misses of `test` against `gold`."""
    gold_set = _normal(gold)
    test_set = _normal(test)
    gold_links: dict[int, set[int]] = defaultdict(set)
    for en, ind in gold_set:
        for e in en:
            gold_links[e].update(ind)
    tp_s = fp_s = tp_l = fp_l = 0
    for bead in test_set:
        if bead in gold_set:
            tp_s += 1
            tp_l += 1
            continue
        fp_s += 1
        en, ind = bead
        linked = set().union(*(gold_links.get(e, set()) for e in en)) if en else set()
        if linked.intersection(ind):
            tp_l += 1
        else:
            fp_l += 1
    return Counts(tp_s, fp_s, tp_l, fp_l)


def document_counts(gold: Sequence[BeadIds], test: Sequence[BeadIds]) -> tuple[Counts, Counts]:
    """(precision counts, recall counts) for one document."""
    p = precision_counts(gold, test)
    gold_both = [(en, ind) for en, ind in gold if en and ind]
    test_both = [(en, ind) for en, ind in test if en and ind]
    r = precision_counts(test_both, gold_both)
    return p, r


def _ratio(hits: int, misses: int) -> float:
    return hits / (hits + misses) if hits + misses else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def scores(p: Counts, r: Counts) -> Scores:
    ps, rs = _ratio(p.tp_strict, p.fp_strict), _ratio(r.tp_strict, r.fp_strict)
    pl, rl = _ratio(p.tp_lax, p.fp_lax), _ratio(r.tp_lax, r.fp_lax)
    return Scores(ps, rs, _f1(ps, rs), pl, rl, _f1(pl, rl))


def score_documents(pairs: Iterable[tuple[Sequence[BeadIds], Sequence[BeadIds]]]) -> Scores:
    """Scores over many (gold, test) documents, counts summed before dividing."""
    p_total, r_total = Counts(), Counts()
    for gold, test in pairs:
        p, r = document_counts(gold, test)
        p_total += p
        r_total += r
    return scores(p_total, r_total)


@dataclass(frozen=True, slots=True)
class UnitCounts:
    """Counts for coarse gold units (a verse group, a paragraph): see `unit_counts`."""

    inside: int = 0  # two-sided test beads wholly inside one gold unit
    beads: int = 0  # two-sided test beads
    found: int = 0  # two-sided gold units the test beads partition exactly
    units: int = 0  # two-sided gold units

    def __add__(self, other: UnitCounts) -> UnitCounts:
        return UnitCounts(
            self.inside + other.inside, self.beads + other.beads, self.found + other.found, self.units + other.units
        )

    @property
    def precision(self) -> float:
        return _ratio(self.inside, self.beads - self.inside)

    @property
    def recall(self) -> float:
        return _ratio(self.found, self.units - self.found)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)


def unit_counts(gold: Sequence[BeadIds], test: Sequence[BeadIds]) -> UnitCounts:
    """Unit-level hits of `test` against coarse `gold` units, for one document.

    As the reference scorer (`shared/tools/score.py`, `unit_score`) counts them: a
    two-sided test bead is right when all its sentences lie in one gold unit; a two-sided
    gold unit is found when no test bead straddles it and the test beads inside it (at
    least one of them two-sided; one-sided ones count as sentences left untranslated
    there) cover exactly its sentences. Finer beads inside a unit are no error: the
    pairing of sentences inside a unit is not gold.
    """
    units = [(en, ind) for en, ind in gold if en and ind]
    home_en = {e: k for k, (en, _) in enumerate(units) for e in en}
    home_ind = {i: k for k, (_, ind) in enumerate(units) for i in ind}
    covered: dict[int, list[BeadIds]] = defaultdict(list)
    paired: set[int] = set()
    straddled: set[int | None] = set()
    inside = beads = 0
    for en, ind in test:
        if not en and not ind:
            continue
        homes = {home_en.get(e) for e in en} | {home_ind.get(i) for i in ind}
        two_sided = bool(en and ind)
        beads += two_sided
        if len(homes) > 1:
            straddled |= homes
            continue
        (home,) = homes
        if home is None:
            continue
        covered[home].append((en, ind))
        if two_sided:
            inside += 1
            paired.add(home)
    found = 0
    for k, (en, ind) in enumerate(units):
        if k in straddled or k not in paired:
            continue
        cover_en = sorted(e for b in covered[k] for e in b[0])
        cover_ind = sorted(i for b in covered[k] for i in b[1])
        found += cover_en == sorted(en) and cover_ind == sorted(ind)
    return UnitCounts(inside, beads, found, len(units))


def unit_scores(pairs: Iterable[tuple[Sequence[BeadIds], Sequence[BeadIds]]]) -> UnitCounts:
    """Unit counts over many (gold, test) documents, summed before dividing."""
    total = UnitCounts()
    for gold, test in pairs:
        total += unit_counts(gold, test)
    return total
