"""The corpus browser: the documents of a folder, with their sizes and annotations."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from alignread.core.errors import AlignreadError
from alignread.core.sides import language_name
from alignread.core.words import counted
from alignread.store.corpus import CorpusDocument, find_documents
from alignread.store.document_file import default_pair_path
from alignread.tui.launch import AlignTexts, ImportEssay, OpenFile, Target


def pair_path(doc: CorpusDocument) -> Path:
    """Where `read` keeps a corpus document's aligned file."""
    if doc.file is not None:
        return doc.file.parent / f"{doc.name}.yaml"
    assert doc.en is not None
    return default_pair_path(doc.en, doc.name)


def target_for(doc: CorpusDocument) -> Target:
    path = pair_path(doc)
    if path.is_file():
        return OpenFile(path)
    if doc.file is not None:
        return ImportEssay(doc.file, path)
    assert doc.en is not None and doc.ind is not None
    return AlignTexts(doc.en, doc.ind, path, meta=doc.meta)


@dataclass(frozen=True, slots=True)
class DocumentCounts:
    en: int
    ind: int
    beads: int
    annotations: int


class CorpusBrowser(Screen):
    """Enter opens a document (aligning it first if needed)."""

    BINDINGS = [
        Binding("enter", "open", "Open"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.documents = find_documents(folder)

    def compose(self) -> ComposeResult:
        header = f"[b]Corpus[/b]  [dim]{self.folder}[/]  {counted(len(self.documents), 'document')}"
        yield Static(header, id="corpus-header")
        yield DataTable(id="documents", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Document", key="name")
        table.add_column("Title", key="title")
        table.add_column(language_name("en"), key="en")
        table.add_column(language_name("id"), key="ind")
        table.add_column("Beads", key="beads")
        table.add_column("Annotations", key="annotations")
        table.add_column("State", key="state")
        for doc in self.documents:
            state = "aligned" if pair_path(doc).is_file() else "not aligned yet"
            table.add_row(doc.name, doc.meta.title, "…", "…", "…", "…", state, key=doc.name)
        table.focus()
        self._count()

    @work(thread=True, exclusive=True, group="corpus")
    def _count(self) -> None:
        """Sentence and annotation counts of the aligned documents (loading can take a while)."""
        from alignread.store.pairfile import load

        for doc in self.documents:
            path = pair_path(doc)
            counts: DocumentCounts | None = None
            if path.is_file():
                try:
                    pair = load(path)
                except AlignreadError:
                    counts = None
                else:
                    counts = DocumentCounts(len(pair.en.sentences), len(pair.ind.sentences),
                                            len(pair.beads), len(pair.annotations))
            self.app.call_from_thread(self._show_counts, doc.name, counts)

    def _show_counts(self, name: str, counts: DocumentCounts | None) -> None:
        table = self.query_one(DataTable)
        values = ("—",) * 4 if counts is None else (counts.en, counts.ind, counts.beads, counts.annotations)
        for column, value in zip(("en", "ind", "beads", "annotations"), values):
            table.update_cell(name, column, value)

    def _current(self) -> CorpusDocument | None:
        table = self.query_one(DataTable)
        if not self.documents:
            return None
        return self.documents[table.cursor_row]

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        doc = self._current()
        if doc is None:
            return
        self.app.open_target(target_for(doc), from_corpus=True)  # type: ignore[attr-defined]

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            for doc in self.documents:
                state = "aligned" if pair_path(doc).is_file() else "not aligned yet"
                self.query_one(DataTable).update_cell(doc.name, "state", state)
            self._count()

    def action_help(self) -> None:
        self.notify("enter opens a document; in the reader, ? lists every key and b comes back here")
