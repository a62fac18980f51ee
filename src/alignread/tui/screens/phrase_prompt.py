"""Typing a phrase to tag, instead of selecting it word by word."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class PhrasePrompt(ModalScreen[str | None]):
    """Ask for a phrase of the current bead (English or Indonesian)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, bead: int) -> None:
        super().__init__()
        self.bead = bead

    def compose(self) -> ComposeResult:
        with Vertical(id="phrase-prompt", classes="dialog"):
            yield Static(f"Tag a phrase of bead {self.bead + 1}", classes="dialog-title")
            yield Input(placeholder="Type the phrase as it is written, in either language", id="phrase")
            yield Static("[dim]enter finds it and opens the concept picker · escape cancels[/]", classes="dialog-hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
