"""Sentence segmentation against the gold beads of ../shared/enid/ntrex-clean.

Every boundary between two gold beads is a true sentence boundary on each side. For each
language this prints the share of those boundaries the segmenter finds, and how many of its
splits fall inside a gold bead (per 100 beads); splits inside a bead that are still gold
sentence boundaries (the two sentences of a 2-1 bead) are shown apart.

    python benchmarks/segment_enid.py [--data ../shared/enid/ntrex-clean] [--nlp spacy] [--show 5]
    python benchmarks/segment_enid.py --nlp stanza [--stanza-dir DIR] [--mix-texts]

With Stanza, the models used for each language are printed first (a folder holding only
a tokenizer segments, but gives no lemmas). The pipelines are built before the clock
starts, so the times are of segmentation alone (all documents of a side through
`segment_many`).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from alignread.align.pair import build_pair  # noqa: E402
from alignread.core.errors import AlignreadError  # noqa: E402
from alignread.formats.beads import read_beads  # noqa: E402
from alignread.nlp import get_pipeline, parse_nlp_options  # noqa: E402

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


def report(args, docs: list[str], side: str, texts: list[str], ends: list[list[int]], timing: str) -> None:
    """Print one side's figures against the gold, for sentence ends `ends` per document."""
    found = total = inside = inside_true = beads = 0
    misses: list[str] = []
    extra: list[str] = []
    for doc, text, ours in zip(docs, texts, ends):
        gold_sents = (args.data / f"{doc}.{side}.sents").read_text(encoding="utf-8").splitlines()
        gold = read_beads(args.data / f"{doc}.gold")
        spans = locate(text, gold_sents)
        sentence_gaps = [(spans[k][1], spans[k + 1][0]) for k in range(len(spans) - 1)]
        bead_ends = []
        for en, ind in gold:
            ids = en if side == "en" else ind
            if ids:
                bead_ends.append(max(ids))
                beads += 1
        bead_gaps = [sentence_gaps[k] for k in bead_ends if k < len(sentence_gaps)]
        for lo, hi in bead_gaps:
            total += 1
            if any(lo <= b <= hi for b in ours):
                found += 1
            else:
                misses.append(text[max(0, lo - 50):hi + 30].replace("\n", " / "))
        for b in ours:
            if not any(lo <= b <= hi for lo, hi in bead_gaps):
                inside += 1
                if any(lo <= b <= hi for lo, hi in sentence_gaps):
                    inside_true += 1
                else:
                    extra.append((text[max(0, b - 50):b] + "|" + text[b:b + 30]).replace("\n", " / "))
    print(
        f"  {side}: gold bead boundaries found {found}/{total} = {100 * found / total:.2f}%; "
        f"splits inside a gold bead {inside} = {100 * inside / beads:.2f} per 100 beads "
        f"({inside_true} of them gold sentence boundaries); {timing}"
    )
    for m in misses[: args.show]:
        print(f"     missed: ...{m}...")
    for m in extra[: args.show]:
        print(f"     extra:  ...{m}...")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT)
    ap.add_argument("--nlp", action="append", default=[], help="as alignread's --nlp (default spacy)")
    ap.add_argument("--stanza-dir", default=None, help="as alignread's --stanza-dir")
    ap.add_argument("--mix-texts", action="store_true",
                    help="Stanza: send several documents through in one call (faster; see StanzaPipeline)")
    ap.add_argument("--show", type=int, default=0, help="print this many misses per language")
    ap.add_argument("--alone", action="store_true", help="only each language alone, not the pairs")
    args = ap.parse_args()
    if not args.data.is_dir():
        print(f"{args.data}: no such folder (the enid data lives in ../shared/enid)", file=sys.stderr)
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
    docs = sorted(p.name[: -len(".gold")] for p in args.data.glob("*.gold"))
    texts = {side: [(args.data / f"{doc}.{side}.txt").read_text(encoding="utf-8") for doc in docs] for side in ("en", "id")}
    print(f"segmentation of {len(docs)} documents in {args.data} with {pipeline.name}")
    print("each language alone (`segment_many`):")
    for side in ("en", "id"):
        t0 = time.perf_counter()
        segs = list(pipeline.segment_many(texts[side], side))
        dt = time.perf_counter() - t0
        ends = [[s.end for s in seg.sentences[:-1]] for seg in segs]
        report(args, docs, side, texts[side], ends, f"{dt:.2f} s, {sum(map(len, texts[side])) / dt:,.0f} characters/s")
    if args.alone:
        return 0
    print("pairs, as `alignread align` segments them (boundaries one side shows the other, alignread.align.resegment):")
    t0 = time.perf_counter()
    pairs = [build_pair(e, i, nlp=nlp, check_languages=False) for e, i in zip(texts["en"], texts["id"])]
    dt = time.perf_counter() - t0
    for side in ("en", "id"):
        ends = [[s.end for s in pair.side(side).sentences[:-1]] for pair in pairs]
        report(args, docs, side, texts[side], ends, f"{dt:.2f} s for segmenting and aligning both sides")
    return 0


if __name__ == "__main__":
    sys.exit(main())
