"""The side panel: the current bead's alignment, concepts, phrases and notes."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from alignread.core.model import LOW_CONFIDENCE, Annotation, TextPair
from alignread.core.sides import language_name


def bead_warning(pair: TextPair, k: int) -> str:
    """Why bead `k` deserves a look, if it does (shown in the warning colour)."""
    bead = pair.beads[k]
    if bead.needs_check(LOW_CONFIDENCE):
        return "? Low confidence: check that these sentences match."
    return ""


def describe_bead(pair: TextPair, k: int, annotations: tuple[Annotation, ...]) -> RenderableType:
    """What the panel shows for bead `k`: its kind and confidence, then its annotations.

    Only bold, italic, underline and dim are used, so it reads in light and dark themes.
    """
    bead = pair.beads[k]
    parts: list[RenderableType] = []
    head = Text()
    head.append(f"Bead {k + 1} of {len(pair.beads)}", style="bold")
    head.append(f"\n{bead.kind} · confidence {bead.score:.2f}", style="dim")
    if bead.confirmed:
        head.append(" · confirmed by a reader", style="dim")
    parts.append(head)
    if not bead.en:
        parts.append(Text("Only in the Indonesian: an addition, or an omission in the English.", style="italic"))
    elif not bead.ind:
        parts.append(Text("Only in the English: left out of the Indonesian.", style="italic"))
    whole = [a for a in annotations if not a.is_phrase]
    phrases = [a for a in annotations if a.is_phrase]
    concepts = [c for a in whole for c in a.concepts]
    if concepts:
        parts.append(Text("\nConcepts", style="bold underline"))
        for cid in concepts:
            c = pair.concept(cid)
            line = Text("● ", style="bold")
            line.append(c.label("en") if c else cid)
            if c and c.label_ind and c.label_ind != c.label_en:
                line.append(f"  {c.label_ind}", style="italic dim")
            parts.append(line)
    if phrases:
        parts.append(Text("\nPhrases", style="bold underline"))
        for a in phrases:
            line = Text(f"“{a.quote}”", style="underline")
            line.append(f"  ({language_name(a.side or 'en')})", style="dim")
            parts.append(line)
            for cid in a.concepts:
                c = pair.concept(cid)
                label = c.label(a.side or "en") if c else cid
                parts.append(Text(f"  ● {label}"))
            if a.note:
                parts.append(Markdown(a.note))
    notes = [a.note for a in whole if a.note]
    if notes:
        parts.append(Text("\nNote", style="bold underline"))
        parts.extend(Markdown(n) for n in notes)
    if not annotations:
        parts.append(Text("\nNo tags or notes yet: t tags, n writes a note, s selects a phrase.", style="dim"))
    return Group(*parts)


class InfoPanel(VerticalScroll):
    """The current bead's details (toggled with `i`)."""

    def compose(self):
        yield Static(id="info-warning")
        yield Static(id="info-body")

    def show_bead(self, pair: TextPair, k: int, annotations: tuple[Annotation, ...]) -> None:
        if not pair.beads:
            return
        warning = bead_warning(pair, k)
        w = self.query_one("#info-warning", Static)
        w.update(warning)
        w.display = bool(warning)
        self.query_one("#info-body", Static).update(describe_bead(pair, k, annotations))
