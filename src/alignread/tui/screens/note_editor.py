"""The note editor: a multi-line note on a bead, in Markdown."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea


class NoteEditor(ModalScreen[str | None]):
    """Edit a note; escape or ctrl+s keeps it (nothing typed is ever thrown away).

    Dismisses with the note's text (empty removes the note), or None when unchanged.
    """

    BINDINGS = [
        # Priority: the text area would otherwise take escape for itself.
        Binding("escape", "keep", "Keep note and close", priority=True),
        Binding("ctrl+s", "keep", "Keep note and close", show=False, priority=True),
    ]

    def __init__(self, note: str, bead: int, en: str, ind: str) -> None:
        super().__init__()
        self.note = note
        self.bead = bead
        self.en = en
        self.ind = ind

    def compose(self) -> ComposeResult:
        with Vertical(id="note-editor", classes="dialog"):
            yield Static(f"Note on bead {self.bead + 1}", classes="dialog-title")
            yield Static(self.en or "—", classes="note-context", markup=False)
            yield Static(self.ind or "—", classes="note-context note-context-id", markup=False)
            yield TextArea(self.note, id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Static("[dim]Markdown · escape keeps the note and closes · u in the reader undoes[/]",
                         classes="dialog-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_keep(self) -> None:
        text = self.query_one(TextArea).text
        self.dismiss(None if text == self.note else text)
