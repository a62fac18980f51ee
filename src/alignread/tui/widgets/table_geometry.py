"""Where every line of the bead table goes, for one width: plain Python, no Textual.

A bead is one row of the table: its English sentences wrapped in the left column, its
Indonesian ones in the right, the two kept level, then a line of concept chips when the
bead is annotated, then a blank line. `TableLayout` wraps every bead once per width and
keeps the first line of each bead in a sorted array, so finding the bead under any line
is a bisection, and scrolling costs nothing however long the document is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from rich.cells import cell_len

from alignread.core.model import TextPair
from alignread.core.words import WORD

GUTTER = 7  # "▌ 1234?" : cursor bar, bead number, mark
DIVIDER = 3  # " │ "
MIN_COLUMN = 12
_NON_SPACE = re.compile(r"\S+")
_BREAKS = str.maketrans("\n\t\r\f\v", "     ")

Span = tuple[int, int]


def wrap(text: str, width: int) -> tuple[Span, ...]:
    """Greedy word wrap: the `(start, end)` of each line in `text`.

    Spaces at a break are dropped; a word longer than the line is cut. Widths are in
    terminal cells, so wide characters take two.
    """
    if width < 1:
        width = 1
    # One cell a character: ASCII, and most other text (curly quotes, accented letters),
    # which one measure of the whole text tells.
    simple = text.isascii() or cell_len(text) == len(text)
    if simple and len(text) <= width and text and not text[0].isspace() and not text[-1].isspace():
        return ((0, len(text)),)  # fits: most short sentences, and every title
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
        parts, starts, sources, lengths = [], [], [], []
        at = 0
        for i in ids:
            s = sentences[i]
            starts.append(at)
            sources.append(s.start)
            lengths.append(len(s.text))
            parts.append(s.text.translate(_BREAKS))
            at += len(s.text) + 1
        return cls(" ".join(parts), tuple(starts), tuple(sources), tuple(lengths))

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


class TableLayout:
    """Line positions of every bead for one width (and one set of beads with chips)."""

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
        # The beads of the previous layout that are still there (same texts, same sentence
        # ids: after merging or splitting a bead, all but one or two) keep their joined
        # texts, and their wrapped lines too at the same width.
        known: dict[tuple[tuple[int, ...], tuple[int, ...]], BeadLines] = {}
        if previous is not None and previous.pair.en is pair.en and previous.pair.ind is pair.ind:
            known = {(b.en, b.ind): lines for b, lines in zip(previous.pair.beads, previous.beads)}
        same_width = previous is not None and (previous.en_width, previous.ind_width) == (ew, iw)
        self.beads: list[BeadLines] = []
        for b in pair.beads:
            old = known.get((b.en, b.ind))
            if old is not None and same_width:
                self.beads.append(old)
                continue
            en, ind = ((old.en, old.ind) if old is not None
                       else (SideText.of(pair, "en", b.en), SideText.of(pair, "id", b.ind)))
            self.beads.append(BeadLines(en, ind, wrap(en.text, ew), wrap(ind.text, iw)))
        self._relayout()

    def _relayout(self) -> None:
        chips = self.chips
        self.heights = [b.body + (2 if k in chips else 1) for k, b in enumerate(self.beads)]
        self.tops = [0, *accumulate(self.heights)]

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
        lines = b.en_lines if side == "en" else b.ind_lines
        if not 0 <= row < len(lines):
            return None
        start, end = lines[row]
        text = (b.en if side == "en" else b.ind).text
        pos, cells = start, 0
        while pos < end:
            cells += cell_len(text[pos])
            if cells > cell:
                return pos
            pos += 1
        return end - 1 if end > start else None
