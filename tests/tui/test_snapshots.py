"""SVG snapshots of the reader on a corpus essay, at 120x40 and 80x24.

The document is the word-of-mouth essay with a few tags, a phrase, a note and one
low-confidence bead (the `annotated` fixture); timestamps are fixed and only the file's
name, which is always the same, appears on screen. `pytest --snapshot-update` rewrites
them after an intended change; look at `snapshot_report.html` first.
"""

from __future__ import annotations

import pytest
from reader_helpers import make_app, settle

SIZES = [(120, 40), (80, 24)]


def steady(*keys: str):
    """A `run_before` that opens the reader, presses `keys`, and stops cursors blinking."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        for widget in pilot.app.screen.query("Input, TextArea"):
            widget.cursor_blink = False
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_reading_view(snap_compare, annotated, size):
    # `a` jumps to the first annotated bead: chips, a phrase, a note; bead 5 above is doubtful.
    assert snap_compare(make_app(annotated), terminal_size=size, run_before=steady("a"))


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_concept_picker(snap_compare, annotated, size):
    assert snap_compare(make_app(annotated), terminal_size=size, run_before=steady("a", "t", "r", "e"))


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_note_editor(snap_compare, annotated, size):
    assert snap_compare(make_app(annotated), terminal_size=size, run_before=steady("a", "n"))


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_concept_view(snap_compare, annotated, size):
    assert snap_compare(make_app(annotated), terminal_size=size, run_before=steady("c"))
