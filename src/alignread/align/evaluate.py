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

import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

BeadIds = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class Counts:
    tp_strict: int = 0
    fp_strict: int = 0
    tp_lax: int = 0
    fp_lax: int = 0

    def __add__(self, other: "Counts") -> "Counts":
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
class DocumentResult:
    name: str
    gold: list[BeadIds]
    test: list[BeadIds]
    scores: list[float]  # the aligner's confidence per test bead
    seconds: float


@dataclass(frozen=True, slots=True)
class EvalReport:
    folder: str
    documents: list[DocumentResult]
    scores: Scores
    seconds: float  # alignment time, summed over documents


def gold_documents(folder: str | Path) -> list[str]:
    """Names of the documents in a gold folder: `<doc>.gold` with both `.sents` files."""
    root = Path(folder)
    names = []
    for gold in sorted(root.glob("*.gold")):
        doc = gold.name[: -len(".gold")]
        if (root / f"{doc}.en.sents").is_file() and (root / f"{doc}.id.sents").is_file():
            names.append(doc)
    return names


def read_sentences(path: Path) -> list[str]:
    """One sentence a line (a final newline is not an extra sentence)."""
    return path.read_text(encoding="utf-8").splitlines()


def sentence_lemmas(sentences: list[str], lang: str, nlp) -> dict[str, str] | None:
    """The NLP backend's word -> lemma map for given sentences (each its own paragraph)."""
    from alignread.nlp import get_pipeline

    return get_pipeline(nlp).segment("\n\n".join(s.replace("\n", " ") for s in sentences), lang).lemma_map


def evaluate_folder(
    folder: str | Path, config=None, save: str | Path | None = None, progress=None, nlp=None
) -> EvalReport:
    """Align every gold document of `folder` and score it; `save` writes `<doc>.beads`.

    With `nlp` (an `NlpSpec`), the backend lemmatises the sentences first and the aligner
    uses its lemmas (time for that is not counted as alignment time).
    """
    from alignread.align.aligner import DEFAULT, align_sentences
    from alignread.formats.beads import format_beads, read_beads

    config = config or DEFAULT
    root = Path(folder)
    results = []
    total = 0.0
    for name in gold_documents(root):
        en = read_sentences(root / f"{name}.en.sents")
        ind = read_sentences(root / f"{name}.id.sents")
        gold = read_beads(root / f"{name}.gold")
        lemmas = (sentence_lemmas(en, "en", nlp), sentence_lemmas(ind, "id", nlp)) if nlp else (None, None)
        t0 = time.perf_counter()
        beads = align_sentences(en, ind, config, lemmas=lemmas)
        dt = time.perf_counter() - t0
        total += dt
        test = [(b.en, b.ind) for b in beads]
        results.append(DocumentResult(name, gold, test, [b.score for b in beads], dt))
        if save is not None:
            out = Path(save)
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{name}.beads").write_text(format_beads(test), encoding="utf-8")
        if progress is not None:
            progress(name)
    return EvalReport(str(root), results, score_documents((r.gold, r.test) for r in results), total)
