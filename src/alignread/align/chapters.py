"""Aligning the chapters of two books before their sentences.

A translated book keeps its chapters, mostly: one may be missing on one side, or split in
two, or two merged into one. The chapter sequences are aligned as beads are (1-1, 1-0, 0-1,
2-1, 1-2), by dynamic programming over three kinds of evidence:

- the numbers in the headings ("Chapter 12" and "Pasal 12", "Bab XII"), which agree
  until a chapter is missing or split;
- the lengths, as Gale & Church (1993) compare sentences: Indonesian runs about 1.15
  times the English, and a chapter pair far from that ratio is unlikely;
- the content at both ends of a chapter: the match keys (lexicon translations, numbers,
  names, cognates; `alignread.align.features`) of its first and last sentences, weighted
  by how few chapters have them and compared with the other side's by cosine, relative
  to the best either chapter finds. A split chapter starts like the first half and ends
  like the second, which is what tells a split from two chapters that moved.

The sentences are then aligned inside each chapter pair, so a heading can only pair with
a heading, and memory grows with the longest chapter rather than with the book.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from alignread.align.features import sentence_tokens
from alignread.align.lexicon import Lexicon
from alignread.core.model import Bead, BeadIds
from alignread.core.sides import on_side

# Indonesian characters per English character (`benchmarks/estimate_length.py`).
RATIO = 1.153
# How far a chapter pair's log length ratio strays, typically.
LOG_SPREAD = 0.3
SKIP = 4.0  # a chapter with no counterpart
MERGE = 2.0  # two chapters that are one on the other side
# Numbers agree until a chapter is missing or split and the other side numbers on, so
# they count for less than the content.
SAME_NUMBER = -1.0
OTHER_NUMBER = 0.5
CONTENT = 4.0  # weight of the content similarity at the chapter's two ends
ENDS = 5  # sentences at each end of a chapter that stand for its content

_ROMAN = re.compile(r"\b(?:chapter|bab|pasal|bagian|part|book|kitab|jilid)\s+([ivxlcdm]+)\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d+")
_WORDS = {w: k for k, ws in enumerate(
    [(), ("one", "satu"), ("two", "dua"), ("three", "tiga"), ("four", "empat"), ("five", "lima"), ("six", "enam"),
     ("seven", "tujuh"), ("eight", "delapan"), ("nine", "sembilan"), ("ten", "sepuluh")]) for w in ws}


def heading_number(title: str) -> int | None:
    """The number a chapter heading gives: `Chapter 12`, `Bab XII`, `Part Two`."""
    m = _NUMBER.search(title)
    if m:
        return int(m.group())
    m = _ROMAN.search(title)
    if m:
        return _roman(m.group(1).lower())
    for word in title.lower().split():
        if word in _WORDS:
            return _WORDS[word]
    return None


def _roman(text: str) -> int | None:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total = 0
    for a, b in zip(text, text[1:] + " "):
        v = values[a]
        total += -v if b in values and values[b] > v else v
    return total or None


@dataclass(frozen=True, slots=True)
class ChapterSketch:
    """What the chapter alignment knows of a chapter."""

    number: int | None
    length: int  # characters
    first: frozenset[str]  # match keys of its first sentences
    last: frozenset[str]  # and of its last


def sketch(title: str, sentences: Sequence[str], lang: str, lexicon: Lexicon) -> ChapterSketch:
    """A chapter's number, length and the keys of its ends. The heading itself is left out
    of the ends: every heading says "Chapter"."""
    body = list(sentences[1:]) if len(sentences) > 1 else list(sentences)

    def keys(part: Sequence[str]) -> frozenset[str]:
        return frozenset(k for s in part for _, found in sentence_tokens(s, lang, lexicon) for k in found)

    return ChapterSketch(heading_number(title), sum(len(s) for s in sentences), keys(body[:ENDS]), keys(body[-ENDS:]))


class _Content:
    """IDF-weighted cosines of chapter ends, relative to the best each chapter finds."""

    def __init__(self, en: Sequence[ChapterSketch], ind: Sequence[ChapterSketch]) -> None:
        df: dict[str, int] = {}
        for c in (*en, *ind):
            for key in c.first | c.last:
                df[key] = df.get(key, 0) + 1
        total = len(en) + len(ind)
        self.weight = weight = {key: math.log(total / n) ** 2 for key, n in df.items()}
        # The weight of each chapter's two ends, summed once: a group's is then theirs less
        # their overlap (`_group`).
        self.ends = {side: ([sum(weight[k] for k in c.first) for c in chapters],
                            [sum(weight[k] for k in c.last) for c in chapters])
                     for side, chapters in (("en", en), ("id", ind))}
        self.best_en = [1e-9] * len(en)
        self.best_ind = [1e-9] * len(ind)
        self.en, self.ind = en, ind
        self._raw: dict[tuple[int, int, int, int], float] = {}
        self._groups: dict[tuple[str, int, int], tuple[frozenset[str], float]] = {}

    def side(self, side: str) -> Sequence[ChapterSketch]:
        """The chapters of one side (`en` or `id`)."""
        return on_side(side, self.en, self.ind)

    def raw(self, i: int, a: int, j: int, b: int) -> float:
        """The cosine of English chapters i..a-1 with Indonesian chapters j..b-1 (by the start
        of the first and the end of the last), computed once."""
        key = (i, a, j, b)
        value = self._raw.get(key)
        if value is None:
            en, en_norm = self._group("en", i, a)
            ind, ind_norm = self._group("id", j, b)
            w = self.weight
            value = self._raw[key] = (sum(w[k] for k in en & ind) / math.sqrt(en_norm * ind_norm)
                                      if en_norm and ind_norm else 0.0)
        return value

    def _group(self, side: str, start: int, end: int) -> tuple[frozenset[str], float]:
        """The keys of chapters start..end-1 (the first's start, the last's end), and their weight."""
        key = (side, start, end)
        found = self._groups.get(key)
        if found is None:
            chapters = self.side(side)
            first, last = chapters[start].first, chapters[end - 1].last
            firsts, lasts = self.ends[side]
            both = sum(self.weight[k] for k in first & last)
            found = self._groups[key] = (first | last, firsts[start] + lasts[end - 1] - both)
        return found

    def observe(self, i: int, j: int) -> None:
        value = self.raw(i, i + 1, j, j + 1)
        self.best_en[i] = max(self.best_en[i], value)
        self.best_ind[j] = max(self.best_ind[j], value)

    def relative(self, i: int, a: int, j: int, b: int) -> float:
        best = max(self.best_en[i:a]) * max(self.best_ind[j:b])
        return min(self.raw(i, a, j, b) / math.sqrt(best), 1.5)


def _cost(en: Sequence[ChapterSketch], ind: Sequence[ChapterSketch], content: float) -> float:
    length_en = sum(c.length for c in en) * RATIO
    length_id = sum(c.length for c in ind)
    ratio = math.log(max(length_id, 1) / max(length_en, 1))
    cost = min((ratio / LOG_SPREAD) ** 2 / 2, 8.0)
    if len(en) == 1 and len(ind) == 1 and en[0].number is not None and ind[0].number is not None:
        cost += SAME_NUMBER if en[0].number == ind[0].number else OTHER_NUMBER
    cost -= CONTENT * content
    if len(en) + len(ind) > 2:
        cost += MERGE
    return cost


MOVES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))


# How far from the diagonal the path may stray, in chapters, besides the difference in count.
BAND = 3


def align_chapters(en: Sequence[ChapterSketch], ind: Sequence[ChapterSketch]) -> list[BeadIds]:
    """The chapter pairs of two books, in order: every chapter in exactly one.

    The search keeps to a band around the diagonal (`BAND` chapters either way, plus the
    difference in count), so that a book of 2,000 chapters takes about a second.
    """
    n, m = len(en), len(ind)
    width = BAND + abs(n - m)

    def inside(i: int, j: int) -> bool:
        return abs(j - (i * m / n if n else 0)) <= width

    content = _Content(en, ind)
    for i in range(n):
        centre = i * m / n
        for j in range(max(0, int(centre - width)), min(m - 1, int(centre + width) + 1) + 1):
            content.observe(i, j)

    best: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int]] = {}
    for i in range(n + 1):
        centre = i * m / n if n else 0
        for j in range(max(0, int(centre - width)), min(m, int(centre + width) + 1) + 1):
            here = best.get((i, j))
            if here is None:
                continue
            for di, dj in MOVES:
                a, b = i + di, j + dj
                if a > n or b > m or not inside(a, b):
                    continue
                if di == 0 or dj == 0:
                    cost = here + SKIP
                else:
                    cost = here + _cost(en[i:a], ind[j:b], content.relative(i, a, j, b))
                if cost < best.get((a, b), math.inf):
                    best[(a, b)] = cost
                    back[(a, b)] = (di, dj)
    pairs: list[BeadIds] = []
    i, j = n, m
    while i or j:
        di, dj = back[(i, j)]
        pairs.append((tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return pairs[::-1]


# The score of a bead made of leftovers: worth a reader's look.
LEFTOVER_SCORE = 0.5


def merge_leftovers(beads: Sequence[Bead], en_lengths: Sequence[int], ind_lengths: Sequence[int]) -> list[Bead]:
    """Sentences left over on both sides between the same two beads, as one bead.

    Inside a chapter pair, a run of one-sided beads holding sentences of both languages is
    rarely an omission beside an addition: it is a translation the bead types cannot hold
    (one long verse rendered in five sentences, 1-5), or two sentences the translator
    swapped. Such a run becomes one bead when its two sides' lengths agree (within a factor
    of two of the usual ratio), marked for checking.
    """
    out: list[Bead] = []
    run: list[Bead] = []

    def close() -> None:
        en = tuple(i for b in run for i in b.en)
        ind = tuple(i for b in run for i in b.ind)
        if en and ind:
            ratio = sum(ind_lengths[i] for i in ind) / max(1, RATIO * sum(en_lengths[i] for i in en))
            if 0.5 <= ratio <= 2.0:
                out.append(Bead(en, ind, LEFTOVER_SCORE))
                run.clear()
                return
        out.extend(run)
        run.clear()

    for bead in beads:
        if bead.one_sided and not bead.confirmed:
            run.append(bead)
            continue
        close()
        out.append(bead)
    close()
    return out
