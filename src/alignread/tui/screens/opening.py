"""Opening a document: loading it, or segmenting and aligning its texts first."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import LoadingIndicator, Static

from alignread.core.errors import AlignreadError
from alignread.store.document_file import DocumentFile
from alignread.tui import messages
from alignread.tui.launch import AlignTexts, ImportEssay, OpenFile, Target


def describe(target: Target) -> str:
    if isinstance(target, OpenFile):
        return f"Opening {target.path}"
    if isinstance(target, AlignTexts):
        return f"Aligning {target.en.name} and {target.ind.name}"
    if isinstance(target, ImportEssay):
        return f"Importing {target.path.name}"
    return "Opening"


class OpeningScreen(Screen[messages.Opened | None]):
    """Shows progress while a worker loads or builds the document; dismisses with it."""

    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, target: Target) -> None:
        super().__init__()
        self.target = target
        self.failed = False

    def compose(self) -> ComposeResult:
        with Vertical(id="opening"):
            yield Static(describe(self.target), id="opening-title", markup=False)
            yield LoadingIndicator()
            yield Static("", id="opening-progress", markup=False)

    def on_mount(self) -> None:
        self._open()

    @work(thread=True, exclusive=True, group="open")
    def _open(self) -> None:
        target = self.target
        try:
            if isinstance(target, OpenFile):
                document, pair = target.opened or DocumentFile.open(target.path)
            else:
                assert isinstance(target, (AlignTexts, ImportEssay))
                def progress(text: str) -> None:
                    self.post_message(messages.Progress(text))

                pair = target.build(progress)
                self.post_message(messages.Progress(f"saving {target.output}"))
                document = DocumentFile(target.output)
                document.save(pair, version=0)
        except (AlignreadError, OSError) as exc:
            self.post_message(messages.OpenFailed(str(exc)))
            return
        self.post_message(messages.Opened(document, pair))

    @on(messages.Progress)
    def _progress(self, event: messages.Progress) -> None:
        self.query_one("#opening-progress", Static).update(event.text)

    @on(messages.Opened)
    def _opened(self, event: messages.Opened) -> None:
        self.dismiss(event)

    @on(messages.OpenFailed)
    def _failed(self, event: messages.OpenFailed) -> None:
        self.failed = True
        self.query_one(LoadingIndicator).display = False
        self.query_one("#opening-progress", Static).update(f"{event.problem}\n\nescape goes back")
        self.add_class("-failed")

    def action_back(self) -> None:
        if self.failed or not self.workers:
            self.dismiss(None)
