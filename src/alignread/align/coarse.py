"""Costs for the coarse levels of the search: blocks of sentences as dense vectors.

At the coarse levels a unit is a block of 4**k sentences. Each block becomes a vector of
IDF-weighted match keys hashed into `DIM` buckets, and a block bead is scored by the
cosine of its two sides' summed vectors, centred on each side's average block (Vecalign
does much the same with averaged sentence embeddings). Dense vectors keep every key, so
repeated or common vocabulary still counts, and the work is `rows * width * DIM`
multiply-adds, whatever the vocabulary.

The cosine threshold adapts to each level (`COARSE_THRESHOLD`), since cosines grow with
the block size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from alignread.align.banded_dp import INF, Band, placeable
from alignread.align.features import FeatureTable
from alignread.align.length import length_cost

DIM = 1024
# Where the cost of a block pair turns from a reward to a penalty: this share of the way
# from a typical pair's cosine to a typical row's best.
COARSE_THRESHOLD = 0.25
# Rows of the band handled at once when gathering block vectors (bounds memory).
_CHUNK = 256


@dataclass(frozen=True, slots=True)
class BlockVectors:
    block: int
    en: np.ndarray  # (blocks, DIM) float32
    ind: np.ndarray
    en_len: np.ndarray  # characters per block
    ind_len: np.ndarray

    @property
    def n(self) -> int:
        return len(self.en)

    @property
    def m(self) -> int:
        return len(self.ind)


def _key_weights(table: FeatureTable) -> np.ndarray:
    nkeys = table.nkeys
    df = np.bincount(table.en.post_key, minlength=nkeys) + np.bincount(table.ind.post_key, minlength=nkeys)
    total = len(table.en.unit_weight) + len(table.ind.unit_weight)
    return np.log1p(total / np.maximum(df, 1)).astype(np.float32)


def _vectors(side, weights: np.ndarray, block: int, units: int) -> np.ndarray:
    blocks = -(-units // block)
    unit = side.tok_unit[side.occ_tok] // block
    flat = unit * DIM + side.occ_key % DIM
    out = np.bincount(flat, weights=weights[side.occ_key], minlength=blocks * DIM)
    return out.reshape(blocks, DIM).astype(np.float32, copy=False)


def _sum_blocks(values: np.ndarray, block: int) -> np.ndarray:
    size = -(-len(values) // block)
    return np.bincount(np.arange(len(values)) // block, weights=values, minlength=size)


def block_vectors(table: FeatureTable, en_len: np.ndarray, ind_len: np.ndarray, block: int) -> BlockVectors:
    weights = _key_weights(table)
    return BlockVectors(
        block,
        _vectors(table.en, weights, block, len(en_len)),
        _vectors(table.ind, weights, block, len(ind_len)),
        _sum_blocks(en_len, block),
        _sum_blocks(ind_len, block),
    )


def _coarser(v: np.ndarray, factor: int) -> np.ndarray:
    size = -(-len(v) // factor)
    padded = np.zeros((size * factor,) + v.shape[1:], dtype=v.dtype)
    padded[: len(v)] = v
    return padded.reshape((size, factor) + v.shape[1:]).sum(axis=1)


def block_levels(table: FeatureTable, en_len: np.ndarray, ind_len: np.ndarray, blocks: list[int]) -> list[BlockVectors]:
    """Block vectors for each block size of `blocks` (increasing, each a multiple of the
    one before): the smallest from the keys, the others by summing those."""
    if not blocks:
        return []
    levels = [block_vectors(table, en_len, ind_len, blocks[0])]
    for block in blocks[1:]:
        prev = levels[-1]
        factor = block // prev.block
        levels.append(BlockVectors(
            block, _coarser(prev.en, factor), _coarser(prev.ind, factor),
            _coarser(prev.en_len, factor), _coarser(prev.ind_len, factor),
        ))
    return levels


def banded_dots(a: np.ndarray, b: np.ndarray, band: Band) -> np.ndarray:
    """`out[i, k] = a[i-1] . b[lo[i]+k-1]` for every band cell (0 where out of range)."""
    n, m, lo, width = band.n, band.m, band.lo, band.width
    out = np.zeros((n + 1, width), dtype=np.float32)
    if band.width == m + 1 and not lo.any():
        out[1:, 1:] = a @ b.T
        return out
    padded = np.vstack([np.zeros((1, b.shape[1]), dtype=b.dtype), b])  # row j holds b[j-1]
    for start in range(1, n + 1, _CHUNK):
        stop = min(start + _CHUNK, n + 1)
        cols = np.clip(lo[start:stop, None] + np.arange(width)[None, :], 0, m)
        out[start:stop] = np.einsum("rd,rkd->rk", a[start - 1 : stop - 1], padded[cols])
    cols = lo[:, None] + np.arange(width)[None, :]
    out[(cols < 1) | (cols > m)] = 0.0
    return out


def bead_sum(S: np.ndarray, band: Band, di: int, dj: int) -> np.ndarray:
    """Sum of `S` over the unit pairs of a bead (di, dj) ending at each band cell."""
    rows = np.arange(band.n + 1)[:, None]
    width = band.width
    arange = np.arange(width)[None, :]
    total = np.zeros(S.shape, dtype=np.float64)
    for a in range(di):
        src = np.maximum(rows - a, 0)
        shift = band.lo[:, None] - band.lo[src[:, 0]][:, None]
        for b in range(dj):
            k = arange + shift - b
            valid = (k >= 0) & (k < width) & (rows - a >= 1)
            total += np.where(valid, S[src, np.clip(k, 0, width - 1)], 0.0)
    return total


def _self_norms(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cumulative squared norms, and the dot of each unit with the one before it."""
    sq = np.concatenate([[0.0], np.cumsum(np.einsum("ij,ij->i", v, v, dtype=np.float64))])
    adjacent = np.zeros(len(v) + 1)
    if len(v) > 1:
        adjacent[2:] = np.einsum("ij,ij->i", v[1:], v[:-1], dtype=np.float64)
    return sq, adjacent


def coarse_costs(bv: BlockVectors, band: Band, beads, params) -> list[np.ndarray]:
    """Cost of every block bead type ending at every band cell."""
    rows = np.arange(band.n + 1)[:, None]
    cols_c = np.minimum(band.cols, band.m)
    # Centred: big blocks share so much common vocabulary that raw cosines barely differ
    # (0.63 for any pair, 0.68 for the right one); less the average block they do.
    en = bv.en - bv.en.mean(axis=0)
    ind = bv.ind - bv.ind.mean(axis=0)
    S = banded_dots(en, ind, band)
    e_sq, e_adj = _self_norms(en)
    i_sq, i_adj = _self_norms(ind)
    ce = np.concatenate([[0.0], np.cumsum(bv.en_len)])
    ci = np.concatenate([[0.0], np.cumsum(bv.ind_len)])
    sims = {}
    for di, dj in beads:
        if di and dj:
            r0 = np.maximum(rows - di, 0)
            c0 = np.maximum(cols_c - dj, 0)
            e_norm = e_sq[rows] - e_sq[r0] + (2 * e_adj[rows] if di == 2 else 0)
            i_norm = i_sq[cols_c] - i_sq[c0] + (2 * i_adj[cols_c] if dj == 2 else 0)
            dot = bead_sum(S, band, di, dj)
            denom = np.sqrt(np.maximum(e_norm * i_norm, 1e-12))
            sims[(di, dj)] = dot / denom
    one = sims[(1, 1)]
    valid = placeable(band, 1, 1)
    cells = one[valid]
    row_best = np.where(valid, one, -1.0).max(axis=1)[1:]
    # Above a typical pair of blocks, well below the typical best of a row: aligned blocks
    # earn a reward, so the path keeps to them rather than skipping.
    typical = float(np.median(cells)) if cells.size else 0.0
    threshold = typical + COARSE_THRESHOLD * (float(np.median(row_best)) - typical) if cells.size else 0.0
    costs = []
    for di, dj in beads:
        ok = placeable(band, di, dj)
        if not (di and dj):
            costs.append(np.where(ok, params.skip * (di + dj), INF))
            continue
        r0 = np.maximum(rows - di, 0)
        c0 = np.maximum(cols_c - dj, 0)
        # Block edges cut translations apart, so block lengths differ by whole sentences
        # more than a bead's do: the variance grows with the block size.
        cost = params.prior(di, dj) + params.length_weight * length_cost(
            ce[rows] - ce[r0], ci[cols_c] - ci[c0], params.ratio, params.variance * bv.block
        ) + params.lexical_weight * (threshold - sims[(di, dj)]) * (di + dj) / 2.0
        costs.append(np.where(ok, cost, INF))
    return costs
