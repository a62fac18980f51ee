"""Sentence segmentation against the gold beads of ../shared/enid/ntrex-clean (or any gold folder).

Every boundary between two gold beads is a true sentence boundary on each side. For each
language this prints the share of those boundaries the segmenter finds, and how many of its
splits fall inside a gold bead (per 100 beads); splits inside a bead that are still gold
sentence boundaries (the two sentences of a 2-1 bead) are shown apart, and the rest, false
splits, per 100 beads. On the Bible sets (`--data ../shared/bible/bible-clean`) the gold
beads are verse-group units, so the first figure is the share of unit boundaries found
(every unit boundary is a sentence boundary on both sides) and splits inside a unit are
mostly its own sentence boundaries.

    python benchmarks/segment_enid.py [--data ../shared/enid/ntrex-clean] [--nlp spacy] [--show 5]
    python benchmarks/segment_enid.py --data ../shared/bible/bible-clean --data ../shared/bible/bible-hard
    python benchmarks/segment_enid.py --nlp stanza [--stanza-dir DIR] [--mix-texts]
    python benchmarks/segment_enid.py --drop-stops 0.1 [--seed 0] [--half even --show 20]

Both each language alone and the pairs as `alignread align` segments them are measured:
segmentation and alignment together keep a place where a sentence may start as a boundary
where the other language confirms it (alignread.align.joint). `--drop-stops` first takes the full stop out of a share of
the sentences on each side (a translator's slip), and also prints how many of those
boundaries are still found: a check on texts the rules were not written against.

With Stanza, the models used for each language are printed first (a folder holding only
a tokenizer segments, but gives no lemmas). The pipelines are built before the clock
starts, so the times are of segmentation alone (all documents of a side through
`segment_many`).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from alignread.core.errors import AlignreadError
from alignread.formats.beads import read_beads
from alignread.nlp import get_pipeline, parse_nlp_options
from alignread.workflows.build import build_pair

DEFAULT = HERE.parent.parent / "shared" / "enid" / "ntrex-clean"


def locate(text: str, sentences: list[str]) -> list[tuple[int, int]]:
    """Character spans of the gold sentences in the running text, found in order."""
    spans = []
    pos = 0
    for sent in sentences:
        start = text.find(sent, pos)
        if start < 0:
            raise ValueError(f"gold sentence not found in text: {sent[:60]!r}")
        spans.append((start, start + len(sent)))
        pos = start + len(sent)
    return spans


def drop_stops(text: str, sentences: list[str], share: float, rng: random.Random) -> tuple[str, list[str], set[int]]:
    """Take the final full stop out of a random `share` of the sentences (a translator's slip).

    Only sentences ending in `.` (perhaps before a closing quote) whose next sentence
    starts with a capital or an opening quote are eligible, so every boundary stays one a
    reader could still see. Returns the new text, the new gold sentences and their ids.
    """
    spans = locate(text, sentences)
    chosen = set()
    for k in range(len(sentences) - 1):
        stripped = sentences[k].rstrip("\"'”’")
        nxt = sentences[k + 1].lstrip("\"'“‘(")
        gap = text[spans[k][1]:spans[k + 1][0]]
        if (stripped.endswith(".") and not stripped.endswith("..") and nxt[:1].isupper() and "\n" not in gap
                and rng.random() < share):
            chosen.add(k)
    out = []
    pos = 0
    new_sents = list(sentences)
    for k in sorted(chosen):
        cut = spans[k][0] + len(sentences[k].rstrip("\"'”’")) - 1
        out.append(text[pos:cut])
        pos = cut + 1
        new_sents[k] = sentences[k][: cut - spans[k][0]] + sentences[k][cut - spans[k][0] + 1:]
    out.append(text[pos:])
    return "".join(out), new_sents, chosen


def report(args, docs: list[str], side: str, texts: list[str], sents: list[list[str]], ends: list[list[int]],
           timing: str, dropped: list[set[int]] | None = None) -> None:
    """Print one side's figures against the gold, for sentence ends `ends` per document.

    `dropped` (with --drop-stops): per document, the gold sentences whose full stop was
    taken out; the share of their boundaries found is printed too. The even- and
    odd-numbered documents are also counted apart, so that a change made while looking at
    one half can be checked on the other.
    """
    counts = {half: dict.fromkeys(("found", "total", "inside", "inside_true", "beads", "t_found", "t_total"), 0)
              for half in ("all", "even", "odd")}
    misses: list[str] = []
    extra: list[str] = []
    for d, (doc, text, ours, gold_sents) in enumerate(zip(docs, texts, ends, sents)):
        halves = ("all", ("even", "odd")[number_of(doc, d) % 2])
        c = dict.fromkeys(counts["all"], 0)
        gold = read_beads(args.data / f"{doc}.gold")
        spans = locate(text, gold_sents)
        sentence_gaps = [(spans[k][1], spans[k + 1][0]) for k in range(len(spans) - 1)]
        bead_ends = []
        for en, ind in gold:
            ids = en if side == "en" else ind
            if ids:
                bead_ends.append(max(ids))
                c["beads"] += 1
        bead_gaps = [sentence_gaps[k] for k in bead_ends if k < len(sentence_gaps)]
        for k in bead_ends:
            if k >= len(sentence_gaps):
                continue
            lo, hi = sentence_gaps[k]
            c["total"] += 1
            hit = any(lo <= b <= hi for b in ours)
            c["found"] += hit
            if dropped is not None and k in dropped[d]:
                c["t_total"] += 1
                c["t_found"] += hit
            if not hit:
                misses.append(f"{doc[:3]} {'*' if dropped is not None and k in dropped[d] else ' '} "
                              + text[max(0, lo - 50):hi + 30].replace("\n", " / "))
        for b in ours:
            if not any(lo <= b <= hi for lo, hi in bead_gaps):
                c["inside"] += 1
                if any(lo <= b <= hi for lo, hi in sentence_gaps):
                    c["inside_true"] += 1
                else:
                    extra.append((text[max(0, b - 50):b] + "|" + text[b:b + 30]).replace("\n", " / "))
        for half in halves:
            for key, value in c.items():
                counts[half][key] += value
    for half in ("all", "even", "odd"):
        c = counts[half]
        if not c["total"]:
            continue
        found, total, inside, inside_true, beads = c["found"], c["total"], c["inside"], c["inside_true"], c["beads"]
        head = f"  {side}:" if half == "all" else f"    {half} documents:"
        print(
            f"{head} gold bead boundaries found {found}/{total} = {100 * found / total:.2f}%; "
            f"splits inside a gold bead {inside} = {100 * inside / beads:.2f} per 100 beads "
            f"({inside_true} of them gold sentence boundaries, so {inside - inside_true} = "
            f"{100 * (inside - inside_true) / beads:.2f} per 100 beads false)"
            + (f"; {timing}" if half == "all" else "")
        )
        if dropped is not None and c["t_total"]:
            print(f"     of them after a full stop taken out: {c['t_found']}/{c['t_total']} = "
                  f"{100 * c['t_found'] / c['t_total']:.2f}%")
    for m in misses[: args.show]:
        print(f"     missed: ...{m}...")
    for m in extra[: args.show]:
        print(f"     extra:  ...{m}...")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, action="append", default=[], help="a gold folder (again for more)")
    ap.add_argument("--nlp", action="append", default=[], help="as alignread's --nlp (default spacy)")
    ap.add_argument("--stanza-dir", default=None, help="as alignread's --stanza-dir")
    ap.add_argument("--mix-texts", action="store_true",
                    help="Stanza: send several documents through in one call (faster; see StanzaPipeline)")
    ap.add_argument("--show", type=int, default=0, help="print this many misses per language")
    ap.add_argument("--alone", action="store_true", help="only each language alone, not the pairs")
    ap.add_argument("--drop-stops", type=float, default=0.0, metavar="SHARE",
                    help="first take out the full stop of this share of sentences on each side, at random")
    ap.add_argument("--seed", type=int, default=0, help="for --drop-stops")
    ap.add_argument("--half", choices=("even", "odd"), default="",
                    help="only the even- or odd-numbered documents (to look at one half's misses only)")
    args = ap.parse_args()
    folders = args.data or [DEFAULT]
    for folder in folders:
        if not folder.is_dir():
            print(f"{folder}: no such folder (the enid data lives in ../shared/enid)", file=sys.stderr)
            return 2
    try:
        nlp = parse_nlp_options(args.nlp, args.stanza_dir)
        pipeline = get_pipeline(nlp)
        if pipeline.name == "stanza":
            pipeline.mix_texts = args.mix_texts
            pipeline.require(("en", "id"))
            for lang in ("en", "id"):
                found = pipeline.find(lang)
                print(f"stanza {lang}: " + ", ".join(f"{p}={k}" for p, k in found.processors) + f" from {found.folder}")
        for lang in ("en", "id"):
            pipeline.segment("Warm up.", lang)
    except AlignreadError as e:
        print(e, file=sys.stderr)
        return 2
    for folder in folders:
        args.data = folder
        measure(args, nlp, pipeline)
    return 0


def number_of(doc: str, default: int = 0) -> int:
    """A document's number (`007_bbc.123` -> 7, `24_MIC006` -> 24), which puts it in the even
    or the odd half; `default` for a name without one."""
    found = re.match(r"\d+", doc)
    return int(found.group()) if found else default


def measure(args, nlp, pipeline) -> None:
    """The figures of one gold folder (`args.data`)."""
    docs = sorted(p.name[: -len(".gold")] for p in args.data.glob("*.gold"))
    if args.half:
        docs = [d for d in docs if number_of(d) % 2 == (args.half == "odd")]
    texts = {side: [(args.data / f"{doc}.{side}.txt").read_text(encoding="utf-8") for doc in docs]
             for side in ("en", "id")}
    sents = {side: [(args.data / f"{doc}.{side}.sents").read_text(encoding="utf-8").splitlines() for doc in docs]
             for side in ("en", "id")}
    dropped: dict[str, list[set[int]] | None] = {"en": None, "id": None}
    if args.drop_stops:
        rng = random.Random(args.seed)
        for side in ("en", "id"):
            dropped[side] = []
            for d in range(len(docs)):
                texts[side][d], sents[side][d], gone = drop_stops(texts[side][d], sents[side][d], args.drop_stops, rng)
                dropped[side].append(gone)
        print(f"--drop-stops {args.drop_stops} (seed {args.seed}): took out the full stop of "
              + ", ".join(f"{sum(map(len, dropped[s]))} {s} sentences" for s in ("en", "id"))
              + ", where the next sentence starts with a capital or a quote")
    print(f"segmentation of {len(docs)} documents in {args.data} with {pipeline.name}")
    print("each language alone (`segment_many`):")
    for side in ("en", "id"):
        t0 = time.perf_counter()
        segs = list(pipeline.segment_many(texts[side], side))
        dt = time.perf_counter() - t0
        ends = [[s.end for s in seg.sentences[:-1]] for seg in segs]
        report(args, docs, side, texts[side], sents[side], ends,
               f"{dt:.2f} s, {sum(map(len, texts[side])) / dt:,.0f} characters/s", dropped[side])
    if args.alone:
        return
    print("pairs, as `alignread align` segments them (boundaries the other language confirms, alignread.align.joint):")
    t0 = time.perf_counter()
    pairs = [build_pair(e, i, nlp=nlp, check_languages=False) for e, i in zip(texts["en"], texts["id"])]
    dt = time.perf_counter() - t0
    for side in ("en", "id"):
        ends = [[s.end for s in pair.side(side).sentences[:-1]] for pair in pairs]
        report(args, docs, side, texts[side], sents[side], ends,
               f"{dt:.2f} s for segmenting and aligning both sides", dropped[side])


if __name__ == "__main__":
    sys.exit(main())
