"""A document being edited: its undo history, its file, and what is on disk.

The reader works through an `EditSession` and never touches the file itself:

- every change goes through `apply` (or `undo`/`redo`), which makes the new value the
  present one and numbers it with a new *version*;
- `write(pair, version)` saves a version; it may run in a worker thread (the file
  serialises writes and skips a version older than one already written) and returns a
  `SaveOutcome` instead of changing the session, so that only the caller's thread changes
  the session, with `record`;
- a save that finds the file changed on disk (another reader, `alignread batch` realigning
  it) merges: the reader's changes are applied to what the file holds now
  (`alignread.core.merge`) and that is written, over the version read just before; only
  changes that conflict are refused (`ChangedOnDisk`). A refused save, or one that could
  not be written, leaves the work in memory and `problem` says why; `reload`, `save_as`
  and a forced write resolve it;
- a value that came from disk (a reload, a merge) is a *barrier* in the undo history:
  undoing past it would write an older document over a newer one, so `undo` asks first.

No Textual here, so undo, redo and conflicts are tested in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alignread.core.errors import AlignreadError
from alignread.core.history import History
from alignread.core.merge import merge
from alignread.core.model import TextPair
from alignread.store import pairfile
from alignread.store.document_file import ChangedOnDisk, DocumentFile, free_name


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    """What became of one write: `version` is on disk, or `problem` says why not
    (`conflict` when the file changed on disk and the changes could not be merged).

    When the file had changed and the changes merged, `merged` is what was written in
    place of `mine`, the value handed to the write.
    """

    version: int
    problem: str = ""
    conflict: bool = False
    merged: TextPair | None = None
    mine: TextPair | None = None

    @property
    def ok(self) -> bool:
        return not self.problem


# What the caller should do after `record`: nothing; tell the reader of a problem (and ask
# what to do); save the present value (a merge had to be redone over later changes).
NOTHING, ASK, SAVE = "nothing", "ask", "save"


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
        # Values that came from disk: undoing from one of them goes back past an outside change.
        self._barriers: list[TextPair] = []
        self.merges = 0  # how many saves merged with changes made on disk

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

    @property
    def undo_crosses_a_change_on_disk(self) -> bool:
        """Whether undoing now would go back to a value from before the file changed on disk
        (saving it would write an older document over the newer one)."""
        return self.history.can_undo and any(b is self.history.present for b in self._barriers)

    def undo(self, cross: bool = False) -> bool:
        """Go back one value; not past a change on disk unless `cross` (ask first)."""
        if not self.history.can_undo or (self.undo_crosses_a_change_on_disk and not cross):
            return False
        self.history = self.history.undo()
        return True

    def _push_from_disk(self, pair: TextPair) -> None:
        self.history = self.history.push(pair)
        self._barriers = [b for b in self._barriers if any(b is p for p in self.history.past)] + [pair]

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
        """Save `pair` as `version` (any thread). If the file changed on disk, `pair`'s
        changes are merged into what it holds now and that is written; with `force`, `pair`
        is written over whatever is there."""
        try:
            self.document.save(pair, version, force=force)
        except ChangedOnDisk as exc:
            merged = self._merged_with_disk(pair, version)
            if merged is not None:
                return SaveOutcome(version, merged=merged, mine=pair)
            return SaveOutcome(version, str(exc), conflict=True)
        except (AlignreadError, OSError) as exc:
            return SaveOutcome(version, str(exc))
        return SaveOutcome(version)

    def _merged_with_disk(self, pair: TextPair, version: int) -> TextPair | None:
        """`pair` merged with what the file holds now, written over that; None if they conflict."""
        base = self.document.base
        if base is None:
            return None
        try:
            theirs, read = self.document.read_current()
        except (AlignreadError, OSError, UnicodeDecodeError):
            return None
        merged = merge(base, pair, theirs)
        if merged is None:
            return None
        try:
            self.document.save(merged, version, over=read)
        except (AlignreadError, OSError):
            return None  # changed again meanwhile, or not writable: the reader is asked
        return merged

    def record(self, outcome: SaveOutcome) -> str:
        """Take note of a write's outcome (in the thread that owns the session). Returns
        what the caller should do: `NOTHING`, `ASK` (a problem the session did not know of
        yet) or `SAVE` (a merge was redone over changes made meanwhile)."""
        if outcome.merged is not None and outcome.mine is not None:
            self.merges += 1
            if self.pair is outcome.mine:
                self._push_from_disk(outcome.merged)
                self.problem, self.conflict = "", False
                return NOTHING
            # More changes were made while the merge was written: merge them in too.
            again = merge(outcome.mine, self.pair, outcome.merged)
            if again is None:
                self.problem = f"{self.path}: changed on disk while you were editing; your latest change conflicts"
                self.conflict = True
                return ASK
            self._push_from_disk(again)
            return SAVE
        if outcome.ok:
            if outcome.version >= self.version:
                self.problem, self.conflict = "", False
            return NOTHING
        new = outcome.problem != self.problem
        self.problem, self.conflict = outcome.problem, outcome.conflict
        return ASK if new else NOTHING

    def save(self, force: bool = False) -> SaveOutcome:
        """Save the present value now, in this thread (`next_save` + `write` + `record`)."""
        pair, version = self.next_save()
        outcome = self.write(pair, version, force)
        if self.record(outcome) == SAVE:
            return self.save()
        return outcome

    def keep_at_exit(self) -> Path | None:
        """Keep work that is not on disk when the reader goes away without asking (a browser
        tab closed under `alignread serve`, a terminal closed): saved where that needs no
        decision (a save still in flight, a change on disk that merges), else written whole
        to a new file beside the document, `NAME.unsaved.yaml` (never over anything).

        Returns that file, or None when the work is on disk. Raises `AlignreadError` only
        when neither could be written.
        """
        if not self.unsaved:
            return None
        if not self.problem:
            self.save()
            if not self.unsaved:
                return None
        while True:
            path = free_name(self.path, "unsaved")
            try:
                pairfile.save(self.pair, path, expect=None)
                return path
            except ChangedOnDisk:
                continue  # taken meanwhile: the next free name

    def changed_on_disk(self) -> bool:
        """Whether the file is no longer what this session last read or wrote."""
        return self.document.changed_on_disk()

    # ------------------------------------------------------------ resolving a problem

    def reload(self) -> TextPair:
        """Take what the file holds now as the present value; the discarded one stays in
        the undo history. Raises `AlignreadError` if the file cannot be read."""
        fresh = self.document.reload()
        self._push_from_disk(fresh)
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
