"""Concept suggestions over the bundled corpus, against the hand-written places of
tests/data/suggestions/places.tsv (where each concept's label occurs, in either language,
lemma variants included).

Each essay is aligned as `alignread batch` aligns it (an interleaved one imported), given the
concepts of corpora/concepts.yaml, and its suggestions are made. Printed:

- recall: the share of gold places that some suggestion holds as a place its label was
  found (its exact span);
- precision: the share of the places suggestions found a label at that are gold places;
- pairing: of the beads where the label occurs on both sides, the share whose two places
  became one suggestion (each the other's counterpart); and how many suggestions carry a
  counterpart at all.

    python benchmarks/suggest.py [--show]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from alignread.core.annotate import ensure_concepts
from alignread.core.model import TextPair
from alignread.store.corpus import find_documents, load_concepts
from alignread.workflows.build import build_pair
from alignread.workflows.import_essay import import_essay
from alignread.workflows.phrases import DocumentWords
from alignread.workflows.suggest import suggestions

CORPUS = ROOT / "corpora"
PLACES = ROOT / "tests" / "data" / "suggestions" / "places.tsv"


def read_places(pairs: dict[str, TextPair]) -> set[tuple[str, str, str, int, int]]:
    """(document, concept, side, start, end) of every gold place."""
    out = set()
    for line in PLACES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        doc, concept, side, quote = line.split("\t")
        quote, _, nth = quote.partition("#")
        text = pairs[doc].side(side).text
        found, at = [], text.find(quote)
        while at >= 0:
            found.append(at)
            at = text.find(quote, at + 1)
        if not found or (len(found) > 1 and not nth):
            raise SystemExit(f"{PLACES}: {quote!r} occurs {len(found)} times in {doc} ({side})")
        start = found[int(nth) - 1 if nth else 0]
        out.add((doc, concept, side, start, start + len(quote)))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print every suggestion")
    args = ap.parse_args()
    concepts = load_concepts(CORPUS / "concepts.yaml")
    pairs: dict[str, TextPair] = {}
    t0 = time.perf_counter()
    for doc in find_documents(CORPUS):
        if doc.file is not None:
            pair = import_essay(doc.file, meta=doc.meta)
        else:
            assert doc.en is not None and doc.ind is not None
            pair = build_pair(doc.en.read_text(encoding="utf-8"), doc.ind.read_text(encoding="utf-8"),
                              en_file=str(doc.en), ind_file=str(doc.ind), meta=doc.meta)
        pairs[doc.name] = ensure_concepts(pair, concepts)
    t_align = time.perf_counter() - t0
    gold = read_places(pairs)
    found: set[tuple[str, str, str, int, int]] = set()
    both_sides = paired = with_counterpart = total = 0
    t0 = time.perf_counter()
    for name, pair in pairs.items():
        words = DocumentWords(pair)
        words.train()
        made = suggestions(pair, words=words)
        total += len(made)
        for s in made:
            with_counterpart += len(s.spans) > 1
            for span in s.spans:
                if span.side in s.labelled:
                    found.add((name, s.concept, span.side, span.start, span.end))
            if args.show:
                parts = [f"{sp.side}{'' if sp.side in s.labelled else ' (counterpart)'}: "
                         f"{pair.side(sp.side).text[sp.start:sp.end]!r}" for sp in s.spans]
                print(f"  {name} bead {s.bead + 1} {s.concept}: " + ", ".join(parts))
        # Beads where the label occurs on both sides: were the two places one suggestion?
        by_bead: dict[tuple[str, int], dict[str, list]] = {}
        for doc, concept, side, start, end in gold:
            if doc != name:
                continue
            sentence = pair.side(side).sentence_at(start)
            assert sentence is not None
            bead = pair.bead_of(side, sentence.index)
            by_bead.setdefault((concept, bead or 0), {}).setdefault(side, []).append((start, end))
        for (concept, _bead), sides in by_bead.items():
            if len(sides) == 2:
                both_sides += min(len(sides["en"]), len(sides["id"]))
                for s in made:
                    if s.concept == concept and len(s.labelled) == 2:
                        en, ind = s.span("en"), s.span("id")
                        if en and ind and (en.start, en.end) in sides["en"] and (ind.start, ind.end) in sides["id"]:
                            paired += 1
    t_suggest = time.perf_counter() - t0
    hits = found & gold
    print(f"gold places: {len(gold)} (English {sum(1 for g in gold if g[2] == 'en')}, "
          f"Indonesian {sum(1 for g in gold if g[2] == 'id')}) in {len(pairs)} essays, "
          f"{len(concepts)} concepts")
    print(f"recall:    {len(hits)}/{len(gold)} = {100 * len(hits) / len(gold):.1f}%")
    print(f"precision: {len(hits)}/{len(found)} = {100 * len(hits) / max(len(found), 1):.1f}%")
    print(f"paired:    {paired}/{both_sides} beads with the label on both sides made one suggestion of both places")
    print(f"suggestions: {total}, {with_counterpart} with a span on both sides")
    for miss in sorted(gold - found):
        print(f"  missed {miss}")
    for extra in sorted(found - gold):
        doc, concept, side, start, end = extra
        print(f"  not gold {doc} {concept} {side}: {pairs[doc].side(side).text[start:end]!r}")
    print(f"aligning the corpus {t_align:.1f} s; word alignment and suggestions {t_suggest:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
