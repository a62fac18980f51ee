"""The aligner: invariants of the search, and the lexical evidence on hand-made cases."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignread.align.aligner import BASELINE, DEFAULT, align_sentences
from alignread.align.banded_dp import BEADS_FULL
from alignread.align.features import english_skeleton, normalise_number, sentence_tokens
from alignread.align.lexicon import load_builtin
from alignread.align.refine import allowed_shape

WORDS_EN = ["the", "market", "story", "spreads", "customer", "buys", "750,000", "books", "at", "3:00",
            "Jakarta", "said", "university", "organization", "50%", "photo", "and", "slowly"]
WORDS_ID = ["pasar", "kisah", "menyebar", "pelanggan", "membeli", "750.000", "buku", "pukul", "03.00",
            "Jakarta", "kata", "universitas", "organisasi", "50", "persen", "foto", "dan", "pelan"]


def sentence(words):
    return st.lists(st.sampled_from(words), min_size=1, max_size=12).map(lambda ws: " ".join(ws) + ".")


def covers_in_order(beads, n, m):
    en = [i for b in beads for i in b.en]
    ind = [j for b in beads for j in b.ind]
    return en == list(range(n)) and ind == list(range(m))


@settings(max_examples=40, deadline=None)
@given(st.lists(sentence(WORDS_EN), max_size=25), st.lists(sentence(WORDS_ID), max_size=25),
       st.sampled_from(["default", "baseline", "coarse"]))
def test_beads_cover_every_sentence_once_in_order(en, ind, which):
    config = {"default": DEFAULT, "baseline": BASELINE, "coarse": replace(DEFAULT, top_grid=4, margin=2)}[which]
    beads = align_sentences(en, ind, config)
    assert covers_in_order(beads, len(en), len(ind))
    for b in beads:
        assert b.en or b.ind
        # The bead search's shapes, or (solving doubtful stretches again) 1-n and n-1 beads.
        assert (len(b.en), len(b.ind)) in config.beads or (config.joint and allowed_shape(len(b.en), len(b.ind)))
        assert 0.0 <= b.score <= 1.0
    # Deterministic: the same input gives the same beads and scores.
    assert align_sentences(en, ind, config) == beads


def test_coarse_to_fine_finds_the_same_path_as_the_full_search():
    en = [f"Item number {k} costs {k * 1000:,} rupiah in store {k % 7}." for k in range(300)]
    ind = [f"Barang nomor {k} berharga {k * 1000:,} rupiah di toko {k % 7}.".replace(",", ".") for k in range(300)]
    del ind[120]  # an omission in the translation
    ind.insert(200, "Catatan penerjemah: harga dapat berubah.")
    full = align_sentences(en, ind, replace(DEFAULT, top_grid=1000))
    coarse = align_sentences(en, ind, replace(DEFAULT, top_grid=16))
    assert [(b.en, b.ind) for b in coarse] == [(b.en, b.ind) for b in full]
    assert ((120,), ()) in [(b.en, b.ind) for b in coarse]
    assert ((), (200,)) in [(b.en, b.ind) for b in coarse]


def test_one_side_empty_gives_one_sided_beads():
    beads = align_sentences(["One.", "Two."], [])
    assert [(b.en, b.ind) for b in beads] == [((0,), ()), ((1,), ())]


def _keys(text, lang):
    return {k for _, keys in sentence_tokens(text, lang, load_builtin()) for k in keys}


@pytest.mark.parametrize("en, ind", [
    ("It sold 750,000 copies.", "Terjual 750.000 eksemplar."),
    ("The fair opened at 3:00 a.m.", "Pameran dibuka pukul 03.00."),
    ("Prices rose 50% last year.", "Harga naik 50 persen tahun lalu."),
    ("The rate was 2.5 percent.", "Tingkatnya 2,5 persen."),
])
def test_numbers_meet_across_conventions(en, ind):
    shared = {k for k in _keys(en, "en") & _keys(ind, "id") if k.startswith("#")}
    assert shared


@pytest.mark.parametrize("en, ind", [
    ("organization", "organisasi"), ("university", "universitas"), ("photo", "foto"),
    ("taxi", "taksi"), ("electric", "elektrik"), ("product", "produk"), ("democracy", "demokrasi"),
    ("information", "informasi"), ("technology", "teknologi"), ("quality", "kualitas"),
])
def test_cognates_share_a_skeleton(en, ind):
    assert {k for k in _keys(en, "en") if k.startswith("~")} & {k for k in _keys(ind, "id") if k.startswith("~")}


def test_skeleton_rules():
    assert english_skeleton("organization") == "organisasi"
    assert english_skeleton("physics").startswith("fisik")
    assert normalise_number("03.00") == normalise_number("3:00") == "300"
    assert normalise_number("750,000") == normalise_number("750.000")


@pytest.mark.parametrize("en, ind", [
    ("Elin Jones met the BBC in Cardiff.", "Elin Jones bertemu BBC di Cardiff."),
    ("We must empower customers.", "Kita harus memberdayakan pelanggan."),
    ("The story spreads.", "Kisahnya menyebar."),
    ("Visit https://example.org/a today.", "Kunjungi https://example.org/a hari ini."),
    ("Why not?", "Mengapa tidak?"),
])
def test_names_lemmas_urls_and_punctuation_match(en, ind):
    shared = _keys(en, "en") & _keys(ind, "id")
    assert len(shared) >= 2


def test_lexical_evidence_beats_length_on_a_swapped_pair():
    # Two Indonesian sentences of the same length: only the words tell which is which.
    en = ["The farmer sold rice at the market.", "The teacher read a book to the children.",
          "Everyone went home."]
    ind = ["Guru itu membacakan buku untuk anak-anak.", "Petani itu menjual beras di pasar.",
           "Semua orang pulang."]
    beads = align_sentences(en, ind)
    pairs = {(b.en, b.ind) for b in beads}
    assert ((0,), (1,)) not in pairs or ((1,), (0,)) not in pairs  # sanity on the setup
    assert ((2,), (2,)) in pairs
    # The aligner may not cross beads; it must not pair sentence 0 with its non-translation.
    assert ((0,), (0,)) not in pairs


def test_beads_allowed_are_the_ones_the_issue_names():
    assert set(BEADS_FULL) == {(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3)}


def _made_up_document(seed: int = 7):
    """Sentences in two invented vocabularies that no dictionary knows.

    Thirty pairs carry a shared number (easy anchors); then, with no numbers left and all
    sentences of similar length, the translator omitted two sentences and added two.
    """
    import random

    rng = random.Random(seed)

    def word():
        return "".join(rng.choice("bdfghjklmnprstvwz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4)))

    vocab_en = [word() for _ in range(40)]
    vocab_id = [word() + "ng" for _ in range(40)]

    def pair(number):
        idx = [rng.randrange(40) for _ in range(7)]
        e, i = " ".join(vocab_en[k] for k in idx), " ".join(vocab_id[k] for k in idx)
        tail = f" {rng.randint(100, 999)}." if number else "."
        return (e + tail).capitalize(), (i + tail).capitalize()

    en, ind, gold = [], [], []
    for _ in range(30):
        e, i = pair(True)
        gold.append(((len(en),), (len(ind),)))
        en.append(e)
        ind.append(i)
    for k in range(16):
        e, i = pair(False)
        if k in (3, 9):
            gold.append(((len(en),), ()))
            en.append(e)
            continue
        if k in (5, 12):
            gold.append(((), (len(ind),)))
            ind.append(pair(False)[1])
        gold.append(((len(en),), (len(ind),)))
        en.append(e)
        ind.append(i)
    return en, ind, gold


def test_self_training_learns_a_documents_own_vocabulary():
    from alignread.align.metrics import score_documents
    from alignread.align.selftrain import align_self_trained

    en, ind, gold = _made_up_document()
    before = score_documents([(gold, [(b.en, b.ind) for b in align_sentences(en, ind)])]).f1_strict
    beads, learned = align_self_trained(en, ind)
    after = score_documents([(gold, [(b.en, b.ind) for b in beads])]).f1_strict
    # Without the learned words the stretch with no numbers is mostly wrong; with them, right.
    assert before < 0.85
    assert after == 1.0
    assert len(learned) >= 20
    # The same through the configuration flag.
    again = align_sentences(en, ind, replace(DEFAULT, self_train=True))
    assert [(b.en, b.ind) for b in again] == [(b.en, b.ind) for b in beads]


def test_learned_lexicon_keeps_only_strong_associations():
    from alignread.align.selftrain import learn_lexicon

    pairs = [("The zorb is red.", "Kelip itu merah."), ("A zorb flies.", "Kelip terbang."),
             ("Blue sky.", "Langit biru."), ("The zorb sleeps.", "Kelip tidur.")]
    lex = learn_lexicon(pairs)
    assert "kelip" in lex.translations("zorb")
    assert not lex.translations("sky")  # seen once: not enough evidence


def test_paragraph_breaks_are_soft_anchors():
    # Invented words give no lexical evidence and equal lengths no length evidence: only
    # the paragraphs say that the omitted sentence is in the first one.
    en = ["Zorbi makalu tenvo ripas.", "Galmo fretin sudak.", "Pomeru lantik vesdo.",
          "Kiroba temal.", "Vustin palo merik.", "Daroko fillen."]
    ind = ["Lapika sorenu daveng.", "Merokan tibasu.",
           "Wenika solami.", "Pudara kelimu rosan.", "Tivena maro."]
    en_para = [0, 0, 0, 1, 1, 1]
    ind_para = [0, 0, 1, 1, 1]
    beads = align_sentences(en, ind, DEFAULT, en_para, ind_para)
    for b in beads:
        assert len({en_para[i] for i in b.en} | {ind_para[j] for j in b.ind}) == 1, b


def test_backend_lemmas_replace_the_lookup_tables():
    from alignread.align.features import build_features

    lex = load_builtin()
    plain = build_features(["The zorbs glow."], ["Kelipnya bercahaya."], lex)
    # A backend that gives both Indonesian words one lemma leaves fewer distinct keys (key
    # numbers themselves are arbitrary, so the count is what is compared).
    given = build_features(["The zorbs glow."], ["Kelipnya bercahaya."], lex,
                           {"zorbs": "zorb"}, {"kelipnya": "cahaya", "bercahaya": "cahaya"})
    assert given.nkeys < plain.nkeys
    from alignread.align.features import register_lexicon, token_keys

    key = register_lexicon(lex)
    assert token_keys("word", "Kelipnya", "id", key, {"kelipnya": "kelip"})[0] == "@kelip"
    assert token_keys("word", "zorbs", "en", key, {"zorbs": "zorb"})[0] == "=zorb"


@pytest.mark.parametrize("n", [40, 400])
def test_text_that_repeats_itself_stays_paired_one_to_one(n):
    # Identical copies leave the bead search unsure *which* copy pairs with which: the
    # stretch is doubtful and solved again; there its words must still count as evidence,
    # or every copy would come out unpaired.
    load_builtin()
    en = ["The tenant shall keep the premises clean and in good repair."] * n
    ind = ["Penyewa wajib menjaga tempat itu tetap bersih dan terawat."] * n
    beads = align_sentences(en, ind, DEFAULT)
    assert len(beads) == n and all(len(b.en) == 1 and len(b.ind) == 1 for b in beads)
    # A refrain between different sentences: still every sentence with its counterpart.
    verses = ["A lamp is lit at the window every night.", "The river rises after the long rains."]
    ayat = ["Sebuah lampu dinyalakan di jendela setiap malam.", "Sungai meluap setelah hujan panjang."]
    en = [verses[k % 2] if k % 3 else en[0] for k in range(n)]
    ind = [ayat[k % 2] if k % 3 else ind[0] for k in range(n)]
    beads = align_sentences(en, ind, DEFAULT)
    assert [(b.en, b.ind) for b in beads] == [((k,), (k,)) for k in range(n)]


def _feature_arrays(table):
    return [a.tolist() for side in (table.en, table.ind)
            for a in (side.tok_unit, side.occ_tok, side.occ_key, side.post_unit, side.post_key)]


def test_the_evidence_of_a_text_does_not_depend_on_what_was_aligned_before_it():
    # Keys are numbered in the order of the keys themselves, not in the order words were
    # first met (the hash seed's order of a set, and whatever this process aligned
    # before): sums of evidence are added in that order, and their last bits decided near
    # ties differently from run to run on a long text.
    from alignread.align import features

    lex = load_builtin()
    en = ["The market story spreads to every customer.", "The university buys books at 3:00."]
    ind = ["Kisah pasar menyebar ke setiap pelanggan.", "Universitas membeli buku pukul 03.00."]
    first = _feature_arrays(features.build_features(en, ind, lex))
    for numbering in ("_KEY_IDS", "_KEY_NAMES", "_ID_CACHE"):  # a fresh process
        getattr(features, numbering, {}).clear()
    features.build_features(["Zebras and yaks sell photo books slowly in Jakarta."],
                            ["Zebra dan yak menjual buku foto pelan-pelan di Jakarta."], lex)
    assert _feature_arrays(features.build_features(en, ind, lex)) == first


def test_the_evidence_is_the_same_under_any_hash_seed(tmp_path):
    import subprocess
    import sys

    script = (
        "from alignread.align.features import build_features\n"
        "from alignread.align.lexicon import load_builtin\n"
        "t = build_features(['The market story spreads to every customer and the university buys books.'],\n"
        "    ['Kisah pasar menyebar ke setiap pelanggan dan universitas membeli buku.'], load_builtin())\n"
        "print([a.tolist() for s in (t.en, t.ind) for a in (s.occ_key, s.post_key)])\n"
    )
    outputs = {
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                       env={**__import__("os").environ, "PYTHONHASHSEED": str(seed)}).stdout
        for seed in (0, 1, 2, 3)
    }
    assert len(outputs) == 1


def test_a_text_made_of_copies_of_a_passage_aligns_as_one_copy_does():
    # The five bundled essays as one passage (about 160 English and 170 Indonesian
    # sentences: one essay is Indonesian commentary around an English quote), then that
    # passage 70 times over (about 11,000 sentences): a document joined to copies of
    # itself. Its coarsest blocks must stay shorter than the passage, or every block looks
    # like every other and the path among them misplaces the finer levels' band (with a
    # top grid of 160, blocks of 256 sentences: 14% of the beads as one copy has them).
    from alignread.workflows.build import build_pair
    from alignread.workflows.import_essay import import_essay
    from tests.paths import CORPORA

    pairs = [import_essay(CORPORA / "first-ten-readers.txt")] + [
        build_pair((CORPORA / f"{name}.en.txt").read_text(encoding="utf-8"),
                   (CORPORA / f"{name}.id.txt").read_text(encoding="utf-8"))
        for name in ("marketing-and-sales", "persuasion", "slow-reading", "word-of-mouth")
    ]
    en = [s.text for pair in pairs for s in pair.en.sentences]
    ind = [s.text for pair in pairs for s in pair.ind.sentences]
    once = [(b.en, b.ind) for b in align_sentences(en, ind, DEFAULT)]
    copies = 70
    top_block = 1  # the coarsest blocks a top grid of 160 would start from: longer than the passage
    while len(ind) * copies > 160 * top_block:
        top_block *= 4
    assert top_block > len(ind)
    beads = [(b.en, b.ind) for b in align_sentences(en * copies, ind * copies, DEFAULT)]
    expected = {(tuple(e + c * len(en) for e in bead_en), tuple(i + c * len(ind) for i in bead_id))
                for c in range(copies) for bead_en, bead_id in once}
    # Where one copy meets the next, a sentence without counterpart may join either.
    assert len(expected & set(beads)) >= 0.98 * len(expected)
