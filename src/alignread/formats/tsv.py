"""Tab-separated beads for spreadsheets: English, Indonesian, type, confidence, concepts, note."""

from __future__ import annotations

from alignread.core.model import TextPair
from alignread.formats import concept_labels

HEADER = ("english", "indonesian", "bead", "confidence", "concepts", "note")


def cell(text: str) -> str:
    """A TSV cell: on one line, quoted the CSV way if it holds a double quote."""
    # A tab or a line break inside a cell would break the row; spreadsheets show a
    # space just as well.
    cell = " ".join(text.replace("\t", " ").split())
    if '"' in cell:
        # Spreadsheets (and Python's csv, pandas) read TSV with CSV quoting: a cell that
        # starts with a quote, as dialogue does, would lose its quotes. Quote such cells.
        cell = '"' + cell.replace('"', '""') + '"'
    return cell


def to_tsv(pair: TextPair) -> str:
    """One row per bead, with a header row; concepts by label, notes joined with ` | `."""
    rows = ["\t".join(HEADER)]
    for bead in pair.beads:
        anns = list(pair.annotations_for_bead(bead))
        concepts = concept_labels(pair, anns)
        notes = [a.note for a in anns if a.note.strip()]
        rows.append("\t".join((
            cell(pair.bead_text(bead, "en")),
            cell(pair.bead_text(bead, "id")),
            bead.kind,
            f"{bead.score:.3f}",
            cell("; ".join(concepts)),
            cell(" | ".join(notes)),
        )))
    return "\n".join(rows) + "\n"
