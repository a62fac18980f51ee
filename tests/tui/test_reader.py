"""The reader driven with the Pilot, asserting on what is saved to disk."""

from __future__ import annotations

import os
import signal

import pytest
from reader_helpers import CONCEPTS, NOW, Typed, make_app, press, screen_text, settle
from textual.messages import ExitApp

from alignread.core import annotate
from alignread.core.model import Concept
from alignread.store import pairfile
from alignread.tui.screens.concept_picker import ConceptPicker
from alignread.tui.screens.concept_view import ConceptView
from alignread.tui.screens.confirm import ConfirmDialog
from alignread.tui.screens.conflict import ConflictDialog
from alignread.tui.screens.help import HelpScreen
from alignread.tui.screens.note_editor import NoteEditor
from alignread.tui.screens.reader import ReaderScreen
from alignread.tui.widgets.bead_table import BeadTable
from alignread.tui.widgets.table_geometry import GUTTER

pytestmark = pytest.mark.anyio
SIZE = (120, 40)


async def open_reader(pilot) -> ReaderScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


@pytest.fixture
def unwatched(monkeypatch):
    """The reader does not look at its file every second: these tests change the file
    behind its back to reach a conflict at the next save, which a reload in between (on a
    slow machine the keys take that long) would turn into no conflict at all."""
    monkeypatch.setattr("alignread.tui.screens.reader.WATCH_SECONDS", 3600.0)


async def go_to(pilot, bead: int) -> None:
    """Make `bead` current as `G`/`g` and the arrows would (moving bead by bead is tested
    on its own, and each key costs the Pilot about 80 ms)."""
    pilot.app.screen.table.move_to(bead)
    await pilot.pause()
    assert pilot.app.screen.table.cursor == bead


def saved(path):
    return pairfile.load(path)


async def test_opens_on_the_first_bead_and_moves(working):
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot)
        table = reader.table
        assert table.cursor == 0 and table.has_focus
        await pilot.press("j", "j", "down", "k")
        assert table.cursor == 2
        await pilot.press("G")
        assert table.cursor == len(reader.pair.beads) - 1
        await pilot.press("g")
        await pilot.press("pagedown")
        after_page = table.cursor
        assert after_page > 3 and table.scroll_offset.y > 0
        await pilot.press("pageup")
        assert table.cursor < after_page and table.scroll_offset.y == 0
        await pilot.press("end", "pagedown")
        assert table.cursor == len(reader.pair.beads) - 1
        await pilot.press("home")
        assert table.cursor == 0


async def test_tag_a_bead_with_a_corpus_concept(working):
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        await open_reader(pilot)
        await go_to(pilot, 6)
        await pilot.press("t")
        assert isinstance(app.screen, ConceptPicker)
        await press(pilot, Typed("trust"), "enter")
        await settle(pilot)
    pair = saved(working)
    (a,) = pair.annotations
    assert (a.en, a.ind, a.concepts, a.created) == ((6,), (6,), ("trust",), NOW)
    assert pair.concept("trust").label_ind == "kepercayaan"  # copied from corpora/concepts.yaml


async def test_tagging_again_untags(working):
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        await open_reader(pilot)
        await go_to(pilot, 2)
        await press(pilot, "t", Typed("trust"), "enter")
        await settle(pilot)
        assert saved(working).annotations
        await press(pilot, "t", Typed("trust"), "enter")
        await settle(pilot)
    assert saved(working).annotations == ()


async def test_new_concept_with_labels_in_both_languages(working):
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        await open_reader(pilot)
        await go_to(pilot, 12)
        await press(pilot, "t", Typed("hidden persuaders"), "enter")
        await pilot.pause()
        await press(pilot, "enter", Typed("pembujuk tersembunyi"), "enter", Typed("Ads that hide"), "enter")
        await settle(pilot)
    pair = saved(working)
    assert pair.concept("hidden-persuaders") == Concept(
        "hidden-persuaders", "hidden persuaders", "pembujuk tersembunyi", "Ads that hide"
    )
    assert pair.annotations[0].concepts == ("hidden-persuaders",)


async def test_tag_a_phrase_word_by_word(working):
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot)
        await go_to(pilot, 6)
        await pilot.press("s", "right", "shift+right")
        assert "Selected (English): “of mouth”" in screen_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, ConceptPicker)
        await press(pilot, Typed("word of mouth"), "enter")
        await settle(pilot)
        assert reader.table.selection is None
    pair = saved(working)
    (a,) = pair.annotations
    assert (a.side, a.quote, a.concepts) == ("en", "of mouth", ("word-of-mouth",))
    assert pair.en.text[a.start : a.end] == "of mouth" and a.en == (6,)


async def test_tag_a_phrase_on_the_other_side_by_keyboard(working):
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        await open_reader(pilot)
        await go_to(pilot, 6)
        await press(pilot, "s", "tab", "shift+right", "enter", Typed("getok"), "enter")
        await settle(pilot)
    (a,) = saved(working).annotations
    assert (a.side, a.quote, a.ind) == ("id", "Getok tular", (6,))


async def test_tag_a_typed_phrase(working):
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        await open_reader(pilot)
        await go_to(pilot, 6)
        await press(pilot, "p", Typed("borrows  TRUST"), "enter")
        assert isinstance(app.screen, ConceptPicker)
        await press(pilot, Typed("trust"), "enter")
        await settle(pilot)
        await press(pilot, "p", Typed("not in this bead"), "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
    (a,) = saved(working).annotations
    assert (a.side, a.quote) == ("en", "borrows trust")


async def test_tag_a_phrase_with_the_mouse(working):
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot)
        table = reader.table
        await go_to(pilot, 1)
        # Bead 2's English starts "Nobody remembers the first time": drag from word 1 to 2.
        row = table.region_of(1).y - int(table.scroll_offset.y)
        start, end = (GUTTER + len("Nobody "), row), (GUTTER + len("Nobody remembers th"), row)
        await pilot.mouse_down(BeadTable, offset=start)
        await pilot.hover(BeadTable, offset=end)
        await pilot.mouse_up(BeadTable, offset=end)
        assert table.selected_span() is not None
        await press(pilot, "enter", Typed("slow reading"), "enter")
        await settle(pilot)
    (a,) = saved(working).annotations
    assert (a.side, a.quote) == ("en", "remembers the")


async def test_write_a_note_and_remove_it(working):
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot)
        await go_to(pilot, 3)
        await pilot.press("n")
        assert isinstance(app.screen, NoteEditor)
        await press(pilot, Typed("Why *try*?"), "enter", "enter", Typed("- a cousin"))
        await pilot.press("escape")
        await settle(pilot)
        assert saved(working).annotations[0].note == "Why *try*?\n\n- a cousin"
        assert "• a cousin" in screen_text(app)  # the panel renders the Markdown
        # Escape with nothing typed changes nothing; an emptied note is removed.
        await pilot.press("n", "escape")
        await settle(pilot)
        assert len(reader.history.past) == 1
        await pilot.press("n", "f7", "backspace", "ctrl+s")  # f7 selects all in a text area
        await settle(pilot)
    assert saved(working).annotations == ()
    assert "note: |" not in working.read_text(encoding="utf-8")


async def test_remove_an_annotation(working):
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        await open_reader(pilot)
        await go_to(pilot, 6)
        await press(pilot, "t", Typed("trust"), "enter", "p", Typed("getok tular"), "enter",
                    Typed("word of mouth"), "enter")
        await settle(pilot)
        assert len(saved(working).annotations) == 2
        await pilot.press("d", "down", "enter")
        await settle(pilot)
    (a,) = saved(working).annotations
    assert a.concepts == ("trust",)


async def test_undo_and_redo_are_saved(working):
    original = saved(working)
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        await open_reader(pilot)
        await go_to(pilot, 6)
        await press(pilot, "t", Typed("trust"), "enter", "n", Typed("noted"), "escape")
        await settle(pilot)
        assert saved(working).annotations[0].note == "noted"
        await pilot.press("u")
        await settle(pilot)
        assert saved(working).annotations[0].note == "" and saved(working).annotations[0].concepts == ("trust",)
        await pilot.press("u")
        await settle(pilot)
        assert saved(working) == original
        await pilot.press("u")  # nothing more to undo
        await pilot.press("ctrl+r", "ctrl+r")
        await settle(pilot)
        assert saved(working).annotations[0].note == "noted"
        await pilot.press("ctrl+y")  # nothing more to redo
        await settle(pilot)
    assert saved(working).annotations[0].note == "noted"


async def test_search_both_languages_with_lemmas(working):
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot)
        await press(pilot, "slash", Typed("spreads"))
        await settle(pilot)
        status = screen_text(app)
        assert "2 matches in 2 beads  ] next, [ previous" in status and "[/" not in status
        await pilot.press("enter")
        await settle(pilot)
        assert {h.bead for h in reader.matches} == {0, 16}
        assert reader.table.cursor == 0
        await pilot.press("right_square_bracket")
        assert reader.table.cursor == 16
        await pilot.press("right_square_bracket")
        assert reader.table.cursor == 0  # wraps around
        await pilot.press("left_square_bracket")
        assert reader.table.cursor == 16
        await press(pilot, "slash", Typed("menyebar"), "enter")  # the last query is selected: typing replaces it
        await settle(pilot)
        found = {reader.pair.side(h.side).text[h.start : h.end].lower() for h in reader.matches}
        assert found == {"menyebar"} and all(h.side == "id" for h in reader.matches)
        await pilot.press("escape")
        assert reader.matches == ()


async def test_jumps_to_low_confidence_and_annotated_beads(annotated):
    app = make_app(annotated)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot)
        table = reader.table
        await pilot.press("l")
        assert table.cursor == 4
        await pilot.press("l")
        assert table.cursor == 4  # the only one
        await pilot.press("g", "a")
        assert table.cursor == 6
        await pilot.press("a")
        assert table.cursor == 10
        await pilot.press("a")
        assert table.cursor == 16  # the phrase "A story that spreads"
        await pilot.press("A")
        assert table.cursor == 10


async def test_concept_view_jumps_and_f_follows(annotated):
    app = make_app(annotated)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot)
        await pilot.press("c")
        assert isinstance(app.screen, ConceptView)
        view = app.screen
        concepts = view.query_one("#concept-list")
        # Most used first: word of mouth (2), trust (2), story that spreads (1).
        assert [concepts.get_option_at_index(k).id for k in range(3)] == [
            "word-of-mouth", "trust", "story-that-spreads"]
        await pilot.press("down", "enter")
        places = view.query_one("#occurrence-list")
        assert places.has_focus and [o.id for o in places.options if o.id] == ["6:0", "10:1"]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert reader.table.cursor == 10 and reader.concept == "trust"
        await pilot.press("f")
        assert reader.table.cursor == 6
        await pilot.press("f")
        assert reader.table.cursor == 10
        await pilot.press("F")
        assert reader.table.cursor == 6


async def test_reopen_finds_everything_intact(working):
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot)
        await go_to(pilot, 6)
        await press(pilot, "t", Typed("trust"), "enter", "n", Typed("kept"), "escape")
        await press(pilot, "s", "tab", "shift+right", "enter", Typed("word of mouth"), "enter")
        await settle(pilot)
        before = reader.pair
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert saved(working) == before
    again = make_app(working)
    async with again.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot)
        assert reader.pair == before
        await pilot.press("a")
        assert reader.table.cursor == 6
        panel = screen_text(again)
        assert "● trust" in panel and "kept" in panel and "“Getok tular”" in panel
        assert 6 in reader.table.geometry.chips


async def test_quit_waits_for_the_last_save(working):
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        await open_reader(pilot)
        await press(pilot, "t", Typed("trust"), "enter", "q")
        await pilot.pause()
    assert saved(working).annotations[0].concepts == ("trust",)


async def note_against_an_outside_change(pilot, working):
    """Another program writes a note into the file; the reader's own note, written after,
    meets it at the save. Returns what the other program wrote."""
    theirs = annotate.set_bead_note(saved(working), 0, "their note", at=NOW)
    pairfile.save(theirs, working)
    os.utime(working, ns=(1, 1))
    await press(pilot, "n", Typed("my note"), "escape")
    await settle(pilot)
    return theirs


async def test_outside_change_is_not_overwritten_save_as(working, unwatched):
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot)
        theirs = await note_against_an_outside_change(pilot, working)
        assert isinstance(app.screen, ConflictDialog)
        assert saved(working) == theirs  # not overwritten
        mine = working.with_name("word-of-mouth.mine.yaml")
        await pilot.click("#save_as")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and reader.document.path == mine
        assert saved(mine).annotations[0].note == "my note"
        assert saved(working) == theirs
        # Further changes go to the new file.
        await press(pilot, "n", "f7", Typed("my second note"), "escape")
        await settle(pilot)
    assert saved(mine).annotations[0].note == "my second note"
    assert saved(working) == theirs


async def test_save_as_never_writes_over_a_file_or_through_a_broken_link(working, unwatched):
    from textual.widgets import Input

    letter = working.with_name("letter.txt")
    letter.write_text("Dear reader,\n", encoding="utf-8")
    broken = working.with_name("gone.yaml")
    broken.symlink_to(working.parent / "no-such-folder" / "gone.yaml")
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot)
        theirs = await note_against_an_outside_change(pilot, working)
        for name in ("letter.txt", "gone.yaml"):
            assert isinstance(app.screen, ConflictDialog)
            field = app.screen.query_one("#save-as", Input)
            field.value = name
            field.focus()
            await pilot.press("enter")
            await settle(pilot)
            # Refused (the dialog's own check, or the output policy after it): the dialog
            # asks again, the work is still the reader's, nothing was written anywhere.
            assert isinstance(app.screen, ConflictDialog), name
            assert reader.document.path == working
            assert reader.session.unsaved
        assert letter.read_text(encoding="utf-8") == "Dear reader,\n"
        assert broken.is_symlink() and not broken.exists()
        assert saved(working) == theirs
        assert sorted(p.name for p in working.parent.iterdir() if p.name.startswith(".")) == []


async def test_outside_change_reload_keeps_mine_in_undo(working, unwatched):
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot)
        theirs = await note_against_an_outside_change(pilot, working)
        await pilot.click("#reload")
        await settle(pilot)
        assert reader.pair == theirs and not reader.unsaved
        await pilot.press("u")  # back past the change on disk: asked first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and saved(working) == theirs
        await pilot.click("#no")
        await settle(pilot)
        assert reader.pair == theirs and saved(working) == theirs
        await pilot.press("u")
        await pilot.pause()
        await pilot.click("#yes")
        await settle(pilot)
        assert saved(working).annotations[0].note == "my note"


async def test_quitting_with_unsaved_work_is_refused(working, unwatched):
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot)
        pairfile.save(annotate.set_bead_note(saved(working), 0, "theirs", at=NOW), working)
        os.utime(working, ns=(1, 1))
        await press(pilot, "t", Typed("trust"), "enter")
        await settle(pilot)
        await pilot.press("escape")  # decide later
        await pilot.pause()
        assert reader.unsaved
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ConflictDialog)
        await pilot.click("#overwrite")
        await settle(pilot)
        assert not reader.unsaved
        await pilot.press("q")
        await pilot.pause()
    assert saved(working).annotations[0].concepts == ("trust",)


async def tag_against_a_change_on_disk(pilot, working):
    """The file gets a note on bead 0 behind the reader's back, then the reader tags bead 0:
    the save conflicts and the conflict dialog holds the tag. Returns what the file holds."""
    theirs = annotate.set_bead_note(saved(working), 0, "theirs", at=NOW)
    pairfile.save(theirs, working)
    os.utime(working, ns=(1, 1))
    await press(pilot, "t", Typed("trust"), "enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ConflictDialog)
    return theirs


async def test_a_conflict_held_when_the_browser_tab_closes_is_kept_beside_the_file(working, unwatched):
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        await open_reader(pilot)
        theirs = await tag_against_a_change_on_disk(pilot, working)
        # What textual-serve sends when the tab is closed: the app ends without asking.
        app.post_message(ExitApp())
        await pilot.pause()
    kept = working.with_name(f"{working.stem}.unsaved.yaml")
    assert app.kept_elsewhere == [(working, kept)]
    assert pairfile.load(kept).annotations[0].concepts == ("trust",)
    assert saved(working) == theirs  # their change is not overwritten
    again = make_app(working)
    async with again.run_test(size=SIZE) as pilot:
        await open_reader(pilot)
        assert any(kept.name in str(n.message) for n in again._notifications)


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP on this system")
async def test_a_terminal_closed_on_a_held_conflict_keeps_the_work_beside_the_file(working, unwatched):
    # Were the reader not to catch SIGHUP, this no-op stands in for the default (which would
    # end the test run) and the app would go on: the assertions below then fail.
    previous = signal.signal(signal.SIGHUP, lambda *_: None)
    try:
        app = make_app(working)
        async with app.run_test(size=SIZE) as pilot:
            await open_reader(pilot)
            await tag_against_a_change_on_disk(pilot, working)
            os.kill(os.getpid(), signal.SIGHUP)  # the terminal window is closed
            for _ in range(50):
                await pilot.pause(0.02)
                if not app.is_running:
                    break
            assert not app.is_running
    finally:
        signal.signal(signal.SIGHUP, previous)
    kept = working.with_name(f"{working.stem}.unsaved.yaml")
    assert app.kept_elsewhere == [(working, kept)]
    assert pairfile.load(kept).annotations[0].concepts == ("trust",)


async def test_a_save_in_flight_when_the_app_ends_lands_in_the_file(working):
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot)
        reader.session.apply(annotate.set_bead_note(reader.pair, 0, "last words", at=NOW))
        reader.session.next_save()  # a save handed to a worker that never reports back
        app.post_message(ExitApp())
        await pilot.pause()
    assert app.kept_elsewhere == []
    assert saved(working).annotations[0].note == "last words"
    assert not working.with_name(f"{working.stem}.unsaved.yaml").exists()


async def test_help_lists_every_binding(working):
    app = make_app(working)
    async with app.run_test(size=(120, 100)) as pilot:
        reader = await open_reader(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(screen_text(app).split())
        for binding in [*BeadTable.BINDINGS, *ReaderScreen.BINDINGS]:
            assert binding.description and binding.description in text
        await pilot.press("escape")
        assert app.screen is reader


async def test_command_palette_offers_every_action(working):
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot)
        titles = {c.title for c in app.get_system_commands(reader)}
        # `back` is only offered when the reader came from a corpus, the suggestion keys
        # only on a bead with a suggestion.
        offered_where_they_apply = {"back", "accept_suggestion", "dismiss_suggestion"}
        for binding in ReaderScreen.BINDINGS:
            if binding.action not in offered_where_they_apply:
                assert binding.description in titles, binding.description
        for binding in BeadTable.BINDINGS:
            if binding.action.split("(")[0] not in BeadTable.SELECTING_ACTIONS:
                assert binding.description in titles
        command = next(c for c in app.get_system_commands(reader) if c.title == "Next bead")
        await command.callback()
        assert reader.table.cursor == 1


async def test_side_panel_toggles(working):
    app = make_app(working)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_reader(pilot)
        panel = reader.query_one("#info")
        assert not panel.display  # narrow terminal: the text gets the room
        await pilot.press("i")
        assert panel.display
        await pilot.press("i")
        assert not panel.display


async def test_merge_split_and_confirm_beads(working):
    from alignread.tui.screens.split_bead import SplitBead

    before = saved(working)
    n = len(before.beads)
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot)
        await go_to(pilot, 3)
        await pilot.press("m")
        await settle(pilot)
        merged = saved(working)
        assert len(merged.beads) == n - 1
        assert merged.beads[3].en == before.beads[3].en + before.beads[4].en
        assert merged.beads[3].status == "confirmed"
        # Split it back as it was: the option that keeps bead 3's sentences first.
        await pilot.press("x")
        assert isinstance(app.screen, SplitBead)
        first = (len(before.beads[3].en), len(before.beads[3].ind))
        options = app.screen.query_one("#split-options")
        ids = [options.get_option_at_index(k).id for k in range(options.option_count)]
        await pilot.press(*["down"] * ids.index(f"{first[0]}:{first[1]}"), "enter")
        await settle(pilot)
        split = saved(working)
        assert [(b.en, b.ind) for b in split.beads] == [(b.en, b.ind) for b in before.beads]
        assert split.beads[3].status == split.beads[4].status == "confirmed"
        # y takes the mark off again; u undoes it.
        await pilot.press("y")
        await settle(pilot)
        assert saved(working).beads[3].status == "auto"
        await pilot.press("u")
        await settle(pilot)
        assert saved(working).beads[3].status == "confirmed"
        assert "✓" in screen_text(app)
        assert reader.table.bead_count == n


async def test_a_concept_made_while_reading_joins_the_corpus_concepts(working):
    from alignread.store.corpus import load_concepts

    library = working.parent / "concepts.yaml"
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        await open_reader(pilot)
        await go_to(pilot, 2)
        await press(pilot, "t", Typed("first impression"))
        await pilot.press("enter")  # the only option left: a new concept so named
        await pilot.pause()
        await press(pilot, "enter", Typed("kesan pertama"), "enter", "enter")
        await settle(pilot)
    pair = saved(working)
    assert pair.concept("first-impression").label_ind == "kesan pertama"
    (a,) = pair.annotations
    assert a.concepts == ("first-impression",)
    shared = load_concepts(library)
    assert shared[-1].id == "first-impression" and shared[-1].label_ind == "kesan pertama"
    assert [c.id for c in shared[:-1]] == [c.id for c in load_concepts(CONCEPTS)]
    # Another document of the corpus now offers it.
    other = working.parent / "other.yaml"
    other.write_bytes(working.read_bytes())
    app = make_app(other)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot)
        assert "first-impression" in {c.id for c in reader.library}


async def test_realign_around_confirmed_beads(working):
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot)
        before = reader.pair
        await pilot.press("R")  # nothing confirmed yet: nothing to realign around
        await settle(pilot)
        assert reader.pair is before
        await go_to(pilot, 5)
        await pilot.press("x")
        await pilot.press("enter")  # the first split point: 0-1 then 1-0
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
    pair = saved(working)
    assert [b.kind for b in pair.beads[5:7]] == ["0-1", "1-0"]
    assert [(b.en, b.ind) for b in pair.beads[:5]] == [(b.en, b.ind) for b in before.beads[:5]]
    assert [(b.en, b.ind) for b in pair.beads[7:]] == [(b.en, b.ind) for b in before.beads[6:]]


async def test_an_outside_change_is_seen_and_shown_at_once(working):
    app = make_app(working)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot)
        theirs = annotate.set_bead_note(saved(working), 3, "written elsewhere", at=NOW)
        pairfile.save(theirs, working)
        os.utime(working, ns=(1, 1))
        await pilot.pause(1.3)  # the reader looks every second
        assert reader.pair == theirs and not reader.unsaved
        assert "changed on disk and was reloaded" in screen_text(app)
        # A change made now is saved over theirs, not over what the reader had before.
        await press(pilot, "g", "t", Typed("trust"), "enter")
        await settle(pilot)
    on_disk = saved(working)
    assert {a.note for a in on_disk.annotations} >= {"written elsewhere"}
    assert any(a.concepts == ("trust",) for a in on_disk.annotations)
