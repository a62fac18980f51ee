"""Exports and imports: each format renders a `TextPair` (or reads one) without a terminal."""

from __future__ import annotations

from collections.abc import Iterable

from alignread.core.model import Annotation, TextPair

# Export format -> file extension (batch writes OUTDIR/NAME.<extension>).
EXTENSIONS = {"yaml": "yaml", "tsv": "tsv", "tmx": "tmx", "beads": "beads", "md": "md", "html": "html"}
FORMATS = tuple(EXTENSIONS)


def render(pair: TextPair, fmt: str, name: str = "") -> str:
    """The pair in export format `fmt` (`yaml`, `tsv`, `tmx`, `beads`, `md`, `html`).

    `name` is what the document is called in the Markdown notes and on the HTML page
    (default: its title).
    """
    if fmt == "yaml":
        from alignread.store.pairfile import dumps

        return dumps(pair)
    if fmt == "tsv":
        from alignread.formats.tsv import to_tsv

        return to_tsv(pair)
    if fmt == "tmx":
        from alignread.formats.tmx import to_tmx

        return to_tmx(pair)
    if fmt == "beads":
        from alignread.formats.beads import format_beads

        return format_beads((b.en, b.ind) for b in pair.beads)
    if fmt == "md":
        from alignread.formats.markdown_notes import pair_notes

        return pair_notes(pair, name)
    if fmt == "html":
        from alignread.formats.html_page import page

        return page(pair, name)
    raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")


def concept_labels(pair: TextPair, annotations: Iterable[Annotation]) -> list[str]:
    """The English labels of the concepts on `annotations`, each once, in order (an id the
    document does not define stands as itself)."""
    labels: list[str] = []
    for ann in annotations:
        for cid in ann.concepts:
            concept = pair.concept(cid)
            label = concept.label("en") if concept else cid
            if label not in labels:
                labels.append(label)
    return labels
