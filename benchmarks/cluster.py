"""Batch on a Dask cluster against local workers, the client's memory, a worker killed
mid-run, and `alignread corpus`'s speed.

Builds a corpus of 2,000 documents in a temporary folder from the English-Indonesian
test data in ../shared/enid (the NTREX articles and the UDHR, and more documents made by
joining two of them; nothing is committed), then, each run a fresh `alignread` process:

1. `--jobs 2` against `--cluster local:2` on the same corpus: the cluster's overhead, and
   the outputs compared byte for byte;
2. the client's peak memory with a manifest of 100,000 documents (the 2,000 repeated
   under other names) against one of 2,000, both on `--cluster local:2` (whose scheduler
   runs in the client's process, so its memory is counted too). These runs align with
   `--nlp lines --aligner baseline --no-language-check`: the client's memory does not
   depend on how the workers align, and 100,000 documents with the default settings
   would take an hour on two cores;
3. a scheduler and two workers started as a user would (`dask scheduler`, `dask worker`),
   one worker killed (SIGKILL) a quarter of the way through: every document must be
   aligned once, the outputs identical to the `--jobs 2` run's;
4. `alignread corpus` (moses) on the 2,000-document output: bead lines a second.

    python benchmarks/cluster.py [--data ../shared/enid] [--docs 2000] [--manifest-docs 100000] [--skip STEP ...]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
sys.path.insert(0, str(SRC))
sys.path.insert(0, str(HERE))

from batch import available_parallelism, find_data, peak_mb  # benchmarks/batch.py

STEPS = ("overhead", "memory", "kill", "corpus")
CHEAP = ["--nlp", "lines", "--aligner", "baseline", "--no-language-check"]


def build_corpus(data: Path, folder: Path, wanted: int) -> int:
    """`wanted` documents NAME.en.txt + NAME.id.txt in `folder`: the enid documents, then
    pairs of them joined (each pair once), until there are enough."""
    docs = []
    for subset in sorted(p for p in data.iterdir() if p.is_dir()):
        for en in sorted(subset.glob("*.en.txt")):
            ind = en.with_name(en.name[: -len(".en.txt")] + ".id.txt")
            if ind.is_file():
                docs.append((f"{subset.name}-{en.name[: -len('.en.txt')]}", en.read_text(encoding="utf-8"),
                             ind.read_text(encoding="utf-8")))
    made = 0
    for name, en, ind in docs[:wanted]:
        (folder / f"{name}.en.txt").write_text(en, encoding="utf-8")
        (folder / f"{name}.id.txt").write_text(ind, encoding="utf-8")
        made += 1
    n, k = len(docs), 0
    while made < wanted:
        a, b = docs[k % n], docs[(k + 1 + k // n) % n]
        for side, i in (("en", 1), ("id", 2)):
            (folder / f"joined-{k:05d}.{side}.txt").write_text(a[i].rstrip("\n") + "\n\n" + b[i], encoding="utf-8")
        made += 1
        k += 1
    return made


def write_manifest(corpus: Path, folder: Path, count: int) -> None:
    """A corpus.yaml of `count` documents, the documents of `corpus` repeated under new names."""
    names = sorted(p.name[: -len(".en.txt")] for p in corpus.glob("*.en.txt"))
    folder.mkdir()
    with open(folder / "corpus.yaml", "w", encoding="utf-8") as fh:
        fh.write("schema_version: 1\ndocuments:\n")
        for k in range(count):
            name = names[k % len(names)]
            fh.write(f"  - name: doc-{k:06d}\n    en: {corpus / name}.en.txt\n    id: {corpus / name}.id.txt\n")


def child(args: list[str]) -> None:
    """`alignread ARGS` in this process; prints its exit status and peak memory as JSON."""
    from alignread.cli import main as alignread

    t0 = time.perf_counter()
    try:
        alignread.main(args, prog_name="alignread")
        status = 0
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
    print(json.dumps({"status": status, "seconds": time.perf_counter() - t0, "peak_mb": peak_mb()}), file=sys.stderr)


def run(args: list[str], env: dict[str, str]) -> dict:
    """One `alignread` run in a fresh process: its wall time, CPU (all its processes),
    peak memory of the client process, and output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", *args],
                          capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    last = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "{}"
    try:
        figures = json.loads(last)
    except ValueError:
        figures = {"status": proc.returncode}
    return {**figures, "wall": wall, "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "stdout": proc.stdout, "stderr": proc.stderr}


def outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".")}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def summary_line(stdout: str) -> str:
    return next((line for line in stdout.splitlines() if " documents: " in line), "").strip()


def kill_step(tmp: Path, corpus: Path, reference: Path, total: int, env: dict[str, str]) -> None:
    import distributed

    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    bin_dir = Path(sys.executable).parent
    dask = str(bin_dir / "dask") if (bin_dir / "dask").exists() else "dask"
    started = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)]
    try:
        for _ in range(2):
            started.append(subprocess.Popen([dask, "worker", address, "--nworkers", "1", "--nthreads", "1",
                                             "--no-dashboard"], stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL, env=env))
        with distributed.Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
            out = tmp / "out-kill"
            proc = subprocess.Popen([sys.executable, "-m", "alignread", "batch", str(corpus), "-o", str(out),
                                     "--cluster", address], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True, env=env)
            t0 = time.perf_counter()
            victim = None
            while proc.poll() is None and victim is None:
                done = len(list(out.glob("*.yaml"))) if out.exists() else 0
                if done >= total // 4:
                    busy = [w for w, keys in client.processing().items() if keys]
                    if busy:
                        pids = client.run(os.getpid)
                        victim = (busy[0], pids[busy[0]], done)
                        os.kill(victim[1], signal.SIGKILL)
                time.sleep(0.02)
            stdout, stderr = proc.communicate()
            wall = time.perf_counter() - t0
        if victim is None:
            print("kill: the run ended before a worker could be killed; nothing was measured")
            return
        same = outputs(out) == outputs(reference)
        print(f"kill: worker {victim[0]} (process {victim[1]}) killed with SIGKILL after {victim[2]} of {total} "
              f"documents were written; the run went on and exited {proc.returncode} in {wall:.1f} s")
        print(f"      {summary_line(stdout)}")
        print(f"      outputs identical to the --jobs 2 run's: {'yes' if same else 'NO'}"
              + ("" if proc.returncode == 0 else f"; stderr: {stderr.strip()[-300:]}"))
    finally:
        for p in reversed(started):
            p.terminate()
        for p in started:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


def corpus_step(out: Path, tmp: Path) -> None:
    from alignread.workflows.corpus_export import export_corpus

    t0 = time.perf_counter()
    counts = export_corpus(out, "moses", str(tmp / "corpus"))
    seconds = time.perf_counter() - t0
    print(f"corpus: {counts.documents:,} documents, {counts.beads:,} beads read in {seconds:.2f} s: "
          f"{counts.beads / seconds:,.0f} bead lines a second ({counts.written:,} written, "
          f"{counts.dropped['kind']:,} one-sided, {counts.dropped['duplicate']:,} duplicates dropped; "
          f"{counts.parsed} documents parsed from YAML, the rest from the batch record)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=None, help="the enid folder (default: ../shared/enid)")
    ap.add_argument("--docs", type=int, default=2000, help="documents in the corpus")
    ap.add_argument("--manifest-docs", type=int, default=100_000, help="documents in the large manifest")
    ap.add_argument("--skip", nargs="*", default=[], choices=STEPS, help="steps to leave out")
    ap.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child is not None:
        child(args.child)
        return 0
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("benchmarks/cluster.py: needs the [cluster] extra: pip install '.[cluster]'", file=sys.stderr)
        return 2
    data = find_data(args.data)
    if data is None:
        print("benchmarks/cluster.py: the enid data is absent (looked for ../shared/enid and $ALIGNREAD_ENID); "
              "nothing was measured", file=sys.stderr)
        return 2
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    with tempfile.TemporaryDirectory(prefix="alignread-cluster-bench-") as name:
        tmp = Path(name)
        corpus = tmp / "corpus"
        corpus.mkdir()
        total = build_corpus(data, corpus, args.docs)
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        print(f"corpus: {total} documents from {data}, built in {tmp}")
        print(f"machine: {cores} cores available, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}, "
              f"Python {sys.version.split()[0]}")
        print(f"calibration: 2 processes spinning a CPU-bound loop get {available_parallelism(2):.2f}x the work of "
              "one (2.00x on an idle machine)")
        reference = tmp / "out-jobs"
        if "overhead" in args.skip and ("kill" not in args.skip or "corpus" not in args.skip):
            args.skip.remove("overhead")  # the --jobs 2 run is the reference of both
        if "overhead" not in args.skip:
            jobs = run(["batch", str(corpus), "-o", str(reference), "--jobs", "2", "--quiet"], env)
            cluster = run(["batch", str(corpus), "-o", str(tmp / "out-cluster"), "--cluster", "local:2", "--quiet"],
                          env)
            same = outputs(reference) == outputs(tmp / "out-cluster")
            print()
            print(f"{'':20}{'wall s':>8}{'cpu s':>8}{'docs/s':>9}{'peak MB client':>16}")
            for label, r in (("--jobs 2", jobs), ("--cluster local:2", cluster)):
                print(f"{label:20}{r['wall']:>8.1f}{r['cpu']:>8.1f}{total / r['wall']:>9.1f}{r['peak_mb']:>16.0f}")
            print(f"cluster overhead: {(cluster['wall'] - jobs['wall']) / jobs['wall'] * 100:+.1f}% of the --jobs 2 "
                  f"run; outputs identical: {'yes' if same else 'NO'}; exit {jobs['status']} and "
                  f"{cluster['status']}")
            print("cpu = user + system time of all the run's processes (the cluster's workers are spawned and "
                  "load spaCy each, the local pool's are forked from a parent that loaded it once)")
        if "memory" not in args.skip:
            print()
            peaks = {}
            for count in sorted({total, args.manifest_docs}):
                folder = tmp / f"manifest-{count}"
                write_manifest(corpus, folder, count)
                r = run(["batch", str(folder), "-o", str(tmp / f"out-manifest-{count}"), "--cluster", "local:2",
                         "--quiet", *CHEAP], env)
                peaks[count] = r["peak_mb"]
                print(f"memory: {count:>7,} documents in corpus.yaml: client peak {r['peak_mb']:.0f} MB, "
                      f"{r['wall']:.0f} s, exit {r['status']}")
                shutil.rmtree(tmp / f"out-manifest-{count}", ignore_errors=True)
            if len(peaks) == 2:
                small, large = (peaks[k] for k in sorted(peaks))
                print(f"memory: the large manifest's client peak is {(large - small) / small * 100:+.1f}% of the "
                      "small one's")
        if "kill" not in args.skip:
            print()
            kill_step(tmp, corpus, reference, total, env)
        if "corpus" not in args.skip:
            print()
            corpus_step(reference, tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
