"""Plain side-by-side text of an aligned pair, for a pipe or a pager."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

from alignread.core.errors import AlignreadError
from alignread.core.find import annotations_by_bead
from alignread.core.model import LOW_CONFIDENCE, TextPair
from alignread.core.structure import bead_chapter


def side_by_side(pair: TextPair, width: int = 100, low: float = LOW_CONFIDENCE) -> str:
    """Both texts in two columns, one bead per block, beads numbered.

    The gutter shows the bead number, its type and a mark: `?` for a low-confidence
    bead, `✓` for one a reader confirmed, `*` for a bead with annotations.
    """
    return "\n".join(side_by_side_lines(pair, width, low))


def side_by_side_lines(pair: TextPair, width: int = 100, low: float = LOW_CONFIDENCE,
                       start: int = 0) -> Iterator[str]:
    """`side_by_side` line by line, from bead `start` (the title only with the first bead),
    so that a pipe gets the first beads of a book at once. A book's chapters are announced
    where they begin."""
    gutter = 12
    column = max(20, (width - gutter - 3) // 2)
    if start == 0:
        title = pair.meta.title or pair.en.file or "text pair"
        yield title
        yield "=" * min(width, max(len(title), 1))
    annotated = annotations_by_bead(pair) if pair.annotations else {}
    chapters = bool(pair.en.chapters or pair.ind.chapters)
    chapter = bead_chapter(pair, pair.beads[start - 1]) if chapters and start else ""
    for k in range(start, len(pair.beads)):
        bead = pair.beads[k]
        if chapters and (bead.en or not pair.en.chapters):  # a 0-1 bead stays in the chapter it is in
            here = bead_chapter(pair, bead)
            if here != chapter:
                chapter = here
                yield f"§ {here}"
                yield ""
        left = textwrap.wrap(pair.bead_text(bead, "en"), column, break_on_hyphens=False) or ["—"]
        right = textwrap.wrap(pair.bead_text(bead, "id"), column, break_on_hyphens=False) or ["—"]
        mark = "?" if bead.needs_check(low) else ("✓" if bead.confirmed else " ")
        if annotated.get(k):
            mark += "*"
        head = f"{k:>4} {bead.kind:<4}{mark:<2}"
        for r in range(max(len(left), len(right))):
            left_line = left[r] if r < len(left) else ""
            right_line = right[r] if r < len(right) else ""
            prefix = head if r == 0 else " " * len(head)
            yield f"{prefix:<{gutter}}{left_line:<{column}} │ {right_line}".rstrip()
        yield ""


def stream_file(path: str | Path, width: int = 100, low: float = LOW_CONFIDENCE) -> Iterator[str]:
    """`side_by_side` of a file, in chunks of text as soon as they can be printed: a large
    file's first beads from its preview (`pairfile.preview`), the rest once the whole file
    is read and checked (a problem found then is raised after the first beads went out)."""
    from alignread.store.pairfile import load, preview

    first = preview(path) if Path(path).is_file() else None
    shown = 0
    if first is not None:
        yield "".join(line + "\n" for line in side_by_side_lines(first, width, low))
        shown = len(first.beads)
    pair = load(path)
    if first is not None and pair.beads[:shown] != first.beads:
        raise AlignreadError(path, "changed while it was shown; show it again")
    lines = side_by_side_lines(pair, width, low, start=shown)
    if not shown:
        yield "\n".join(lines) + "\n"
        return
    batch: list[str] = []
    for line in lines:
        batch.append(line + "\n")
        if len(batch) >= 4096:
            yield "".join(batch)
            batch.clear()
    yield "".join(batch)
