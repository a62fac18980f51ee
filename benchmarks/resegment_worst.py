"""Segmenting from both sides on its worst input: one huge "sentence" of capitals on each side.

A text with no punctuation at all (a list pasted as one line, a transcript) leaves one
sentence holding thousands of capitalised words, every one a possible start. This
prints the time of `build_pair` with and without the sentences from both sides
(`alignread.align.joint`, `resegment=False`) as that sentence grows, so that cost that
grows faster than the input shows.

    python benchmarks/resegment_worst.py [--words 2000,8000,32000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from alignread.align.aligner import DEFAULT
from alignread.workflows.build import build_pair

EN = "Reading Slowly Helps Readers Remember The Story That Spreads Vaccine Method Trust".split()
ID = "Membaca Perlahan Membantu Pembaca Mengingat Kisah Yang Menyebar Vaksin Metode Kepercayaan".split()


def text(words: list[str], n: int, rng: random.Random) -> str:
    head = " ".join(w.lower() for w in words) + ". "
    return head + " ".join(rng.choice(words) if k % 2 else rng.choice(words).lower() for k in range(n)) + "."


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", default="2000,8000,32000")
    args = ap.parse_args()
    build_pair("Warm up. Two sentences.", "Pemanasan. Dua kalimat.", check_languages=False)
    for n in (int(x) for x in args.words.split(",")):
        rng = random.Random(n)
        en, ind = text(EN, n, rng), text(ID, n, rng)
        times = []
        for config in (replace(DEFAULT, resegment=False), DEFAULT):
            t0 = time.perf_counter()
            pair = build_pair(en, ind, config=config, check_languages=False)
            times.append((time.perf_counter() - t0, len(pair.en.sentences)))
        (t_off, n_off), (t_on, n_on) = times
        print(f"{n:>6} words a side: without resegmenting {t_off:.2f} s ({n_off} sentences), "
              f"with {t_on:.2f} s ({n_on} sentences)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
