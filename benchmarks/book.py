"""Books at full size: prints every target of issue 13 (it asserts nothing).

1. Accuracy on the whole-book Bible documents of `../shared/bible/bible-books` (2 Chronicles
   and Jeremiah, with their "Chapter N" / "Pasal N" headings), aligned from running text
   as a user gives it: the beads are written as Vecalign bead lines over the gold
   sentences and scored by the reference scorer, `../shared/tools/score.py` (unit
   precision, recall and F1: the gold units are verse groups), and every chapter pair is
   checked against the headings.
2. Speed and memory on a book of 50,000 sentences a side, built in a temporary folder by
   repeating those two books and the news documents of `../shared/enid/ntrex-clean` as
   chapters (the data is never copied into the repository): `align`, `show | head -1`,
   `show` whole, a TMX export, and the reader (first screen, whole book loaded, a cursor
   move), each in a fresh process as a user runs it.

    python benchmarks/book.py [--sentences 50000] [--skip-speed] [--skip-accuracy] [--keep DIR]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
BIBLE = SHARED / "bible" / "bible-books"
NTREX = SHARED / "enid" / "ntrex-clean"
SCORER = SHARED / "tools" / "score.py"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

HEADING = {"en": re.compile(r"^Chapter \d+$", re.M), "id": re.compile(r"^Pasal \d+$", re.M)}
WORD = {"en": "Chapter", "id": "Pasal"}


# ---------------------------------------------------------------- building the book


def chapters_of(text: str, lang: str) -> list[str]:
    """The chapters of a Bible book's running text, each without its heading line."""
    starts = [m.start() for m in HEADING[lang].finditer(text)]
    out = []
    for a, b in zip(starts, starts[1:] + [len(text)]):
        body = text[a:b].split("\n", 1)[1].strip("\n")
        out.append(body)
    return out


def book_chapters(sentences: int) -> dict[str, list[str]]:
    """Chapter bodies for both sides, repeating the sources until each side has `sentences`."""
    sources: list[tuple[str, str, int, int]] = []  # en body, id body, en sentences, id sentences
    for doc in ("00_2CH", "01_JER"):
        en = chapters_of((BIBLE / f"{doc}.en.txt").read_text(encoding="utf-8"), "en")
        ind = chapters_of((BIBLE / f"{doc}.id.txt").read_text(encoding="utf-8"), "id")
        n_en = (BIBLE / f"{doc}.en.sents").read_text(encoding="utf-8").count("\n") - len(en)
        n_id = (BIBLE / f"{doc}.id.sents").read_text(encoding="utf-8").count("\n") - len(ind)
        for e, i in zip(en, ind):
            sources.append((e, i, n_en // len(en), n_id // len(ind)))
    for path in sorted(NTREX.glob("*.en.txt")):
        name = path.name[: -len(".en.txt")]
        e = path.read_text(encoding="utf-8").strip("\n")
        i = (NTREX / f"{name}.id.txt").read_text(encoding="utf-8").strip("\n")
        n_e = (NTREX / f"{name}.en.sents").read_text(encoding="utf-8").count("\n")
        n_i = (NTREX / f"{name}.id.sents").read_text(encoding="utf-8").count("\n")
        sources.append((e, i, n_e, n_i))
    out: dict[str, list[str]] = {"en": [], "id": []}
    counts = {"en": 0, "id": 0}
    k = 0
    while min(counts.values()) < sentences:
        e, i, n_e, n_i = sources[k % len(sources)]
        out["en"].append(e)
        out["id"].append(i)
        counts["en"] += n_e + 1
        counts["id"] += n_i + 1
        k += 1
    return out


def write_book(folder: Path, sentences: int) -> tuple[Path, Path, int]:
    """`book.en.txt` and `book.id.txt` with "Chapter N" / "Pasal N" headings."""
    chapters = book_chapters(sentences)
    paths = []
    for side in ("en", "id"):
        parts = [f"{WORD[side]} {n}\n\n{body}\n" for n, body in enumerate(chapters[side], 1)]
        path = folder / f"book.{side}.txt"
        path.write_text("\n".join(parts), encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1], len(chapters["en"])
