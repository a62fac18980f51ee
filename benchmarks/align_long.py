"""Alignment speed and memory on one long document: all ntrex-hard documents joined, 1x/5x/20x.

Each size runs in a fresh process so peak memory (ru_maxrss) is its own. Prints sentences
per side, alignment time (start-up and lexicon loading excluded, reported apart), peak
memory of the process, and strict/lax F1 against the joined gold, so accuracy can be
compared with the separate documents.

`--running` aligns the same document from its running text, as a user gives it (the
`.txt` files joined, a blank line between documents): `build_pair` segments both sides and
aligns them together (alignread.align.joint). Beside it, the same process times the
gold-sentence alignment of the bead search alone (`joint=False`, the aligner as it was
before segmentation and alignment were done together), so the ratio of the two is
measured under the same load. The F1 of the running text scores each bead by the gold
sentences it holds, as benchmarks/align_running.py does.

    python benchmarks/align_long.py [--data ../shared/enid/ntrex-hard] [--sizes 1 5 20]
    python benchmarks/align_long.py --running --sizes 1 20
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

DEFAULT_DATA = HERE.parent.parent / "shared" / "enid" / "ntrex-hard"


def joined(folder: Path, times: int):
    from alignread.formats.beads import read_beads
    from alignread.workflows.evaluate import gold_documents, read_sentences

    en, ind, gold = [], [], []
    for _ in range(times):
        for doc in gold_documents(folder):
            e = read_sentences(folder / f"{doc}.en.sents")
            i = read_sentences(folder / f"{doc}.id.sents")
            for be, bi in read_beads(folder / f"{doc}.gold"):
                gold.append((tuple(x + len(en) for x in be), tuple(x + len(ind) for x in bi)))
            en.extend(e)
            ind.extend(i)
    return en, ind, gold


def run_one(folder: Path, times: int, aligner: str) -> dict:
    t0 = time.perf_counter()
    from alignread.align.aligner import BASELINE, DEFAULT, align_sentences
    from alignread.align.lexicon import load_builtin
    from alignread.align.metrics import score_documents
    from alignread.core.words import lemma_table

    config = BASELINE if aligner == "baseline" else DEFAULT
    load_builtin(), lemma_table("en"), lemma_table("id")
    startup = time.perf_counter() - t0
    en, ind, gold = joined(folder, times)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t1, c1 = time.perf_counter(), time.process_time()
    beads = align_sentences(en, ind, config)
    seconds, cpu = time.perf_counter() - t1, time.process_time() - c1
    s = score_documents([(gold, [(b.en, b.ind) for b in beads])])
    return {
        "times": times, "en": len(en), "id": len(ind), "seconds": seconds, "cpu": cpu, "startup": startup,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "before_mb": rss_before / 1024, "f1_strict": s.f1_strict, "f1_lax": s.f1_lax,
    }


def run_running(folder: Path, times: int) -> dict:
    """The document from its running text: time and memory of `build_pair`, and, in the
    same process, the time of the bead search alone on its gold sentences."""
    sys.path.insert(0, str(HERE))
    from dataclasses import replace

    from align_running import scored_beads
    from segment_enid import locate

    from alignread.align.aligner import DEFAULT, align_sentences
    from alignread.align.joint import prepare
    from alignread.align.metrics import score_documents
    from alignread.workflows.build import build_pair
    from alignread.workflows.evaluate import gold_documents

    t0 = time.perf_counter()
    build_pair("Warm up. Two sentences.", "Pemanasan. Dua kalimat.", check_languages=False)
    prepare()
    startup = time.perf_counter() - t0
    docs = gold_documents(folder) * times
    en_text = "\n\n".join((folder / f"{d}.en.txt").read_text(encoding="utf-8").strip() for d in docs) + "\n"
    id_text = "\n\n".join((folder / f"{d}.id.txt").read_text(encoding="utf-8").strip() for d in docs) + "\n"
    en, ind, gold = joined(folder, times)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t1, c1 = time.perf_counter(), time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    pair = build_pair(en_text, id_text, check_languages=False)
    seconds, cpu = time.perf_counter() - t1, time.process_time() - c1
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # The worker process that segments one side while this one segments the other.
    worker_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    s = score_documents([(gold, scored_beads(pair, locate(en_text, en), locate(id_text, ind)))])
    t2, c2 = time.perf_counter(), time.process_time()
    align_sentences(en, ind, replace(DEFAULT, joint=False))
    reference, reference_cpu = time.perf_counter() - t2, time.process_time() - c2
    return {
        "times": times, "en": len(pair.en.sentences), "id": len(pair.ind.sentences), "seconds": seconds, "cpu": cpu,
        "startup": startup, "peak_mb": peak, "before_mb": rss_before / 1024, "f1_strict": s.f1_strict,
        "f1_lax": s.f1_lax, "reference": reference, "gold_en": len(en), "gold_id": len(ind),
        "reference_cpu": reference_cpu, "worker_cpu": worker_cpu,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1, 5, 20])
    ap.add_argument("--aligner", choices=["default", "baseline"], default="default")
    ap.add_argument("--running", action="store_true", help="from the running text, as build_pair aligns it")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        result = run_running(args.data, args.one) if args.running else run_one(args.data, args.one, args.aligner)
        print(json.dumps(result))
        return 0
    if not args.data.is_dir():
        print(f"{args.data}: no such folder (the enid sets live in ../shared/enid)", file=sys.stderr)
        return 2
    if args.running:
        print(f"one long document from the running text of {args.data.name} (segmenting and aligning together), "
              f"beside the bead search alone on its gold sentences, in the same process")
    else:
        print(f"one long document from {args.data.name}, aligner {args.aligner}")
    first = None
    for times in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--data", str(args.data), "--aligner", args.aligner, "--one", str(times)]
            + (["--running"] if args.running else []),
            capture_output=True, text=True, check=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        if args.running:
            first = first or r
            growth = "" if r is first else f" = {r['seconds'] / first['seconds']:.1f}x the time of {first['times']}x"
            print(
                f"{times:>3}x: {r['en']:>6} en / {r['id']:>6} id sentences from running text "
                f"(gold {r['gold_en']} / {r['gold_id']})  segment + align {r['seconds']:6.2f} s (CPU {r['cpu']:.2f} s"
                f" + {r['worker_cpu']:.2f} s in the worker){growth}  peak memory {r['peak_mb']:6.0f} MB (before "
                f"{r['before_mb']:.0f} MB)  strict F1 {r['f1_strict']:.4f}  lax F1 {r['f1_lax']:.4f};  bead search "
                f"alone on the gold sentences {r['reference']:.2f} s (CPU {r['reference_cpu']:.2f} s): ratio "
                f"{r['seconds'] / r['reference']:.2f}x, of CPU {r['cpu'] / r['reference_cpu']:.2f}x"
            )
            continue
        first = first or r
        growth = f" = {r['seconds'] / first['seconds']:.1f}x the time of {first['times']}x" if r is not first else ""
        print(
            f"{times:>3}x: {r['en']:>6} en / {r['id']:>6} id sentences  align {r['seconds']:6.2f} s "
            f"(CPU {r['cpu']:.2f} s){growth}  "
            f"peak memory {r['peak_mb']:6.0f} MB (before aligning {r['before_mb']:.0f} MB)  "
            f"strict F1 {r['f1_strict']:.4f}  lax F1 {r['f1_lax']:.4f}  start-up {r['startup']:.2f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
