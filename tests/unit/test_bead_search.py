"""The bead search against brute force on small grids: the optimum and the posteriors."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from alignread.align.banded_dp import BEADS_FULL, INF, Band, band_around, dp, path_points, posteriors


def all_paths(n, m, beads):
    if n == 0 and m == 0:
        yield []
        return
    for di, dj in beads:
        if di <= n and dj <= m:
            for rest in all_paths(n - di, m - dj, beads):
                yield rest + [(di, dj)]


def cost_of(path, table):
    total = 0.0
    i = j = 0
    for di, dj in path:
        i += di
        j += dj
        total += table[(di, dj)][i, j]
    return total


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 4), st.integers(0, 4), st.integers(0, 2**32 - 1))
def test_dp_finds_the_cheapest_path_and_posteriors_are_exact(n, m, seed):
    if n == 0 and m == 0:
        return
    rng = np.random.default_rng(seed)
    band = Band.full(n, m)
    table = {b: rng.uniform(0, 5, size=(n + 1, m + 1)) for b in BEADS_FULL}
    costs = []
    for di, dj in BEADS_FULL:
        c = table[(di, dj)].copy()
        rows = np.arange(n + 1)[:, None]
        cols = np.arange(m + 1)[None, :]
        c[(rows < di) | (cols < dj)] = INF
        costs.append(c)
    paths = list(all_paths(n, m, BEADS_FULL))
    best = min(cost_of(p, table) for p in paths)
    found = dp(band, BEADS_FULL, costs)
    assert math.isclose(cost_of(found, table), best, rel_tol=1e-9, abs_tol=1e-9)
    # Exact posteriors of the found path's beads, with temperature 1.
    weights = [(p, math.exp(-cost_of(p, table))) for p in paths]
    z = sum(w for _, w in weights)
    points = path_points(found)
    exact = []
    for (a, b), (_di, _dj) in zip(zip(points, points[1:]), found):
        mass = sum(w for p, w in weights if any(
            q == a and (q[0] + s[0], q[1] + s[1]) == b for q, s in zip(path_points(p), p)
        ))
        exact.append(mass / z)
    got = posteriors(band, BEADS_FULL, costs, found, 1.0)
    assert np.allclose(got, exact, rtol=1e-4, atol=1e-6)


def test_band_around_covers_the_projected_path():
    coarse = [(1, 1), (1, 0), (0, 1), (2, 1), (1, 1)]
    band = band_around(path_points(coarse), 4, 20, 18, margin=2)
    for i, j in path_points(coarse):
        i, j = min(4 * i, 20), min(4 * j, 18)
        assert band.lo[i] <= j < band.lo[i] + band.width
    assert band.lo[0] == 0 and band.lo[20] <= 18 < band.lo[20] + band.width
    assert (np.diff(band.lo) >= 0).all()
