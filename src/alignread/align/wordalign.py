"""Word alignment inside beads: which English words translate which Indonesian words.

The model is fast_align's (Dyer, Chahuneau & Smith 2013): IBM Model 2 whose alignment
distribution favours the diagonal of a bead, trained with EM in both directions. A
document of a few dozen beads is far too small for word statistics alone, so every pair of
words also carries *prior evidence* that needs no training, and the E-step weighs each
link by it (`Evidence`):

- the shipped lexicon (`alignread.align.lexicon`): an English lemma's Indonesian
  translations, as written, without a clitic or as a root (`favourite` -> `kesukaan`
  meets `kesukaannya`, `try` -> `coba` meets `mencobanya`); a translation of several
  words (`nobody` -> `tak seorang pun`) or an English entry of several words (`word of
  mouth` -> `getok tular`) links every word of the two runs where both occur in the bead;
- the same word on both sides (names, numbers, loanwords: `Surabaya`, `3`, `marketing`);
- weaker: cognates through the spelling skeletons of `alignread.align.features`
  (`organization` / `organisasi`), a word of a translation's root, a derived word's base
  (`listener` -> `listen` -> `dengar` meets `pendengar`);
- English `re-` as `ulang` or `kembali` beside the base's translation (`re-read` ->
  `dibaca ulang`);
- negative concord (`nothing` ... `tidak`).

The links are then, for each bead: the pairs the two directions' posteriors agree on,
grown grow-diag-final style (Koehn et al. 2005) by pairs one direction is sure of and the
evidence supports (`symmetrise`); a repeated word linked at one place per occurrence
(`one_per_occurrence`); small words kept only with evidence (`prune`); gaps facing each
other linked (`fill_gaps`); the unlinked word of a noun phrase found by the Indonesian
order (`invert`); and small words attached by grammar (`attach`).
`counterpart` gives a phrase's counterpart from the links.

Words are the reader's words (`alignread.core.words.WORD`), so a link is between word k of
a side of a bead as the reader counts them, and a selection maps onto links directly.
`train` learns the translation tables from any beads (a document's, a corpus's);
`WordModel.align` then aligns one bead in about a millisecond, so the reader can align a
bead made by merging or splitting without training again. benchmarks/phrases.py scores
all this on hand-written gold phrases.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from alignread.align.features import EN_SKIP, english_skeleton, indonesian_root, indonesian_skeleton
from alignread.align.lexicon import Lexicon, load_builtin
from alignread.core.sides import on_side
from alignread.core.words import WORD, english_word_classes, lemma

Link = tuple[int, int]  # (English word, Indonesian word), both counted from 0 within the bead
Links = frozenset[Link]

# The weight of prior evidence in the E-step: a link the lexicon supports counts this many
# times more than one it does not, before the translation tables say anything.
EVIDENCE_WEIGHT = 30.0
# Evidence of a cognate or of a word of a translation's root, where a translation's is 1.
RELATED = 0.5
# fast_align's defaults: the chance of a word having no counterpart, and how sharply the
# alignment favours the diagonal (its "tension", not re-estimated here).
NULL_PROBABILITY = 0.08
TENSION = 4.0
# Words that most often have no counterpart: a larger chance of aligning to nothing.
FUNCTION_NULL = 0.4
ID_FUNCTION = frozenset(
    "yang itu ini pun lah kah nya si sang para sebuah seorang suatu adalah akan telah sudah".split())
# Negative concord: `nothing to gain` is `tidak mendapat untung apa-apa`, the negation
# standing apart from the word the lexicon gives (`nothing` -> `apa-apa`).
EN_NEGATIVE = frozenset("no not nothing nobody none never neither nor cannot can't won't don't n't".split())
ID_NEGATIVE = frozenset("tidak tak bukan belum jangan tanpa".split())
# Words that belong to the word next to them and are translated with it (see `attach`).
ID_TITLES = frozenset("bu pak ibu bapak mbak mas kak dik".split())
ID_ARTICLES_BEFORE = frozenset("si sang para sebuah seorang suatu".split())
ID_ARTICLES_AFTER = frozenset("itu ini".split())
EN_POSSESSIVES = frozenset("my your his her its our their".split())
EN_PREPOSITIONS = frozenset(
    "in on at for with by from into onto of to about through over under after before since until towards toward "
    "upon within without against among between across during past near beside behind beyond around along "
    "despite via per throughout above below beneath underneath".split())
ID_PREPOSITIONS = frozenset(
    "di ke dari untuk dengan oleh pada dalam kepada bagi tentang terhadap sejak sampai hingga menuju antara".split())
ID_AGAIN = frozenset(("ulang", "kembali"))  # what English `re-` says
ID_ADVERB_MARKERS = frozenset(("dengan", "secara"))
EN_DETERMINERS = frozenset("the a an this that these those".split())
# Words that are not content words, for `fill_gaps`.
EN_FUNCTION = EN_SKIP | frozenset(
    "to in on at for with by from into of and or but so as than then that this these those which who whom whose "
    "what it its they them their he him his she her we us our you your i me my not no".split())
ID_FUNCTION_WORDS = ID_FUNCTION | frozenset(
    "di ke dari untuk dengan oleh dan atau tetapi karena pada dalam bahwa".split())
ITERATIONS = 5
SMOOTHING = 0.01  # Dirichlet pseudo-count of every pair seen together in a bead
LONGEST_ENTRY = 4  # English entries of up to this many words are looked up
# Symmetrising (`symmetrise`): the geometric mean of the two directions' posteriors a link
# needs, and the posterior of one direction that a link the lexicon supports needs.
THRESHOLD = 0.4
ONE_SIDED = 0.5
# Occurrences of a word this close are one place, a repetition the language makes
# (`one_per_occurrence`): English `little by little`, `again and again` (two apart);
# Indonesian `mulut ke mulut`, `kata demi kata`, `suka atau tidak suka` (up to three).
EN_REPEAT_SPAN = 2
ID_REPEAT_SPAN = 3
STRETCH = 0.3  # what a phrase's counterpart pays for each word it covers (see `counterpart`)


def bead_words(text: str) -> list[str]:
    """The lowercase words of one side of a bead, as the reader counts them."""
    return [m.group().lower() for m in WORD.finditer(text)]


@lru_cache(maxsize=100_000)
def _english_lemma(word: str) -> str:
    return lemma(word.replace("’", "'"), "en")


@lru_cache(maxsize=100_000)
def _root(word: str) -> str:
    return indonesian_root(word)


@dataclass(frozen=True, slots=True)
class _EnglishEntry:
    """What the lexicon offers for one English word: its one-word translations, their
    roots, and its translations of several words."""

    forms: frozenset[str]
    roots: frozenset[str]
    runs: tuple[tuple[str, ...], ...]
    skeleton: str


_CLITICS = ("nya", "lah", "kah", "pun", "ku", "mu")


@lru_cache(maxsize=100_000)
def _bare(word: str) -> str:
    """An Indonesian word without its clitic (`kesukaannya` -> `kesukaan`)."""
    for clitic in _CLITICS:
        if word.endswith(clitic) and len(word) - len(clitic) >= 3:
            return word[: -len(clitic)]
    return word


class Evidence:
    """Prior evidence between the words of a bead, from one lexicon (cached per word).

    1 for the same word on both sides, or an Indonesian word that is a translation the
    lexicon gives (as written, without its clitic, or as its root: `coba` for
    `mencobanya`); `RELATED` for a word of the same root as a translation (`berusaha` for
    `perusahaan`, which may or may not be meant) and for a cognate.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._entries: dict[str, _EnglishEntry] = {}
        self._runs: dict[tuple[str, ...], _EnglishEntry | None] = {}
        self._pairs: dict[tuple[str, str], float] = {}

    def _entry(self, word: str) -> _EnglishEntry:
        found = self._entries.get(word)
        if found is None:
            lem = _english_lemma(word)
            translations = self.lexicon.translations(lem) | self.lexicon.translations(word)
            if not translations and word.startswith("re-") and len(word) > 5:
                # `re-` is Indonesian's `ulang` or `kembali` beside the base's translation
                # (`re-read` -> `dibaca ulang`, `re-reading` -> `membaca ulang`).
                base = word[3:]
                translations = self.lexicon.translations(_english_lemma(base)) | self.lexicon.translations(base)
                if translations:
                    translations = translations | ID_AGAIN
            found = self._from_translations(translations, word)
            if not translations:
                # A derived word the lexicon lacks (`listener`, `teller`, `persuader`):
                # its base's translations, by root only (`listen` -> `dengar` meets
                # `pendengar`), so at most `RELATED`.
                for base in _bases(lem):
                    related = self._from_translations(self.lexicon.translations(base))
                    if related.roots:
                        found = _EnglishEntry(frozenset(), related.roots, (), found.skeleton)
                        break
            self._entries[word] = found
        return found

    def _from_translations(self, translations: Iterable[str], word: str = "") -> _EnglishEntry:
        forms: set[str] = set()
        runs: list[tuple[str, ...]] = []
        for t in translations:
            parts = tuple(bead_words(t))
            if len(parts) == 1:
                forms.add(parts[0])
            elif parts:
                runs.append(parts)
        skel = english_skeleton(word)[:5] if len(word) >= 4 else ""
        return _EnglishEntry(frozenset(forms), frozenset(_root(f) for f in forms), tuple(runs),
                             skel if len(skel) >= 4 else "")

    def _single(self, entry: _EnglishEntry, f: str, bare: str, root: str, function: bool = False) -> float:
        if f in entry.forms or bare in entry.forms:
            return 1.0
        if function:
            # A small word's translations are small words too, met as written: `for` ->
            # `bagi` is not `membagikan`, `a` -> `seorang` is not `orang`.
            return 0.0
        if root in entry.forms:
            # The translation is the word's root: a verb's affixes keep its meaning
            # (`coba` -> `mencobanya`), a noun's `pe-`, `per-an`, `ke-an` make another
            # word of it (`usaha` -> `perusahaan`).
            return RELATED if f[:2] in ("pe", "ke") and not root.startswith(f[:2]) else 1.0
        if root in entry.roots:
            return RELATED
        return 0.0

    def _pair(self, e: str, entry: _EnglishEntry, f: str, bare: str, root: str, skeletons: set[str]) -> float:
        if f == e or (e in EN_NEGATIVE and f in ID_NEGATIVE):
            return 1.0
        value = self._single(entry, f, bare, root, e in EN_FUNCTION)
        if not value and entry.skeleton and entry.skeleton in skeletons:
            return RELATED
        return value

    def _phrase(self, words: tuple[str, ...]) -> _EnglishEntry | None:
        """What the lexicon offers for English words one after another, if anything."""
        if words in self._runs:
            return self._runs[words]
        translations = self.lexicon.translations(" ".join(words)) | self.lexicon.translations(
            " ".join(_english_lemma(w) for w in words))
        found = self._runs[words] = self._from_translations(translations) if translations else None
        return found

    def matrix(self, en: Sequence[str], ind: Sequence[str]) -> np.ndarray:
        """Evidence in [0, 1] for every (English word, Indonesian word) of a bead."""
        m, n = len(en), len(ind)
        ev = np.zeros((m, n), dtype=np.float64)
        if not m or not n:
            return ev
        roots = [_root(f) for f in ind]
        bare = [_bare(f) for f in ind]
        skeletons = [{indonesian_skeleton(f)[:5], indonesian_skeleton(r)[:5]} for f, r in zip(ind, roots)]
        pairs = self._pairs
        for i, e in enumerate(en):
            entry = self._entry(e)
            for j, f in enumerate(ind):
                value = pairs.get((e, f))
                if value is None:
                    value = pairs[e, f] = self._pair(e, entry, f, bare[j], roots[j], skeletons[j])
                ev[i, j] = value
            for run in entry.runs:
                for j in _occurrences(run, ind, roots):
                    ev[i, j:j + len(run)] = 1.0
        # English entries of several words (`word of mouth`, `according to`).
        for size in range(2, min(LONGEST_ENTRY, m) + 1):
            for i in range(m - size + 1):
                phrase = self._phrase(tuple(en[i:i + size]))
                if phrase is None:
                    continue
                entry = phrase
                for j, f in enumerate(ind):
                    ev[i:i + size, j] = np.maximum(ev[i:i + size, j], self._single(entry, f, bare[j], roots[j]))
                for run in entry.runs:
                    for j in _occurrences(run, ind, roots):
                        ev[i:i + size, j:j + len(run)] = 1.0
        return ev


def _bases(word: str) -> list[str]:
    """Words `word` may be derived from by an English suffix: `listener` -> `listen`,
    `persuader` -> `persuade`, `shopper` -> `shop`, `slowness` -> `slow`."""
    out = []
    for suffix in ("er", "or", "ness", "ly", "ment"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            out += [stem, stem + "e"]
            if len(stem) > 3 and stem[-1] == stem[-2]:
                out.append(stem[:-1])
    return out


def _occurrences(run: tuple[str, ...], ind: Sequence[str], roots: Sequence[str]) -> list[int]:
    """Where the words of `run` stand one after another in `ind` (by form or root)."""
    k = len(run)
    out = []
    for j in range(len(ind) - k + 1):
        if all(ind[j + t] == run[t] or roots[j + t] == _root(run[t]) for t in range(k)):
            out.append(j)
    return out


# ---------------------------------------------------------------- the model


@dataclass(slots=True)
class _Direction:
    """One direction of the model: t(target type | source type), NULL as source type -1."""

    table: dict[tuple[int, int], float] = field(default_factory=dict)


@dataclass(slots=True)
class WordModel:
    """Translation tables learned by `train`, and what is needed to align a new bead."""

    evidence: Evidence
    en_types: dict[str, int]
    id_types: dict[str, int]
    en_to_id: _Direction  # t(Indonesian | English)
    id_to_en: _Direction  # t(English | Indonesian)

    def align(self, en: Sequence[str], ind: Sequence[str]) -> Links:
        """The links of one bead (lowercase words as `bead_words` gives them)."""
        return align_beads(self, [(en, ind)])[0]


def _type_ids(words: Sequence[str], lang: str, types: dict[str, int], grow: bool) -> np.ndarray:
    out = np.empty(len(words), dtype=np.int64)
    for k, w in enumerate(words):
        key = _english_lemma(w) if lang == "en" else _root(w)
        t = types.get(key)
        if t is None:
            t = len(types) if grow else -2  # -2: a type the model has not seen
            if grow:
                types[key] = t
        out[k] = t
    return out


@dataclass(slots=True)
class _Cells:
    """Every (target word, source word or NULL) of a set of beads, as flat arrays; the
    cells of one target word are contiguous, NULL first."""

    token_start: np.ndarray  # first cell of each target word
    token: np.ndarray  # target word (global index) of each cell
    source: np.ndarray  # source type, -1 for NULL
    target: np.ndarray  # target type
    prior: np.ndarray  # distortion x evidence factor, without the translation table
    position: np.ndarray  # source position within the bead, -1 for NULL
    bead_of_token: np.ndarray
    position_of_token: np.ndarray


def _cells(
    beads: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]], reverse: bool
) -> _Cells:
    """Cells for one direction. Each bead: (en types, id types, evidence, en null, id null)."""
    parts: dict[str, list[np.ndarray]] = {k: [] for k in ("token", "source", "target", "prior", "position")}
    bead_of_token, position_of_token = [], []
    offset = 0
    for b, (en_t, id_t, ev, en_null, id_null) in enumerate(beads):
        src_t, tgt_t = (id_t, en_t) if reverse else (en_t, id_t)
        evid = ev.T if not reverse else ev  # evid[target j, source i]
        tgt_null = en_null if reverse else id_null
        m, n = len(src_t), len(tgt_t)
        if not n:
            continue
        j = np.arange(n)
        if m:
            i = np.arange(m)
            # fast_align's diagonal: exp(-tension * |i/m - j/n|), normalised per target word.
            h = np.exp(-TENSION * np.abs((i[None, :] + 0.5) / m - (j[:, None] + 0.5) / n))
            h /= h.sum(axis=1, keepdims=True)
            word = (1.0 - tgt_null)[:, None] * h * (1.0 + EVIDENCE_WEIGHT * evid)
        else:
            word = np.zeros((n, 0))
        prior = np.concatenate([tgt_null[:, None], word], axis=1)
        parts["token"].append(np.repeat(offset + j, m + 1))
        parts["source"].append(np.concatenate([np.full((n, 1), -1), np.broadcast_to(src_t, (n, m))], axis=1).ravel())
        parts["target"].append(np.repeat(tgt_t, m + 1))
        parts["prior"].append(prior.ravel())
        parts["position"].append(np.tile(np.arange(-1, m), n))
        bead_of_token.append(np.full(n, b))
        position_of_token.append(j)
        offset += n
    cat = {k: np.concatenate(v) if v else np.zeros(0, dtype=np.int64) for k, v in parts.items()}
    token = cat["token"].astype(np.int64)
    starts = np.flatnonzero(np.concatenate([[True], token[1:] != token[:-1]])) if len(token) else token
    return _Cells(starts, token, cat["source"].astype(np.int64), cat["target"].astype(np.int64), cat["prior"],
                  cat["position"].astype(np.int64),
                  np.concatenate(bead_of_token) if bead_of_token else np.zeros(0, dtype=np.int64),
                  np.concatenate(position_of_token) if position_of_token else np.zeros(0, dtype=np.int64))


def _pair_keys(cells: _Cells, n_targets: int) -> np.ndarray:
    return (cells.source + 2) * (n_targets + 2) + (cells.target + 2)


def _em(cells: _Cells, n_targets: int, iterations: int) -> dict[tuple[int, int], float]:
    """EM over the cells; the translation table t(target | source) it ends with."""
    keys = _pair_keys(cells, n_targets)
    pairs, pair_of = np.unique(keys, return_inverse=True)
    source_of_pair = pairs // (n_targets + 2)
    _, group = np.unique(source_of_pair, return_inverse=True)
    t = np.ones(len(pairs))
    for _ in range(iterations):
        score = t[pair_of] * cells.prior
        total = np.add.reduceat(score, cells.token_start) if len(score) else score
        posterior = score / np.repeat(total, np.diff(np.append(cells.token_start, len(score))))
        counts = np.bincount(pair_of, weights=posterior, minlength=len(pairs)) + SMOOTHING
        t = counts / np.bincount(group, weights=counts)[group]
    return {(int(p // (n_targets + 2)) - 2, int(p % (n_targets + 2)) - 2): float(v) for p, v in zip(pairs, t)}


def _posteriors(cells: _Cells, table: dict[tuple[int, int], float], default: float) -> np.ndarray:
    """The posterior of every cell: how likely its target word is to come from its source."""
    if not len(cells.token):
        return np.zeros(0)
    t = np.fromiter((table.get((s, g), default) for s, g in zip(cells.source.tolist(), cells.target.tolist())),
                    dtype=np.float64, count=len(cells.source))
    score = t * cells.prior
    total = np.add.reduceat(score, cells.token_start)
    return score / np.repeat(total, np.diff(np.append(cells.token_start, len(score))))


def _matrices(cells: _Cells, posterior: np.ndarray, shapes: list[tuple[int, int]]) -> list[np.ndarray]:
    """Per bead, the posteriors as a (target words x source words) matrix, NULL left out."""
    out = [np.zeros(shape) for shape in shapes]
    keep = cells.position >= 0
    token = cells.token[keep]
    bead = cells.bead_of_token[token]
    row = cells.position_of_token[token]
    col = cells.position[keep]
    values = posterior[keep]
    for b, r, c, v in zip(bead.tolist(), row.tolist(), col.tolist(), values.tolist()):
        out[b][r, c] = v
    return out


def _prepared(model: WordModel, beads: Sequence[tuple[Sequence[str], Sequence[str]]], grow: bool):
    out = []
    for en, ind in beads:
        en_t = _type_ids(en, "en", model.en_types, grow)
        id_t = _type_ids(ind, "id", model.id_types, grow)
        ev = model.evidence.matrix(en, ind)
        en_null = np.array([FUNCTION_NULL if w in EN_SKIP else NULL_PROBABILITY for w in en])
        id_null = np.array([FUNCTION_NULL if w in ID_FUNCTION else NULL_PROBABILITY for w in ind])
        out.append((en_t, id_t, ev, en_null, id_null))
    return out


def train(
    beads: Sequence[tuple[Sequence[str], Sequence[str]]],
    lexicon: Lexicon | None = None,
    iterations: int = ITERATIONS,
) -> WordModel:
    """Learn translation tables from beads given as (English words, Indonesian words)."""
    model = WordModel(Evidence(load_builtin() if lexicon is None else lexicon), {}, {}, _Direction(), _Direction())
    prepared = _prepared(model, beads, grow=True)
    model.en_to_id.table = _em(_cells(prepared, reverse=False), len(model.id_types), iterations)
    model.id_to_en.table = _em(_cells(prepared, reverse=True), len(model.en_types), iterations)
    return model


def link_scores(
    model: WordModel, beads: Sequence[tuple[Sequence[str], Sequence[str]]]
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per bead, three (English words x Indonesian words) matrices: the posterior that the
    Indonesian word comes from the English one, the reverse, and the prior evidence."""
    prepared = _prepared(model, beads, grow=False)
    shapes = [(len(en), len(ind)) for en, ind in beads]
    fwd_cells = _cells(prepared, reverse=False)
    bwd_cells = _cells(prepared, reverse=True)
    fwd = _matrices(fwd_cells, _posteriors(fwd_cells, model.en_to_id.table, SMOOTHING), [(n, m) for m, n in shapes])
    bwd = _matrices(bwd_cells, _posteriors(bwd_cells, model.id_to_en.table, SMOOTHING), shapes)
    return [(f.T, b, p[2]) for f, b, p in zip(fwd, bwd, prepared)]


def symmetrise(forward: np.ndarray, backward: np.ndarray, evidence: np.ndarray) -> Links:
    """Links from the two directions' posteriors, grow-diag-final-and style (Koehn et al.
    2005) over posteriors instead of Viterbi links: start from the pairs both directions
    support (their geometric mean passes `THRESHOLD`); add, next to a link, a pair that one
    direction is sure of and the evidence supports (`nobody` -> each of `tak seorang pun`,
    which only one direction can see); then such pairs between two words still unlinked."""
    both = np.sqrt(forward * backward) > THRESHOLD
    one = (np.maximum(forward, backward) > ONE_SIDED) & (evidence >= 1.0) & ~both
    links = set(zip(*(x.tolist() for x in np.nonzero(both))))
    candidates = set(zip(*(x.tolist() for x in np.nonzero(one))))
    grew = True
    while grew and candidates:
        grew = False
        for i, j in sorted(candidates):
            if any((i + di, j + dj) in links for di, dj in _NEIGHBOURS):
                links.add((i, j))
                candidates.discard((i, j))
                grew = True
    # A weaker link whose two words are each held by a link the lexicon gives is a
    # confusion of relatives (`tried` -> `perusahaan` beside `companies` -> `perusahaan`
    # and `tried` -> `berusaha`): dropped.
    strong_en = {i for i, j in links if evidence[i, j] >= 1.0}
    strong_id = {j for i, j in links if evidence[i, j] >= 1.0}
    links = {(i, j) for i, j in links if evidence[i, j] >= 1.0 or i not in strong_en or j not in strong_id}
    en_done = {i for i, _ in links}
    id_done = {j for _, j in links}
    for i, j in sorted(candidates, key=lambda c: -max(forward[c], backward[c])):
        if i not in en_done and j not in id_done:
            links.add((i, j))
            en_done.add(i)
            id_done.add(j)
    return frozenset(links)


def align_beads(model: WordModel, beads: Sequence[tuple[Sequence[str], Sequence[str]]]) -> list[Links]:
    """The links of each bead (words the model has not seen get a small probability, so
    the evidence and the diagonal decide for them)."""
    return [attach(invert(fill_gaps(prune(one_per_occurrence(symmetrise(*scores), en, ind), en, ind, scores[2]),
                                    en, ind), en, ind), en, ind)
            for scores, (en, ind) in zip(link_scores(model, beads), beads)]


def one_per_occurrence(links: Links, en: Sequence[str], ind: Sequence[str]) -> Links:
    """Links between repeated words sorted out by their neighbours.

    The translation tables cannot tell two occurrences of a word apart, and the diagonal
    barely can in a long bead, so a word met twice on one side is often linked to both
    occurrences of its translation (`stories` -> both `kisah` of `kisah yang menyebar
    ... justru kisah yang`, two `a` -> one `sebuah`). Among the links of one English word
    type and one Indonesian word type (lemma, root), each occurrence keeps the links of
    one place, the place nearest to a link of other words (Manhattan distance over the
    bead's grid): IBM Model 3's fertility, with a distortion that follows the neighbours.
    Occurrences a few words apart are one place, a repetition (`words` -> `kata demi
    kata`, `like it or not` -> `suka atau tidak suka`; `EN_REPEAT_SPAN`, `ID_REPEAT_SPAN`).
    Two words linked each to the other's occurrence are then swapped (`_swapped`).
    """
    groups: dict[tuple[str, str], list[Link]] = {}
    for i, j in links:
        groups.setdefault((_english_lemma(en[i]), _root(ind[j])), []).append((i, j))
    drop: set[Link] = set()
    for group in groups.values():
        units = _places(group)
        if len(units) < 2:
            continue
        en_sets = [{i for i, _ in unit} for unit in units]
        id_sets = [{j for _, j in unit} for unit in units]
        if all(not (en_sets[a] & en_sets[b]) and not (id_sets[a] & id_sets[b])
               for a in range(len(units)) for b in range(a)):
            continue  # already one place per occurrence
        anchors = [link for link in links if link not in group]
        if not anchors:
            continue
        distance = [min(abs(i - a) + abs(j - b) for i, j in unit for a, b in anchors) for unit in units]
        en_used: set[int] = set()
        id_used: set[int] = set()
        for _, _, unit in sorted((d, min(u), u) for d, u in zip(distance, units)):
            en_here = {i for i, _ in unit}
            id_here = {j for _, j in unit}
            if en_here & en_used or id_here & id_used:
                drop.update(unit)
            else:
                en_used |= en_here
                id_used |= id_here
    return _swapped(links - drop if drop else set(links), ind)


def _near(link: Link, anchors: Iterable[Link]) -> int:
    """How far a link is from the nearest of `anchors` (Manhattan distance on the grid)."""
    return min((abs(link[0] - a) + abs(link[1] - b) for a, b in anchors), default=0)


def _swapped(links: Iterable[Link], ind: Sequence[str]) -> Links:
    """Two English words linked to two occurrences of one Indonesian word, each to the
    other's (`re-reading is where slow reading ...` / `membaca lambat ... membaca
    ulang`): swapped where that brings both nearer to the links around them."""
    out = set(links)
    by_root: dict[str, list[Link]] = {}
    for link in out:
        by_root.setdefault(_root(ind[link[1]]), []).append(link)
    for group in by_root.values():
        if len(group) < 2:
            continue
        for a in range(len(group)):
            for b in range(a):
                (i1, j1), (i2, j2) = group[a], group[b]
                if i1 == i2 or j1 == j2 or (i1, j2) in out or (i2, j1) in out:
                    continue
                if (i1, j1) not in out or (i2, j2) not in out:
                    continue
                others = out - {(i1, j1), (i2, j2)}
                if _near((i1, j2), others) + _near((i2, j1), others) < \
                        _near((i1, j1), others) + _near((i2, j2), others):
                    out -= {(i1, j1), (i2, j2)}
                    out |= {(i1, j2), (i2, j1)}
    return frozenset(out)


def _places(group: list[Link]) -> list[list[Link]]:
    """Links of one word pair joined into places: two links are one place when they share
    a word and their other words are close enough to be a repetition."""
    parent = list(range(len(group)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, (i, j) in enumerate(group):
        for b in range(a):
            k, h = group[b]
            if (i == k and abs(j - h) <= ID_REPEAT_SPAN) or (j == h and abs(i - k) <= EN_REPEAT_SPAN):
                parent[find(a)] = find(b)
    out: dict[int, list[Link]] = {}
    for a, link in enumerate(group):
        out.setdefault(find(a), []).append(link)
    return list(out.values())


def prune(links: Links, en: Sequence[str], ind: Sequence[str], evidence: np.ndarray) -> Links:
    """Links of the smallest words kept only where the lexicon or the text supports them.

    An English article or auxiliary (`the`, `a`, `did`) or an Indonesian particle or article
    (`si`, `pun`, `yang`) that the statistics place by the diagonal alone is more often
    wrong than right, and it takes the word from `attach`, which places it by grammar.
    """
    return frozenset((i, j) for i, j in links
                     if evidence[i, j] > 0 or (en[i] not in EN_SKIP and ind[j] not in ID_FUNCTION))


def fill_gaps(links: Links, en: Sequence[str], ind: Sequence[str]) -> Links:
    """Links between the words of two gaps that face each other.

    Where English words no link holds lie between two linked words whose translations are
    in the same order, and the Indonesian words between those translations are unlinked
    too, the gap on one side translates the gap on the other (`because the listener has`
    / `karena si pendengar tidak punya`). When one of the gaps holds a single content
    word and the other one or two, they are linked (`listener` -> `pendengar`,
    `decades` -> `puluhan tahun`); the rest is left to `attach`.
    """
    m, n = len(en), len(ind)
    en_links: dict[int, list[int]] = {}
    id_linked = set()
    for i, j in links:
        en_links.setdefault(i, []).append(j)
        id_linked.add(j)
    out = set(links)
    i = 0
    while i < m:
        if i in en_links:
            i += 1
            continue
        a = i
        while i < m and i not in en_links:
            i += 1
        b = i - 1  # English gap a..b
        left = max(en_links[a - 1]) if a > 0 else -1
        right = min(en_links[b + 1]) if b + 1 < m else n
        if (a == 0 and b + 1 >= m) or right - left < 2:
            continue
        gap = range(left + 1, right)
        if any(j in id_linked for j in gap):
            continue
        en_content = [k for k in range(a, b + 1) if en[k] not in EN_FUNCTION]
        id_content = [j for j in gap if ind[j] not in ID_FUNCTION_WORDS]
        if (len(en_content) == 1 and 1 <= len(id_content) <= 2) or (len(id_content) == 1 and len(en_content) == 2):
            out.update((k, j) for k in en_content for j in id_content)
    return frozenset(out)


def invert(links: Links, en: Sequence[str], ind: Sequence[str]) -> Links:
    """Links for the unlinked word of an English noun phrase, by the Indonesian order.

    English puts a modifier before its head, Indonesian after it (`noodle stall` ->
    `warung mi`, `good salesperson` -> `tenaga penjual yang baik`). Where one of two
    English content words side by side is linked and the other is not, the other's
    translation is the unlinked content word (or two) on the far side of the linked
    one's: before it for an English head (past a `yang`), after it for an adjective
    (`ordinary social` -> `sosial sehari-hari`). Which words may be nouns and adjectives
    is the lemma index's (WordNet's) word classes: an inflected verb (`biscuits sold` ->
    `kue kering ludes`, `the broth runs`) or a preposition (`half past`) is left out.
    """
    en_linked: dict[int, set[int]] = {}
    id_linked: set[int] = set()
    for i, j in links:
        en_linked.setdefault(i, set()).add(j)
        id_linked.add(j)
    out = set(links)
    taken: set[int] = set()

    def free(j: int) -> bool:
        return 0 <= j < len(ind) and j not in id_linked and j not in taken and ind[j] not in ID_FUNCTION_WORDS

    for i, e in enumerate(en):
        if i in en_linked or not _nominal(e):
            continue
        found: list[int] = []
        if i > 0 and i - 1 in en_linked and _nominal(en[i - 1]):
            j = min(en_linked[i - 1]) - 1
            if j >= 0 and ind[j] == "yang":
                j -= 1
            while free(j) and len(found) < 2:
                found.append(j)
                j -= 1
        if not found and i + 1 < len(en) and i + 1 in en_linked and _nominal(en[i + 1]) and _adjective(e):
            j = max(en_linked[i + 1]) + 1
            if free(j):
                found.append(j)
        out.update((i, j) for j in found)
        taken.update(found)
    return frozenset(out)


@lru_cache(maxsize=100_000)
def _nominal(word: str) -> bool:
    """Whether an English word may be the head or the modifier of a noun phrase: a noun
    or an adjective the lemma index knows (or a word it does not know), and not a verb's
    inflected form (`sold`, `runs`, `trained`)."""
    if word in EN_FUNCTION or word in EN_PREPOSITIONS:
        return False
    lem = _english_lemma(word)
    classes = english_word_classes()
    if not classes:
        return lem == word or (word.endswith("s") and not word.endswith("ss"))
    if lem != word and lem in classes["verb"]:
        return False
    known = any(lem in v for v in classes.values())
    return not known or lem in classes["noun"] or lem in classes["adj"]


@lru_cache(maxsize=100_000)
def _adjective(word: str) -> bool:
    """Whether an English word may be an adjective (any word, without the lemma index)."""
    classes = english_word_classes()
    return not classes or _english_lemma(word) in classes["adj"]


def attach(links: Links, en: Sequence[str], ind: Sequence[str]) -> Links:
    """Links for the small words a statistical model cannot place, which belong to the word
    beside them and are translated with it:

    - a title before a name (`Ratna` -> `Bu Ratna`);
    - `saja` after a word (`begitu saja`, `satu halaman saja`), and `pun` after `se-`,
      `siapa`, `apa` (`sekali pun`, `siapa pun`);
    - `lebih` before the translation of an English comparative (`harder` -> `lebih
      sulit`), `paling` before a superlative's, `dengan` or `secara` before an adverb's
      in -ly (`properly` -> `dengan sungguh-sungguh`);
    - an English article or demonstrative, unlinked, and an Indonesian one beside the
      translation of the words after it (`the listener` -> `si pendengar`, `the station`
      -> `stasiun itu`, `a sentence` -> `sepotong kalimat`, `the first` -> `yang pertama`).
    Only words no other link claims are attached.
    """
    out = set(links)
    id_linked: dict[int, set[int]] = {}
    en_linked: dict[int, set[int]] = {}
    for i, j in links:
        id_linked.setdefault(j, set()).add(i)
        en_linked.setdefault(i, set()).add(j)
    n = len(ind)
    for j, f in enumerate(ind):
        if j in id_linked:
            continue
        if f in ID_TITLES and j + 1 < n and j + 1 in id_linked:
            out.update((i, j) for i in id_linked[j + 1])
        elif j > 0 and j - 1 in id_linked and (
                f == "saja" or (f == "pun" and (ind[j - 1].startswith("se") or ind[j - 1] in ("siapa", "apa")))):
            out.update((i, j) for i in id_linked[j - 1])
    for i, e in enumerate(en):
        targets = en_linked.get(i)
        if targets and e != _english_lemma(e):
            degree = "lebih" if e.endswith("er") else "paling" if e.endswith("est") else ""
            first = min(targets)
            if degree and first > 0 and ind[first - 1] == degree and first - 1 not in id_linked:
                out.add((i, first - 1))
        if targets and e.endswith("ly") and len(e) > 4:
            # An adverb is made of an adjective with `dengan` or `secara` before it
            # (`properly` -> `dengan sungguh-sungguh`, `badly` -> `secara asal-asalan`).
            first = min(targets)
            if first > 0 and ind[first - 1] in ID_ADVERB_MARKERS and first - 1 not in id_linked:
                out.add((i, first - 1))
        if e in EN_DETERMINERS and i not in en_linked:
            following: list[int] = []
            for k in range(i + 1, min(i + 4, len(en))):
                if k not in en_linked:
                    break
                following.extend(en_linked[k])
            if not following:
                continue
            lo, hi = min(following), max(following)
            before = ind[lo - 1] if lo > 0 and lo - 1 not in id_linked else ""
            if before in ID_ARTICLES_BEFORE or (e in ("a", "an") and before.startswith("se") and len(before) > 4) \
                    or (before == "yang" and _ordinal(ind[lo])):
                # `the listener` -> `si pendengar`; `a sentence` -> `sepotong kalimat` (se-:
                # one, with a classifier); `the first` -> `yang pertama`.
                out.add((i, lo - 1))
            elif hi + 1 < n and ind[hi + 1] in ID_ARTICLES_AFTER and hi + 1 not in id_linked:
                out.add((i, hi + 1))
        if e in EN_PREPOSITIONS and i not in en_linked:
            # A preposition the statistics left alone, before a phrase whose translation
            # follows a preposition left alone too: the one translates the other (`in large
            # letters` -> `dengan huruf besar`, `on advertising` -> `untuk iklan`, `of
            # their own accord` -> `dengan sendirinya`), whichever the prepositions are.
            head = i + 1
            while head < len(en) and head not in en_linked and en[head] in EN_DETERMINERS | EN_POSSESSIVES:
                head += 1
            following = []
            for k in range(head, min(head + 3, len(en))):
                if k not in en_linked:
                    break
                following.extend(en_linked[k])
            lo = min(following, default=0)
            if lo > 0 and ind[lo - 1] in ID_PREPOSITIONS and lo - 1 not in id_linked \
                    and not any(j == lo - 1 for _, j in out):
                out.add((i, lo - 1))
    return frozenset(out)


def align_document(
    beads: Sequence[tuple[Sequence[str], Sequence[str]]], lexicon: Lexicon | None = None
) -> tuple[WordModel, list[Links]]:
    """Train on the beads and align each of them."""
    model = train(beads, lexicon)
    return model, align_beads(model, beads)


_NEIGHBOURS = ((-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1))


def _ordinal(word: str) -> bool:
    """`pertama`, `kedua`, `ketiga`, `ke-10`: an Indonesian ordinal."""
    return word == "pertama" or (word.startswith("ke") and (word[2:] in _NUMERALS or word[2:].lstrip("-").isdigit()))


_NUMERALS = frozenset("dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas seratus seribu".split())


def grow_diag_final_and(forward: set[Link], backward: set[Link], m: int, n: int) -> Links:
    """Symmetrising two directions' Viterbi links (for an aligner that gives only those,
    as eflomal does in benchmarks/phrases.py); this module's own are symmetrised from
    posteriors by `symmetrise`.

    Koehn et al. (2005): start from the links both directions agree on, add neighbouring
    links of either direction that bring in an unaligned word, then any remaining link of
    either direction between two unaligned words."""
    links = forward & backward
    union = forward | backward
    en_done = {i for i, _ in links}
    id_done = {j for _, j in links}
    grew = True
    while grew:
        grew = False
        for i, j in sorted(links):
            for di, dj in _NEIGHBOURS:
                cand = (i + di, j + dj)
                if cand in union and cand not in links and (cand[0] not in en_done or cand[1] not in id_done):
                    links.add(cand)
                    en_done.add(cand[0])
                    id_done.add(cand[1])
                    grew = True
    for direction in (forward, backward):
        for i, j in sorted(direction):
            if i not in en_done and j not in id_done:
                links.add((i, j))
                en_done.add(i)
                id_done.add(j)
    return frozenset(links)


# ---------------------------------------------------------------- phrases


def counterpart(links: Iterable[Link], side: str, first: int, last: int) -> tuple[int, int] | None:
    """The words of the other side that translate words `first`..`last` of `side`, or None
    when no word is linked to them.

    A phrase is translated by one run of words: the run that holds the most words linked
    to the phrase, less the words in it linked elsewhere and a little (`STRETCH`) for every
    word it covers, found as a maximum subarray. So the words between two linked ones come
    along (`produk yang sama`), a link far from the rest does not (a `to` linked to an
    `untuk` at the other end of the sentence), nor does a word at the edge that belongs to
    another phrase as much.
    """
    inside: set[int] = set()
    outside: set[int] = set()
    for i, j in links:
        here, there = on_side(side, (i, j), (j, i))
        (inside if first <= here <= last else outside).add(there)
    if not inside:
        return None
    best, best_span = -1.0, None
    run, start = 0.0, min(inside)
    for k in range(min(inside), max(inside) + 1):
        value = 1.0 if k in inside else -STRETCH - (k in outside)
        if run <= 0:
            run, start = value, k
        else:
            run += value
        if run > best and k in inside:
            best, best_span = run, (start, k)
    if best_span is None or best_span[0] not in inside:
        # Every linked word is claimed as much from outside: the nearest to the others.
        k = min(inside)
        return k, k
    return best_span


def aer(test: Iterable[Link], sure: Iterable[Link], possible: Iterable[Link]) -> tuple[int, int, int, int]:
    """Counts for the alignment error rate (Och & Ney 2003): |A∩S|, |A∩P|, |A|, |S|, where
    the possible links P include the sure ones. AER = 1 - (|A∩S| + |A∩P|) / (|A| + |S|)."""
    a, s = set(test), set(sure)
    p = set(possible) | s
    return len(a & s), len(a & p), len(a), len(s)


def aer_value(counts: tuple[int, int, int, int]) -> float:
    a_s, a_p, a, s = counts
    return 1.0 - (a_s + a_p) / (a + s) if a + s else math.nan
