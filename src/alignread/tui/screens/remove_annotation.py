"""Choosing which of a bead's tags or notes to remove."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from alignread.core.model import Annotation, TextPair
from alignread.core.sides import language_name


def summary(pair: TextPair, a: Annotation) -> str:
    """One line describing an annotation: what it is on, its concepts, its note."""
    where = f"“{a.quote}” ({language_name(a.side or 'en')})" if a.is_phrase else "whole bead"
    labels = [(pair.concept(c).label() if pair.concept(c) else c) for c in a.concepts]  # type: ignore[union-attr]
    parts = [where]
    if labels:
        parts.append(", ".join(labels))
    if a.note:
        first = a.note.splitlines()[0]
        parts.append(f"note: {first[:40]}{'…' if len(first) > 40 else ''}")
    return " · ".join(parts)


class RemoveAnnotation(ModalScreen[str | None]):
    """Dismisses with the id of the annotation to remove, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, pair: TextPair, annotations: tuple[Annotation, ...]) -> None:
        super().__init__()
        self.pair = pair
        self.annotations = annotations

    def compose(self) -> ComposeResult:
        with Vertical(id="remove", classes="dialog"):
            yield Static("Remove which?", classes="dialog-title")
            yield OptionList(*(Option(summary(self.pair, a), id=a.id) for a in self.annotations), id="remove-options")
            yield Static("[dim]enter removes (u undoes) · escape cancels[/]", classes="dialog-hint")

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
