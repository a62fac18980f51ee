"""What a batch run tells its caller as it goes: events, and the report of each document.

`run_batch` is a generator of these events (`Preparing`, `Started`, `DocumentStarted`,
`DocumentDone`, `Finished`); the CLI's progress display consumes them, and so could the
reader or a notebook.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

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
    # The output's beads as lines of parallel data (formats.parallel.encode_lines), kept in
    # the run's record for `alignread corpus`; empty when the run did not read the output.
    lines: bytes = field(default=b"", repr=False)

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
    jobs: int  # worker processes (1: in this process), or the cluster's worker threads
    startup_seconds: float = 0.0  # loading the NLP pipeline before the pool started
    where: str = ""  # the cluster the documents go to, if not this machine


@dataclass(frozen=True, slots=True)
class DocumentStarted:
    name: str


@dataclass(frozen=True, slots=True)
class DocumentDone:
    report: DocumentReport
    done: int
    total: int


@dataclass(slots=True)
class Totals:
    """The figures of a run, added up a report at a time (so that no report need be kept)."""

    documents: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    beads: dict[str, int] = field(default_factory=dict)
    en_sentences: int = 0
    id_sentences: int = 0
    bead_count: int = 0
    low_confidence: int = 0
    aligned_seconds: float = 0.0
    outcomes: dict[str, int] = field(default_factory=dict)
    longest_name: int = 0
    worker_startup_seconds: float = 0.0  # the longest start-up a worker reported

    def add(self, r: DocumentReport) -> None:
        self.documents += 1
        self.statuses[r.status] = self.statuses.get(r.status, 0) + 1
        self.longest_name = max(self.longest_name, len(r.name))
        self.worker_startup_seconds = max(self.worker_startup_seconds, r.startup_seconds)
        for a in r.annotations:
            self.outcomes[a.outcome] = self.outcomes.get(a.outcome, 0) + 1
        if not r.ok:
            return
        for kind, n in r.beads:
            self.beads[kind] = self.beads.get(kind, 0) + n
        self.en_sentences += r.en_sentences
        self.id_sentences += r.id_sentences
        self.bead_count += r.bead_count
        self.low_confidence += r.low_confidence
        if r.status == "aligned":
            self.aligned_seconds += r.seconds


def totals_of(reports: Iterable[DocumentReport]) -> Totals:
    totals = Totals()
    for r in reports:
        totals.add(r)
    return totals


@dataclass(frozen=True, slots=True)
class Summary:
    """What a run did: its figures, and every document's report in corpus order.

    `source` is the reports themselves, or (for a run of any size) a function that reads
    them back, in corpus order, from where the run recorded them (`iter_reports`), so
    that a summary of a million documents does not hold a million reports.
    """

    source: tuple[DocumentReport, ...] | Callable[[], Iterator[DocumentReport]]
    seconds: float
    jobs: int
    startup_seconds: float = 0.0
    low_confidence: float = LOW_CONFIDENCE
    totals: Totals = field(default_factory=Totals)
    where: str = ""  # the cluster the documents were aligned on, if not this machine

    def __post_init__(self) -> None:
        if isinstance(self.source, tuple) and not self.totals.documents:
            object.__setattr__(self, "totals", totals_of(self.source))

    def iter_reports(self) -> Iterator[DocumentReport]:
        return iter(self.source) if isinstance(self.source, tuple) else self.source()

    @property
    def reports(self) -> tuple[DocumentReport, ...]:
        return self.source if isinstance(self.source, tuple) else tuple(self.source())

    @property
    def documents(self) -> int:
        return self.totals.documents

    def count(self, status: str) -> int:
        return self.totals.statuses.get(status, 0)

    @property
    def failed(self) -> tuple[DocumentReport, ...]:
        if not self.count("failed"):
            return ()
        return tuple(r for r in self.iter_reports() if r.status == "failed")

    def bead_kinds(self) -> dict[str, int]:
        return dict(self.totals.beads)

    def annotation_outcomes(self) -> dict[str, int]:
        return dict(self.totals.outcomes)


def report_data(r: DocumentReport) -> dict[str, Any]:
    """A report as plain data (JSON), for the run's record; `report_from_data` reads it."""
    data: dict[str, Any] = {"name": r.name, "status": r.status}
    if r.reason:
        data["reason"] = r.reason
    if r.ok:
        data.update(en=r.en_sentences, id=r.id_sentences, beads=[list(b) for b in r.beads], low=r.low_confidence)
    if r.annotations:
        data["annotations"] = [[a.id, a.outcome, a.detail] for a in r.annotations]
    if r.seconds:
        data["seconds"] = round(r.seconds, 6)
    if r.startup_seconds:
        data["startup"] = round(r.startup_seconds, 6)
    if r.outputs:
        data["outputs"] = list(r.outputs)
    if r.settings:
        data["settings"] = r.settings
    if r.inputs:
        data["inputs"] = [list(i) for i in r.inputs]
    if r.output_stat:
        data["output_stat"] = list(r.output_stat)
    return data


def report_from_data(d: dict[str, Any]) -> DocumentReport:
    return DocumentReport(
        d["name"], d["status"], d.get("reason", ""), en_sentences=d.get("en", 0), id_sentences=d.get("id", 0),
        beads=tuple((str(k), int(n)) for k, n in d.get("beads", ())), low_confidence=d.get("low", 0),
        annotations=tuple(Reattachment(*a) for a in d.get("annotations", ())), seconds=d.get("seconds", 0.0),
        startup_seconds=d.get("startup", 0.0), outputs=tuple(d.get("outputs", ())), settings=d.get("settings", ""),
        inputs=tuple((str(k), str(v)) for k, v in d.get("inputs", ())),
        output_stat=(int(d["output_stat"][0]), int(d["output_stat"][1])) if d.get("output_stat") else None,
    )


@dataclass(frozen=True, slots=True)
class Finished:
    summary: Summary


Event = Preparing | Started | DocumentStarted | DocumentDone | Finished
