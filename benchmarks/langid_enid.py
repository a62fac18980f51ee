"""Benchmark ``alignread.nlp.langid`` on the English–Indonesian evaluation sentences.

Reads every ``*.en.sents`` and ``*.id.sents`` (one sentence a line) in the sub-folders of
the data folder, identifies each sentence on its own, and prints per set and language the
number of sentences, the accuracy (an ``"und"`` counts as wrong) and the number of
``"und"``, then the overall accuracy, the speed, and a few misclassified sentences.

    PYTHONPATH=src python benchmarks/langid_enid.py [--data ../shared/enid] [--show 15]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from alignread.nlp import langid

# shared/ sits beside the repository, in a developer's work tree and in CI alike.
DEFAULT_DATA = ROOT.parent / "shared" / "enid"


def _sentences(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of sets")
    parser.add_argument("--show", type=int, default=15, help="misclassified to print")
    args = parser.parse_args(argv)

    if not args.data.is_dir():
        print(f"skipped: no evaluation data at {args.data} (pass --data DIR)")
        return 0

    # (set, lang) -> sentences; each file's language is in its name: NAME.en.sents.
    items: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(args.data.glob("*/*.sents")):
        lang = path.suffixes[-2].lstrip(".") if len(path.suffixes) >= 2 else ""
        if lang in ("en", "id"):
            items[path.parent.name, lang].extend(_sentences(path))
    if not items:
        print(f"skipped: no */*.en.sents or */*.id.sents under {args.data}")
        return 0

    start = time.perf_counter()
    langid.identify("warm up: load the model")
    load_seconds = time.perf_counter() - start

    all_sentences = [s for sentences in items.values() for s in sentences]
    start = time.perf_counter()
    guesses = langid.identify_many(all_sentences)
    seconds = time.perf_counter() - start

    print(f"{'set':<14} {'lang':<4} {'sentences':>9} {'accuracy':>9} {'und':>5}")
    wrong: list[tuple[str, str, langid.LanguageGuess, str]] = []
    total = correct = 0
    position = 0
    for (name, lang), sentences in sorted(items.items()):
        batch = guesses[position : position + len(sentences)]
        position += len(sentences)
        hits = sum(g.lang == lang for g in batch)
        und = sum(g.lang == "und" for g in batch)
        total += len(sentences)
        correct += hits
        wrong += [(name, lang, g, s) for g, s in zip(batch, sentences) if g.lang != lang]
        print(f"{name:<14} {lang:<4} {len(sentences):>9} {hits / len(sentences):>9.2%} {und:>5}")
    print(f"overall: {correct}/{total} = {correct / total:.2%} correct, {len(wrong)} wrong")
    print(
        f"speed: {total / seconds:,.0f} sentences/s ({seconds:.3f} s for {total}), "
        f"model load {load_seconds * 1000:.0f} ms"
    )
    repeated = [all_sentences[i % total] for i in range(20_000)]
    start = time.perf_counter()
    langid.identify_many(repeated)
    print(f"20,000 sentences (the sets cycled): {time.perf_counter() - start:.3f} s")
    if wrong and args.show:
        print(f"\nmisclassified (first {min(args.show, len(wrong))} of {len(wrong)}):")
        for name, lang, guess, sentence in wrong[: args.show]:
            print(
                f"  [{name} {lang}->{guess.lang} conf={guess.confidence:.2f} "
                f"en={guess.en_score:.1f} id={guess.id_score:.1f}] {sentence}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
