"""A document's words, bead by bead, and what translates what: phrase counterparts.

`DocumentWords` aligns the words of a document's beads (`alignread.align.wordalign`) and
answers the reader's question while a phrase is being selected: which words of the other
side translate it. The links are not stored in the pair file but recomputed on opening:
they depend on the beads, which a reader merges, splits and realigns, and recomputing them
is cheap: a bead is aligned in about a millisecond when it is first asked for, with the
lexicon and the diagonal alone until the document's own translation tables are trained
(`train`, in a worker: 50 ms for an essay, about 2 s for a 5,000-bead book). What a reader
tags keeps both of its spans in the file, so nothing tagged depends on the links.
"""

from __future__ import annotations

from dataclasses import dataclass
from threading import Lock

from alignread.align.lexicon import Lexicon
from alignread.align.wordalign import Links, WordModel, counterpart, train
from alignread.core.model import TextPair
from alignread.core.sides import other_side
from alignread.core.words import WORD


@dataclass(frozen=True, slots=True)
class Word:
    """A word of one side of a bead: its offsets in that side's full text, lowercase form."""

    start: int
    end: int
    form: str


@dataclass(frozen=True, slots=True)
class Span:
    """A run of words of one side: `pair.side(side).text[start:end]`, in bead `bead`."""

    bead: int
    side: str
    start: int
    end: int


def words_in_bead(pair: TextPair, bead: int, side: str) -> tuple[Word, ...]:
    """The words of one side of a bead, in order, as the reader counts them."""
    sentences = pair.side(side).sentences
    out: list[Word] = []
    for i in pair.beads[bead].ids(side):
        s = sentences[i]
        out.extend(Word(s.start + m.start(), s.start + m.end(), m.group().lower()) for m in WORD.finditer(s.text))
    return tuple(out)


class DocumentWords:
    """The words and word links of one document's beads, computed as they are asked for."""

    def __init__(self, pair: TextPair, lexicon: Lexicon | None = None, model: WordModel | None = None) -> None:
        """`model`: tables trained on the same texts (before beads were merged or split)."""
        self.pair = pair
        self.lexicon = lexicon
        self._model = model
        self.trained = model is not None
        self._words: dict[tuple[int, str], tuple[Word, ...]] = {}
        self._links: dict[int, Links] = {}
        self._lock = Lock()

    @property
    def model(self) -> WordModel:
        """The tables links are made from. Until `train`: the lexicon and the diagonal only,
        made when first asked for (loading the lexicon is no reason to keep a book that
        has just been read off the screen: `train`, in a worker, would load it anyway)."""
        model = self._model
        if model is None:
            made = train([], self.lexicon)
            with self._lock:
                if self._model is None:
                    self._model = made
                model = self._model
        return model

    def words(self, bead: int, side: str) -> tuple[Word, ...]:
        key = (bead, side)
        found = self._words.get(key)
        if found is None:
            found = self._words[key] = words_in_bead(self.pair, bead, side)
        return found

    def forms(self, bead: int) -> tuple[list[str], list[str]]:
        return [w.form for w in self.words(bead, "en")], [w.form for w in self.words(bead, "id")]

    def train(self) -> None:
        """Learn the document's translation tables from its beads (safe in a worker thread:
        the new model replaces the old one whole, and links are recomputed as asked for)."""
        beads = [self.forms(k) for k, b in enumerate(self.pair.beads) if b.en and b.ind]
        model = train(beads, self.lexicon)
        with self._lock:
            self._model = model
            self.trained = True
            self._links = {}

    def links(self, bead: int) -> Links:
        """(English word, Indonesian word) links of bead `bead`, word indices within the bead."""
        found = self._links.get(bead)
        if found is None:
            model = self.model
            en, ind = self.forms(bead)
            found = model.align(en, ind) if en and ind else frozenset()
            with self._lock:
                if model is self._model:
                    self._links[bead] = found
        return found

    def counterpart_words(self, bead: int, side: str, first: int, last: int) -> tuple[int, int] | None:
        """Words of the other side of the bead that translate words `first`..`last` of `side`."""
        return counterpart(self.links(bead), side, first, last)

    def span_of_words(self, bead: int, side: str, first: int, last: int) -> Span:
        words = self.words(bead, side)
        return Span(bead, side, words[first].start, words[last].end)

    def words_of_span(self, bead: int, side: str, start: int, end: int) -> tuple[int, int] | None:
        """The first and last word of the bead's side that `[start, end)` touches."""
        inside = [k for k, w in enumerate(self.words(bead, side)) if w.start < end and w.end > start]
        return (inside[0], inside[-1]) if inside else None

    def counterpart(self, side: str, start: int, end: int) -> Span | None:
        """The span of the other side that translates `text[start:end]` of `side`, if any."""
        sentence = self.pair.side(side).sentence_at(start)
        bead = self.pair.bead_of(side, sentence.index) if sentence is not None else None
        if bead is None:
            return None
        words = self.words_of_span(bead, side, start, end)
        if words is None:
            return None
        found = self.counterpart_words(bead, side, *words)
        return None if found is None else self.span_of_words(bead, other_side(side), *found)
