"""The reader and the other language: a phrase's counterpart, tagging both at once, a
gloss, and concept suggestions accepted and dismissed (the Pilot; each key costs ~80 ms,
so these are few and the parts are tested without Textual in tests/unit/test_bilingual.py)."""

from __future__ import annotations

import pytest
from reader_helpers import Typed, make_app, press, screen_text, settle
from textual.widgets import Static

from alignread.store import pairfile
from alignread.tui.screens.concept_picker import ConceptPicker
from alignread.tui.screens.reader import ReaderScreen

pytestmark = pytest.mark.anyio
SIZE = (120, 40)
BEAD = 6  # "Word of mouth works because it borrows trust that already exists."


def panel_text(reader: ReaderScreen) -> str:
    """What the side panel says, unwrapped."""
    import io

    from rich.console import Console

    console = Console(width=400, file=io.StringIO(), record=True)
    console.print(reader.query_one("#info-body", Static).content)
    return console.export_text()


async def reader_on(pilot, bead: int) -> ReaderScreen:
    await settle(pilot)  # the document's words are aligned and its suggestions found in a worker
    reader = pilot.app.screen
    assert isinstance(reader, ReaderScreen) and reader.words is not None and reader.words.trained
    reader.table.move_to(bead)
    await pilot.pause()
    return reader


async def test_a_phrase_shows_its_counterpart_is_glossed_and_is_tagged_in_both_languages(working):
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        reader = await reader_on(pilot, BEAD)
        table = reader.table
        await pilot.press("s", "shift+right", "shift+right")
        assert table.selection is not None and (table.selection.first, table.selection.last) == (0, 2)
        assert table.selection.counterpart == (0, 1)  # Word of mouth -> Getok tular
        status = str(reader.query_one("#status").render())
        assert "“Word of mouth” ⇄ “Getok tular”" in status
        # The counterpart can be made longer and shorter before tagging; it is the reader's then.
        await pilot.press("ctrl+right")
        assert table.selection.counterpart == (0, 2) and table.selection.pinned
        await pilot.press("ctrl+left")
        assert table.selection.counterpart == (0, 1)
        # A gloss of the selected words, in the side panel.
        await pilot.press("g")
        await settle(pilot)
        assert reader.gloss is not None and reader.gloss.entries[0].translations == ("getok tular",)
        assert "Gloss (English)" in panel_text(reader) and "Indonesian: getok tular" in panel_text(reader)
        await press(pilot, "enter", Typed("word of mouth"))
        assert isinstance(app.screen, ConceptPicker)
        await pilot.press("enter")
        await settle(pilot)
        assert table.selection is None
    (tagged,) = pairfile.load(working).annotations
    assert tagged.is_bilingual and tagged.concepts == ("word-of-mouth",)
    assert (tagged.quote_en, tagged.quote_ind) == ("Word of mouth", "Getok tular")
    # Reopened: both spans are there, found by `a` and shown in the panel.
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.pair.annotations == (tagged,)
        await pilot.press("a")
        assert reader.table.cursor == BEAD
        assert "“Word of mouth”  (English) ⇄ “Getok tular”  (Indonesian)" in panel_text(reader)


async def test_a_suggestion_is_accepted_and_another_dismissed_for_good(working):
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        reader = await reader_on(pilot, BEAD)
        here = reader.suggested[BEAD]
        assert [s.concept for s in here] == ["word-of-mouth", "trust"]
        assert "word of mouth?" in screen_text(app) and "getok tular?" in screen_text(app)
        await pilot.press("enter")  # accepts the first: both places, one bilingual phrase
        await settle(pilot)
        (accepted,) = reader.pair.annotations
        assert accepted.is_bilingual and accepted.concepts == ("word-of-mouth",)
        assert [s.concept for s in reader.suggested[BEAD]] == ["trust"]
        await pilot.press("backspace")  # dismisses the next
        await settle(pilot)
        assert BEAD not in reader.suggested and "trust?" not in screen_text(app)
    saved = pairfile.load(working)
    assert [(d.concept, d.quote) for d in saved.dismissed] == [("trust", "trust"), ("trust", "kepercayaan")]
    # Reopened, the dismissed suggestion stays dismissed; the others are still offered.
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        reader = await reader_on(pilot, BEAD)
        assert BEAD not in reader.suggested
        assert any(s.concept == "trust" for found in reader.suggested.values() for s in found)
