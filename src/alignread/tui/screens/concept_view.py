"""The concept view: every concept with its count, and where each one is tagged."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from alignread.core.find import concept_counts, occurrences
from alignread.core.model import TextPair
from alignread.core.sides import language_name


def _clip(text: str, size: int = 150) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


class ConceptView(ModalScreen[tuple[str, int] | None]):
    """Choose a concept, then an occurrence: dismisses with (concept id, bead) to jump to."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("left", "focus_concepts", "Concepts", show=False),
        Binding("right", "focus_occurrences", "Occurrences", show=False),
    ]

    def __init__(self, pair: TextPair, current: str | None = None) -> None:
        super().__init__()
        self.pair = pair
        self.current = current
        self.concept: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="concept-view", classes="dialog"):
            yield Static("Concepts", classes="dialog-title")
            with Horizontal(id="concept-panes"):
                yield OptionList(id="concept-list")
                yield OptionList(id="occurrence-list")
            yield Static("[dim]enter on a concept lists its places · enter on a place jumps there · escape closes[/]",
                         classes="dialog-hint")

    def on_mount(self) -> None:
        counts = concept_counts(self.pair)
        # Used concepts first, most used first; then the unused ones, in the file's order.
        order = sorted(self.pair.concepts, key=lambda c: -counts.get(c.id, 0))
        concepts = self.query_one("#concept-list", OptionList)
        for c in order:
            label = Content(c.label_en) + Content.styled(f"  {counts.get(c.id, 0)}", "bold")
            if c.label_ind and c.label_ind != c.label_en:
                label += Content.styled(f"\n{c.label_ind}", "dim italic")
            concepts.add_option(Option(label, id=c.id))
        if not order:
            concepts.add_option(Option("No concepts yet: t tags a bead", disabled=True))
            return
        ids = [c.id for c in order]
        concepts.highlighted = ids.index(self.current) if self.current in ids else 0
        concepts.focus()

    @on(OptionList.OptionHighlighted, "#concept-list")
    def _concept_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.concept = event.option.id
        self._fill(event.option.id)

    def _fill(self, concept: str | None) -> None:
        places = self.query_one("#occurrence-list", OptionList)
        places.clear_options()
        if concept is None:
            return
        pair = self.pair
        found = occurrences(pair, concept)
        for k, occ in enumerate(found):
            a = occ.annotation
            bead = pair.beads[occ.bead]
            head = Content.styled(f"Bead {occ.bead + 1}", "bold")
            if a.is_phrase:
                head += Content(f" · “{_clip(a.quote, 60)}” ({language_name(a.side or 'en')})")
            else:
                head += Content(" · whole bead")
            body = Content("\n") + Content(_clip(pair.bead_text(bead, "en")) or "—")
            body += Content("\n") + Content.styled(_clip(pair.bead_text(bead, "id")) or "—", "italic")
            if a.note:
                body += Content("\n") + Content.styled(f"✎ {_clip(a.note.splitlines()[0], 80)}", "dim")
            if k:
                places.add_option(None)  # a rule between places
            places.add_option(Option(head + body, id=f"{occ.bead}:{k}"))
        if not found:
            places.add_option(Option("Not tagged anywhere yet", disabled=True))

    @on(OptionList.OptionSelected, "#concept-list")
    def _concept_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_focus_occurrences()

    @on(OptionList.OptionSelected, "#occurrence-list")
    def _occurrence_selected(self, event: OptionList.OptionSelected) -> None:
        if self.concept is not None and event.option.id:
            self.dismiss((self.concept, int(event.option.id.split(":")[0])))

    def action_focus_occurrences(self) -> None:
        places = self.query_one("#occurrence-list", OptionList)
        if places.option_count and not places.get_option_at_index(0).disabled:
            places.focus()
            if places.highlighted is None:
                places.highlighted = 0

    def action_focus_concepts(self) -> None:
        self.query_one("#concept-list", OptionList).focus()

    def action_close(self) -> None:
        self.dismiss(None)
