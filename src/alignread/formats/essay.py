"""A one-file bilingual essay shown as written: its pieces in the order of its file.

An imported essay (`alignread.workflows.import_essay`) is an ordinary text pair whose
`layout` records where each piece of the two texts stood in the file
(`alignread.core.essay_layout`); these functions give the file back from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from alignread.core.errors import InputError
from alignread.core.essay_layout import LayoutEntry, entries, written_text
from alignread.core.model import TextPair


@dataclass(frozen=True, slots=True)
class WrittenPiece:
    """A piece of the essay as written: where it stands in the file, and its sentences."""

    entry: LayoutEntry
    at: int  # offset of the piece in the file's text (as_written(pair))
    sentences: tuple[int, ...]  # ids of the sentences of `entry.side` inside the piece

    @property
    def end(self) -> int:
        return self.at + self.entry.end - self.entry.start


def written_pieces(pair: TextPair) -> list[WrittenPiece]:
    """The pieces of an imported essay in the order of its file, for showing it as written.

    A sentence at `[start, end)` of its side stands in the file at
    `piece.at + start - piece.entry.start`.
    """
    out = []
    at = 0
    for entry in entries(pair.layout):
        at += len(entry.gap)
        side = pair.side(entry.side)
        ids = tuple(s.index for s in side.sentences if entry.start <= s.start and s.end <= entry.end)
        out.append(WrittenPiece(entry, at, ids))
        at += entry.end - entry.start
    return out


def as_written(pair: TextPair) -> str:
    """The essay's text as it was written in its file, from the pair's layout."""
    if not pair.layout:
        if not pair.ind.text:
            return pair.en.text
        if not pair.en.text:
            return pair.ind.text
        raise InputError(pair.en.file or "text pair", "was aligned from two files; it has no single-file layout")
    return written_text(pair.layout, {"en": pair.en.text, "id": pair.ind.text})
