"""Plain side-by-side text of an aligned pair, for a pipe or a pager."""

from __future__ import annotations

import textwrap

from alignread.core.model import LOW_CONFIDENCE, TextPair


def side_by_side(pair: TextPair, width: int = 100, low: float = LOW_CONFIDENCE) -> str:
    """Both texts in two columns, one bead per block, beads numbered.

    The gutter shows the bead number, its type and a mark: `?` for a low-confidence
    bead, `✓` for one a reader confirmed, `*` for a bead with annotations.
    """
    gutter = 12
    column = max(20, (width - gutter - 3) // 2)
    lines = []
    title = pair.meta.title or pair.en.file or "text pair"
    lines.append(title)
    lines.append("=" * min(width, max(len(title), 1)))
    for k, bead in enumerate(pair.beads):
        left = textwrap.wrap(pair.bead_text(bead, "en"), column, break_on_hyphens=False) or ["—"]
        right = textwrap.wrap(pair.bead_text(bead, "id"), column, break_on_hyphens=False) or ["—"]
        mark = "?" if bead.needs_check(low) else ("✓" if bead.confirmed else " ")
        if any(True for _ in pair.annotations_for_bead(bead)):
            mark += "*"
        head = f"{k:>4} {bead.kind:<4}{mark:<2}"
        for r in range(max(len(left), len(right))):
            left_line = left[r] if r < len(left) else ""
            right_line = right[r] if r < len(right) else ""
            prefix = head if r == 0 else " " * len(head)
            lines.append(f"{prefix:<{gutter}}{left_line:<{column}} │ {right_line}".rstrip())
        lines.append("")
    return "\n".join(lines)
