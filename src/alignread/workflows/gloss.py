"""Glosses: what a word means and where else it is, for the reader's `g`.

A gloss of a word (or of a short phrase) of one side gives its lemma, the lexicon's
translations into the other language (English -> Indonesian as the lexicon is written,
Indonesian -> English through its reversed index), the words this bead's word links pair it
with, and the other places of the document where it occurs (by lemma, as search finds them).
"""

from __future__ import annotations

from dataclasses import dataclass

from alignread.align.lexicon import Lexicon, load_builtin, reversed_index
from alignread.core.find import Hit, SearchIndex, search
from alignread.core.model import TextPair
from alignread.core.sides import other_side
from alignread.core.words import WORD, root_form
from alignread.workflows.phrases import DocumentWords

_CLITICS = ("nya", "lah", "kah", "pun", "ku", "mu")


@dataclass(frozen=True, slots=True)
class Entry:
    """A headword and what the lexicon gives for it in the other language."""

    headword: str
    lemma: str
    translations: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Gloss:
    """A word or phrase of one side, explained."""

    side: str
    text: str
    bead: int
    entries: tuple[Entry, ...]  # the phrase, when the lexicon has it; else each word
    counterpart: str  # what the word links of this bead pair it with ('' for none)
    occurrences: tuple[Hit, ...]  # the other places of the document where it occurs, same side

    @property
    def lemma(self) -> str:
        return " ".join(e.lemma for e in self.entries)


def translations(word: str, side: str, lexicon: Lexicon) -> tuple[str, ...]:
    """The lexicon's translations of a lowercase word or phrase into the other language."""
    if side == "en":
        lemma = " ".join(root_form(w, "en") for w in word.split())
        found = lexicon.translations(word) | lexicon.translations(lemma)
    else:
        index = reversed_index(lexicon)
        keys = {word, root_form(word, "id")}
        keys.update(word[: -len(c)] for c in _CLITICS if word.endswith(c) and len(word) - len(c) >= 3)
        found = frozenset().union(*(index.get(k, frozenset()) for k in keys))
    return tuple(sorted(found, key=lambda t: (len(t.split()), t)))


def gloss(
    pair: TextPair,
    side: str,
    start: int,
    end: int,
    words: DocumentWords | None = None,
    index: SearchIndex | None = None,
    lexicon: Lexicon | None = None,
) -> Gloss:
    """Explain `pair.side(side).text[start:end]` (a word or a few)."""
    lexicon = lexicon if lexicon is not None else load_builtin()
    text = pair.side(side).text[start:end]
    forms = [m.group().lower() for m in WORD.finditer(text)]
    phrase = " ".join(forms)
    entries = []
    if len(forms) > 1 and (found := translations(phrase, side, lexicon)):
        entries.append(Entry(phrase, " ".join(root_form(w, side) for w in forms), found))
    else:
        entries = [Entry(w, root_form(w, side), translations(w, side, lexicon)) for w in forms]
    words = words if words is not None else DocumentWords(pair, lexicon)
    sentence = pair.side(side).sentence_at(start)
    bead = pair.bead_of(side, sentence.index) if sentence is not None else None
    linked = ""
    if bead is not None:
        other = words.counterpart(side, start, end)
        if other is not None:
            linked = pair.side(other_side(side)).text[other.start:other.end]
    hits = search(pair, text, index) if forms else ()
    elsewhere = tuple(h for h in hits if h.side == side and not (h.start < end and h.end > start))
    return Gloss(side, text, -1 if bead is None else bead, tuple(entries), linked, elsewhere)
