"""A document being edited: its undo history, its file, and what is on disk.

The reader works through an `EditSession` and never touches the file itself:

- every change goes through `apply` (or `undo`/`redo`), which makes the new value the
  present one and numbers it with a new *version*;
- `write(pair, version)` saves a version; it may run in a worker thread (the file
  serialises writes and skips a version older than one already written) and returns a
  `SaveOutcome` instead of changing the session, so that only the caller's thread changes
  the session, with `record`;
- a save refused because the file changed on disk (`ChangedOnDisk`) or could not be
  written leaves the work in memory and `problem` says why; `reload`, `save_as` and a
  forced write resolve it.

No Textual here, so undo, redo and conflicts are tested in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alignread.core.errors import AlignreadError
from alignread.core.history import History
from alignread.core.model import TextPair
from alignread.store.document_file import ChangedOnDisk, DocumentFile


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    """What became of one write: `version` is on disk, or `problem` says why not
    (`conflict` when the file changed on disk since it was read or written)."""

    version: int
    problem: str = ""
    conflict: bool = False

    @property
    def ok(self) -> bool:
        return not self.problem


class EditSession:
    """The undo history of one document, the file it is saved to, and its save state."""

    def __init__(self, document: DocumentFile, pair: TextPair, limit: int = 500) -> None:
        self.document = document
        self.history = History(pair, limit=limit)
        # Numbers the values saved; the file holds `document.saved_version` (what was
        # loaded counts as saved).
        self.version = document.saved_version
        self.problem = ""
        self.conflict = False

    @property
    def pair(self) -> TextPair:
        return self.history.present

    @property
    def path(self) -> Path:
        return self.document.path

    @property
    def unsaved(self) -> bool:
        """True while the present value (or a newer one) is not known to be on disk."""
        return self.version > self.document.saved_version

    @property
    def state(self) -> str:
        """`saved`, `saving…` or `not saved`, for a status line."""
        if self.problem:
            return "not saved"
        return "saving…" if self.unsaved else "saved"

    # ------------------------------------------------------------ changing

    def apply(self, pair: TextPair) -> bool:
        """Make `pair` the present value (undoable); False when it is the present already."""
        if pair is self.pair:
            return False
        self.history = self.history.push(pair)
        return True

    def undo(self) -> bool:
        if not self.history.can_undo:
            return False
        self.history = self.history.undo()
        return True

    def redo(self) -> bool:
        if not self.history.can_redo:
            return False
        self.history = self.history.redo()
        return True

    # ------------------------------------------------------------ saving

    def next_save(self) -> tuple[TextPair, int]:
        """The present value and a new version number for it, to hand to `write`."""
        self.version += 1
        return self.pair, self.version

    def write(self, pair: TextPair, version: int, force: bool = False) -> SaveOutcome:
        """Save `pair` as `version` (any thread). With `force`, over outside changes."""
        try:
            self.document.save(pair, version, force=force)
        except ChangedOnDisk as exc:
            return SaveOutcome(version, str(exc), conflict=True)
        except (AlignreadError, OSError) as exc:
            return SaveOutcome(version, str(exc))
        return SaveOutcome(version)

    def record(self, outcome: SaveOutcome) -> bool:
        """Take note of a write's outcome (in the thread that owns the session); True when
        it reports a problem the session did not know of yet."""
        if outcome.ok:
            if outcome.version >= self.version:
                self.problem, self.conflict = "", False
            return False
        new = outcome.problem != self.problem
        self.problem, self.conflict = outcome.problem, outcome.conflict
        return new

    def save(self, force: bool = False) -> SaveOutcome:
        """Save the present value now, in this thread (`next_save` + `write` + `record`)."""
        pair, version = self.next_save()
        outcome = self.write(pair, version, force)
        self.record(outcome)
        return outcome

    # ------------------------------------------------------------ resolving a problem

    def reload(self) -> TextPair:
        """Take what the file holds now as the present value; the discarded one stays in
        the undo history. Raises `AlignreadError` if the file cannot be read."""
        fresh = self.document.reload()
        self.history = self.history.push(fresh)
        # What is shown is what the file holds: no older save still in flight may land.
        self.document.mark_saved(self.version)
        self.problem, self.conflict = "", False
        return fresh

    def move_to(self, path: str | Path) -> None:
        """Save to `path` from now on ("save as"); the next save writes it whole."""
        self.document.move_to(path)
        self.problem, self.conflict = "", False

    def clear_problem(self) -> None:
        self.problem, self.conflict = "", False
