"""Vecalign's bead line format: one bead a line, `[0, 1]:[2]`, `[3]:[]`, 0-based ids."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from alignread.core.errors import FormatError
from alignread.core.model import BeadIds

_LINE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*(?::\s*\S+)?\s*$")


def _ids(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.replace(",", " ").split())


def parse_beads(text: str, where: str = "<beads>") -> list[BeadIds]:
    """Parse bead lines (a trailing `:score` column, as Vecalign writes, is accepted)."""
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = _LINE.match(line)
        if not m:
            raise FormatError(f"{where}:{number}", f"expected a bead like [0, 1]:[2], got {line.strip()[:40]!r}")
        out.append((_ids(m.group(1)), _ids(m.group(2))))
    return out


def read_beads(path: str | Path) -> list[BeadIds]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FormatError(path, "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FormatError(path, f"cannot be read ({exc})") from None
    return parse_beads(text, str(path))


def format_bead(en: Sequence[int], ind: Sequence[int]) -> str:
    return f"[{', '.join(map(str, en))}]:[{', '.join(map(str, ind))}]"


def format_beads(beads: Iterable[tuple[Sequence[int], Sequence[int]]]) -> str:
    return "".join(format_bead(en, ind) + "\n" for en, ind in beads)
