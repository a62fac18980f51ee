"""Sentence alignment of an English and an Indonesian text.

`align_sentences` takes two lists of sentences and returns beads covering every sentence
of both sides once, in order. Two configurations are named:

- `BASELINE`: Gale & Church (1993): length only, beads 1-1, 1-0, 0-1, 2-1, 1-2, 2-2;
- `DEFAULT`: length plus lexical evidence, beads up to 3-1/1-3, coarse-to-fine.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from alignread.align.banded_dp import (
    BEADS_BASELINE,
    BEADS_COARSE,
    BEADS_FULL,
    INF,
    Band,
    band_around,
    dp,
    path_points,
    posteriors,
)
from alignread.align.coarse import block_levels, coarse_costs
from alignread.align.features import build_features
from alignread.align.length import GALE_CHURCH_PRIORS
from alignread.align.lexicon import Lexicon, load_builtin
from alignread.align.refine import Cuts, Units, WindowContext, refine
from alignread.align.scoring import MAX_DF, CostParams, band_costs, make_units, repetitive_max_df
from alignread.core.model import Bead, BeadIds, Sentence

# Grids up to this many rows and columns are searched whole; longer documents start from
# blocks of LEVEL_SCALE**k sentences so that the top grid is at most this size.
TOP_GRID = 160
# But the coarsest blocks stay at most this long while the top grid stays under
# TOP_GRID_LIMIT (a million cells of block cosines, searched whole in about a second):
# a block as long as a passage the text repeats (a document joined to copies of itself,
# 950 sentences 50 times over) makes every block look alike, and the path found among them
# misplaced the band of every finer level (strict F1 0.06 and 7.7 GB with blocks of 1,024
# sentences; 0.998 and 0.7 GB with blocks of 64). Up to TOP_GRID * MAX_TOP_BLOCK sentences
# (10,240) this changes nothing.
MAX_TOP_BLOCK = 64
TOP_GRID_LIMIT = 1000
# Columns added on each side of the projected path at each finer level.
MARGIN = 4
# Each level's blocks are this many times smaller than the level above.
LEVEL_SCALE = 4


@dataclass(frozen=True, slots=True)
class AlignerConfig:
    """Everything that decides the beads (its `digest` goes into saved files)."""

    name: str
    beads: tuple[tuple[int, int], ...]
    params: CostParams
    lexical: bool = True
    coarse_params: CostParams | None = None
    margin: int = MARGIN
    top_grid: int = TOP_GRID
    # Costs divided by this are read as energies when bead posteriors (the confidence)
    # are computed; calibrated on the development sets.
    temperature: float = 1.0
    # Align twice, learning word pairs from the first pass (alignread.align.selftrain).
    self_train: bool = False
    # Optional sentence embeddings (alignread.align.embedding): the model, the weight of
    # the cosine term and the cosine at which it turns from reward to penalty. e5 cosines
    # of true 1-1 pairs in ntrex-clean: median 0.905, 1st percentile 0.858; of their
    # neighbours: median 0.80, 95th percentile 0.853. Heavier weights cost accuracy on the
    # development sets (benchmarks/align_enid.py --compare-embed).
    embed: str | None = None
    embed_weight: float = 5.0
    embed_threshold: float = 0.89
    # Segment and align together: a text's sentence boundaries are hypotheses that the other
    # side confirms (alignread.align.joint). Not for pre-segmented input such as `eval`'s.
    resegment: bool = False
    # Solve doubtful stretches of the path again over pieces of sentences, with beads of
    # any shape (alignread.align.joint).
    joint: bool = False
    extra_lexicon: Lexicon | None = field(default=None, compare=False)

    def describe(self) -> str:
        extra = (", self-trained" if self.self_train else "") + (f", embeddings {self.embed}" if self.embed else "")
        return f"{self.name} (beads {' '.join(f'{a}-{b}' for a, b in self.beads)}{extra})"


def _prior_costs(priors: dict[tuple[int, int], float]) -> tuple[tuple[tuple[int, int], float], ...]:
    return tuple((bead, -math.log(p)) for bead, p in priors.items())


BASELINE = AlignerConfig(
    name="gale-church",
    beads=BEADS_BASELINE,
    params=CostParams(
        length_weight=1.0,
        lexical_weight=0.0,
        skip=0.0,
        priors=_prior_costs(GALE_CHURCH_PRIORS),
    ),
    lexical=False,
)

DEFAULT = AlignerConfig(
    name="alignread",
    beads=BEADS_FULL,
    params=CostParams(
        length_weight=0.2,
        lexical_weight=13.0,
        threshold=0.45,
        skip=2.5,
        priors=(((1, 1), 0.0), ((2, 1), 3.0), ((1, 2), 3.0), ((2, 2), 5.0), ((3, 1), 6.0), ((1, 3), 6.0)),
        paragraph_penalty=1.0,
    ),
    resegment=True,
    joint=True,
    # Blocks are scored by the cosine of dense key vectors (alignread.align.coarse), whose
    # threshold adapts to each level.
    coarse_params=CostParams(
        length_weight=0.2,
        lexical_weight=20.0,
        skip=3.0,
        priors=(((1, 1), 0.0), ((2, 1), 3.0), ((1, 2), 3.0)),
    ),
)


# Platt scaling of the bead posteriors into a confidence that means what it says: fitted
# by logistic regression on 2,982 beads of degraded development documents (ntrex-clean
# under benchmarks/stress.py, seeds 1000-3000; benchmarks/align_enid.py reports the
# calibration on seed 0). A posterior of 0.5 is mostly a tie between orderings of
# neighbouring one-sided beads, which is usually still right.
CONFIDENCE_SLOPE = 1.09
CONFIDENCE_OFFSET = 1.90


# The same for beads a window solved again (alignread.align.refine), whose posteriors are
# taken over the window only, its ends held fixed: fitted on the beads windows changed in
# degraded development documents (benchmarks/calibrate_windows.py: ntrex-clean under
# benchmarks/stress.py, and with long 1-n and n-1 beads made by joining sentences, seeds
# 1000-2999); checked on seed 0 and on the Bible sets.
WINDOW_SLOPE = 1.55
WINDOW_OFFSET = 0.94


def calibrated(posterior: float, slope: float = CONFIDENCE_SLOPE, offset: float = CONFIDENCE_OFFSET) -> float:
    """The confidence reported for a bead whose posterior probability is `posterior`."""
    p = min(max(posterior, 1e-9), 1.0 - 1e-9)
    z = slope * math.log(p / (1.0 - p)) + offset
    return 1.0 / (1.0 + math.exp(-z))


def calibrated_window(posterior: float) -> float:
    """The confidence reported for a bead a window solved again."""
    return calibrated(posterior, WINDOW_SLOPE, WINDOW_OFFSET)


def lexicon_of(config: AlignerConfig) -> Lexicon:
    base = load_builtin() if config.lexical else Lexicon()
    return base.merged(config.extra_lexicon) if config.extra_lexicon else base


@dataclass(frozen=True, slots=True)
class Alignment:
    """Beads as (English ids, Indonesian ids), each with its confidence and the lexical
    similarity of its two sides (0 for one-sided beads).

    With `cuts` (places where a sentence may start inside the sentences given), the ids
    are of `en_units` / `ind_units`: the sentences given, cut where a bead ends inside one.
    """

    beads: list[BeadIds]
    confidence: list[float]
    similarity: list[float]
    en_units: Units | None = None
    ind_units: Units | None = None
    # Which beads a window solved again (alignread.align.refine); none without `config.joint`.
    refined: list[bool] | None = None


def align_path(
    en: Sequence[str],
    ind: Sequence[str],
    config: AlignerConfig = DEFAULT,
    en_para: Sequence[int] | None = None,
    ind_para: Sequence[int] | None = None,
    lemmas: tuple[Mapping[str, str] | None, Mapping[str, str] | None] = (None, None),
    cuts: tuple[Cuts | None, Cuts | None] = (None, None),
) -> Alignment:
    """Beads as (English ids, Indonesian ids), with confidence and similarity, coarse to fine;
    then, with `config.joint`, doubtful stretches solved again (alignread.align.joint)."""
    n, m = len(en), len(ind)
    if n == 0 or m == 0:
        beads: list[BeadIds] = [((i,), ()) for i in range(n)]
        beads += [((), (j,)) for j in range(m)]
        return Alignment(beads, [1.0] * len(beads), [0.0] * len(beads))
    lexicon = lexicon_of(config)
    table = build_features(en, ind, lexicon, *lemmas)
    en_len = np.array([len(s) for s in en], dtype=float)
    ind_len = np.array([len(s) for s in ind], dtype=float)
    e_para = np.asarray(en_para) if en_para is not None else None
    i_para = np.asarray(ind_para) if ind_para is not None else None
    blocks = [1]
    while max(n, m) > config.top_grid * blocks[-1] and (
            blocks[-1] < MAX_TOP_BLOCK or max(n, m) > TOP_GRID_LIMIT * blocks[-1]):
        blocks.append(blocks[-1] * LEVEL_SCALE)
    path: list[tuple[int, int]] | None = None
    # Coarse levels, largest blocks first: blocks of sentences as dense vectors, only to
    # find the band for the next level.
    levels = block_levels(table, en_len, ind_len, blocks[1:])
    while levels:
        # Each level is let go once its path is found: the finest blocks are the largest
        # arrays, and the sentence-level costs need the room.
        vectors = levels.pop()
        band = Band.full(vectors.n, vectors.m) if path is None else \
            band_around(path_points(path), LEVEL_SCALE, vectors.n, vectors.m, config.margin)
        path = dp(band, BEADS_COARSE, coarse_costs(vectors, band, BEADS_COARSE, config.coarse_params or config.params))
        del vectors
    units = make_units(table, en_len, ind_len, e_para, i_para)
    band = Band.full(n, m) if path is None else band_around(path_points(path), LEVEL_SCALE, n, m, config.margin)
    costs, sims = band_costs(units, band, config.beads, config.params)
    if config.embed:
        costs = _with_embeddings(costs, en, ind, band, config)
    # The windows count matches as the bead search does: in text that repeats itself every
    # key counts, or its identical sentences would have no evidence and come apart.
    max_df = repetitive_max_df(units) if config.joint and config.lexical else MAX_DF
    # The token tables are the biggest thing held; the search needs only the costs.
    del units
    if not config.joint:
        del table
    path = dp(band, config.beads, costs)
    confidence = [calibrated(p) for p in posteriors(band, config.beads, costs, path, config.temperature)]
    out = []
    similarity = []
    i = j = 0
    for di, dj in path:
        i += di
        j += dj
        out.append((tuple(range(i - di, i)), tuple(range(j - dj, j))))
        similarity.append(float(sims[config.beads.index((di, dj))][i, j - band.lo[i]]))
    if not config.joint:
        return Alignment(out, confidence, similarity)
    del costs, sims
    typical = max(float(table.en.unit_weight.mean() + table.ind.unit_weight.mean()), 1e-9)
    loose = looseness(out, confidence, similarity)
    params = replace(config.params, threshold=config.params.threshold * loose)
    context = WindowContext(params, typical, en_len, ind_len, e_para, i_para, config.temperature, config.beads, loose)
    beads, confidence, similarity, en_units, ind_units, refined = refine(
        out, confidence, similarity, table, en, ind, context, cuts, calibrated_window, max_df
    )
    return Alignment(beads, confidence, similarity, en_units, ind_units, refined)


# The median lexical similarity of confident 1-1 beads in the development documents
# (ntrex-clean: 0.72; from 0.57 to 0.80 a document). A document whose own median is below
# LOOSE_SHARE of it (independent translations, older language: the Bible sets' is 0.59)
# is a loose translation: where its doubtful stretches are solved again, the lexical
# threshold and the priors of beads of several sentences are lower, in proportion, down to
# MIN_THRESHOLD_SHARE of the bead search's; never higher.
TYPICAL_SIMILARITY = 0.72
LOOSE_SHARE = 0.85
MIN_THRESHOLD_SHARE = 0.7


def looseness(beads: Sequence[BeadIds], confidence: Sequence[float], similarity: Sequence[float]) -> float:
    """How loose a translation the document is, for its windows (see TYPICAL_SIMILARITY)."""
    sims = [s for (e, i), c, s in zip(beads, confidence, similarity) if len(e) == 1 and len(i) == 1 and c >= 0.9]
    if len(sims) < 3:
        return 1.0
    share = float(np.median(sims)) / (TYPICAL_SIMILARITY * LOOSE_SHARE)
    return min(1.0, max(MIN_THRESHOLD_SHARE, share))


def _with_embeddings(costs, en, ind, band, config: AlignerConfig):
    """Add the embedding term to the two-sided beads' costs."""
    from alignread.align.embedding import bead_cosines, get_embedder

    assert config.embed is not None
    embedder = get_embedder(config.embed)
    cosines = bead_cosines(embedder.embed(en), embedder.embed(ind), band, config.beads)
    out = []
    for (di, dj), cost in zip(config.beads, costs):
        if (di, dj) in cosines:
            term = config.embed_weight * (config.embed_threshold - cosines[(di, dj)]) * (di + dj) / 2.0
            cost = np.where(cost >= INF / 2, cost, cost + term)
        out.append(cost)
    return out


def align_sentences(
    en: Sequence[str],
    ind: Sequence[str],
    config: AlignerConfig = DEFAULT,
    en_para: Sequence[int] | None = None,
    ind_para: Sequence[int] | None = None,
    lemmas: tuple[Mapping[str, str] | None, Mapping[str, str] | None] = (None, None),
) -> list[Bead]:
    """Align two lists of sentences; every sentence is in exactly one bead, in order.

    `lemmas` are word -> lemma maps per side from the NLP backend (Stanza, a trained
    spaCy pipeline), used by the lexical evidence instead of the lookup tables.
    """
    if config.self_train:
        from alignread.align.selftrain import align_self_trained

        return align_self_trained(en, ind, replace(config, self_train=False), en_para, ind_para, lemmas)[0]
    found = align_path(en, ind, config, en_para, ind_para, lemmas)
    return [Bead(e, i, score=round(c, 4)) for (e, i), c in zip(found.beads, found.confidence)]


def align_sentence_objects(
    en: Sequence[Sentence],
    ind: Sequence[Sentence],
    config: AlignerConfig = DEFAULT,
    lemmas: tuple[Mapping[str, str] | None, Mapping[str, str] | None] = (None, None),
) -> list[Bead]:
    """`align_sentences` for a text's sentences: their texts, with their paragraphs."""
    return align_sentences([s.text for s in en], [s.text for s in ind], config,
                           [s.paragraph for s in en], [s.paragraph for s in ind], lemmas)


def with_lexicon(config: AlignerConfig, lexicon: Lexicon) -> AlignerConfig:
    return replace(config, extra_lexicon=lexicon)


def config_for(
    aligner: str = "default",
    dictionaries: Sequence[str] = (),
    self_train: bool = False,
    embed: str | None = None,
) -> AlignerConfig:
    """The configuration the command-line options describe (`--aligner`, `--dict`, ...)."""
    from alignread.align.lexicon import load_dictionary

    config = BASELINE if aligner == "baseline" else DEFAULT
    if dictionaries:
        lexicon = Lexicon()
        for path in dictionaries:
            lexicon = lexicon.merged(load_dictionary(path))
        config = with_lexicon(config, lexicon)
    if self_train:
        config = replace(config, self_train=True)
    if embed:
        config = replace(config, embed=embed)
    return config


def config_from_provenance(provenance: Mapping[str, str]) -> AlignerConfig:
    """The configuration a document was aligned with, as far as its file records it.

    `provenance["aligner"]` names the aligner (`gale-church (...)` for the baseline); a
    user's `--dict` is not in the file, so realigning uses the built-in lexicon only.
    """
    described = provenance.get("aligner", "")
    return BASELINE if described.startswith(BASELINE.name) else DEFAULT
