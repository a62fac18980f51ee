"""Segmentation and alignment together (alignread.align.joint, alignread.nlp.boundaries)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alignread.align.aligner import BASELINE, DEFAULT, align_path
from alignread.align.joint import cuts_of, vocabulary
from alignread.align.refine import CLUE_FIRST, CLUE_MEET, Cut, Cuts
from alignread.nlp.boundaries import LIKELY, PLAUSIBLE, POSSIBLE, CaseStats, possible_starts
from alignread.store.pairfile import dumps, loads
from alignread.workflows.build import build_pair, segment

# Written for these tests. The Indonesian drops one full stop (before `Wijaya`), both
# sides run a heading into its paragraph (`... planned Readers who ...`), and the
# translator splits one sentence in two (`... di Bandung. Minggu lalu ...`).
EN = (
    "Why small bookshops survive\n\n"
    "The town library opened a new reading room in March. Volunteers painted the walls and carried in the shelves. "
    "The vote on the budget was delayed by a long debate. Wijaya spoke first and asked for patience. Nobody "
    "expected the room to be full on the first night. Most readers came back the next week.\n\n"
    "Readers stay longer than they planned Readers who take their time remember more of what they read. The shop "
    "opened in Bandung last week and a second one opens in Bogor next month. We let Rangers play their own game, "
    "as Professor Hadi said to the coach."
)
ID = (
    "Mengapa toko buku kecil bertahan\n\n"
    "Perpustakaan kota membuka ruang baca baru pada bulan Maret. Para relawan mengecat dinding dan mengangkut "
    "rak-rak buku. Pemungutan suara atas anggaran tertunda oleh perdebatan panjang Wijaya berbicara pertama dan "
    "meminta kesabaran. Tidak ada yang menyangka ruangan itu penuh pada malam pertama. Sebagian besar pembaca "
    "kembali pada minggu berikutnya.\n\n"
    "Pembaca tinggal lebih lama dari rencana Pembaca yang meluangkan waktu mengingat lebih banyak dari apa yang "
    "mereka baca. Toko itu dibuka di Bandung. Minggu lalu, toko kedua akan dibuka di Bogor bulan depan. Kami "
    "membiarkan Rangers memainkan permainan mereka sendiri, seperti kata Profesor Hadi kepada pelatih."
)


@pytest.fixture(scope="module")
def pairs():
    return build_pair(EN, ID), build_pair(EN, ID, config=replace(DEFAULT, resegment=False))


def _bead_texts(pair):
    return [(pair.bead_text(b, "en"), pair.bead_text(b, "id")) for b in pair.beads]


def test_a_dropped_full_stop_is_restored_from_the_other_side(pairs):
    joint, alone = pairs
    assert any(b.kind == "2-1" for b in alone.beads)
    texts = _bead_texts(joint)
    assert ("The vote on the budget was delayed by a long debate.",
            "Pemungutan suara atas anggaran tertunda oleh perdebatan panjang") in texts
    assert ("Wijaya spoke first and asked for patience.",
            "Wijaya berbicara pertama dan meminta kesabaran.") in texts


def test_a_heading_run_into_its_text_on_both_sides_is_split(pairs):
    joint, alone = pairs
    texts = _bead_texts(joint)
    assert ("Readers stay longer than they planned", "Pembaca tinggal lebih lama dari rencana") in texts
    assert not any(e == "Readers stay longer than they planned" for e, _ in _bead_texts(alone))


def test_names_titles_and_a_translators_split_stay_whole(pairs):
    joint, _ = pairs
    en = [s.text for s in joint.en.sentences]
    ind = [s.text for s in joint.ind.sentences]
    # A name after a lowercase word on both sides, a title before a name.
    assert "We let Rangers play their own game, as Professor Hadi said to the coach." in en
    assert any(s.startswith("Kami membiarkan Rangers") and s.endswith("kepada pelatih.") for s in ind)
    # The translator's split is not projected onto the English: a sentence does not end
    # with `in` (`opened in | Bandung`).
    assert "The shop opened in Bandung last week and a second one opens in Bogor next month." in en
    assert [b.kind for b in joint.beads].count("1-2") == 1


def test_two_full_stops_dropped_one_on_each_side_are_both_restored():
    # Each side lost a different full stop, so the aligner can only pair them 2-2.
    en = ("Notes from a reading group\n\nThe group first met in the library in March. Budi and two "
          "volunteers painted the walls Wijaya carried in the old shelves. Everyone brought one book "
          "they loved. The first evening ended late.")
    ind = ("Catatan dari sebuah kelompok baca\n\nKelompok itu pertama kali bertemu di perpustakaan pada "
           "bulan Maret Budi dan dua relawan mengecat dinding. Wijaya mengangkut rak-rak tua. Setiap orang "
           "membawa satu buku yang mereka cintai. Malam pertama berakhir larut.")
    alone = build_pair(en, ind, config=replace(DEFAULT, resegment=False))
    assert "2-2" in [b.kind for b in alone.beads]
    joint = build_pair(en, ind)
    assert [b.kind for b in joint.beads] == ["1-1"] * 6
    assert ("Budi and two volunteers painted the walls", "Budi dan dua relawan mengecat dinding.") in _bead_texts(joint)


def test_the_baseline_aligner_keeps_the_monolingual_sentences():
    pair = build_pair(EN, ID, config=BASELINE)
    alone = build_pair(EN, ID, config=replace(DEFAULT, resegment=False))
    assert [s.text for s in pair.ind.sentences] == [s.text for s in alone.ind.sentences]


def test_split_sentences_survive_the_file_round_trip(pairs):
    joint, _ = pairs
    text = dumps(joint)
    assert dumps(loads(text, "test.yaml")) == text


def _starts(text: str, lang: str) -> dict[str, int]:
    found = possible_starts(text, 0, len(text), lang, CaseStats.of(text), vocabulary(lang))
    return {text[s.pos:].split()[0]: s.strength for s in found}


def test_how_strongly_a_capital_marks_a_sentence_start():
    text = ("Nurses gave the new vaccine to the children of the village Vaccine doses arrive weekly, "
            "said Dr. Lee to meet Belgian players Method matters here Repeat repeat Repeat it now "
            "as told Wijaya yesterday")
    found = _starts(text, "en")
    # A common word the text also writes in lowercase, after a lowercase word.
    assert found["Vaccine"] == LIKELY
    # Common, but never seen in lowercase here: only plausible, like a nationality.
    assert found["Method"] == PLAUSIBLE
    assert found["Belgian"] == PLAUSIBLE
    # A name: merely possible. After a title abbreviation: nothing.
    assert found["Wijaya"] == POSSIBLE
    assert "Lee" not in found
    # The same word again, now capitalised, after its lowercase self.
    assert found["Repeat"] == LIKELY


def test_a_title_in_title_case_is_not_cut():
    # `We` and `Kita` open clauses, but between capitalised words they are a title's.
    assert _starts("Why We Keep Notebooks", "en").get("We") == POSSIBLE
    assert _starts("Mengapa Kita Menyimpan Buku Catatan", "id").get("Kita") == POSSIBLE
    pair = build_pair("Why We Keep Notebooks\n\nWe write to remember. Notes help us think.",
                      "Mengapa Kita Menyimpan Buku Catatan\n\n"
                      "Kita menulis untuk mengingat. Catatan membantu kita berpikir.")
    assert pair.en.sentences[0].text == "Why We Keep Notebooks"
    assert pair.ind.sentences[0].text == "Mengapa Kita Menyimpan Buku Catatan"


def test_no_start_after_a_word_a_sentence_cannot_end_with():
    found = _starts("Toko itu dibuka di Bandung pada bulan Juni dan Pemerintah kota datang", "id")
    assert "Bandung" not in found
    assert "Pemerintah" not in found  # after `dan`


def test_a_speakers_label_after_another_is_likely():
    found = _starts('A scene with Dale Evans: Man: "What is that?" and a man answering', "en")
    assert found["Man:"] == LIKELY


def test_a_word_the_text_capitalises_mid_sentence_twice_is_a_name():
    text = "the new Council met today and the Council voted Council members left early"
    assert _starts(text, "en").get("Council", POSSIBLE) == POSSIBLE


WORDS_EN = ["reading", "slowly", "helps", "readers", "remember", "Jakarta", "Budi", "the", "story", "spreads"]
WORDS_ID = ["membaca", "perlahan", "membantu", "pembaca", "mengingat", "Jakarta", "Budi", "kisah", "itu", "menyebar"]


@st.composite
def documents(draw):
    n = draw(st.integers(2, 8))
    en, ind = [], []
    for _ in range(n):
        picks = draw(st.lists(st.integers(0, len(WORDS_EN) - 1), min_size=2, max_size=8))
        e = " ".join(WORDS_EN[k] for k in picks)
        i = " ".join(WORDS_ID[k] for k in picks)
        en.append(e[0].upper() + e[1:] + draw(st.sampled_from([".", "", "!"])))
        ind.append(i[0].upper() + i[1:] + draw(st.sampled_from([".", "", "?"])))
    return " ".join(en), " ".join(ind)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_segmenting_from_both_sides_only_adds_boundaries_and_keeps_the_invariants(doc):
    en_text, ind_text = doc
    joint = build_pair(en_text, ind_text, check_languages=False)
    alone = build_pair(en_text, ind_text, config=replace(DEFAULT, resegment=False), check_languages=False)
    for side in ("en", "id"):
        new, old = joint.side(side), alone.side(side)
        assert [s.index for s in new.sentences] == list(range(len(new.sentences)))
        for s in new.sentences:
            assert s.text == new.text[s.start:s.end] and s.text.strip() == s.text and s.text
        for a, b in zip(new.sentences, new.sentences[1:]):
            assert a.end <= b.start
        assert {s.start for s in old.sentences} <= {s.start for s in new.sentences}
        ids = [i for b in joint.beads for i in (b.en if side == "en" else b.ind)]
        assert ids == list(range(len(new.sentences)))


# A short news story written for these tests: a headline, then three paragraphs.
STORY_EN = [
    "Volcano spews ash over the city",
    "Ash from the volcano reached the southern districts of the city on Saturday. The authorities closed "
    "two schools and asked people to stay at home.",
    "Farmers near the mountain moved their cattle to the valley. The army sent trucks with water and food.",
    "The volcano has been active since March, the agency said.",
]
STORY_ID = [
    "Gunung berapi memuntahkan abu ke kota",
    "Abu dari gunung berapi mencapai distrik selatan kota pada hari Sabtu. Pihak berwenang menutup dua "
    "sekolah dan meminta orang-orang untuk tetap di rumah.",
    "Para petani di dekat gunung memindahkan ternak mereka ke lembah. Tentara mengirim truk berisi air dan "
    "makanan.",
    "Gunung berapi itu aktif sejak bulan Maret, kata badan tersebut.",
]


def test_a_headline_run_into_its_text_on_both_sides_is_split():
    # No blank line after the headline, no full stop at its end, on either side.
    en = STORY_EN[0] + " " + " ".join(STORY_EN[1:])
    ind = STORY_ID[0] + " " + " ".join(STORY_ID[1:])
    pair = build_pair(en, ind)
    texts = _bead_texts(pair)
    assert texts[0] == (STORY_EN[0], STORY_ID[0])
    assert texts[1] == ("Ash from the volcano reached the southern districts of the city on Saturday.",
                        "Abu dari gunung berapi mencapai distrik selatan kota pada hari Sabtu.")
    # Each language alone keeps the headline in the first sentence.
    alone = build_pair(en, ind, config=replace(DEFAULT, resegment=False))
    assert alone.en.sentences[0].text.startswith(STORY_EN[0] + " Ash")


def test_a_text_without_paragraphs_aligns_as_it_does_with_them():
    with_paragraphs = build_pair("\n\n".join(STORY_EN), "\n\n".join(STORY_ID))
    without = build_pair(" ".join(STORY_EN), " ".join(STORY_ID))
    assert len(without.en.paragraphs) == 1 and len(without.ind.paragraphs) == 1
    assert _bead_texts(without) == _bead_texts(with_paragraphs)
    assert [b.kind for b in without.beads] == ["1-1"] * 6


# House rules written for these tests: numbered headings, each glued to its rule when the
# text lost its line breaks (a PDF dump, a pasted web page).
RULES_EN = [
    ("Rule 1", "Everyone keeps the kitchen clean after cooking."),
    ("Rule 2", "Everyone takes out the rubbish on Monday evening."),
    ("Rule 3", "Nobody plays loud music after ten at night, so that everyone can sleep."),
    ("Rule 4", "Everyone waters the plants in the garden on Sunday."),
    ("Rule 5", "Nobody leaves the front door open in winter, and nobody smokes inside."),
]
RULES_ID = [
    ("Aturan 1", "Setiap orang menjaga dapur tetap bersih sesudah memasak."),
    ("Aturan 2", "Setiap orang membuang sampah pada hari Senin malam."),
    ("Aturan 3", "Tidak seorang pun memutar musik keras sesudah pukul sepuluh malam, agar setiap orang bisa tidur."),
    ("Aturan 4", "Setiap orang menyiram tanaman di kebun pada hari Minggu."),
    ("Aturan 5", "Tidak seorang pun membiarkan pintu depan terbuka pada musim dingin, dan tidak ada yang merokok "
                 "di dalam."),
]


def test_a_word_capitalised_only_after_numbered_headings_is_no_name():
    # `Everyone` is capitalised mid-sentence three times here, each time after a heading's
    # number: those are the very places in question, no sign that it is a name (and the
    # text writes it in lowercase too: a likely start).
    text = " ".join(f"{head} {rule}" for head, rule in RULES_EN)
    assert _starts(text, "en") == {"Everyone": LIKELY, "Nobody": LIKELY}
    text = " ".join(f"{head} {rule}" for head, rule in RULES_ID)
    assert _starts(text, "id") == {"Setiap": LIKELY, "Tidak": LIKELY}
    # Capitalised after an ordinary word, twice, it still is (`the Council`, above).
    assert _starts("the Board met and the Board voted 3 Board members left early", "en").get("Board") == POSSIBLE


def test_numbered_headings_glued_to_their_rules_are_split_from_both_sides():
    with_lines = build_pair("\n\n".join(f"{h}\n\n{r}" for h, r in RULES_EN),
                            "\n\n".join(f"{h}\n\n{r}" for h, r in RULES_ID))
    glued = build_pair(" ".join(f"{h} {r}" for h, r in RULES_EN), " ".join(f"{h} {r}" for h, r in RULES_ID))
    expected = [pair for (he, re_), (hi, ri) in zip(RULES_EN, RULES_ID) for pair in ((he, hi), (re_, ri))]
    assert _bead_texts(with_lines) == expected
    assert _bead_texts(glued) == expected


def test_a_name_after_a_word_the_other_side_keeps_after_its_boundary_is_no_boundary():
    # The translator joined two sentences (`..., dan menteri Indonesia ...`); the name after
    # `menteri` is where the English sentence opens (`The Indonesian minister`), but
    # `menteri` translates a word after the English boundary: the cut splits a phrase.
    en = ("The talks opened in Jakarta on Monday. Officials from both countries met in the capital. "
          "The Indonesian minister said the talks would go on until Friday. "
          "A joint statement is expected at the end of the week. Reporters waited outside the building all day.")
    ind = ("Perundingan dibuka di Jakarta pada hari Senin. Para pejabat dari kedua negara bertemu di ibu kota, "
           "dan menteri Indonesia mengatakan perundingan akan berlanjut sampai hari Jumat. "
           "Pernyataan bersama diharapkan pada akhir minggu. Para wartawan menunggu di luar gedung sepanjang hari.")
    pair = build_pair(en, ind)
    assert [b.kind for b in pair.beads] == ["1-1", "2-1", "1-1", "1-1"]
    assert pair.ind.sentences[1].text.endswith("sampai hari Jumat.")


def test_a_score_line_headline_ends_after_its_title_not_at_the_name_before_its_colon():
    en = ("Leeds 2 - 1 Fulham: Late goals lift Leeds Two late goals gave the home side a win they had waited "
          "for since August. Fulham had led for most of the match. The manager praised his players after the game.")
    ind = ("Leeds 2 - 1 Fulham: Gol-gol akhir mengangkat Leeds Dua gol akhir memberi tuan rumah kemenangan yang "
           "mereka tunggu sejak Agustus. Fulham telah unggul hampir sepanjang pertandingan. Manajer memuji para "
           "pemainnya setelah pertandingan.")
    texts = _bead_texts(build_pair(en, ind))
    assert texts[0] == ("Leeds 2 - 1 Fulham: Late goals lift Leeds",
                        "Leeds 2 - 1 Fulham: Gol-gol akhir mengangkat Leeds")
    assert len(texts) == 4


def test_a_headline_beside_its_translation_is_paired_though_the_sentence_after_it_is_left_out():
    # The English headline runs into a long sentence the Indonesian leaves out: the bead
    # search finds no pair (0-1 beside 1-0), but a part of the English sentence is one.
    en = ("Budi rallies in West Java The governor obliquely referred to the long dispute surrounding the harbour "
          "project, telling a crowd of supporters that the new port would bring work to thousands of young people "
          "who had left the province. " + " ".join(STORY_EN[1:]))
    ind = "Budi berkampanye di Jawa Barat. " + " ".join(STORY_ID[1:])
    assert [b.kind for b in build_pair(en, ind, config=replace(DEFAULT, joint=False)).beads][:2] == ["0-1", "1-0"]
    texts = _bead_texts(build_pair(en, ind))
    assert texts[0] == ("Budi rallies in West Java", "Budi berkampanye di Jawa Barat.")
    assert texts[1][0].startswith("The governor obliquely") and texts[1][1] == ""
    assert len(texts) == 7


def _kinds(text: str, lang: str) -> dict[str, tuple[str, int]]:
    """The kind and strength of each start inside `text`, read as a text's second sentence."""
    text = ("Sebuah kalimat pertama. " if lang == "id" else "A first sentence. ") + text
    found = possible_starts(text, 0, len(text), lang, CaseStats.of(text), vocabulary(lang))
    return {text[s.pos:].split()[0]: (s.kind, s.strength) for s in found}


def test_a_capital_after_a_closed_quotation_is_plausible_after_a_quoted_name_not():
    found = _kinds('The coach said "they took their chances better than we did" Grant Anderson scored first', "en")
    assert found["Grant"] == ("capital", PLAUSIBLE)
    assert _kinds('They walked to the gate called "Beautiful" Paul looked at him', "en")["Paul"][1] == POSSIBLE
    # A quotation closed after a comma goes on, with its speaker.
    found = _kinds('"We took our chances better than they did," Grant Anderson said', "en")
    assert found["Grant"][1] == POSSIBLE


def test_a_common_word_after_a_name_and_before_a_lowercase_word_is_no_part_of_the_name():
    found = _kinds("Matahari terbenam di atas Le Golf National Lebih baik lagi, pemain di Livingston Tim Ibrox "
                   "berusaha menang", "id")
    # `Lebih baik`: the name before it has ended, a sentence may start (a mere capital).
    assert found["Lebih"] == ("capital", POSSIBLE)
    # `Tim Ibrox`: a common word before a name is part of it.
    assert found["Tim"] == ("name", POSSIBLE)


def test_a_full_stop_lost_inside_a_closing_quote_is_restored_from_the_other_side():
    en = ('The visitors were honest after the match. "We played well, but they took their chances better than we '
          "did\" Grant Anderson's try in the fourth minute had given Ayr the lead. " + " ".join(STORY_EN[1:]))
    ind = ("Tim tamu berterus terang setelah pertandingan. “Kami bermain baik, tetapi mereka memanfaatkan peluang "
           "lebih baik daripada kami.” Percobaan Grant Anderson pada menit keempat telah membuat Ayr unggul. "
           + " ".join(STORY_ID[1:]))
    texts = _bead_texts(build_pair(en, ind))
    assert texts[1][0] == '"We played well, but they took their chances better than we did"'
    assert texts[2] == ("Grant Anderson's try in the fourth minute had given Ayr the lead.",
                        "Percobaan Grant Anderson pada menit keempat telah membuat Ayr unggul.")


def test_a_headline_and_its_subtitle_run_into_the_text_are_two_beads_and_a_shared_name_stays_whole():
    en = "Volcano spews ash over Puebla Schools close near Popocatepetl " + " ".join(STORY_EN[1:])
    ind = "Gunung berapi memuntahkan abu ke Puebla Sekolah ditutup di dekat Popocatepetl " + " ".join(STORY_ID[1:])
    texts = _bead_texts(build_pair(en, ind))
    assert texts[0] == ("Volcano spews ash over Puebla", "Gunung berapi memuntahkan abu ke Puebla")
    # The name at the end of the subtitle, the same in both, is not a heading of its own.
    assert texts[1] == ("Schools close near Popocatepetl", "Sekolah ditutup di dekat Popocatepetl")
    assert texts[2][0].startswith("Ash from the volcano") and texts[2][1].startswith("Abu dari gunung")


# A headline naming a player, run into the text's first sentence, which names him again and
# a club further on, the same in both languages.
NAMED_EN = ("Watch: Budi Santoso scores late winner against Persib Budi Santoso saved Persija from a home defeat "
            "with a goal in the last minute on Sunday.")
NAMED_ID = ("Saksikan: Budi Santoso mencetak gol kemenangan melawan Persib Budi Santoso menyelamatkan Persija dari "
            "kekalahan kandang dengan gol pada menit terakhir hari Minggu.")


@pytest.mark.parametrize(("text", "lang"), [(NAMED_EN, "en"), (NAMED_ID, "id")])
def test_a_heading_end_before_a_word_the_heading_has_written_is_of_its_own_kind(text, lang):
    found = _first_sentence_kinds(text, lang)
    assert found["Budi"] == ("heading-again", PLAUSIBLE)
    assert found["Persija"] == ("heading", PLAUSIBLE)


def test_no_subtitle_opens_with_the_name_the_headline_has():
    texts = _bead_texts(build_pair(NAMED_EN + " " + " ".join(STORY_EN[1:]), NAMED_ID + " " + " ".join(STORY_ID[1:])))
    assert texts[0] == ("Watch: Budi Santoso scores late winner against Persib",
                        "Saksikan: Budi Santoso mencetak gol kemenangan melawan Persib")
    # Not `Budi Santoso saved | Persija from ...`: the text's first sentence, not a subtitle.
    assert texts[1] == ("Budi Santoso saved Persija from a home defeat with a goal in the last minute on Sunday.",
                        "Budi Santoso menyelamatkan Persija dari kekalahan kandang dengan gol pada menit terakhir "
                        "hari Minggu.")


def _first_sentence_kinds(text: str, lang: str) -> dict[str, tuple[str, int]]:
    """The kind and strength of each start inside `text`, read as a text's first sentence."""
    found = possible_starts(text, 0, len(text), lang, CaseStats.of(text), vocabulary(lang))
    return {text[s.pos:].split()[0]: (s.kind, s.strength) for s in found}


# A headline in title case, written for these tests, run into its text with no full stop.
TITLE_EN = "Stubborn Goat Blocks Mountain Road for Hours"
TITLE_ID = "Kambing Keras Kepala Menutup Jalan Gunung selama Berjam-jam"


@pytest.mark.parametrize(("text", "lang", "inside", "end"), [
    (TITLE_EN + " Drivers waited behind the animal until a farmer came.", "en", ("Mountain", "Road"), "Drivers"),
    (TITLE_ID + " Pengemudi menunggu di belakang hewan itu sampai seorang petani datang.", "id",
     ("Menutup", "Jalan", "Gunung"), "Pengemudi"),
])
def test_a_headline_in_title_case_ends_where_lowercase_words_begin_not_between_its_capitals(text, lang, inside, end):
    found = _first_sentence_kinds(text, lang)
    # Between two capitals of the title: no heading's end (a name's capital at most).
    assert all(found[w][0] != "heading" for w in inside)
    # A common word opening the sentence's lowercase words: the title has ended.
    assert found[end] == ("heading", LIKELY)


def test_a_headline_in_title_case_run_into_its_text_is_one_bead_on_both_sides():
    en = TITLE_EN + " " + " ".join(STORY_EN[1:])
    ind = TITLE_ID + " " + " ".join(STORY_ID[1:])
    texts = _bead_texts(build_pair(en, ind))
    assert texts[0] == (TITLE_EN, TITLE_ID)
    assert texts[1][0].startswith("Ash from the volcano") and texts[1][1].startswith("Abu dari gunung")


def _body_kinds(body: str, lang: str) -> dict[str, tuple[str, int]]:
    """The kind and strength of each start inside the sentence `body`, after a text's first."""
    text = ("Sebuah kalimat pertama. " if lang == "id" else "A first sentence. ") + body
    start = len(text) - len(body)
    found = possible_starts(text, start, len(text), lang, CaseStats.of(text), vocabulary(lang))
    return {text[s.pos:].split()[0]: (s.kind, s.strength) for s in found}


@pytest.mark.parametrize(("body", "lang"), [
    ('"We will keep the bridge open for everyone," she said Hartono also denied the claim.', "en"),
    ('"Jembatan itu tetap dibuka untuk semua orang," katanya Hartono juga membantah klaim itu.', "id"),
    ('"Jembatan itu tetap dibuka untuk semua orang," kata dia Hartono juga membantah klaim itu.', "id"),
])
def test_a_capital_after_a_quotations_speaker_tag_is_likely(body, lang):
    # The tag (a pronoun and a verb of saying, `katanya`) has ended: a sentence follows.
    assert _body_kinds(body, lang)["Hartono"] == ("capital", LIKELY)


@pytest.mark.parametrize(("body", "lang", "start"), [
    ('"We will win," he said "We were ready for this."', "en", '"We'),
    ('"We will win," one woman said "Do you think so?"', "en", '"Do'),
    ('"We will win," said Hartono "It is not over yet."', "en", '"It'),
    ('The smell can act as a "trigger" "They are just playing."', "en", '"They'),
    ('"Kami akan menang,” kata dia “Jika kita siap.', "id", "“Jika"),
    ('"Kami akan menang,” kata seorang wanita “Apakah Anda siap?', "id", "“Apakah"),
    ('"Kami akan menang,” dia menambahkan “Persidangan itu penting.', "id", "“Persidangan"),
])
def test_a_quotation_opened_after_a_speaker_tag_or_another_quotation_is_a_likely_start(body, lang, start):
    assert _body_kinds(body, lang)[start] == ("capital", LIKELY)


def test_a_quotation_opened_after_a_verb_of_saying_with_no_quotation_before_is_no_sign():
    assert _body_kinds('Hartono said "We will win" to the crowd.', "en")['"We'] == ("capital", POSSIBLE)


def test_a_name_after_a_verb_of_saying_without_a_pronoun_is_the_speaker():
    found = _body_kinds('"The bridge stays open," said Hartono Wijaya to the crowd.', "en")
    assert found["Hartono"][1] == POSSIBLE


def test_a_word_the_vocabulary_lacks_is_common_where_the_text_writes_it_in_lowercase():
    lowercase_too = _body_kinds("The crew painted the hull of the old boat Naval engineers checked it later. "
                                "A naval base stands nearby.", "en")
    assert lowercase_too["Naval"] == ("capital", LIKELY)
    assert _body_kinds("The crew painted the hull of the old boat Naval engineers checked it later.",
                       "en")["Naval"] == ("capital", POSSIBLE)


@pytest.mark.parametrize(("body", "lang"), [
    ("Rain fell on Central Java that day. The farmers of Central Java Hartono sold rice at the market.", "en"),
    ("Hujan turun di Jawa Tengah pada hari itu. Para petani dari Jawa Tengah Hartono menjual beras di pasar.", "id"),
])
def test_a_capital_after_a_name_the_text_ends_there_elsewhere_is_no_part_of_the_name(body, lang):
    # `Central Java` / `Jawa Tengah` ends before a lowercase word elsewhere: the name may end
    # here too, so `Hartono` is a mere capital, as after a lowercase word.
    assert _body_kinds(body, lang)["Hartono"] == ("capital", POSSIBLE)
    # Without that evidence it goes on the name before it.
    alone = body[body.index(". ") + 2:]
    assert _body_kinds(alone, lang)["Hartono"] == ("name", POSSIBLE)


def test_a_clause_opener_with_a_clitic_is_a_clause_opener():
    # `He's` opens a clause as `He` does: after a lowercase word, a likely start.
    found = _kinds("Rowan played the agent at the opening ceremony He's also based on a traveller", "en")
    assert found["He's"] == ("capital", LIKELY)


def test_an_article_before_a_name_is_an_opener_whose_next_words_tell():
    found = _kinds("Aguero scored in the 65th minute The Argentine striker received a pass", "en")
    # Before a capitalised word an article is a title's as often (`told The Daily Post`):
    # no more than possible, but its own word cannot be what meets the other side.
    assert found["The"] == ("opener", POSSIBLE)


def test_an_openers_cut_is_told_by_the_words_after_it():
    text = segment("City won. Aguero scored in the 65th minute The Argentine striker received a pass.", "en")
    (cut,) = [c for c in cuts_of(text).places[1] if text.sentences[1].text[c.offset:].startswith("The ")]
    # Not by its first word, as a mere capital's: `The` has no Indonesian to meet.
    assert cut.clue == CLUE_MEET and not cut.pairs


def test_a_name_the_lexicon_leaves_as_it_is_is_no_common_indonesian_word():
    # `argentine` translates to `argentina`, a name the lexicon keeps as it is: no common word.
    assert not vocabulary("id").common("Argentina")
    assert vocabulary("id").common("Kemenangan")


def test_a_possessive_name_after_a_lowercase_word_is_told_by_the_words_after_it():
    found = _kinds("Halkett swept up long ball after long ball Holt's side could have won", "en")
    # Indonesian writes the noun first (`Tim Holt`): the name's own word is not where the
    # two sides' sentences meet.
    assert found["Holt's"] == ("possessive", POSSIBLE)
    text = segment("City won. Halkett swept up long ball after long ball Holt's side could have won.", "en")
    (cut,) = [c for c in cuts_of(text).places[1] if text.sentences[1].text[c.offset:].startswith("Holt's")]
    assert cut.clue == CLUE_MEET


def test_a_cuts_word_may_meet_the_second_word_of_the_other_sides_sentence():
    # `Semua` (all) opens a sentence the English opens with `It is all`: the cut's own word
    # is the other side's second token (`is` counts for nothing), and a full stop dropped
    # after `kata Spieth` is found.
    en = ["The players walked slowly to the first tee early in the morning.",
          "\"You just have to dig deep and worry about your own game,\" Spieth said.",
          "It is all each of these players can do now.",
          "Then everyone went home to eat with their families."]
    said = "\"Anda hanya harus berusaha keras dan mengkhawatirkan permainan Anda sendiri,\" kata Spieth"
    ind = ["Para pemain berjalan perlahan ke tee pertama pagi-pagi sekali.",
           said + " Semua pemain ini hanya bisa melakukan itu sekarang.",
           "Lalu semua orang pulang untuk makan bersama keluarga mereka."]
    cuts = (Cuts([(), (), (), ()]), Cuts([(), (Cut(len(said) + 1, 0.04, False, CLUE_FIRST),), ()]))
    assert align_path(en, ind, DEFAULT, cuts=cuts).beads == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]


def test_an_honorific_in_lowercase_is_followed_by_a_name_not_a_sentence():
    found = _kinds("Itu beban saya sendiri, katanya, dan bapak Gendon menceritakan kembali semuanya", "id")
    assert "Gendon" not in found


def _windows_solved(monkeypatch, pairs: bool, opening: str = "Satu suara") -> list[tuple[int, int]]:
    """The (English, Indonesian) piece counts of each window solved for a headline the
    bead search leaves one-sided, beside a bead whose Indonesian holds the headline run
    into the next sentence, cut there by a cut that pairs (or one that does not)."""
    from alignread.align import refine as refine_module

    solved: list[tuple[int, int]] = []
    search = refine_module.search_window

    def spy(cost):
        solved.append((cost.shape[1] - 1, cost.shape[3] - 1))
        return search(cost)

    monkeypatch.setattr(refine_module, "search_window", spy)
    headline = "Trump membela Kavanaugh"
    en = ["The president spoke in West Virginia on Saturday night.",
          "Trump says the judge suffered the meanness and the anger of the opposition all week long.",
          "A vote for Judge Kavanaugh is a vote to reject the outrageous tactics of the Democratic Party, "
          "Trump said at a rally in Wheeling.",
          "Then everyone went home to eat with their families."]
    ind = ["Presiden berbicara di West Virginia pada Sabtu malam.",
           f"{headline} {opening} untuk Hakim Kavanaugh adalah suara untuk menolak siasat Partai Demokrat yang "
           "memalukan, kata Trump pada sebuah kampanye di Wheeling.",
           "Lalu semua orang pulang untuk makan bersama keluarga mereka."]
    cut = Cut(len(headline) + 1, 0.5, pairs, CLUE_MEET if pairs else CLUE_FIRST)
    beads = align_path(en, ind, DEFAULT, cuts=(Cuts([(), (), (), ()]), Cuts([(), (cut,), ()]))).beads
    assert ((1,), ()) in beads
    return solved


def test_a_one_sided_sentence_is_solved_again_beside_a_cut_that_may_be_its_counterpart(monkeypatch):
    # The English headline and the bead after it, over the Indonesian sentence and its cut.
    assert _windows_solved(monkeypatch, pairs=True) == [(2, 2)]


def test_a_one_sided_sentence_beside_a_cut_that_neither_pairs_nor_meets_is_left(monkeypatch):
    assert _windows_solved(monkeypatch, pairs=False) == []


def test_a_one_sided_sentence_is_solved_again_beside_a_cut_that_opens_as_the_next_sentence(monkeypatch):
    # `Suara` (vote) opens the piece after the cut as `A vote` opens the English after the headline.
    assert _windows_solved(monkeypatch, pairs=False, opening="Suara") == [(2, 2)]


def test_a_sentence_that_starts_again_with_its_own_first_words_is_two():
    # A headline, then the text's first sentence opening with the same words, run together.
    found = _starts("New cancer vaccine can teach the immune system to see rogue cells New cancer vaccine can "
                    "teach the immune system to see rogue cells and kill them", "en")
    assert found["New"] == LIKELY
    # Two words again are a name's (`let Rangers play`), not a restatement.
    assert _starts("Glasgow Rangers won again as the fans of Glasgow Rangers sang", "en")["Rangers"] == POSSIBLE


def _beads_beside_a_likely_start(name: bool, prior: float = 0.1, last: str = "kemenangan") -> int:
    """Beads where both sides run a subtitle into the next sentence: the Indonesian at a
    likely start (`... Kemenangan`), the English at a mere capital of `prior`, or at a
    capital inside a run of capitalised words if `name`; the Indonesian subtitle ends with
    `last` (the English with `victory`)."""
    sub_en = "Dolly Menga's first goal for Livingston secured victory"
    sub_id = "Gol pertama Dolly Menga untuk Livingston memastikan " + last
    en = ["Menga strike gives Livingston a win over Rangers on Sunday.",
          sub_en + " Promoted Livingston stunned Rangers to consign Steven Gerrard to just his second defeat in 18 "
          "games as manager of the Ibrox club.",
          "Gerrard's side remain without an away win in the league this season."]
    ind = ["Gol Menga memberi kemenangan bagi Livingston atas Rangers pada hari Minggu.",
           sub_id + " Kemenangan Livingston mengakibatkan Steven Gerrard menderita kekalahan kedua dalam 18 "
           "pertandingan sebagai manajer klub Ibrox.",
           "Tim Gerrard tetap tanpa kemenangan tandang di liga musim ini."]
    mere = Cut(len(sub_en) + 1, prior, False, CLUE_FIRST, False, False, name)
    likely = Cut(len(sub_id) + 1, 0.9, True, CLUE_MEET, True)
    return len(align_path(en, ind, DEFAULT, cuts=(Cuts([(), (mere,), ()]), Cuts([(), (likely,), ()]))).beads)


def test_beside_a_likely_start_a_mere_capital_is_told_by_the_words_after_it():
    # `Promoted Livingston` and `Kemenangan Livingston` meet at their second word; the words
    # before (`victory`, `kemenangan`) translate each other too.
    assert _beads_beside_a_likely_start(name=False) == 4
    # Inside a run of capitals a name goes on: its own first word must meet.
    assert _beads_beside_a_likely_start(name=True) == 3


def test_beside_a_likely_start_the_words_before_both_cuts_count_too():
    # `victory` and `kemenangan` end both subtitles: a less likely cut is still kept ...
    assert _beads_beside_a_likely_start(name=False, prior=0.08) == 4
    # ... which it is not where they do not (`pertandingan`, a match).
    assert _beads_beside_a_likely_start(name=False, prior=0.08, last="pertandingan") == 3


def test_facing_the_other_sides_own_boundary_the_words_before_a_cut_do_not_count():
    # An unlikely cut (prior 0.001) facing a boundary, `Budi` opening both sides and `bridge`
    # / `jembatan` ending both: still one English sentence. Sentences that end alike are
    # also what one translation running on across a verse gives (`... live forever" Therefore
    # Yahweh God sent him out ...` beside `... selama-lamanya." Karena itu, ...`).
    en = ["The farmers walked to the market early in the morning.",
          "They sold rice and vegetables to the traders from the city near the old bridge",
          "Budi counted the money slowly at the end of the long day.",
          "Then everyone went home to eat with their families."]
    ind = ["Para petani berjalan ke pasar pagi-pagi sekali.",
           "Mereka menjual beras dan sayuran kepada para pedagang dari kota di dekat jembatan tua.",
           "Budi menghitung uang itu perlahan pada akhir hari yang panjang.",
           "Lalu semua orang pulang untuk makan bersama keluarga mereka."]
    cut = Cut(len(en[1]) + 1, 0.001, False, CLUE_FIRST)
    cuts = (Cuts([(), (cut,), ()]), Cuts([(), (), (), ()]))
    assert len(align_path([en[0], en[1] + " " + en[2], en[3]], ind, DEFAULT, cuts=cuts).beads) == 3
