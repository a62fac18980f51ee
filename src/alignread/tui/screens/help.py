"""The help screen: every key binding of the reader, grouped, from the bindings themselves."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from alignread.tui.widgets.bead_table import BeadTable

# Which section of the help each action belongs to; anything else goes under "Other".
SECTIONS: dict[str, tuple[str, ...]] = {
    "Reading": ("cursor_up", "cursor_down", "page_up", "page_down", "first", "last", "toggle_panel"),
    "Tagging and notes": ("tag", "select_phrase", "type_phrase", "note", "remove", "undo", "redo"),
    "Selecting a phrase (after s, or drag with the mouse)": (
        "select_word(-1)", "select_word(1)", "extend(-1)", "extend(1)", "switch_side", "choose_phrase",
        "cancel_selection",
    ),
    "Correcting the alignment": ("merge_next", "split", "confirm", "realign"),
    "Finding": (
        "search", "next_match", "previous_match", "clear_search", "next_low", "previous_low", "next_annotated",
        "previous_annotated", "follow", "follow_back", "concepts", "contents",
    ),
}


def binding_rows(app, bindings: list[Binding]) -> list[tuple[str, str, str]]:
    """(section, keys, description) for each binding, keys as the footer writes them."""
    rows = []
    for b in bindings:
        section = next((name for name, actions in SECTIONS.items() if b.action in actions), "Other")
        keys = " ".join(app.get_key_display(Binding(k.strip(), b.action)) for k in b.key.split(","))
        rows.append((section, keys, b.description))
    return rows


def reader_bindings(reader: Screen) -> list[Binding]:
    """The bindings of the reader, its table and the app, as declared."""
    out: list[Binding] = []
    for source in (BeadTable.BINDINGS, type(reader).BINDINGS):
        out.extend(b for b in source if isinstance(b, Binding))
    out.append(Binding("ctrl+p", "command_palette", "Command palette: every action by name"))
    out.append(Binding("ctrl+q", "quit", "Quit (waits for the last save)"))
    return out


class HelpScreen(ModalScreen[None]):
    """Lists every binding; any of escape, q or ? closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close help")]

    def __init__(self, reader: Screen) -> None:
        super().__init__()
        self.reader = reader

    def compose(self) -> ComposeResult:
        rows = binding_rows(self.app, reader_bindings(self.reader))
        lines = []
        for section in [*SECTIONS, "Other"]:
            entries = [(k, d) for s, k, d in rows if s == section]
            if not entries:
                continue
            lines.append(f"\n[b]{section}[/b]")
            width = max(len(k) for k, _ in entries)
            lines.extend(f"  [$accent]{k.replace('[', chr(92) + '[')}[/]{' ' * (width - len(k))}   {d}"
                         for k, d in entries)
        with Vertical(id="help", classes="dialog"):
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll():
                yield Static("\n".join(lines).lstrip("\n"))
            yield Static("[dim]escape closes · the command palette (ctrl+p) runs any of these by name[/]",
                         classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
