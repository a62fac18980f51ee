"""`alignread corpus OUTDIR`: a batch's output folder as one corpus of parallel data for
machine translation, filtered, without duplicates, with where each line comes from.

The documents are read in corpus order, one at a time: a document's bead lines come from
the batch's record when the record holds them for the version of the output on disk (so
a large corpus is exported without parsing its YAML), else from the YAML itself (a file
a reader edited since, or one no batch wrote). Each bead goes through the filters in this
order, and the first that refuses it counts it:

1. `kinds`: the bead types to keep (default: every type with text on both sides, so the
   one-sided 1-0 and 0-1 beads are dropped);
2. `min_confidence`: the aligner's confidence; a bead a reader confirmed always passes;
3. `max_ratio`: the longer side's length in characters over the shorter's;
4. exact duplicates: a pair of texts already written (kept on disk, in a temporary
   SQLite table of 16-byte digests, so memory stays flat however large the corpus).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from alignread.core.errors import InputError
from alignread.core.words import counted
from alignread.formats.parallel import CORPUS_FORMATS, BeadLine, CorpusWriter, bead_lines, corpus_files, decode_lines
from alignread.store import pairfile
from alignread.store.batch_record import BatchRecord
from alignread.store.outputs import iter_output_files

# Why a bead was left out, in the order the filters are applied.
DROPS = ("kind", "confidence", "ratio", "duplicate")


@dataclass(frozen=True, slots=True)
class LineFilter:
    """Which beads become lines."""

    kinds: frozenset[str] | None = None  # None: every type with text on both sides
    min_confidence: float = 0.0
    max_ratio: float | None = None
    keep_duplicates: bool = False

    def refuses(self, line: BeadLine) -> str | None:
        """Which filter (of `DROPS`, but duplicates) refuses the line, or None."""
        if self.kinds is None:
            if not line.en or not line.ind:
                return "kind"
        elif line.kind not in self.kinds:
            return "kind"
        if line.confidence < self.min_confidence and not line.confirmed:
            return "confidence"
        if self.max_ratio is not None:
            short, long = sorted((len(line.en), len(line.ind)))
            if long > self.max_ratio * max(short, 1):
                return "ratio"
        return None


@dataclass
class ExportCounts:
    """What an export did: documents and beads read, lines written, beads each filter dropped."""

    documents: int = 0
    beads: int = 0
    written: int = 0
    dropped: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DROPS, 0))
    parsed: int = 0  # documents whose lines were not in the record (their YAML was parsed)


class SeenPairs:
    """The pairs of texts written so far, as digests in a temporary on-disk SQLite table."""

    def __init__(self) -> None:
        self.db = sqlite3.connect("")  # a private temporary database, on disk past its cache
        self.db.execute("CREATE TABLE seen (digest BLOB PRIMARY KEY) WITHOUT ROWID")

    def new(self, lines: list[BeadLine]) -> list[bool]:
        """For each line, whether its pair of texts is new (and now seen)."""
        digests = [hashlib.blake2b(f"{line.en}\t{line.ind}".encode(), digest_size=16).digest() for line in lines]
        known: set[bytes] = set()
        for start in range(0, len(digests), 500):
            chunk = digests[start:start + 500]
            marks = ",".join("?" * len(chunk))
            known.update(row[0] for row in self.db.execute(f"SELECT digest FROM seen WHERE digest IN ({marks})", chunk))
        fresh = []
        for digest in digests:
            if digest in known:
                fresh.append(False)
            else:
                fresh.append(True)
                known.add(digest)
        self.db.executemany("INSERT OR IGNORE INTO seen VALUES (?)",
                            ((d,) for d, f in zip(digests, fresh) if f))
        return fresh

    def close(self) -> None:
        self.db.close()


def document_lines(outdir: str | Path) -> Iterator[tuple[list[BeadLine], bool]]:
    """Each document's bead lines in corpus order, and whether its YAML had to be parsed."""
    record = BatchRecord.read(outdir) if Path(outdir).is_dir() else None
    try:
        for name, file in iter_output_files(outdir):
            cached = record.lines(name) if record is not None else None
            if cached is not None:
                try:
                    st = os.stat(file)
                except OSError:
                    continue  # removed meanwhile
                if cached[0] == (st.st_size, st.st_mtime_ns):
                    yield decode_lines(name, cached[1]), False
                    continue
            yield list(bead_lines(name, pairfile.load(file))), True
    finally:
        if record is not None:
            record.close()


def export_corpus(
    outdir: str | Path,
    fmt: str,
    output: str,
    lines_filter: LineFilter = LineFilter(),
    progress: Callable[[ExportCounts], None] | None = None,
) -> ExportCounts:
    """Write the beads of every document in `outdir` (a batch's output folder, or one YAML
    file) as one corpus in format `fmt` (`moses`, `tmx`, `jsonl`, `tsv`) at `output`;
    `progress` is called after each document. Nothing is written if a document cannot be
    read (`FormatError` names it)."""
    if fmt not in CORPUS_FORMATS:
        raise InputError("--format", f"unknown corpus format {fmt!r} (choose from {', '.join(CORPUS_FORMATS)})")
    if fmt == "moses" and output == "-":
        raise InputError("-o", "moses writes two line-aligned files and their .ids: give a path, e.g. -o corpus")
    counts = ExportCounts()
    seen = None if lines_filter.keep_duplicates else SeenPairs()
    try:
        with CorpusWriter(fmt, output) as writer:
            for lines, parsed in document_lines(outdir):
                counts.documents += 1
                counts.beads += len(lines)
                counts.parsed += parsed
                kept = []
                for line in lines:
                    refused = lines_filter.refuses(line)
                    if refused:
                        counts.dropped[refused] += 1
                    else:
                        kept.append(line)
                if seen is not None and kept:
                    fresh = seen.new(kept)
                    counts.dropped["duplicate"] += fresh.count(False)
                    kept = [line for line, new in zip(kept, fresh) if new]
                writer.write(kept)
                counts.written += len(kept)
                if progress is not None:
                    progress(counts)
    finally:
        if seen is not None:
            seen.close()
    return counts


def _counted(n: int, word: str) -> str:
    """`counted` with thousands separators: `1 document`, `12,345 documents`."""
    return counted(n, word).replace(str(n), f"{n:,}", 1)


def describe_counts(counts: ExportCounts, fmt: str, output: str, lines_filter: LineFilter) -> list[str]:
    """What `alignread corpus` says when done: lines written where, and what each filter dropped."""
    files = [f for f in corpus_files(fmt, output) if f != "-"]
    where = f" to {', '.join(files)}" if files else ""
    lines = [f"{_counted(counts.documents, 'document')}, {_counted(counts.beads, 'bead')}: "
             f"{_counted(counts.written, 'line')} written{where}"]
    kinds = ("keeping " + ",".join(sorted(lines_filter.kinds))) if lines_filter.kinds else "one-sided"
    dropped = [
        f"{counts.dropped['kind']:,} by bead type ({kinds})",
        f"{counts.dropped['confidence']:,} by --min-confidence {lines_filter.min_confidence:g}"
        if lines_filter.min_confidence else "",
        f"{counts.dropped['ratio']:,} by --max-ratio {lines_filter.max_ratio:g}" if lines_filter.max_ratio else "",
        _counted(counts.dropped["duplicate"], "exact duplicate") if not lines_filter.keep_duplicates else "",
    ]
    lines.append("dropped: " + ", ".join(d for d in dropped if d))
    return lines
