"""Lexical evidence that needs no model: which words of a sentence have a counterpart.

Every word token gets match keys in one space shared by both languages:

- `#digits`: numbers, normalised across conventions (`750,000` / `750.000`, `3:00` /
  `03.00`, `2.5` / `2,5` all keep only their digits);
- `=word`: the word itself, for names, acronyms, URLs and loanwords (`marketing`);
- `~skel`: a spelling skeleton through English->Indonesian correspondences (`-tion`->`-si`,
  `-ty`->`-tas`, `c`->`k`, `ph`->`f`, `x`->`ks`, ...) so `organization`/`organisasi` meet;
- `@root`: Indonesian roots; the English side reaches them through the bilingual lexicon
  and the Indonesian side through spaCy's lemma table (`memberdayakan` -> `daya`);
- `p?`, `p!`, `p"`, `p(`, `p:`: punctuation both languages share.

A token is matched in a sentence of the other language when one of its keys occurs
there. The similarity of a bead is the weighted share of tokens matched on both sides
(a Dice coefficient), with tokens weighted by inverse document frequency within their
side, so a rare name counts for much and `dan`/`and` for little.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain

import numpy as np

from alignread.align.lexicon import Lexicon
from alignread.core.words import LETTER_WORD, indonesian_root, lemma

_TOKEN = re.compile(
    r"(?P<url>(?:https?://|www\.)\S+?)(?=[\s)\]\"'”’,;]|[.!?](?:\s|$)|$)"
    r"|(?P<acronym>(?:[^\W\d_]\.){2,})"
    r"|(?P<num>\d+(?:[.,:/]\d+)*)"
    r"|(?P<word>" + LETTER_WORD.pattern + ")"
    r"|(?P<punct>[?!\"“”‘’«»()\[\]:%])"
)
# The same tokens, as whole matches only (for `findall`).
_TOKEN_FLAT = re.compile(re.sub(r"\(\?P<\w+>", "(?:", _TOKEN.pattern))
_TOKEN_LINES = re.compile(_TOKEN_FLAT.pattern + "|\n")
_PUNCT = {"?": "p?", "!": "p!", '"': 'p"', "“": 'p"', "”": 'p"', "«": 'p"', "»": 'p"', "‘": "p'",
          "’": "p'", "(": "p(", ")": "p(", "[": "p(", "]": "p(", ":": "p:", "%": "@persen"}
# English words with no Indonesian counterpart to look for (Indonesian has no articles,
# and copulas and auxiliaries are usually left out): not counted at all.
EN_SKIP = frozenset("the a an of be is are was were been being 's 'd 'll do does did".split())

# English -> Indonesian spelling correspondences, applied in order (longest first).
_SUFFIXES = (
    ("ization", "isasi"), ("isation", "isasi"), ("ation", "asi"), ("tion", "si"), ("sion", "si"),
    ("graphy", "grafi"), ("ology", "ologi"), ("logy", "logi"), ("ity", "itas"), ("ty", "tas"),
    ("ical", "is"), ("ics", "ika"), ("ic", "ik"), ("ism", "isme"), ("ist", "is"), ("ive", "if"),
    ("ance", "ansi"), ("ence", "ensi"), ("ancy", "ansi"), ("ency", "ensi"), ("cy", "si"),
    ("ment", "men"), ("ure", "ur"), ("ary", "er"), ("y", "i"),
)
_LETTERS = (
    ("sch", "sk"), ("ph", "f"), ("th", "t"), ("ch", "k"), ("sh", "s"), ("qu", "ku"), ("ck", "k"),
    ("x", "ks"), ("ce", "se"), ("ci", "si"), ("cy", "si"), ("c", "k"), ("y", "i"), ("oo", "u"),
    ("ee", "i"), ("ou", "u"), ("z", "s"), ("q", "k"),
)
_DOUBLE = re.compile(r"([a-z])\1+")
SKELETON_LEN = 5


@lru_cache(maxsize=200_000)
def english_skeleton(word: str) -> str:
    """An English word spelled the Indonesian way, roughly: `organization` -> `organisasi`."""
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            head, tail = word[: -len(suffix)], repl
            break
    else:
        head, tail = word, ""
    for a, b in _LETTERS:
        head = head.replace(a, b)
    return _DOUBLE.sub(r"\1", head + tail)


@lru_cache(maxsize=200_000)
def indonesian_skeleton(word: str) -> str:
    """An Indonesian word in the same skeleton space (`kh`->`k`, `sy`->`s`, no doubles)."""
    return _DOUBLE.sub(r"\1", word.replace("kh", "k").replace("sy", "s"))


def normalise_number(token: str) -> str:
    """Only the digits, without leading zeros: `750,000`, `750.000` -> `750000`; `03.00` -> `300`."""
    digits = re.sub(r"\D", "", token).lstrip("0")
    return digits or "0"


_LEXICONS: dict[int, Lexicon] = {}


@lru_cache(maxsize=300_000)
def _english_keys(word: str, lem: str, lexicon_key: int) -> tuple[str, ...]:
    lex = _LEXICONS[lexicon_key]
    keys = ["=" + word]
    if len(word) >= 4:
        skel = english_skeleton(word)
        if len(skel) >= 4:
            keys.append("~" + skel[:SKELETON_LEN])
    translations = lex.translations(lem)
    if lem != word:
        translations = translations | lex.translations(word)
    for t in sorted(translations):  # a set: in a fixed order, not the hash seed's
        for part in t.split():
            keys.append("@" + lemma(part, "id"))
    return tuple(dict.fromkeys(keys))


@lru_cache(maxsize=300_000)
def _indonesian_keys(word: str, root: str) -> tuple[str, ...]:
    keys = ["=" + word, "@" + root]
    if root != word:
        keys.append("@" + word)
    for form in (root, word):
        if len(form) >= 4:
            keys.append("~" + indonesian_skeleton(form)[:SKELETON_LEN])
    return tuple(dict.fromkeys(keys))


def token_keys(
    kind: str, tok: str, lang: str, lexicon_key: int, lemmas: Mapping[str, str] | None = None
) -> tuple[str, tuple[str, ...]] | None:
    """`(identity, keys)` of one token, or None for a token that does not count.

    The identity is what IDF is taken over (the lemma or root); the keys are what it can
    match on the other side. `lemmas` (word -> lemma, from an NLP backend such as Stanza)
    takes precedence over the lookup tables.
    """
    if kind == "word" or kind == "acronym":
        # `U.S.` is looked up as `us`, `A.S.` as `as`.
        word = tok.lower().replace("’", "'").replace(".", "")
        given = lemmas.get(word) if lemmas else None
        if lang == "id":
            keys = _indonesian_keys(word, given or indonesian_root(word))
            return keys[1], keys
        if word in EN_SKIP:
            return None
        lem = given or lemma(word, "en")
        return "=" + lem, _english_keys(word, lem, lexicon_key)
    if kind == "num":
        key = "#" + normalise_number(tok)
    elif kind == "url":
        key = "=" + tok.lower().rstrip("/")
    else:
        key = _PUNCT[tok]
    return key, (key,)


def _token_kind(token: str) -> str:
    """The kind (`word`, `num`, ...) of a token `_TOKEN` found."""
    m = _TOKEN.fullmatch(token)
    assert m is not None and m.lastgroup is not None, token
    return m.lastgroup


def register_lexicon(lexicon: Lexicon) -> int:
    """The key `token_keys` looks a lexicon up by (kept for the process, so cached keys stay valid)."""
    key = id(lexicon)
    _LEXICONS.setdefault(key, lexicon)
    return key


# The keys of each token seen, per language and lexicon: a book aligned chapter by chapter
# meets the same words in every chapter. Bounded: a cache is dropped when it grows past
# this many tokens.
_KEYS_CACHE: dict[tuple[str, int], dict[str, tuple[str, tuple[str, ...]] | None]] = {}
_KEYS_CACHE_SIZE = 500_000


def sentence_tokens(text: str, lang: str, lexicon: Lexicon) -> list[tuple[str, tuple[str, ...]]]:
    """`(identity, keys)` for each token of `text` that counts."""
    lexicon_key = register_lexicon(lexicon)
    cache = _KEYS_CACHE.setdefault((lang, lexicon_key), {})
    out = []
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if tok in cache:
            found = cache[tok]
        else:
            found = cache[tok] = token_keys(m.lastgroup or "", tok, lang, lexicon_key)
        if found is not None:
            out.append(found)
    if len(cache) > _KEYS_CACHE_SIZE:
        cache.clear()
    return out


def token_offsets(text: str, lang: str) -> list[int]:
    """Where each token of `text` that counts starts, in the order `build_features` lists them."""
    # `token_keys` leaves out only English words of EN_SKIP. (No other token can be one:
    # numbers have no letters, a URL starts with `http` or `www`, a mark is a character.)
    found = _TOKEN_FLAT.finditer(text.replace("\n", " "))
    if lang != "en":
        return [m.start() for m in found]
    return [m.start() for m in found if m.group().lower().replace("’", "'").replace(".", "") not in EN_SKIP]


def unique_ints(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values of an integer array.

    `np.unique` hashes integer arrays in numpy 2.x, which measured about 80 times slower
    than sorting for the arrays this module builds.
    """
    values = np.sort(values, kind="stable")
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


@dataclass(frozen=True, slots=True)
class SideFeatures:
    """The tokens of one side and their match keys, as parallel integer arrays."""

    tok_unit: np.ndarray  # sentence of each token
    tok_weight: np.ndarray  # IDF weight of each token
    occ_tok: np.ndarray  # (token, key) occurrences: the token ...
    occ_key: np.ndarray  # ... and one of its keys (each pair once)
    post_unit: np.ndarray  # (sentence, key) postings, each pair once
    post_key: np.ndarray
    unit_weight: np.ndarray  # summed token weights per sentence

    @property
    def occ_unit(self) -> np.ndarray:
        return self.tok_unit[self.occ_tok]


@dataclass(frozen=True, slots=True)
class FeatureTable:
    en: SideFeatures
    ind: SideFeatures
    nkeys: int




_KEY_IDS: dict[str, int] = {}
_KEY_NAMES: list[str] = []  # the key of each process-wide number
_KEY_IDS_SIZE = 2_000_000
_ID_CACHE: dict[tuple[str, int], dict[str, tuple[int, tuple[int, ...]] | None]] = {}


def _key_id(key: str) -> int:
    number = _KEY_IDS.get(key)
    if number is None:
        number = _KEY_IDS[key] = len(_KEY_NAMES)
        _KEY_NAMES.append(key)
    return number


def _encode_side(
    sents: Sequence[str], lang: str, lexicon: Lexicon, lemmas: Mapping[str, str] | None = None
) -> SideFeatures:
    lexicon_key = register_lexicon(lexicon)
    # Tokenise with the regex engine, then encode each distinct token once: a token's
    # keys depend only on its text.
    # One pass of the regex over the whole side: no token crosses a line break, so each
    # "\n" token closes a sentence.
    flat = _TOKEN_LINES.findall("\n".join(s.replace("\n", " ") for s in sents) + "\n")
    ends = np.flatnonzero(np.fromiter((t == "\n" for t in flat), dtype=bool, count=len(flat)))
    sentence_of = np.repeat(np.arange(len(sents), dtype=np.int64), np.diff(np.concatenate([[-1], ends])))
    distinct = list(set(flat))
    position = {tok: k for k, tok in enumerate(distinct)}
    d_ident = np.full(len(distinct), -1, dtype=np.int64)
    d_keys: list[tuple[int, ...]] = []
    # Identities and keys as process-wide numbers (`_KEY_IDS`), each token's worked out
    # once: `build_features` renumbers them densely for the call.
    cache = _ID_CACHE.setdefault((lang, lexicon_key), {}) if lemmas is None else {}
    for k, tok in enumerate(distinct):
        if tok == "\n":
            d_keys.append(())
            continue
        if tok in cache:
            ids = cache[tok]
        else:
            found = token_keys(_token_kind(tok), tok, lang, lexicon_key, lemmas)
            ids = cache[tok] = None if found is None else (
                _key_id(found[0]), tuple(_key_id(key) for key in found[1]))
        if ids is None:
            d_keys.append(())
            continue
        d_ident[k] = ids[0]
        d_keys.append(ids[1])
    d_len = np.fromiter(map(len, d_keys), dtype=np.int64, count=len(d_keys))
    d_start = np.cumsum(d_len) - d_len
    d_flat = np.fromiter(chain.from_iterable(d_keys), dtype=np.int64, count=int(d_len.sum()))
    which = np.fromiter(map(position.__getitem__, flat), dtype=np.int64, count=len(flat))
    keep = d_ident[which] >= 0
    which = which[keep]
    tok_unit = sentence_of[keep]
    tok_ident = d_ident[which]
    lengths = d_len[which]
    otok = np.repeat(np.arange(len(which), dtype=np.int64), lengths)
    within = np.arange(len(otok), dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    okey = d_flat[d_start[which][otok] + within]
    units = tok_unit
    ident = np.unique(tok_ident, return_inverse=True)[1].reshape(-1) if len(tok_ident) else tok_ident
    # IDF over the sentences of this side: in how many sentences each identity occurs.
    n = max(len(sents), 1)
    if len(ident):
        pairs = unique_ints(units * (ident.max() + 1) + ident)
        df = np.bincount(pairs % (ident.max() + 1), minlength=ident.max() + 1)
        weight = np.log1p(n / np.maximum(df[ident], 1))
    else:
        weight = np.zeros(0)
    # Keys as process-wide numbers here; `build_features` renumbers them and makes the postings.
    empty = np.zeros(0, dtype=np.int64)
    return SideFeatures(units, weight, otok, okey, empty, empty,
                        np.bincount(units, weights=weight, minlength=len(sents)))


def _with_keys(side: SideFeatures, occ_key: np.ndarray) -> SideFeatures:
    """`side` with its keys renumbered, and its (sentence, key) postings: each pair once,
    sorted by sentence, then key."""
    units = side.tok_unit[side.occ_tok]
    post = unique_ints(units * (1 << 32) + occ_key) if len(occ_key) else np.zeros(0, dtype=np.int64)
    return replace(side, occ_key=occ_key, post_unit=post >> 32, post_key=post & ((1 << 32) - 1))


def build_features(
    en: Sequence[str],
    ind: Sequence[str],
    lexicon: Lexicon,
    en_lemmas: Mapping[str, str] | None = None,
    ind_lemmas: Mapping[str, str] | None = None,
) -> FeatureTable:
    """Tokens, keys and weights of both sides (lemmas from a backend when given)."""
    if len(_KEY_IDS) > _KEY_IDS_SIZE:
        _KEY_IDS.clear()
        _KEY_NAMES.clear()
        _ID_CACHE.clear()
    e = _encode_side(en, "en", lexicon, en_lemmas)
    i = _encode_side(ind, "id", lexicon, ind_lemmas)
    # Keys renumbered densely in the order of the keys themselves. Not in the order of
    # their process-wide numbers: those follow the order words were first met in, which
    # depends on the hash seed (sets of tokens) and on what this process aligned before, and
    # the order of the keys is the order sums of evidence are added in: a bead's score
    # would differ in its last bits from run to run, and a near tie go either way.
    keys, dense = np.unique(np.concatenate((e.occ_key, i.occ_key)), return_inverse=True)
    names = [_KEY_NAMES[k] for k in keys.tolist()]
    rank = np.empty(len(keys), dtype=np.int64)
    rank[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(keys), dtype=np.int64)
    dense = rank[dense.reshape(-1)]
    return FeatureTable(_with_keys(e, dense[:len(e.occ_key)]), _with_keys(i, dense[len(e.occ_key):]), len(keys))
