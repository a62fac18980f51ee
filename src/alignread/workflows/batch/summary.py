"""The summary table a batch run prints at the end: a row per document, the totals, and
what happened to the annotations.

The rows are written as the reports are read back (`Summary.iter_reports`), so a table of
a million documents is printed without holding a million rows.
"""

from __future__ import annotations

from collections.abc import Iterator

from alignread.core.words import counted
from alignread.workflows.batch.events import Summary, bead_sort_key
from alignread.workflows.realign import counts_line, outcome_lines


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_summary(summary: Summary) -> str:
    """The summary table: a row per document, the totals, then what happened."""
    return "\n".join(summary_lines(summary))


def summary_lines(summary: Summary) -> Iterator[str]:
    """`format_summary`, a line at a time."""
    t = summary.totals
    kinds = sorted(t.beads, key=bead_sort_key)
    name_width = min(40, max(8, t.longest_name))
    head = ["document", "status", "en", "id", "beads", *kinds, "low", "seconds"]
    total = ["total", counted(t.documents, "doc"), str(t.en_sentences), str(t.id_sentences), str(t.bead_count),
             *(str(t.beads[k]) for k in kinds), str(t.low_confidence),
             f"{t.aligned_seconds:.2f}" if summary.count("aligned") else ""]
    # Widths from the totals (the widest figure of a column) and the longest name: known
    # before the first row, so the rows need not be kept.
    widths = [max(len(head[c]), len(total[c])) for c in range(len(head))]
    widths[0] = max(widths[0], name_width)
    widths[1] = max([widths[1]] + [len(status) for status in t.statuses])

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(w) if c < 2 else cell.rjust(w)
                         for c, (cell, w) in enumerate(zip(cells, widths))).rstrip()

    rule = line(["-" * w for w in widths])
    yield line(head)
    yield rule
    for r in summary.iter_reports():
        if r.ok:
            beads = dict(r.beads)
            yield line([_cut(r.name, name_width), r.status, str(r.en_sentences), str(r.id_sentences),
                        str(r.bead_count), *(str(beads.get(k, 0)) for k in kinds), str(r.low_confidence),
                        f"{r.seconds:.2f}" if r.status == "aligned" else ""])
        else:
            yield line([_cut(r.name, name_width), r.status] + [""] * (len(head) - 2))
    yield rule
    yield line(total)
    yield ""
    counts = ", ".join(f"{summary.count(s)} {s}" for s in ("aligned", "unchanged", "failed") if summary.count(s))
    if summary.where:
        how = summary.where
    else:
        how = f"with {summary.jobs} job{'s' if summary.jobs != 1 else ''}"
    yield (f"{counted(t.documents, 'document')}: {counts}; {summary.seconds:.1f} s {how}"
           + (f" (NLP start-up {summary.startup_seconds:.1f} s)" if summary.startup_seconds >= 0.05 else ""))
    yield f"low: beads with confidence under {summary.low_confidence:g}"
    if t.outcomes:
        # As `align` and `import` say it (alignread.workflows.realign), for the whole corpus.
        yield counts_line(t.outcomes)
        for r in summary.iter_reports():
            if r.annotations:
                yield from outcome_lines(r.name, f"{r.name}.yaml", r.annotations)
