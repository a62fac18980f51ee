"""Paragraphs and sentences: exact spans, abbreviations and numbers of both languages."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignread.nlp import get_pipeline
from alignread.nlp.base import paragraph_spans
from tests.paths import CORPORA, GOLD


def sentences(text: str, lang: str) -> list[str]:
    return [s.text for s in get_pipeline().segment(text, lang).sentences]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Dr. Smith went to the U.S. Senate yesterday. He paid $3,000 for it.",
         ["Dr. Smith went to the U.S. Senate yesterday.", "He paid $3,000 for it."]),
        ('She said, "Buy it." Then she left. (Nobody followed.) It was 3:00 p.m. when it ended.',
         ['She said, "Buy it."', "Then she left.", "(Nobody followed.)", "It was 3:00 p.m. when it ended."]),
        ("Mr. Jones met Prof. Lee, e.g. at the fair. J. K. Rowling was there too.",
         ["Mr. Jones met Prof. Lee, e.g. at the fair.", "J. K. Rowling was there too."]),
        ('"Really?" he asked. It cost 50% more, i.e. 1,500 dollars.',
         ['"Really?" he asked.', "It cost 50% more, i.e. 1,500 dollars."]),
        ("They gave away samples, codes, etc., and then they waited. Nothing happened.",
         ["They gave away samples, codes, etc., and then they waited.", "Nothing happened."]),
        ("The flood hit the southwest U.S. Rosa will bring more rain.",
         ["The flood hit the southwest U.S.", "Rosa will bring more rain."]),
    ],
)
def test_english_cases(text, expected):
    assert sentences(text, "en") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Saya bertemu Dr. Budi pk 03.00 dini hari. Terjual 750.000 – 800.000 buku.",
         ["Saya bertemu Dr. Budi pk 03.00 dini hari.", "Terjual 750.000 – 800.000 buku."]),
        ("Mereka membeli buku, pensil, dll. yang mereka perlukan. Lalu pulang.",
         ["Mereka membeli buku, pensil, dll. yang mereka perlukan.", "Lalu pulang."]),
        ("Bpk. Ahmad tinggal di Jl. Sudirman No. 5. “Saya senang,” katanya. (Ia tersenyum.)",
         ["Bpk. Ahmad tinggal di Jl. Sudirman No. 5.", "“Saya senang,” katanya.", "(Ia tersenyum.)"]),
        ("Harganya Rp 3.000 per buku. Apakah mahal? Tidak!",
         ["Harganya Rp 3.000 per buku.", "Apakah mahal?", "Tidak!"]),
        ("Presiden A.S. Donald Trump datang ke Jakarta. Ia disambut di Istana.",
         ["Presiden A.S. Donald Trump datang ke Jakarta.", "Ia disambut di Istana."]),
        ("Pasukan itu kembali ke A.S. Mereka tiba pagi ini.",
         ["Pasukan itu kembali ke A.S.", "Mereka tiba pagi ini."]),
    ],
)
def test_indonesian_cases(text, expected):
    assert sentences(text, "id") == expected


def test_title_without_full_stop_is_its_own_sentence():
    text = "How a Story Spreads\n\nNobody remembers it. It simply arrived."
    assert sentences(text, "en") == ["How a Story Spreads", "Nobody remembers it.", "It simply arrived."]
    # A title on the line just above its paragraph, too.
    text = "Pujian untuk Membaca\nMembaca pelan-pelan itu sulit sekali bagi kebanyakan orang. Tetapi ada gunanya."
    assert sentences(text, "id")[0] == "Pujian untuk Membaca"


def test_heading_glued_to_text_by_a_lost_line_break():
    text = "Scientists found the cure in a lab They can now treat the disease."
    assert sentences(text, "en") == ["Scientists found the cure in a lab", "They can now treat the disease."]


def test_blank_lines_of_non_breaking_spaces_split_paragraphs():
    text = "Satu kalimat.\n\u00a0\nDua kalimat.\n \u00a0 \nTiga."
    spans = paragraph_spans(text)
    assert [text[s:e] for s, e in spans] == ["Satu kalimat.", "Dua kalimat.", "Tiga."]


def _reference_paragraphs(text: str) -> list[str]:
    """Line-by-line definition: paragraphs are runs of lines with visible characters."""
    out, current = [], []
    for line in text.split("\n"):
        if line.strip(" \t\u00a0\u200b\u3000\ufeff\u2009\u202f"):
            current.append(line)
        elif current:
            out.append("\n".join(current))
            current = []
    if current:
        out.append("\n".join(current))
    return [p.strip(" \t\n\u00a0\u200b\u3000\ufeff\u2009\u202f") for p in out]


@given(st.lists(st.sampled_from(["Kata.", "word", " ", "\u00a0", "", "  \u00a0 ", "x y", "\t"]), max_size=12))
def test_paragraphs_match_the_line_definition(lines):
    text = "\n".join(lines)
    assert [text[s:e] for s, e in paragraph_spans(text)] == _reference_paragraphs(text)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([
    "Dr.", "Budi", "pk", "03.00", "750.000", "dll.", "U.S.", "said.", "Why?", "(yes)", "“Ya.”",
    "\n", "\n\u00a0\n", "the", "A.", "etc.,", "3,000", "and", "Ini", "itu!", "...", "No.", "5",
]), min_size=1, max_size=30), st.sampled_from(["en", "id"]))
def test_sentence_spans_are_exact_ordered_and_cover_the_text(tokens, lang):
    text = " ".join(tokens)
    seg = get_pipeline().segment(text, lang)
    covered = set()
    last = 0
    for s in seg.sentences:
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.start >= last
        last = s.end
        p = seg.paragraphs[s.paragraph]
        assert p.start <= s.start and s.end <= p.end
        covered.update(range(s.start, s.end))
    visible = {i for i, ch in enumerate(text) if not ch.isspace()}
    assert visible <= covered


@pytest.mark.parametrize("name", ["word-of-mouth", "marketing-and-sales", "slow-reading", "persuasion"])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_corpus_essays_segment_as_written(name, lang):
    text = (CORPORA / f"{name}.{lang}.txt").read_text(encoding="utf-8")
    gold = (GOLD / f"{name}.{lang}.sents").read_text(encoding="utf-8").splitlines()
    assert sentences(text, lang) == gold


def test_seed_quirks(seed_text):
    seg = get_pipeline().segment(seed_text, "id")
    texts = [s.text for s in seg.sentences]
    # Lines of non-breaking spaces are blank: title, intro, quote, translation, two
    # paragraphs of commentary and the date line.
    assert len(seg.paragraphs) == 7
    quote = [s.text for s in seg.sentences if s.paragraph == 2]
    assert len(quote) == 6
    assert quote[0] == "Marketing tells a story that spreads."
    assert quote[-1] == "Easier said than done"
    assert texts[0] == "PERBEDAAAN MARKETING DAN SALES"
    assert any("pk 03.00 dini hari." in t for t in texts)
    assert any("750.000 – 800.000" in t for t in texts)
    assert texts[-1] == "(7 May 2016)"
    translation = [s.text for s in seg.sentences if s.paragraph == 3]
    assert len(translation) == 6 and translation[0].startswith("(") and translation[-1].endswith(")")


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("1. The tenant shall keep the premises clean.\n2. Rent is due on the first day.\n", "en",
         ["1. The tenant shall keep the premises clean.", "2. Rent is due on the first day."]),
        ("iv. Nobody may be held in slavery.\nB) Everyone has the right to rest.\n", "en",
         ["iv. Nobody may be held in slavery.", "B) Everyone has the right to rest."]),
        ("(a) Rent is due. (b) No pets are allowed.", "en", ["(a) Rent is due.", "(b) No pets are allowed."]),
        ("Pasal 1. (1) Setiap orang berhak hidup. (2) Tidak seorang pun boleh disiksa.", "id",
         ["Pasal 1.", "(1) Setiap orang berhak hidup.", "(2) Tidak seorang pun boleh disiksa."]),
        # A number ending a sentence is not a list item, nor an item after an abbreviation.
        ("He came in at 1. The next runner was 2. Fine.", "en",
         ["He came in at 1.", "The next runner was 2.", "Fine."]),
        ("Lihat hal. (a) dan seterusnya.", "id", ["Lihat hal. (a) dan seterusnya."]),
    ],
)
def test_a_list_item_keeps_its_number_and_starts_a_sentence(text, lang, expected):
    assert sentences(text, lang) == expected
