"""Tests of the English-versus-Indonesian language identifier."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignread.nlp.langid import LanguageGuess, dominant_language, identify, identify_many

# A guess from a word or two of evidence stays below this.
WEAK = 0.9


def _lang(text: str) -> str:
    return identify(text).lang


@pytest.mark.parametrize(
    "text",
    [
        "Strategi marketing dan sales.",
        "Marketing dan sales",
        "Seorang motivator memamerkan foto di facebook.",
        "Baca blog-nya tentang marketing.",
        "Tim sales kami pakai Facebook dan Instagram.",
        "Meeting online besok jam 10.",
        "Update terbaru dari blog saya.",
        "PERBEDAAN MARKETING DAN SALES",
    ],
)
def test_short_indonesian_lines_full_of_loanwords(text: str) -> None:
    assert _lang(text) == "id"


@pytest.mark.parametrize(
    "text",
    [
        "Easier said than done",
        "Thank you!",
        "See also",
        "How are you?",
        "Free download",
        "Marketing tells a story that spreads.",
        "Sales rose 20%.",
        "THE DIFFERENCE BETWEEN MARKETING AND SALES",
    ],
)
def test_short_english_lines(text: str) -> None:
    assert _lang(text) == "en"


@pytest.mark.parametrize("text", ["", "   \n", "1234 56.78", "(2016)", "— 3 —", "12:30, 7/5"])
def test_no_letters_is_undetermined(text: str) -> None:
    assert identify(text) == LanguageGuess("und", 0.0, 0.0, 0.0)


@pytest.mark.parametrize("text", ["Seth Godin", "Barack Obama", "Joko Widodo", "Jakarta, 2016"])
def test_names_only_are_undetermined_or_weak(text: str) -> None:
    guess = identify(text)
    assert guess.lang == "und" or guess.confidence < 0.65


def test_a_name_does_not_outweigh_the_sentence_around_it() -> None:
    assert _lang("Saya bekerja di Google sejak 2015.") == "id"
    assert _lang("Kami pakai Microsoft Teams untuk rapat.") == "id"
    assert _lang("Presiden Joko Widodo meresmikan jalan tol.") == "id"
    assert _lang("I have worked at Google since 2015.") == "en"
    assert _lang("Menurut Reuters, harga minyak naik.") == "id"
    assert _lang("According to Reuters, oil prices rose.") == "en"
    # ... and Indonesian words in English prose do not outweigh it either.
    assert _lang("Bapak Joko Widodo visited the kampung.") == "en"
    assert _lang("Nasi goreng is a popular dish in Jakarta.") == "en"


def test_initials_are_not_english_words() -> None:
    # "A" and "I" alone would be English words; as initials they are no evidence.
    assert _lang("Pendanaan A.I. di A.S. naik.") == "id"
    assert _lang("A.S. dan A.I.") == "id"


def test_reduplication_is_indonesian() -> None:
    assert _lang("buku-buku") == "id"
    assert _lang("Berlomba-lomba") == "id"
    assert _lang("Satu-satunya jawaban") == "id"
    assert _lang("Dia membeli buku-buku di pameran.") == "id"
    # Reduplicating an English loanword makes it Indonesian; the loanword alone is English.
    assert _lang("blog marketing") == "en"
    assert _lang("blog-blog marketing") == "id"


def test_indonesian_clitic_on_an_english_word() -> None:
    assert _lang("blog") != "id"
    assert _lang("blog-nya") == "id"


def test_date_lines_follow_the_month_name() -> None:
    indonesian = identify("(7 Mei 2016)")
    english = identify("(7 May 2016)")
    assert indonesian.lang == "id"
    assert english.lang == "en"
    # One word of evidence is a weak guess.
    assert 0.5 < indonesian.confidence < WEAK
    assert 0.5 < english.confidence < WEAK


def test_mixed_paragraph_has_evidence_for_both_and_follows_the_majority() -> None:
    quote = "Seth Godin wrote: “Marketing tells a story that spreads.”"
    comment = (
        "Ini adalah penjelasan yang sangat singkat tentang perbedaan marketing dan sales, "
        "dan saya setuju dengan dia."
    )
    mixed = identify(f"{quote} {comment}")
    pure = identify(comment)
    assert mixed.lang == "id"
    assert mixed.en_score > 5 and mixed.id_score > 5
    assert mixed.confidence < pure.confidence

    english_majority = identify(
        f"{quote} It is short, and it is the best account of the difference I know. "
        "Dia bilang begitu."
    )
    assert english_majority.lang == "en"
    assert english_majority.id_score > 3


# Sentences written for these tests (not taken from any corpus).
OWN_ENGLISH = """\
The committee will publish its report after the election.
She said the new bridge had been closed for repairs since March.
Most of the students who took the exam passed with good marks.
We could not find the keys, so we waited outside for an hour.
Prices of rice and cooking oil rose sharply last month.
He has written three books about the history of the island.
Is there any reason to believe that the weather will improve?
They were told to leave the building before noon.
The company said its profits fell by ten percent in the first quarter.
Nobody knows exactly how many people live in the city.
""".splitlines()
OWN_INDONESIAN = """\
Panitia akan menerbitkan laporannya setelah pemilihan umum.
Dia mengatakan bahwa jembatan baru itu sudah ditutup untuk perbaikan sejak Maret.
Sebagian besar siswa yang mengikuti ujian lulus dengan nilai yang baik.
Kami tidak dapat menemukan kunci, jadi kami menunggu di luar selama satu jam.
Harga beras dan minyak goreng naik tajam bulan lalu.
Ia telah menulis tiga buku tentang sejarah pulau itu.
Apakah ada alasan untuk percaya bahwa cuaca akan membaik?
Mereka diminta meninggalkan gedung sebelum tengah hari.
Perusahaan itu mengatakan labanya turun sepuluh persen pada kuartal pertama.
Tidak ada yang tahu persis berapa banyak orang yang tinggal di kota ini.
""".splitlines()


def test_own_sentences_are_identified_confidently() -> None:
    for text, guess in zip(OWN_ENGLISH, identify_many(OWN_ENGLISH)):
        assert (guess.lang, text) == ("en", text)
        assert guess.confidence > 0.99
    for text, guess in zip(OWN_INDONESIAN, identify_many(OWN_INDONESIAN)):
        assert (guess.lang, text) == ("id", text)
        assert guess.confidence > 0.99


def test_identify_many_matches_identify() -> None:
    texts = [*OWN_ENGLISH[:3], "", "(7 Mei 2016)", *OWN_INDONESIAN[:3]]
    assert identify_many(texts) == [identify(t) for t in texts]
    assert identify_many(iter(texts)) == identify_many(texts)


def test_dominant_language() -> None:
    document = [*OWN_INDONESIAN, "(7 May 2016)", OWN_ENGLISH[0], "2016"]
    guess = dominant_language(document)
    assert guess.lang == "id"
    indonesian_letters = sum(c.isalpha() for t in OWN_INDONESIAN for c in t)
    english_letters = sum(c.isalpha() for t in [OWN_ENGLISH[0], "(7 May 2016)"] for c in t)
    assert guess.confidence == pytest.approx(
        indonesian_letters / (indonesian_letters + english_letters)
    )
    assert dominant_language(OWN_ENGLISH).lang == "en"
    # A single string is a whole file: its lines are the texts.
    assert dominant_language("\n".join(OWN_ENGLISH)) == dominant_language(OWN_ENGLISH)
    assert dominant_language([]).lang == "und"
    assert dominant_language(["12", "—"]).lang == "und"


def test_language_guess_is_a_frozen_slotted_dataclass() -> None:
    guess = identify("Terima kasih!")
    assert guess.lang == "id"
    with pytest.raises(dataclasses.FrozenInstanceError):
        guess.lang = "en"  # type: ignore[misc]
    assert not hasattr(guess, "__dict__")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_a_well_formed_guess(text: str) -> None:
    guess = identify(text)
    assert guess.lang in ("en", "id", "und")
    assert 0.0 <= guess.confidence <= 1.0
    assert guess.en_score >= 0.0 and guess.id_score >= 0.0
    if guess.lang == "und":
        assert guess.confidence == 0.0
    else:
        assert guess.confidence > 0.5
        assert (guess.lang == "en") == (guess.en_score > guess.id_score)


@given(st.text(alphabet=st.characters(categories=["Nd", "P", "Zs", "S"]), max_size=60))
def test_digits_and_punctuation_only_are_undetermined(text: str) -> None:
    assert identify(text).lang == "und"


def test_import_loads_neither_spacy_nor_the_model() -> None:
    code = (
        "import sys, alignread.nlp.langid as m; "
        "print(m._model.cache_info().currsize, 'spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["0", "False"]


def test_seed_essay_paragraphs(seed_text: str) -> None:
    text = seed_text
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    guesses = identify_many(paragraphs)
    quotes = [i for i, p in enumerate(paragraphs) if p.startswith("Marketing tells a story")]
    assert len(quotes) == 1
    assert guesses[quotes[0]].lang == "en"
    assert guesses[quotes[0]].confidence > 0.99
    assert dominant_language(paragraphs).lang == "id"
    for i, (paragraph, guess) in enumerate(zip(paragraphs, guesses)):
        if i == quotes[0]:
            continue
        if paragraph == "(7 May 2016)":
            # The closing date's only word is the English month name, so on its own it is a
            # weak "en"; a reader placing it takes the file's language (id) for weak guesses.
            assert guess.lang == "en" and guess.confidence < WEAK
            continue
        assert (guess.lang, paragraph) == ("id", paragraph)
