"""Books: chapters found, paired (a missing chapter, a split one), and recorded in schema 2."""

from __future__ import annotations

import shutil

import pytest

from alignread.align.chapters import heading_number
from alignread.core.structure import SourceText
from alignread.store import pairfile
from alignread.workflows.build import build_pair, chapter_sentences
from tests.paths import CORPORA, ROOT

ESSAYS = ["word-of-mouth", "marketing-and-sales", "slow-reading", "persuasion"]
WORD = {"en": "Chapter", "id": "Bab"}


def essay(name: str, side: str) -> list[str]:
    """The paragraphs of a corpus essay, without its title."""
    return (CORPORA / f"{name}.{side}.txt").read_text(encoding="utf-8").strip().split("\n\n")[1:]


def book(side: str, chapters: list[list[str]]) -> str:
    return "\n\n".join(f"{WORD[side]} {k}\n\n" + "\n\n".join(paragraphs)
                       for k, paragraphs in enumerate(chapters, 1)) + "\n"


@pytest.fixture(scope="module")
def english() -> str:
    return book("en", [essay(name, "en") for name in ESSAYS])


def test_headings_give_numbers():
    assert [heading_number(t) for t in ("Chapter 12", "BAB XII. Badai", "Part Two", "Pasal 3: Awal", "Prologue")] \
        == [12, 12, 2, 3, None]


def test_a_missing_chapter_is_one_sided_and_the_rest_pair_up(english):
    # The Indonesian edition leaves the third essay out (and numbers on: Bab 1, 2, 3).
    indonesian = book("id", [essay(name, "id") for name in ESSAYS if name != "slow-reading"])
    pair = build_pair(english, indonesian, check_languages=False)
    assert len(pair.en.chapters) == 4 and len(pair.ind.chapters) == 3
    assert pair.chapter_pairs == (((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)))
    missing = set(chapter_sentences(pair.en)[2])
    for bead in pair.beads:
        if missing & set(bead.en):
            assert not bead.ind  # nothing of the missing chapter is paired with another
    # Headings pair with headings.
    heads = {pair.bead_of("en", i) for i in (r.start for r in chapter_sentences(pair.en))}
    assert all(pair.bead_text(pair.beads[k], "id").startswith("Bab") for k in heads if pair.beads[k].ind)


def test_a_chapter_split_in_two_pairs_with_both_halves(english):
    chapters = [essay(name, "id") for name in ESSAYS]
    second = chapters[1]
    half = len(second) // 2
    indonesian = book("id", [chapters[0], second[:half], second[half:], *chapters[2:]])
    pair = build_pair(english, indonesian, check_languages=False)
    assert pair.chapter_pairs == (((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3,), (4,)))


def test_chapters_round_trip_through_the_file_and_name_the_place(tmp_path):
    text = book("en", [["One sentence here. Another one."], ["Second chapter text."]])
    pair = build_pair(SourceText(text), text.replace("Chapter", "Bab"), check_languages=False)
    assert [c.title for c in pair.en.chapters] == ["Chapter 1", "Chapter 2"]
    assert [p.heading for p in pair.en.paragraphs] == [1, 0, 1, 0]
    path = tmp_path / "book.yaml"
    pairfile.save(pair, path)
    assert pairfile.load(path) == pair
    written = path.read_text(encoding="utf-8")
    assert "chapter_pairs:\n- {en: [0], id: [0]}" in written and "paragraphs: [[0, 9, 1]," in written
    broken = written.replace("- {en: [1], id: [1]}", "- {en: [1], id: [0]}", 1)
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(pairfile.FormatError, match=r"chapter_pairs\[1\].id: expected chapter 1 next"):
        pairfile.load(path)


def test_a_version_1_file_is_read_and_written_back_as_2_only_when_changed(tmp_path):
    from alignread.core import annotate
    from alignread.store.document_file import DocumentFile

    path = tmp_path / "study.yaml"
    shutil.copy(ROOT / "tests" / "data" / "schema1" / "study.yaml", path)
    before = path.read_bytes()
    document, pair = DocumentFile.open(path)
    golden = pairfile.load(ROOT / "tests" / "golden" / "study.yaml")
    assert pair == golden  # the same document, phrases and all
    assert path.read_bytes() == before  # opening wrote nothing
    document.save(annotate.set_bead_note(pair, 0, "A note.", at="2026-01-01T00:00:00Z"), version=1)
    written = path.read_text(encoding="utf-8")
    assert written.startswith("schema_version: 2\n") and "phrase: {id: [94, 113]}" in written


def test_a_paragraph_of_a_million_and_a_half_characters_is_segmented(tmp_path):
    from alignread.workflows.build import segment

    paragraph = " ".join(["The river runs past the old mill, and the miller counts the sacks."] * 22_400)
    assert len(paragraph) > 1_500_000
    text = segment("A Title\n\n" + paragraph + "\n", "en")
    assert len(text.sentences) == 22_401
    assert all(s.text == text.text[s.start:s.end] for s in text.sentences[:50])
    assert text.sentences[-1].text.endswith("counts the sacks.")


def test_a_preview_holds_the_first_beads_and_the_contents_as_the_file_does(tmp_path, monkeypatch):
    from alignread.core.structure import contents

    monkeypatch.setattr(pairfile, "PREVIEW_SIZE", 0)
    text = book("en", [["One sentence here. Another one."], ["Second chapter text."], ["Third."]])
    pair = build_pair(text, text.replace("Chapter", "Bab"), check_languages=False)
    path = tmp_path / "book.yaml"
    pairfile.save(pair, path)
    first = pairfile.preview(path, beads=4)
    assert first is not None and first.beads == pair.beads[:4]
    assert first.en.sentences == pair.en.sentences[:len(first.en.sentences)]
    assert first.chapter_pairs == pair.chapter_pairs and first.en.chapters == pair.en.chapters
    assert contents(pair) == [("Chapter 1 · Bab 1", 0), ("Chapter 2 · Bab 2", 3), ("Chapter 3 · Bab 3", 5)]
    assert contents(first) == contents(pair)[:2]  # the third chapter's beads are not in the preview
    path.write_text("# edited by hand\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert pairfile.preview(path) is None or pairfile.preview(path).beads == pair.beads[:200]


def test_a_book_aligned_in_two_processes_gets_the_same_beads(english, monkeypatch):
    from alignread.workflows import build

    indonesian = book("id", [essay(name, "id") for name in ESSAYS])
    one = build_pair(english, indonesian, check_languages=False)
    monkeypatch.setattr(build, "PARALLEL_SENTENCES", 0)  # share out even this short book
    two = build_pair(english, indonesian, check_languages=False, jobs=2)
    assert two == one and len(two.chapter_pairs) == 4


def test_leftovers_on_both_sides_between_two_beads_become_one():
    from alignread.align.chapters import LEFTOVER_SCORE, merge_leftovers
    from alignread.core.model import Bead

    beads = [Bead((0,), (0,)), Bead((1,), ()), Bead((), (1,)), Bead((), (2,)), Bead((2,), (3,)), Bead((3,), ()),
             Bead((), (4,), 1.0, "confirmed"), Bead((4,), (5,))]
    en = [40, 100, 40, 40, 40]
    ind = [46, 60, 55, 46, 46, 46]
    merged = merge_leftovers(beads, en, ind)
    # One long sentence rendered in two: a 1-2 bead, marked for checking; a confirmed bead stays.
    assert merged == [Bead((0,), (0,)), Bead((1,), (1, 2), LEFTOVER_SCORE), Bead((2,), (3,)), Bead((3,), ()),
                      Bead((), (4,), 1.0, "confirmed"), Bead((4,), (5,))]
    # Lengths that do not agree stay apart: an omission beside an addition.
    assert merge_leftovers(beads[:4], [40, 400, 40], ind) == beads[:4]


def test_study_notes_and_corpus_folders_know_books(english, tmp_path):
    from alignread.core import annotate
    from alignread.formats import render
    from alignread.store.corpus import find_documents

    indonesian = book("id", [essay(name, "id") for name in ESSAYS])
    pair = build_pair(english, indonesian, check_languages=False)
    pair = annotate.add_concept(pair, annotate.Concept("trust", "trust", "kepercayaan"))
    third = pair.bead_of("en", chapter_sentences(pair.en)[2][3])
    pair = annotate.tag_bead(pair, third, ["trust"], at="2026-01-01T00:00:00Z")
    assert f"bead {third} (" in render(pair, "md") and "in “Chapter 3”" in render(pair, "md")
    # A corpus folder pairs NAME.en.<any format> with NAME.id.<any format>.
    (tmp_path / "novel.en.epub").write_bytes(b"")
    (tmp_path / "novel.id.md").write_text("# Bab 1\n", encoding="utf-8")
    (tmp_path / "essay.en.txt").write_text("x", encoding="utf-8")
    (tmp_path / "essay.id.html").write_text("<p>x</p>", encoding="utf-8")
    docs = {d.name: (d.en.name, d.ind.name) for d in find_documents(tmp_path)}
    assert docs == {"novel": ("novel.en.epub", "novel.id.md"), "essay": ("essay.en.txt", "essay.id.html")}


def test_show_streams_a_book_from_its_preview_and_announces_each_chapter_once(tmp_path, monkeypatch):
    from alignread.formats.side_by_side import side_by_side, stream_file

    whole = pairfile.preview
    monkeypatch.setattr(pairfile, "PREVIEW_SIZE", 0)  # preview even a small file
    monkeypatch.setattr(pairfile, "preview", lambda path: whole(path, beads=4))  # the first chapters
    text = book("en", [["One sentence here. Another one."], ["Second chapter text."], ["Third."]])
    pair = build_pair(text, text.replace("Chapter", "Bab"), check_languages=False)
    path = tmp_path / "book.yaml"
    pairfile.save(pair, path)
    chunks = list(stream_file(path, width=80))
    assert len(chunks) == 2 and "§ Chapter 3" not in chunks[0]  # the preview went out first
    assert "".join(chunks) == side_by_side(pair, 80) + "\n"
    marks = [line for line in "".join(chunks).splitlines() if line.startswith("§ ")]
    assert marks == ["§ Chapter 1", "§ Chapter 2", "§ Chapter 3"]


def test_code_tables_and_images_kept_aside_survive_the_file(tmp_path):
    from alignread.formats.readers import parse_source
    from tests.unit.test_readers import docx_bytes, web_page

    pair = build_pair(parse_source(web_page(), "post.html"), parse_source(docx_bytes(), "handout.docx"),
                      check_languages=False)
    assert pair.en.extras and pair.ind.extras
    path = tmp_path / "pair.yaml"
    pairfile.save(pair, path)
    back = pairfile.load(path)
    assert back.en.extras == pair.en.extras and back.ind.extras == pair.ind.extras and back == pair
