"""Defining a new concept: labels in both languages, and a description."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from alignread.core.annotate import slug
from alignread.core.model import Concept


class NewConceptDialog(ModalScreen[Concept | None]):
    """Labels in English and Indonesian (one is enough) and an optional description."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "create", "Create"),
    ]

    def __init__(self, label: str = "", taken: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.label = label
        self.taken = taken

    def compose(self) -> ComposeResult:
        with Vertical(id="new-concept", classes="dialog"):
            yield Static("New concept", classes="dialog-title")
            yield Label("English label")
            yield Input(self.label, id="label-en")
            yield Label("Indonesian label")
            yield Input(id="label-id")
            yield Label("Description (optional)")
            yield Input(id="description-en")
            yield Static("[dim]enter moves on and creates · escape cancels[/]", classes="dialog-hint")

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        if event.input.id == "description-en":
            self.action_create()
        else:
            self.focus_next()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_create(self) -> None:
        en = self.query_one("#label-en", Input).value.strip()
        ind = self.query_one("#label-id", Input).value.strip()
        if not (en or ind):
            self.notify("Give the concept a label in English or Indonesian", severity="warning")
            self.query_one("#label-en", Input).focus()
            return
        base = slug(en or ind)
        cid, n = base, 2
        while cid in self.taken:
            cid, n = f"{base}-{n}", n + 1
        self.dismiss(Concept(cid, en or ind, ind, self.query_one("#description-en", Input).value.strip()))
