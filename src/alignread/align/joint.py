"""Segmentation and alignment together: a pair's sentences are what both languages show.

Each text is segmented alone first (`alignread.nlp`): paragraphs, and sentences where
punctuation ends them. Those boundaries stand. Every other place inside a sentence where
one may start (`alignread.nlp.boundaries`: a capital after no full stop, a clause after a
semicolon or a colon, a line break) is a *cut*, a hypothesis with a prior chance of being
a boundary (`START_PRIOR`). The aligner then decides: its bead search aligns the
sentences, and every doubtful stretch is solved again over the pieces the cuts make
(`alignread.align.refine`), where a cut becomes a boundary only if a bead ends there, that
is, where the other language confirms it with a boundary of its own and the words on
either side pair up. A heading run into its text on both sides, a full stop one translator
dropped, a clause the other side makes a sentence of: each becomes a boundary this way,
while a name after a lowercase word (`let Rangers play`) stays inside its sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache

from alignread.align.aligner import DEFAULT, AlignerConfig, align_path, align_sentence_objects, lexicon_of
from alignread.align.refine import CLUE_FIRST, CLUE_MEET, CLUE_NONE, HEADING, HEADING_AGAIN, Cut, Cuts, Units
from alignread.core.model import Bead, Sentence, Text
from alignread.core.words import vocabulary as lemma_vocabulary
from alignread.nlp.boundaries import LIKELY, PLAUSIBLE, POSSIBLE, CaseStats, Start, Vocabulary, sentence_starts

# The chance that a place is a sentence start, by kind and strength
# (alignread.nlp.boundaries), *given that the other language has a boundary at the same
# place*: the only case in which a bead can end there. A cut the other side does not mirror
# is never a boundary, whatever its prior. So a mere capital (mostly a name, which the
# other side writes at the same place too) is kept less often than not; a common word
# capitalised after a lowercase one (a heading run into its text, a lost full stop) mostly;
# a clause after `;` or `:` seldom, as translators make one sentence of two clauses often
# enough.
START_PRIOR: dict[tuple[str, int], float] = {
    ("capital", POSSIBLE): 0.04,
    ("name", POSSIBLE): 0.01,
    ("opener", POSSIBLE): 0.04,
    ("possessive", POSSIBLE): 0.04,
    ("quote", PLAUSIBLE): 0.5,
    ("heading", PLAUSIBLE): 0.5,
    ("heading", LIKELY): 0.9,
    ("heading-again", PLAUSIBLE): 0.5,
    ("capital", PLAUSIBLE): 0.5,
    ("capital", LIKELY): 0.9,
    ("clause", POSSIBLE): 0.03,
    ("clause", PLAUSIBLE): 0.1,
    ("line", POSSIBLE): 0.3,
    ("line", PLAUSIBLE): 0.7,
}


@lru_cache(maxsize=4)
def vocabulary(lang: str) -> Vocabulary:
    """Common words of `lang`: the lemma table's and the bilingual lexicon's (`pria`)."""
    from alignread.align.lexicon import load_builtin

    lexicon = load_builtin()
    # Words the lexicon leaves as they are (`jakarta`, `london`) are names, not common.
    if lang == "en":
        words = {w for w, ts in lexicon.pairs.items() if " " not in w and w not in ts}
    else:
        # Not a name's other spelling: `argentina` translates `argentine`, but the lexicon
        # leaves `argentina` as it is, as it leaves `jakarta`.
        same = {e for e, ts in lexicon.pairs.items() if e in ts}
        words = {w for e, ts in lexicon.pairs.items() for t in ts if t != e for w in t.split()} - same
    return Vocabulary(lang, lemma_vocabulary(lang) | frozenset(words))


def prepare() -> None:
    """Load the vocabularies now (0.25 s), e.g. once before a batch forks its workers."""
    for lang in ("en", "id"):
        vocabulary(lang)


def cuts_of(text: Text) -> Cuts:
    """The places inside each sentence of `text` where another may start, with their priors."""
    stats = CaseStats.of(text.text)
    vocab = vocabulary(text.lang)
    places: list[tuple[Cut, ...]] = []
    # Cuts are frozen values: one object for each offset, kind and strength, shared by the
    # sentences that have it (a book has hundreds of thousands of cuts, a few thousand
    # different ones), and one empty tuple for the sentences with none.
    made: dict[tuple[int, str, int], Cut] = {}
    for s in text.sentences:
        found = sentence_starts(text.text, s.start, s.end, text.lang, stats, vocab)
        if not found:
            places.append(())
            continue
        row = []
        for c in found:
            key = (c.pos - s.start, c.kind, c.strength)
            cut = made.get(key)
            if cut is None:
                cut = made[key] = Cut(key[0], *_CUT_FIELDS[(c.kind, c.strength)])
            row.append(cut)
        places.append(tuple(row))
    return Cuts(places)


def _cut_fields(kind: str, strength: int) -> tuple[float, bool, int, bool, int, bool]:
    """A cut's prior, pairs, clue, likely, heading and name: what its kind and strength decide."""
    start = Start(0, strength, kind)
    heading = HEADING_AGAIN if kind == "heading-again" else HEADING if kind == "heading" else 0
    return (START_PRIOR[(kind, strength)], _pairs(start), _clue(start), start.likely, heading, kind == "name")


def _pairs(cut: Start) -> bool:
    """Whether a cut may make a boundary with a cut of the other side (not a sentence
    boundary of its own): a likely start, a quotation's start, a line's start. Two names
    at the same place do not, nor does a nationality (`the largest Turkish population`)."""
    line = cut.kind == "line" and cut.strength == PLAUSIBLE
    return cut.strength == LIKELY or cut.kind in ("quote", "heading", "heading-again") or line


def _clue(cut: Start) -> int:
    """What the words after a cut, meeting the other side's sentence opening, tell (Cut.clue)."""
    if cut.kind == "clause":
        return CLUE_NONE
    # A clause opener's own word seldom translates (`The`, `A`), and a possessive's comes
    # after its noun in Indonesian: the words after it tell.
    return CLUE_FIRST if cut.strength == POSSIBLE and cut.kind not in ("opener", "possessive") else CLUE_MEET


# Worked out once per kind and strength, not once per cut (a book has hundreds of thousands).
_CUT_FIELDS = {key: _cut_fields(*key) for key in START_PRIOR}


def rebuild(text: Text, units: Units) -> Text:
    """`text` with the sentences the units make (each a part of one sentence of it)."""
    if len(units.spans) == len(text.sentences) and all(
        start == 0 and end == len(text.sentences[u].text) for u, start, end in units.spans
    ):
        return text
    sentences: list[Sentence] = []
    full = text.text
    for u, start, end in units.spans:
        s = text.sentences[u]
        a, b = s.start + start, s.start + end
        while a < b and full[a].isspace():
            a += 1
        while b > a and full[b - 1].isspace():
            b -= 1
        sentences.append(Sentence(len(sentences), a, b, full[a:b], s.paragraph))
    return replace(text, sentences=tuple(sentences))  # chapters, format and extras kept


def align_texts(
    en: Text,
    ind: Text,
    config: AlignerConfig = DEFAULT,
    lemmas: tuple[Mapping[str, str] | None, Mapping[str, str] | None] = (None, None),
) -> tuple[Text, Text, list[Bead]]:
    """Align two segmented texts, taking as sentence boundaries the cuts the alignment confirms.

    Returns both texts with their new sentences (the given ones, some cut in two or more)
    and the beads over them.
    """
    if config.self_train:
        from alignread.align.selftrain import confident_pairs, learn_lexicon, with_learned

        plain = replace(config, self_train=False)
        first = align_sentence_objects(en.sentences, ind.sentences, plain, lemmas)
        learned = learn_lexicon(confident_pairs(first, [s.text for s in en.sentences],
                                                [s.text for s in ind.sentences]), lexicon_of(plain))
        config = with_learned(plain, learned) if len(learned) else plain
    found = align_path(
        [s.text for s in en.sentences],
        [s.text for s in ind.sentences],
        config,
        [s.paragraph for s in en.sentences],
        [s.paragraph for s in ind.sentences],
        lemmas,
        cuts=(cuts_of(en), cuts_of(ind)),
    )
    beads = [Bead(e, i, score=round(c, 4)) for (e, i), c in zip(found.beads, found.confidence)]
    if found.en_units is None or found.ind_units is None:
        return en, ind, beads
    return rebuild(en, found.en_units), rebuild(ind, found.ind_units), beads
