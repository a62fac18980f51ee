"""Bead costs over a band: length, shared lexical evidence, bead-type priors, paragraphs.

The cost of a two-sided bead is

    prior[type] + length_weight * gale_church(len_en, len_id)
                + lexical_weight * (threshold * weight - matched) / typical

where `weight` is the summed weight of the bead's tokens, `matched` that of the tokens
with a counterpart on the other side (`alignread.align.features`), and `typical` the
weight of an average sentence pair of the document: a long bead that matches well earns
more than a short one, and a one-word title with no dictionary entry costs little.
One-sided beads (an omission, an added remark) cost a flat `skip` per sentence. Costs
are negative log-odds in spirit, so adding them along a path is meaningful; the weights
were calibrated on the development sets (see `alignread.align.aligner.DEFAULT`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from alignread.align.banded_dp import INF, Band, placeable
from alignread.align.features import FeatureTable, SideFeatures, unique_ints
from alignread.align.length import RATIO, VARIANCE, length_cost


@dataclass(frozen=True, slots=True)
class Units:
    """The sentences of both sides, with their lengths, tokens and paragraphs."""

    en_len: np.ndarray  # characters per unit
    ind_len: np.ndarray
    en: SideFeatures  # tokens and keys
    ind: SideFeatures
    en_para: np.ndarray | None = None  # paragraph of each unit (sentences only)
    ind_para: np.ndarray | None = None

    @property
    def n(self) -> int:
        return len(self.en_len)

    @property
    def m(self) -> int:
        return len(self.ind_len)


def make_units(
    table: FeatureTable,
    en_len: np.ndarray,
    ind_len: np.ndarray,
    en_para: np.ndarray | None = None,
    ind_para: np.ndarray | None = None,
) -> Units:
    """The sentences of both sides as search units (blocks are `alignread.align.coarse`'s)."""
    return Units(en_len, ind_len, table.en, table.ind, en_para, ind_para)


def _expand(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All (query, position) pairs for positions in `[left[q], right[q])`."""
    counts = np.maximum(right - left, 0)
    total = int(counts.sum())
    query = np.repeat(np.arange(len(counts)), counts)
    starts = np.cumsum(counts) - counts
    return query, left[query] + (np.arange(total) - starts[query])


# Units of one side handled at once when matching tokens, to bound memory.
_CHUNK_UNITS = 2048


# Keys found in more than this share of the other side's units are not evidence of where a
# sentence's counterpart is (`pair_similarity`).
MAX_DF = 0.5


def usable_keys(side: SideFeatures, other: SideFeatures, other_count: int, max_df: float = MAX_DF) -> np.ndarray:
    """For each (token, key) occurrence of `side`: whether the key is rare enough on the
    other side to say where the token's counterpart is."""
    nkeys = int(max(side.occ_key.max(initial=0), other.post_key.max(initial=0))) + 1
    df = np.bincount(other.post_key, minlength=nkeys)
    return df[side.occ_key] <= max(2, max_df * other_count)


def repetitive_max_df(units: Units, max_df: float = MAX_DF) -> float:
    """The share of units above which a key is skipped, for this document.

    Normally `max_df`: a key in most units (`dan`, `and` through the lexicon) says little
    about where a sentence's counterpart is and makes spurious matches. But in text that
    repeats itself (identical copies, a clause repeated throughout), most tokens have such
    keys: skipping them would leave the sentences no evidence at all, and unmatched they
    would all look untranslated. There every key counts (the band keeps the matching to
    neighbours, so the work stays linear).
    """
    weights = []
    for side, other, count in ((units.en, units.ind, units.m), (units.ind, units.en, units.n)):
        common = ~usable_keys(side, other, count, max_df)
        tokens = np.zeros(len(side.tok_unit), dtype=bool)
        tokens[side.occ_tok[common]] = True
        weights.append((float((side.tok_weight * tokens).sum()), float(side.tok_weight.sum())))
    common_weight = sum(c for c, _ in weights)
    total = sum(t for _, t in weights)
    return 1.01 if total > 0 and common_weight > 0.5 * total else max_df


def _matched(
    side: SideFeatures, other: SideFeatures, other_count: int, first: np.ndarray, last: np.ndarray, max_df: float
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Tokens of `side` matched in units of `other`: unique (token, other unit) pairs.

    `first[u]`/`last[u]` bound (last exclusive) the units of `other` to look in for a
    token of unit u. A token counts once per other unit, however many keys match.
    Yields the pairs for `_CHUNK_UNITS` units of `side` at a time.
    """
    keep = usable_keys(side, other, other_count, max_df)
    occ_key, occ_tok = side.occ_key[keep], side.occ_tok[keep]
    occ_unit = side.tok_unit[occ_tok]  # non-decreasing: tokens are in text order
    stride = other_count + 1
    postings = np.sort(other.post_key * stride + other.post_unit)
    bounds = np.searchsorted(occ_unit, np.arange(0, int(occ_unit[-1]) + _CHUNK_UNITS + 1, _CHUNK_UNITS)) \
        if len(occ_unit) else np.zeros(1, dtype=np.int64)
    for lo_, hi_ in zip(bounds[:-1], bounds[1:]):
        if hi_ <= lo_:
            continue
        key, unit = occ_key[lo_:hi_], occ_unit[lo_:hi_]
        left = _search(postings, key * stride + first[unit])
        right = _search(postings, key * stride + last[unit])
        query, pos = _expand(left, right)
        pairs = unique_ints(occ_tok[lo_:hi_][query] * stride + postings[pos] % stride)
        yield pairs // stride, pairs % stride


def _search(haystack: np.ndarray, needles: np.ndarray) -> np.ndarray:
    """`np.searchsorted(haystack, needles)`, the needles looked up in sorted order: each
    search then starts where the last ended, in memory already read. On a book's postings
    (a million entries) in token order, 7 times faster, sorting included."""
    order = np.argsort(needles, kind="stable")
    found = np.empty(len(needles), dtype=np.intp)
    found[order] = np.searchsorted(haystack, needles[order])
    return found


def _windows(tok: np.ndarray, other: np.ndarray, d: int, stride: int) -> tuple[np.ndarray, np.ndarray]:
    """(token, window end) pairs: the token is matched somewhere in `[end - d, end)`."""
    if d == 1:
        return tok, other + 1
    ends = (other[:, None] + 1 + np.arange(d)[None, :]).ravel()
    key = unique_ints(np.repeat(tok, d) * (stride + d) + ends)
    return key // (stride + d), key % (stride + d)


def pair_similarity(
    units: Units, band: Band, spans: int = 3, max_df: float = MAX_DF
) -> dict[tuple[str, int], np.ndarray]:
    """Matched token weights per band cell, for windows of 1..`spans` units.

    `("en", d)[i, k]`: weight of the tokens of English unit i-1 that are matched in the
    Indonesian units `[j - d, j)`, where `j = lo[i] + k`. `("id", d)[i, k]`: weight of the
    tokens of Indonesian unit j-1 matched in the English units `[i - d, i)`. A bead sums
    these over its sentences, so a token matched in two sentences of the other side
    still counts once. Matches are found through posting lists restricted to the band, so
    the work follows the band's size, not n * m. Keys in more than `max_df` of the other
    side's units are skipped: weak evidence that would make the lists quadratic.
    """
    n, m, lo, width = band.n, band.m, band.lo, band.width
    out = {(side, d): np.zeros((n + 1, width)) for side in ("en", "id") for d in range(1, spans + 1)}
    if len(units.en.occ_key) == 0 or len(units.ind.occ_key) == 0:
        return out
    # English unit e is on row e + 1; it meets Indonesian units f with f + 1 in that row.
    rows = np.arange(1, n + 1)
    for tok, f in _matched(
        units.en, units.ind, m, np.maximum(lo[rows] - spans, 0), np.minimum(lo[rows] + width - 1, m), max_df
    ):
        for d in range(1, spans + 1):
            t, end = _windows(tok, f, d, m)
            row = units.en.tok_unit[t] + 1
            k = end - lo[row]
            ok = (k >= 0) & (k < width)
            out[("en", d)] += np.bincount(
                row[ok] * width + k[ok], weights=units.en.tok_weight[t[ok]], minlength=(n + 1) * width
            ).reshape(n + 1, width)
    # Indonesian unit f is on column f + 1, which rows first_i .. last_i - 1 hold.
    cols = np.arange(1, m + 1)
    first_i = np.searchsorted(lo + width - 1, cols, side="left")
    last_i = np.searchsorted(lo, cols, side="right")
    for tok, e in _matched(
        units.ind, units.en, n, np.maximum(first_i - spans, 0), np.minimum(last_i, n), max_df
    ):
        for d in range(1, spans + 1):
            t, end = _windows(tok, e, d, n)
            col = units.ind.tok_unit[t] + 1
            k = col - lo[np.minimum(end, n)]
            ok = (end <= n) & (k >= 0) & (k < width)
            out[("id", d)] += np.bincount(
                end[ok] * width + k[ok], weights=units.ind.tok_weight[t[ok]], minlength=(n + 1) * width
            ).reshape(n + 1, width)
    return out


@dataclass(frozen=True, slots=True)
class CostParams:
    """Weights of the bead cost; see the module docstring."""

    length_weight: float = 1.0
    lexical_weight: float = 0.0
    # Similarity at which a two-sided bead is as likely right as wrong: above it the
    # lexical term lowers the cost, below it raises it.
    threshold: float = 0.4
    skip: float = 6.0
    priors: tuple[tuple[tuple[int, int], float], ...] = ()
    paragraph_penalty: float = 0.0
    ratio: float = RATIO
    variance: float = VARIANCE

    def prior(self, di: int, dj: int) -> float:
        for bead, cost in self.priors:
            if bead == (di, dj):
                return cost
        return 0.0


def _cumulative(values: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(values, dtype=float)])


def band_costs(units: Units, band: Band, beads, params: CostParams) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Cost of every bead type ending at every band cell, and the similarity used.

    Returns `(costs, sims)`; `sims[t]` is the lexical similarity of bead type t (zeros for
    one-sided beads), kept for the confidence estimate.
    """
    rows = np.arange(band.n + 1)[:, None]
    cols = band.cols
    cols_c = np.minimum(cols, band.m)
    ce, ci = _cumulative(units.en_len), _cumulative(units.ind_len)
    ne, ni = _cumulative(units.en.unit_weight), _cumulative(units.ind.unit_weight)
    use_lexical = params.lexical_weight > 0
    spans = max(max(di, dj) for di, dj in beads)
    S = pair_similarity(units, band, spans, repetitive_max_df(units)) if use_lexical else None
    width = band.width
    typical = max(float(units.en.unit_weight.mean() + units.ind.unit_weight.mean()), 1e-9)
    costs: list[np.ndarray] = []
    sims: list[np.ndarray] = []
    for di, dj in beads:
        ok = placeable(band, di, dj)
        r0 = np.maximum(rows - di, 0)
        c0 = np.maximum(cols_c - dj, 0)
        if di == 0 or dj == 0:
            cost = np.full(ok.shape, params.skip * (di + dj)) + params.prior(di, dj)
            costs.append(np.where(ok, cost, INF))
            sims.append(np.zeros(ok.shape))
            continue
        len_en = ce[rows] - ce[r0]
        len_ind = ci[cols_c] - ci[c0]
        cost = params.prior(di, dj) + params.length_weight * length_cost(
            len_en, len_ind, params.ratio, params.variance
        )
        sim = np.zeros(ok.shape)
        if S is not None:
            dot = np.zeros(ok.shape)
            en_part, id_part = S[("en", dj)], S[("id", di)]
            arange = np.arange(width)[None, :]
            for x in range(di):
                # English sentence i-1-x sits on row i-x; same column j there.
                src = np.maximum(rows - x, 0)
                k = arange + band.lo[:, None] - band.lo[src[:, 0]][:, None]
                valid = (k >= 0) & (k < width) & (rows - x >= 1)
                dot += np.where(valid, en_part[src, np.clip(k, 0, width - 1)], 0.0)
            for y in range(dj):
                # Indonesian sentence j-1-y sits on this row, column j-y.
                k = arange - y
                dot += np.where(k >= 0, id_part[rows, np.clip(k, 0, width - 1)], 0.0)
            total = (ne[rows] - ne[r0]) + (ni[cols_c] - ni[c0])
            sim = np.where(total > 0, np.minimum(dot / np.maximum(total, 1e-9), 1.0), 0.0)
            # Evidence grows with the words a bead holds: the lexical term is the weight
            # left unexplained beyond the expected share, in units of a typical pair's weight.
            cost = cost + params.lexical_weight * (params.threshold * total - dot) / typical
        if params.paragraph_penalty and units.en_para is not None and units.ind_para is not None:
            # Paragraph breaks are soft anchors: a bead should not straddle one, and a bead
            # that closes a paragraph on one side should close one on the other.
            crossing = _crosses(units.en_para, rows, di) + _crosses(units.ind_para, cols_c, dj)
            unmatched = _closes(units.en_para, rows) != _closes(units.ind_para, cols_c)
            cost = cost + params.paragraph_penalty * (crossing + 0.5 * unmatched)
        costs.append(np.where(ok, cost, INF))
        sims.append(np.where(ok, sim, 0.0))
    return costs, sims


def _closes(para: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """True where sentence `end - 1` is the last of its paragraph (or of the text)."""
    if len(para) == 0:
        return np.zeros(ends.shape, dtype=bool)
    last = para[np.clip(ends - 1, 0, len(para) - 1)]
    following = np.concatenate([para, [para[-1] + 1]])[np.clip(ends, 0, len(para))]
    return last != following


def _crosses(para: np.ndarray, ends: np.ndarray, d: int) -> np.ndarray:
    """1 where the block `[end - d, end)` holds sentences of two paragraphs."""
    if d < 2 or len(para) == 0:
        return np.zeros(ends.shape)
    last = para[np.clip(ends - 1, 0, len(para) - 1)]
    first = para[np.clip(ends - d, 0, len(para) - 1)]
    return (last != first).astype(float)
