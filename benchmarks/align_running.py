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

Documents are also scored in two halves, even- and odd-numbered, so that a change made
while looking at one half can be checked on the other.

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

from segment_enid import locate, number_of

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


def scored_beads(pair: TextPair, en_spans: list[tuple[int, int]], id_spans: list[tuple[int, int]]
                 ) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """The beads of `pair` as the gold sentences they hold, for the scorers.

    A bead that holds no gold sentence on either side (only fragments: the smaller parts of
    gold sentences cut in two, their larger parts counted in other beads) is kept as a bead
    that matches nothing, with sentence numbers past the gold's: a sentence split where the
    gold has none is an error, and leaving the fragment out would hide it when both sides
    are split at the same place."""
    out = []
    en_ids, id_ids = gold_ids_of_beads(pair, "en", en_spans), gold_ids_of_beads(pair, "id", id_spans)
    for k, (en, ind) in enumerate(zip(en_ids, id_ids)):
        if not en and not ind:
            bead = pair.beads[k]
            en = (len(en_spans) + k,) if bead.en else ()
            ind = (len(id_spans) + k,) if bead.ind else ()
        out.append((en, ind))
    return out


def evaluate_set(folder: Path, config, no_paragraphs: bool = False, half: str = "", show: int = 0
                 ) -> tuple[dict[str, object], float, int]:
    """Scores of the set's documents: all of them, and the even- and odd-numbered apart."""
    pairs = []
    seconds = 0.0
    docs = sorted(p.name[: -len(".gold")] for p in folder.glob("*.gold"))
    if half:
        docs = [d for d in docs if number_of(d) % 2 == (half == "odd")]
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
        pairs.append((gold, scored_beads(pair, en_spans, id_spans)))
        if show:
            show_errors(doc, pair, pairs[-1], en_spans, id_spans, en_text, id_text)
    scores = {"all": score_documents(pairs)}
    for half, parity in (("even", 0), ("odd", 1)):
        scores[half] = score_documents([p for doc, p in zip(docs, pairs) if number_of(doc) % 2 == parity])
    return scores, seconds, len(docs)


def show_errors(doc, pair, gold_test, en_spans, id_spans, en_text, id_text) -> None:
    """Print the beads of one document that are not gold beads, with their text."""
    gold, test = gold_test
    wrong = [b for b in test if b not in set(gold)]
    if not wrong:
        return
    missed = [b for b in gold if b not in set(test)]
    print(f"  {doc}: {len(wrong)} wrong; gold beads missed: " + " ".join(f"{list(e)}:{list(i)}" for e, i in missed))
    for e, i in wrong:
        print(f"    {list(e)}:{list(i)}")
        print("      en: " + " / ".join(_gold_text(pair, "en", en_text, en_spans, k) for k in e))
        print("      id: " + " / ".join(_gold_text(pair, "id", id_text, id_spans, k) for k in i))


def _gold_text(pair: TextPair, side: str, text: str, spans: list[tuple[int, int]], k: int) -> str:
    """The start of gold sentence k, or of a bead of fragments only (numbered past the gold's:
    `scored_beads`)."""
    if k < len(spans):
        return text[slice(*spans[k])][:90]
    return "(fragments only) " + pair.bead_text(pair.beads[k - len(spans)], side)[:90]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--sets", default="", help="comma-separated set names (default: every set)")
    ap.add_argument("--no-resegment", action="store_true", help="only the monolingual sentences")
    ap.add_argument("--no-paragraphs", action="store_true", help="join each text's paragraphs into one first")
    ap.add_argument("--joint-only", action="store_true", help="only alignread as it aligns (no comparisons)")
    ap.add_argument("--half", choices=("even", "odd"), default="", help="only the even- or odd-numbered documents")
    ap.add_argument("--show", action="store_true", help="print the beads that are not gold beads")
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
    elif args.joint_only:
        configs = configs[:1]
    build_pair("Warm up. Two sentences.", "Pemanasan. Dua kalimat.", check_languages=False)
    for name in sets:
        for label, config in configs:
            scores, seconds, n = evaluate_set(args.data / name, config, args.no_paragraphs, args.half, args.show)
            shown = name + (" (no paragraphs)" if args.no_paragraphs else "")
            s = scores["all"]
            print(f"{shown:<12} {n:>3} docs  {label:<38} strict P {s.precision_strict:.4f} R {s.recall_strict:.4f} "
                  f"F1 {s.f1_strict:.4f}  lax F1 {s.f1_lax:.4f}  {seconds:.2f} s")
            if n > 2 and not args.half:
                print("    " + "   ".join(
                    f"{half}: strict F1 {scores[half].f1_strict:.4f} lax F1 {scores[half].f1_lax:.4f}"
                    for half in ("even", "odd")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
