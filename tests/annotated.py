"""A corpus essay annotated as a reader would, for the tests of pages made from it.

`word-of-mouth` (tests/data/word-of-mouth.yaml, aligned from corpora/) with a sentence on
each side that carries markup (`<script>`, `<b>`, `&`, quotes), concepts from the corpus's
concepts.yaml on whole beads, tagged phrases in both languages, notes holding markup and
Markdown, a bead a reader confirmed and one the aligner is unsure of. No NLP is run.
"""

from __future__ import annotations

from dataclasses import replace

from alignread.core import annotate
from alignread.core.correct import toggle_confirmed
from alignread.core.model import Text, TextPair
from alignread.store import pairfile
from alignread.store.corpus import load_concepts
from tests.paths import CORPORA, ROOT
from tests.texts import make_text

AT = "2026-01-01T09:00:00Z"
# Bead 25 of the essay ("I did not buy the cream." / "Saya tidak membeli krim itu.") gets
# markup on both sides, and a note with markup.
MARKED_BEAD = 25
MARKUP_EN = "I did not buy the cream <script>alert(\"en\")</script> & its \"free\" <b>gift</b>."
MARKUP_ID = "Saya tidak membeli krim itu <script>alert('id')</script> & “hadiah” <b>gratis</b>-nya."
NOTE_WITH_MARKUP = (
    "Markup stays *text*: <script>alert(\"note\")</script>\n"
    "A & B say \"cousin\" <b>twice</b>.\n\n- <em>one</em>\n- two & three\n\n"
    "A word longer than the column: https://example.org/word-of-mouth/a-path-that-does-not-break-anywhere-at-all"
)
PHRASE_EN = "the place behind the station"
PHRASE_ID = "Getok tular"


def _with_sentence(text: Text, index: int, sentence: str) -> Text:
    """`text` with sentence `index` replaced, offsets recomputed (its paragraphs are
    sentences joined by spaces, as `make_text` writes them)."""
    def rebuilt(replace_it: bool) -> Text:
        paragraphs: list[list[str]] = []
        for s in text.sentences:
            if s.paragraph == len(paragraphs):
                paragraphs.append([])
            paragraphs[-1].append(sentence if replace_it and s.index == index else s.text)
        return make_text(text.lang, paragraphs, text.file)

    assert rebuilt(False).text == text.text
    return rebuilt(True)


def annotated_essay() -> TextPair:
    pair = pairfile.load(ROOT / "tests" / "data" / "word-of-mouth.yaml")
    bead = pair.beads[MARKED_BEAD]
    assert len(bead.en) == len(bead.ind) == 1
    pair = replace(pair, en=_with_sentence(pair.en, bead.en[0], MARKUP_EN),
                   ind=_with_sentence(pair.ind, bead.ind[0], MARKUP_ID))
    library = {c.id: c for c in load_concepts(CORPORA / "concepts.yaml")}
    for cid in ("word-of-mouth", "trust", "story-that-spreads"):
        pair = annotate.add_concept(pair, library[cid])
    pair = annotate.tag_bead(pair, 6, ["word-of-mouth", "trust"], at=AT)
    pair = annotate.set_bead_note(pair, 6, "Trust is *borrowed*, not built:\n\n- a cousin\n- a friend", at=AT)
    pair = annotate.tag_bead(pair, MARKED_BEAD, ["trust"], at=AT)
    pair = annotate.set_bead_note(pair, MARKED_BEAD, NOTE_WITH_MARKUP, at=AT)
    pair = annotate.tag_bead(pair, 26, ["story-that-spreads"], at=AT)
    start = pair.en.text.index(PHRASE_EN)
    pair = annotate.tag_phrase(pair, "en", start, start + len(PHRASE_EN), ["story-that-spreads"],
                               note='A place you can *find*: "behind" & not "near".', at=AT)
    start = pair.ind.text.index(PHRASE_ID)
    pair = annotate.tag_phrase(pair, "id", start, start + len(PHRASE_ID), ["word-of-mouth"], at=AT)
    pair = annotate.tag_bead(pair, 10, ["trust"], at=AT)
    pair = toggle_confirmed(pair, 8)
    return replace(pair, beads=tuple(replace(b, score=0.31) if k == 5 else b for k, b in enumerate(pair.beads)))
