"""Length evidence in the manner of Gale & Church (1993).

A translation's length in characters is about `RATIO` times the original's, with a
variance that grows with the length: `delta = (l_id - RATIO * l_en) / sqrt(VARIANCE * l_en)`
is about standard normal for a true bead, and the cost is `-log(2 * (1 - Phi(|delta|)))`.

RATIO and VARIANCE were estimated from the 1-1 gold beads of ../shared/enid/ntrex-clean
and udhr-clean (1,051 sentence pairs; characters including spaces): Indonesian is 1.153
times as long as English, and the per-character variance is 2.55 (Gale & Church found
c = 1, s2 = 6.8 for English-French/German). `benchmarks/estimate_length.py` reproduces them.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

RATIO = 1.153
VARIANCE = 2.55

# Bead priors of Gale & Church (1993), table 5 (1-1 .89, 1-0/0-1 .0099, 2-1/1-2 .089,
# 2-2 .011), used by the baseline aligner only.
GALE_CHURCH_PRIORS = {
    (1, 1): 0.89,
    (1, 0): 0.0099 / 2,
    (0, 1): 0.0099 / 2,
    (2, 1): 0.089 / 2,
    (1, 2): 0.089 / 2,
    (2, 2): 0.011,
}

_SQRT2 = math.sqrt(2.0)


def neg_log_erfc(x: np.ndarray) -> np.ndarray:
    """`-log(erfc(x))` for x >= 0, by Abramowitz & Stegun 7.1.26 (error < 1.5e-7 in erfc).

    Written as `x**2 - log(poly(t))` so it stays finite far in the tail, where erfc
    itself underflows.
    """
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return x * x - np.log(poly)


def length_cost(
    len_en: npt.ArrayLike, len_ind: npt.ArrayLike, ratio: float = RATIO, variance: float = VARIANCE
) -> np.ndarray:
    """Gale-Church cost `-log P(|delta| >= observed)` for block lengths (arrays or numbers)."""
    en = np.asarray(len_en, dtype=float)
    ind = np.asarray(len_ind, dtype=float)
    mean = (en + ind / ratio) / 2.0  # as in Gale & Church's code: average of both
    delta = (ind - ratio * en) / np.sqrt(variance * np.maximum(mean, 1.0))
    return neg_log_erfc(np.abs(delta) / _SQRT2)  # erfc(|d|/sqrt 2) = 2 * (1 - Phi(|d|))
