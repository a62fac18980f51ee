"""Batch alignment throughput with --jobs 1 and --jobs 2, and peak memory.

Builds a corpus of at least 200 documents in a temporary folder from the English-Indonesian
test data in ../shared/enid (NTREX news articles, clean and hard, and the UDHR; more
documents are derived by joining neighbouring articles), then aligns it with `--jobs 1` and
`--jobs 2`, each in a fresh process. The data is copied at run time and never committed.

For each run it prints the wall time, the fixed start-up (loading spaCy and the lexicon;
on Linux the parent loads them once and the forked workers inherit them), documents per
second over the whole run and over the aligning alone, and the peak resident memory of the
parent and of the largest worker (getrusage; a forked worker's figure includes the pages
it shares with the parent).

    python benchmarks/batch.py [--data ../shared/enid] [--docs 240] [--jobs 1 2]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
sys.path.insert(0, str(SRC))

# ../shared/enid from the main checkout (/work/main) or from a worktree (/work/wt/NAME).
CANDIDATES = [HERE.parents[1] / "shared" / "enid", HERE.parents[2] / "shared" / "enid"]


def find_data(given: Path | None) -> Path | None:
    for path in (([given] if given else [])
                 + [Path(p) for p in os.environ.get("ALIGNREAD_ENID", "").split(os.pathsep) if p]
                 + CANDIDATES):
        if path and path.is_dir() and any(path.glob("*/*.en.txt")):
            return path
    return None


def build_corpus(data: Path, folder: Path, wanted: int) -> dict[str, int]:
    """Copy the enid documents into `folder` as NAME.en.txt + NAME.id.txt; derive more by
    joining neighbouring articles until there are `wanted`. Returns counts per source."""
    counts: dict[str, int] = {}
    sets = sorted(p for p in data.iterdir() if p.is_dir())
    docs: list[tuple[str, Path, Path]] = []
    for subset in sets:
        for en in sorted(subset.glob("*.en.txt")):
            ind = en.with_name(en.name[: -len(".en.txt")] + ".id.txt")
            if ind.is_file():
                docs.append((f"{subset.name}-{en.name[: -len('.en.txt')]}", en, ind))
                counts[subset.name] = counts.get(subset.name, 0) + 1
    for name, en, ind in docs:
        shutil.copy(en, folder / f"{name}.en.txt")
        shutil.copy(ind, folder / f"{name}.id.txt")
    total = len(docs)
    k = 0
    while total < wanted and len(docs) > 1:
        (_a, a_en, a_id), (_b, b_en, b_id) = docs[k % len(docs)], docs[(k + 1) % len(docs)]
        name = f"joined-{k:03d}"
        for lang, first, second in (("en", a_en, b_en), ("id", a_id, b_id)):
            text = first.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + second.read_text(encoding="utf-8")
            (folder / f"{name}.{lang}.txt").write_text(text, encoding="utf-8")
        counts["joined"] = counts.get("joined", 0) + 1
        total += 1
        k += 1
    return counts


def _spin(n: int) -> int:
    total = 0
    for k in range(n):
        total += k * k % 7
    return total


def available_parallelism(jobs: int, n: int = 6_000_000) -> float:
    """How much faster `jobs` processes finish `jobs` equal CPU-bound loops than one process
    finishes one, right now: the most a parallel run could gain on this machine today."""
    import multiprocessing

    t0 = time.perf_counter()
    _spin(n)
    one = time.perf_counter() - t0
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        t0 = time.perf_counter()
        pool.map(_spin, [n] * jobs)
        many = time.perf_counter() - t0
    return jobs * one / many


def peak_mb() -> float:
    """This process's peak resident memory. Not getrusage's ru_maxrss: Linux carries it over
    an exec, so a child would report at least what its parent held when it forked."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(corpus: str, outdir: str, jobs: int) -> None:
    """One run in this process; prints its figures as JSON."""
    t0 = time.perf_counter()
    from alignread.workflows.batch import BatchOptions, Finished, Started, run_batch

    imported = time.perf_counter() - t0
    started_at = None
    startup = 0.0
    summary = None
    for event in run_batch(corpus, outdir, BatchOptions(), jobs=jobs):
        if isinstance(event, Started):
            started_at = time.perf_counter()
            startup = event.startup_seconds
        elif isinstance(event, Finished):
            summary = event.summary
    end = time.perf_counter()
    assert summary is not None and started_at is not None
    print(json.dumps({
        "jobs": summary.jobs,
        "documents": len(summary.reports),
        "aligned": summary.count("aligned"),
        "failed": [[r.name, r.reason] for r in summary.failed],
        "import_seconds": imported,
        "startup_seconds": startup,
        "worker_startup_seconds": max((r.startup_seconds for r in summary.reports), default=0.0),
        "aligning_seconds": end - started_at,
        "run_seconds": end - t0,
        "sentences": sum(r.en_sentences + r.id_sentences for r in summary.reports),
        "peak_parent_mb": peak_mb(),
        "peak_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=None, help="the enid folder (default: ../shared/enid)")
    ap.add_argument("--docs", type=int, default=240, help="documents in the corpus (at least 200)")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--child", nargs=3, metavar=("CORPUS", "OUTDIR", "JOBS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return 0
    data = find_data(args.data)
    if data is None:
        print("benchmarks/batch.py: the enid data is absent (looked for ../shared/enid and $ALIGNREAD_ENID); "
              "nothing was measured", file=sys.stderr)
        return 2
    if args.docs < 200:
        print("benchmarks/batch.py: --docs must be at least 200", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="alignread-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        counts = build_corpus(data, corpus, args.docs)
        total = sum(counts.values())
        print(f"corpus: {total} documents from {data} ({', '.join(f'{k} {v}' for k, v in counts.items())}), "
              f"built in {tmp}")
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        print(f"machine: {cores} cores available, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}, "
              f"Python {sys.version.split()[0]}")
        calibration = {jobs: available_parallelism(jobs) for jobs in args.jobs if jobs > 1}
        for jobs, gain in calibration.items():
            print(f"calibration: {jobs} processes spinning a CPU-bound loop get {gain:.2f}x the work of one "
                  f"(the ceiling for --jobs {jobs} at this moment; {jobs:.2f}x on an idle machine)")
        results = []
        for jobs in args.jobs:
            out = Path(tmp) / f"out-{jobs}"
            t0 = time.perf_counter()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            proc = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--child", str(corpus), str(out), str(jobs)],
                capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(SRC)},
            )
            wall = time.perf_counter() - t0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            if proc.returncode != 0:
                print(proc.stderr, file=sys.stderr)
                return 1
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            r["wall_seconds"] = wall
            r["cpu_seconds"] = cpu
            results.append(r)
            if r["failed"]:
                print(f"  --jobs {jobs}: {len(r['failed'])} documents failed, e.g. {r['failed'][0]}")
        print()
        print(f"{'':9}{'wall s':>8}{'cpu s':>8}{'start-up s':>12}{'aligning s':>12}{'docs/s':>9}{'docs/s aligning':>17}"
              f"{'peak MB parent':>16}{'peak MB worker':>16}")
        for r in results:
            fixed = r["startup_seconds"] + r["worker_startup_seconds"]
            # Aligning time: from the start event to the end, less any start-up done by workers.
            aligning = r["aligning_seconds"] - r["worker_startup_seconds"]
            r["rate_wall"] = r["aligned"] / r["wall_seconds"]
            r["rate_aligning"] = r["aligned"] / aligning
            worker = f"{r['peak_worker_mb']:.0f}" if r["jobs"] > 1 else "-"
            print(f"--jobs {r['jobs']:<2}{r['wall_seconds']:>8.1f}{r['cpu_seconds']:>8.1f}"
                  f"{fixed:>12.1f}{aligning:>12.1f}"
                  f"{r['rate_wall']:>9.2f}{r['rate_aligning']:>17.2f}{r['peak_parent_mb']:>16.0f}{worker:>16}")
        print("cpu = user + system time of the run's processes; when it is well under jobs x wall, other "
              "programs were competing for the cores and the speed-up below understates the parallelism")
        print("start-up = loading spaCy (en + id tokenizers), the lexicon and the language model, once per run;"
              f" Python start and imports took about {results[0]['import_seconds']:.1f} s more")
        if len(results) >= 2:
            base = results[0]
            for r in results[1:]:
                print(f"speed-up --jobs {r['jobs']} over --jobs {base['jobs']}: "
                      f"{r['rate_wall'] / base['rate_wall']:.2f}x "
                      f"over the whole run, {r['rate_aligning'] / base['rate_aligning']:.2f}x while aligning")
                # Amdahl: what is not aligning (Python, imports, the listing, loading spaCy,
                # the end) is done once, by one process, in either run.
                serial = base["wall_seconds"] - base["aligned"] / base["rate_aligning"]
                aligning = base["aligned"] / base["rate_aligning"]
                for gain in (calibration.get(r["jobs"], float(r["jobs"])), float(r["jobs"])):
                    print(f"  with {serial:.1f} s of it not aligning, the whole run cannot gain more than "
                          f"{base['wall_seconds'] / (serial + aligning / gain):.2f}x if aligning gains {gain:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
