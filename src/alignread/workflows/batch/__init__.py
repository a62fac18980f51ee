"""Batch alignment of a corpus folder: one annotated YAML (and exports) per document.

`run_batch(corpus, outdir, options, jobs, cluster)` yields events
(`alignread.workflows.batch.events`) and ends with `Finished(summary)`; `run_to_end`
returns the summary only. `cluster` (a Dask scheduler's address, or `local:N`) needs the
`cluster` extra; call it from under `if __name__ == "__main__":` in a script, since a
local cluster starts its worker processes by spawning.
"""

from alignread.workflows.batch.document import BatchOptions, Task, process
from alignread.workflows.batch.events import (
    BEAD_ORDER,
    DocumentDone,
    DocumentReport,
    DocumentStarted,
    Event,
    Finished,
    Preparing,
    Started,
    Summary,
    bead_sort_key,
)
from alignread.workflows.batch.lock import LOCK, OutputLock
from alignread.workflows.batch.pool import default_jobs
from alignread.workflows.batch.run import run_batch, run_to_end
from alignread.workflows.batch.state import STATE, BatchState

__all__ = [
    "BEAD_ORDER", "LOCK", "STATE", "BatchOptions", "BatchState", "DocumentDone", "DocumentReport",
    "DocumentStarted", "Event", "Finished", "OutputLock", "Preparing", "Started", "Summary", "Task",
    "bead_sort_key", "default_jobs", "process", "run_batch", "run_to_end",
]
