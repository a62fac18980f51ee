"""Self-training in the manner of hunalign's realign: learn word pairs, then align again.

From the beads the aligner is sure of (1-1, confidence >= `MIN_CONFIDENCE`), count how
often an English lemma and an Indonesian root occur in the two sides of the same bead.
Pairs that occur together far more often than apart (Dice coefficient >= `MIN_DICE`, at
least `MIN_COUNT` beads) become a learned lexicon; the document (or a whole corpus) is
then aligned again with it. This finds the translations of a text's own vocabulary
(names of things, technical terms) that no shipped dictionary has.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from alignread.align.aligner import DEFAULT, AlignerConfig, align_sentences
from alignread.align.features import EN_SKIP, indonesian_root
from alignread.align.lexicon import Lexicon
from alignread.core.model import Bead
from alignread.core.words import lemma, words

MIN_CONFIDENCE = 0.9
MIN_COUNT = 2
MIN_DICE = 0.5
# Learned translations kept per English word, best first.
PER_WORD = 3


def _english(text: str) -> set[str]:
    return {lemma(w, "en") for w in words(text) if w not in EN_SKIP and not w.isdigit() and len(w) > 1}


def _indonesian(text: str) -> set[str]:
    return {indonesian_root(w) for w in words(text) if not w.isdigit() and len(w) > 1}


def learn_lexicon(
    pairs: Iterable[tuple[str, str]],
    known: Lexicon | None = None,
    min_count: int = MIN_COUNT,
    min_dice: float = MIN_DICE,
) -> Lexicon:
    """Word pairs that co-occur in sentence pairs, as a lexicon (English lemma -> roots).

    Identical words (names, loanwords) and pairs the `known` lexicon already has are left
    out: the aligner matches those anyway.
    """
    en_count: Counter[str] = Counter()
    ind_count: Counter[str] = Counter()
    together: Counter[tuple[str, str]] = Counter()
    for en, ind in pairs:
        e_words, i_words = _english(en), _indonesian(ind)
        en_count.update(e_words)
        ind_count.update(i_words)
        together.update((e, i) for e in e_words for i in i_words)
    best: dict[str, list[tuple[float, str]]] = {}
    for (e, i), both in together.items():
        if both < min_count or e == i:
            continue
        dice = 2 * both / (en_count[e] + ind_count[i])
        if dice < min_dice:
            continue
        if known is not None and i in known.translations(e):
            continue
        best.setdefault(e, []).append((dice, i))
    learned: list[tuple[str, str]] = []
    for e, found in best.items():
        found.sort(key=lambda x: (-x[0], x[1]))
        learned.extend((e, i) for _, i in found[:PER_WORD])
    return Lexicon.from_pairs(learned)


def confident_pairs(
    beads: Sequence[Bead], en: Sequence[str], ind: Sequence[str], min_confidence: float = MIN_CONFIDENCE
) -> list[tuple[str, str]]:
    """The sentence pairs of the 1-1 beads the aligner is sure of."""
    return [
        (en[b.en[0]], ind[b.ind[0]])
        for b in beads
        if len(b.en) == 1 and len(b.ind) == 1 and b.score >= min_confidence
    ]


def with_learned(config: AlignerConfig, learned: Lexicon) -> AlignerConfig:
    """`config` with the learned pairs added to its extra dictionary."""
    extra = config.extra_lexicon.merged(learned) if config.extra_lexicon else learned
    return replace(config, extra_lexicon=extra)


def align_self_trained(
    en: Sequence[str],
    ind: Sequence[str],
    config: AlignerConfig = DEFAULT,
    en_para: Sequence[int] | None = None,
    ind_para: Sequence[int] | None = None,
    lemmas: tuple[Mapping[str, str] | None, Mapping[str, str] | None] = (None, None),
) -> tuple[list[Bead], Lexicon]:
    """Align, learn word pairs from the confident beads, align again.

    Returns the second alignment and the learned lexicon (empty when nothing was learned,
    in which case the first alignment is returned).
    """
    from alignread.align.lexicon import load_builtin

    first = align_sentences(en, ind, config, en_para, ind_para, lemmas)
    known = load_builtin()
    if config.extra_lexicon is not None:
        known = known.merged(config.extra_lexicon)
    learned = learn_lexicon(confident_pairs(first, en, ind), known)
    if not len(learned):
        return first, learned
    return align_sentences(en, ind, with_learned(config, learned), en_para, ind_para, lemmas), learned
