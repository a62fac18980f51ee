"""Choosing where to split a bead in two."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from alignread.core.correct import split_points
from alignread.core.model import Bead, TextPair


def _side(pair: TextPair, ids: tuple[int, ...], side: str, width: int = 34) -> str:
    """The first words of some sentences, or a dash for none."""
    if not ids:
        return "—"
    text = " ".join(pair.side(side).sentences[i].text for i in ids)
    return text if len(text) <= width else text[: width - 1] + "…"


def describe_split(pair: TextPair, bead: Bead, en_first: int, ind_first: int) -> str:
    """`EN 1 + ID 1 │ EN 1 + ID 0`, with the first words of each part."""
    first = (bead.en[:en_first], bead.ind[:ind_first])
    second = (bead.en[en_first:], bead.ind[ind_first:])
    parts = []
    for en, ind in (first, second):
        parts.append(f"{len(en)}-{len(ind)}: {_side(pair, en, 'en')} ║ {_side(pair, ind, 'id')}")
    return "\n".join(parts)


class SplitBead(ModalScreen[tuple[int, int] | None]):
    """Dismisses with (English sentences, Indonesian sentences) for the first part, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, pair: TextPair, k: int) -> None:
        super().__init__()
        self.pair = pair
        self.k = k

    def compose(self) -> ComposeResult:
        bead = self.pair.beads[self.k]
        options = [
            Option(describe_split(self.pair, bead, a, b), id=f"{a}:{b}") for a, b in split_points(bead)
        ]
        with Vertical(id="split", classes="dialog"):
            yield Static(f"Split bead {self.k + 1} ({bead.kind}) into", classes="dialog-title")
            yield OptionList(*options, id="split-options")
            yield Static("[dim]enter splits (u undoes) · escape cancels[/]", classes="dialog-hint")

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        a, b = (event.option.id or "0:0").split(":")
        self.dismiss((int(a), int(b)))

    def action_cancel(self) -> None:
        self.dismiss(None)
