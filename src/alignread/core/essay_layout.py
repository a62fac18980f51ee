"""The layout of a one-file bilingual essay: where each piece of the two texts was written.

An imported essay (`alignread.workflows.import_essay`) is split into *pieces*: runs of one language
inside one paragraph. The English pieces, in order, make the English text of the
`TextPair` and the Indonesian pieces the Indonesian text. `TextPair.layout` holds one entry
per piece in the order of the file, so the essay can be shown, and written back, exactly
as it was:

    {role: source, side: en, start: 0, end: 512, block: 0, gap: "\\n\\n\\u00a0\\n\\n"}

- `role`: what the piece is (see `ROLES`);
- `side`, `start`, `end`: the piece is `pair.side(side).text[start:end]`;
- `block`: for `source` and `translation` pieces, the number of their translation block;
- `gap`: the text of the file just before the piece (blank lines, non-breaking spaces);
  only whitespace; left out when empty;
- `tail`: on the last entry only, the text of the file after the last piece.

The file is `gap_0 + piece_0 + gap_1 + piece_1 + ... + tail`; see `written_text`.
Entries are plain dicts in `TextPair.layout` (as saved); `LayoutEntry` is their typed view.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from alignread.core.chars import is_blank

# source: a passage that is followed (or preceded) by its translation; translation: that
# translation; the others have no counterpart: title, introduction (before the first
# translation block), commentary (after it), date (a date line), text (an essay with no
# translation at all).
ROLES = ("source", "translation", "title", "introduction", "commentary", "date", "text")
BLOCK_ROLES = ("source", "translation")
KEYS = ("role", "side", "start", "end", "block", "gap", "tail")
REQUIRED = ("role", "side", "start", "end")


@dataclass(frozen=True, slots=True)
class LayoutEntry:
    """One piece of the essay as written; see the module docstring."""

    role: str
    side: str
    start: int
    end: int
    block: int | None = None
    gap: str = ""
    tail: str = ""

    @classmethod
    def from_dict(cls, item: Mapping) -> LayoutEntry:
        return cls(
            role=item["role"],
            side=item["side"],
            start=item["start"],
            end=item["end"],
            block=item.get("block"),
            gap=item.get("gap", "") or "",
            tail=item.get("tail", "") or "",
        )

    def to_dict(self) -> dict:
        """The entry as saved: keys in `KEYS` order, empty optional keys left out."""
        out: dict = {"role": self.role, "side": self.side, "start": self.start, "end": self.end}
        if self.block is not None:
            out["block"] = self.block
        if self.gap:
            out["gap"] = self.gap
        if self.tail:
            out["tail"] = self.tail
        return out


def entries(layout: Iterable[Mapping]) -> list[LayoutEntry]:
    """Typed entries of a (validated) `TextPair.layout`."""
    return [LayoutEntry.from_dict(item) for item in layout]


def written_text(layout: Iterable[Mapping], texts: Mapping[str, str]) -> str:
    """The essay as written, from the layout and the side texts (`{"en": ..., "id": ...}`)."""
    parts = []
    for entry in entries(layout):
        parts.append(entry.gap)
        parts.append(texts[entry.side][entry.start : entry.end])
        parts.append(entry.tail)
    return "".join(parts)


def layout_problem(layout: Iterable[Mapping], texts: Mapping[str, str]) -> tuple[int | None, str] | None:
    """The first problem of a layout whose entries have the right keys and types, or None.

    Returns `(entry index or None, problem)`. Checks that each side's pieces are in order,
    inside the text and leave only whitespace uncovered; that gaps and tails are whitespace;
    that blocks have a source and a translation on different sides, and that block numbers
    count up from 0 in the order of the file.
    """
    items = entries(layout)
    if not items:
        return None
    pos = {"en": 0, "id": 0}
    block_sides: dict[int, dict[str, str]] = {}
    next_block = 0
    for k, e in enumerate(items):
        if e.role not in ROLES:
            return k, f"role {e.role!r} is not one of {', '.join(ROLES)}"
        if e.side not in texts:
            return k, f"side {e.side!r} is not en or id"
        text = texts[e.side]
        if not 0 <= e.start < e.end <= len(text):
            return k, f"span [{e.start}, {e.end}] is outside the {e.side} text ({len(text)} characters)"
        if e.start < pos[e.side]:
            return k, f"span [{e.start}, {e.end}] overlaps or comes before the previous {e.side} piece"
        if not is_blank(text[pos[e.side] : e.start]):
            return k, f"{e.side} text before [{e.start}, {e.end}] is in no piece"
        pos[e.side] = e.end
        if not is_blank(e.gap):
            return k, "gap holds more than whitespace"
        if e.tail and k != len(items) - 1:
            return k, "only the last entry has a tail"
        if not is_blank(e.tail):
            return k, "tail holds more than whitespace"
        if e.role in BLOCK_ROLES:
            if e.block is None:
                return k, f"a {e.role} piece needs a block number"
            if e.block not in block_sides:
                if e.block != next_block:
                    return k, f"block {e.block}: expected block {next_block} next"
                next_block += 1
                block_sides[e.block] = {}
            sides = block_sides[e.block]
            if sides.get(e.role, e.side) != e.side:
                return k, f"block {e.block}: its {e.role} pieces are on both sides"
            sides[e.role] = e.side
        elif e.block is not None:
            return k, f"a {e.role} piece has no block"
    for side, text in texts.items():
        if not is_blank(text[pos[side] :]):
            return None, f"the end of the {side} text is in no piece"
    for number, sides in block_sides.items():
        if set(sides) != set(BLOCK_ROLES):
            missing = "translation" if "source" in sides else "source"
            return None, f"block {number} has no {missing}"
        if sides["source"] == sides["translation"]:
            return None, f"block {number}: source and translation are both {sides['source']}"
    return None
