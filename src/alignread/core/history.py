"""Undo and redo over document values.

Edits (`alignread.core.annotate`, `alignread.core.correct`) return new frozen values, so
undoing is going back to an earlier value.
"""

from __future__ import annotations

from dataclasses import dataclass

from alignread.core.model import TextPair


@dataclass(frozen=True, slots=True)
class History:
    """Undo and redo over document values: the past, the present and the undone future.

    `limit` bounds how many past values are kept; values share their texts and beads, so
    each step costs little more than its annotations.
    """

    present: TextPair
    past: tuple[TextPair, ...] = ()
    future: tuple[TextPair, ...] = ()
    limit: int = 500

    def push(self, pair: TextPair) -> History:
        """Make `pair` the present; the old present can be undone to, and redo is cleared."""
        if pair is self.present:  # edits return their input unchanged when nothing changed
            return self
        past = (self.past + (self.present,))[-self.limit :]
        return History(pair, past, (), self.limit)

    @property
    def can_undo(self) -> bool:
        return bool(self.past)

    @property
    def can_redo(self) -> bool:
        return bool(self.future)

    def undo(self) -> History:
        if not self.past:
            return self
        return History(self.past[-1], self.past[:-1], (self.present,) + self.future, self.limit)

    def redo(self) -> History:
        if not self.future:
            return self
        return History(self.future[0], self.past + (self.present,), self.future[1:], self.limit)
