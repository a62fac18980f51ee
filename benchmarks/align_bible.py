"""Two independent Bible translations from running text, scored by verse-group units.

`../shared/bible` holds chapters of the World English Bible and the Alkitab Yang Terbuka as
running text, with gold *units*: consecutive verses grouped until both sides end a
sentence (read its README.md). Each document goes through `build_pair` as a user's two
files would (segmentation, alignment, sentences from both sides); each gold sentence is
given to the bead holding most of its characters (as `align_running.py` does), and the
beads are scored with unit precision, recall and F1 (a bead is right when it lies wholly
inside one unit; a unit is found when the beads partition it exactly), lax F1 and strict
F1, as `../shared/tools/score.py` computes them. `--check-scorer` writes the beads and
runs that reference scorer on them, to show the figures agree.

The 40 chapters are also reported in two halves, even- and odd-numbered documents, so a
change tuned on one half can be checked on the other; `--half even` (or `odd`) aligns and
shows only that half, so that its errors can be studied without seeing the other's.
`--lax` says what the lax misses are (see `lax_misses`).

    python benchmarks/align_bible.py [--sets bible-clean,bible-hard] [--books] [--no-paragraphs]
    python benchmarks/align_bible.py --half even --show 3 --lax
    python benchmarks/align_bible.py --check-scorer --show 3
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from align_running import scored_beads, without_paragraphs
from segment_enid import locate, number_of

from alignread.align.aligner import BASELINE, DEFAULT
from alignread.align.metrics import score_documents, unit_counts, unit_scores
from alignread.formats.beads import format_beads, read_beads
from alignread.workflows.build import build_pair

DATA = HERE.parent.parent / "shared" / "bible"
SCORER = HERE.parent.parent / "shared" / "tools" / "score.py"


def align_document(folder: Path, doc: str, config, no_paragraphs: bool = False):
    """(gold, test beads over the gold sentences, seconds) for one document."""
    en_text = (folder / f"{doc}.en.txt").read_text(encoding="utf-8")
    id_text = (folder / f"{doc}.id.txt").read_text(encoding="utf-8")
    if no_paragraphs:
        en_text, id_text = without_paragraphs(en_text), without_paragraphs(id_text)
    en_spans = locate(en_text, (folder / f"{doc}.en.sents").read_text(encoding="utf-8").splitlines())
    id_spans = locate(id_text, (folder / f"{doc}.id.sents").read_text(encoding="utf-8").splitlines())
    gold = [(tuple(e), tuple(i)) for e, i in read_beads(folder / f"{doc}.gold")]
    t0 = time.perf_counter()
    pair = build_pair(en_text, id_text, config=config, check_languages=False)
    seconds = time.perf_counter() - t0
    test = scored_beads(pair, en_spans, id_spans)
    # Test beads one-sided only as seen through the gold sentences: alignread's bead was
    # two-sided, but its sentences on one side are parts of gold sentences that another
    # bead holds more of (a gold sentence that alignread's segmentation cut in two, its
    # parts paired apart; each gold sentence goes to the bead holding most of it).
    SPLIT_ONE_SIDED[(folder.name, doc)] = {
        b for b, bead in zip(test, pair.beads) if bool(b[0]) != bool(b[1]) and bead.en and bead.ind}
    return gold, test, seconds


SPLIT_ONE_SIDED: dict[tuple[str, str], set] = {}


def reference_scores(folder: Path, results: dict[str, tuple]) -> dict:
    """The reference scorer's figures on the same beads."""
    with tempfile.TemporaryDirectory(prefix="alignread-bible-") as tmp:
        for doc, (_, test, _) in results.items():
            Path(tmp, f"{doc}.beads").write_text(format_beads(test), encoding="utf-8")
            Path(tmp, f"{doc}.gold").write_text((folder / f"{doc}.gold").read_text(encoding="utf-8"), encoding="utf-8")
        out = subprocess.run([sys.executable, str(SCORER), tmp, tmp, "--json"], capture_output=True, text=True,
                             check=True)
    return json.loads(out.stdout)


def line(label: str, results: dict[str, tuple]) -> str:
    pairs = [(g, t) for g, t, _ in results.values()]
    u = unit_scores(pairs)
    s = score_documents(pairs)
    per_doc = sorted((unit_counts(g, t).f1, doc) for doc, (g, t, _) in results.items())
    worst = ", ".join(f"{doc} {f1:.3f}" for f1, doc in per_doc[:2])
    seconds = sum(r[2] for r in results.values())
    return (f"{label:<24} unit P {u.precision:.4f} R {u.recall:.4f} F1 {u.f1:.4f}  lax F1 {s.f1_lax:.4f}  "
            f"strict F1 {s.f1_strict:.4f}  min chapter unit F1 {per_doc[0][0]:.3f} ({worst})  {seconds:.2f} s")


def chapter_half(folder: Path, doc: str, gold: list, test: list, half: str) -> tuple[list, list]:
    """A whole book's gold units and test beads in its even- or odd-numbered chapters only
    (a chapter starts at its `Chapter N` / `Pasal N` heading sentence); a bead belongs to
    the chapter of its first sentence, a bead of fragments only (`scored_beads`) to the
    chapter of the bead before it."""
    chapters = []
    for lang, heading in (("en", "Chapter "), ("id", "Pasal ")):
        number, of = 0, []
        for text in (folder / f"{doc}.{lang}.sents").read_text(encoding="utf-8").splitlines():
            if text.startswith(heading) and text[len(heading):].isdigit():
                number = int(text[len(heading):])
            of.append(number)
        chapters.append(of)

    def halves(beads: list) -> list:
        out, chapter = [], 0
        for bead in beads:
            if bead[0] and bead[0][0] < len(chapters[0]):
                chapter = chapters[0][bead[0][0]]
            elif bead[1] and bead[1][0] < len(chapters[1]):
                chapter = chapters[1][bead[1][0]]
            if (bead[0] or bead[1]) and chapter % 2 == (half == "odd"):
                out.append(bead)
        return out

    return halves(gold), halves(test)


def lax_misses(set_name: str, results: dict[str, tuple]) -> dict[str, int]:
    """The lax score's misses by kind. Precision: a one-sided test bead that is not a gold
    bead (`one-sided, paired in gold`: some of its sentences have a partner in the gold;
    of those, `from a split sentence`: the aligner's bead was two-sided, see
    SPLIT_ONE_SIDED; `one-sided, gold one-sided`: the gold leaves them unpaired too,
    grouped otherwise), a two-sided test bead none of whose sentences the gold pairs.
    Recall: a gold unit none of whose sentences a test bead pairs. And in precision, apart:
    `fragments only`, beads holding only smaller parts of gold sentences cut in two
    (`scored_beads`: a split the gold does not have)."""
    out = {"one-sided, paired in gold": 0, "of which from a split sentence": 0, "one-sided, gold one-sided": 0,
           "two-sided, no gold link": 0, "gold unit not linked": 0, "fragments only": 0}
    for doc, (gold, test, _) in results.items():
        split = SPLIT_ONE_SIDED.get((set_name, doc), set())
        # Sentence numbers past the gold's are `scored_beads`' beads of fragments only.
        n_en = 1 + max((e for es, _ in gold for e in es), default=-1)
        n_id = 1 + max((i for _, is_ in gold for i in is_), default=-1)
        gold_set = {(tuple(e), tuple(i)) for e, i in gold if e or i}
        paired_en = {e for es, is_ in gold if es and is_ for e in es}
        paired_id = {i for es, is_ in gold if es and is_ for i in is_}
        links = {(e, i) for es, is_ in gold for e in es for i in is_}
        for es, is_ in {(tuple(e), tuple(i)) for e, i in test if e or i}:
            if (es, is_) in gold_set:
                continue
            if all(e >= n_en for e in es) and all(i >= n_id for i in is_):
                out["fragments only"] += 1
                continue
            if not (es and is_):
                paired = any(e in paired_en for e in es) or any(i in paired_id for i in is_)
                out["one-sided, paired in gold" if paired else "one-sided, gold one-sided"] += 1
                out["of which from a split sentence"] += paired and (es, is_) in split
            elif not any((e, i) in links for e in es for i in is_):
                out["two-sided, no gold link"] += 1
        test_links = {(e, i) for es, is_ in test for e in es for i in is_}
        out["gold unit not linked"] += sum(
            1 for es, is_ in gold if es and is_ and not any((e, i) in test_links for e in es for i in is_))
    return out


def show_errors(folder: Path, results: dict[str, tuple], limit: int) -> None:
    """Print the test beads that straddle units, for the worst documents."""
    worst = sorted(results, key=lambda d: unit_counts(results[d][0], results[d][1]).f1)[:limit]
    for doc in worst:
        gold, test, _ = results[doc]
        en = (folder / f"{doc}.en.sents").read_text(encoding="utf-8").splitlines()
        ind = (folder / f"{doc}.id.sents").read_text(encoding="utf-8").splitlines()
        home = {("en", e): k for k, (es, _) in enumerate(gold) for e in es}
        home.update({("id", i): k for k, (_, is_) in enumerate(gold) for i in is_})
        print(f"  {doc}: unit F1 {unit_counts(gold, test).f1:.3f}")
        for es, is_ in test:
            homes = {home.get(("en", e)) for e in es} | {home.get(("id", i)) for i in is_}
            if len(homes) > 1 or not (es and is_):
                kind = "straddles units" if len(homes) > 1 else "one-sided"
                print(f"    {list(es)}:{list(is_)} {kind} {sorted(h for h in homes if h is not None)}")
                print("      en: " + " / ".join(_sentence(en, e) for e in es))
                print("      id: " + " / ".join(_sentence(ind, i) for i in is_))


def _sentence(sentences: list[str], k: int) -> str:
    """The start of gold sentence k; past the gold's, a bead of fragments only (`scored_beads`)."""
    return sentences[k][:80] if k < len(sentences) else "(fragments of gold sentences only)"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--sets", default="bible-clean,bible-hard", help="comma-separated set names")
    ap.add_argument("--books", action="store_true", help="also the two whole books (bible-books)")
    ap.add_argument("--no-paragraphs", action="store_true", help="join each text's paragraphs into one")
    ap.add_argument("--baseline", action="store_true", help="also Gale & Church and each language alone")
    ap.add_argument("--check-scorer", action="store_true", help="run ../shared/tools/score.py on the same beads")
    ap.add_argument("--show", type=int, default=0, help="print the wrong beads of this many worst documents")
    ap.add_argument("--half", choices=("even", "odd"), default="", help="only the even- or odd-numbered documents")
    ap.add_argument("--lax", action="store_true", help="count the lax misses by kind")
    args = ap.parse_args()
    if not args.data.is_dir():
        print(f"{args.data}: no such folder (the Bible sets live in ../shared/bible)", file=sys.stderr)
        return 2
    sets = [s for s in args.sets.split(",") if s] + (["bible-books"] if args.books else [])
    configs = [("alignread", DEFAULT)]
    if args.baseline:
        configs += [("each language alone", replace(DEFAULT, resegment=False)), ("Gale & Church", BASELINE)]
    build_pair("Warm up. Two sentences.", "Pemanasan. Dua kalimat.", check_languages=False)
    for name in sets:
        folder = args.data / name
        docs = sorted(p.name[: -len(".gold")] for p in folder.glob("*.gold"))
        if args.half and name != "bible-books":
            docs = [d for d in docs if number_of(d) % 2 == (args.half == "odd")]
        if not docs:
            print(f"{folder}: no <doc>.gold files (--data is the folder that holds {', '.join(sets)})",
                  file=sys.stderr)
            return 2
        for label, config in configs:
            results = {doc: align_document(folder, doc, config, args.no_paragraphs) for doc in docs}
            if args.half and name == "bible-books":
                results = {doc: (*chapter_half(folder, doc, g, t, args.half), sec)
                           for doc, (g, t, sec) in results.items()}
            print(line(f"{name} {label}", results))
            if len(docs) > 2 and not args.half:
                for half, parity in (("even", 0), ("odd", 1)):
                    part = {d: r for d, r in results.items() if number_of(d) % 2 == parity}
                    print(line(f"  {half} chapters", part))
            if args.lax:
                print("  lax misses: " + ", ".join(f"{k} {v}" for k, v in lax_misses(name, results).items()))
            if args.check_scorer and SCORER.is_file():
                ref = reference_scores(folder, results)
                print(f"  reference scorer: unit P {ref['unit_p']:.4f} R {ref['unit_r']:.4f} F1 {ref['unit_f1']:.4f}"
                      f"  lax F1 {ref['lax_f1']:.4f}  strict F1 {ref['strict_f1']:.4f}")
            if args.show and label == "alignread":
                show_errors(folder, results, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
