"""The batch cache in an output folder, `OUTDIR/.alignread-batch.json`.

The outputs are the record; the state only caches what each output records (with its size
and modification time), so that an unchanged corpus is checked without parsing every
YAML. A run that is interrupted leaves whole files (every write is atomic) and a state
that is at most a few seconds old; the next run picks up where it stopped.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from alignread import __version__
from alignread.store.atomic import atomic_write_text
from alignread.store.outputs import BATCH_STATE, BATCH_STATE_VERSION
from alignread.workflows.batch.document import Task, file_stat, output_path
from alignread.workflows.batch.events import DocumentReport, bead_sort_key

STATE = BATCH_STATE
STATE_VERSION = BATCH_STATE_VERSION
# The state file is rewritten at most this often while documents complete (and always
# at the end), so a large corpus does not spend its time fsyncing the state.
STATE_EVERY = 2.0


class BatchState:
    """The cache in `OUTDIR/.alignread-batch.json`: what each output recorded when written."""

    def __init__(self, outdir: Path) -> None:
        self.path = outdir / STATE
        self.documents: dict[str, dict[str, Any]] = {}
        self.order: list[str] = []
        self.dirty = False
        self.saved_at = 0.0

    @classmethod
    def load(cls, outdir: Path) -> BatchState:
        state = cls(outdir)
        try:
            data = json.loads(state.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return state  # no state, or a damaged one: the outputs themselves are checked
        if (isinstance(data, dict) and data.get("schema_version") == STATE_VERSION
                and isinstance(data.get("documents"), dict)):
            state.documents = {k: v for k, v in data["documents"].items() if isinstance(v, dict)}
            order = data.get("order")
            state.order = [n for n in order if isinstance(n, str)] if isinstance(order, list) else []
        return state

    def record(self, report: DocumentReport) -> None:
        if report.ok:
            self.documents[report.name] = {
                "status": "ok",
                "inputs": dict(report.inputs),
                "settings": report.settings,
                "yaml": list(report.output_stat) if report.output_stat else None,
                "en_sentences": report.en_sentences,
                "id_sentences": report.id_sentences,
                "beads": dict(report.beads),
                "low_confidence": report.low_confidence,
            }
        else:
            self.documents[report.name] = {"status": "failed", "reason": report.reason}
        self.dirty = True

    def cached(self, task: Task, inputs: tuple[tuple[str, str], ...]) -> DocumentReport | None:
        """The document's report if its output is known to be up to date, without parsing it."""
        entry = self.documents.get(task.doc.name)
        if not entry or entry.get("status") != "ok" or task.options.force:
            return None
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

    def save(self, now: float | None = None) -> None:
        data = {
            "schema_version": STATE_VERSION,
            "generator": f"alignread {__version__}",
            "order": self.order,
            "documents": self.documents,
        }
        atomic_write_text(self.path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        self.dirty = False
        self.saved_at = time.monotonic() if now is None else now

    def save_if_due(self) -> None:
        if self.dirty and time.monotonic() - self.saved_at >= STATE_EVERY:
            self.save()
