"""The bead search: dynamic programming in a band, coarse to fine.

Cells are points `(i, j)`: i English and j Indonesian sentences consumed. A bead `(di, dj)`
ending at `(i, j)` covers English `[i-di, i)` and Indonesian `[j-dj, j)`. Each row i keeps
only the columns `[lo[i], lo[i] + width)` of a band, so time and memory grow with
`rows * width`, not `n * m`.

As in Vecalign (Thompson & Koehn 2019), a long document is first aligned in blocks of
`2**k` sentences over the whole (small) block grid; the path found there is projected onto
the grid of half-size blocks, widened by a margin, and searched again, down to single
sentences. Costs of all beads in the band are computed as whole arrays before the row
loop, which then only does cheap minimums.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

INF = 1e30

BEADS_BASELINE: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2))
BEADS_FULL: tuple[tuple[int, int], ...] = BEADS_BASELINE + ((3, 1), (1, 3))
BEADS_COARSE: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))


@dataclass(frozen=True, slots=True)
class Band:
    """Row i of the grid keeps columns `lo[i] .. lo[i] + width - 1` (clipped to `m`)."""

    n: int
    m: int
    lo: np.ndarray
    width: int

    @classmethod
    def full(cls, n: int, m: int) -> Band:
        return cls(n, m, np.zeros(n + 1, dtype=np.int64), m + 1)

    @property
    def cols(self) -> np.ndarray:
        """Column index of every band cell, shape (n + 1, width)."""
        return self.lo[:, None] + np.arange(self.width)[None, :]

    @property
    def cells(self) -> int:
        return (self.n + 1) * self.width


def placeable(band: Band, di: int, dj: int) -> np.ndarray:
    """Cells where a bead `(di, dj)` can end: it must start inside the grid."""
    rows = np.arange(band.n + 1)[:, None]
    cols = band.cols
    return (rows >= di) & (cols >= dj) & (cols <= band.m)


def _padding(lo: np.ndarray, steps: list[tuple[int, int]], width: int) -> int:
    """How far a row's slice may sit from another row's: the largest shift between rows a
    bead joins (at most `width + 4`, past which a slice lies wholly outside the band and
    reads only the padding). Rows are padded by this much on both sides, so memory follows
    the band's real shifts (a few columns on a diagonal) rather than its width."""
    largest = 0
    n = len(lo) - 1
    for di, dj in steps:
        if 0 < di <= n:
            largest = max(largest, int(np.abs(lo[di:] - lo[:-di]).max()) + dj)
        elif di == 0:
            largest = max(largest, dj)
    return min(width + 4, largest + 1)


def _sources(
    lo: list[int], steps: list[tuple[int, int]], n: int, pad: int, direction: int = -1
) -> list[list[tuple[int, int]]]:
    """For each row and bead step, the row a bead comes from (or goes to) and where that
    row's padded slice starts; -1 when there is no such row.

    With direction -1 (forward) a bead (di, dj) ending at row i starts at row i - di; with
    +1 (backward) a bead starting at row i ends at row i + di.
    """
    out = []
    for i in range(n + 1):
        row = []
        for di, dj in steps:
            other = i + direction * di
            if other < 0 or other > n:
                row.append((-1, 0))
                continue
            # Column j = lo[i] + k of row i meets column j -/+ dj of the other row.
            shift = lo[i] + direction * dj - lo[other]
            row.append((other, pad + min(max(shift, -pad), pad)))
        out.append(row)
    return out


def dp(band: Band, beads: Sequence[tuple[int, int]], costs: Sequence[np.ndarray]) -> list[tuple[int, int]]:
    """The cheapest path of beads from (0, 0) to (n, m) inside the band.

    `costs[t]` holds, for every band cell, the cost of bead `beads[t]` ending there.
    Returns the beads in order as `(di, dj)` pairs.
    """
    n, m, lo, width = band.n, band.m, band.lo, band.width
    if lo[0] != 0 or not (lo[n] <= m < lo[n] + width):
        raise ValueError("the band must hold (0, 0) and (n, m)")
    vertical = [t for t, (di, dj) in enumerate(beads) if di > 0]
    horizontal = [t for t, (di, dj) in enumerate(beads) if di == 0 and dj == 1]
    if len(horizontal) + len(vertical) != len(beads):
        raise ValueError("beads with di == 0 must be (0, 1)")
    # Rows of D are padded with INF on both sides, so the cell a bead starts from is a
    # plain slice of an earlier row, whatever the band's shift between the two rows.
    pad = _padding(lo, [beads[t] for t in vertical], width)
    D = np.full((n + 1, width + 2 * pad), INF)
    back = np.full((n + 1, width), -1, dtype=np.int8)
    C = np.stack([costs[t] for t in vertical])
    labels = np.array(vertical, dtype=np.int8)
    steps = [(beads[t][0], beads[t][1]) for t in vertical]
    lo_list = lo.tolist()
    if horizontal:
        h = horizontal[0]
        c01 = np.minimum(costs[h], INF)
        c01[:, 0] = 0.0
        prefix = np.cumsum(c01, axis=1)
    sources = _sources(lo_list, steps, n, pad)
    arange = np.arange(width)
    cand = np.empty((len(steps), width))
    for i in range(n + 1):
        if i == 0:
            row = np.full(width, INF)
            row[0] = 0.0
            arg = np.full(width, -1, dtype=np.int8)
        else:
            for v, (src, start) in enumerate(sources[i]):
                if src < 0:
                    cand[v] = INF
                else:
                    cand[v] = D[src, start : start + width]
            cand += C[:, i, :]
            best = cand.argmin(axis=0)
            row = cand[best, arange]
            arg = labels[best]
        if horizontal:
            # 0-1 beads chain along the row: D[k] = min(row[k], D[k-1] + c[k]), solved with
            # a running minimum: D[k] = P[k] + min_{k' <= k}(row[k'] - P[k']).
            P = prefix[i]
            chained = P + np.minimum.accumulate(row - P)
            improved = chained < row - 1e-9 * np.abs(row)
            improved[0] = False
            if improved.any():
                row = np.where(improved, chained, row)
                arg = np.where(improved, np.int8(h), arg)
        D[i, pad : pad + width] = row
        back[i] = arg
    k = m - int(lo[n])
    if D[n, pad + k] >= INF / 2:
        raise ValueError("no path through the band")
    path = []
    i, j = n, m
    while i > 0 or j > 0:
        t = int(back[i, j - lo_list[i]])
        if t < 0:
            raise ValueError(f"broken back-pointer at ({i}, {j})")
        di, dj = beads[t]
        path.append((di, dj))
        i -= di
        j -= dj
    path.reverse()
    return path


def path_points(path: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The grid points a path passes through, from (0, 0)."""
    points = [(0, 0)]
    i = j = 0
    for di, dj in path:
        i += di
        j += dj
        points.append((i, j))
    return points


def band_around(points: Sequence[tuple[int, int]], scale: int, n: int, m: int, margin: int) -> Band:
    """A band on a grid `scale` times finer, covering every bead box of a coarse path.

    Each coarse bead from (I, J) to (I', J') becomes the box of fine rows
    [scale*I, scale*I'] and columns [scale*J, scale*J']; `margin` columns are added on
    both sides of every row.
    """
    jmin = np.full(n + 1, m, dtype=np.int64)
    jmax = np.zeros(n + 1, dtype=np.int64)
    for (i0, j0), (i1, j1) in zip(points, points[1:]):
        r0, r1 = min(i0 * scale, n), min(i1 * scale, n)
        c0, c1 = min(j0 * scale, m), min(j1 * scale, m)
        jmin[r0 : r1 + 1] = np.minimum(jmin[r0 : r1 + 1], c0)
        jmax[r0 : r1 + 1] = np.maximum(jmax[r0 : r1 + 1], c1)
    # The last coarse point may fall short of (n, m) when blocks are partial.
    jmax[n] = m
    jmin[n] = min(jmin[n], m)
    jmin = np.minimum.accumulate(jmin[::-1])[::-1]  # monotone: a row never starts left of the one before
    jmax = np.maximum.accumulate(jmax)
    lo = np.maximum(jmin - margin, 0)
    lo = np.maximum.accumulate(lo)
    hi = np.minimum(jmax + margin, m)
    lo[0] = 0
    width = int((hi - lo).max()) + 1
    return Band(n, m, lo, width)


def _offset(row: np.ndarray) -> float:
    top = float(row.max())
    return top if np.isfinite(top) else 0.0


def posteriors(
    band: Band,
    beads: Sequence[tuple[int, int]],
    costs: Sequence[np.ndarray],
    path: Sequence[tuple[int, int]],
    temperature: float,
) -> list[float]:
    """Posterior probability of each bead of `path`, by forward-backward in the band.

    Costs are read as energies: a path's probability is proportional to
    `exp(-cost / temperature)`, summed over all paths through the band. A bead's posterior
    is the share of that mass carried by paths that hold exactly this bead; a bead the
    alternatives cannot beat gets close to 1, one with a strong rival less.
    """
    n, m, lo, width = band.n, band.m, band.lo, band.width
    lo_list = lo.tolist()
    vertical = [t for t, (di, dj) in enumerate(beads) if di > 0]
    pad = _padding(lo, [beads[t] for t in vertical], width)
    horizontal = [t for t, (di, dj) in enumerate(beads) if di == 0 and dj == 1]

    def energy(t: int) -> np.ndarray:
        return np.where(costs[t] >= INF / 2, np.inf, costs[t] / temperature)

    # Forward: F[i, k] + f_off[i] = log of the summed weight of paths from (0, 0) to the
    # cell. Rows are kept in float32 relative to their maximum (float64 offsets), which
    # halves the memory without losing precision on long documents.
    F = np.full((n + 1, width + 2 * pad), -np.inf, dtype=np.float32)
    f_off = np.zeros(n + 1)
    if horizontal:
        h = horizontal[0]
        step = energy(h)
        step[~np.isfinite(step)] = 1e6
        step[:, 0] = 0.0
        prefix = np.cumsum(step, axis=1)
        del step
    ahead = _sources(lo_list, [beads[t] for t in vertical], n, pad, -1)
    cand = np.empty((len(vertical), width))
    # One bead type at a time, so no second copy of every type's energies is held.
    E = np.empty((len(vertical), n + 1, width))
    for v, t in enumerate(vertical):
        E[v] = energy(t)
    for i in range(n + 1):
        if i == 0:
            row = np.full(width, -np.inf)
            row[0] = 0.0
        else:
            for v, (src, start) in enumerate(ahead[i]):
                if src < 0:
                    cand[v] = -np.inf
                else:
                    cand[v] = F[src, start : start + width] + f_off[src]
            cand -= E[:, i, :]
            row = np.logaddexp.reduce(cand, axis=0)
        if horizontal:
            P = prefix[i]
            row = np.logaddexp.accumulate(row + P) - P
        f_off[i] = _offset(row)
        F[i, pad : pad + width] = row - f_off[i]
    # Backward: B[i, k] = log of the summed weight of paths from the cell to (n, m); a
    # bead entering row i + di is weighted by its energy stored at its end cell.
    B = np.full((n + 1, width + 2 * pad), -np.inf, dtype=np.float32)
    b_off = np.zeros(n + 1)
    entering = np.full((len(vertical), n + 1, width + 2 * pad), np.inf, dtype=np.float32)
    entering[:, :, pad : pad + width] = E
    del E  # the backward pass reads the float32 copy
    behind = _sources(lo_list, [beads[t] for t in vertical], n, pad, +1)
    for i in range(n, -1, -1):
        if i == n:
            row = np.full(width, -np.inf)
            row[m - lo_list[n]] = 0.0
        else:
            for v, (dst, start) in enumerate(behind[i]):
                if dst < 0:
                    cand[v] = -np.inf
                else:
                    cand[v] = B[dst, start : start + width] - entering[v, dst, start : start + width] + b_off[dst]
            row = np.logaddexp.reduce(cand, axis=0)
        if horizontal:
            # B[k] = logaddexp(row[k], B[k+1] - e[k+1]): a running sum from the right.
            P = prefix[i]
            row = (np.logaddexp.accumulate((row - P)[::-1]))[::-1] + P
        b_off[i] = _offset(row)
        B[i, pad : pad + width] = row - b_off[i]
    total = float(F[n, pad + m - lo_list[n]]) + f_off[n]
    out = []
    i = j = 0
    for di, dj in path:
        t = beads.index((di, dj))
        start = float(F[i, pad + j - lo_list[i]]) + f_off[i]
        i += di
        j += dj
        end = float(B[i, pad + j - lo_list[i]]) + b_off[i]
        c = costs[t][i, j - lo_list[i]]
        e = np.inf if c >= INF / 2 else c / temperature
        out.append(float(np.exp(min(start - e + end - total, 0.0))))
    return out
