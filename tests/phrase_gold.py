"""The gold phrase counterparts of tests/data/phrases (its README says how they were made).

Each gold phrase is located in its gold bead (tests/data/gold) as word indices, the way the
reader counts words, so a benchmark and the tests compare word spans and links directly.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from alignread.core.words import WORD

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "gold"
PHRASES = ROOT / "tests" / "data" / "phrases"
DOCUMENTS = ("word-of-mouth", "marketing-and-sales", "slow-reading", "persuasion", "first-ten-readers")


@dataclass(frozen=True, slots=True)
class GoldPhrase:
    doc: str
    bead: int
    en: tuple[int, int]  # first and last English word of the phrase, within the bead
    ind: tuple[int, int]  # first and last Indonesian word of its counterpart
    sure: frozenset[tuple[int, int]]  # (English word, Indonesian word), within the bead
    possible: frozenset[tuple[int, int]]  # sure links included
    text_en: str
    text_ind: str


def gold_beads(doc: str) -> list[tuple[str, str]]:
    """The text of each gold bead of `doc`: (English, Indonesian), sentences joined by a space."""
    en = (GOLD / f"{doc}.en.sents").read_text(encoding="utf-8").splitlines()
    ind = (GOLD / f"{doc}.id.sents").read_text(encoding="utf-8").splitlines()
    out = []
    for line in (GOLD / f"{doc}.gold").read_text(encoding="utf-8").splitlines():
        a, b = line.split(":")
        out.append((" ".join(en[i] for i in ast.literal_eval(a)), " ".join(ind[i] for i in ast.literal_eval(b))))
    return out


def locate(text: str, phrase: str) -> tuple[int, int]:
    """Word indices (first, last) of `phrase` (`#n`: its n-th occurrence) in `text`."""
    phrase, _, nth = phrase.partition("#")
    words = [m.span() for m in WORD.finditer(text)]
    found = []
    for m in re.finditer(re.escape(phrase), text):
        inside = [k for k, (ws, we) in enumerate(words) if ws < m.end() and we > m.start()]
        if inside and words[inside[0]][0] == m.start() and words[inside[-1]][1] == m.end():
            found.append((inside[0], inside[-1]))
    if not found or (len(found) > 1 and not nth):
        raise ValueError(f"{phrase!r} occurs {len(found)} times in {text!r}")
    return found[int(nth) - 1 if nth else 0]


def read_gold(doc: str) -> list[GoldPhrase]:
    beads = gold_beads(doc)
    out = []
    for number, line in enumerate((PHRASES / f"{doc}.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        bead, en_phrase, id_phrase = int(cols[0]), cols[1], cols[2]
        text_en, text_ind = beads[bead]
        en, ind = locate(text_en, en_phrase), locate(text_ind, id_phrase)
        sure, possible = set(), set()
        spec = cols[3] if len(cols) > 3 else ""
        if not spec:
            if en[0] != en[1] or ind[0] != ind[1]:
                raise ValueError(f"{doc}.tsv:{number}: links needed for a phrase of several words")
            spec = "0-0"
        for link in spec.split():
            i, sep, j = re.split(r"([-?])", link)
            pair = (en[0] + int(i), ind[0] + int(j))
            possible.add(pair)
            if sep == "-":
                sure.add(pair)
        out.append(GoldPhrase(doc, bead, en, ind, frozenset(sure), frozenset(possible),
                              en_phrase.partition("#")[0], id_phrase.partition("#")[0]))
    return out
