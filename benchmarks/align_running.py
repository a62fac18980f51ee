"""End to end: segment and align the running texts of ../shared/enid, score against the gold.

`benchmarks/align_enid.py` aligns the gold sentences (`.sents`), as Vecalign and
Bertalign are evaluated. A user gives running text, so here each set's `<doc>.en.txt` and
`<doc>.id.txt` go through `build_pair` (segmentation and alignment together,
alignread.align.joint), and the beads are scored against `<doc>.gold` with the
same strict and lax precision, recall and F1.

To compare beads made of different sentences, each gold sentence is given to the bead
holding most of its characters; a bead then stands for the gold sentences it holds. A
gold sentence our segmentation glued to its neighbour lands in the neighbour's bead, so
every segmentation error that changes a bead costs a strict hit.

    python benchmarks/align_running.py [--sets ntrex-clean,ntrex-hard] [--no-resegment] [--no-paragraphs]

`--no-paragraphs` first joins each text's paragraphs into one (a blank line becomes a
space), as a PDF or subtitle dump gives text: ntrex-hard has no paragraph breaks at all.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from segment_enid import locate

from alignread.align.aligner import BASELINE, DEFAULT
from alignread.align.metrics import score_documents
from alignread.core.model import TextPair
from alignread.formats.beads import read_beads
from alignread.workflows.build import build_pair

DATA = HERE.parent.parent / "shared" / "enid"


def without_paragraphs(text: str) -> str:
    """The text with its paragraph breaks (blank lines) turned into spaces."""
    return re.sub(r"[ \t]*\n[ \t\xa0]*\n\s*", " ", text.strip()) + "\n"


def gold_ids_of_beads(pair: TextPair, side: str, gold_spans: list[tuple[int, int]]) -> list[tuple[int, ...]]:
    """For each bead of `pair`, the gold sentences (ids) it holds on `side`."""
    text = pair.side(side)
    owner = {}
    for k, bead in enumerate(pair.beads):
        for i in (bead.en if side == "en" else bead.ind):
            owner[i] = k
    out: list[list[int]] = [[] for _ in pair.beads]
    for g, (start, end) in enumerate(gold_spans):
        best, best_k = 0, None
        for s in text.sentences_overlapping(start, end):
            sent = text.sentences[s]
            overlap = min(end, sent.end) - max(start, sent.start)
            if overlap > best:
                best, best_k = overlap, owner[s]
        if best_k is not None:
            out[best_k].append(g)
    return [tuple(ids) for ids in out]


def evaluate_set(folder: Path, config, no_paragraphs: bool = False) -> tuple[object, float, int]:
    pairs = []
    seconds = 0.0
    docs = sorted(p.name[: -len(".gold")] for p in folder.glob("*.gold"))
    for doc in docs:
        en_text = (folder / f"{doc}.en.txt").read_text(encoding="utf-8")
        id_text = (folder / f"{doc}.id.txt").read_text(encoding="utf-8")
        if no_paragraphs:
            en_text, id_text = without_paragraphs(en_text), without_paragraphs(id_text)
        gold = [(tuple(e), tuple(i)) for e, i in read_beads(folder / f"{doc}.gold")]
        en_spans = locate(en_text, (folder / f"{doc}.en.sents").read_text(encoding="utf-8").splitlines())
        id_spans = locate(id_text, (folder / f"{doc}.id.sents").read_text(encoding="utf-8").splitlines())
        t0 = time.perf_counter()
        pair = build_pair(en_text, id_text, config=config, check_languages=False)
        seconds += time.perf_counter() - t0
        test = list(zip(gold_ids_of_beads(pair, "en", en_spans), gold_ids_of_beads(pair, "id", id_spans)))
        pairs.append((gold, [b for b in test if b[0] or b[1]]))
    return score_documents(pairs), seconds, len(docs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--sets", default="", help="comma-separated set names (default: every set)")
    ap.add_argument("--no-resegment", action="store_true", help="only the monolingual sentences")
    ap.add_argument("--no-paragraphs", action="store_true", help="join each text's paragraphs into one first")
    args = ap.parse_args()
    if not args.data.is_dir():
        print(f"{args.data}: no such folder (the enid data lives in ../shared/enid)", file=sys.stderr)
        return 2
    sets = [s for s in args.sets.split(",") if s] or sorted(p.name for p in args.data.iterdir() if p.is_dir())
    configs = [("alignread, sentences from both sides", DEFAULT),
               ("alignread, each language alone", replace(DEFAULT, resegment=False)),
               ("baseline (Gale & Church)", BASELINE)]
    if args.no_resegment:
        configs = configs[1:2]
    build_pair("Warm up. Two sentences.", "Pemanasan. Dua kalimat.", check_languages=False)
    for name in sets:
        for label, config in configs:
            s, seconds, n = evaluate_set(args.data / name, config, args.no_paragraphs)
            shown = name + (" (no paragraphs)" if args.no_paragraphs else "")
            print(f"{shown:<12} {n:>3} docs  {label:<38} strict P {s.precision_strict:.4f} R {s.recall_strict:.4f} "
                  f"F1 {s.f1_strict:.4f}  lax F1 {s.f1_lax:.4f}  {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
