"""Opening: what `read` makes of its arguments, the corpus browser, aligning first."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from reader_helpers import DATA, ROOT, Typed, fixed_clock, press, settle

from alignread.core.errors import AlignreadError, InputError
from alignread.store import pairfile
from alignread.tui.app import AlignreadApp
from alignread.tui.launch import AlignTexts, BrowseCorpus, ImportEssay, OpenFile, plan, validate
from alignread.tui.screens.corpus_browser import CorpusBrowser
from alignread.tui.screens.reader import ReaderScreen

pytestmark = pytest.mark.anyio


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A copy of corpora/ where word-of-mouth is already aligned (as `read` would save it)."""
    folder = tmp_path / "corpora"
    shutil.copytree(ROOT / "corpora", folder)
    shutil.copy(DATA / "word-of-mouth.yaml", folder / "word-of-mouth.yaml")
    return folder


def test_plan_opens_aligned_files_and_never_realigns_over_them(corpus):
    assert plan([str(corpus / "word-of-mouth.yaml")]) == OpenFile(corpus / "word-of-mouth.yaml")
    # The document is aligned already: reading it by name opens that file, annotations and all.
    assert plan([str(corpus / "word-of-mouth")]) == OpenFile(corpus / "word-of-mouth.yaml")
    target = plan([str(corpus / "persuasion")])
    assert isinstance(target, AlignTexts) and target.output == corpus / "persuasion.yaml"
    assert target.meta.title == "How Persuasion Works"
    two = plan([str(corpus / "slow-reading.en.txt"), str(corpus / "slow-reading.id.txt")], str(corpus / "x.yaml"))
    assert isinstance(two, AlignTexts) and two.output == corpus / "x.yaml"
    assert plan([str(corpus)]) == BrowseCorpus(corpus)


def test_plan_errors_are_one_line(corpus, tmp_path):
    with pytest.raises(InputError, match="found neither"):
        plan([str(corpus / "nothing")])
    with pytest.raises(InputError, match="holds no documents"):
        plan([str(_empty(tmp_path))])
    with pytest.raises(InputError, match="no such file"):
        plan([str(corpus / "a.en.txt"), str(corpus / "a.id.txt")])
    with pytest.raises(InputError, match="does not exist"):
        plan([str(corpus / "persuasion")], str(tmp_path / "no" / "such.yaml"))


def _empty(tmp_path: Path) -> Path:
    folder = tmp_path / "empty"
    folder.mkdir()
    return folder


def test_plan_imports_one_file_essays(corpus):
    target = plan([str(corpus / "first-ten-readers.txt")])
    assert target == ImportEssay(corpus / "first-ten-readers.txt", corpus / "first-ten-readers.yaml")
    by_name = plan([str(corpus / "first-ten-readers")])
    assert isinstance(by_name, ImportEssay) and by_name.path == corpus / "first-ten-readers.txt"
    pair = target.build(lambda message: None)
    assert pair.layout and any(b.en and b.ind for b in pair.beads)


async def test_corpus_browser_lists_and_opens_documents(corpus):
    app = AlignreadApp(BrowseCorpus(corpus), clock=fixed_clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        browser = app.screen
        assert isinstance(browser, CorpusBrowser)
        table = browser.query_one("DataTable")
        assert table.row_count == 5
        row = table.get_row("word-of-mouth")
        assert row[1] == "How a Story Spreads" and row[2:6] == [36, 37, 36, 0] and row[6] == "aligned"
        assert table.get_row("persuasion")[6] == "not aligned yet"
        await pilot.press("enter")  # the first row: word-of-mouth
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.document.path == corpus / "word-of-mouth.yaml"
        await press(pilot, "t", Typed("trust"), "enter")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert app.screen is browser
        assert table.get_row("word-of-mouth")[5] == 1  # the annotation count is read again
    assert pairfile.load(corpus / "word-of-mouth.yaml").annotations[0].concepts == ("trust",)


async def test_align_then_read_saves_beside_the_texts(corpus):
    """The real path: spaCy segments, the aligner aligns, in a worker (takes seconds)."""
    target = plan([str(corpus / "persuasion")])
    app = AlignreadApp(target, clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(200):
            await pilot.pause(0.1)
            if isinstance(app.screen, ReaderScreen):
                break
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.pair.meta.title == "How Persuasion Works" and len(reader.pair.beads) > 20
        await press(pilot, "n", Typed("aligned here"), "escape")
        await settle(pilot)
    saved = pairfile.load(corpus / "persuasion.yaml")
    assert saved.annotations[0].note == "aligned here" and saved.beads == reader.pair.beads


async def test_a_book_shows_its_first_beads_before_it_is_loaded_and_jumps_by_chapter(tmp_path, monkeypatch):
    from alignread.store import pairfile as pairfile_module
    from alignread.workflows.build import build_pair

    monkeypatch.setattr(pairfile_module, "PREVIEW_SIZE", 0)  # preview even a small file
    chapters = [f"Chapter {k}\n\nThe first sentence of chapter {k}. A second one follows it." for k in (1, 2, 3)]
    text = "\n\n".join(chapters) + "\n"
    indonesian = (text.replace("Chapter", "Bab").replace("The first sentence of chapter", "Kalimat pertama bab")
                  .replace("A second one follows it.", "Kalimat kedua menyusul."))
    pair = build_pair(text, indonesian, check_languages=False)
    path = tmp_path / "book.yaml"
    pairfile.save(pair, path)
    import threading

    from alignread.tui.screens import reader as reader_module

    loaded = threading.Event()
    opener = reader_module.DocumentFile.open

    def slow_open(path):
        loaded.wait(10)  # the whole file arrives once the preview was looked at
        return opener(path)

    monkeypatch.setattr(reader_module.DocumentFile, "open", slow_open)
    app = AlignreadApp(OpenFile(path), clock=fixed_clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)  # no opening screen: the preview is on screen at once
        assert reader.previewing and reader.pair.en.text == "" and len(reader.pair.beads) == len(pair.beads)
        assert "loading" in str(reader.query_one("#reader-header").render())
        await pilot.press("t")  # nothing can be changed before the whole file is in
        assert reader.pair.annotations == () and app.screen is reader
        loaded.set()
        for _ in range(100):
            await pilot.pause(0.02)
            if not reader.previewing:
                break
        await settle(pilot)
        assert not reader.previewing and reader.pair == pair and reader.session.document.saved_version >= -1
        header = str(reader.query_one("#reader-header").render())
        assert "Chapter 1" in header
        await press(pilot, "o", "down", "down", "enter")
        await settle(pilot)
        third = pair.bead_of("en", next(s.index for s in pair.en.sentences if s.text == "Chapter 3"))
        assert reader.table.cursor == third
        assert "Chapter 3" in str(reader.query_one("#reader-header").render())


def test_validate_reads_a_short_file_whole_and_a_long_one_only_as_far_as_its_preview(tmp_path, monkeypatch):
    from alignread.store import pairfile as pairfile_module

    path = tmp_path / "pair.yaml"
    shutil.copy(DATA / "word-of-mouth.yaml", path)
    whole = validate(OpenFile(path))
    assert whole.opened is not None and whole.opened[1] == pairfile.load(path)
    # A long file alignread wrote: the reader paints its preview at once, so `read` does
    # not parse it all before the screen (a fault further in ends the reader: tests/cli/test_read.py).
    monkeypatch.setattr(pairfile_module, "PREVIEW_SIZE", 0)
    assert validate(OpenFile(path)).opened is None
    # A long file that is not in alignread's layout is still read whole, and refused.
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema_version: 2\nmeta: [not, a, mapping\n", encoding="utf-8")
    with pytest.raises(AlignreadError, match=r"broken\.yaml"):
        validate(OpenFile(broken))


def test_read_takes_an_essay_or_a_book_in_any_input_format(corpus, tmp_path):
    """`read` opens what `import` and `align` take: a saved web page or a Word handout as a
    one-file essay, a book as an EPUB beside Markdown; they are checked by their format
    before any screen, not refused as markup or binary."""
    from tests.cli.test_formats_cli import saved_blog_post
    from tests.unit.test_readers import docx_bytes, epub_bytes

    text = (corpus / "first-ten-readers.txt").read_text(encoding="utf-8")
    page = tmp_path / "post.html"
    page.write_text(saved_blog_post(text), encoding="utf-8")
    target = validate(plan([str(page)]))
    assert isinstance(target, ImportEssay) and target.output == tmp_path / "post.yaml"
    from_page = target.build(lambda message: None)
    from_text = plan([str(corpus / "first-ten-readers.txt")]).build(lambda message: None)
    assert [(b.en, b.ind) for b in from_page.beads] == [(b.en, b.ind) for b in from_text.beads]
    assert from_page.en.text == from_text.en.text and from_page.ind.text == from_text.ind.text

    handout = tmp_path / "handout.docx"
    handout.write_bytes(docx_bytes())
    assert isinstance(validate(plan([str(handout)])), ImportEssay)

    en = (corpus / "word-of-mouth.en.txt").read_text(encoding="utf-8").strip().split("\n\n")
    ind = (corpus / "word-of-mouth.id.txt").read_text(encoding="utf-8").strip().split("\n\n")
    (tmp_path / "book.en.epub").write_bytes(epub_bytes([(en[0], en[1:])]))
    (tmp_path / "book.id.md").write_text(f"# {ind[0]}\n\n" + "\n\n".join(ind[1:]) + "\n", encoding="utf-8")
    book = validate(plan([str(tmp_path / "book.en.epub"), str(tmp_path / "book.id.md")]))
    assert isinstance(book, AlignTexts) and book.sources is not None
    assert [s.text.count("\n\n") for s in book.sources] == [len(en) - 1, len(ind) - 1]
