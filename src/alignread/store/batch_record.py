"""The record a batch run keeps in its output folder: `OUTDIR/.alignread-batch.sqlite`.

The outputs are the record of what was aligned; this file only remembers, so that a run
over a large corpus needs neither to parse every output nor to hold the corpus in memory:

- `corpus`: the documents of the last run, in corpus order (what `alignread notes` and
  `alignread corpus` list documents by), and which of them the run still had to align;
- `outputs`: what each output recorded when it was written (its inputs' digests, the
  settings digest, its size and modification time, its sentence and bead counts), so that
  an unchanged document is recognised without reading its YAML;
- `reports`: what the last run did with each document, for its summary table;
- `lines`: each output's beads as lines of parallel data, compressed, with the size and
  modification time of the output they were taken from, so that `alignread corpus`
  exports a large corpus without parsing every YAML (an output changed since is parsed).

SQLite, because these are written a document at a time and read in order, by a process
whose memory must stay flat however many documents there are; a run that is killed leaves
the file as of its last commit (a few seconds old), and the outputs themselves say the rest.
One run writes it at a time (`alignread.workflows.batch.lock`); readers open it read-only.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from alignread import __version__

RECORD = ".alignread-batch.sqlite"
RECORD_VERSION = 2  # version 1 was `.alignread-batch.json`, which held everything in one object
# SQLite's page cache of a run's record, in KiB, for the file and for the temporary table
# the run's order is sorted into. SQLite's default (2 MiB each) fills as the record grows,
# so it was memory growing with the corpus up to a hundred thousand documents or so; the
# record is read and written in order, a document at a time, and the operating system
# caches the file anyway.
CACHE_KIB = 256
OLD_STATE = ".alignread-batch.json"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS corpus (
    position INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    document TEXT NOT NULL,  -- JSON: store.corpus.document_data
    todo INTEGER NOT NULL DEFAULT 0,  -- 1: this run still has it to align (or to check)
    size INTEGER NOT NULL DEFAULT 0  -- bytes of its inputs: the largest are handed out first
);
CREATE TABLE IF NOT EXISTS outputs (name TEXT PRIMARY KEY, entry TEXT NOT NULL);  -- JSON
CREATE TABLE IF NOT EXISTS reports (position INTEGER PRIMARY KEY, report TEXT NOT NULL);  -- JSON
CREATE TABLE IF NOT EXISTS lines (  -- an output's beads as lines (formats.parallel.encode_lines)
    name TEXT PRIMARY KEY,
    yaml_size INTEGER NOT NULL,  -- of the output they were taken from: valid while it is unchanged
    yaml_mtime INTEGER NOT NULL,
    data BLOB NOT NULL
);
"""


class NameListedTwice(Exception):
    """A document name the run's listing already holds."""


class BatchRecord:
    """`OUTDIR/.alignread-batch.sqlite`, open for a run (`open`) or for reading (`read`)."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.db = connection

    @classmethod
    def open(cls, outdir: Path) -> BatchRecord:
        """Open (or create) the record of `outdir` for a run; a damaged or foreign one is
        started afresh (it is only a cache)."""
        path = outdir / RECORD
        for attempt in range(2):
            db = sqlite3.connect(path, timeout=30, isolation_level="DEFERRED")
            try:
                for schema in ("main", "temp"):
                    db.execute(f"PRAGMA {schema}.cache_size = -{CACHE_KIB}")
                db.executescript(_SCHEMA)
                version = db.execute("SELECT value FROM info WHERE key = 'schema_version'").fetchone()
                if version is None:
                    db.execute("INSERT INTO info VALUES ('schema_version', ?)", (str(RECORD_VERSION),))
                elif version[0] != str(RECORD_VERSION):
                    raise sqlite3.DatabaseError(f"schema version {version[0]}")
                db.execute("INSERT OR REPLACE INTO info VALUES ('generator', ?)", (f"alignread {__version__}",))
                db.commit()
            except sqlite3.DatabaseError:
                db.close()
                if attempt:
                    raise
                for stale in (path, path.with_name(path.name + "-journal")):
                    stale.unlink(missing_ok=True)
                continue
            # The cache of the version that kept everything in one JSON object is stale now.
            (outdir / OLD_STATE).unlink(missing_ok=True)
            return cls(path, db)
        raise AssertionError("unreachable")

    @classmethod
    def read(cls, outdir: str | Path) -> BatchRecord | None:
        """The record of `outdir` opened read-only, or None if there is none (or it is unreadable)."""
        path = Path(outdir) / RECORD
        if not path.is_file():
            return None
        try:
            db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
            version = db.execute("SELECT value FROM info WHERE key = 'schema_version'").fetchone()
        except sqlite3.Error:
            return None
        if version is None or version[0] != str(RECORD_VERSION):
            db.close()
            return None
        return cls(path, db)

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.commit()
        self.db.close()

    def commit(self) -> None:
        self.db.commit()

    # ------------------------------------------------------------ the corpus of the run

    def start_listing(self) -> None:
        """Forget the last run's listing and reports: a new run lists its corpus."""
        self.db.execute("DELETE FROM corpus")
        self.db.execute("DELETE FROM reports")

    def list_document(self, position: int, name: str, document: dict[str, Any], todo: bool, size: int) -> None:
        """Add a document to the run's listing; `NameListedTwice` if the name is there."""
        try:
            self.db.execute("INSERT INTO corpus VALUES (?, ?, ?, ?, ?)",
                            (position, name, json.dumps(document, ensure_ascii=False), int(todo), size))
        except sqlite3.IntegrityError:
            raise NameListedTwice(name) from None

    def to_align(self, largest_first: bool = True) -> Iterator[tuple[int, dict[str, Any], int]]:
        """(position, document, bytes of its inputs) of the documents the run has to align,
        the largest first.

        Read a slice at a time, each in a statement of its own, so that the run's writes
        between slices do not disturb the reading. The order by size is made once, into a
        temporary table (SQLite sorts on disk past its cache), not at every slice."""
        if largest_first:
            self.db.execute("DROP TABLE IF EXISTS temp.queue")
            self.db.execute("CREATE TEMP TABLE queue (seq INTEGER PRIMARY KEY, position INTEGER NOT NULL)")
            self.db.execute("INSERT INTO temp.queue (position) SELECT position FROM corpus WHERE todo = 1 "
                            "ORDER BY size DESC, position")
            query = ("SELECT q.seq, c.position, c.document, c.size FROM temp.queue AS q JOIN corpus AS c "
                     "ON c.position = q.position WHERE q.seq > ? ORDER BY q.seq LIMIT 500")
        else:
            query = ("SELECT position, position, document, size FROM corpus WHERE todo = 1 AND position > ? "
                     "ORDER BY position LIMIT 500")
        last = -1
        while True:
            rows = self.db.execute(query, (last,)).fetchall()
            if not rows:
                return
            for _key, position, document, size in rows:
                yield position, json.loads(document), size
            last = rows[-1][0]

    def order(self) -> Iterator[str]:
        """The names of the last run's documents, in corpus order.

        Read a slice at a time, each in a statement of its own, so that a reader going
        slowly through a large corpus never holds a run's writes back for long."""
        last = -1
        while True:
            rows = self.db.execute("SELECT position, name FROM corpus WHERE position > ? ORDER BY position "
                                   "LIMIT 1000", (last,)).fetchall()
            if not rows:
                return
            for _position, name in rows:
                yield name
            last = rows[-1][0]

    def listed_with_reports(self) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
        """(document, its report in the last run or None) of every document listed, in corpus order."""
        last = -1
        while True:
            rows = self.db.execute("SELECT c.position, c.document, r.report FROM corpus AS c LEFT JOIN reports AS r "
                                   "ON r.position = c.position WHERE c.position > ? ORDER BY c.position LIMIT 500",
                                   (last,)).fetchall()
            if not rows:
                return
            for _position, document, report in rows:
                yield json.loads(document), json.loads(report) if report else None
            last = rows[-1][0]

    def listed(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM corpus").fetchone()[0])

    # ------------------------------------------------------------ what each output recorded

    def output(self, name: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT entry FROM outputs WHERE name = ?", (name,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_output(self, name: str, entry: dict[str, Any] | None) -> None:
        if entry is None:
            self.db.execute("DELETE FROM outputs WHERE name = ?", (name,))
            self.db.execute("DELETE FROM lines WHERE name = ?", (name,))
        else:
            self.db.execute("INSERT OR REPLACE INTO outputs VALUES (?, ?)",
                            (name, json.dumps(entry, ensure_ascii=False, sort_keys=True)))

    def set_lines(self, name: str, stat: tuple[int, int], data: bytes) -> None:
        """Keep an output's bead lines, taken from the version of size and mtime `stat`."""
        self.db.execute("INSERT OR REPLACE INTO lines VALUES (?, ?, ?, ?)", (name, stat[0], stat[1], data))

    def lines(self, name: str) -> tuple[tuple[int, int], bytes] | None:
        """An output's bead lines and the (size, mtime) of the version they were taken from."""
        try:
            row = self.db.execute("SELECT yaml_size, yaml_mtime, data FROM lines WHERE name = ?", (name,)).fetchone()
        except sqlite3.Error:  # busy past the timeout, or a record without the table: parse the YAML
            return None
        return ((row[0], row[1]), row[2]) if row else None

    def has_document(self, name: str) -> bool:
        return self.db.execute("SELECT 1 FROM corpus WHERE name = ?", (name,)).fetchone() is not None

    # ------------------------------------------------------------ the run's reports

    def add_report(self, position: int, report: dict[str, Any]) -> None:
        self.db.execute("INSERT OR REPLACE INTO reports VALUES (?, ?)",
                        (position, json.dumps(report, ensure_ascii=False)))

    def reports(self, status: str | None = None) -> Iterator[dict[str, Any]]:
        """The last run's reports in corpus order (only those of `status`, if given)."""
        for (text,) in self.db.execute("SELECT report FROM reports ORDER BY position"):
            report = json.loads(text)
            if status is None or report.get("status") == status:
                yield report
