"""Doubtful stretches of a path solved again: over pieces of sentences, with beads of any shape.

The bead search (`alignread.align.aligner`) aligns the sentences given, with beads up to
3-1, coarse to fine in linear time. Where its path leaves room for doubt, the stretch
around it is solved again:

- a *window* is a run of doubtful beads with one bead of context on each side. A bead is
  doubtful when it is one-sided, when its confidence is low, when it holds several
  sentences on one side while the other side has a place where a sentence may start (a
  *cut*: `alignread.align.joint` finds them), or when both sides hold cuts and one of them
  looks like a sentence start;
- the window's sentences are cut into *pieces* at their cuts, and a dynamic program over
  the pieces of both sides chooses the beads, 1-n and n-1 of any length (1-12, 7-1), 2-2
  and one-sided ones, and with them the boundaries: a cut becomes a sentence boundary
  exactly where a bead ends there.

A bead costs what the bead search charges (a prior by its shape in sentences, length in
the manner of Gale & Church, the lexical evidence of `alignread.align.scoring`, paragraph
breaks), plus, for each cut of prior chance `p`, `-log p` where a bead ends at it and
`-log (1 - p)` where a bead runs across it. A cut the other side mirrors with a boundary
of its own, where the words on both sides pair up, is kept; one it does not is left inside
its sentence. Longer beads cost what adding sentences to a bead costs in the bead search,
three a sentence, so a 1-12 bead is chosen only where the words of all its sentences
agree. Many-to-many beads beyond 2-2 are not built: they would swallow one-sided sentences
and sentences out of order whose words happen to meet.

A window holds at most `MAX_PIECES` pieces a side, so the work grows linearly with the
document: the bead search, plus a bounded amount per doubtful bead. Most windows hold a
few pieces a side, so the costs of the windows of one shape are worked out together
(`_costs`), a run of windows at a time. Without cuts, on sentences given one a line, only
the shapes can change.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate

import numpy as np

from alignread.align.features import FeatureTable, SideFeatures, token_offsets, unique_ints
from alignread.align.length import length_cost
from alignread.align.scoring import MAX_DF, CostParams

INF = 1e30
# In a loose translation (WindowContext.looseness), beads of lower confidence than this are
# solved again too.
DOUBT = 0.9
# Sentences a side in one window (a longer run of doubtful beads is solved in parts), and
# pieces a side (beyond it the least likely cuts are not tried).
MAX_SENTENCES = 14
MAX_PIECES = 18
# A cut is tried where the other side of its bead has a boundary or a cut within this share
# of the bead's length.
TOLERANCE = 0.15
# Each sentence a bead holds beyond the first costs this in the prior (the bead search's
# table: 2-1 costs 3, 3-1 costs 6).
EXTRA_SENTENCE = 3.0
# A bead ending at a cut where both sides' next pieces open with words that translate each
# other (see `_openings_meet`) earns this much: the cue `-log p` of a mere capital needs.
OPENING_BONUS = 2.0
OPENING_TOKENS = 2
# A cut's first word meets the other side's sentence opening if it translates one of that
# opening's first FIRST_REACH tokens: a word before it there is no translation of anything
# (`It is all each ...` beside `... Spieth Semua pemain ...`).
FIRST_REACH = 2
# ... and this much when both open with the very same word (`... semenanjung Meksiko Rosa,
# masih ...` beside `... of Mexico. Rosa, still ...`).
SAME_BONUS = 3.0
# A bead ending at a cut whose word before it translates one of the first CROSS_TOKENS words
# after the other side's boundary (see `_openings_meet`) pays this instead of any bonus.
CROSS_PENALTY = 2.0
# A bead ending where two cuts meet, one of them a likely start, where the words after both
# meet (as above) and the word before one cut translates one of the last CROSS_TOKENS before
# the other (and none of the first after it), earns this besides: both sentences end alike as
# well as open alike. Not at a cut facing the other side's own boundary: sentences that end
# alike there are also what a translation running on across a verse gives.
CLOSE_BONUS = OPENING_BONUS
CROSS_TOKENS = 3
# A heading's end after another's: at least this many words between them (a subtitle,
# not a name the two headings share).
SUBTITLE_WORDS = 3
# Cut.heading: a heading's end, or one before a word the heading has already written.
HEADING, HEADING_AGAIN = 1, 2
# One-sided beads of several sentences cost a little more than those sentences apart, so
# an omission stays one bead a sentence (as Vecalign's gold has them) when nothing else
# decides.
ONE_SIDED_GROUP = 0.01


def shape_prior(params: CostParams, se: np.ndarray, si: np.ndarray, scale: float = 1.0) -> np.ndarray:
    """The prior cost of two-sided beads of `se` English and `si` Indonesian sentences.

    The bead search's own table where it has the shape; beyond it, EXTRA_SENTENCE for each
    sentence past the first on either side, less one for each past the first on the
    shorter side (a 2-2 costs 5, a 3-3 10, a 1-12 33); a 1-n or n-1 bead's times `scale`.
    """
    se = np.asarray(se)
    si = np.asarray(si)
    return _prior_table(params, int(se.max(initial=1)) + 1, int(si.max(initial=1)) + 1, scale)[se, si]


def _prior_table(params: CostParams, top_e: int, top_i: int, scale: float) -> np.ndarray:
    """`shape_prior` of every shape up to `top_e - 1` English and `top_i - 1` Indonesian sentences."""
    e, i = np.arange(top_e)[:, None], np.arange(top_i)[None, :]
    table = EXTRA_SENTENCE * (e + i - 2) - np.minimum(e, i) + 1.0
    for (a, b), cost in params.priors:
        if a and b and a < top_e and b < top_i:
            table[a, b] = cost
    # Only 1-n and n-1 beads get cheaper in a loose translation: a 2-2 would swallow an
    # omission beside an insertion.
    return np.where(np.minimum(e, i) <= 1, scale, 1.0) * table


CLUE_NONE, CLUE_FIRST, CLUE_MEET = 0, 1, 2


def allowed_shape(se, si):
    """Whether windows build beads of `se` English and `si` Indonesian sentences: 1-n and n-1
    of any length, one-sided ones, and up to 2-2. Many-to-many beads beyond 2-2 are not
    built: they would swallow one-sided sentences and sentences out of order whose words
    happen to meet."""
    return (np.minimum(se, si) <= 1) | ((se <= 2) & (si <= 2))


@dataclass(frozen=True, slots=True, order=True)
class Cut:
    """A place inside a sentence where another may start."""

    offset: int  # into the sentence's text
    prior: float  # the chance that a sentence starts here, if the other side ends one here
    # Whether a bead may end here where the other side ends one at a cut too, rather than
    # at a sentence boundary of its own (two names at the same place may not).
    pairs: bool = False
    # What the words after it, meeting the other side's, tell of a boundary: CLUE_MEET
    # (its first words translate the other side's), CLUE_FIRST (its first word must: after
    # a mere capital, the words next to a name translate the words next to it wherever a
    # cut falls) or CLUE_NONE (after `;`: a clause the other side makes a sentence of
    # opens with the same words anyway).
    clue: int = 2
    # A likely start on its own (a common word capitalised after a lowercase one): where two
    # cuts meet, only such a one lets their opening words count for a boundary.
    likely: bool = False
    # A heading's end (HEADING, or HEADING_AGAIN before a word the heading has already
    # written; 0: none): the bead before it starts with the sentence (a heading is the
    # whole of what comes before it), or at a heading's end before it (a subtitle).
    heading: int = 0
    # Inside a run of capitalised words (`National | Science Foundation`): a name goes on
    # there more often than not, so even beside a likely start its own first word must meet.
    name: bool = False


@dataclass(frozen=True, slots=True)
class Cuts:
    """Per sentence, the places inside it where another may start."""

    places: Sequence[Sequence[Cut]]


@dataclass(frozen=True, slots=True)
class Units:
    """A side's sentences after the joint step: (sentence given, start, end offsets in its text)."""

    spans: list[tuple[int, int, int]]


class _Tokens:
    """One side's tokens as the window search needs them: weights, match keys kept after
    the document-frequency filter, and where in its sentence each token starts."""

    def __init__(self, side: SideFeatures, other: SideFeatures, other_count: int, count: int, texts: Sequence[str],
                 lang: str, max_df: float = MAX_DF):
        self.side = side
        self.texts = texts
        self.lang = lang
        self.first = np.searchsorted(side.tok_unit, np.arange(count + 1))
        self.occ_first = np.searchsorted(side.occ_tok, np.arange(len(side.tok_unit) + 1))
        nkeys = int(max(side.occ_key.max(initial=0), other.post_key.max(initial=0))) + 1
        df = np.bincount(other.post_key, minlength=nkeys)
        # As the bead search counts matches (alignread.align.scoring._matched): keys in
        # more than `max_df` of the other side's sentences are too common to count.
        self.keep = df[side.occ_key] <= max(2, max_df * other_count)
        self._offsets: dict[int, np.ndarray | None] = {}

    def first_keys(self, unit: int, offset: int = 0, count: int = 1) -> set[int]:
        """Every key of the first `count` tokens of sentence `unit` at or after `offset`."""
        if offset:
            offs = self.offsets(unit)
            if offs is None:
                return set()
            k = int(np.searchsorted(offs, offset))
            if k >= len(offs):
                return set()
        else:
            k = 0
        t = int(self.first[unit]) + k
        if t >= int(self.first[unit + 1]):
            return set()
        t_end = min(t + count, int(self.first[unit + 1]))
        return set(self.side.occ_key[self.occ_first[t]:self.occ_first[t_end]].tolist())

    def offsets(self, unit: int) -> np.ndarray | None:
        """Token start offsets of sentence `unit` (None if they cannot be matched up)."""
        if unit not in self._offsets:
            found = np.array(token_offsets(self.texts[unit], self.lang), dtype=np.int64)
            self._offsets[unit] = found if len(found) == self.first[unit + 1] - self.first[unit] else None
        return self._offsets[unit]


@dataclass
class _Pieces:
    """One side of a window: its sentences cut into pieces."""

    sentence: np.ndarray  # sentence each piece is a part of
    start: np.ndarray  # offsets in that sentence's text
    end: np.ndarray
    opens: np.ndarray  # the piece starts a sentence of the segmenter
    p: np.ndarray  # chance that a sentence starts at the piece (1 where it opens one)
    pairs: np.ndarray  # a bead may end before the piece where the other side ends one at a cut
    clue: np.ndarray  # what the piece's opening words may tell of a boundary (Cut.clue)
    likely: np.ndarray  # the cut before the piece is a likely start (Cut.likely)
    heading: np.ndarray  # the cut before the piece may end a heading (Cut.heading; 0 if not)
    name: np.ndarray  # the cut before the piece is inside a run of capitalised words (Cut.name)
    para: np.ndarray
    tok_piece: np.ndarray  # window piece of each token
    tok_weight: np.ndarray
    occ_tok: np.ndarray  # (window token, piece, key) of every key occurrence, by token
    occ_piece: np.ndarray
    occ_key: np.ndarray
    kept: np.ndarray  # the occurrence counts as evidence (past the document-frequency filter)
    own: np.ndarray  # each token's first occurrence: its own word or number (`=rosa`, `#832`)

    @property
    def count(self) -> int:
        return len(self.sentence)

    @cached_property
    def tok_first(self) -> np.ndarray:
        """The window token each piece starts at."""
        return np.searchsorted(self.tok_piece, np.arange(self.count))

    def lengths(self, full: np.ndarray) -> np.ndarray:
        out = (self.end - self.start).astype(float)
        whole = self.opens & np.append(self.opens[1:], True)
        # A whole sentence keeps the length the bead search used.
        out[whole] = full[self.sentence[whole]]
        return out


def _worth_trying(beads, cuts: tuple[Cuts | None, Cuts | None], texts: tuple[Sequence[str], Sequence[str]],
                  edges: bool = True, tokens: tuple[_Tokens, _Tokens] | None = None
                  ) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """The cuts of a window's beads worth trying, as (sentence, offset) per side: those near
    (within TOLERANCE of the bead's length) a place where the other side of the same bead
    has a sentence boundary, an edge or, if either may pair, a cut. Any other cut could
    only end a bead with nothing on the other side, which is never the cheaper path."""
    keep: tuple[set[tuple[int, int]], set[tuple[int, int]]] = (set(), set())
    if cuts[0] is None and cuts[1] is None:
        return keep
    for side, u, c in _facing_cuts(beads, cuts):
        keep[side].add((u, c.offset))
    for bead in beads:
        if not bead[0] or not bead[1]:
            continue
        if not any(side_cuts is not None and side_cuts.places[u] for side_cuts, ids in zip(cuts, bead) for u in ids):
            continue
        marks = []
        for side in (0, 1):
            lengths = [len(texts[side][u]) + 1 for u in bead[side]]
            total = float(sum(lengths))
            # A handful of numbers: Python's sums, not numpy's (the same values, without an
            # array's overhead for each of thousands of beads).
            starts = [at / total for at in accumulate([0] + lengths[:-1])]
            found = []
            side_cuts = cuts[side]
            for u, at in zip(bead[side], starts):
                for c in (side_cuts.places[u] if side_cuts is not None else ()):
                    found.append((at + c.offset / total, u, c))
            marks.append((sorted(list(starts[1:]) + ([0.0, 1.0] if edges else [])), found))
        for side in (0, 1):
            bounds, theirs = marks[1 - side]
            # Sorted positions: every cut of the other side, and those that may pair.
            every = sorted(r2 for r2, _, _ in theirs)
            pairing = sorted(r2 for r2, _, c2 in theirs if c2.pairs)
            if not edges and tokens is not None:
                # Where a sentence of the other side starts, and its first word's keys: a
                # mere capital is worth a window only where its first word meets one of its
                # first FIRST_REACH.
                opening = [(r2, tokens[1 - side].first_keys(u2, count=FIRST_REACH))
                           for r2, u2 in zip(bounds, bead[1 - side][1:])]
            for r, u, c in marks[side][1]:
                if not edges and tokens is not None and c.clue == CLUE_FIRST \
                        and not _near(pairing if not c.pairs else every, r):
                    near = [theirs_keys for r2, theirs_keys in opening if abs(r - r2) <= TOLERANCE and theirs_keys]
                    # The cut's own first word only where the other side opens a sentence near it.
                    if near:
                        mine = tokens[side].first_keys(u, c.offset)  # once, not once per sentence near
                        if any(mine & keys for keys in near):
                            keep[side].add((u, c.offset))
                    continue
                if _near(bounds, r) or _near(every if c.pairs else pairing, r):
                    keep[side].add((u, c.offset))
    return keep




def _facing_cuts(beads, cuts: tuple[Cuts | None, Cuts | None]) -> list[tuple[int, int, Cut]]:
    """(side, sentence, cut) for the cuts that may pair in a one-sided bead beside a
    one-sided bead of the other side: the bead search found no pair there, but a part of
    the sentence may be one (`Trump rallies in West Virginia | The President ...` beside
    `Trump berkampanye di Virginia Barat.`, whose next sentence the translator left out)."""
    out: list[tuple[int, int, Cut]] = []
    for k, bead in enumerate(beads):
        if bool(bead[0]) == bool(bead[1]):
            continue
        side = 0 if bead[0] else 1
        if not any(0 <= j < len(beads) and beads[j][1 - side] and not beads[j][side] for j in (k - 1, k + 1)):
            continue
        side_cuts = cuts[side]
        if side_cuts is None:
            continue
        out.extend((side, u, c) for u in bead[side] for c in side_cuts.places[u] if c.pairs)
    return out


def _near(values: list[float], r: float) -> bool:
    """Whether one of the sorted `values` is within TOLERANCE of `r`."""
    k = bisect_left(values, r - TOLERANCE)
    return k < len(values) and values[k] <= r + TOLERANCE


def _window_pieces(tokens: _Tokens, units: range, cuts: Cuts | None, lengths: np.ndarray,
                   para: np.ndarray | None, worth: set[tuple[int, int]]) -> _Pieces:
    sent, start, end, opens, prior, pairs, clue, likely, heading, name = [], [], [], [], [], [], [], [], [], []
    candidates: list[tuple[float, int, Cut]] = []
    for u in units:
        places = [c for c in (cuts.places[u] if cuts is not None else ()) if (u, c.offset) in worth]
        candidates.extend((c.prior, u, c) for c in places)
    if len(candidates) + len(units) > MAX_PIECES:
        # Keep the most likely cuts only (a sentence of thousands of capitals).
        candidates = sorted(candidates, reverse=True)[: max(0, MAX_PIECES - len(units))]
    by_unit: dict[int, list[Cut]] = {}
    for _, u, c in candidates:
        by_unit.setdefault(u, []).append(c)
    for u in units:
        text_len = len(tokens.texts[u])
        bounds = [Cut(0, 1.0, True)] + sorted(by_unit.get(u, []))
        for k, c in enumerate(bounds):
            nxt = bounds[k + 1].offset if k + 1 < len(bounds) else text_len
            sent.append(u)
            start.append(c.offset)
            end.append(len(tokens.texts[u][:nxt].rstrip()))
            opens.append(k == 0)
            prior.append(c.prior)
            pairs.append(c.pairs)
            clue.append(c.clue)
            likely.append(c.likely)
            heading.append(c.heading)
            name.append(c.name)
    sentence = np.array(sent, dtype=np.int64)
    start_a = np.array(start, dtype=np.int64)
    # Tokens of the window and the piece each falls in.
    side = tokens.side
    tok_lo, tok_hi = int(tokens.first[units.start]), int(tokens.first[units.stop])
    tok_piece = np.zeros(tok_hi - tok_lo, dtype=np.int64)
    first_piece = np.searchsorted(sentence, np.arange(units.start, units.stop + 1))
    for u in units:
        a, b = int(tokens.first[u]) - tok_lo, int(tokens.first[u + 1]) - tok_lo
        p0, p1 = int(first_piece[u - units.start]), int(first_piece[u - units.start + 1])
        if b == a:
            continue
        if p1 - p0 == 1:
            tok_piece[a:b] = p0
            continue
        offs = tokens.offsets(u)
        if offs is None:
            tok_piece[a:b] = p0
        else:
            tok_piece[a:b] = p0 + np.searchsorted(start_a[p0:p1], offs, side="right") - 1
    o_lo, o_hi = int(tokens.occ_first[tok_lo]), int(tokens.occ_first[tok_hi])
    occ_tok = side.occ_tok[o_lo:o_hi] - tok_lo
    paras = para[sentence] if para is not None else np.zeros(len(sentence), dtype=np.int64)
    return _Pieces(
        sentence, start_a, np.array(end, dtype=np.int64), np.array(opens, dtype=bool),
        np.array(prior, dtype=float), np.array(pairs, dtype=bool), np.array(clue, dtype=np.int64),
        np.array(likely, dtype=bool), np.array(heading, dtype=np.int64), np.array(name, dtype=bool), paras,
        tok_piece, side.tok_weight[tok_lo:tok_hi], occ_tok, tok_piece[occ_tok], side.occ_key[o_lo:o_hi],
        tokens.keep[o_lo:o_hi], tokens.occ_first[tok_lo:tok_hi] - o_lo,
    )


@dataclass(frozen=True, slots=True)
class _KeyRows:
    """One side of windows of one shape as rows over the keys both sides of each window have
    (a key of one side only meets nothing): `[window, row, key]`, each window's keys in its
    own columns from the first on (past them, no key). Each token's keys, its keys that
    count as evidence (past the document-frequency filter) and its first key (its own word
    or number), the rows past a window's tokens empty (one at least: any place past them);
    and each piece's keys."""

    every: np.ndarray  # [windows, most tokens + 1, keys]
    kept: np.ndarray
    own: np.ndarray
    piece: np.ndarray  # [windows, pieces, keys]
    tokens: np.ndarray  # each window's tokens


def _key_rows(windows: Sequence[_Window]) -> tuple[_KeyRows, _KeyRows]:
    """Both sides of the windows as `_KeyRows` over the keys each window's sides share."""
    en, ind = [w.en for w in windows], [w.ind for w in windows]
    # A key of window w as `w * span + key`: the keys of all windows told apart, in order.
    span = 1 + max(int(p.occ_key.max(initial=0)) for p in (*en, *ind))
    mine, theirs = unique_ints(_window_keys(en, span)), unique_ints(_window_keys(ind, span))
    shared = mine[_found(theirs, mine)[0]]
    # Each shared key's column: its place among its window's.
    owner = shared // span
    column = np.arange(len(shared)) - np.searchsorted(owner, np.arange(len(windows)))[owner]
    width = int(column.max(initial=-1)) + 1
    return _side_rows(en, shared, column, width, span), _side_rows(ind, shared, column, width, span)


def _window_keys(pieces: Sequence[_Pieces], span: int) -> np.ndarray:
    """The key of each occurrence of the windows' tokens, told apart by window (`_key_rows`)."""
    return np.concatenate([p.occ_key + k * span for k, p in enumerate(pieces)])


def _found(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which of `values` are among the sorted `keys`, and where (meaningful where found)."""
    if not len(keys):
        return np.zeros(len(values), dtype=bool), np.zeros(len(values), dtype=np.int64)
    at = np.minimum(np.searchsorted(keys, values), len(keys) - 1)
    return keys[at] == values, at


def _side_rows(pieces: Sequence[_Pieces], shared: np.ndarray, column: np.ndarray, width: int, span: int
               ) -> _KeyRows:
    tokens = np.array([len(p.tok_piece) for p in pieces], dtype=np.int64)
    occurrences = np.array([len(p.occ_key) for p in pieces], dtype=np.int64)
    window = np.repeat(np.arange(len(pieces)), occurrences)
    hit, at = _found(shared, _window_keys(pieces, span))
    col = column[at] if len(shared) else at
    occ_tok = np.concatenate([p.occ_tok for p in pieces])
    kept = np.concatenate([p.kept for p in pieces])
    # Each token's first occurrence, among those of all windows.
    own = np.concatenate([p.own + first for p, first in zip(pieces, np.cumsum(occurrences) - occurrences)])

    def rows(found: np.ndarray, owner: np.ndarray, height: int) -> np.ndarray:
        out = np.zeros((len(pieces), height, width), dtype=bool)
        out[window[found], owner[found], col[found]] = True
        return out

    height = int(tokens.max(initial=0)) + 1
    # The occurrences that are a token's own word or number (every token has one: its first).
    own_hit = np.zeros(len(hit), dtype=bool)
    own_hit[own] = hit[own]
    return _KeyRows(rows(hit, occ_tok, height), rows(hit & kept, occ_tok, height), rows(own_hit, occ_tok, height),
                    rows(hit, np.concatenate([p.occ_piece for p in pieces]), pieces[0].count), tokens)


# OpenBLAS multiplies matrices in several threads past 262,144 multiply-adds, which here
# costs more processor time than it saves: a larger product is made in parts.
ONE_THREAD_PRODUCT = 250_000


def _meet(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """`out[w, a, b]`: row a of `x[w]` and row b of `y[w]` (bool rows over the same keys)
    share a key. Products of 0/1 counts (exact in float32 up to 2**24 keys), as the fast
    way to join."""
    xf, yf = x.astype(np.float32), y.transpose(0, 2, 1).astype(np.float32)
    rows = max(1, ONE_THREAD_PRODUCT // max(1, yf[0].size))
    if xf.shape[1] <= rows:
        return (xf @ yf) > 0
    return np.concatenate([(xf[:, k:k + rows] @ yf) > 0 for k in range(0, xf.shape[1], rows)], axis=1)


def _matches(mine: _KeyRows, theirs: _KeyRows) -> np.ndarray:
    """`M[w, t, b]`: token t of window w of `mine` has a kept key among the keys of piece b
    of `theirs`."""
    return _meet(mine.kept[:, :-1], theirs.piece)


def _openings_meet(windows: Sequence[_Window], rows: tuple[_KeyRows, _KeyRows], e_cut: np.ndarray,
                   i_cut: np.ndarray) -> tuple[np.ndarray, ...]:
    """For a boundary before English piece a and Indonesian piece b of window w (`[w, a,
    b]`): whether both open with the same word (a name, a number), whether their first
    words translate each other, whether their first OPENING_TOKENS tokens do (a key in
    common; both opening a quotation counts, as the quote is a token), whether a phrase
    crosses it on the English and on the Indonesian side (see below), and whether the word
    before it on the English and on the Indonesian side translates one of the last words
    before the other side's boundary (and none of the first after it: the two sentences
    end alike). `e_cut` (`[w, a, 1]`), `i_cut` (`[w, 1, b]`): the boundary is a cut."""
    reach = max(OPENING_TOKENS, CROSS_TOKENS, FIRST_REACH)
    # Per side, stacked: the keys of the first 1, 2, ... `reach` tokens after each boundary,
    # of its first token's own word, of the last token before it (kept keys only: the word
    # must be evidence), of the last CROSS_TOKENS before it.
    stacks = []
    w = np.arange(len(windows))[:, None, None]
    for pieces, r in zip(([v.en for v in windows], [v.ind for v in windows]), rows):
        near = _near_tokens(pieces, r.tokens, reach)
        ahead = np.logical_or.accumulate(r.every[w, near[:, :reach]], axis=1)
        stacks.append(np.concatenate((ahead, r.own[w, near[:, :1]], r.kept[w, near[:, reach:reach + 1]],
                                      r.every[w, near[:, reach:reach + CROSS_TOKENS]].any(axis=1)[:, None]), axis=1))
    (count, rows_e, R, keys), (_, rows_i, S, _) = stacks[0].shape, stacks[1].shape
    met = _meet(stacks[0].reshape(count, rows_e * R, keys),
                stacks[1].reshape(count, rows_i * S, keys)).reshape(count, rows_e, R, rows_i, S)
    own, last, behind = reach, reach + 1, reach + 2

    def block(e: int, i: int) -> np.ndarray:
        return met[:, e, :, i, :]

    # Every key counts here, even one too common to count as evidence of a pair: at the
    # same place it still tells (`Kavanaugh` in every sentence of a story about him).
    meet = block(OPENING_TOKENS - 1, OPENING_TOKENS - 1)
    # A cut's own first word among the first FIRST_REACH of the other side's opening (not
    # the other way round: the cut's word is what must open a sentence).
    first = block(0, 0) | (e_cut & block(0, FIRST_REACH - 1)) | (i_cut & block(FIRST_REACH - 1, 0))
    same = block(own, own)
    e_after, e_before = block(last, CROSS_TOKENS - 1), block(last, behind)
    i_after, i_before = block(CROSS_TOKENS - 1, last), block(behind, last)
    return same, first, meet, e_after & ~e_before, i_after & ~i_before, e_before & ~e_after, i_before & ~i_after


def _near_tokens(pieces: Sequence[_Pieces], tokens: np.ndarray, reach: int) -> np.ndarray:
    """`[window, 2 * reach, pieces + 1]`: for each boundary (before each piece, and the
    window's end), the window token `s` tokens after it (row s), or `s + 1` before it (row
    reach + s); the token after the window's last (its key rows' empty row) past the
    window's tokens, and at the window's end. Read on into the next pieces: the words
    after a cut."""
    size = tokens[:, None, None]
    steps = np.arange(reach)[None, :, None]
    first = np.concatenate((np.stack([p.tok_first for p in pieces]), tokens[:, None]), axis=1)[:, None, :]
    tok = np.concatenate((first + steps, first - 1 - steps), axis=1)
    tok = np.where((tok >= 0) & (tok < size), tok, size)
    tok[:, :, -1] = tokens[:, None]
    return tok


# A phrase crossing a boundary, as `_openings_meet` computes it: for a boundary before English
# piece a and Indonesian piece b, whether the English word just before it translates one of the first
# CROSS_TOKENS words after it on the Indonesian side, and none of the last CROSS_TOKENS
# before it (and the same with the sides swapped). A cut there splits a phrase the other
# side keeps after its boundary: `... in Croydon, south | London, last week` beside `...
# di Croydon. London selatan minggu lalu`, `... ke 65, dan penyerang | Argentina menerima`
# beside `... 65th minute. The Argentine striker received`.


def _span_matched(M: np.ndarray, tok_piece: np.ndarray, weight: np.ndarray, pieces: int) -> np.ndarray:
    """`Q[a, b0, b1]`: weight of the tokens of my pieces `[0, a)` matched in the other
    side's pieces `[b0, b1)` (each token once)."""
    other = M.shape[1]
    if not len(tok_piece):
        return np.zeros((pieces + 1, other + 1, other + 1))
    C = np.zeros((len(tok_piece), other + 1), dtype=np.int32)
    np.cumsum(M, axis=1, out=C[:, 1:])
    hit = (C[:, None, :] > C[:, :, None]).reshape(len(tok_piece), -1)  # [t, b0 * (other + 1) + b1]
    G = np.zeros((pieces, len(tok_piece)))
    G[tok_piece, np.arange(len(tok_piece))] = weight
    Q = np.zeros((pieces + 1, (other + 1) ** 2))
    np.cumsum(G @ hit, axis=0, out=Q[1:])
    return Q.reshape(pieces + 1, other + 1, other + 1)


def _gap_costs(side: _Stacked) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Prefix sums of sentence starts and of the costs of running across cuts, and the
    cost of ending a bead before each piece (0 at sentence starts and at the end)."""
    p = np.clip(side.p, 1e-6, 1 - 1e-6)
    across = np.where(side.opens, 0.0, -np.log1p(-p))
    end_at = _then(np.where(side.opens, 0.0, -np.log(p)), 0.0)  # before piece k; k = n: the end
    return _prefix(side.opens.astype(np.int64)), _prefix(across), end_at


def _prefix(values: np.ndarray) -> np.ndarray:
    """Sums along the last axis from 0 on: `out[..., k]` sums `values[..., :k]`."""
    out = np.zeros((*values.shape[:-1], values.shape[-1] + 1), dtype=values.dtype)
    np.cumsum(values, axis=-1, out=out[..., 1:])
    return out


def _then(values: np.ndarray, last: float | int | bool) -> np.ndarray:
    """`values` with `last` after them along the last axis."""
    return np.concatenate((values, np.full((*values.shape[:-1], 1), last, dtype=values.dtype)), axis=-1)


@dataclass(frozen=True, slots=True)
class WindowContext:
    """What the window search needs from the whole document."""

    params: CostParams
    typical: float
    en_len: np.ndarray
    ind_len: np.ndarray
    en_para: np.ndarray | None
    ind_para: np.ndarray | None
    temperature: float
    shapes: tuple[tuple[int, int], ...]  # the bead search's own
    # How loose a translation the document is (1: as the development documents; lower:
    # its confident pairs share fewer words). The windows' lexical threshold and the
    # priors of beads of several sentences are this share of the bead search's.
    looseness: float = 1.0


def _paragraph_terms(side: _Stacked, next_para: Sequence[int | None]) -> tuple[np.ndarray, np.ndarray]:
    """`first[w, k]`: paragraph of piece k of window w; `closes[w, k]`: piece k - 1 ends its
    paragraph (`next_para[w]`: the paragraph after window w; None: none)."""
    para = side.para
    after = np.array([last + 1 if nxt is None else nxt for last, nxt in zip(para[:, -1].tolist(), next_para)],
                     dtype=para.dtype)
    following = np.concatenate((para[:, 1:], after[:, None]), axis=1)
    closes = np.concatenate((np.zeros((len(para), 1), dtype=bool), para != following), axis=1)
    return para, closes


@dataclass(frozen=True, slots=True)
class _Grid:
    """The beads of a window of R English and S Indonesian pieces, as index arrays that
    broadcast to `[a0, a1, b0, b1]`, and what depends on the window's shape alone."""

    a0: np.ndarray  # [R + 1, 1, 1, 1]
    a1: np.ndarray  # [1, R + 1, 1, 1]
    b0: np.ndarray  # [1, 1, S + 1, 1]
    b1: np.ndarray  # [1, 1, 1, S + 1]
    e_next: np.ndarray  # the piece after a0, or R
    i_next: np.ndarray
    e_any: np.ndarray  # the bead holds English pieces
    i_any: np.ndarray
    two: np.ndarray  # and Indonesian ones
    valid: np.ndarray  # a0 <= a1, b0 <= b1, and not empty


@lru_cache(maxsize=1024)
def _grid(R: int, S: int) -> _Grid:
    """The `_Grid` of a window shape, made once (windows of a few shapes come by the hundred);
    read-only, as it is shared."""
    a0 = np.arange(R + 1)[:, None, None, None]
    a1 = np.arange(R + 1)[None, :, None, None]
    b0 = np.arange(S + 1)[None, None, :, None]
    b1 = np.arange(S + 1)[None, None, None, :]
    e_any, i_any = a1 > a0, b1 > b0
    grid = _Grid(a0, a1, b0, b1, np.minimum(a0 + 1, R), np.minimum(b0 + 1, S), e_any, i_any, e_any & i_any,
                 (a0 <= a1) & (b0 <= b1) & (e_any | i_any))
    for array in (grid.a0, grid.a1, grid.b0, grid.b1, grid.e_next, grid.i_next, grid.e_any, grid.i_any, grid.two,
                  grid.valid):
        array.flags.writeable = False
    return grid


@lru_cache(maxsize=1024)
def _shape_tables(params: CostParams, top_e: int, top_i: int, scale: float
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """By the sentences `[se, si]` of a bead (up to `top_e - 1` and `top_i - 1`): its prior if
    two-sided (`shape_prior`, one sentence at least a side), its cost if one-sided, the cost
    of leaving its sentences one-sided (`without_evidence_floor`), and whether windows
    build it (`allowed_shape`). A window looks its beads up here rather than working out
    each bead's."""
    se, si = np.arange(top_e)[:, None], np.arange(top_i)[None, :]
    prior = _prior_table(params, top_e, top_i, scale)[np.maximum(se, 1), np.maximum(si, 1)]
    # One-sided beads: a flat cost a sentence.
    one = params.skip * (se + si) + params.prior(1, 0) * (se > 0) + params.prior(0, 1) * (si > 0) \
        + ONE_SIDED_GROUP * np.maximum(se + si - 1, 0)
    unpaired = params.skip * (se + si) + params.prior(1, 0) + params.prior(0, 1)
    tables = prior, one, unpaired, allowed_shape(se, si)
    for table in tables:
        table.flags.writeable = False  # shared: cached per shape of window and parameters
    return tables


@dataclass(frozen=True, slots=True)
class _Window:
    """A window to solve: beads `[lo, hi)` of the bead search's path, the pieces of both
    sides, and the paragraph after each side's last (None: the text ends there)."""

    lo: int
    hi: int
    en: _Pieces
    ind: _Pieces
    next_en: int | None
    next_ind: int | None

    @property
    def cells(self) -> int:
        """The size of its cost array."""
        return (self.en.count + 1) ** 2 * (self.ind.count + 1) ** 2


@dataclass(frozen=True, slots=True)
class _Stacked:
    """One side of windows of the same number of pieces, each field `[window, piece]`."""

    opens: np.ndarray
    p: np.ndarray
    pairs: np.ndarray
    clue: np.ndarray
    likely: np.ndarray
    heading: np.ndarray
    name: np.ndarray
    para: np.ndarray
    length: np.ndarray  # `_Pieces.lengths`
    weight: np.ndarray  # of the piece's tokens
    words: np.ndarray  # its tokens

    @classmethod
    def of(cls, pieces: Sequence[_Pieces], full: np.ndarray) -> _Stacked:
        count = pieces[0].count
        # Each window's tokens, numbered past the pieces of the windows before it.
        owner = np.concatenate([p.tok_piece + k * count for k, p in enumerate(pieces)])
        weights = np.concatenate([p.tok_weight for p in pieces])
        shape = (len(pieces), count)

        def field(name: str) -> np.ndarray:
            return np.stack([getattr(p, name) for p in pieces])

        return cls(field("opens"), field("p"), field("pairs"), field("clue"), field("likely"), field("heading"),
                   field("name"), field("para"), np.stack([p.lengths(full) for p in pieces]),
                   np.bincount(owner, weights=weights, minlength=shape[0] * count).reshape(shape),
                   np.bincount(owner, minlength=shape[0] * count).reshape(shape))


def _costs(windows: Sequence[_Window], ctx: WindowContext) -> tuple[np.ndarray, np.ndarray]:
    """`cost[w, a0, a1, b0, b1]` of the bead of window w holding English pieces [a0, a1) and
    Indonesian [b0, b1) (INF where there is no such bead), and its lexical similarity.

    The windows are of one shape (as many pieces a side) and worked out together: most
    hold a few pieces a side, where a numpy operation costs far more than its arithmetic,
    and the same operations over many windows at once cost about what one window's do.
    Every bead's cost is the same sum, in the same order, as for its window alone."""
    params = ctx.params
    R, S = windows[0].en.count, windows[0].ind.count
    grid = _grid(R, S)
    a0, a1, b0, b1, two = grid.a0, grid.a1, grid.b0, grid.b1, grid.two
    en = _Stacked.of([w.en for w in windows], ctx.en_len)
    ind = _Stacked.of([w.ind for w in windows], ctx.ind_len)
    # Each side's `[window, k]` arrays read at a grid's index arrays (`x[:, a1]`) broadcast
    # to `[window, a0, a1, b0, b1]`.
    e_open, e_in, e_end = _gap_costs(en)
    i_open, i_in, i_end = _gap_costs(ind)
    # Sentences of each side of the bead: one, plus every segmenter's start inside it.
    se = np.where(grid.e_any, 1 + e_open[:, a1] - e_open[:, grid.e_next], 0)  # [w, a0, a1, 1, 1]
    si = np.where(grid.i_any, 1 + i_open[:, b1] - i_open[:, grid.i_next], 0)  # [w, 1, 1, b0, b1]
    gaps = (np.where(grid.e_any, e_in[:, a1] - e_in[:, grid.e_next] + e_end[:, a1], 0.0)
            + np.where(grid.i_any, i_in[:, b1] - i_in[:, grid.i_next] + i_end[:, b1], 0.0))
    top_i = max(int(si.max()), 1) + 1
    prior, one, unpaired, allowed = _shape_tables(params, max(int(se.max()), 1) + 1, top_i, ctx.looseness)
    shape = se * top_i + si  # [w, a0, a1, b0, b1] into the tables
    # Two-sided: prior, length, lexical, paragraphs.
    e_len, i_len = _prefix(en.length), _prefix(ind.length)
    len_en = e_len[:, a1] - e_len[:, a0]
    len_ind = i_len[:, b1] - i_len[:, b0]
    cost = prior.take(shape)
    cost = cost + params.length_weight * length_cost(len_en, len_ind, params.ratio, params.variance)
    e_w, i_w = _prefix(en.weight), _prefix(ind.weight)
    total = (e_w[:, a1] - e_w[:, a0]) + (i_w[:, b1] - i_w[:, b0])
    rows = _key_rows(windows)
    sim = np.zeros(1)
    if params.lexical_weight > 0:
        # (Each window's matches at its own tokens, its other rows empty.)
        QE = np.stack([_span_matched(M[:t], w.en.tok_piece, w.en.tok_weight, R)
                       for w, M, t in zip(windows, _matches(*rows), rows[0].tokens)])  # [w, a, b0, b1]
        QI = np.stack([_span_matched(M[:t], w.ind.tok_piece, w.ind.tok_weight, S)
                       for w, M, t in zip(windows, _matches(*rows[::-1]), rows[1].tokens)])  # [w, b, a0, a1]
        dot = QE[:, a1[..., 0, 0]] - QE[:, a0[..., 0, 0]]  # [w, a0, a1, b0, b1]
        qi = QI.transpose(0, 2, 3, 1)  # [w, a0, a1, b]
        dot = dot + (qi[:, :, :, None, :] - qi[:, :, :, :, None])  # b1 - b0
        sim = np.where(total > 0, np.minimum(dot / np.maximum(total, 1e-9), 1.0), 0.0)
        cost = cost + params.lexical_weight * (params.threshold * total - dot) / ctx.typical
        cost = without_evidence_floor(cost, dot, total, unpaired.take(shape))
    if params.paragraph_penalty and ctx.en_para is not None and ctx.ind_para is not None:
        ep, e_close = _paragraph_terms(en, [w.next_en for w in windows])
        ip, i_close = _paragraph_terms(ind, [w.next_ind for w in windows])
        crossing = (ep[:, np.maximum(a1 - 1, 0)] != ep[:, np.minimum(a0, R - 1)]).astype(float) \
            + (ip[:, np.maximum(b1 - 1, 0)] != ip[:, np.minimum(b0, S - 1)]).astype(float)
        unmatched = e_close[:, a1] != i_close[:, b1]
        cost = cost + params.paragraph_penalty * (crossing + 0.5 * unmatched)
    cost = np.where(two, cost, one.take(shape)) + gaps
    valid = grid.valid & allowed.take(shape)
    # Two cuts that are mere capitals do not make a boundary together: a name stands at
    # the same place in both languages (`let Rangers play`, `membiarkan Rangers bermain`).
    e_weak = _then(~en.opens & ~en.pairs, False)  # before piece k; k = R: the end
    i_weak = _then(~ind.opens & ~ind.pairs, False)
    valid = valid & ~(two & e_weak[:, a1] & i_weak[:, b1])
    # A bead ends at a heading's end only if it starts where the heading's sentence does, or
    # at the end of a heading before it, with a few words of its own (a headline, then its
    # subtitle: `Menga strike gives Livingston 1-0 win over Rangers | Dolly Menga's first
    # goal for Livingston secured victory | Promoted Livingston stunned ...`). No subtitle
    # opens with a word the headline has written: the text's first sentence does, naming
    # again whom the headline named, and a name the same in both languages further on ends
    # no subtitle (`Watch: Liverpool's Daniel Sturridge ... vs. Chelsea | Daniel Sturridge
    # saved | Liverpool from ...`).
    for side, lo, hi in ((en, a0, a1), (ind, b0, b1)):
        count = side.opens.shape[1]
        kind = _then(np.where(side.opens, 0, side.heading), 0)
        heading = kind > 0
        if not heading.any():
            continue  # no heading's end in the windows (most windows): nothing to rule out
        first = _then(np.maximum.accumulate(np.where(side.opens, np.arange(count), 0), axis=1), count)
        words = _prefix(side.words)
        chained = (kind[:, np.minimum(lo, count)] == HEADING) & (lo > first[:, np.minimum(hi, count)]) \
            & (words[:, hi] - words[:, lo] >= SUBTITLE_WORDS)
        valid = valid & ~((hi > lo) & heading[:, hi] & (lo != first[:, np.minimum(hi, count)]) & ~chained)
    # A cut where the other side's sentence starts with words that translate its own is
    # likelier a boundary (`... panjang Wijaya berbicara` beside `... debate. Wijaya spoke`).
    # Where two cuts meet, only if one is a likely start: they open alike whenever a name or
    # a number stands at the same place in both languages.
    # Nor at a clause (`...; and ...`): a translator makes a sentence of a clause often
    # enough, and opens it with the same conjunction.
    # `[w, a1, b1]`: a boundary before English piece a1 and Indonesian piece b1 of window w.
    e_cut, i_cut = _then(~en.opens, False)[:, :, None], _then(~ind.opens, False)[:, None, :]
    e_pair, i_pair = _then(en.pairs, False)[:, :, None], _then(ind.pairs, False)[:, None, :]
    clue = np.minimum(_then(np.where(en.opens, CLUE_MEET, en.clue), CLUE_MEET)[:, :, None],
                      _then(np.where(ind.opens, CLUE_MEET, ind.clue), CLUE_MEET)[:, None, :])
    both = e_cut & i_cut
    # Two cuts of which one is a likely start on its own: that one tells where a sentence
    # starts, and the other's first words need only meet its opening (`... secured victory
    # Promoted Livingston stunned ...` beside `... memastikan kemenangan Kemenangan Livingston`).
    e_likely = _then(en.likely & ~en.opens, False)[:, :, None]
    i_likely = _then(ind.likely & ~ind.opens, False)[:, None, :]
    e_name, i_name = _then(en.name, False)[:, :, None], _then(ind.name, False)[:, None, :]
    one_likely = both & ((e_likely & ~i_name) | (i_likely & ~e_name))
    clue = np.where(one_likely & (clue == CLUE_FIRST), CLUE_MEET, clue)
    cut_end = (e_cut != i_cut) | (both & (e_pair | i_pair))
    same, first, meet, e_cross, i_cross, e_close, i_close = _openings_meet(windows, rows, e_cut, i_cut)
    told = cut_end & (((clue >= CLUE_FIRST) & (first | same)) | ((clue >= CLUE_MEET) & meet))
    # Where both sides are cuts, the same word after both is also what a name at the same
    # place shows (`Ayr 38 - 17 Melrose: ...` in both languages): no more than a translation.
    bonus = np.where(told, np.where(same & ~both, SAME_BONUS, OPENING_BONUS), 0.0)  # [w, a1, b1]
    # Two cuts, one a likely start, where the words before both also translate each other:
    # the two sentences end alike and the next open alike (see CLOSE_BONUS).
    closing = told & one_likely & ((e_cut & e_close) | (i_cut & i_close))
    bonus = bonus + np.where(closing, CLOSE_BONUS, 0.0)
    # A cut that splits a phrase the other side keeps together after its boundary.
    crossed = (e_cut & e_cross) | (i_cut & i_cross)
    bonus = np.where(crossed, -CROSS_PENALTY, bonus)
    cost = cost - np.where(two, bonus[:, None, :, None, :], 0.0)
    return np.where(valid, cost, INF), np.where(two & valid, sim, 0.0)


def search_window(cost: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The cheapest path of beads from (0, 0) to (R, S), as (a0, a1, b0, b1) beads."""
    R, S = cost.shape[1] - 1, cost.shape[3] - 1
    D = np.full((R + 1, S + 1), INF)
    back = np.zeros((R + 1, S + 1, 2), dtype=np.int64)
    D[0, 0] = 0.0
    cols = np.arange(S + 1)
    for a in range(R + 1):
        if a:
            flat = (D[:a, :, None] + cost[:a, a, :, :]).reshape(a * (S + 1), S + 1)  # [a0 * b0, b1]
            best = flat.argmin(axis=0)
            D[a] = flat[best, cols]
            back[a, :, 0], back[a, :, 1] = best // (S + 1), best % (S + 1)
        # Beads of Indonesian pieces only, along the row: in plain floats (the same sums and
        # the same first minimum as numpy's, without an array call for each few numbers).
        row, along = D[a].tolist(), cost[a, a].tolist()  # along[b0][b1]
        for b in range(1, S + 1):
            best, k = row[0] + along[0][b], 0
            for j in range(1, b):
                value = row[j] + along[j][b]
                if value < best:
                    best, k = value, j
            if best < row[b]:
                row[b] = best
                back[a, b] = (a, k)
        D[a] = row
    path = []
    a, b = R, S
    while a or b:
        pa, pb = int(back[a, b, 0]), int(back[a, b, 1])
        path.append((pa, a, pb, b))
        a, b = pa, pb
    path.reverse()
    return path


_LOGE2 = math.log(2.0)


def _logaddexp(x: float, y: float) -> float:
    """`np.logaddexp` of two floats, as numpy works it out (npy_logaddexp: the same libm
    `exp` and `log1p`, in the same order), so that a sum made of these, in numpy's order
    (`np.logaddexp.reduce` folds from the left), is bit for bit numpy's, without an array
    call for each few numbers. Never an overflow: `exp` is only taken of `-|x - y|`."""
    if x == y:
        return x + _LOGE2  # the same infinities too
    tmp = x - y
    if tmp > 0:
        return x + math.log1p(math.exp(-tmp))
    if tmp <= 0:
        return y + math.log1p(math.exp(tmp))
    return tmp  # NaN


def window_posteriors(cost: np.ndarray, path: Sequence[tuple[int, int, int, int]], temperature: float) -> list[float]:
    """Each bead's posterior over all paths through the window (forward-backward), costs
    read as energies as the bead search reads them."""
    R, S = cost.shape[1] - 1, cost.shape[3] - 1
    energy = np.where(cost >= INF / 2, np.inf, cost / temperature)
    F = np.full((R + 1, S + 1), -np.inf)
    F[0, 0] = 0.0
    for a in range(R + 1):
        if a:
            F[a] = np.logaddexp.reduce((F[:a, :, None] - energy[:a, a, :, :]).reshape(a * (S + 1), S + 1), axis=0)
        # Beads of Indonesian pieces only, along the row, in plain floats (see `_logaddexp`).
        row, along = F[a].tolist(), energy[a, a].tolist()  # along[b0][b1]
        for b in range(1, S + 1):
            into = row[0] - along[0][b]
            for j in range(1, b):
                into = _logaddexp(into, row[j] - along[j][b])
            row[b] = _logaddexp(row[b], into)
        F[a] = row
    B = np.full((R + 1, S + 1), -np.inf)
    B[R, S] = 0.0
    for a in range(R, -1, -1):
        if a < R:
            later = B[a + 1:, None, :] - energy[a, a + 1:, :, :]  # [a1, b0, b1]
            B[a] = np.logaddexp.reduce(later.transpose(1, 0, 2).reshape(S + 1, -1), axis=1)
        row, along = B[a].tolist(), energy[a, a].tolist()
        for b in range(S - 1, -1, -1):
            out = row[b + 1] - along[b][b + 1]
            for j in range(b + 2, S + 1):
                out = _logaddexp(out, row[j] - along[b][j])
            row[b] = _logaddexp(row[b], out)
        B[a] = row
    total = F[R, S]
    return [float(np.exp(min(F[a0, b0] - energy[a0, a1, b0, b1] + B[a1, b1] - total, 0.0)))
            for a0, a1, b0, b1 in path]


def _doubtful(beads: Sequence[tuple[tuple[int, ...], tuple[int, ...]]],
              cuts: tuple[Cuts | None, Cuts | None], texts: tuple[Sequence[str], Sequence[str]],
              longest: int, looser: bool = False, tokens: tuple[_Tokens, _Tokens] | None = None) -> list[int]:
    """Which beads of the bead search's path a window could change (see the module doc),
    and whether with their neighbours (WITH_NEIGHBOURS) or alone (ALONE; 0: neither):

    - a bead with a cut worth trying (`_worth_trying`, not counting the bead's edges): a
      boundary the other side shows inside it, or two cuts at about the same place; alone;
    - a run of one-sided beads that, with the two-sided bead beside it, makes a bead
      longer on one side than the bead search's longest (`longest`): only there can a
      shape it did not try do better; or any one-sided bead, if the windows are `looser`
      than the bead search (a lower lexical threshold: see `WindowContext`); with the
      beads beside it.
    """
    out = []
    for bead in beads:
        if not any(side_cuts is not None and side_cuts.places[u] for side_cuts, ids in zip(cuts, bead) for u in ids):
            out.append(0)
            continue
        if len(bead[0]) == 1 and len(bead[1]) == 1 and not any(
            c.pairs for side_cuts, ids in zip(cuts, bead) if side_cuts is not None for c in side_cuts.places[ids[0]]
        ):
            # A 1-1 bead: only two cuts at the same place could split it, and one must pair.
            out.append(0)
            continue
        worth = _worth_trying([bead], cuts, texts, edges=False, tokens=tokens)
        out.append(ALONE if worth[0] or worth[1] else 0)
    for k, bead in enumerate(beads):
        # One-sided beads face each other, and one holds a cut that may pair: both alone.
        if bool(bead[0]) != bool(bead[1]) and k + 1 < len(beads) and bool(beads[k + 1][0]) != bool(beads[k + 1][1]) \
                and bool(bead[0]) != bool(beads[k + 1][0]) and _facing_cuts(beads[k:k + 2], cuts):
            out[k] = max(out[k], ALONE)
            out[k + 1] = max(out[k + 1], ALONE)
    k = 0
    while k < len(beads):
        e, i = beads[k]
        if e and i:
            k += 1
            continue
        side = 0 if e else 1
        end = k
        while end < len(beads) and beads[end][side] and not beads[end][1 - side]:
            end += 1
        run = sum(len(beads[j][side]) for j in range(k, end))
        around = [len(beads[j][side]) for j in (k - 1, end) if 0 <= j < len(beads) and beads[j][0] and beads[j][1]]
        if looser or run + max(around, default=0) > longest:
            for j in range(k, end):
                out[j] = WITH_NEIGHBOURS
        else:
            facing = _facing_piece(beads, k, end, side, cuts[1 - side], tokens)
            if facing is not None:
                # The run and that bead only, not the beads on both sides (windows are the cost).
                for j in (*range(k, end), facing):
                    out[j] = max(out[j], ALONE)
        k = end
    return out


ALONE, WITH_NEIGHBOURS = 1, 2


def _facing_piece(beads, k: int, end: int, side: int, other_cuts: Cuts | None,
                  tokens: tuple[_Tokens, _Tokens] | None) -> int | None:
    """A two-sided bead beside the one-sided run `beads[k:end]` (of `side`) that holds, on
    the other side, a cut that may pair, or a cut next to the run whose first word meets the
    opening of the sentence that would follow it on the run's side (the run's first sentence
    if the run comes after the bead, the bead's own if before): the piece it cuts off next
    to the run may be what the run translates (a full stop that side dropped, a headline
    run into the next sentence). None if neither does."""
    if other_cuts is None:
        return None
    for j, after in ((k - 1, True), (end, False)):
        if not (0 <= j < len(beads) and beads[j][0] and beads[j][1]):
            continue
        ids = beads[j][1 - side]
        near = ids[-1] if after else ids[0]
        opening: set[int] | None = None
        for u in ids:
            for c in other_cuts.places[u]:
                if c.pairs:
                    return j
                if u != near or tokens is None:
                    continue
                if opening is None:
                    follows = beads[k][side][0] if after else beads[j][side][0]
                    opening = tokens[side].first_keys(follows, count=FIRST_REACH)
                if opening & tokens[1 - side].first_keys(u, c.offset):
                    return j
    return None


def loosely_doubtful(beads: Sequence[tuple[tuple[int, ...], tuple[int, ...]]], doubtful: Sequence[int],
                     confidence: Sequence[float], similarity: Sequence[float]) -> list[int]:
    """`doubtful` (as `_doubtful` gives it) for a loose translation, whose windows weigh the
    evidence otherwise than the bead search: beads it was unsure of are solved again with
    their neighbours, and so are two-sided beads whose sides share no word at all. Such a
    bead's confidence comes from lengths alone, which in a loose translation say little:
    two short sentences of neighbouring passages pair up by length for next to nothing,
    while each belongs in a longer bead beside it that only a window can build."""
    return [WITH_NEIGHBOURS if c < DOUBT or (e and i and s <= 0.0) else d
            for d, c, s, (e, i) in zip(doubtful, confidence, similarity, beads)]


def without_evidence_floor(cost: np.ndarray, matched: np.ndarray, total: np.ndarray, unpaired: np.ndarray
                           ) -> np.ndarray:
    """Two-sided bead costs where a bead whose sides share no word (`matched` 0 of a
    `total` above 0) costs at least `unpaired`, what its sentences cost left one-sided: such
    a pairing is no likelier than none. Without it two short sentences pair by length for
    less than a sentence left out, and a window keeps that pair instead of the longer bead
    beside it whose words ask for one of them."""
    return np.where((matched <= 0) & (total > 0), np.maximum(cost, unpaired), cost)


def _windows(beads, doubtful: list[int], max_sentences: int, confidence: Sequence[float]) -> list[tuple[int, int]]:
    """Runs of beads `[k0, k1)` to solve again: each doubtful bead, with a bead of context on
    each side where it asks for them, touching runs merged, none holding more than
    `max_sentences` a side: a longer run is cut after its surest two-sided bead within
    reach, so that a long bead is not cut off from the sentences it needs."""
    spans: list[list[int]] = []
    for k, doubt in enumerate(doubtful):
        if not doubt:
            continue
        context = 1 if doubt == WITH_NEIGHBOURS else 0
        lo, hi = max(k - context, 0), min(k + 1 + context, len(beads))
        if spans and lo <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], hi)
        else:
            spans.append([lo, hi])
    out = []
    for lo, hi in spans:
        start = lo
        while start < hi:
            n_en = n_id = 0
            end = start
            while end < hi and (end == start or (n_en + len(beads[end][0]) <= max_sentences
                                                 and n_id + len(beads[end][1]) <= max_sentences)):
                n_en += len(beads[end][0])
                n_id += len(beads[end][1])
                end += 1
            if end < hi:
                # Cut after the surest two-sided bead of the second half, if there is one.
                inside = [k for k in range((start + end) // 2, end) if beads[k][0] and beads[k][1]]
                if inside:
                    end = max(inside, key=lambda k: (confidence[k], k)) + 1
            out.append((start, end))
            start = end
    return out


def refine(
    beads: list[tuple[tuple[int, ...], tuple[int, ...]]],
    confidence: list[float],
    similarity: list[float],
    table: FeatureTable,
    en: Sequence[str],
    ind: Sequence[str],
    ctx: WindowContext,
    cuts: tuple[Cuts | None, Cuts | None] = (None, None),
    calibrate=lambda p: p,
    max_df: float = MAX_DF,
) -> tuple[list[tuple[tuple[int, ...], tuple[int, ...]]], list[float], list[float], Units, Units, list[bool]]:
    """The path of the bead search with its doubtful stretches solved again over pieces.

    Returns beads over the new units of each side, their confidence and similarity, the
    units (sentences given, cut where a bead ends inside one), and which beads a window
    changed (their confidence is `calibrate` of their posterior in the window).
    """
    tokens = (
        _Tokens(table.en, table.ind, len(ind), len(en), en, "en", max_df),
        _Tokens(table.ind, table.en, len(en), len(ind), ind, "id", max_df),
    )
    longest = max((max(shape) for shape in ctx.shapes), default=1)
    looser = ctx.looseness < 1.0
    doubtful = _doubtful(beads, cuts, (en, ind), longest, looser, tokens)
    if looser:
        doubtful = loosely_doubtful(beads, doubtful, confidence, similarity)
    windows = _windows(beads, doubtful, MAX_SENTENCES, confidence)
    units: tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]] = ([], [])
    out_beads: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    out_conf: list[float] = []
    out_sim: list[float] = []
    out_refined: list[bool] = []
    texts = (en, ind)

    def keep(k: int) -> None:
        ids = []
        for side in (0, 1):
            ids.append(tuple(range(len(units[side]), len(units[side]) + len(beads[k][side]))))
            units[side].extend((u, 0, len(texts[side][u].rstrip())) for u in beads[k][side])
        out_beads.append((ids[0], ids[1]))
        out_conf.append(confidence[k])
        out_sim.append(similarity[k])
        out_refined.append(False)

    def window(lo: int, hi: int) -> _Window | None:
        e_units = range(beads[lo][0][0] if beads[lo][0] else _first(beads, lo, 0), _after(beads, hi - 1, 0))
        i_units = range(beads[lo][1][0] if beads[lo][1] else _first(beads, lo, 1), _after(beads, hi - 1, 1))
        if not len(e_units) or not len(i_units):
            return None  # one side has nothing here: the beads can only be one-sided, as they are
        worth = _worth_trying(beads[lo:hi], cuts, texts)
        return _Window(
            lo, hi,
            _window_pieces(tokens[0], e_units, cuts[0], ctx.en_len, ctx.en_para, worth[0]),
            _window_pieces(tokens[1], i_units, cuts[1], ctx.ind_len, ctx.ind_para, worth[1]),
            int(ctx.en_para[e_units.stop]) if ctx.en_para is not None and e_units.stop < len(en) else None,
            int(ctx.ind_para[i_units.stop]) if ctx.ind_para is not None and i_units.stop < len(ind) else None,
        )

    k = 0
    solvable = (w for w in (window(lo, hi) for lo, hi in windows) if w is not None)
    for w, cost, sim in _costs_in_order(solvable, ctx):
        while k < w.lo:
            keep(k)
            k += 1
        pieces_en, pieces_id = w.en, w.ind
        path = search_window(cost)
        same = _as_sentence_beads(path, pieces_en, pieces_id)
        if same == [beads[j] for j in range(w.lo, w.hi)]:
            for j in range(w.lo, w.hi):
                keep(j)
        else:
            before = {beads[j]: j for j in range(w.lo, w.hi)}
            for (a0, a1, b0, b1), p in zip(path, window_posteriors(cost, path, ctx.temperature)):
                whole = _as_sentence_beads([(a0, a1, b0, b1)], pieces_en, pieces_id)
                old = before.get(whole[0]) if whole else None
                if old is not None:
                    # A bead the window kept as it was keeps what the whole search said of it.
                    keep(old)
                    continue
                ids = (_emit(units[0], pieces_en, a0, a1), _emit(units[1], pieces_id, b0, b1))
                out_beads.append(ids)
                out_conf.append(calibrate(p))
                out_refined.append(True)
                out_sim.append(float(sim[a0, a1, b0, b1]) if a1 > a0 and b1 > b0 else 0.0)
        k = w.hi
    while k < len(beads):
        keep(k)
        k += 1
    return out_beads, out_conf, out_sim, Units(units[0]), Units(units[1]), out_refined


# Windows are worked out together (`_costs`) a run at a time, a run holding windows of at
# most RUN_CELLS cells (beads) in all, and those of one shape in it together, at most
# BATCH_CELLS cells at once with the arrays in between: some megabytes each.
RUN_CELLS = 1 << 20
BATCH_CELLS = 1 << 17


def _costs_in_order(windows: Iterable[_Window], ctx: WindowContext
                    ) -> Iterator[tuple[_Window, np.ndarray, np.ndarray]]:
    """Each window with its costs and similarities (`_costs`), in order."""
    windows = iter(windows)
    while True:
        run: list[_Window] = []
        cells = 0
        for w in windows:
            run.append(w)
            cells += w.cells
            if cells >= RUN_CELLS:
                break
        if not run:
            return
        shapes: dict[tuple[int, int], list[int]] = {}
        for k, w in enumerate(run):
            shapes.setdefault((w.en.count, w.ind.count), []).append(k)
        found: list[tuple[np.ndarray, np.ndarray]] = [(np.zeros(0), np.zeros(0))] * len(run)
        for same in shapes.values():
            step = max(1, BATCH_CELLS // run[same[0]].cells)
            for part in range(0, len(same), step):
                batch = same[part:part + step]
                cost, sim = _costs([run[k] for k in batch], ctx)
                for n, k in enumerate(batch):
                    found[k] = cost[n], sim[n]
        yield from ((w, cost, sim) for w, (cost, sim) in zip(run, found))


def _first(beads, k: int, side: int) -> int:
    """The first unit of `side` at or after bead k."""
    return _after(beads, k - 1, side) if k else 0


def _after(beads, k: int, side: int) -> int:
    """The unit of `side` just after bead k (and all beads before it)."""
    while k >= 0:
        if beads[k][side]:
            return beads[k][side][-1] + 1
        k -= 1
    return 0


def _as_sentence_beads(path, en: _Pieces, ind: _Pieces):
    """The path as beads of whole sentences, or None if it cuts a sentence."""
    out = []
    for a0, a1, b0, b1 in path:
        if (a0 < en.count and not en.opens[a0]) or (a1 < en.count and not en.opens[a1]) \
                or (b0 < ind.count and not ind.opens[b0]) or (b1 < ind.count and not ind.opens[b1]):
            return None
        out.append((tuple(int(u) for u in en.sentence[a0:a1][en.opens[a0:a1]]),
                    tuple(int(u) for u in ind.sentence[b0:b1][ind.opens[b0:b1]])))
    return out


def _emit(units: list[tuple[int, int, int]], pieces: _Pieces, lo: int, hi: int) -> tuple[int, ...]:
    """Add the units that pieces [lo, hi) make (a new one at each sentence start); their ids."""
    ids = []
    for k in range(lo, hi):
        if k == lo or pieces.opens[k]:
            ids.append(len(units))
            units.append((int(pieces.sentence[k]), int(pieces.start[k]), int(pieces.end[k])))
        else:
            s, start, _ = units[-1]
            units[-1] = (s, start, int(pieces.end[k]))
    return tuple(ids)
