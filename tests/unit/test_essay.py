"""One-file bilingual essays: pieces, translation blocks, the TextPair and its layout."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from alignread.align.interleaved import find_blocks, find_pieces, looks_like_date, looks_like_title
from alignread.core.errors import FormatError
from alignread.formats.beads import parse_beads
from alignread.formats.essay import as_written, written_pieces
from alignread.store import pairfile
from alignread.workflows.import_essay import detect_shape, import_essay, import_essay_text, summary
from tests.paths import CORPORA, GOLD, ROOT, SEED

ESSAYS = ROOT / "tests" / "data" / "essays"
# A "blank" line of a blog export: empty, or only spaces and non-breaking spaces.
_BLANK_LINE = re.compile(r"\n[ \u00a0]*\n")


def roles(pair):
    return [e["role"] for e in pair.layout]


def two_sided(pair):
    return [b for b in pair.beads if not b.one_sided]


def check_round_trip(pair):
    text = pairfile.dumps(pair)
    again = pairfile.loads(text)
    assert again == pair
    assert pairfile.dumps(again) == text


# ---------------------------------------------------------------- the seed essay


@pytest.fixture(scope="module")
def seed_pair():
    if not SEED.is_file():
        pytest.skip(f"the seed essay is not present at {SEED}")
    return import_essay(SEED)


def test_seed_quote_is_aligned_one_to_one_with_its_parenthesised_translation(seed_pair):
    beads = two_sided(seed_pair)
    assert [b.kind for b in beads] == ["1-1"] * 6
    en = [seed_pair.bead_text(b, "en") for b in beads]
    ind = [seed_pair.bead_text(b, "id") for b in beads]
    assert en[0] == "Marketing tells a story that spreads."
    assert en[-1] == "Easier said than done"
    assert ind[0].startswith("(Marketing menceritakan")  # the parenthesis belongs to the first sentence
    assert ind[-1].endswith("ketimbang melakukan.)")  # and to the last
    # The English side is exactly the quote, and every quoted sentence is in a 1-1 bead.
    assert [s.text for s in seed_pair.en.sentences] == en


def test_seed_title_introduction_commentary_and_date_are_one_sided_in_order(seed_pair):
    assert roles(seed_pair) == ["title", "introduction", "source", "translation", "commentary", "commentary", "date"]
    kinds = [b.kind for b in seed_pair.beads]
    # title, two sentences of introduction, the quote, then commentary and the date line.
    assert kinds[:3] == ["0-1"] * 3
    assert kinds[3:9] == ["1-1"] * 6
    assert kinds[9:] == ["0-1"] * (len(kinds) - 9)
    assert seed_pair.bead_text(seed_pair.beads[0], "id") == "PERBEDAAAN MARKETING DAN SALES"
    assert seed_pair.bead_text(seed_pair.beads[-1], "id") == "(7 May 2016)"
    assert seed_pair.meta.title == "PERBEDAAAN MARKETING DAN SALES"
    assert seed_pair.meta.original == "en"
    # Nothing is lost: the sentences of the two sides hold every non-blank character of the file.
    squeeze = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    for side in (seed_pair.en, seed_pair.ind):
        assert squeeze("".join(s.text for s in side.sentences)) == squeeze(side.text)
    assert len(squeeze(seed_pair.en.text + seed_pair.ind.text)) == len(squeeze(SEED.read_text(encoding="utf-8")))


def test_seed_non_breaking_space_lines_are_paragraph_breaks(seed_pair):
    text = SEED.read_text(encoding="utf-8")
    assert "\n\u00a0\n" in text
    gaps = [e.get("gap", "") for e in seed_pair.layout]
    assert all("\u00a0" in gap for gap in gaps[1:])
    # One layout piece per paragraph of the file (no paragraph mixes the two languages).
    assert len(seed_pair.layout) == len([p for p in _BLANK_LINE.split(text) if p.strip()]) == 7
    assert len(seed_pair.ind.paragraphs) == 6 and len(seed_pair.en.paragraphs) == 1


def test_seed_as_written_reproduces_the_file_byte_for_byte(seed_pair):
    assert as_written(seed_pair).encode("utf-8") == SEED.read_bytes()


def test_seed_round_trips_through_the_file_format(seed_pair):
    check_round_trip(seed_pair)


# ---------------------------------------------------------------- the corpus essay


@pytest.fixture(scope="module")
def corpus_pair():
    return import_essay(CORPORA / "first-ten-readers.txt")


def test_corpus_essay_matches_its_gold(corpus_pair):
    en_gold = (GOLD / "first-ten-readers.en.sents").read_text(encoding="utf-8").splitlines()
    id_gold = (GOLD / "first-ten-readers.id.sents").read_text(encoding="utf-8").splitlines()
    gold = parse_beads((GOLD / "first-ten-readers.gold").read_text(encoding="utf-8"))
    assert [s.text for s in corpus_pair.en.sentences] == en_gold
    translation = next(e for e in corpus_pair.layout if e["role"] == "translation")
    ind = [s for s in corpus_pair.ind.sentences if translation["start"] <= s.start < translation["end"]]
    assert [s.text for s in ind] == id_gold
    first = ind[0].index
    found = [(b.en, tuple(i - first for i in b.ind)) for b in two_sided(corpus_pair)]
    assert found == gold


def test_corpus_essay_layout_is_as_described(corpus_pair):
    # tests/data/gold/first-ten-readers.layout.txt: title, intro, quote, translation,
    # three paragraphs of commentary, the date line.
    assert roles(corpus_pair) == [
        "title", "introduction", "source", "translation", "commentary", "commentary", "commentary", "date",
    ]
    assert corpus_pair.meta.title == "The First Ten Readers"  # from corpus.yaml
    assert corpus_pair.bead_text(corpus_pair.beads[-1], "id") == "(12 Maret 2024)"
    assert as_written(corpus_pair) == (CORPORA / "first-ten-readers.txt").read_text(encoding="utf-8")
    check_round_trip(corpus_pair)


def test_corpus_lists_the_interleaved_essay():
    from alignread.store.corpus import find_documents

    doc = next(d for d in find_documents(CORPORA) if d.name == "first-ten-readers")
    assert doc.layout == "interleaved" and doc.file == CORPORA / "first-ten-readers.txt"
    assert doc.en is None and doc.ind is None


def test_written_pieces_place_every_sentence_in_the_file(corpus_pair):
    text = as_written(corpus_pair)
    pieces = written_pieces(corpus_pair)
    assert [p.entry.role for p in pieces] == roles(corpus_pair)
    seen = {"en": [], "id": []}
    for piece in pieces:
        side = corpus_pair.side(piece.entry.side)
        assert text[piece.at : piece.end] == side.text[piece.entry.start : piece.entry.end]
        for k in piece.sentences:
            s = side.sentences[k]
            at = piece.at + s.start - piece.entry.start
            assert text[at : at + len(s.text)] == s.text
        seen[piece.entry.side] += piece.sentences
    assert seen["en"] == list(range(len(corpus_pair.en.sentences)))
    assert seen["id"] == list(range(len(corpus_pair.ind.sentences)))


def test_a_quote_without_its_translation_finds_no_block():
    text = (CORPORA / "first-ten-readers.txt").read_text(encoding="utf-8")
    paragraphs = _BLANK_LINE.split(text)
    without = "\n\n".join(p for p in paragraphs if not p.startswith("(Tak seorang"))
    pair = import_essay_text(without)
    assert not two_sided(pair)
    assert "source" not in roles(pair) and "text" in roles(pair)
    assert len(pair.en.sentences) == 6  # the quote, kept as English reading
    assert summary(pair).startswith("no translation found")
    assert as_written(pair) == without


def test_translation_before_the_original_is_found():
    text = (CORPORA / "first-ten-readers.txt").read_text(encoding="utf-8")
    quote = next(p for p in _BLANK_LINE.split(text) if p.startswith("Nobody"))
    translation = next(p for p in _BLANK_LINE.split(text) if p.startswith("(Tak seorang"))
    swapped = text.replace(quote, "\0").replace(translation, quote).replace("\0", translation)
    pair = import_essay_text(swapped)
    assert roles(pair)[2:4] == ["source", "translation"]
    assert [e["side"] for e in pair.layout[2:4]] == ["id", "en"]
    assert len(two_sided(pair)) == 6
    assert as_written(pair) == swapped


def test_a_whole_essay_then_its_whole_translation_is_one_block():
    en = "\n\n".join((CORPORA / f"{n}.en.txt").read_text(encoding="utf-8").strip()
                     for n in ("word-of-mouth", "persuasion"))
    ind = "\n\n".join((CORPORA / f"{n}.id.txt").read_text(encoding="utf-8").strip()
                      for n in ("word-of-mouth", "persuasion"))
    text = en + "\n\n" + ind + "\n\nCatatan: terjemahan ini dibuat untuk kelas membaca. Silakan dibagikan.\n"
    pair = import_essay_text(text)
    assert {e.get("block") for e in pair.layout} == {0, None}
    assert roles(pair)[-1] == "commentary"  # the closing note is not part of the translation
    assert sum(1 for e in pair.layout if e["role"] == "source") == 14  # more pieces than one candidate's cap
    assert len(two_sided(pair)) >= 65
    assert as_written(pair) == text


# ---------------------------------------------------------------- fixtures written for the project


def test_translation_after_each_sentence():
    path = ESSAYS / "sentence-by-sentence.txt"
    pair = import_essay(path)
    beads = two_sided(pair)
    assert [b.kind for b in beads] == ["1-1"] * 6
    assert pair.bead_text(beads[0], "en") == "A summary is shorter than the text it describes."
    assert pair.bead_text(beads[0], "id") == "Ringkasan lebih pendek daripada teks yang diringkasnya."
    assert pair.bead_text(beads[5], "id") == "Lalu tutup buku itu dan jelaskan isi teks kepada seorang teman."
    assert roles(pair)[:2] == ["title", "introduction"] and roles(pair)[-1] == "commentary"
    assert roles(pair)[2:-1] == ["source", "translation"] * 6
    # The pieces of one paragraph stay one paragraph on each side.
    assert len(pair.en.paragraphs) == 2
    assert pair.en.text.startswith("A summary is shorter than the text it describes. It keeps the main idea")
    assert as_written(pair) == path.read_text(encoding="utf-8")
    check_round_trip(pair)


def test_english_commentary_around_an_indonesian_quote():
    path = ESSAYS / "indonesian-quote.txt"
    pair = import_essay(path)
    assert roles(pair) == ["title", "introduction", "source", "translation", "commentary", "commentary", "date"]
    assert [e["side"] for e in pair.layout] == ["en", "en", "id", "en", "en", "en", "en"]
    beads = two_sided(pair)
    assert [b.kind for b in beads] == ["1-1"] * 4
    assert pair.bead_text(beads[0], "en").startswith("[The fuller the rice stalk")
    assert pair.bead_text(beads[-1], "en") == "Be like that rice, child.]"
    assert pair.bead_text(beads[-1], "id") == 'Jadilah seperti padi itu, Nak."'
    assert pair.bead_text(pair.beads[-1], "en") == "March 3, 2024"
    assert pair.meta.original == "id"
    assert as_written(pair) == path.read_text(encoding="utf-8")


def test_paragraph_after_paragraph():
    path = ESSAYS / "paragraph-by-paragraph.txt"
    pair = import_essay(path)
    assert [e.get("block") for e in pair.layout] == [0, 0, 1, 1, 2, 2, None]
    assert [b.kind for b in pair.beads] == ["1-1"] * 5 + ["0-1"]
    assert pair.bead_text(pair.beads[0], "id") == "Mengapa Kita Menyimpan Buku Catatan"
    assert as_written(pair) == path.read_text(encoding="utf-8")


def test_a_text_with_no_translation_is_monolingual_reading():
    path = ESSAYS / "monolingual.txt"
    text = path.read_text(encoding="utf-8")
    shape = detect_shape(text)
    assert (shape.kind, shape.lang) == ("monolingual", "id")
    assert "only Indonesian" in shape.describe()
    pair = import_essay(path)
    assert pair.en.text == "" and not pair.en.sentences
    assert pair.ind.text == text  # the file itself, unchanged
    assert all(b.kind == "0-1" for b in pair.beads) and len(pair.beads) == len(pair.ind.sentences) == 9
    assert pair.bead_text(pair.beads[-1], "id") == "(5 Januari 2025)"
    assert pair.meta.title == "Belajar Membaca Pelan-Pelan"
    assert roles(pair) == ["text"]
    assert summary(pair) == "only Indonesian found: imported for monolingual reading (9 sentences)"
    assert as_written(pair) == text
    check_round_trip(pair)


def test_an_english_only_text_is_monolingual_on_the_english_side():
    pair = import_essay_text("A Short Note\n\nThis text is written in English only. It has two sentences.\n")
    assert pair.ind.text == "" and len(pair.en.sentences) == 3
    assert all(b.kind == "1-0" for b in pair.beads)


def test_detect_shape_of_the_bilingual_files():
    for path in (ESSAYS / "sentence-by-sentence.txt", ESSAYS / "indonesian-quote.txt",
                 CORPORA / "first-ten-readers.txt"):
        assert detect_shape(path.read_text(encoding="utf-8")).kind == "bilingual", path.name


def test_a_mixed_paragraph_is_cut_into_pieces_at_the_language_changes():
    text = "Judul\n\nThe river is wide. Sungainya lebar. The water is cold. Airnya dingin.\n"
    pieces = find_pieces(text)
    assert [(p.paragraph, p.lang) for p in pieces][1:] == [(1, "en"), (1, "id"), (1, "en"), (1, "id")]
    assert [text[p.start : p.end] for p in pieces][1:] == [
        "The river is wide.", "Sungainya lebar.", "The water is cold.", "Airnya dingin.",
    ]
    blocks = find_blocks(text, pieces)
    assert [(b.start, b.split, b.end) for b in blocks] == [(1, 2, 3), (3, 4, 5)]


def test_empty_text_is_refused():
    from alignread.core.errors import InputError

    with pytest.raises(InputError, match="empty"):
        import_essay_text(" \n\u00a0\n", "blank.txt")


def test_as_written_of_a_two_file_pair_is_refused(aligned_essay):
    from alignread.core.errors import InputError

    with pytest.raises(InputError, match="two files"):
        as_written(aligned_essay)


@pytest.mark.parametrize("text, expected", [
    ("(7 May 2016)", True), ("(12 Maret 2024)", True), ("March 3, 2024", True), ("2016-05-07", True),
    ("Senin, 5 Januari 2025", True), ("[7/5/2016]", True), ("May the force be with you", False),
    ("Pada 12 Maret 2024 saya menulis.", False),
])
def test_looks_like_date(text, expected):
    assert looks_like_date(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("PERBEDAAAN MARKETING DAN SALES", True), ("Catatan Kelas: Menulis Ringkasan", True),
    ("Nobody starts with an audience.", False), ("Ada satu paragraf yang saya ingat:", False),
])
def test_looks_like_title(text, expected):
    assert looks_like_title(text) is expected


# ---------------------------------------------------------------- layout validation


@pytest.fixture(scope="module")
def essay_yaml(corpus_pair) -> str:
    return pairfile.dumps(corpus_pair)


def _with_layout(pair, k, **changes):
    layout = [dict(e) for e in pair.layout]
    layout[k].update(changes)
    for key, value in changes.items():
        if value is None:
            del layout[k][key]
    return replace(pair, layout=tuple(layout))


@pytest.mark.parametrize("k, changes, message", [
    (0, {"role": "headline"}, r"layout\[0\]: role 'headline' is not one of"),
    (0, {"side": "fr"}, r"layout\[0\]: side 'fr' is not en or id"),
    (1, {"start": 10}, r"layout\[1\]: span \[10, 358\] overlaps or comes before the previous id piece"),
    (7, {"end": 5000}, r"layout\[7\]: span \[2080, 5000\] is outside the id text"),
    (1, {"gap": "\n\nlost words\n\n"}, r"layout\[1\]: gap holds more than whitespace"),
    (1, {"tail": "\n"}, r"layout\[1\]: only the last entry has a tail"),
    (3, {"block": None}, r"layout\[3\]: a translation piece needs a block number"),
    (4, {"block": 0}, r"layout\[4\]: a commentary piece has no block"),
    (2, {"block": 1}, r"layout\[2\]: block 1: expected block 0 next"),
    (3, {"role": "commentary", "block": None}, r"layout: block 0 has no translation"),
    (1, {"start": 30}, r"layout\[1\]: id text before \[30, 358\] is in no piece"),
])
def test_layout_problems_are_named(corpus_pair, k, changes, message):
    broken = _with_layout(corpus_pair, k, **changes)
    with pytest.raises(FormatError, match=message):
        pairfile.loads(pairfile.dumps(broken), "essay.yaml")


def test_layout_unknown_key_and_wrong_type(essay_yaml):
    with pytest.raises(FormatError, match=r"layout\[0\]: unknown key 'colour'"):
        pairfile.loads(essay_yaml.replace("- {role: title,", "- {colour: red, role: title,"), "essay.yaml")
    with pytest.raises(FormatError, match=r"layout\[0\].start: expected a whole number"):
        pairfile.loads(essay_yaml.replace("- {role: title, side: id, start: 0,",
                                          "- {role: title, side: id, start: zero,"), "essay.yaml")


def test_a_two_file_pair_has_no_layout(aligned_essay):
    assert aligned_essay.layout == ()
    assert "layout" not in pairfile.dumps(aligned_essay)
