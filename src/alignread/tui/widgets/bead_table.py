"""The bead table: English and Indonesian side by side, one bead per row.

A Line API `ScrollView`: Textual asks for the lines on screen and only those are built
(from `TableLayout`, which knows where every line is), so a 5,000-bead book scrolls like
an essay. Rendered beads are cached; moving the cursor re-renders two beads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from alignread.core.find import Hit, annotations_by_bead
from alignread.core.model import LOW_CONFIDENCE, Annotation, TextPair
from alignread.core.sides import language_name, other_side
from alignread.tui.widgets.table_geometry import DIVIDER, GUTTER, BeadLines, SideText, TableLayout
from alignread.workflows.suggest import Suggestion


@dataclass(frozen=True, slots=True)
class Selection:
    """A phrase being selected: words `anchor`..`focus` (inclusive) of one side of a bead,
    and its counterpart, words `counterpart[0]`..`counterpart[1]` of the other side (None:
    none). The word links propose the counterpart as the selection moves; once the reader
    adjusts it (or drops it), it is `pinned` and stays as the reader made it."""

    bead: int
    side: str
    anchor: int
    focus: int
    counterpart: tuple[int, int] | None = None
    pinned: bool = False

    @property
    def other(self) -> str:
        return other_side(self.side)

    @property
    def first(self) -> int:
        return min(self.anchor, self.focus)

    @property
    def last(self) -> int:
        return max(self.anchor, self.focus)


class BeadTable(ScrollView, can_focus=True):
    """Aligned beads in two columns, with a cursor, chips, phrase marks and search matches."""

    ALLOW_SELECT = False  # the mouse selects phrases here, not text to copy
    ALLOW_MAXIMIZE = False

    BINDINGS = [
        # `g` glosses the selected words while selecting (listed first: a key's first
        # binding whose action is allowed wins), and goes to the first bead otherwise.
        Binding("g", "gloss", "Gloss"),
        Binding("up,k", "cursor_up", "Previous bead", show=False),
        Binding("down,j", "cursor_down", "Next bead", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown,space", "page_down", "Page down", show=False),
        Binding("home,g", "first", "First bead", show=False),
        Binding("end,G", "last", "Last bead", show=False),
        # While selecting a phrase (see `check_action`): the footer shows only these.
        Binding("left", "select_word(-1)", "Previous word"),
        Binding("right", "select_word(1)", "Next word"),
        Binding("shift+left", "extend(-1)", "Extend left"),
        Binding("shift+right", "extend(1)", "Extend right"),
        Binding("ctrl+right", "counterpart_end(1)", "Counterpart longer", show=False),
        Binding("ctrl+left", "counterpart_end(-1)", "Counterpart shorter", show=False),
        Binding("ctrl+shift+left", "counterpart_start(-1)", "Counterpart starts earlier", show=False),
        Binding("ctrl+shift+right", "counterpart_start(1)", "Counterpart starts later", show=False),
        Binding("delete", "toggle_counterpart", "One language only", show=False),
        Binding("tab", "switch_side", "Other language"),
        Binding("enter", "choose_phrase", "Tag phrase"),
        Binding("escape", "cancel_selection", "Cancel"),
    ]
    SELECTING_ACTIONS = {"select_word", "extend", "switch_side", "choose_phrase", "cancel_selection",
                         "counterpart_end", "counterpart_start", "toggle_counterpart", "gloss"}

    COMPONENT_CLASSES = {
        "bead-table--gutter",
        "bead-table--cursor",
        "bead-table--bar",
        "bead-table--low",
        "bead-table--kind",
        "bead-table--missing",
        "bead-table--divider",
        "bead-table--chip",
        "bead-table--note",
        "bead-table--phrase",
        "bead-table--match",
        "bead-table--selection",
        "bead-table--counterpart",
        "bead-table--suggestion",
        "bead-table--suggested",
    }

    DEFAULT_CSS = """
    BeadTable {
        background: $surface;
        overflow-x: hidden;
        overflow-y: scroll;
        scrollbar-size-vertical: 1;
        &:focus { background-tint: $foreground 0%; }
        & > .bead-table--gutter { color: $text-muted; }
        & > .bead-table--cursor { background: $boost; }
        & > .bead-table--bar { color: $accent; }
        & > .bead-table--low { color: $text-warning; background: $warning-muted; text-style: bold; }
        & > .bead-table--kind { color: $text-secondary; }
        & > .bead-table--missing { color: $text-muted; text-style: italic; }
        & > .bead-table--divider { color: $foreground 25%; }
        & > .bead-table--chip { color: $text-primary; background: $primary-muted; }
        & > .bead-table--note { color: $text-accent; background: $accent-muted; }
        & > .bead-table--phrase { text-style: underline; color: $text-primary; }
        & > .bead-table--match { color: $text-warning; background: $warning-muted; text-style: bold; }
        & > .bead-table--selection { color: $block-cursor-foreground; background: $block-cursor-background; }
        & > .bead-table--counterpart { color: $text-accent; background: $accent-muted; text-style: bold underline; }
        & > .bead-table--suggestion { color: $text-muted; text-style: italic; }
        & > .bead-table--suggested { text-style: underline; color: $text-muted; }
    }
    """

    class CursorMoved(Message):
        """The current bead changed."""

        def __init__(self, bead: int) -> None:
            self.bead = bead
            super().__init__()

    class PhraseChosen(Message):
        """Enter on a selected phrase: `side`, offsets into that side's full text, and the
        counterpart's offsets into the other side's (None: the phrase alone)."""

        def __init__(self, side: str, start: int, end: int, counterpart: tuple[int, int] | None = None) -> None:
            self.side = side
            self.start = start
            self.end = end
            self.counterpart = counterpart
            super().__init__()

    class SelectionChanged(Message):
        """A phrase selection started, changed or ended (`selection` is None when it ended);
        the quotes of the phrase and of its counterpart ('' when it has none)."""

        def __init__(self, selection: Selection | None, quote: str, counterpart: str = "") -> None:
            self.selection = selection
            self.quote = quote
            self.counterpart = counterpart
            super().__init__()

    class GlossAsked(Message):
        """`g` on selected words: their side and offsets into that side's full text."""

        def __init__(self, side: str, start: int, end: int) -> None:
            self.side = side
            self.start = start
            self.end = end
            super().__init__()

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.pair: TextPair | None = None
        self.cursor = 0
        self.selection: Selection | None = None
        self._layout: TableLayout | None = None
        self._by_bead: dict[int, tuple[Annotation, ...]] = {}
        self._matches: dict[int, tuple[Hit, ...]] = {}
        self._cache: LRUCache[tuple, list[Strip]] = LRUCache(256)
        self._styles: dict[str, Style] = {}
        self._drag: tuple[int, str, int] | None = None
        self._pending_chips: set[int] | frozenset[int] | None = None
        # (bead, side, first word, last word) -> the counterpart's words (the screen's).
        self.counterparts: Callable[[int, str, int, int], tuple[int, int] | None] | None = None
        self._suggested: dict[int, tuple[Suggestion, ...]] = {}
        self.concept_labels: dict[tuple[str, str], str] = {}  # (concept, side) -> label

    # ------------------------------------------------------------ attributes down

    def show_document(self, pair: TextPair) -> None:
        """Show `pair` (a new document, or the same one with edited annotations)."""
        old = self.pair
        same_text = old is not None and old.beads is pair.beads and old.en is pair.en
        # Beads merged, split or confirmed: the texts are the same, and the layout keeps
        # the wrapped lines of every bead that did not change.
        same_texts = old is not None and old.en is pair.en and old.ind is pair.ind
        self.pair = pair
        self._by_bead = annotations_by_bead(pair) if pair.annotations else {}
        chips = {k for k, anns in self._by_bead.items() if any(a.concepts or a.note for a in anns)}
        chips |= {k for k in self._suggested if k < len(pair.beads)}
        if not same_text:
            if not (same_texts and self.size.width):
                self._layout = None
            self.cursor = min(self.cursor, max(0, len(pair.beads) - 1))
            self.selection = None
            self._relayout(frozenset(chips))
        elif self._layout is not None:
            self._layout.pair = pair
            if self._layout.set_chips(chips):
                self._update_virtual_size()
        else:
            self._relayout(frozenset(chips))
        self._cache.clear()
        self.refresh()

    def show_suggestions(self, suggested: dict[int, tuple[Suggestion, ...]]) -> None:
        """Show concept suggestions as dim chips (an empty dict clears them)."""
        if suggested == self._suggested:
            return
        self._suggested = suggested
        if self.pair is not None and self._layout is not None:
            chips = {k for k, anns in self._by_bead.items() if any(a.concepts or a.note for a in anns)}
            chips |= {k for k in suggested if k < len(self.pair.beads)}
            if self._layout.set_chips(chips):
                self._update_virtual_size()
        self._cache.clear()
        self.refresh()

    def show_matches(self, hits: tuple[Hit, ...]) -> None:
        """Highlight search matches (an empty tuple clears them)."""
        grouped: dict[int, list[Hit]] = {}
        for h in hits:
            grouped.setdefault(h.bead, []).append(h)
        self._matches = {k: tuple(v) for k, v in grouped.items()}
        self._cache.clear()
        self.refresh()

    @property
    def geometry(self) -> TableLayout | None:
        """Where every line of the table is, at the current width (None before the first layout)."""
        return self._layout

    @property
    def bead_count(self) -> int:
        return len(self.pair.beads) if self.pair else 0

    # ------------------------------------------------------------ geometry

    def _content_width(self) -> int:
        return max(self.scrollable_content_region.width, 1)

    def _relayout(self, chips: set[int] | frozenset[int] | None = None) -> None:
        if self.pair is None:
            return
        if not self.size.width:
            # Not laid out yet: wrapping a book at a guessed width would be wasted; the
            # first Resize lays it out at the real one.
            self._pending_chips = chips
            return
        width = self._content_width()
        old = self._layout
        if chips is None:
            chips = old.chips if old is not None else frozenset()
        self._layout = TableLayout(self.pair, width, chips, previous=old)
        self._update_virtual_size()

    def _update_virtual_size(self) -> None:
        assert self._layout is not None
        self.virtual_size = Size(self._layout.width, self._layout.total)

    def on_resize(self, event: events.Resize) -> None:
        if self.pair is not None and (self._layout is None or self._layout.width != self._content_width()):
            chips, self._pending_chips = self._pending_chips, None
            self._relayout(chips)
            self._cache.clear()
            self.call_after_refresh(self.scroll_to_cursor, False)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._cache.clear()

    # ------------------------------------------------------------ cursor

    def move_to(self, bead: int, *, top: bool = False) -> None:
        """Make `bead` current and scroll it into view (at the top when `top`)."""
        if not self.bead_count:
            return
        bead = max(0, min(bead, self.bead_count - 1))
        if self.selection is not None and self.selection.bead != bead:
            self._set_selection(None)
        old, self.cursor = self.cursor, bead
        if old != bead:
            self._refresh_bead(old)
            self._refresh_bead(bead)
            self.post_message(self.CursorMoved(bead))
        self.scroll_to_cursor(top=top)

    def scroll_to_cursor(self, animate: bool = False, top: bool = False) -> None:
        layout = self._layout
        if layout is None or not self.bead_count:
            return
        start = layout.top(self.cursor)
        height = layout.heights[self.cursor]
        view = self.scrollable_content_region.height
        y = self.scroll_offset.y
        if top or start < y:
            target = start
        elif start + height > y + view:
            target = start + min(height, view) - view
        else:
            return
        self.scroll_to(y=max(0, target), animate=False, immediate=True)

    def _refresh_bead(self, bead: int) -> None:
        if self._layout is not None and 0 <= bead < self.bead_count:
            self.refresh_lines(self._layout.top(bead), self._layout.heights[bead])

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self.bead_count - 1)

    def _page(self, direction: int) -> None:
        layout = self._layout
        if layout is None or not self.bead_count:
            return
        view = max(1, self.scrollable_content_region.height)
        y = int(self.scroll_offset.y)
        new_y = max(0, min(y + direction * view, max(0, layout.total - view)))
        if new_y == y:  # at an end already: go to the first or last bead
            self.move_to(0 if direction < 0 else self.bead_count - 1)
            return
        # Keep the cursor where it was on the screen, as a pager does.
        line = layout.top(self.cursor) - y + new_y
        bead, _ = layout.locate(max(0, min(line, layout.total - 1)))
        self.scroll_to(y=new_y, animate=False, immediate=True)
        self.move_to(bead)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    # ------------------------------------------------------------ phrase selection

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.SELECTING_ACTIONS:
            return self.selection is not None
        return True

    def _side_text(self, bead: int, side: str) -> SideText:
        assert self._layout is not None
        b = self._layout.beads[bead]
        return b.side(side)

    def start_selection(self, side: str | None = None) -> bool:
        """Select the first word of the current bead (English, or the side that has text)."""
        if self._layout is None or not self.bead_count:
            return False
        sides = [side] if side else ["en", "id"]
        for s in sides:
            if self._side_text(self.cursor, s).words():
                self._set_selection(Selection(self.cursor, s, 0, 0))
                return True
        return False

    def select_span(self, side: str, start: int, end: int) -> bool:
        """Select the words covering full-text span `[start, end)` in its bead."""
        if self._layout is None or self.pair is None:
            return False
        sentence = self.pair.side(side).sentence_at(start)
        if sentence is None:
            return False
        bead = self.pair.bead_index(side)[sentence.index]
        st = self._side_text(bead, side)
        span = st.display_span(start, end)
        if span is None:
            return False
        words = st.words()
        inside = [k for k, (ws, we) in enumerate(words) if ws < span[1] and we > span[0]]
        if not inside:
            return False
        self.move_to(bead)
        self._set_selection(Selection(bead, side, inside[0], inside[-1]))
        return True

    def selected_span(self) -> tuple[str, int, int] | None:
        """The selection as (side, start, end) in that side's full text."""
        sel = self.selection
        if sel is None:
            return None
        st = self._side_text(sel.bead, sel.side)
        words = st.words()
        ds, de = words[sel.first][0], words[sel.last][1]
        return sel.side, st.to_source(ds), st.to_source(de - 1) + 1

    def _set_selection(self, selection: Selection | None) -> None:
        if selection is not None and not selection.pinned:
            found = None
            if self.counterparts is not None:
                found = self.counterparts(selection.bead, selection.side, selection.first, selection.last)
            selection = replace(selection, counterpart=found)
        old = self.selection
        self.selection = selection
        for sel in (old, selection):
            if sel is not None:
                self._refresh_bead(sel.bead)
        self._cache.clear()
        if (old is None) != (selection is None):
            # Which keys apply changes only when a selection starts or ends (the footer is
            # composed again then, which costs more than moving a selection).
            self.refresh_bindings()
        quote = other = ""
        span = self.selected_span()
        if span is not None and self.pair is not None:
            side, start, end = span
            quote = self.pair.side(side).text[start:end]
            found = self.counterpart_span()
            if found is not None:
                other = self.pair.side(other_side(side)).text[found[0]:found[1]]
        self.post_message(self.SelectionChanged(selection, quote, other))

    def refresh_counterpart(self) -> None:
        """Ask the word links again for the selection's counterpart (unless it is pinned)."""
        if self.selection is not None and not self.selection.pinned:
            self._set_selection(self.selection)

    def counterpart_span(self) -> tuple[int, int] | None:
        """The selection's counterpart as (start, end) in the other side's full text."""
        sel = self.selection
        if sel is None or sel.counterpart is None:
            return None
        st = self._side_text(sel.bead, sel.other)
        words = st.words()
        first, last = sel.counterpart
        if not words or last >= len(words):
            return None
        return st.to_source(words[first][0]), st.to_source(words[last][1] - 1) + 1

    def _moved(self, sel: Selection, **changes) -> Selection:
        """The selection moved on its own side: its counterpart follows unless pinned."""
        return replace(sel, **changes)

    def action_counterpart_end(self, step: int) -> None:
        self._adjust_counterpart(0, step)

    def action_counterpart_start(self, step: int) -> None:
        self._adjust_counterpart(-step, 0)

    def _adjust_counterpart(self, grow_start: int, grow_end: int) -> None:
        """Move the counterpart's edges (`grow_start` words earlier, `grow_end` later): it is
        the reader's from now on. With no counterpart, one starts across from the phrase."""
        sel = self.selection
        if sel is None:
            return
        n = len(self._side_text(sel.bead, sel.other).words())
        if not n:
            return
        if sel.counterpart is None:
            mine = max(1, len(self._side_text(sel.bead, sel.side).words()))
            k = min(n - 1, sel.first * n // mine)
            first, last = k, k
        else:
            first, last = sel.counterpart[0] - grow_start, sel.counterpart[1] + grow_end
            first, last = max(0, min(first, n - 1)), max(0, min(last, n - 1))
            if first > last:
                return  # a counterpart keeps at least one word; delete drops it
        self._set_selection(replace(sel, counterpart=(first, last), pinned=True))

    def action_toggle_counterpart(self) -> None:
        """The phrase alone (one language), or back to the counterpart the links propose."""
        sel = self.selection
        if sel is None:
            return
        if sel.counterpart is not None:
            self._set_selection(replace(sel, counterpart=None, pinned=True))
        else:
            self._set_selection(replace(sel, pinned=False))

    def action_gloss(self) -> None:
        span = self.selected_span()
        if span is not None:
            self.post_message(self.GlossAsked(*span))

    def action_select_word(self, step: int) -> None:
        sel = self.selection
        if sel is None:
            return
        n = len(self._side_text(sel.bead, sel.side).words())
        k = (sel.last + 1 if step > 0 else sel.first - 1) if sel.anchor != sel.focus else sel.focus + step
        k = max(0, min(k, n - 1))
        self._set_selection(self._moved(sel, anchor=k, focus=k))

    def action_extend(self, step: int) -> None:
        sel = self.selection
        if sel is None:
            return
        n = len(self._side_text(sel.bead, sel.side).words())
        self._set_selection(self._moved(sel, focus=max(0, min(sel.focus + step, n - 1))))

    def action_switch_side(self) -> None:
        """Select in the other language: its counterpart becomes the selection (or its first
        word, when there is none), and the phrase the counterpart."""
        sel = self.selection
        if sel is None or not self._side_text(sel.bead, sel.other).words():
            return
        if sel.counterpart is None:
            self._set_selection(Selection(sel.bead, sel.other, 0, 0))
            return
        self._set_selection(Selection(sel.bead, sel.other, sel.counterpart[0], sel.counterpart[1],
                                      (sel.first, sel.last), sel.pinned))

    def action_choose_phrase(self) -> None:
        span = self.selected_span()
        if span is not None:
            self.post_message(self.PhraseChosen(*span, counterpart=self.counterpart_span()))

    def action_cancel_selection(self) -> None:
        self._set_selection(None)

    # ------------------------------------------------------------ mouse

    def _hit(self, event: events.MouseEvent) -> tuple[int, int, str | None, int | None] | None:
        """(bead, row in bead, side, word index) under the mouse."""
        layout = self._layout
        if layout is None or not self.bead_count:
            return None
        line = int(self.scroll_offset.y) + event.y
        if line >= layout.total:
            return None
        bead, row = layout.locate(line)
        col = layout.column_at(event.x)
        if col is None:
            return bead, row, None, None
        side, cell = col
        offset = layout.offset_at(bead, row, side, cell)
        if offset is None:
            return bead, row, side, None
        for k, (ws, we) in enumerate(self._side_text(bead, side).words()):
            if ws <= offset < we:
                return bead, row, side, k
        return bead, row, side, None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        hit = self._hit(event)
        if hit is None or event.button != 1:
            return
        bead, _, side, word = hit
        self.focus()
        self.move_to(bead)
        self._drag = None
        if side is not None and word is not None:
            self._drag = (bead, side, word)
            self.capture_mouse()
            if self.selection is not None:
                self._set_selection(Selection(bead, side, word, word))

    def on_click(self, event: events.Click) -> None:
        # A double click selects the word under the mouse, ready to tag.
        hit = self._hit(event)
        if event.chain >= 2 and hit is not None and hit[2] is not None and hit[3] is not None:
            self._set_selection(Selection(hit[0], hit[2], hit[3], hit[3]))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag is None or not event.button:
            return
        bead, side, anchor = self._drag
        hit = self._hit(event)
        if hit is None or hit[0] != bead or hit[2] != side or hit[3] is None:
            return
        if self.selection is None or self.selection.focus != hit[3] or self.selection.anchor != anchor:
            self._set_selection(Selection(bead, side, anchor, hit[3]))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._drag is not None:
            self.release_mouse()
        self._drag = None

    # ------------------------------------------------------------ rendering

    def _style(self, name: str) -> Style:
        """A component's style to add over a row's background.

        The full style blends translucent theme colours (`$boost`, `$foreground 25%`) with
        the table's background; components that set no background must not paint one, or
        a phrase on the cursor row would lose the cursor's highlight.
        """
        style = self._styles.get(name)
        if style is None:
            component = f"bead-table--{name}"
            full = self.get_component_rich_style(component)
            if not self.get_component_styles(component).has_rule("background"):
                full = Style(color=full.color, bold=full.bold, dim=full.dim, italic=full.italic,
                             underline=full.underline, reverse=full.reverse, strike=full.strike)
            style = self._styles[name] = full
        return style

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        layout = self._layout
        line = int(self.scroll_offset.y) + y
        if layout is None or self.pair is None or line >= layout.total or not self.bead_count:
            return Strip.blank(width, self.rich_style)
        bead, row = layout.locate(line)
        strips = self._bead_strips(bead)
        return strips[row] if row < len(strips) else Strip.blank(width, self.rich_style)

    def _bead_strips(self, bead: int) -> list[Strip]:
        sel = self.selection if self.selection is not None and self.selection.bead == bead else None
        key = (bead, bead == self.cursor, sel)
        strips = self._cache.get(key)
        if strips is None:
            strips = self._cache[key] = self._render_bead(bead, sel)
        return strips

    def _render_bead(self, k: int, sel: Selection | None) -> list[Strip]:
        assert self._layout is not None and self.pair is not None
        layout = self._layout
        pair = self.pair
        bead = pair.beads[k]
        lines = layout.beads[k]
        base = self.rich_style
        row_base = base + self._style("cursor") if k == self.cursor else base
        width = layout.width
        anns = self._by_bead.get(k, ())
        ranges = {side: self._ranges(lines, k, side, anns, sel) for side in ("en", "id")}
        out: list[Strip] = []
        for r in range(lines.body):
            segs = self._gutter(k, r, bead.needs_check(LOW_CONFIDENCE), bead.kind, row_base, bead.confirmed)
            segs += self._column(lines, "en", r, layout.en_width, ranges["en"], row_base)
            segs.append(Segment(" │ ", row_base + self._style("divider")))
            segs += self._column(lines, "id", r, layout.ind_width, ranges["id"], row_base)
            segs.append(Segment(" ", row_base))
            out.append(Strip(segs, width))
        if k in layout.chips:
            out.append(self._chips_line(k, anns, row_base))
        out.append(Strip.blank(width, base))
        return out

    def _gutter(
        self, k: int, row: int, low: bool, kind: str, row_base: Style, confirmed: bool = False
    ) -> list[Segment]:
        bar = Segment("▌" if k == self.cursor else " ", row_base + self._style("bar"))
        if row == 0:
            if low:
                mark = Segment("?", row_base + self._style("low"))
            elif confirmed:
                mark = Segment("✓", row_base + self._style("kind"))
            else:
                mark = Segment(" ", row_base)
            return [bar, Segment(f"{k + 1:>5}"[-5:], row_base + self._style("gutter")), mark]
        if row == 1 and kind != "1-1":
            return [bar, Segment(f"{kind:>5}", row_base + self._style("kind")), Segment(" ", row_base)]
        return [Segment(" " * GUTTER, row_base)] if k != self.cursor else [bar, Segment(" " * (GUTTER - 1), row_base)]

    def _ranges(self, lines: BeadLines, k: int, side: str, anns: tuple[Annotation, ...], sel: Selection | None):
        """Styled display spans of one side: phrases, then matches, then the selection."""
        st = lines.side(side)
        out = []
        for a in anns:
            if a.side == side and a.start is not None and a.end is not None:
                span = st.display_span(a.start, a.end)
                if span:
                    out.append((*span, self._style("phrase")))
        for h in self._matches.get(k, ()):
            if h.side == side:
                span = st.display_span(h.start, h.end)
                if span:
                    out.append((*span, self._style("match")))
        for suggestion in self._suggested.get(k, ()):
            for sp in suggestion.spans:
                if sp.side == side:
                    span = st.display_span(sp.start, sp.end)
                    if span:
                        out.append((*span, self._style("suggested")))
        if sel is not None and sel.side == side:
            words = st.words()
            if words:
                out.append((words[sel.first][0], words[sel.last][1], self._style("selection")))
        elif sel is not None and sel.counterpart is not None:
            words = st.words()
            first, last = sel.counterpart
            if last < len(words):
                out.append((words[first][0], words[last][1], self._style("counterpart")))
        return out

    def _column(self, lines: BeadLines, side: str, row: int, width: int, ranges, row_base: Style) -> list[Segment]:
        st = lines.side(side)
        spans = lines.lines(side)
        if not spans:
            if row == 0:
                label = f"— not in the {language_name(side)} —"
                label = label[:width]
                return [Segment(label, row_base + self._style("missing")),
                        Segment(" " * (width - len(label)), row_base)]
            return [Segment(" " * width, row_base)]
        if row >= len(spans):
            return [Segment(" " * width, row_base)]
        ls, le = spans[row]
        text = st.text
        cuts = {ls, le}
        for rs, re_, _ in ranges:
            if rs < le and re_ > ls:
                cuts.add(max(rs, ls))
                cuts.add(min(re_, le))
        points = sorted(cuts)
        segs = []
        for a, b in zip(points, points[1:]):
            style = row_base
            for rs, re_, extra in ranges:
                if rs <= a and b <= re_:
                    style = style + extra
            segs.append(Segment(text[a:b], style))
        pad = width - cell_len(text[ls:le])
        if pad > 0:
            segs.append(Segment(" " * pad, row_base))
        return segs

    def _chips_line(self, k: int, anns: tuple[Annotation, ...], row_base: Style) -> Strip:
        assert self._layout is not None and self.pair is not None
        layout = self._layout
        concepts: list[str] = []
        noted = False
        for a in anns:
            noted = noted or bool(a.note)
            concepts.extend(c for c in a.concepts if c not in concepts)
        segs = [Segment(" " * GUTTER, row_base)] if k != self.cursor else [
            Segment("▌", row_base + self._style("bar")), Segment(" " * (GUTTER - 1), row_base)]
        for side, width in (("en", layout.en_width), ("id", layout.ind_width)):
            chips = [("✎", self._style("note"))] if noted else []
            for cid in concepts:
                c = self.pair.concept(cid)
                chips.append((c.label(side) if c else cid, self._style("chip")))
            for suggestion in self._suggested.get(k, ()):
                if suggestion.span(side) is not None:  # on the sides it has a place on
                    chips.append((f"{self.suggestion_label(suggestion, side)}?", self._style("suggestion")))
            used = 0
            for label, style in chips:
                text = f" {label} "
                room = width - used
                if room <= 1:
                    break
                if cell_len(text) > room:
                    text = text[: max(0, room - 1)] + "…"
                segs.append(Segment(text, row_base + style))
                used += cell_len(text)
                if used < width:
                    segs.append(Segment(" ", row_base))
                    used += 1
            segs.append(Segment(" " * max(0, width - used), row_base))
            if side == "en":
                segs.append(Segment(" " * DIVIDER, row_base))
        segs.append(Segment(" ", row_base))
        return Strip(segs, layout.width)

    def suggestion_label(self, suggestion: Suggestion, side: str) -> str:
        """A suggested concept's label in `side`'s language (set by the screen, which knows
        the corpus's concepts too)."""
        return self.concept_labels.get((suggestion.concept, side), suggestion.concept)

    def region_of(self, bead: int) -> Region:
        """Lines of `bead` in table coordinates (for tests and scrolling)."""
        assert self._layout is not None
        return Region(0, self._layout.top(bead), self._layout.width, self._layout.heights[bead])
