"""The side panel: the current bead's alignment, concepts, phrases and notes, the concepts
suggested there, and a gloss of the selected words (`g`)."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from alignread.core.model import LOW_CONFIDENCE, Annotation, TextPair
from alignread.core.sides import language_name, other_side
from alignread.core.words import counted
from alignread.workflows.gloss import Gloss
from alignread.workflows.suggest import Suggestion


def bead_warning(pair: TextPair, k: int) -> str:
    """Why bead `k` deserves a look, if it does (shown in the warning colour)."""
    bead = pair.beads[k]
    if bead.needs_check(LOW_CONFIDENCE):
        return "? Low confidence: check that these sentences match."
    return ""


def _quote(pair: TextPair, side: str, start: int, end: int) -> str:
    return " ".join(pair.side(side).text[start:end].split())


def describe_gloss(pair: TextPair, gloss: Gloss) -> RenderableType:
    """A gloss: each word's lemma and translations, this bead's counterpart, other places."""
    other = language_name(other_side(gloss.side))
    parts: list[RenderableType] = [Text(f"Gloss ({language_name(gloss.side)})", style="bold underline")]
    for entry in gloss.entries:
        line = Text(entry.headword, style="bold")
        if entry.lemma != entry.headword:
            line.append(f"  lemma {entry.lemma}", style="dim")
        parts.append(line)
        found = ", ".join(entry.translations[:12]) if entry.translations else "not in the lexicon"
        parts.append(Text(f"  {other}: {found}", style="" if entry.translations else "dim italic"))
    if gloss.counterpart:
        parts.append(Text(f"Here: “{gloss.counterpart}”", style="italic"))
    hits = gloss.occurrences
    if hits:
        beads = sorted({h.bead + 1 for h in hits})
        shown = ", ".join(map(str, beads[:12])) + (f" and {len(beads) - 12} more" if len(beads) > 12 else "")
        parts.append(Text(f"Also in {counted(len(hits), 'place')}: bead{'s' if len(beads) > 1 else ''} {shown}"))
        for h in hits[:3]:
            sentence = pair.side(h.side).sentence_at(h.start)
            if sentence is not None:
                around = _around(sentence.text, h.start - sentence.start, h.end - sentence.start)
                parts.append(Text(f"  {h.bead + 1}: {around}", style="dim"))
    else:
        parts.append(Text("Nowhere else in this document.", style="dim"))
    return Group(*parts)


def _around(text: str, start: int, end: int, width: int = 28) -> str:
    """The words around `text[start:end]`, cut to about `width` characters each side."""
    before, word, after = text[:start], text[start:end], text[end:]
    if len(before) > width:
        before = "…" + before[-width:].split(" ", 1)[-1]
    if len(after) > width:
        after = after[:width].rsplit(" ", 1)[0] + "…"
    return f"{before}«{word}»{after}"


def describe_suggestions(
    pair: TextPair, suggestions: tuple[Suggestion, ...], labels: Callable[[str], str]
) -> RenderableType:
    parts: list[RenderableType] = [Text("\nSuggested", style="bold underline")]
    for s in suggestions:
        line = Text("○ ", style="dim")
        line.append(labels(s.concept), style="italic")
        quotes = " ⇄ ".join(f"“{_quote(pair, sp.side, sp.start, sp.end)}”" for sp in s.spans)
        line.append(f"  {quotes}", style="dim")
        parts.append(line)
    parts.append(Text("enter accepts the first, backspace dismisses it", style="dim"))
    return Group(*parts)


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
            if a.is_bilingual:
                other = other_side(a.side or "en")
                line.append(" ⇄ ", style="dim")
                line.append(f"“{a.quote_on(other)}”", style="underline")
                line.append(f"  ({language_name(other)})", style="dim")
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

    def show_bead(
        self,
        pair: TextPair,
        k: int,
        annotations: tuple[Annotation, ...],
        suggestions: tuple[Suggestion, ...] = (),
        labels: Callable[[str], str] | None = None,
        gloss: Gloss | None = None,
    ) -> None:
        if not pair.beads:
            return
        warning = bead_warning(pair, k)
        w = self.query_one("#info-warning", Static)
        w.update(warning)
        w.display = bool(warning)
        parts: list[RenderableType] = []
        if gloss is not None:
            parts += [describe_gloss(pair, gloss), Text("")]
        parts.append(describe_bead(pair, k, annotations))
        if suggestions:
            parts.append(describe_suggestions(pair, suggestions, labels or (lambda cid: cid)))
        self.query_one("#info-body", Static).update(Group(*parts))
