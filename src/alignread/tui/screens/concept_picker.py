"""The concept picker: filter the concepts as you type, or make a new one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.fuzzy import Matcher
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from alignread.core.model import Concept

NEW = "\0new"


class ConceptPicker(ModalScreen[Concept | None]):
    """Choose a concept: the document's first, then the corpus's `concepts.yaml`.

    Dismisses with the chosen `Concept` (a new one is not yet in the document), or None.
    Concepts in `applied` are ticked; choosing one of them again untags it.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Next concept", show=False),
        Binding("up", "move(-1)", "Previous concept", show=False),
        Binding("enter", "choose", "Tag", priority=True),
    ]

    def __init__(self, concepts: tuple[Concept, ...], applied: tuple[str, ...] = (), title: str = "Tag") -> None:
        super().__init__()
        self.concepts = concepts
        self.applied = applied
        self.title_text = title
        self.shown: list[Concept] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="picker", classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Input(placeholder="Type to filter, or to name a new concept", id="picker-filter")
            yield OptionList(id="picker-options")
            yield Static("[dim]enter tags · ✓ already tagged: enter untags · escape cancels[/]", classes="dialog-hint")

    def on_mount(self) -> None:
        self._fill("")

    @on(Input.Changed, "#picker-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def _fill(self, query: str) -> None:
        query = query.strip()
        options = self.query_one("#picker-options", OptionList)
        if query:
            matcher = Matcher(query)
            scored = []
            for c in self.concepts:
                score = max(matcher.match(c.label_en), matcher.match(c.label_ind), matcher.match(c.id))
                if score > 0:
                    scored.append((score, c))
            # Best match first; ties keep the document's order.
            self.shown = [c for _, c in sorted(scored, key=lambda sc: -sc[0])]
        else:
            matcher = None
            self.shown = list(self.concepts)
        items: list[Option] = []
        for c in self.shown:
            tick = "✓ " if c.id in self.applied else "  "
            label = Content(tick) + (matcher.highlight(c.label_en) if matcher else Content(c.label_en))
            if c.label_ind and c.label_ind != c.label_en:
                label += Content.styled(f"  {c.label_ind}", "dim italic")
            items.append(Option(label, id=c.id))
        if query and not any(query.lower() in (c.label_en.lower(), c.label_ind.lower()) for c in self.concepts):
            items.append(Option(Content.from_markup("[b]+[/b] New concept “$q”…", q=query), id=NEW))
        elif not query:
            items.append(Option(Content.from_markup("[b]+[/b] New concept…"), id=NEW))
        options.set_options(items)
        if items:
            options.highlighted = 0

    def action_move(self, step: int) -> None:
        options = self.query_one("#picker-options", OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_choose(self) -> None:
        options = self.query_one("#picker-options", OptionList)
        if options.highlighted is None:
            return
        self._choose(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected, "#picker-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def _choose(self, option_id: str | None) -> None:
        if option_id == NEW:
            from alignread.tui.screens.new_concept import NewConceptDialog

            typed = self.query_one("#picker-filter", Input).value.strip()
            taken = frozenset(c.id for c in self.concepts)
            self.app.push_screen(NewConceptDialog(typed, taken), self._created)
            return
        for c in self.concepts:
            if c.id == option_id:
                self.dismiss(c)
                return

    def _created(self, concept: Concept | None) -> None:
        if concept is not None:
            self.dismiss(concept)
