"""Messages that workers post back to the screens that started them.

Widgets' own messages live in their classes (`BeadTable.CursorMoved`); these carry the
results of work done in threads, which must never touch widgets themselves.
"""

from __future__ import annotations

from textual.message import Message

from alignread.core.model import TextPair
from alignread.store.document_file import DocumentFile
from alignread.workflows.session import SaveOutcome


class SaveDone(Message):
    """A save worker finished: `outcome` says which version is on disk, or why it is not."""

    def __init__(self, outcome: SaveOutcome) -> None:
        self.outcome = outcome
        super().__init__()


class Progress(Message):
    """A step of a long job (segmenting, aligning), for a progress line."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__()


class Opened(Message):
    """A document was loaded (or built and saved) and is ready to read."""

    def __init__(self, document: DocumentFile, pair: TextPair) -> None:
        self.document = document
        self.pair = pair
        super().__init__()


class OpenFailed(Message):
    def __init__(self, problem: str, error: Exception | None = None) -> None:
        self.problem = problem
        self.error = error  # the exception itself, for `read` to report as every command does
        super().__init__()
