"""Helpers of the reader tests (imported by name: the test folders are not packages)."""

from __future__ import annotations

import shutil
from pathlib import Path

from alignread.tui.app import AlignreadApp
from alignread.tui.launch import OpenFile

ROOT = Path(__file__).parent.parent.parent
DATA = ROOT / "tests" / "data"
CONCEPTS = ROOT / "corpora" / "concepts.yaml"
NOW = "2025-01-01T09:00:00Z"


def fixed_clock() -> str:
    return NOW


def make_app(path: Path, **kwargs) -> AlignreadApp:
    """The reader on `path` (a copy to edit), with a copy of the corpus concepts beside it:
    concepts made while reading are added to that file."""
    if "concepts_file" not in kwargs:
        library = path.parent / "concepts.yaml"
        if not library.exists():
            shutil.copy(CONCEPTS, library)
        kwargs["concepts_file"] = library
    return AlignreadApp(OpenFile(path), clock=fixed_clock, **kwargs)


class Typed(str):
    """Text typed into the focused input in one go: `press(pilot, "t", Typed("trust"), "enter")`.

    The Pilot waits for the app to go idle after every key (about 80 ms), so typing a
    phrase key by key costs seconds; what an input does with the text is Textual's, and
    what the reader does with the input's value is the same either way.
    """


async def press(pilot, *keys: str) -> None:
    """Press keys, typing any `Typed` text into the focused input or text area."""
    from textual.widgets import Input, TextArea

    pending: list[str] = []
    for key in keys:
        if not isinstance(key, Typed):
            pending.append(key)
            continue
        if pending:
            await pilot.press(*pending)
            pending = []
        widget = pilot.app.focused
        if isinstance(widget, Input):
            start, end = sorted(widget.selection)
            widget.replace(str(key), start, end)  # typing replaces a selection
        elif isinstance(widget, TextArea):
            start, end = sorted(widget.selection)
            widget.replace(str(key), start, end)
        else:
            raise AssertionError(f"nothing to type into: {widget!r} has the focus")
        await pilot.pause()
    if pending:
        await pilot.press(*pending)


async def settle(pilot) -> None:
    """Let workers (saves, searches) finish and their messages be handled."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(app) -> str:
    """The screen as plain text, as a reader sees it."""
    import io

    from rich.console import Console

    console = Console(width=app.size.width, height=app.size.height, file=io.StringIO(), record=True,
                      force_terminal=False, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()
