"""The reading view: composition and actions over one document.

The document's state lives in an `EditSession` (`alignread.workflows.session`): its undo
history, its file, which version is on disk. Every change goes through `apply`, which
makes the new value the present one, shows it, and saves it in a thread worker; saves are
numbered, the file keeps the newest, and a file changed by someone else is not
overwritten. Searching is the `SearchBar`'s; tagging, notes, correcting and finding are
the actions below, each a call into the library.
"""

from __future__ import annotations

import asyncio
import gc
import re
from collections.abc import Callable
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker

from alignread.core import annotate, correct
from alignread.core.errors import AlignreadError
from alignread.core.find import (
    Hit,
    SearchIndex,
    annotated_beads,
    annotations_by_bead,
    low_confidence_beads,
    next_in,
    occurrences,
)
from alignread.core.history import History
from alignread.core.model import Concept, TextPair
from alignread.core.sides import SIDES, language_name, other_side
from alignread.core.structure import bead_chapter
from alignread.core.words import counted
from alignread.store.document_file import DocumentFile, unsaved_copies
from alignread.tui import messages
from alignread.tui.screens.conflict import ConflictDialog
from alignread.tui.widgets.bead_table import BeadTable
from alignread.tui.widgets.info_panel import InfoPanel
from alignread.tui.widgets.search_bar import SearchBar
from alignread.workflows.gloss import Gloss, gloss
from alignread.workflows.phrases import DocumentWords
from alignread.workflows.session import ASK, SAVE, EditSession, SaveOutcome
from alignread.workflows.suggest import Suggester, Suggestion, accept, dismiss

Clock = Callable[[], str]
# How often the reader looks whether its file was changed by another program.
WATCH_SECONDS = 1.0


def _settle_memory() -> None:
    """A document is loaded: move what exists now out of the cycle collector's sight.

    A book is half a million objects, none in a cycle (frozen values of tuples and
    strings), which every full collection would walk again: 0.3 s each, felt as a stalled
    cursor while the word links are trained. Frozen objects are still freed when nothing
    refers to them (reference counting); only cycles among them would stay.
    """
    gc.freeze()


class ReaderScreen(Screen):
    """Read, tag and annotate one aligned document."""

    BINDINGS = [
        Binding("t", "tag", "Tag"),
        Binding("s", "select_phrase", "Select phrase"),
        Binding("p", "type_phrase", "Tag typed phrase", show=False),
        Binding("n", "note", "Note"),
        Binding("d", "remove", "Remove tag/note", show=False),
        Binding("m", "merge_next", "Merge with the next bead", show=False),
        Binding("x", "split", "Split the bead", show=False),
        Binding("y", "confirm", "Confirm the bead (or unconfirm)", show=False),
        Binding("R", "realign", "Realign around the confirmed beads", show=False),
        Binding("u,ctrl+z", "undo", "Undo"),
        Binding("ctrl+r,ctrl+y", "redo", "Redo", show=False),
        Binding("slash", "search", "Search"),
        Binding("right_square_bracket", "next_match", "Next match", show=False),
        Binding("left_square_bracket", "previous_match", "Previous match", show=False),
        Binding("l", "next_low", "Next low-confidence", show=False),
        Binding("L", "previous_low", "Previous low-confidence", show=False),
        Binding("a", "next_annotated", "Next annotated", show=False),
        Binding("A", "previous_annotated", "Previous annotated", show=False),
        Binding("f", "follow", "Next of this concept", show=False),
        Binding("F", "follow_back", "Previous of this concept", show=False),
        Binding("c", "concepts", "Concepts"),
        Binding("o", "contents", "Contents (chapters)", show=False),
        Binding("i", "toggle_panel", "Side panel", show=False),
        # Only where the current bead has a concept suggestion (see `check_action`).
        Binding("enter", "accept_suggestion", "Accept suggestion"),
        Binding("backspace", "dismiss_suggestion", "Dismiss suggestion"),
        Binding("escape", "clear_search", "Clear search", show=False),
        Binding("ctrl+s", "save", "Save now", show=False),
        Binding("b", "back", "Back to corpus", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(
        self,
        document: DocumentFile,
        pair: TextPair,
        library: tuple[Concept, ...] = (),
        clock: Clock | None = None,
        from_corpus: bool = False,
        library_path: Path | None = None,
        previewing: bool = False,
    ) -> None:
        super().__init__()
        # Showing a preview of the first beads while the whole file loads in a worker
        # (`finish_loading`); nothing can be changed meanwhile. (Not `loading`: that is
        # Textual's reactive, which hides the screen behind a spinner.)
        self.previewing = previewing
        self.session = EditSession(document, pair)
        self.library = library
        self.library_path = library_path  # the corpus concepts.yaml, if any
        self.clock: Clock = clock or annotate.utc_now
        self.from_corpus = from_corpus
        self.concept: str | None = None  # the concept `f` follows
        self.search_query = ""
        self.matches: tuple[Hit, ...] = ()
        self._match_beads = pair.beads  # the beads the matches refer to
        self._by_bead: dict = {}
        self._save_workers: list[Worker] = []
        self.load_problem = ""
        self._panel_wanted: bool | None = None  # None: shown when the terminal is wide enough
        # The words of the document and their links (phrase counterparts), its concept
        # suggestions, and the gloss on show: made for the texts and beads on screen.
        self.words: DocumentWords | None = None
        self.suggester: Suggester | None = None
        self.suggested: dict[int, tuple[Suggestion, ...]] = {}
        self.gloss: Gloss | None = None
        self._gloss_index: tuple[TextPair, SearchIndex] | None = None

    @property
    def pair(self) -> TextPair:
        return self.session.pair

    @property
    def history(self) -> History:
        return self.session.history

    @property
    def document(self) -> DocumentFile:
        return self.session.document

    @property
    def table(self) -> BeadTable:
        return self.query_one(BeadTable)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    @property
    def unsaved(self) -> bool:
        return self.session.unsaved

    def compose(self) -> ComposeResult:
        yield Static(id="reader-header")
        with Horizontal(id="reader-body"):
            yield BeadTable(id="beads")
            yield InfoPanel(id="info")
        yield SearchBar()
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self._words_for(self.pair)
        self.table.show_document(self.pair)
        if not self.previewing:
            self.search_bar.set_document(self.pair)
            _settle_memory()
        self._by_bead = annotations_by_bead(self.pair)
        self.table.focus()
        self._update_panel()
        # Another program may write the file (a batch run realigning it, another reader):
        # look every second, so what is shown and what is saved is never stale for long.
        self.set_interval(WATCH_SECONDS, self._watch, name="watch the file")
        self._start_loading()
        self._mention_unsaved_copies()

    def _watch(self) -> None:
        if self.previewing or self.session.unsaved or self.session.problem or not self.session.changed_on_disk():
            return  # a save is under way or waits for a decision: it merges, or asks
        try:
            self.session.reload()
        except AlignreadError as exc:
            self.notify(str(exc), title="The file changed on disk and cannot be read", severity="error")
            return
        self._show()
        self.set_status("The file changed on disk and was reloaded (u goes back to your version, after asking)")

    def _start_loading(self) -> None:
        if self.previewing:
            # Once the preview is on screen: the loading thread takes most of the
            # interpreter's time, and the first paint should not wait for it.
            self.call_after_refresh(self._load)

    # ------------------------------------------------------------ loading behind the first screen

    @work(thread=True, exclusive=True, group="open", description="loading the document")
    def _load(self) -> None:
        try:
            document, pair = DocumentFile.open(self.document.path)
        except (AlignreadError, OSError) as exc:
            self.post_message(messages.OpenFailed(str(exc), exc))
            return
        self.post_message(messages.Opened(document, pair))

    @on(messages.Opened)
    def _loaded(self, event: messages.Opened) -> None:
        self.finish_loading(event.document, event.pair)

    def finish_loading(self, document: DocumentFile, pair: TextPair) -> None:
        """The whole document is in: it replaces the preview, and editing is allowed."""
        self.session = EditSession(document, pair)
        self.previewing = False
        path, self.library = self.app.library(messages.Opened(document, pair))  # type: ignore[attr-defined]
        self.library_path = path
        self._show()
        self.refresh_bindings()
        _settle_memory()

    @on(messages.OpenFailed)
    def _load_failed(self, event: messages.OpenFailed) -> None:
        if not self.from_corpus and event.error is not None:
            # Opened from the command line: nothing could have been changed on a preview, so
            # the app ends and `read` reports the file's fault in one line, exit 2, as every
            # command does for bad input (`AlignreadApp.failed`).
            self.app.failed = event.error  # type: ignore[attr-defined]
            self.app.exit(return_code=2)
            return
        self.load_problem = event.problem
        self._update_header()
        self.notify(event.problem, title="Cannot open the whole file", severity="error", timeout=30)

    def on_resize(self) -> None:
        self._update_panel_visibility()

    # ------------------------------------------------------------ showing

    def _show(self) -> None:
        pair = self.pair
        if pair.beads is not self._match_beads and self.matches:
            # Merged or split beads (or their undo): bead numbers changed.
            self.matches = ()
            self.table.show_matches(())
        self._match_beads = pair.beads
        self._by_bead = annotations_by_bead(pair)
        self._words_for(pair)
        self.table.show_document(pair)
        self.search_bar.set_document(pair)
        self._show_suggestions()
        self._update_panel()

    # ------------------------------------------------------------ words, counterparts, suggestions

    def _words_for(self, pair: TextPair) -> None:
        """Word links and suggestions for `pair`: kept while its texts and beads are the
        same; otherwise made afresh (a trained model is kept while the texts are), and the
        document's translation tables and suggestions are worked out in a worker."""
        if self.previewing or not pair.beads:
            return
        old = self.words
        if old is not None and old.pair.beads is pair.beads and old.pair.en is pair.en and old.pair.ind is pair.ind:
            return
        same_texts = old is not None and old.pair.en is pair.en and old.pair.ind is pair.ind
        words = DocumentWords(pair, model=old.model if same_texts and old is not None else None)
        self.words = words
        self.table.counterparts = words.counterpart_words
        self.suggester = None
        self._prepare_words(words, self._all_concepts(), train=not (same_texts and old is not None and old.trained))

    # Not `exclusive`: a thread cannot be stopped midway, and a cancelled worker would fail
    # whoever waits for the workers. One made for a document no longer shown stops at the
    # next step instead, and its result is not used.
    @work(thread=True, group="words", description="aligning the words of the beads")
    def _prepare_words(self, words: DocumentWords, concepts: tuple[Concept, ...], train: bool) -> None:
        if train:
            words.train()
        if words is not self.words:
            return
        suggester = Suggester(words.pair, concepts, words)
        self.app.call_from_thread(self._words_ready, words, suggester)

    def _words_ready(self, words: DocumentWords, suggester: Suggester) -> None:
        if words is not self.words:
            return  # the document changed meanwhile; its own worker is on its way
        self.suggester = suggester
        self.table.concept_labels = {(c.id, side): c.label(side) for c in suggester.concepts for side in SIDES}
        self.table.refresh_counterpart()  # the selection's, by the trained links
        self._show_suggestions()
        self._update_panel()

    def _show_suggestions(self) -> None:
        suggester = self.suggester
        found = suggester.current(self.pair) if suggester is not None else ()
        grouped: dict[int, list[Suggestion]] = {}
        for sug in found:
            grouped.setdefault(sug.bead, []).append(sug)
        self.suggested = {k: tuple(v) for k, v in grouped.items()}
        self.table.show_suggestions(self.suggested)

    def _label(self, concept_id: str) -> str:
        c = next((c for c in self._all_concepts() if c.id == concept_id), None)
        return c.label("en") if c else concept_id

    def _suggestion_here(self) -> Suggestion | None:
        found = self.suggested.get(self.table.cursor, ())
        return found[0] if found else None

    def action_accept_suggestion(self) -> None:
        sug = self._suggestion_here()
        if sug is None:
            return
        concept = next((c for c in self._all_concepts() if c.id == sug.concept), None)
        pair = self._with_concept(concept) if concept is not None else self.pair
        quotes = " ⇄ ".join(f"“{_escape(self.pair.side(sp.side).text[sp.start:sp.end])}”" for sp in sug.spans)
        self.apply(accept(pair, sug, at=self.clock()), f"Tagged {quotes}: {self._label(sug.concept)} (u undoes)")
        self.concept = sug.concept

    def action_dismiss_suggestion(self) -> None:
        sug = self._suggestion_here()
        if sug is None:
            return
        self.apply(dismiss(self.pair, sug), f"Dismissed the suggestion “{_escape(self._label(sug.concept))}” here "
                                              "(it is not offered again; u undoes)")

    @on(BeadTable.GlossAsked)
    def _gloss_asked(self, event: BeadTable.GlossAsked) -> None:
        self.set_status("Looking the words up…")
        self._gloss(self.pair, self.words, event.side, event.start, event.end)

    @work(thread=True, group="gloss", description="glossing the selected words")
    def _gloss(self, pair: TextPair, words: DocumentWords | None, side: str, start: int, end: int) -> None:
        kept = self._gloss_index
        index = kept[1] if kept is not None and kept[0].en is pair.en and kept[0].beads is pair.beads \
            else SearchIndex.build(pair)
        found = gloss(pair, side, start, end, words, index)
        self.app.call_from_thread(self._glossed, pair, index, found)

    def _glossed(self, pair: TextPair, index: SearchIndex, found: Gloss) -> None:
        self._gloss_index = (pair, index)
        if pair is not self.pair:
            return
        self.gloss = found
        if not self.query_one(InfoPanel).display:
            self._panel_wanted = True  # the gloss is in the side panel: show it
        self._update_panel()
        self.set_status(f"Gloss of “{_escape(found.text)}” in the side panel  [dim]i hides it[/]")

    def _update_panel_visibility(self) -> None:
        wide = self.app.size.width >= 100
        panel = self.query_one(InfoPanel)
        panel.display = wide if self._panel_wanted is None else self._panel_wanted

    def _update_panel(self) -> None:
        self._update_panel_visibility()
        pair = self.pair
        k = self.table.cursor
        if pair.beads:
            gloss_here = self.gloss if self.gloss is not None and self.gloss.bead == k else None
            self.query_one(InfoPanel).show_bead(pair, k, self._by_bead.get(k, ()), self.suggested.get(k, ()),
                                                self._label, gloss_here)
        self._update_header()

    def _update_header(self) -> None:
        pair = self.pair
        title = pair.meta.title or Path(pair.en.file or self.document.path).stem
        state = self.session.state
        if self.session.problem:
            state = f"[$text-error]{state}[/]"
        if self.load_problem:
            state = f"[$text-error]{_escape(self.load_problem)}[/]"
        elif self.previewing:
            state = "[$text-warning]loading the rest…[/]"
        n = len(pair.beads)
        position = f"bead {self.table.cursor + 1}/{n}" if n else "no beads"
        chapter = ""
        if n and (pair.en.chapters or pair.ind.chapters):
            chapter = f"  [dim]│[/] {_escape(bead_chapter(pair, pair.beads[min(self.table.cursor, n - 1)]))}"
        # One line of fixed height: no layout pass needed (this runs on every cursor move).
        self.query_one("#reader-header", Static).update(
            f"[b]{_escape(title)}[/b]  [dim]English ⇄ Indonesian · {_escape(self.document.path.name)}[/]"
            f"{chapter}  [dim]│[/] {position}  [dim]│[/] {state}",
            layout=False,
        )

    def set_status(self, text: str) -> None:
        self.query_one("#status", Static).update(text, layout=False)

    @on(BeadTable.CursorMoved)
    def _cursor_moved(self, event: BeadTable.CursorMoved) -> None:
        self._update_panel()

    @on(BeadTable.SelectionChanged)
    def _selection_changed(self, event: BeadTable.SelectionChanged) -> None:
        if event.selection is None:
            self.set_status("")
            return
        side = language_name(event.selection.side)
        other = language_name(event.selection.other)
        if event.counterpart:
            self.set_status(
                f"Selected ({side}): “{_escape(event.quote)}” ⇄ “{_escape(event.counterpart)}”  [dim]enter tags both · "
                f"ctrl+←/→ adjusts the {other} · delete: {side} only[/]")
        else:
            self.set_status(f"Selected ({side}): “{_escape(event.quote)}”  [dim]enter tags it, ctrl+→ adds a "
                            f"counterpart in {other}, g glosses, escape cancels[/]")

    # ------------------------------------------------------------ changing and saving

    def apply(self, pair: TextPair, what: str) -> None:
        """Make `pair` the document: undoable, shown, and saved at once."""
        if not self.session.apply(pair):
            return
        self._show()
        self.set_status(what)
        self.save()

    def save(self, force: bool = False) -> None:
        pair, version = self.session.next_save()
        self._update_header()
        worker = self._save(pair, version, force)
        self._save_workers = [w for w in self._save_workers if not w.is_finished] + [worker]

    # A description of its own: Textual would otherwise describe the worker by the repr of
    # its arguments, the whole document (70 ms for a 5,000-bead book, on every save).
    @work(thread=True, group="save", description="saving the document")
    def _save(self, pair: TextPair, version: int, force: bool) -> None:
        self.post_message(messages.SaveDone(self.session.write(pair, version, force)))

    async def flush(self) -> bool:
        """Wait for saves in flight; True when everything is on disk."""
        pending = [w for w in self._save_workers if not w.is_finished]
        if pending:
            await asyncio.gather(*(w.wait() for w in pending), return_exceptions=True)
        # Messages from the workers may still be queued; the version numbers are exact.
        return not self.unsaved

    def on_unmount(self) -> None:
        """The reader goes away: after `q` all is on disk, but a browser tab closed under
        `alignread serve` (or a terminal closed) ends the app without asking. Work not on
        disk is then saved if that needs no decision, else kept in `NAME.unsaved.yaml`."""
        if self.previewing:
            return  # nothing can be edited before the whole document is in
        try:
            kept = self.session.keep_at_exit()
        except AlignreadError as exc:
            self.app.log.error(f"unsaved work lost: {exc}")
            return
        if kept is not None:
            self.app.kept_elsewhere.append((self.document.path, kept))  # type: ignore[attr-defined]

    def _mention_unsaved_copies(self) -> None:
        copies = unsaved_copies(self.document.path)
        if copies:
            names = ", ".join(p.name for p in copies)
            self.notify(f"Work that could not be saved to this file when a reader closed is in {names}: "
                        "open it with alignread read to see it, and keep what you want.",
                        title="Unsaved work kept beside this file", severity="warning", timeout=30)

    @on(messages.SaveDone)
    def _save_done(self, event: messages.SaveDone) -> None:
        outcome: SaveOutcome = event.outcome
        advice = self.session.record(outcome)
        if outcome.merged is not None:
            # The file had changed on disk (a batch run, another reader): both are kept.
            self._show()
            self.set_status("The file had changed on disk: your change was merged into it and saved (u asks first)")
        if advice == SAVE:
            self.save()
        self._update_header()
        if advice == ASK:
            self.resolve_unsaved()

    def resolve_unsaved(self) -> None:
        """Ask what to do with work that could not be saved (it stays in memory meanwhile)."""
        if isinstance(self.app.screen, ConflictDialog):
            return

        def chosen(choice: tuple[str, str] | None) -> None:
            if choice is None:
                self.notify("Your latest change is not saved yet: ctrl+s to decide.", severity="warning")
                return
            what, path = choice
            self.session.clear_problem()
            if what == "overwrite":
                self.save(force=True)
            elif what == "retry":
                self.save()
            elif what == "reload":
                self._reload()
            elif what == "save_as":
                from alignread.store.output_policy import check_output

                try:
                    # The output policy of every command: never over an input, a file that is
                    # not ours, a device; the file the reader works on is an input here.
                    target = check_output(path, "yaml", inputs=(str(self.document.path),))
                except AlignreadError as exc:
                    self.session.problem = self.session.problem or str(exc)
                    self.notify(str(exc), title="Not saved there", severity="error")
                    self.resolve_unsaved()
                    return
                self.session.move_to(target or path)
                self.save(force=True)
                self.notify(f"From now on saving to {path}")

        self.app.push_screen(ConflictDialog(self.document.path, self.session.problem, self.session.conflict), chosen)

    def _reload(self) -> None:
        try:
            # The reloaded value goes on the history, so `u` brings back what was discarded.
            self.session.reload()
        except AlignreadError as exc:
            self.notify(str(exc), title="Cannot reload", severity="error")
            return
        self._show()
        self.set_status("Reloaded from disk (u brings your version back)")

    def action_save(self) -> None:
        if self.session.problem:
            self.resolve_unsaved()
        else:
            self.save()

    # ------------------------------------------------------------ tagging

    def _concepts_on_bead(self, k: int) -> tuple[str, ...]:
        a = annotate.bead_annotation(self.pair, k)
        return a.concepts if a else ()

    def _with_concept(self, concept: Concept) -> TextPair:
        pair = self.pair
        known = pair.concept(concept.id)
        if known is None:
            pair = annotate.add_concept(pair, concept)
            if all(c.id != concept.id for c in self.library):
                self._share(concept)
        return pair

    def _share(self, concept: Concept) -> None:
        """Add a concept made while reading to the corpus concepts.yaml, so that the other
        documents offer it too (it is in this document either way)."""
        from alignread.store.corpus import add_to_concepts_file

        self.library = self.library + (concept,)
        if self.library_path is None:
            return
        try:
            add_to_concepts_file(self.library_path, concept)
        except (AlignreadError, OSError) as exc:
            self.notify(f"“{concept.label()}” is kept in this document only: {exc}", severity="warning")
        else:
            self.notify(f"Added “{concept.label()}” to {self.library_path}")

    def action_tag(self) -> None:
        from alignread.tui.screens.concept_picker import ConceptPicker

        if not self.pair.beads:
            return
        k = self.table.cursor

        def chosen(concept: Concept | None) -> None:
            if concept is None:
                return
            pair = self._with_concept(concept)
            if concept.id in self._concepts_on_bead(k):
                self.apply(annotate.untag_bead(pair, k, concept.id, at=self.clock()),
                           f"Untagged bead {k + 1}: {concept.label()}")
            else:
                self.apply(annotate.tag_bead(pair, k, [concept.id], at=self.clock()),
                           f"Tagged bead {k + 1}: {concept.label()}")
            self.concept = concept.id

        self.app.push_screen(
            ConceptPicker(self._all_concepts(), applied=self._concepts_on_bead(k), title=f"Tag bead {k + 1}"), chosen
        )

    def _all_concepts(self) -> tuple[Concept, ...]:
        mine = self.pair.concepts
        ids = {c.id for c in mine}
        return mine + tuple(c for c in self.library if c.id not in ids)

    def action_select_phrase(self) -> None:
        if self.table.selection is not None:
            self.table.action_cancel_selection()
        elif self.table.start_selection():
            self.table.focus()

    @on(BeadTable.PhraseChosen)
    def _phrase_chosen(self, event: BeadTable.PhraseChosen) -> None:
        self.tag_phrase(event.side, event.start, event.end, event.counterpart)

    def tag_phrase(self, side: str, start: int, end: int, counterpart: tuple[int, int] | None = None) -> None:
        """Tag a phrase (and with `counterpart`, its span in the other language, at once)."""
        from alignread.tui.screens.concept_picker import ConceptPicker

        quote = self.pair.side(side).text[start:end]
        other = self.pair.side(other_side(side)).text[counterpart[0]:counterpart[1]] if counterpart else ""

        def chosen(concept: Concept | None) -> None:
            if concept is None:
                return
            pair = self._with_concept(concept)
            try:
                new = annotate.tag_phrase(pair, side, start, end, [concept.id], at=self.clock(),
                                          counterpart=counterpart)
            except annotate.EditError as exc:
                self.notify(str(exc), severity="error")
                return
            self.table.action_cancel_selection()
            both = f"“{_escape(quote)}” ⇄ “{_escape(other)}”" if other else f"“{_escape(quote)}”"
            self.apply(new, f"Tagged {both}: {concept.label(side)}")
            self.concept = concept.id

        short = quote if len(quote) <= 40 else quote[:39] + "…"
        if other:
            short += " ⇄ " + (other if len(other) <= 30 else other[:29] + "…")
        self.app.push_screen(ConceptPicker(self._all_concepts(), title=f"Tag “{short}”"), chosen)

    def action_type_phrase(self) -> None:
        from alignread.tui.screens.phrase_prompt import PhrasePrompt

        k = self.table.cursor

        def typed(text: str | None) -> None:
            if not text:
                return
            found = self._find_phrase(k, text)
            if found is None:
                self.notify(f"“{text}” is not in bead {k + 1}", severity="warning")
                return
            self.table.select_span(*found)
            self.tag_phrase(*found, counterpart=self.table.counterpart_span())

        self.app.push_screen(PhrasePrompt(k), typed)

    def _find_phrase(self, k: int, text: str) -> tuple[str, int, int] | None:
        """The first place `text` occurs in bead `k` (English first), ignoring case and spacing."""
        words = text.split()
        if not words:
            return None
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
        bead = self.pair.beads[k]
        for side, ids in (("en", bead.en), ("id", bead.ind)):
            for i in ids:
                s = self.pair.side(side).sentences[i]
                m = pattern.search(s.text)
                if m:
                    return side, s.start + m.start(), s.start + m.end()
        return None

    def action_note(self) -> None:
        from alignread.tui.screens.note_editor import NoteEditor

        if not self.pair.beads:
            return
        k = self.table.cursor
        a = annotate.bead_annotation(self.pair, k)

        def written(note: str | None) -> None:
            if note is None:
                return
            self.apply(annotate.set_bead_note(self.pair, k, note, at=self.clock()), f"Note on bead {k + 1} saved")

        bead = self.pair.beads[k]
        self.app.push_screen(
            NoteEditor(a.note if a else "", k, self.pair.bead_text(bead, "en"), self.pair.bead_text(bead, "id")),
            written,
        )

    def action_remove(self) -> None:
        from alignread.tui.screens.remove_annotation import RemoveAnnotation

        k = self.table.cursor
        anns = self._by_bead.get(k, ())
        if not anns:
            self.notify(f"Bead {k + 1} has no tags or notes", severity="warning")
            return

        def chosen(annotation_id: str | None) -> None:
            if annotation_id:
                self.apply(annotate.remove_annotation(self.pair, annotation_id), "Removed (u undoes)")

        self.app.push_screen(RemoveAnnotation(self.pair, anns), chosen)

    # ------------------------------------------------------------ correcting the alignment

    def action_merge_next(self) -> None:
        k = self.table.cursor
        if k + 1 >= len(self.pair.beads):
            self.notify("The last bead has no next bead to merge with", severity="warning")
            return
        self.apply(correct.merge_beads(self.pair, k, at=self.clock()), f"Merged beads {k + 1} and {k + 2} (u undoes)")

    def action_split(self) -> None:
        from alignread.tui.screens.split_bead import SplitBead

        if not self.pair.beads:
            return
        k = self.table.cursor
        bead = self.pair.beads[k]
        if not correct.split_points(bead):
            self.notify(f"Bead {k + 1} has one sentence: nothing to split", severity="warning")
            return

        def chosen(where: tuple[int, int] | None) -> None:
            if where is not None:
                self.apply(correct.split_bead(self.pair, k, *where, at=self.clock()), f"Split bead {k + 1} (u undoes)")

        self.app.push_screen(SplitBead(self.pair, k), chosen)

    def action_confirm(self) -> None:
        if not self.pair.beads:
            return
        k = self.table.cursor
        pair = correct.toggle_confirmed(self.pair, k)
        done = "Confirmed" if pair.beads[k].confirmed else "Unconfirmed"
        self.apply(pair, f"{done} bead {k + 1} (u undoes)")

    def action_realign(self) -> None:
        if not any(b.confirmed for b in self.pair.beads):
            self.notify("No confirmed beads yet: put some right first (m, x, y); R then aligns the rest around them",
                        severity="warning")
            return
        self.set_status("Realigning around the confirmed beads…")
        self._realign(self.pair)

    @work(thread=True, exclusive=True, group="realign", description="realigning around the confirmed beads")
    def _realign(self, pair: TextPair) -> None:
        from alignread.workflows.realign import realign_between_confirmed

        try:
            new = realign_between_confirmed(pair, at=self.clock())
        except Exception as exc:
            self.app.call_from_thread(self.notify, f"Realigning failed: {exc}", severity="error")
            return
        self.app.call_from_thread(self._realigned, pair, new)

    def _realigned(self, before: TextPair, new: TextPair) -> None:
        if self.pair is not before:
            self.set_status("The document changed while realigning: press R again")
            return
        changed = len(set(new.beads) - set(before.beads))
        if not changed:
            self.set_status("Realigned: every bead stays as it was")
            return
        self.apply(new, f"Realigned around the confirmed beads: {counted(changed, 'bead')} changed (u undoes)")

    def action_undo(self) -> None:
        if self.session.undo_crosses_a_change_on_disk:
            from alignread.tui.screens.confirm import ConfirmDialog

            def answered(yes: bool | None) -> None:
                if yes:
                    self._undo(cross=True)

            self.app.push_screen(ConfirmDialog(
                "Undo past a change made on disk?",
                "The file was changed by another program (a batch run, another reader) and what you see "
                "includes that change. Undoing goes back to your version from before it, and saving that "
                "replaces the newer file.",
                yes="Undo and save my older version", no="Keep the newer file",
            ), answered)
            return
        self._undo()

    def _undo(self, cross: bool = False) -> None:
        if not self.session.undo(cross=cross):
            self.set_status("Nothing to undo")
            return
        self._show()
        self.set_status("Undone (ctrl+r redoes)")
        self.save()

    def action_redo(self) -> None:
        if not self.session.redo():
            self.set_status("Nothing to redo")
            return
        self._show()
        self.set_status("Redone")
        self.save()

    # ------------------------------------------------------------ finding

    def _jump(self, bead: int | None, what: str) -> None:
        if bead is None:
            self.set_status(f"No {what}")
            return
        self.table.move_to(bead)
        self.set_status(f"{what.capitalize()}: bead {bead + 1}")

    def action_next_low(self) -> None:
        self._jump(next_in(low_confidence_beads(self.pair), self.table.cursor), "low-confidence bead")

    def action_previous_low(self) -> None:
        self._jump(next_in(low_confidence_beads(self.pair), self.table.cursor, forward=False), "low-confidence bead")

    def action_next_annotated(self) -> None:
        self._jump(next_in(annotated_beads(self.pair), self.table.cursor), "annotated bead")

    def action_previous_annotated(self) -> None:
        self._jump(next_in(annotated_beads(self.pair), self.table.cursor, forward=False), "annotated bead")

    def _follow(self, forward: bool) -> None:
        concept = self.concept
        here = self._by_bead.get(self.table.cursor, ())
        if concept is None or not any(concept in a.concepts for a in self.pair.annotations):
            concept = next((c for a in here for c in a.concepts), None)
        if concept is None:
            self.set_status("No concept to follow: tag this bead, or choose one in the concept view (c)")
            return
        self.concept = concept
        beads = sorted({o.bead for o in occurrences(self.pair, concept)})
        c = self.pair.concept(concept)
        self._jump(next_in(beads, self.table.cursor, forward), f"“{c.label() if c else concept}”")

    def action_follow(self) -> None:
        self._follow(True)

    def action_follow_back(self) -> None:
        self._follow(False)

    def action_concepts(self) -> None:
        from alignread.tui.screens.concept_view import ConceptView

        def chosen(result: tuple[str, int] | None) -> None:
            if result is None:
                return
            self.concept, bead = result
            self.table.move_to(bead, top=True)
            self.table.focus()

        self.app.push_screen(ConceptView(self.pair, self.concept), chosen)

    def action_search(self) -> None:
        self.search_bar.open()

    @on(SearchBar.Matched)
    def _matched(self, event: SearchBar.Matched) -> None:
        self._show_matches(event.query, event.hits)
        if event.submitted:
            self.table.focus()
            if self.matches:
                self._jump_match(True, include_current=True)

    def _show_matches(self, query: str, hits: tuple[Hit, ...]) -> None:
        self.search_query, self.matches = query, hits
        self._match_beads = self.pair.beads
        self.table.show_matches(hits)
        beads = len({h.bead for h in hits})
        if query.strip():
            self.set_status(f"“{_escape(query)}”: {counted(len(hits), 'match', 'matches')} in "
                            f"{counted(beads, 'bead')}  [dim]] next, \\[ previous[/dim]")
        else:
            self.set_status("")

    def _jump_match(self, forward: bool, include_current: bool = False) -> None:
        beads = sorted({h.bead for h in self.matches})
        if not beads:
            self.set_status("No search matches: / searches")
            return
        here = self.table.cursor
        target = here if include_current and here in beads else next_in(beads, here, forward)
        assert target is not None  # `beads` is not empty
        self.table.move_to(target)
        self.set_status(
            f"“{_escape(self.search_query)}”: match in bead {target + 1} "
            f"({beads.index(target) + 1} of {counted(len(beads), 'bead')})"
        )

    def action_next_match(self) -> None:
        self._jump_match(True)

    def action_previous_match(self) -> None:
        self._jump_match(False)

    def action_clear_search(self) -> None:
        if self.search_bar.is_open:
            self.search_bar.close()
            self.table.focus()
            return
        if self.matches:
            self._show_matches("", ())

    # ------------------------------------------------------------ other

    def action_toggle_panel(self) -> None:
        panel = self.query_one(InfoPanel)
        self._panel_wanted = not panel.display
        self._update_panel_visibility()

    def action_help(self) -> None:
        from alignread.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self))

    # What waits until the whole document is loaded: anything that changes it or needs all of it.
    NEEDS_DOCUMENT = {"tag", "select_phrase", "type_phrase", "note", "remove", "merge_next", "split", "confirm",
                      "realign", "undo", "redo", "search", "next_match", "previous_match", "save", "concepts",
                      "follow", "follow_back"}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self.from_corpus
        if action in ("accept_suggestion", "dismiss_suggestion"):
            return not self.previewing and self.table.selection is None and self._suggestion_here() is not None
        return not (self.previewing and action in self.NEEDS_DOCUMENT)

    def action_contents(self) -> None:
        from alignread.core.structure import contents
        from alignread.tui.screens.contents import ContentsScreen

        entries = contents(self.pair)
        if not entries:
            self.notify("This document has no chapters", severity="warning")
            return

        def chosen(bead: int | None) -> None:
            if bead is not None:
                self.table.move_to(bead, top=True)
                self.table.focus()

        self.app.push_screen(ContentsScreen(entries, self.table.cursor), chosen)

    async def action_back(self) -> None:
        if await self.app.close_reader(self):  # type: ignore[attr-defined]
            self.dismiss()


def _escape(text: str) -> str:
    """Text safe inside Textual markup."""
    return text.replace("[", r"\[")
