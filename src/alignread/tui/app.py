"""The alignread reader: a Textual app that opens a document or a corpus.

The app only routes: it shows the opening screen, then a `ReaderScreen` per document (or
the corpus browser first), and it refuses to quit while a reader has unsaved work.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from textual import messages as textual_messages
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from alignread.core.model import Concept
from alignread.store.corpus import load_concepts
from alignread.store.document_file import concepts_near
from alignread.tui import messages
from alignread.tui.launch import BrowseCorpus, OpenFile, Target


class AlignreadApp(App[None]):
    """Read, tag and annotate aligned English–Indonesian essays."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute, so subclasses elsewhere find it
    TITLE = "alignread"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]

    def __init__(
        self,
        target: Target,
        *,
        clock: Callable[[], str] | None = None,
        concepts_file: str | Path | None = None,
        theme: str | None = None,
    ) -> None:
        super().__init__()
        self.target = target
        self.clock = clock
        self.concepts_file = Path(concepts_file) if concepts_file else None
        # Work a reader could not save when it went away without asking (a closed browser
        # tab): (the document, the file that holds the work), for the command to print.
        self.kept_elsewhere: list[tuple[Path, Path]] = []
        # The fault that ended the app: a long file shown from its preview that turned out
        # not to load whole (a truncated or damaged file), for `read` to report and exit 2.
        self.failed: Exception | None = None
        if theme:
            self.theme = theme

    def on_mount(self) -> None:
        self._end_on_signals()
        if isinstance(self.target, BrowseCorpus):
            from alignread.tui.screens.corpus_browser import CorpusBrowser

            self.push_screen(CorpusBrowser(self.target.folder))
        else:
            self.open_target(self.target)

    def _end_on_signals(self) -> None:
        """A terminal closed (SIGHUP) or a system shutting down (SIGTERM) would stop the
        process where it stands; end the app instead, as a closed browser tab does, so that
        a reader's work not on disk is kept (`ReaderScreen.on_unmount`)."""
        self._signals: list[int] = []
        loop = asyncio.get_running_loop()
        for name in ("SIGHUP", "SIGTERM"):
            number = getattr(signal, name, None)
            if number is None:
                continue  # not on this system
            try:
                loop.add_signal_handler(number, self.post_message, textual_messages.ExitApp())
            except (NotImplementedError, RuntimeError, ValueError):
                continue  # not the main thread, or no signals here: nothing to catch
            self._signals.append(number)

    def on_unmount(self) -> None:
        loop = asyncio.get_running_loop()
        for number in getattr(self, "_signals", ()):
            loop.remove_signal_handler(number)

    def open_target(self, target: Target, from_corpus: bool = False) -> None:
        """Load (or align) `target` in a worker, then read it.

        A file alignread wrote is shown at once from a preview of its first beads
        (`pairfile.preview`) while the reader loads the rest in a worker.
        """
        from alignread.tui.screens.opening import OpeningScreen

        if isinstance(target, OpenFile) and target.opened is None:
            from alignread.store.document_file import DocumentFile
            from alignread.store.pairfile import preview
            from alignread.tui.screens.reader import ReaderScreen

            first = preview(target.path)
            if first is not None:
                self.push_screen(ReaderScreen(DocumentFile(target.path), first, clock=self.clock,
                                              from_corpus=from_corpus, previewing=True))
                return

        def opened(result: messages.Opened | None) -> None:
            if result is None:
                if not from_corpus:
                    self.exit()
                return
            self.push_screen(self.reader_for(result, from_corpus))

        self.push_screen(OpeningScreen(target), opened)

    def reader_for(self, opened: messages.Opened, from_corpus: bool = False) -> Screen:
        from alignread.tui.screens.reader import ReaderScreen

        path, library = self.library(opened)
        return ReaderScreen(
            opened.document, opened.pair, library, clock=self.clock, from_corpus=from_corpus, library_path=path
        )

    def library(self, opened: messages.Opened) -> tuple[Path | None, tuple[Concept, ...]]:
        """The corpus concepts offered when tagging (`--concepts`, or a concepts.yaml nearby),
        and their file (where concepts made while reading are added)."""
        try:
            if self.concepts_file is not None:
                return self.concepts_file, load_concepts(self.concepts_file)
            return concepts_near(opened.document.path, opened.pair)
        except Exception as exc:  # a broken concepts.yaml must not stop reading
            self.notify(f"Corpus concepts not loaded: {exc}", severity="warning")
            return None, ()

    def readers(self) -> list[Screen]:
        from alignread.tui.screens.reader import ReaderScreen

        return [s for s in self.screen_stack if isinstance(s, ReaderScreen)]

    async def close_reader(self, reader) -> bool:
        """True when `reader`'s work is all on disk; otherwise ask what to do with it."""
        if await reader.flush():
            return True
        reader.resolve_unsaved()
        self.notify("Not closing: the latest change is not saved yet.", severity="error")
        return False

    async def action_quit(self) -> None:
        for reader in self.readers():
            if not await self.close_reader(reader):
                return
        self.exit()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette lists every action bound on the current screen, by its description."""
        yield from super().get_system_commands(screen)
        seen = {"quit"}
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.system or binding.action in seen or not active.enabled:
                continue
            seen.add(binding.action)
            key = self.get_key_display(binding)
            yield SystemCommand(binding.description, f"key: {key}",
                                partial(self.run_action, binding.action, active.node))
