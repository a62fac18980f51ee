"""The reader's pure parts, without running the app: word wrap, the table geometry, the side
panel's text, and the name offered for "save as"."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from alignread.core import annotate
from alignread.core.model import Bead, TextPair
from alignread.store import pairfile
from alignread.store.document_file import free_name
from alignread.tui.widgets.info_panel import bead_warning, describe_bead
from alignread.tui.widgets.table_geometry import (
    DIVIDER,
    GUTTER,
    BeadLines,
    SideText,
    TableLayout,
    line_count,
    wrap,
    wrap_cells,
)
from tests.paths import ROOT
from tests.texts import make_text

NOW = "2025-01-01T09:00:00Z"


@pytest.fixture(scope="module")
def wom() -> TextPair:
    return pairfile.load(ROOT / "tests" / "data" / "word-of-mouth.yaml")


# ---------------------------------------------------------------- wrap


def test_wrap_breaks_at_spaces_and_drops_them():
    text = "Word of mouth works because it borrows trust"
    lines = wrap(text, 12)
    assert [text[s:e] for s, e in lines] == ["Word of", "mouth works", "because it", "borrows", "trust"]


def test_wrap_cuts_a_word_longer_than_the_line():
    text = "see https://example.org/a/very/long/path now"
    lines = [text[s:e] for s, e in wrap(text, 10)]
    # The tail of the cut word shares its line with the next word, as greedy wrapping does.
    assert lines == ["see", "https://ex", "ample.org/", "a/very/lon", "g/path now"]


def test_wrap_counts_wide_characters_as_two_cells():
    text = "漢字 漢字漢字"
    lines = [text[s:e] for s, e in wrap(text, 5)]
    assert lines == ["漢字", "漢字", "漢字"]  # 2 + 1 + 4 cells would not fit in 5


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab cd\u00a0漢é ’—€ёệ"), max_size=80), st.integers(2, 30))
def test_wrap_keeps_every_character_in_order_within_the_width(text, width):
    """(The table flattens tabs and line breaks to spaces before wrapping.)"""
    lines = wrap(text, width)
    assert all(cell_len(text[s:e]) <= width for s, e in lines)
    assert all(a[1] <= b[0] for a, b in zip(lines, lines[1:]))
    # Only the spaces where a line breaks are dropped: every word's characters are on a line.
    kept = "".join(text[s:e] for s, e in lines)
    assert "".join(kept.split()) == "".join(text.split())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab cd\u00a0é’—€ёệ\n"), max_size=120), st.integers(1, 30))
def test_wrap_of_one_cell_characters_is_the_greedy_wrap_by_cells(text, width):
    """`wrap` breaks text of one-cell characters with a regular expression: the same lines
    as measuring word by word, long words cut and their tails shared, and the same count."""
    assert wrap(text, width) == wrap_cells(text, width)
    assert line_count(text, width) == len(wrap(text, width))


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab 漢é"), max_size=60), st.integers(1, 20))
def test_line_count_of_wide_characters_counts_the_lines_of_wrap(text, width):
    assert line_count(text, width) == len(wrap(text, width)) == len(wrap_cells(text, width))


# ---------------------------------------------------------------- one side of a bead


def test_side_text_converts_offsets_both_ways():
    text = make_text("en", [["One sentence.", "Another one."]])
    pair = TextPair(text, make_text("id", [["Satu.", "Dua."]]), beads=(Bead((0, 1), (0, 1)),))
    side = SideText.of(pair, "en", (0, 1))
    assert side.text == "One sentence. Another one."
    second = text.sentences[1]
    assert side.to_display(second.start) == side.text.index("Another")
    assert side.to_source(side.text.index("Another")) == second.start
    assert side.display_span(second.start, second.end) == (14, len(side.text))
    assert side.display_span(0, 1) == (0, 1) and side.display_span(10_000, 10_001) is None
    assert [side.text[s:e] for s, e in side.words()] == ["One", "sentence", "Another", "one"]


# ---------------------------------------------------------------- the table geometry


def test_every_line_of_the_table_belongs_to_one_bead(wom):
    layout = TableLayout(wom, 100, chips={3})
    assert layout.en_width + layout.ind_width == 100 - GUTTER - DIVIDER - 1
    assert layout.total == sum(layout.heights) and layout.tops[0] == 0
    for k in (0, 3, len(wom.beads) - 1):
        top = layout.top(k)
        assert layout.locate(top) == (k, 0) and layout.locate(top + layout.heights[k] - 1)[0] == k
    # A bead with chips has one more line: its body, the chips, a blank line.
    assert layout.heights[3] == layout.beads[3].body + 2 and layout.heights[2] == layout.beads[2].body + 1


def test_narrower_means_more_lines_and_chips_move_what_follows(wom):
    wide, narrow = TableLayout(wom, 160), TableLayout(wom, 60)
    assert narrow.total > wide.total
    before = wide.top(10)
    assert wide.set_chips({2}) and wide.top(10) == before + 1 and not wide.set_chips({2})


def test_columns_and_offsets_under_the_mouse(wom):
    layout = TableLayout(wom, 100)
    assert layout.column_at(0) is None and layout.column_at(GUTTER) == ("en", 0)
    assert layout.column_at(GUTTER + layout.en_width) is None  # the divider
    assert layout.column_at(GUTTER + layout.en_width + DIVIDER) == ("id", 0)
    bead = layout.beads[6]
    start, end = bead.en_lines[0]
    assert layout.offset_at(6, 0, "en", 0) == start
    assert layout.offset_at(6, 0, "en", 10_000) == end - 1
    assert layout.offset_at(6, 99, "en", 0) is None


def test_a_relayout_keeps_the_wrapped_beads_that_did_not_change(wom):
    from alignread.core import correct

    first = TableLayout(wom, 100)
    merged = correct.merge_beads(wom, 3, at=NOW)
    second = TableLayout(merged, 100, previous=first)
    assert second.beads[0] is first.beads[0] and second.beads[10] is first.beads[11]
    assert second.beads[3] is not first.beads[3]


def test_the_lines_worked_out_when_shown_are_those_of_wrapping_every_bead_first(wom):
    """A layout counts every bead's lines but breaks them only for the beads shown, in any
    order: the rows are those of wrapping every bead up front, and so are the heights."""
    wide = replace(wom.en, sentences=tuple(
        replace(s, text=s.text.replace("trust", "信頼")) if k % 3 == 0 else s for k, s in enumerate(wom.en.sentences)))
    for pair in (wom, replace(wom, en=wide)):
        for width in (40, 61, 100, 160):
            layout = TableLayout(pair, width, chips={1, 4})
            order = list(range(len(pair.beads)))[::-2] + list(range(len(pair.beads)))
            for k in order:
                bead = pair.beads[k]
                en, ind = SideText.of(pair, "en", bead.en), SideText.of(pair, "id", bead.ind)
                eager = BeadLines(en, ind, wrap_cells(en.text, layout.en_width), wrap_cells(ind.text, layout.ind_width))
                assert layout.beads[k] == eager
                assert layout.heights[k] == eager.body + (2 if k in (1, 4) else 1)
            assert len(layout.beads) == len(pair.beads) and list(layout.beads)[-1] is layout.beads[-1]


# ---------------------------------------------------------------- the side panel


def panel_text(renderable) -> str:
    console = Console(width=60, record=True, file=None)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


def test_the_panel_describes_the_bead_and_its_annotations(wom):
    library = {c.id: c for c in pairfile.load(ROOT / "tests" / "data" / "word-of-mouth.yaml").concepts}
    pair = wom
    from alignread.core.model import Concept

    pair = annotate.add_concept(pair, library.get("trust") or Concept("trust", "trust", "kepercayaan"))
    pair = annotate.tag_bead(pair, 6, ["trust"], at=NOW)
    pair = annotate.set_bead_note(pair, 6, "Borrowed **trust**.", at=NOW)
    anns = tuple(a for a in pair.annotations if 6 in a.en)
    text = panel_text(describe_bead(pair, 6, anns))
    assert "Bead 7 of" in text and "1-1 · confidence" in text
    assert "trust" in text and "kepercayaan" in text and "Borrowed trust." in text
    assert "No tags or notes yet" in panel_text(describe_bead(pair, 0, ()))


def test_the_panel_warns_of_a_low_confidence_bead_unless_confirmed(wom):
    low = replace(wom, beads=tuple(replace(b, score=0.3) if k == 2 else b for k, b in enumerate(wom.beads)))
    assert "Low confidence" in bead_warning(low, 2) and bead_warning(low, 3) == ""
    confirmed = replace(low, beads=tuple(replace(b, status="confirmed") if k == 2 else b
                                         for k, b in enumerate(low.beads)))
    assert bead_warning(confirmed, 2) == ""
    assert "confirmed by a reader" in panel_text(describe_bead(confirmed, 2, ()))


def test_one_sided_beads_say_which_side_has_the_text(wom):
    k = next(k for k, b in enumerate(wom.beads) if not b.en)
    assert "Only in the Indonesian" in panel_text(describe_bead(wom, k, ()))


# ---------------------------------------------------------------- save as


def test_free_name_offers_a_name_not_taken(tmp_path):
    path = tmp_path / "essay.yaml"
    assert free_name(path) == tmp_path / "essay.mine.yaml"
    (tmp_path / "essay.mine.yaml").touch()
    (tmp_path / "essay.mine-2.yaml").touch()
    assert free_name(path) == tmp_path / "essay.mine-3.yaml"
    assert free_name(path, "theirs") == tmp_path / "essay.theirs.yaml"
