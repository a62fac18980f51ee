"""When the file changed on disk: keep both, take theirs, or take mine."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from alignread.store.document_file import free_name


class ConflictDialog(ModalScreen[tuple[str, str] | None]):
    """What to do with work that could not be saved.

    When the file changed on disk (`conflict`), dismisses with ("save_as", path),
    ("reload", "") or ("overwrite", ""); when saving failed otherwise, with ("save_as",
    path) or ("retry", ""); None to decide later.
    """

    BINDINGS = [Binding("escape", "cancel", "Decide later")]

    def __init__(self, path: Path, problem: str = "", conflict: bool = True) -> None:
        super().__init__()
        self.path = path
        self.problem = problem
        self.conflict = conflict

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict", classes="dialog"):
            if self.conflict:
                yield Static("The file changed on disk", classes="dialog-title")
                explanation = (
                    f"{self.path} was changed by something else since you opened it. "
                    "Your latest change is not saved. Nothing has been overwritten."
                )
            else:
                yield Static("Not saved", classes="dialog-title")
                explanation = f"{self.problem}\nYour latest change is still here, not yet on disk."
            yield Static(explanation, markup=False)
            yield Static("Save my version as:")
            yield Input(str(free_name(self.path)), id="save-as")
            with Horizontal(classes="buttons"):
                yield Button("Save as", id="save_as", variant="primary")
                if self.conflict:
                    yield Button("Reload theirs", id="reload")
                    yield Button("Overwrite", id="overwrite", variant="error")
                else:
                    yield Button("Try again", id="retry")
            hint = "reload keeps your version in the undo history (u) · " if self.conflict else ""
            yield Static(f"[dim]{hint}escape decides later[/]", classes="dialog-hint")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        choice = event.button.id or ""
        if choice == "save_as":
            self._save_as()
        else:
            self.dismiss((choice, ""))

    @on(Input.Submitted, "#save-as")
    def _save_as(self) -> None:
        target = Path(self.query_one("#save-as", Input).value.strip()).expanduser()
        if not target.is_absolute():  # a bare name goes beside the document, not the cwd
            target = self.path.parent / target
        if not target.name or target.is_dir():
            self.notify("Give a file name", severity="warning")
        elif target.exists():
            self.notify(f"{target} exists; choose another name", severity="warning")
        elif not target.parent.is_dir():
            self.notify(f"Folder {target.parent} does not exist", severity="warning")
        else:
            self.dismiss(("save_as", str(target)))

    def action_cancel(self) -> None:
        self.dismiss(None)
