"""Words: what counts as one, and their lookup lemmas, without loading spaCy.

The tables are spaCy's own lookup tables from `spacy-lookups-data` (MIT): about 41k English
and 37k Indonesian forms (`memberdayakan` -> `daya`, `tersebar` -> `sebar`). They are read
straight from the package so that the aligner and the reader's search do not pay for
importing spaCy.
"""

from __future__ import annotations

import re
from functools import lru_cache

# The word patterns, one home for all of them. Each keeps `co-operation`, `buku-buku` and
# `don't` whole; they differ in what they let a word hold:
# - WORD: letters and digits (`covid19`, `2024`): search, glosses, the reader's words;
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# - LETTER_WORD: letters only, digits end it: the aligner's lexical tokens and language
#   identification, which treat numbers on their own;
LETTER_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
# - WORD_AT: a word as the sentence-boundary rules see one: it starts with a letter and
#   may go on with digits (`Vaccine`, `Dr`, `SNL-nya`, `G20`).
WORD_AT = re.compile(r"[^\W\d_][^\W_]*(?:['’\-][^\W_]+)*")


def counted(n: int, word: str, plural: str | None = None) -> str:
    """`1 sentence`, `2 sentences`; `plural` where adding an s is wrong (`matches`)."""
    return f"{n} {word if n == 1 else plural or word + 's'}"


def words(text: str) -> list[str]:
    """Lowercase word tokens of `text`."""
    return [w.lower() for w in WORD.findall(text)]


@lru_cache(maxsize=4)
def lemma_table(lang: str) -> dict[str, str]:
    """spaCy's lookup lemma table for `lang` (`en`, `id`); empty when not installed."""
    import gzip
    import json
    from importlib import resources  # here: importing it costs what a word pattern does not

    try:
        data = resources.files("spacy_lookups_data") / "data" / f"{lang}_lemma_lookup.json.gz"
        with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
            table = json.load(fh)
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    return {k.lower(): v.lower() for k, v in table.items()}


@lru_cache(maxsize=1)
def english_word_classes() -> dict[str, frozenset[str]]:
    """English lemmas by the classes they can be (`noun`, `verb`, `adj`, `adv`): spaCy's
    lemma index, from WordNet; empty when not installed."""
    import gzip
    import json
    from importlib import resources

    try:
        data = resources.files("spacy_lookups_data") / "data" / "en_lemma_index.json.gz"
        with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
            index = json.load(fh)
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    return {k: frozenset(w.lower() for w in v) for k, v in index.items()}


def lemma(word: str, lang: str) -> str:
    """The lemma of a lowercase word (the word itself when the table does not know it)."""
    table = lemma_table(lang)
    found = table.get(word)
    if found is not None:
        return found
    if "-" in word and lang == "id":
        # Indonesian reduplication: `buku-buku` -> `buku`, `memilih-milih` -> `pilih`.
        head, _, tail = word.partition("-")
        if head == tail or head.endswith(tail) or tail.endswith(head):
            return table.get(head, head)
    return word


_CLITICS = ("nya", "lah", "kah", "pun", "ku", "mu")


def indonesian_root(word: str) -> str:
    """The root of an Indonesian word: the lemma table's, after dropping a clitic if needed."""
    root = lemma(word, "id")
    if root == word:
        for clitic in _CLITICS:
            if word.endswith(clitic) and len(word) - len(clitic) >= 3:
                return lemma(word[: -len(clitic)], "id")
    return root


def lemmas(text: str, lang: str) -> tuple[str, ...]:
    """Lowercase lemmas of the words of `text`."""
    return tuple(lemma(w, lang) for w in words(text))


@lru_cache(maxsize=4)
def vocabulary(lang: str) -> frozenset[str]:
    """Common lowercase words of `lang`: every form and lemma of its lookup table."""
    table = lemma_table(lang)
    return frozenset(table) | frozenset(table.values())


# Indonesian affixes, for words the lookup table does not know (`dibaca`, `disebarkan`,
# `mempercayai`): a prefix (its nasal restored: `menyebar` -> `sebar`), a suffix and a
# clitic may go, if what is left is a lemma of the table.
_ID_CLITICS = ("nya", "lah", "kah", "pun", "ku", "mu", "")
_ID_SUFFIXES = ("kan", "an", "i", "")
_ID_PREFIXES = (
    ("memper", ""), ("diper", ""), ("meng", ""), ("meng", "k"), ("meny", "s"), ("mem", ""), ("mem", "p"),
    ("men", ""), ("men", "t"), ("me", ""), ("peng", ""), ("peng", "k"), ("peny", "s"), ("pem", ""), ("pem", "p"),
    ("pen", ""), ("pen", "t"), ("pe", ""), ("ber", ""), ("be", ""), ("ter", ""), ("per", ""), ("di", ""),
    ("ke", ""), ("se", ""), ("", ""),
)


@lru_cache(maxsize=4)
def lemmas_of(lang: str) -> frozenset[str]:
    """Every lemma of `lang`'s lookup table."""
    return frozenset(lemma_table(lang).values())


@lru_cache(maxsize=100_000)
def root_form(word: str, lang: str) -> str:
    """A lowercase word's lemma, or for an Indonesian word the table does not know, the
    longest lemma of the table its affixes leave (`dibaca` -> `baca`); else the word."""
    found = lemma(word, lang)
    if found != word or lang != "id" or word in lemmas_of("id"):
        return found
    known = lemmas_of("id")
    best = ""
    for clitic in _ID_CLITICS:
        if clitic and not word.endswith(clitic):
            continue
        w1 = word[: len(word) - len(clitic)]
        for suffix in _ID_SUFFIXES:
            if suffix and not w1.endswith(suffix):
                continue
            w2 = w1[: len(w1) - len(suffix)]
            for prefix, restored in _ID_PREFIXES:
                if not w2.startswith(prefix):
                    continue
                stem = restored + w2[len(prefix):]
                if len(stem) >= 3 and stem != word and stem in known and len(stem) > len(best):
                    best = stem
    return best or word
