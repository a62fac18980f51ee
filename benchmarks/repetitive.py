"""Time and peak memory of aligning repetitive text: identical copies, a refrain, numbered copies.

Boilerplate, refrains and legal clauses repeat the same sentences; the coarse levels of the
search then see blocks that all look alike. Each case aligns N lines per side, built here,
in a fresh process (so peak memory, ru_maxrss, is its own), and prints the seconds, the
peak memory and the share of lines paired right, 1-1 (any pairing of identical copies
with each other is right, of a refrain's sentences with their own translation; a numbered
copy only with its own number).

    python benchmarks/repetitive.py [--sizes 20000 200000] [--kinds identical refrain numbered]
    python benchmarks/repetitive.py --cli      # through `alignread align --nlp lines` instead

Targets (issue 12): 20,000 and 200,000 lines of identical copies within 3 minutes and 3 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

EN = [
    "The tenant shall keep the premises clean and in good repair.",
    "Rent is due on the first day of each month.",
    "No animals may be kept without written permission.",
    "Either party may end this agreement with one month's notice.",
]
ID = [
    "Penyewa wajib menjaga tempat itu tetap bersih dan terawat.",
    "Sewa dibayar pada hari pertama setiap bulan.",
    "Hewan tidak boleh dipelihara tanpa izin tertulis.",
    "Masing-masing pihak dapat mengakhiri perjanjian ini dengan pemberitahuan satu bulan.",
]


def lines(kind: str, n: int) -> tuple[list[str], list[str]]:
    if kind == "identical":
        return [EN[0]] * n, [ID[0]] * n
    if kind == "refrain":
        return [EN[k % len(EN)] for k in range(n)], [ID[k % len(ID)] for k in range(n)]
    if kind == "numbered":
        return [f"{k + 1}. {EN[0]}" for k in range(n)], [f"{k + 1}. {ID[0]}" for k in range(n)]
    raise SystemExit(f"unknown kind {kind!r}")


def run_library(kind: str, n: int) -> dict:
    from alignread.align.aligner import DEFAULT, align_sentences
    from alignread.align.lexicon import load_builtin

    load_builtin()
    en, ind = lines(kind, n)
    t0 = time.perf_counter()
    beads = align_sentences(en, ind, DEFAULT)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "beads": len(beads), "right": right_pairs(beads, en, ind)}


def _key(text: str, templates: list[str]) -> tuple[int, str]:
    """Which template a sentence is, with its number (`12. ...`) if it has one."""
    number, _, rest = text.partition(". ") if text[:1].isdigit() else ("", "", text)
    return next((k for k, t in enumerate(templates) if rest == t), -1), number


def right_pairs(beads, en: list[str], ind: list[str]) -> int:
    """1-1 beads whose sentences translate each other: any copy of the same sentence with
    any other (identical copies, a refrain), but a numbered copy only with its own number."""
    return sum(1 for b in beads if len(b.en) == 1 and len(b.ind) == 1
               and _key(en[b.en[0]], EN)[0] >= 0 and _key(en[b.en[0]], EN) == _key(ind[b.ind[0]], ID))


def run_cli(kind: str, n: int, nlp: str = "lines") -> dict:
    from click.testing import CliRunner

    from alignread.cli import main
    from alignread.store.pairfile import load

    en, ind = lines(kind, n)
    with tempfile.TemporaryDirectory() as tmp:
        e, i, out = Path(tmp, "a.en.txt"), Path(tmp, "a.id.txt"), Path(tmp, "a.yaml")
        # One line a paragraph (blank lines between), as a pasted document of clauses is.
        e.write_text("\n\n".join(en) + "\n", encoding="utf-8")
        i.write_text("\n\n".join(ind) + "\n", encoding="utf-8")
        t0 = time.perf_counter()
        result = CliRunner().invoke(main, ["align", str(e), str(i), "--nlp", nlp, "-o", str(out), "-q"])
        seconds = time.perf_counter() - t0
        if result.exit_code != 0:
            raise SystemExit(result.output + str(result.exception))
        pair = load(out)
    sentences = [s.text for s in pair.en.sentences], [s.text for s in pair.ind.sentences]
    return {"seconds": seconds, "beads": len(pair.beads), "right": right_pairs(pair.beads, *sentences)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 200_000])
    parser.add_argument("--kinds", nargs="+", default=["identical", "refrain", "numbered"])
    parser.add_argument("--cli", action="store_true", help="through `alignread align` (writes YAML)")
    parser.add_argument("--nlp", default="lines", help="with --cli: the --nlp backend (lines, spacy)")
    parser.add_argument("--one", nargs=2, metavar=("KIND", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        kind, n = args.one[0], int(args.one[1])
        found = run_cli(kind, n, args.nlp) if args.cli else run_library(kind, n)
        found["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(found))
        return
    how = f"alignread align --nlp {args.nlp}" if args.cli else "align_sentences (the aligner alone)"
    print(f"repetitive text, {how}; each case in a fresh process")
    for kind in args.kinds:
        for n in args.sizes:
            cmd = [sys.executable, __file__, "--one", kind, str(n)] + (["--cli", "--nlp", args.nlp] if args.cli else [])
            t0 = time.perf_counter()
            done = subprocess.run(cmd, capture_output=True, text=True)
            if done.returncode != 0:
                tail = (done.stderr.strip().splitlines() or ["?"])[-1]
                print(f"{kind:>9} {n:>8,} lines: FAILED after {time.perf_counter() - t0:.0f} s ({tail})")
                continue
            r = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"{kind:>9} {n:>8,} lines: {r['seconds']:7.1f} s  peak {r['peak_mb']:7.0f} MB  "
                  f"{r['beads']:,} beads, {r['right'] / max(n, 1):.1%} of the lines paired right")


if __name__ == "__main__":
    main()
