"""Estimate the Gale-Church length parameters from the 1-1 gold beads of ../shared/enid.

Prints the Indonesian/English character-length ratio c (sum of Indonesian lengths over sum
of English lengths) and the variance s2 of (l_id - c * l_en) / sqrt(l_en), as used by
alignread.align.length (RATIO, VARIANCE).

    python benchmarks/estimate_length.py [--data ../shared/enid] [--sets ntrex-clean udhr-clean]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from alignread.formats.beads import read_beads
from alignread.workflows.evaluate import gold_documents, read_sentences


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "enid")
    ap.add_argument("--sets", nargs="+", default=["ntrex-clean", "udhr-clean"])
    args = ap.parse_args()
    le, li = [], []
    for name in args.sets:
        folder = args.data / name
        for doc in gold_documents(folder):
            en = read_sentences(folder / f"{doc}.en.sents")
            ind = read_sentences(folder / f"{doc}.id.sents")
            for e, i in read_beads(folder / f"{doc}.gold"):
                if len(e) == 1 and len(i) == 1:
                    le.append(len(en[e[0]]))
                    li.append(len(ind[i[0]]))
    if not le:
        print("no 1-1 gold beads found", file=sys.stderr)
        return 2
    e, i = np.array(le, float), np.array(li, float)
    c = i.sum() / e.sum()
    s2 = ((i - c * e) / np.sqrt(e)).var()
    print(f"{len(e)} one-to-one beads from {', '.join(args.sets)}")
    print(f"ratio c = {c:.3f}   variance s2 = {s2:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
