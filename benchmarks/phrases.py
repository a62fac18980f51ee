"""Phrase counterparts and word alignment on the hand-written gold of tests/data/phrases.

For every gold English phrase (1-4 words) of the bundled essays, the word aligner's
counterpart (the shortest run of Indonesian words linked to the phrase) is compared with
the gold counterpart: *exact* when it is the same run of words, *overlap* when they share
at least one word. The alignment error rate (Och & Ney 2003) is taken over the links of the
phrases' English words against the gold sure and possible links.

The word aligner is trained on each document's own gold beads (as the reader trains it on
the document it opens), or on the whole corpus with `--train corpus`. The first two essays
were used to develop the aligner; the other three are held out, and reported apart.

    python benchmarks/phrases.py                      # alignread's word aligner, per document
    python benchmarks/phrases.py --train corpus       # trained on all five essays at once
    python benchmarks/phrases.py --aligner eflomal    # eflomal (pip install eflomal), same priors
    python benchmarks/phrases.py --no-lexicon         # without the shipped lexicon
    python benchmarks/phrases.py --misses 20          # the first 20 wrong counterparts
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE.parent))

from alignread.align.lexicon import Lexicon, load_builtin
from alignread.align.wordalign import Links, aer, aer_value, align_document, bead_words, counterpart
from tests.phrase_gold import DOCUMENTS, gold_beads, read_gold

DEVELOPMENT = ("word-of-mouth", "marketing-and-sales")
Aligner = Callable[[Sequence[tuple[list[str], list[str]]], Lexicon], list[Links]]


def alignread_aligner(beads, lexicon):
    return align_document(beads, lexicon)[1]


def eflomal_aligner(beads, lexicon):
    """eflomal (Östling & Tiedemann 2016) on the same words, with the same prior evidence
    written as its lexical priors, symmetrised with grow-diag-final-and and completed by
    the same rules (`one_per_occurrence`, `fill_gaps`, `invert`, `attach`)."""
    import tempfile

    import eflomal

    from alignread.align.wordalign import (
        Evidence,
        attach,
        fill_gaps,
        grow_diag_final_and,
        invert,
        one_per_occurrence,
    )

    evidence = Evidence(lexicon)
    src = [" ".join(en) or "_" for en, _ in beads]
    trg = [" ".join(ind) or "_" for _, ind in beads]
    priors = set()
    for en, ind in beads:
        ev = evidence.matrix(en, ind)
        for i, e in enumerate(en):
            for j, f in enumerate(ind):
                if ev[i, j] > 0:
                    priors.add((e, f, ev[i, j]))
    with tempfile.TemporaryDirectory() as tmp:
        fwd, rev, pri = (str(Path(tmp) / n) for n in ("fwd", "rev", "priors"))
        with open(pri, "w", encoding="utf-8") as fh:
            for e, f, w in sorted(priors):
                fh.write(f"LEX\t{e}\t{f}\t{10 * w:g}\n")
        with open(pri, encoding="utf-8") as fh:
            eflomal.Aligner().align(src, trg, links_filename_fwd=fwd, links_filename_rev=rev, priors_input=fh)
        out = []
        for (en, ind), lf, lr in zip(beads, Path(fwd).read_text().splitlines(), Path(rev).read_text().splitlines()):
            f = {tuple(map(int, x.split("-"))) for x in lf.split()}
            r = {tuple(map(int, x.split("-"))) for x in lr.split()}
            f = {(i, j) for i, j in f if i < len(en) and j < len(ind)}
            r = {(i, j) for i, j in r if i < len(en) and j < len(ind)}
            links = one_per_occurrence(grow_diag_final_and(f, r, len(en), len(ind)), en, ind)
            out.append(attach(invert(fill_gaps(links, en, ind), en, ind), en, ind))
        return out


def evaluate(docs: Sequence[str], aligner: Aligner, lexicon: Lexicon, corpus: bool, misses: int):
    gold = {doc: read_gold(doc) for doc in docs}
    beads = {doc: [(bead_words(e), bead_words(i)) for e, i in gold_beads(doc)] for doc in docs}
    links: dict[str, list[Links]] = {}
    t0 = time.perf_counter()
    if corpus:
        flat = [b for doc in docs for b in beads[doc]]
        found = aligner(flat, lexicon)
        k = 0
        for doc in docs:
            links[doc] = found[k:k + len(beads[doc])]
            k += len(beads[doc])
    else:
        for doc in docs:
            links[doc] = aligner(beads[doc], lexicon)
    seconds = time.perf_counter() - t0
    rows = {}
    shown = 0
    for doc in docs:
        exact = overlap = 0
        counts = [0, 0, 0, 0]
        for g in gold[doc]:
            bead_links = links[doc][g.bead]
            got = counterpart(bead_links, "en", *g.en)
            exact += got == g.ind
            overlap += got is not None and got[0] <= g.ind[1] and got[1] >= g.ind[0]
            test = {(i, j) for i, j in bead_links if g.en[0] <= i <= g.en[1]}
            counts = [a + b for a, b in zip(counts, aer(test, g.sure, g.possible))]
            if got != g.ind and shown < misses:
                shown += 1
                print(f"  miss {doc} bead {g.bead}: {g.text_en!r} -> gold {g.text_ind!r}, got "
                      f"{_words(beads[doc][g.bead][1], got)!r}")
        rows[doc] = (len(gold[doc]), exact, overlap, tuple(counts))
    return rows, seconds


def _words(words: list[str], span: tuple[int, int] | None) -> str | None:
    return None if span is None else " ".join(words[span[0]:span[1] + 1])


def _line(name: str, rows) -> str:
    n = sum(r[0] for r in rows)
    exact = sum(r[1] for r in rows)
    overlap = sum(r[2] for r in rows)
    counts = tuple(sum(r[3][k] for r in rows) for k in range(4))
    return (f"{name:<24} {n:>5}  {100 * exact / n:6.1f}%  {100 * overlap / n:6.1f}%  "
            f"{100 * aer_value(counts):5.1f}%")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--aligner", choices=["alignread", "eflomal"], default="alignread")
    ap.add_argument("--train", choices=["document", "corpus"], default="document")
    ap.add_argument("--no-lexicon", action="store_true", help="no shipped lexicon (identity and cognates remain)")
    ap.add_argument("--misses", type=int, default=0, help="print this many wrong counterparts")
    args = ap.parse_args()
    lexicon = Lexicon() if args.no_lexicon else load_builtin()
    aligner = eflomal_aligner if args.aligner == "eflomal" else alignread_aligner
    rows, seconds = evaluate(DOCUMENTS, aligner, lexicon, args.train == "corpus", args.misses)
    print(f"aligner {args.aligner}, trained per {args.train}, lexicon {'off' if args.no_lexicon else 'shipped'}")
    print(f"{'document':<24} {'phrases':>5}  {'exact':>7}  {'overlap':>7}  {'AER':>6}")
    for doc in DOCUMENTS:
        print(_line(doc, [rows[doc]]))
    print(_line("development (2 essays)", [rows[d] for d in DEVELOPMENT]))
    print(_line("held out (3 essays)", [rows[d] for d in DOCUMENTS if d not in DEVELOPMENT]))
    print(_line("all", list(rows.values())))
    print(f"word alignment of the {sum(len(gold_beads(d)) for d in DOCUMENTS)} beads: {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
