"""What a batch run tells its caller as it goes: events, and the report of each document.

`run_batch` is a generator of these events (`Preparing`, `Started`, `DocumentStarted`,
`DocumentDone`, `Finished`); the CLI's progress display consumes them, and so could the
reader or a notebook.
"""

from __future__ import annotations

from dataclasses import dataclass

from alignread.core.model import LOW_CONFIDENCE
from alignread.core.reattach import Reattachment

BEAD_ORDER = ("1-1", "1-2", "2-1", "2-2", "1-3", "3-1", "1-0", "0-1")


def bead_sort_key(kind: str) -> tuple[int, str]:
    return (BEAD_ORDER.index(kind) if kind in BEAD_ORDER else len(BEAD_ORDER), kind)


@dataclass(frozen=True, slots=True)
class DocumentReport:
    """What happened to one document.

    `status` is `aligned` (aligned now), `unchanged` (its output was up to date; missing
    exports may have been written) or `failed` (see `reason`).
    """

    name: str
    status: str
    reason: str = ""
    en_sentences: int = 0
    id_sentences: int = 0
    beads: tuple[tuple[str, int], ...] = ()
    low_confidence: int = 0
    annotations: tuple[Reattachment, ...] = ()
    seconds: float = 0.0
    startup_seconds: float = 0.0  # building the NLP pipeline, in the process's first document
    outputs: tuple[str, ...] = ()
    inputs: tuple[tuple[str, str], ...] = ()
    settings: str = ""
    output_stat: tuple[int, int] | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("aligned", "unchanged")

    @property
    def bead_count(self) -> int:
        return sum(n for _, n in self.beads)


@dataclass(frozen=True, slots=True)
class Preparing:
    """Something slow happens before the documents start (loading the NLP pipeline)."""

    message: str


@dataclass(frozen=True, slots=True)
class Started:
    total: int  # documents found
    to_process: int  # documents sent to the aligner (the others were decided up front)
    jobs: int  # worker processes (1: in this process)
    startup_seconds: float = 0.0  # loading the NLP pipeline before the pool started


@dataclass(frozen=True, slots=True)
class DocumentStarted:
    name: str


@dataclass(frozen=True, slots=True)
class DocumentDone:
    report: DocumentReport
    done: int
    total: int


@dataclass(frozen=True, slots=True)
class Summary:
    """Every document's report, in corpus order, and the run's figures."""

    reports: tuple[DocumentReport, ...]
    seconds: float
    jobs: int
    startup_seconds: float = 0.0
    low_confidence: float = LOW_CONFIDENCE

    def count(self, status: str) -> int:
        return sum(1 for r in self.reports if r.status == status)

    @property
    def failed(self) -> tuple[DocumentReport, ...]:
        return tuple(r for r in self.reports if r.status == "failed")

    def bead_kinds(self) -> dict[str, int]:
        kinds: dict[str, int] = {}
        for r in self.reports:
            for kind, n in r.beads:
                kinds[kind] = kinds.get(kind, 0) + n
        return kinds

    def annotation_outcomes(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.reports:
            for a in r.annotations:
                out[a.outcome] = out.get(a.outcome, 0) + 1
        return out


@dataclass(frozen=True, slots=True)
class Finished:
    summary: Summary


Event = Preparing | Started | DocumentStarted | DocumentDone | Finished
