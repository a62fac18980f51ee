"""Calibration of the beads that windows solve again (alignread.align.refine).

A window's bead gets its posterior over the paths through the window, with the window's
ends held fixed; `alignread.align.aligner.WINDOW_SLOPE` and `WINDOW_OFFSET` Platt-scale it
into a confidence. This script fits them by logistic regression on the beads windows
changed in degraded copies of ../shared/enid/ntrex-clean (benchmarks/stress.py: `stress`,
and `long_joins`, which makes 1-n and n-1 beads of 4 to 12 sentences), training seeds
1000-2999, and prints the calibration on seed 0 (never fitted on): of the window beads
with confidence in a range, the share strictly right; and the same for beads of a long
side of 4 or more sentences.

    python benchmarks/calibrate_windows.py [--seeds 20]        # fit and report
    python benchmarks/calibrate_windows.py --report            # report with the shipped constants
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

import numpy as np
from stress import long_joins, stress

import alignread.align.aligner as aligner
from alignread.align.aligner import DEFAULT, align_path
from alignread.formats.beads import read_beads
from alignread.workflows.evaluate import gold_documents, read_sentences

DATA = HERE.parent.parent / "shared" / "enid" / "ntrex-clean"
BINS = (0.0, 0.5, 0.8, 0.9, 0.95, 0.99, 1.01)


def documents(folder: Path):
    names = gold_documents(folder)
    return [(read_sentences(folder / f"{d}.en.sents"), read_sentences(folder / f"{d}.id.sents"),
             read_beads(folder / f"{d}.gold")) for d in names]


def window_beads(docs, seed: int) -> list[tuple[float, bool, int]]:
    """(confidence, strictly right, longest side) of every bead a window changed, in both
    kinds of degraded copies of `docs` for one seed."""
    out = []
    for k, (en, ind, gold) in enumerate(docs):
        donor_en, donor_ind, _ = docs[(k + 7) % len(docs)]
        for e, i, g in (stress(en, ind, gold, donor_en, donor_ind, seed=seed + k),
                        long_joins(en, ind, gold, seed=seed + k)):
            found = align_path(e, i, DEFAULT)
            right = set(g)
            for bead, conf, refined in zip(found.beads, found.confidence, found.refined or []):
                if refined:
                    out.append((conf, bead in right, max(len(bead[0]), len(bead[1]))))
    return out


def fit(posteriors: list[float], right: list[bool]) -> tuple[float, float]:
    """Logistic regression of `right` on the log-odds of `posteriors` (Newton's method)."""
    p = np.clip(np.array(posteriors), 1e-6, 1 - 1e-6)
    x = np.stack([np.log(p / (1 - p)), np.ones(len(p))], axis=1)
    y = np.array(right, dtype=float)
    w = np.array([1.0, 0.0])
    for _ in range(50):
        z = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (z - y)
        hess = x.T @ (x * (z * (1 - z))[:, None]) + 1e-6 * np.eye(2)
        w -= np.linalg.solve(hess, grad)
    return float(w[0]), float(w[1])


def table(rows: list[tuple[float, bool, int]]) -> list[str]:
    out = []
    for lo, hi in zip(BINS, BINS[1:]):
        sel = [ok for conf, ok, _ in rows if lo <= conf < hi]
        share = f"{sum(sel) / len(sel):.3f}" if sel else "  -  "
        out.append(f"  confidence [{lo:.2f}, {min(hi, 1.0):.2f}{']' if hi > 1 else ')'}: {len(sel):>5} beads, "
                   f"strictly correct {share}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--seeds", type=int, default=20, help="training seeds: 1000, 1100, ... (this many)")
    ap.add_argument("--report", action="store_true", help="only the report on seed 0, with the shipped constants")
    args = ap.parse_args()
    if not args.data.is_dir():
        print(f"{args.data}: no such folder (the enid data lives in ../shared/enid)", file=sys.stderr)
        return 2
    docs = documents(args.data)
    if not args.report:
        shipped = aligner.WINDOW_SLOPE, aligner.WINDOW_OFFSET
        aligner.WINDOW_SLOPE, aligner.WINDOW_OFFSET = 1.0, 0.0  # raw posteriors
        train = [row for s in range(args.seeds) for row in window_beads(docs, 1000 + 100 * s)]
        slope, offset = fit([c for c, _, _ in train], [ok for _, ok, _ in train])
        print(f"fitted on {len(train)} window beads (seeds 1000-{1000 + 100 * (args.seeds - 1)}): "
              f"WINDOW_SLOPE = {slope:.2f}, WINDOW_OFFSET = {offset:.2f} (shipped: {shipped[0]:.2f}, {shipped[1]:.2f})")
        aligner.WINDOW_SLOPE, aligner.WINDOW_OFFSET = slope, offset
    held = window_beads(docs, 0)
    print(f"seed 0 (not fitted on), beads windows changed: {len(held)}, "
          f"strictly correct {sum(ok for _, ok, _ in held) / max(1, len(held)):.3f}, "
          f"mean confidence {sum(c for c, _, _ in held) / max(1, len(held)):.3f}")
    print("\n".join(table(held)))
    longs = [row for row in held if row[2] >= 4]
    print(f"of them with a side of 4 or more sentences: {len(longs)}, strictly correct "
          f"{sum(ok for _, ok, _ in longs) / max(1, len(longs)):.3f}, "
          f"mean confidence {sum(c for c, _, _ in longs) / max(1, len(longs)):.3f}")
    print("\n".join(table(longs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
