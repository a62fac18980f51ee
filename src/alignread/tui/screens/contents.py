"""The table of contents of a book: its chapters (pairs of them), enter jumps there."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from alignread.core.words import counted


class ContentsScreen(ModalScreen[int | None]):
    """Chapters with the bead each starts at; dismisses with the bead chosen."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]

    def __init__(self, entries: list[tuple[str, int]], current: int = 0) -> None:
        super().__init__()
        self.entries = entries
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Contents: {counted(len(self.entries), 'chapter')}  "
                         "[dim]enter jumps there, escape closes[/]")
            yield OptionList(*(Option(f"{escape(title)}  [dim]bead {bead + 1}[/]", id=str(k))
                               for k, (title, bead) in enumerate(self.entries)))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        here = max((k for k, (_, bead) in enumerate(self.entries) if bead <= self.current), default=0)
        options.highlighted = here
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.entries[event.option_index][1])
