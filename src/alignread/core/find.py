"""Finding things in a document: words in both languages, and beads worth a look.

Word search matches lemmas as well as forms, so `spreads` finds `spread` and `menyebar`
finds `sebar` and `tersebar` (spaCy's lookup tables, see `alignread.core.words`). Both
sides are searched at once; a query word matches a word of a side when their forms are
equal or their lemmas in that side's language are. A query of several words matches
consecutive words.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from alignread.core.model import LOW_CONFIDENCE, Annotation, Text, TextPair
from alignread.core.sides import SIDES
from alignread.core.words import WORD, lemma


@dataclass(frozen=True, slots=True)
class Token:
    """A word of one side: offsets into that side's full text, lowercase form and lemma."""

    start: int
    end: int
    form: str
    lemma: str
    sentence: int


@dataclass(frozen=True, slots=True)
class Hit:
    """A match: `pair.side(side).text[start:end]`, in bead `bead`."""

    bead: int
    side: str
    start: int
    end: int


def tokens(text: Text, lang: str) -> tuple[Token, ...]:
    """The words of each sentence of `text`, with their lemmas."""
    out = []
    cache: dict[str, str] = {}
    for s in text.sentences:
        for m in WORD.finditer(s.text):
            form = m.group().lower()
            lem = cache.get(form)
            if lem is None:
                lem = cache[form] = lemma(form, lang)
            out.append(Token(s.start + m.start(), s.start + m.end(), form, lem, s.index))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class SearchIndex:
    """The words of both sides of a document, ready for `search` (build once per text)."""

    tokens: dict[str, tuple[Token, ...]]
    beads: dict[str, tuple[int, ...]]

    @classmethod
    def build(cls, pair: TextPair) -> SearchIndex:
        return cls({side: tokens(pair.side(side), side) for side in SIDES},
                   {side: pair.bead_index(side) for side in SIDES})


def _matches(token: Token, form: str, form_lemma: str) -> bool:
    return token.form == form or token.lemma == form_lemma or token.lemma == form


def search(pair: TextPair, query: str, index: SearchIndex | None = None) -> tuple[Hit, ...]:
    """Every match of `query` in both languages, in bead order (English before Indonesian)."""
    index = index or SearchIndex.build(pair)
    wanted = [m.group().lower() for m in WORD.finditer(query)]
    if not wanted:
        return ()
    hits = []
    for side in SIDES:
        toks = index.tokens[side]
        lemmas = [lemma(w, side) for w in wanted]
        n = len(wanted)
        w0, l0 = wanted[0], lemmas[0]
        # Candidates by the first word in one pass; the rest are checked only there.
        for k in [k for k, t in enumerate(toks) if t.form == w0 or t.lemma == l0 or t.lemma == w0]:
            if k + n <= len(toks) and all(_matches(toks[k + j], wanted[j], lemmas[j]) for j in range(1, n)):
                first, last = toks[k], toks[k + n - 1]
                hits.append(Hit(index.beads[side][first.sentence], side, first.start, last.end))
    hits.sort(key=lambda h: (h.bead, h.side != "en", h.start))
    return tuple(hits)


# ---------------------------------------------------------------- beads worth a look


def low_confidence_beads(pair: TextPair, threshold: float = LOW_CONFIDENCE) -> tuple[int, ...]:
    """Beads the aligner is unsure of (score under `threshold`) and no reader has confirmed, in order."""
    return tuple(k for k, b in enumerate(pair.beads) if b.needs_check(threshold))


def annotation_beads(pair: TextPair, annotation: Annotation) -> tuple[int, ...]:
    """The beads an annotation sits on (usually one), in order."""
    found: set[int] = set()
    for side in SIDES:
        index = pair.bead_index(side)
        found.update(index[s] for s in annotation.ids(side) if s < len(index) and index[s] >= 0)
    return tuple(sorted(found))


def annotations_by_bead(pair: TextPair) -> dict[int, tuple[Annotation, ...]]:
    """Each annotated bead's annotations, in file order."""
    out: dict[int, list[Annotation]] = {}
    for a in pair.annotations:
        for k in annotation_beads(pair, a):
            out.setdefault(k, []).append(a)
    return {k: tuple(v) for k, v in out.items()}


def annotated_beads(pair: TextPair) -> tuple[int, ...]:
    return tuple(sorted(annotations_by_bead(pair)))


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A place a concept is tagged: the annotation and the first bead it sits on."""

    bead: int
    annotation: Annotation


def occurrences(pair: TextPair, concept: str) -> tuple[Occurrence, ...]:
    """Every annotation tagged with `concept`, in reading order."""
    out = []
    for a in pair.annotations:
        if concept in a.concepts:
            beads = annotation_beads(pair, a)
            if beads:
                out.append(Occurrence(beads[0], a))
    out.sort(key=lambda o: (o.bead, o.annotation.is_phrase, o.annotation.start or 0))
    return tuple(out)


def concept_counts(pair: TextPair) -> dict[str, int]:
    """How many annotations use each concept defined in the document (0 for unused ones)."""
    counts = {c.id: 0 for c in pair.concepts}
    for a in pair.annotations:
        for cid in a.concepts:
            counts[cid] = counts.get(cid, 0) + 1
    return counts


def next_in(beads: Iterable[int], current: int, forward: bool = True, wrap: bool = True) -> int | None:
    """The next (or previous) bead of a sorted list after `current`, wrapping around."""
    beads = list(beads)
    if not beads:
        return None
    if forward:
        k = bisect_right(beads, current)
        return beads[k] if k < len(beads) else (beads[0] if wrap else None)
    k = bisect_left(beads, current)
    return beads[k - 1] if k > 0 else (beads[-1] if wrap else None)
