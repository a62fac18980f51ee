"""The search bar: one query over both languages, by lemma, as the reader types.

The bar owns the word index of the document it searches (`alignread.core.find`) and the
worker that builds it and searches. The worker never touches the bar: it hands the index
and the hits back to the bar's own thread, which keeps the index only if the document has
not changed meanwhile. The bar tells the screen what it found (`SearchBar.Matched`).
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input

from alignread.core.find import Hit, SearchIndex, search
from alignread.core.model import TextPair


class SearchBar(Widget):
    """An input at the bottom of the reader; hidden until `open`."""

    # Where it docks is the app's layout (app.tcss); that it hides itself is its own.
    DEFAULT_CSS = """
    SearchBar {
        height: auto;
        display: none;
        &.-open { display: block; }
    }
    """

    class Matched(Message):
        """The hits of `query` (an empty query has none); `submitted` when enter was pressed."""

        def __init__(self, query: str, hits: tuple[Hit, ...], submitted: bool) -> None:
            self.query = query
            self.hits = hits
            self.submitted = submitted
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pair: TextPair | None = None
        self.last_query = ""
        self._index: SearchIndex | None = None
        self._indexed: TextPair | None = None  # the value the index was built from

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Search English and Indonesian (lemmas: spreads finds spread)", id="search")

    @property
    def input(self) -> Input:
        return self.query_one("#search", Input)

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def set_document(self, pair: TextPair) -> None:
        """Search `pair` from now on. The index is kept while its texts and beads are the same
        (tags and notes do not change what matches or where)."""
        old = self._indexed
        if old is not None:
            if old.en is pair.en and old.ind is pair.ind and old.beads is pair.beads:
                self._indexed = pair
            else:
                self._index, self._indexed = None, None
        self.pair = pair

    def open(self) -> None:
        """Show the bar with the last query selected: typing replaces it, an arrow keeps it."""
        self.add_class("-open")
        box = self.input
        box.value = self.last_query
        box.focus()
        box.select_all()

    def close(self) -> None:
        self.remove_class("-open")

    def _index_for(self, pair: TextPair) -> SearchIndex:
        if self._index is not None and self._indexed is pair:
            return self._index
        return SearchIndex.build(pair)

    @on(Input.Changed, "#search")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.pair is not None:
            self._search(self.pair, event.value)

    @work(thread=True, exclusive=True, group="search", description="searching")
    def _search(self, pair: TextPair, query: str) -> None:
        index = self._index_for(pair)
        hits = search(pair, query, index) if query.strip() else ()
        self.app.call_from_thread(self._found, pair, index, query, hits)

    def _found(self, pair: TextPair, index: SearchIndex, query: str, hits: tuple[Hit, ...]) -> None:
        if pair is not self.pair:
            return  # the document changed while searching: its hits may point elsewhere
        self._index, self._indexed = index, pair
        self.last_query = query
        self.post_message(self.Matched(query, hits, submitted=False))

    @on(Input.Submitted, "#search")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.pair is None:
            return
        # The live search may still be running for the last keystroke: search now.
        index = self._index_for(self.pair)
        self._index, self._indexed = index, self.pair
        self.last_query = event.value
        hits = search(self.pair, event.value, index) if event.value.strip() else ()
        self.close()
        self.post_message(self.Matched(event.value, hits, submitted=True))
