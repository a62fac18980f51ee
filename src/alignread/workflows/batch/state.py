"""What a batch run remembers in its output folder (`OUTDIR/.alignread-batch.sqlite`,
`alignread.store.batch_record`): the cache of what each output records, the corpus
listing, and the run's reports.

The outputs are the record; the cache only says what each output records (with its size
and modification time), so that an unchanged corpus is checked without parsing every
YAML. A run that is interrupted leaves whole files (every write is atomic) and a record
at most a few seconds old; the next run picks up where it stopped.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from alignread.store.batch_record import RECORD, BatchRecord
from alignread.workflows.batch.document import Task, file_stat, output_path
from alignread.workflows.batch.events import (
    DocumentReport,
    Totals,
    bead_sort_key,
    report_data,
    report_from_data,
)

STATE = RECORD
# The record is committed at most this often while documents complete (and always at
# the end), so a large corpus does not spend its time syncing it.
STATE_EVERY = 2.0


class BatchState:
    """The record of a run, open for writing: what each output recorded when written, and
    what this run did with each document (with its figures, added up as it goes)."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        self.path = outdir / STATE
        self.record = BatchRecord.open(outdir)
        self.totals = Totals()
        self.dirty = False
        self.saved_at = time.monotonic()

    @classmethod
    def load(cls, outdir: Path) -> BatchState:
        return cls(outdir)

    def report(self, position: int, report: DocumentReport) -> None:
        """Record what the run did with the document at `position` of the corpus."""
        if report.ok:
            self.record.set_output(report.name, {
                "inputs": dict(report.inputs),
                "settings": report.settings,
                "yaml": list(report.output_stat) if report.output_stat else None,
                "en_sentences": report.en_sentences,
                "id_sentences": report.id_sentences,
                "beads": dict(report.beads),
                "low_confidence": report.low_confidence,
            })
            if report.lines and report.output_stat:
                self.record.set_lines(report.name, report.output_stat, report.lines)
        else:
            self.record.set_output(report.name, None)
        self.record.add_report(position, report_data(report))
        self.totals.add(report)
        self.dirty = True

    def cached(self, task: Task, inputs: tuple[tuple[str, str], ...]) -> DocumentReport | None:
        """The document's report if its output is known to be up to date, without parsing it."""
        if task.options.force:
            return None
        entry = self.record.output(task.doc.name)
        return up_to_date_report(entry, task, inputs) if entry else None

    def has_entry(self, name: str) -> bool:
        return self.record.output(name) is not None

    def save(self) -> None:
        self.record.commit()
        self.dirty = False
        self.saved_at = time.monotonic()

    def save_if_due(self) -> None:
        if self.dirty and time.monotonic() - self.saved_at >= STATE_EVERY:
            self.save()

    def close(self) -> None:
        self.record.close()


def up_to_date_report(entry: dict[str, Any], task: Task, inputs: tuple[tuple[str, str], ...]) -> DocumentReport | None:
    """The report of a document whose recorded output `entry` is up to date, else None."""
    if entry.get("inputs") != dict(inputs) or entry.get("settings") != task.settings:
        return None
    out = output_path(task.outdir, task.doc.name)
    try:
        stat = file_stat(out)
    except OSError:
        return None
    if list(stat) != entry.get("yaml"):
        return None  # edited since (in the reader, say): the worker reads it
    for fmt in task.options.formats:
        if fmt != "yaml":
            path = output_path(task.outdir, task.doc.name, fmt)
            if not path.exists() or path.stat().st_mtime_ns < stat[1]:
                return None
    beads = entry.get("beads") or {}
    return DocumentReport(
        task.doc.name, "unchanged", inputs=inputs, settings=task.settings, output_stat=stat,
        en_sentences=int(entry.get("en_sentences", 0)), id_sentences=int(entry.get("id_sentences", 0)),
        beads=tuple(sorted(((str(k), int(v)) for k, v in beads.items()), key=lambda kv: bead_sort_key(kv[0]))),
        low_confidence=int(entry.get("low_confidence", 0)),
    )


def recorded_reports(outdir: Path, status: str | None = None) -> Iterator[DocumentReport]:
    """The last run's reports, in corpus order, read back from its record."""
    record = BatchRecord.read(outdir)
    if record is None:
        return
    try:
        for data in record.reports(status):
            yield report_from_data(data)
    finally:
        record.close()
