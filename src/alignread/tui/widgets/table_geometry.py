"""Where every line of the bead table goes, for one width: plain Python, no Textual.

A bead is one row of the table: its English sentences wrapped in the left column, its
Indonesian ones in the right, the two kept level, then a line of concept chips when the
bead is annotated, then a blank line. `TableLayout` counts the lines of every bead once
per width and keeps the first line of each bead in a sorted array, so finding the bead
under any line is a bisection, and scrolling costs nothing however long the document is.
Where each line of a bead starts and ends is worked out when the bead is first shown: a
book has tens of thousands of beads, and a screen shows a dozen.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate

from rich.cells import cell_len

from alignread.core.model import Sentence, TextPair
from alignread.core.sides import on_side
from alignread.core.words import WORD

GUTTER = 7  # "▌ 1234?" : cursor bar, bead number, mark
DIVIDER = 3  # " │ "
MIN_COLUMN = 12
_NON_SPACE = re.compile(r"\S+")
_BREAKS = str.maketrans("\n\t\r\f\v", "     ")
_BREAK = re.compile("[\n\t\r\f\v]")

Span = tuple[int, int]
BeadKey = tuple[tuple[int, ...], tuple[int, ...]]  # a bead's English and Indonesian sentence ids


def wrap(text: str, width: int) -> tuple[Span, ...]:
    """Greedy word wrap: the `(start, end)` of each line in `text`.

    Spaces at a break are dropped; a word longer than the line is cut. Widths are in
    terminal cells, so wide characters take two.
    """
    width = max(width, 1)
    if not _one_cell_each(text):
        return wrap_cells(text, width)
    if _fits(text, width):
        return ((0, len(text)),)  # most short sentences, and every title
    return tuple([m.span() for m in _line_pattern(width).finditer(text)])


def line_count(text: str, width: int) -> int:
    """`len(wrap(text, width))`, without making the spans."""
    width = max(width, 1)
    if not _one_cell_each(text):
        return len(wrap_cells(text, width))
    if _fits(text, width):
        return 1
    return len(_line_pattern(width).findall(text))


def _one_cell_each(text: str) -> bool:
    # ASCII, and most other text (curly quotes, accented letters): told by a set of
    # characters where it can be, since measuring a text goes character by character.
    return text.isascii() or _one_cell_characters().issuperset(text) or cell_len(text) == len(text)


@cache
def _one_cell_characters() -> frozenset[str]:
    """The characters of Latin, Greek and Cyrillic text and of its punctuation (curly quotes,
    dashes, currency) that take one cell, as `cell_len` measures them."""
    ranges = ((0x20, 0x7E), (0xA0, 0x52F), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20A0, 0x20CF))
    return frozenset(c for lo, hi in ranges for c in map(chr, range(lo, hi + 1)) if cell_len(c) == 1)


def _fits(text: str, width: int) -> bool:
    return 0 < len(text) <= width and not text[0].isspace() and not text[-1].isspace()


@lru_cache(maxsize=16)
def _line_pattern(width: int) -> re.Pattern[str]:
    """The lines `wrap_cells` makes of a text of one-cell characters, as one regular
    expression (the same lines, a few times faster): at each line's start, either the
    next `width` characters of a word too long for a line, with more of it to come, or
    the longest run of at most `width` characters that starts and ends on a word (a
    word's tail after its cut pieces included), so the spaces at each break are skipped
    between matches."""
    if width == 1:
        return re.compile(r"\S")
    return re.compile(rf"\S{{{width}}}(?=\S)|\S(?:.{{0,{width - 2}}}\S)?(?!\S)", re.S)


def wrap_cells(text: str, width: int) -> tuple[Span, ...]:
    """`wrap` for any text, measuring each word in cells (wide characters take two)."""
    width = max(width, 1)
    simple = _one_cell_each(text)
    lines: list[Span] = []
    start = end = -1
    used = 0
    for m in _NON_SPACE.finditer(text):
        ws, we = m.span()
        size = we - ws if simple else cell_len(text[ws:we])
        if start >= 0:
            gap = ws - end
            if used + gap + size <= width:
                end, used = we, used + gap + size
                continue
            lines.append((start, end))
            start = -1
        if size <= width:
            start, end, used = ws, we, size
            continue
        # A word wider than the column (a URL, a long compound): cut it into pieces.
        pos = ws
        while pos < we:
            cut, cells = pos, 0
            while cut < we and cells + (1 if simple else cell_len(text[cut])) <= width:
                cells += 1 if simple else cell_len(text[cut])
                cut += 1
            cut = max(cut, pos + 1)
            if cut < we:
                lines.append((pos, cut))
            else:
                start, end, used = pos, cut, cells
            pos = cut
    if start >= 0:
        lines.append((start, end))
    return tuple(lines)


@dataclass(frozen=True, slots=True)
class SideText:
    """One side of a bead as shown: its sentences joined by a space, line breaks flattened.

    `starts[k]` is where sentence k of the bead begins in `text`, `sources[k]` where it
    begins in the side's full text; offsets convert between the two.
    """

    text: str
    starts: tuple[int, ...]
    sources: tuple[int, ...]
    lengths: tuple[int, ...]

    @classmethod
    def of(cls, pair: TextPair, side: str, ids: tuple[int, ...]) -> SideText:
        sentences = pair.side(side).sentences
        starts, sources, lengths = [], [], []
        at = 0
        for i in ids:
            s = sentences[i]
            starts.append(at)
            sources.append(s.start)
            lengths.append(len(s.text))
            at += len(s.text) + 1
        return cls(shown_text(sentences, ids), tuple(starts), tuple(sources), tuple(lengths))

    def to_source(self, offset: int) -> int:
        """Offset in the side's full text of display offset `offset`."""
        k = max(0, bisect_right(self.starts, offset) - 1)
        return self.sources[k] + min(offset - self.starts[k], self.lengths[k])

    def to_display(self, source: int) -> int:
        """Display offset of full-text offset `source` (clamped into the bead's sentences)."""
        k = max(0, bisect_right(self.sources, source) - 1)
        return self.starts[k] + max(0, min(source - self.sources[k], self.lengths[k]))

    def display_span(self, start: int, end: int) -> Span | None:
        """The display span of full-text span `[start, end)`, if it touches this bead."""
        if not self.sources:
            return None
        first, last = self.sources[0], self.sources[-1] + self.lengths[-1]
        if end <= first or start >= last:
            return None
        ds, de = self.to_display(max(start, first)), self.to_display(min(end, last))
        return (ds, de) if de > ds else None

    def words(self) -> tuple[Span, ...]:
        """Display spans of the words, for selecting a phrase word by word."""
        return tuple(m.span() for m in WORD.finditer(self.text))


def shown_text(sentences: Sequence[Sentence], ids: tuple[int, ...]) -> str:
    """Sentences `ids` as one side of a bead shows them: joined by a space, with line
    breaks and tabs flattened to spaces (one character each, so offsets stay)."""
    text = " ".join([sentences[i].text for i in ids])
    return text.translate(_BREAKS) if _BREAK.search(text) else text


@dataclass(frozen=True, slots=True)
class BeadLines:
    """The wrapped lines of one bead at the current width."""

    en: SideText
    ind: SideText
    en_lines: tuple[Span, ...]
    ind_lines: tuple[Span, ...]

    @property
    def body(self) -> int:
        return max(len(self.en_lines), len(self.ind_lines), 1)

    def side(self, side: str) -> SideText:
        """The text of one side (`en` or `id`)."""
        return on_side(side, self.en, self.ind)

    def lines(self, side: str) -> tuple[Span, ...]:
        """The wrapped lines of one side (`en` or `id`)."""
        return on_side(side, self.en_lines, self.ind_lines)


class TableLayout:
    """Line positions of every bead for one width (and one set of beads with chips)."""

    bodies: list[int]  # lines of each bead's text (its chips line and blank line not counted)

    def __init__(
        self,
        pair: TextPair,
        width: int,
        chips: frozenset[int] | set[int] = frozenset(),
        previous: TableLayout | None = None,
    ) -> None:
        self.pair = pair
        self.width = width
        inner = max(2 * MIN_COLUMN, width - GUTTER - DIVIDER - 1)
        self.en_width = inner // 2
        self.ind_width = inner - self.en_width
        self.chips = frozenset(chips)
        ew, iw = self.en_width, self.ind_width
        # A bead's lines depend only on its sentence ids, the texts and the column widths:
        # after merging or splitting a bead (same texts, same widths) all but one or two
        # beads keep their line counts, and the lines already worked out are shared.
        known: dict[BeadKey, int] = {}
        self._wrapped: dict[BeadKey, BeadLines]
        if (previous is not None and previous.pair.en is pair.en and previous.pair.ind is pair.ind
                and (previous.en_width, previous.ind_width) == (ew, iw)):
            known = {(b.en, b.ind): body for b, body in zip(previous.pair.beads, previous.bodies)}
            self._wrapped = previous._wrapped
        else:
            self._wrapped = {}
        en, ind = pair.en.sentences, pair.ind.sentences
        # Only how many lines each bead takes is needed now: where they break is worked out
        # for the beads shown (`beads`).
        bodies: list[int] = []
        for b in pair.beads:
            body = known.get((b.en, b.ind)) if known else None
            if body is None:
                body = max(line_count(shown_text(en, b.en), ew), line_count(shown_text(ind, b.ind), iw), 1)
            bodies.append(body)
        self.bodies = bodies
        self.beads = WrappedBeads(self)
        self._relayout()

    def wrapped(self, k: int) -> BeadLines:
        """The lines of bead `k`, worked out the first time they are asked for."""
        b = self.pair.beads[k]
        key = (b.en, b.ind)
        lines = self._wrapped.get(key)
        if lines is None:
            en, ind = SideText.of(self.pair, "en", b.en), SideText.of(self.pair, "id", b.ind)
            lines = self._wrapped[key] = BeadLines(en, ind, wrap(en.text, self.en_width),
                                                   wrap(ind.text, self.ind_width))
        return lines

    def _relayout(self) -> None:
        heights = [body + 1 for body in self.bodies]
        for k in self.chips:
            if 0 <= k < len(heights):
                heights[k] += 1
        self.heights = heights
        self.tops = [0, *accumulate(heights)]

    def set_chips(self, chips: frozenset[int] | set[int]) -> bool:
        """Which beads have a chips line; True when that changed line positions."""
        chips = frozenset(chips)
        if chips == self.chips:
            return False
        self.chips = chips
        self._relayout()
        return True

    @property
    def total(self) -> int:
        return self.tops[-1]

    def top(self, bead: int) -> int:
        return self.tops[bead]

    def locate(self, line: int) -> tuple[int, int]:
        """(bead, line within the bead) of table line `line`."""
        k = bisect_right(self.tops, line) - 1
        k = min(max(k, 0), len(self.beads) - 1)
        return k, line - self.tops[k]

    def column_at(self, x: int) -> tuple[str, int] | None:
        """("en" | "id", cell within that column) under screen column `x`, if any."""
        if GUTTER <= x < GUTTER + self.en_width:
            return "en", x - GUTTER
        left = GUTTER + self.en_width + DIVIDER
        if left <= x < left + self.ind_width:
            return "id", x - left
        return None

    def offset_at(self, bead: int, row: int, side: str, cell: int) -> int | None:
        """Display offset in the bead's side under `(row, cell)`, if on text."""
        b = self.beads[bead]
        lines = b.lines(side)
        if not 0 <= row < len(lines):
            return None
        start, end = lines[row]
        text = b.side(side).text
        pos, cells = start, 0
        while pos < end:
            cells += cell_len(text[pos])
            if cells > cell:
                return pos
            pos += 1
        return end - 1 if end > start else None


class WrappedBeads:
    """The `BeadLines` of every bead of a layout, by bead number, each worked out when first
    asked for."""

    def __init__(self, layout: TableLayout) -> None:
        self._layout = layout

    def __len__(self) -> int:
        return len(self._layout.bodies)

    def __getitem__(self, k: int) -> BeadLines:
        n = len(self._layout.bodies)
        if not -n <= k < n:
            raise IndexError(k)
        return self._layout.wrapped(k % n)

    def __iter__(self) -> Iterator[BeadLines]:
        return (self._layout.wrapped(k) for k in range(len(self)))
