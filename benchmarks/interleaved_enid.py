"""Benchmark the one-file essay importer on essays built from the English–Indonesian gold.

For each document of the data folder (``<set>/<doc>.{en,id}.sents`` and ``<doc>.gold``)
three essays are put together from its 1-1 and n-m gold beads, then imported with
``alignread.workflows.import_essay.import_essay_text``:

- ``quote``: an Indonesian introduction (the Indonesian of 3 beads), an English quote of 5
  beads, its Indonesian translation in parentheses, Indonesian commentary (the next 4
  beads) and a date line. Introduction and commentary are translations of the sentences
  around the quote, so they share its topic, names and numbers: harder than real
  commentary;
- ``sentence``: one paragraph in which each English bead is followed by its Indonesian;
- ``paragraph``: three English paragraphs of 2 beads, each followed by its Indonesian.

The sentence and paragraph shapes use only beads that end with a full stop (or ? ! ...) on
both sides: run together, a headline would merge with the sentence after it.

Printed per shape: precision and recall of the sentences the importer put in two-sided
beads against those inside the translation blocks; precision and recall of the two-sided
beads against the gold beads (compared as text, so a segmentation difference counts as a
miss); the share of essays in which nothing outside the blocks was paired; and the share
that `as_written` gave back exactly.

    PYTHONPATH=src python benchmarks/interleaved_enid.py [--data ../shared/enid] [--docs 40]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from alignread.formats.beads import parse_beads
from alignread.formats.essay import as_written
from alignread.workflows.import_essay import import_essay_text

DEFAULT_DATA = ROOT.parent / "shared" / "enid"
SETS = ("ntrex-clean", "udhr-clean", "ntrex-hard", "udhr-hard")


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]


def _documents(data: Path, per_set: int):
    for name in SETS:
        folder = data / name
        for gold in sorted(folder.glob("*.gold"))[:per_set]:
            doc = gold.name[: -len(".gold")]
            en = _lines(folder / f"{doc}.en.sents")
            ind = _lines(folder / f"{doc}.id.sents")
            beads = [(e, i) for e, i in parse_beads(gold.read_text(encoding="utf-8")) if e and i]
            yield f"{name}/{doc}", en, ind, beads


_ENDS = re.compile(r"[.!?:;…][\"'’”)\]]*$")


def _join(sents: list[str], ids) -> str:
    return " ".join(sents[k] for k in ids)


def build(shape: str, en: list[str], ind: list[str], beads) -> tuple[str, list[tuple[str, str]], list[str]] | None:
    """(essay, gold beads as text, texts of the translation blocks), or None if too short."""
    pairs = [(_join(en, e), _join(ind, i)) for e, i in beads]
    if shape in ("sentence", "paragraph"):
        # Run together in one paragraph, a headline without a full stop would merge with
        # the sentence after it; in a real essay it stands on a line of its own.
        pairs = [(e, i) for e, i in pairs if _ENDS.search(e) and _ENDS.search(i)]
    if shape == "quote":
        if len(pairs) < 12:
            return None
        intro, quote, comment = pairs[0:3], pairs[3:8], pairs[8:12]
        # The parentheses belong to the first and the last sentence of the translation.
        quote = [(e, i) for e, i in quote]
        quote[0] = (quote[0][0], "(" + quote[0][1])
        quote[-1] = (quote[-1][0], quote[-1][1] + ")")
        quote_en = " ".join(e for e, _ in quote)
        quote_id = " ".join(i for _, i in quote)
        text = "\n\n".join([
            "Catatan Bacaan",
            " ".join(i for _, i in intro),
            quote_en,
            quote_id,
            " ".join(i for _, i in comment),
            "(7 Mei 2016)",
        ]) + "\n"
        return text, quote, [quote_en, quote_id]
    if shape == "sentence":
        if len(pairs) < 6:
            return None
        text = " ".join(f"{e} {i}" for e, i in pairs[:6]) + "\n"
        return text, pairs[:6], [text]
    if shape == "paragraph":
        if len(pairs) < 6:
            return None
        paras = []
        for k in range(0, 6, 2):
            paras.append(" ".join(e for e, _ in pairs[k : k + 2]))
            paras.append(" ".join(i for _, i in pairs[k : k + 2]))
        note = "Catatan untuk peserta: bacalah teks ini sebelum pertemuan berikutnya."
        return "\n\n".join(paras + [note]) + "\n", pairs[:6], paras
    raise ValueError(shape)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of sets")
    parser.add_argument("--docs", type=int, default=40, help="documents per set")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"skipped: no evaluation data at {args.data} (pass --data DIR)")
        return 0

    import_essay_text("Warm up. Pemanasan.\n")  # load spaCy, the lexicon and the langid model
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    start = time.perf_counter()
    for name, en, ind, beads in _documents(args.data, args.docs):
        for shape in ("quote", "sentence", "paragraph"):
            built = build(shape, en, ind, beads)
            if built is None:
                continue
            text, gold, blocks = built
            pair = import_essay_text(text, name)
            t = totals[shape]
            t["essays"] += 1
            t["written"] += as_written(pair) == text
            fp_before = t["fp"]
            # Sentences: in a two-sided bead, and inside a translation block of the essay.
            for side in ("en", "id"):
                paired = {k for b in pair.beads if not b.one_sided for k in (b.en if side == "en" else b.ind)}
                for sent in pair.side(side).sentences:
                    should = any(sent.text in block for block in blocks)
                    t["tp"] += should and sent.index in paired
                    t["fp"] += (not should) and sent.index in paired
                    t["fn"] += should and sent.index not in paired
            found = {(pair.bead_text(b, "en"), pair.bead_text(b, "id")) for b in pair.beads if not b.one_sided}
            t["gold_beads"] += len(gold)
            t["found_beads"] += len(found)
            t["exact_beads"] += len(set(gold) & found)
            t["rest_one_sided"] += fp_before == t["fp"]
    seconds = time.perf_counter() - start

    print(f"essays built from {args.data} ({args.docs} documents per set)")
    print(f"{'shape':10}{'essays':>7}{'sentence P':>12}{'sentence R':>12}{'bead P':>9}{'bead R':>9}"
          f"{'rest one-sided':>16}{'as written':>12}")
    essays = 0
    for shape, t in totals.items():
        essays += int(t["essays"])
        print(
            f"{shape:10}{int(t['essays']):>7}{t['tp'] / max(t['tp'] + t['fp'], 1):>12.2%}"
            f"{t['tp'] / max(t['tp'] + t['fn'], 1):>12.2%}{t['exact_beads'] / max(t['found_beads'], 1):>9.2%}"
            f"{t['exact_beads'] / max(t['gold_beads'], 1):>9.2%}{t['rest_one_sided'] / t['essays']:>16.2%}"
            f"{t['written'] / t['essays']:>12.2%}"
        )
    print(f"{essays} essays imported in {seconds:.1f} s ({seconds / max(essays, 1) * 1000:.0f} ms each)")
    print("sentence P/R: sentences put in two-sided beads versus those inside the translation blocks;")
    print("bead P/R: two-sided beads equal (as text) to the gold beads; rest one-sided: essays in")
    print("which no sentence outside the blocks (title, introduction, commentary, date) was paired")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
