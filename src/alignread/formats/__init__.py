"""Exports and imports: each format renders a `TextPair` (or reads one) without a terminal."""

from __future__ import annotations

from alignread.core.model import TextPair


def render(pair: TextPair, fmt: str) -> str:
    """The pair in export format `fmt` (`yaml`, `tsv`, `beads`)."""
    if fmt == "yaml":
        from alignread.store.pairfile import dumps

        return dumps(pair)
    if fmt == "tsv":
        from alignread.formats.tsv import to_tsv

        return to_tsv(pair)
    if fmt == "beads":
        from alignread.formats.beads import format_beads

        return format_beads((b.en, b.ind) for b in pair.beads)
    raise ValueError(f"unknown export format {fmt!r}")
