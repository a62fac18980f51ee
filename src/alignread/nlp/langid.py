"""English-versus-Indonesian language identification, offline and fast.

The model is a sum of per-word evidence, each word's log-odds (in nats) that it was written
in English rather than Indonesian:

* a word table, built by ``scripts/build_langid.py`` and shipped in ``data/langid.json.gz``:
  hand-written function words of both languages carry strong evidence, words found in only
  one language's lexicon (spacy-lookups-data) moderate evidence, and words found in both
  (``data``, ``bank``, ``hotel``) little;
* for a word outside the table, a character 3/4-gram naive Bayes model trained on the two
  lexicons (it knows ``meng-``/``-kan``/``-nya`` from ``-tion``/``-ly``/``-ing``);
* morphology the table cannot list: Indonesian reduplication (``buku-buku``,
  ``memilih-milih``) and hyphenated clitics (``blog-nya``, ``di-PHK``), and English
  contractions and possessives (``Sainsbury's``, ``don’t``).

English content words count for less than Indonesian ones, because Indonesian prose borrows
English words freely (``Strategi marketing dan sales.``) and English prose rarely borrows
Indonesian ones. Capitalised words inside a sentence are probably names and count for
less; acronyms (``BBC``, ``AMs``) count for nothing. Digits and punctuation carry no
evidence: a line of only numbers comes out ``"und"``, and a line of only names ``"und"``
or a weak guess.

The model is loaded on first use and cached; importing this module loads nothing.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from alignread.core.words import LETTER_WORD

__all__ = ["LanguageGuess", "dominant_language", "identify", "identify_many"]

# os.path, not pathlib: pathlib would add a fifth to this module's import time.
MODEL_PATH = os.path.join(os.path.dirname(__file__), "data", "langid.json.gz")
SCHEMA_VERSION = 1

EN = "en"
ID = "id"
UND = "und"

# Below this much total evidence (nats, both languages together) a text is "und": one
# Indonesian or English function word is worth 2-3 nats, a name 0.1-0.3.
MIN_EVIDENCE = 0.5

# Token evidence is summed as if words were independent, which overstates certainty;
# dividing the margin by this before the logistic keeps one function word near 0.8.
CONFIDENCE_TEMPERATURE = 2.0

# Character n-gram evidence for a word outside the table: the naive Bayes sum is scaled and
# capped, harder on the English side (an unknown English-looking word in Indonesian text is
# usually a loanword or a name).
OOV_SCALE = 0.12
OOV_MAX_EN = 0.6
OOV_MAX_ID = 1.2

# Weight of a capitalised word inside a sentence: a name, or part of one ("Parlemen Welsh"),
# and of an unknown one starting a sentence and followed by another ("Seth Godin menulis").
NAME_WEIGHT_KNOWN = 0.5
NAME_WEIGHT_UNKNOWN = 0.2
# Weight of an unknown word in a headline, where every word is capitalised.
HEADLINE_WEIGHT_UNKNOWN = 0.5

REDUPLICATION = -2.5  # buku-buku, memilih-milih, satu-satunya
ID_CLITIC = -2.0  # blog-nya, anak-ku, baca-lah
ID_PROCLITIC = -1.5  # di-PHK, se-Indonesia, ke-20 (the number is dropped by the tokenizer)
EN_CLITIC = 1.0  # Sainsbury's, don't, we've

_ID_CLITICS = frozenset({"nya", "ku", "mu", "lah", "kah", "pun", "tah"})
_ID_PROCLITICS = frozenset({"di", "ke", "se"})
_EN_CLITICS = frozenset({"s", "t", "re", "ve", "ll", "d", "m"})

NGRAM_ORDERS = (3, 4)

# A word (letters, optionally joined by hyphens or apostrophes: buku-buku, don't, Qur'an)
# and the non-letters before it.
_TOKEN_RE = re.compile(r"([\W\d_]*)(" + LETTER_WORD.pattern + ")")
_PART_SPLIT_RE = re.compile(r"[-'’]")
# Text between two words that ends a sentence or opens a quote or bracket, after which a
# capitalised word is not evidence of a name.
_BOUNDARY_RE = re.compile(r"[.!?:;\"“”‘'(\[{—–•*\n]")

# The cache of scored tokens is dropped when it grows past this, so memory stays bounded on
# an endless stream of new names.
_TOKEN_CACHE_LIMIT = 200_000


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """The language of a text, with the evidence behind it.

    ``en_score`` and ``id_score`` are the summed per-word evidence (nats of log-odds, >= 0)
    for English and for Indonesian; a mixed paragraph has both large. ``lang`` follows
    their difference, and ``confidence`` is the logistic of that difference tempered by
    ``CONFIDENCE_TEMPERATURE`` (0.5 is a coin toss); it is 0.0 when ``lang`` is ``"und"``.
    """

    lang: str
    confidence: float
    en_score: float
    id_score: float


def char_ngrams(word: str) -> list[str]:
    """The character n-grams the model scores for a lower-case word, with ``<``/``>`` edges."""
    padded = f"<{word}>"
    return [padded[i : i + n] for n in NGRAM_ORDERS for i in range(len(padded) - n + 1)]


@dataclass(frozen=True, slots=True)
class _Model:
    """The shipped tables and a cache of token evidence."""

    words: dict[str, float]
    ngrams: dict[str, float]
    cache: dict[str, tuple[float, int]]

    def char_evidence(self, word: str) -> float:
        """Capped n-gram evidence for a word outside the table."""
        ngrams = self.ngrams
        raw = sum(ngrams.get(g, 0.0) for g in char_ngrams(word)) * OOV_SCALE
        return max(-OOV_MAX_ID, min(OOV_MAX_EN, raw))

    def word_evidence(self, word: str) -> tuple[float, bool]:
        """Evidence for a lower-case word, and whether the word is known (not guessed)."""
        score = self.words.get(word)
        if score is not None:
            return score, True
        if "'" in word:
            base, _, tail = word.partition("'")
            if tail in _EN_CLITICS:
                return self.word_evidence(base)[0] + EN_CLITIC, True
            return self.word_evidence(word.replace("'", ""))
        if "-" in word:
            parts = word.split("-")
            first, last = parts[0], parts[-1]
            if len(parts) == 2 and _is_reduplication(first, last):
                return REDUPLICATION, True
            if last in _ID_CLITICS:
                return ID_CLITIC, True
            if first in _ID_PROCLITICS:
                return ID_PROCLITIC, True
            scored = [self.word_evidence(p) for p in parts]
            return sum(s for s, _ in scored), all(k for _, k in scored)
        return self.char_evidence(word), False

    def token_evidence(self, token: str) -> tuple[float, int]:
        """Evidence for a token as written, and its case class (see ``_case_class``)."""
        hit = self.cache.get(token)
        if hit is None:
            score, known = self.word_evidence(token.lower().replace("’", "'"))
            hit = (score, _case_class(token, known))
            if len(self.cache) >= _TOKEN_CACHE_LIMIT:
                self.cache.clear()
            self.cache[token] = hit
        return hit


# Case classes of a token: how much it counts depends on them and on where it stands.
_LOWER, _CAP_KNOWN, _CAP_UNKNOWN, _ACRONYM = 0, 1, 2, 3


def _case_class(token: str, known: bool) -> int:
    parts = _PART_SPLIT_RE.split(token)
    if any(c.isupper() for part in parts for c in part[1:]):
        return _ACRONYM  # BBC, AMs, McDonald, iPhone; not Buku-Buku or O'Brien
    if token[0].islower():
        return _LOWER
    return _CAP_KNOWN if known else _CAP_UNKNOWN


def _is_reduplication(first: str, second: str) -> bool:
    """Whether ``first-second`` repeats a word (buku-buku, berlomba-lomba, satu-satunya)."""
    if first == second:
        return True
    shorter, longer = (first, second) if len(first) <= len(second) else (second, first)
    return len(shorter) >= 3 and shorter in longer


@cache
def _model() -> _Model:
    import gzip
    import json

    with gzip.open(MODEL_PATH, "rt", encoding="utf-8") as f:
        data = json.load(f)
    if data.get("schema_version") != SCHEMA_VERSION:
        raise ValueError(
            f"{MODEL_PATH}: schema_version {data.get('schema_version')!r}, expected "
            f"{SCHEMA_VERSION}; rebuild it with scripts/build_langid.py"
        )
    if tuple(data["ngram_orders"]) != NGRAM_ORDERS:
        raise ValueError(
            f"{MODEL_PATH}: ngram_orders {data['ngram_orders']}, expected {NGRAM_ORDERS}"
        )
    return _Model(words=_unpack(data["words"]), ngrams=_unpack(data["ngrams"]), cache={})


def _unpack(groups: dict[str, str]) -> dict[str, float]:
    """``{word: nats}`` from the file's ``{hundredths of a nat: "word word ..."}``."""
    table: dict[str, float] = {}
    for score, keys in groups.items():
        table.update(dict.fromkeys(keys.split(" "), int(score) / 100))
    return table


def identify(text: str) -> LanguageGuess:
    """Guess whether ``text`` (a sentence, line or paragraph) is English or Indonesian."""
    return _identify(_model(), text)


def identify_many(texts: Iterable[str]) -> list[LanguageGuess]:
    """``identify`` each text in turn, loading the model once."""
    model = _model()
    return [_identify(model, t) for t in texts]


def dominant_language(texts: Iterable[str] | str) -> LanguageGuess:
    """The language most of a document is written in.

    ``texts`` are its paragraphs or sentences (a single string is split into lines). Each
    identified text votes with its number of letters; ``confidence`` is the winning share
    of the letters in texts that were not ``"und"``, and the scores are summed over texts.
    """
    if isinstance(texts, str):
        texts = texts.splitlines()
    votes = {EN: 0, ID: 0}
    en_score = id_score = 0.0
    model = _model()
    for text in texts:
        guess = _identify(model, text)
        en_score += guess.en_score
        id_score += guess.id_score
        if guess.lang != UND:
            votes[guess.lang] += sum(c.isalpha() for c in text)
    total = votes[EN] + votes[ID]
    if total == 0 or votes[EN] == votes[ID]:
        return LanguageGuess(UND, 0.0, en_score, id_score)
    lang = EN if votes[EN] > votes[ID] else ID
    return LanguageGuess(lang, votes[lang] / total, en_score, id_score)


def _identify(model: _Model, text: str) -> LanguageGuess:
    pairs = _TOKEN_RE.findall(text)
    if not pairs:
        return LanguageGuess(UND, 0.0, 0.0, 0.0)
    cache_get = model.cache.get
    hits = [cache_get(token) or model.token_evidence(token) for _, token in pairs]
    scores = [score for score, _ in hits]
    capitalised = [i for i, (_, case) in enumerate(hits) if case != _LOWER]
    if capitalised:
        _weigh_capitalised(pairs, hits, capitalised, scores, text)

    # Positive scores are English evidence, negative Indonesian; summed in C, not in a loop.
    net = sum(scores)
    gross = sum(map(abs, scores))
    en_score = (gross + net) / 2
    id_score = (gross - net) / 2
    if en_score + id_score < MIN_EVIDENCE or en_score == id_score:
        return LanguageGuess(UND, 0.0, en_score, id_score)
    margin = en_score - id_score
    confidence = 1.0 / (1.0 + math.exp(-abs(margin) / CONFIDENCE_TEMPERATURE))
    return LanguageGuess(EN if margin > 0 else ID, confidence, en_score, id_score)


def _weigh_capitalised(
    pairs: list[tuple[str, str]],
    hits: list[tuple[float, int]],
    capitalised: list[int],
    scores: list[float],
    text: str,
) -> None:
    """Scale down in ``scores`` the capitalised tokens that are probably names or acronyms."""
    count = len(pairs)
    # In a line in capitals, capitals say nothing about names or acronyms; in a headline,
    # where most words are capitalised, little about names.
    if count >= 2 and all(token.isupper() for _, token in pairs):
        return
    headline = count >= 3 and len(capitalised) >= 0.6 * count
    for i in capitalised:
        token = pairs[i][1]
        case = hits[i][1]
        if len(token) == 1 and (
            pairs[i + 1][0].startswith(".") if i + 1 < count else text.rstrip().endswith(".")
        ):
            scores[i] = 0.0  # an initial: J. K. Rowling, A.S., A.I.
        elif case == _ACRONYM:
            scores[i] = 0.0
        elif headline:
            if case == _CAP_UNKNOWN:
                scores[i] *= HEADLINE_WEIGHT_UNKNOWN
        elif i > 0 and not _BOUNDARY_RE.search(pairs[i][0]):
            # Inside a sentence: a name, or part of one.
            scores[i] *= NAME_WEIGHT_KNOWN if case == _CAP_KNOWN else NAME_WEIGHT_UNKNOWN
        elif case == _CAP_UNKNOWN and i + 1 < count and hits[i + 1][1] != _LOWER:
            scores[i] *= NAME_WEIGHT_UNKNOWN  # starts a sentence and a name: Seth Godin ...
