"""The summary table a batch run prints at the end: a row per document, the totals, and
what happened to the annotations."""

from __future__ import annotations

from alignread.core.words import counted
from alignread.workflows.batch.events import Summary, bead_sort_key
from alignread.workflows.realign import counts_line, outcome_lines


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_summary(summary: Summary) -> str:
    """The summary table: a row per document, the totals, then what happened."""
    kinds = sorted(summary.bead_kinds(), key=bead_sort_key)
    name_width = min(40, max([8] + [len(r.name) for r in summary.reports]))
    head = ["document", "status", "en", "id", "beads", *kinds, "low", "seconds"]
    rows = []
    for r in summary.reports:
        if r.ok:
            beads = dict(r.beads)
            rows.append([_cut(r.name, name_width), r.status, str(r.en_sentences), str(r.id_sentences),
                         str(r.bead_count), *(str(beads.get(k, 0)) for k in kinds), str(r.low_confidence),
                         f"{r.seconds:.2f}" if r.status == "aligned" else ""])
        else:
            rows.append([_cut(r.name, name_width), r.status] + [""] * (len(head) - 2))
    ok = [r for r in summary.reports if r.ok]
    totals = summary.bead_kinds()
    rows.append(["total", counted(len(summary.reports), "doc"), str(sum(r.en_sentences for r in ok)),
                 str(sum(r.id_sentences for r in ok)), str(sum(r.bead_count for r in ok)),
                 *(str(totals[k]) for k in kinds), str(sum(r.low_confidence for r in ok)),
                 f"{sum(r.seconds for r in ok if r.status == 'aligned'):.2f}" if summary.count("aligned") else ""])
    widths = [max(len(row[c]) for row in [head, *rows]) for c in range(len(head))]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(w) if c < 2 else cell.rjust(w)
                         for c, (cell, w) in enumerate(zip(cells, widths))).rstrip()

    out = [line(head), line(["-" * w for w in widths])]
    out += [line(row) for row in rows[:-1]]
    out += [line(["-" * w for w in widths]), line(rows[-1]), ""]
    counts = ", ".join(f"{summary.count(s)} {s}" for s in ("aligned", "unchanged", "failed") if summary.count(s))
    jobs = f"{summary.jobs} job{'s' if summary.jobs != 1 else ''}"
    out.append(f"{counted(len(summary.reports), 'document')}: {counts}; {summary.seconds:.1f} s with {jobs}"
               + (f" (NLP start-up {summary.startup_seconds:.1f} s)" if summary.startup_seconds >= 0.05 else ""))
    out.append(f"low: beads with confidence under {summary.low_confidence:g}")
    outcomes = summary.annotation_outcomes()
    if outcomes:
        # As `align` and `import` say it (alignread.workflows.realign), for the whole corpus.
        out.append(counts_line(outcomes))
        for r in summary.reports:
            out.extend(outcome_lines(r.name, f"{r.name}.yaml", r.annotations))
    return "\n".join(out)
