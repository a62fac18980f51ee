"""Sentence boundaries that only the two texts together reveal.

Segmenting one language alone misses a boundary that nothing on that side marks: a
heading run into its text with no full stop (`... than they planned Readers who ...`), or
a full stop the translator dropped (`... oleh perdebatan panjang Wijaya berbicara ...` beside
`... by a long debate. Wijaya spoke ...`). After alignment such a place shows up
in two ways, and both are split here:

- **Projection.** A bead has a sentence start on one side where the other side has none
  (a 2-1 or 1-2 bead, or a 2-2 when each side lost a different full stop). The other side
  is cut there if it has a *possible sentence start* near the same relative place: a
  capitalised word or an opening quote that follows no full stop. The words just after
  the cut must meet the words that open the sentence it mirrors: the same first word
  after a mere capital (a name), otherwise a lexicon pair, a cognate, or both opening a
  quotation.
- **Agreement.** A 1-1 bead in which both sides have a possible start at the same place,
  one of them a *likely* start, and the words after the two starts meet. A likely start is
  a common word written capitalised after a word without closing punctuation (`than they
  planned Readers who`, `dari rencana Pembaca yang`, `hasil Hasil ujian`), which inside a
  sentence is rare; a name there (`we let Rangers play`) is merely possible, so two names
  never split a bead.

A common word counts as likely only if the text also writes it in lowercase and does not
write it capitalised mid-sentence elsewhere (the document-centred approach of Mikheev,
2002): `Council` in `... the Council voted ...` twice is a name, not a heading's first
word. No start is taken after a word a sentence cannot end with (`opened in Bandung`,
`dibuka di Bandung`), after a title (`Dr.`), or at an initial (`A. Lind`).

Places a full stop, `?` or `!` already decides are left alone, so this only ever adds
boundaries the monolingual rules had no reason to find.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from alignread.align.features import indonesian_root, sentence_tokens
from alignread.align.lexicon import Lexicon
from alignread.core.model import Bead, Sentence, Text
from alignread.core.words import WORD_AT, vocabulary
from alignread.nlp.sentence_rules import CLAUSE_STARTERS, TITLES, proper_common

# How far (as a share of the sentence's length) a cut may stand from where the other
# side's boundary falls.
TOLERANCE = 0.15
# How many starts on the other side a likely start is paired with (the nearest ones).
NEAREST = 6
# How many tokens after each cut are compared (after a merely possible start: fewer).
OPENING_TOKENS = 3
WEAK_TOKENS = 2

_OPEN_QUOTES = "\"“‘'«„("
# A capital (Latin script, as both languages write) after a space, perhaps quoted.
_START = re.compile(r"(?<=\s)[\"“‘'«„(]*(?=[A-ZÀ-ÖØ-Þ])")


# A part of a sentence after cutting: (sentence id, the offset the part starts at, or None
# for the part that starts where the sentence does).
Part = tuple[int, int | None]

# How strongly a place looks like a sentence start, without punctuation to say so.
POSSIBLE, PLAUSIBLE, LIKELY = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Start:
    """A possible sentence start at offset `pos` (into the full text).

    `strength` is POSSIBLE (a capitalised word or an opening quote), PLAUSIBLE (a common
    word written capitalised after a lowercase word, not before another capital) or LIKELY
    (besides, the text writes that word in lowercase elsewhere and capitalised nowhere
    else mid-sentence; or a clause opener such as `The`, `Mereka`; or the word before it
    again, now capitalised; or a speaker's label).
    """

    pos: int
    strength: int

    @property
    def likely(self) -> bool:
        return self.strength == LIKELY


@lru_cache(maxsize=4)
def _vocabulary(lang: str) -> frozenset[str]:
    """Common words of `lang`: the lemma table's and the bilingual lexicon's (`pria`)."""
    from alignread.align.lexicon import load_builtin

    lexicon = load_builtin()
    # Words the lexicon leaves as they are (`jakarta`, `london`) are names, not common.
    if lang == "en":
        words = {w for w, ts in lexicon.pairs.items() if " " not in w and w not in ts}
    else:
        words = {w for e, ts in lexicon.pairs.items() for t in ts if t != e for w in t.split()}
    return vocabulary(lang) | frozenset(words)


def prepare() -> None:
    """Load the vocabularies now (0.25 s), e.g. once before a batch forks its workers."""
    for lang in ("en", "id"):
        _vocabulary(lang)


@dataclass(frozen=True, slots=True)
class CaseStats:
    """How one text writes its words: the document-centred evidence on capitalisation."""

    lower: frozenset[str]
    # Capitalised words with each count of occurrences where nothing ended a sentence
    # before them (after a word, a comma, a colon: not after `.`, `?`, `!` or a line break).
    inside: Counter[str]

    @classmethod
    def of(cls, text: str) -> CaseStats:
        lower = set()
        inside: Counter[str] = Counter()
        for m in WORD_AT.finditer(text):
            w = m.group()
            if w.islower():
                lower.add(w)
            elif w[0].isupper():
                k = m.start() - 1
                while k >= 0 and text[k] in " \t" + _OPEN_QUOTES:
                    k -= 1
                if k >= 0 and text[k] not in ".!?…\n" and m.start() - k < 4:
                    inside[w] += 1
        return cls(frozenset(lower), inside)


def _common(word: str, lang: str) -> bool:
    lower = word.lower()
    if proper_common(lower):
        return False
    if lower in CLAUSE_STARTERS.get(lang, ()):
        return True
    vocab = _vocabulary(lang)
    return lower in vocab or (lang == "id" and indonesian_root(lower) in vocab)


_ARTICLES = frozenset(("the", "a", "an"))

# Words a sentence does not end with (articles, prepositions, conjunctions, auxiliaries):
# no sentence starts right after one (`opened in Bandung`, `dari Pemerintah`).
NOT_FINAL = {
    "en": frozenset(
        "a an the of in on at to for from with by as into onto than and or but nor if because "
        "while although though about over under between among through during without within "
        "against toward towards upon via per my your his her its our their is are was were be "
        "been being has have had do does did will would shall should can could may might must "
        "not very such whose when whenever unless until whether".split()
    ),
    "id": frozenset(
        "di ke dari yang dan atau untuk dengan pada oleh sebagai bahwa tentang kepada terhadap "
        "dalam antara tanpa sejak hingga sampai seperti karena jika namun tetapi serta sebuah "
        "seorang para sang si adalah ialah merupakan akan telah sudah sedang masih belum tidak "
        "bukan juga lebih paling sangat menjadi saat ketika bila apabila kalau agar supaya "
        "sehingga meskipun walaupun sebelum setelah sesudah selama kata ujar ucap tutur".split()
    ),
}


def possible_starts(text: str, sentence: Sentence, lang: str, stats: CaseStats) -> list[Start]:
    """Where inside `sentence` another sentence could start, with no full stop before it."""
    out = []
    s, e = sentence.start, sentence.end
    for m in _START.finditer(text, s + 1, e):
        pos = m.start()
        before = text[max(s, pos - 60):pos].rstrip()
        if not before or before[-1] in ".!?…;":
            continue
        word_m = WORD_AT.match(text, m.end())
        if word_m is None or word_m.end() >= e:
            continue
        word = word_m.group()
        if not word[0].isupper() or (proper_common(word.lower()) and m.end() == pos):
            # Weekdays, months and `I` are capitalised anywhere, unless quoted.
            continue
        prev_words = WORD_AT.findall(before[-40:])
        prev = prev_words[-1] if prev_words else ""
        low = prev.lower()
        if low in TITLES.get(lang, ()) or low in TITLES["en"] or low in NOT_FINAL.get(lang, ()):
            continue
        strength = _strength(text, word_m, prev, before, lang, stats, quoted=m.end() > pos)
        if before[-1] in ",:" and strength == POSSIBLE:
            # After a comma or a colon a mere capital is no sign (`... the grant, Budi said`,
            # a heading's `Flood warning: Residents leave ...`).
            continue
        out.append(Start(pos, strength))
    return out


def _strength(text: str, word_m: re.Match, prev: str, before: str, lang: str, stats: CaseStats, quoted: bool) -> int:
    word = word_m.group()
    lower = word.lower()
    if quoted or not (len(word) == 1 or word[1:].islower()):
        return POSSIBLE
    after_lower = (prev.islower() or prev.isdigit()) and before.rstrip(",").endswith(prev)
    if after_lower and prev == lower:
        # `... menunggu hasil Hasil ujian keluar ...`
        return LIKELY
    if len(word) == 1 and text.startswith(".", word_m.end()):
        return POSSIBLE  # an initial: `Dionisio A. Lind`
    starter = lower in CLAUSE_STARTERS.get(lang, ())
    if not _common(word, lang) or (stats.inside[word] > 1 and not (starter and len(word) > 1)):
        # A clause opener seen capitalised mid-sentence elsewhere is in a title (`The
        # Times`), which says nothing of this one; a letter is a grade (`grade A`).
        return POSSIBLE
    if text.startswith(": ", word_m.end()) and before.endswith(":"):
        # A speaker's label right after another: `... Budi: Woman: "Where ...`.
        return LIKELY
    if not (after_lower or (starter and before.endswith(prev))):
        # After a capitalised word a common word is part of a name (`the Welsh Assembly`);
        # a clause opener there is a sentence start (`... at Senayan Stadium A fine game ...`).
        return POSSIBLE
    rest = text[word_m.end():word_m.end() + 30]
    nxt = WORD_AT.match(rest.lstrip())
    capital_next = rest[:1].isspace() and nxt is not None and nxt.group()[0].isupper()
    if capital_next and (not starter or lower in _ARTICLES or not after_lower):
        # Before another capitalised word it is a title or part of a name (`Professor
        # Hadi`, `Storm Ana`, `told The Daily Post`, `keputusan Pemerintah Kota`), or a
        # title in title case (`Why We Keep Notebooks`); a clause opener after a lowercase
        # word is not (`... said And Budi agreed ...`).
        return POSSIBLE
    if not starter and lower not in stats.lower:
        # Only a word the text itself also writes in lowercase (`vaccine`) is likely.
        return PLAUSIBLE
    return LIKELY


def _relative(sentence: Sentence, pos: int) -> float:
    return (pos - sentence.start) / max(1, sentence.end - sentence.start)


def _opening_keys(text: str, lang: str, lexicon: Lexicon, tokens: int) -> set[str]:
    keys: set[str] = set()
    for _, k in sentence_tokens(text[:80], lang, lexicon)[:tokens]:
        keys.update(k)
    return keys


def _openings_meet(
    en_text: str, ind_text: str, lexicon: Lexicon, en_weak: bool = False, ind_weak: bool = False
) -> bool:
    """Whether two sentence openings translate each other in their first words.

    Both opening a quotation counts. The first three tokens of each are compared, only
    the first two for a merely possible start (`weak`); when both are weak (a cut
    projected onto a mere capital) the first words must be the same (`... perdebatan
    panjang Wijaya berbicara ...` beside `... long debate. Wijaya spoke ...`).
    """
    en_text, ind_text = en_text.lstrip(), ind_text.lstrip()
    if en_text[:1] in _OPEN_QUOTES and ind_text[:1] in _OPEN_QUOTES:
        return True
    if en_weak and ind_weak:
        en_first, ind_first = WORD_AT.match(en_text), WORD_AT.match(ind_text)
        return bool(en_first and ind_first and en_first.group().lower() == ind_first.group().lower())
    en_keys = _opening_keys(en_text, "en", lexicon, WEAK_TOKENS if en_weak else OPENING_TOKENS)
    return bool(en_keys & _opening_keys(ind_text, "id", lexicon, WEAK_TOKENS if ind_weak else OPENING_TOKENS))


class _Side:
    def __init__(self, text: Text, lang: str):
        self.text = text
        self.lang = lang
        self.stats = CaseStats.of(text.text)

    def starts(self, index: int) -> list[Start]:
        return possible_starts(self.text.text, self.text.sentences[index], self.lang, self.stats)

    def sentence(self, index: int) -> Sentence:
        return self.text.sentences[index]

    def tail(self, pos: int, index: int) -> str:
        return self.text.text[pos:self.text.sentences[index].end]


def _boundaries(side: _Side, ids: Sequence[int]) -> tuple[int, int, list[tuple[float, int, int]]]:
    """The start and length of a group of sentences, and its inner sentence starts as
    (relative position, offset, index in the group)."""
    sents = [side.sentence(i) for i in ids]
    lo, span = sents[0].start, max(1, sents[-1].end - sents[0].start)
    return lo, span, [((s.start - lo) / span, s.start, k) for k, s in enumerate(sents[1:], start=1)]


def _cut_for(
    side: _Side, ids: Sequence[int], r: float, opening: str, lexicon: Lexicon, other_is_en: bool
) -> int | None:
    """A start in the sentences `ids` near relative position `r` whose words meet `opening`."""
    lo, span, _ = _boundaries(side, ids)
    near = []
    for i in ids:
        for s in side.starts(i):
            diff = abs((s.pos - lo) / span - r)
            if diff <= TOLERANCE:
                near.append((diff, s, i))
    for _, s, i in sorted(near, key=lambda t: t[0]):
        mine = side.tail(s.pos, i)
        # A cut at a mere capital needs the same first word on both sides.
        weak = s.strength == POSSIBLE
        if _openings_meet(*((opening, mine) if other_is_en else (mine, opening)), lexicon, weak, weak):
            return s.pos
    return None


def _project(en_side: _Side, ind_side: _Side, bead: Bead, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Cuts that mirror, on one side of a bead, the sentence starts the other side has
    and it lacks: offset pairs (English, Indonesian), in order on both sides."""
    _, _, en_starts = _boundaries(en_side, bead.en)
    _, _, ind_starts = _boundaries(ind_side, bead.ind)
    cuts = []
    for mine, theirs, side, ids, other, other_ids, is_en in (
        (en_starts, ind_starts, ind_side, bead.ind, en_side, bead.en, True),
        (ind_starts, en_starts, en_side, bead.en, ind_side, bead.ind, False),
    ):
        for r, pos, k in mine:
            if any(abs(r - r2) <= TOLERANCE for r2, _, _ in theirs):
                continue  # the other side has a start there already
            cut = _cut_for(side, ids, r, other.sentence(other_ids[k]).text, lexicon, other_is_en=is_en)
            if cut is not None:
                cuts.append((pos, cut) if is_en else (cut, pos))
    chosen: list[tuple[int, int]] = []
    for a, b in sorted(cuts):
        if not chosen or (a > chosen[-1][0] and b > chosen[-1][1]):
            chosen.append((a, b))
    return chosen


def _agree(en: _Side, ind: _Side, e: int, i: int, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Places where both sentences of a 1-1 bead start anew, in order, as offset pairs.

    Each likely start is paired only with the `NEAREST` possible starts at about the same
    place on the other side, so a sentence of thousands of capitals (a list, a text with
    no punctuation) costs time in proportion to its likely starts.
    """
    es, is_ = en.sentence(e), ind.sentence(i)
    a_starts, b_starts = en.starts(e), ind.starts(i)
    if not any(s.likely for s in a_starts) and not any(s.likely for s in b_starts):
        return []
    a_rel = [_relative(es, s.pos) for s in a_starts]
    b_rel = [_relative(is_, s.pos) for s in b_starts]
    pairs: set[tuple[int, int]] = set()
    for mine, mine_rel, _theirs, theirs_rel, flip in (
        (a_starts, a_rel, b_starts, b_rel, False), (b_starts, b_rel, a_starts, a_rel, True)
    ):
        for k, s in enumerate(mine):
            if not s.likely:
                continue
            pairs.update(((j, k) if flip else (k, j)) for j in _nearest(theirs_rel, mine_rel[k]))
    found = []
    for ka, kb in pairs:
        a, b = a_starts[ka], b_starts[kb]
        if _openings_meet(
            en.tail(a.pos, e), ind.tail(b.pos, i), lexicon, a.strength == POSSIBLE, b.strength == POSSIBLE
        ):
            found.append((-(a.strength + b.strength), abs(a_rel[ka] - b_rel[kb]), a.pos, b.pos))
    # The strongest and closest pairs first; each later one must keep the order on both
    # sides with those chosen before it (its neighbours by English offset tell).
    chosen: list[tuple[int, int]] = []
    for _, _, pa, pb in sorted(found):
        k = bisect_left(chosen, (pa, -1))
        if (k < len(chosen) and chosen[k][0] == pa) or (k > 0 and chosen[k - 1][1] >= pb) or \
                (k < len(chosen) and chosen[k][1] <= pb):
            continue
        chosen.insert(k, (pa, pb))
    return chosen


def _nearest(values: list[float], x: float) -> list[int]:
    """Indices of the `NEAREST` values within `TOLERANCE` of `x` (`values` sorted)."""
    right = bisect_left(values, x)
    left = right - 1
    out: list[int] = []
    while len(out) < NEAREST:
        go_left = left >= 0 and (right >= len(values) or x - values[left] <= values[right] - x)
        k = left if go_left else right
        if not 0 <= k < len(values) or abs(values[k] - x) > TOLERANCE:
            break
        out.append(k)
        if go_left:
            left -= 1
        else:
            right += 1
    return out


def refine(en: Text, ind: Text, beads: Sequence[Bead], lexicon: Lexicon) -> tuple[Text, Text, list[Bead]]:
    """Split the sentences and beads that the other side shows to be two sentences."""
    en_side, ind_side = _Side(en, "en"), _Side(ind, "id")
    # New beads as lists of parts (sentence id, start offset or None for the whole).
    plans: list[tuple[list[Part], list[Part], Bead]] = []
    for bead in beads:
        plans.extend(_split_bead(en_side, ind_side, bead, lexicon))
    en_new, en_map = _rebuild(en, [p[0] for p in plans])
    ind_new, ind_map = _rebuild(ind, [p[1] for p in plans])
    out = []
    for k, (_, _, bead) in enumerate(plans):
        out.append(Bead(en_map[k], ind_map[k], bead.score, bead.status))
    return en_new, ind_new, out


def _split_bead(en_side: _Side, ind_side: _Side, bead: Bead, lexicon: Lexicon):
    """The bead as one or more (English pieces, Indonesian pieces, bead) groups."""
    if not bead.en or not bead.ind:
        cuts = []
    elif len(bead.en) == 1 and len(bead.ind) == 1:
        cuts = _agree(en_side, ind_side, bead.en[0], bead.ind[0], lexicon)
    else:
        cuts = _project(en_side, ind_side, bead, lexicon)
    en_groups = _pieces(en_side, bead.en, [a for a, _ in cuts])
    ind_groups = _pieces(ind_side, bead.ind, [b for _, b in cuts])
    return [(e, i, bead) for e, i in zip(en_groups, ind_groups)]


def _pieces(side: _Side, ids: Sequence[int], cuts: list[int]) -> list[list[Part]]:
    """The sentences `ids` cut at offsets `cuts` (sentence starts or inside), in groups
    between consecutive cuts."""
    groups: list[list[Part]] = [[] for _ in range(len(cuts) + 1)]
    for i in ids:
        s = side.sentence(i)
        inner = [c for c in cuts if s.start < c < s.end]
        for start, key in [(s.start, None)] + [(c, c) for c in inner]:
            groups[bisect_right(cuts, start)].append((i, key))
    return groups


def _rebuild(text: Text, plan: list[list[Part]]) -> tuple[Text, list[tuple[int, ...]]]:
    """The text with its sentences cut as `plan` says, and each bead's new sentence ids."""
    cuts: dict[int, set[int]] = {}
    for pieces in plan:
        for i, pos in pieces:
            if pos is not None:
                cuts.setdefault(i, set()).add(pos)
    if not cuts:
        return text, [tuple(i for i, _ in pieces) for pieces in plan]
    sentences: list[Sentence] = []
    ids: dict[tuple[int, int | None], int] = {}
    for s in text.sentences:
        bounds = [s.start] + sorted(cuts.get(s.index, ())) + [s.end]
        for k, (a, b) in enumerate(zip(bounds, bounds[1:])):
            b2 = b
            while b2 > a and text.text[b2 - 1].isspace():
                b2 -= 1
            ids[(s.index, None if k == 0 else a)] = len(sentences)
            sentences.append(Sentence(len(sentences), a, b2, text.text[a:b2], s.paragraph))
    new = replace(text, sentences=tuple(sentences))
    mapping = []
    for pieces in plan:
        mapping.append(tuple(ids[(i, pos)] for i, pos in pieces))
    return new, mapping
