"""Word alignment inside beads (alignread.align.wordalign) and the gold phrase set."""

from __future__ import annotations

import pytest

from alignread.align.lexicon import Lexicon
from alignread.align.wordalign import (
    Evidence,
    aer,
    aer_value,
    align_document,
    attach,
    bead_words,
    counterpart,
    fill_gaps,
    invert,
    one_per_occurrence,
    train,
)
from tests.phrase_gold import DOCUMENTS, gold_beads, locate, read_gold


def words(text: str) -> list[str]:
    return bead_words(text)


def test_evidence_from_the_lexicon_roots_runs_and_entries_of_several_words():
    ev = Evidence(Lexicon.from_pairs([
        ("try", "coba"), ("nobody", "tak seorang pun"), ("word of mouth", "getok tular"), ("for", "bagi"),
        ("company", "perusahaan"), ("try", "usaha"),
    ]))
    en = words("Nobody tried word of mouth for companies")
    ind = words("tak seorang pun mencobanya getok tular membagikan perusahaan berusaha")
    m = ev.matrix(en, ind)
    # A translation given as a root meets the word with affixes and a clitic.
    assert m[1, 3] == 1.0
    # A translation of several words links every word of it.
    assert list(m[0, :3]) == [1.0, 1.0, 1.0]
    # An English entry of several words links every word of both runs.
    assert m[2:5, 4:6].min() == 1.0
    # A small word meets only the words it translates as written.
    assert m[5, 6] == 0.0
    # A noun made with pe-an from a root is related, not a translation.
    assert 0 < m[1, 7] < 1.0
    assert m[6, 7] == 1.0


def test_evidence_for_names_numbers_negation_and_derived_words():
    ev = Evidence(Lexicon.from_pairs([("listen", "mendengar"), ("gain", "untung")]))
    en = words("Santoso has nothing to gain, 3 listeners")
    ind = words("Santoso tidak mendapat untung apa-apa, 3 pendengar")
    m = ev.matrix(en, ind)
    assert m[0, 0] == 1.0 and m[5, 5] == 1.0  # the same name, the same number
    assert m[2, 1] == 1.0  # nothing ... tidak
    assert 0 < m[6, 6] < 1.0  # listeners -> listen -> dengar, the root of pendengar
    # English re- is Indonesian ulang or kembali beside the base's translation.
    ev = Evidence(Lexicon.from_pairs([("read", "baca")]))
    m = ev.matrix(words("re-reading"), words("membaca ulang"))
    assert m[0, 0] == 1.0 and m[0, 1] == 1.0


def test_a_bead_is_aligned_and_a_phrase_finds_its_counterpart():
    en = words("Every potential buyer brings a natural resistance to saying yes.")
    ind = words("Setiap calon pembeli membawa hambatan alamiah untuk mengiyakan tawaran.")
    _, (links,) = align_document([(en, ind)])
    assert {(5, 5), (6, 4)} <= links  # natural -> alamiah, resistance -> hambatan
    assert counterpart(links, "en", 5, 6) == (4, 5)
    assert counterpart(links, "id", 4, 5) == (5, 6)
    assert counterpart(links, "en", 4, 4) is None  # `a` translates nothing here


def test_a_trained_model_aligns_a_new_bead_of_the_same_words():
    beads = [(words(e), words(i)) for e, i in gold_beads("word-of-mouth")]
    model = train(beads)
    new = (words("Trust moves at the speed of conversation."), words("Kepercayaan bergerak secepat obrolan."))
    links = model.align(*new)
    assert (0, 0) in links and (1, 1) in links
    assert model.align([], ["kata"]) == frozenset()


def test_the_counterpart_is_one_run_without_far_links():
    # A `to` linked to an `untuk` far away does not stretch the counterpart.
    links = {(0, 0), (1, 9), (2, 1)}
    assert counterpart(links, "en", 0, 2) == (0, 1)
    # Words between two linked ones come along.
    assert counterpart({(0, 2), (1, 0)}, "en", 0, 1) == (0, 2)
    assert counterpart(set(), "en", 0, 0) is None


def test_small_words_are_attached_to_their_neighbours():
    en = words("the listener told Ratna harder")
    ind = words("si pendengar berkata kepada Bu Ratna lebih sulit saja")
    links = frozenset({(1, 1), (2, 2), (3, 5), (4, 7)})
    got = attach(links, en, ind)
    assert (0, 0) in got  # the -> si, before the translation of `listener`
    assert (3, 4) in got  # Ratna -> Bu
    assert (4, 6) in got  # harder -> lebih
    assert (4, 8) in got  # saja follows sulit
    assert (2, 3) not in got


def test_adverbs_and_prepositions_are_attached():
    en = words("she reads properly in large letters")
    ind = words("ia membaca dengan sungguh-sungguh dengan huruf besar")
    links = frozenset({(0, 0), (1, 1), (2, 3), (4, 6), (5, 5)})
    got = attach(links, en, ind)
    assert (2, 2) in got  # properly -> dengan sungguh-sungguh
    assert (3, 4) in got  # in large letters -> dengan huruf besar
    # A preposition is attached only where the other side has one free before the phrase.
    assert (3, 4) not in attach(links, en, words("ia membaca dengan sungguh-sungguh lewat huruf besar"))


def test_a_noun_phrase_is_completed_in_the_indonesian_order():
    en = words("a good salesperson knows their favourite noodle stall")
    ind = words("tenaga penjual yang baik tahu warung mi kesukaan mereka")
    links = frozenset({(1, 3), (3, 4), (4, 8), (5, 7), (6, 6)})
    got = invert(links, en, ind)
    assert {(2, 0), (2, 1)} <= got  # salesperson -> tenaga penjual, before `yang baik`
    assert (7, 5) in got  # stall -> warung, before `mi`
    # A verb's inflected form is not a noun's head: `the broth runs out` / `begitu kuahnya habis`.
    verb = frozenset({(1, 1), (3, 2)})
    assert invert(verb, words("the broth runs out"), words("begitu kuahnya habis")) == verb


def test_facing_gaps_are_linked():
    en = words("because the listener has")
    ind = words("karena si pendengar punya")
    got = fill_gaps(frozenset({(0, 0), (3, 3)}), en, ind)
    assert (2, 2) in got
    assert (1, 1) not in got  # the small words are left to `attach`


def test_a_repeated_word_keeps_the_link_its_neighbours_agree_with():
    en = words("the stories that travel are the stories nobody planned")
    ind = words("kisah yang menyebar adalah kisah yang tidak direncanakan")
    # `stories` (1) linked to both `kisah`, and the second `stories` (6) to the second.
    links = frozenset({(1, 0), (1, 4), (3, 2), (6, 4), (7, 6), (8, 7)})
    got = one_per_occurrence(links, en, ind)
    assert (1, 0) in got and (6, 4) in got and (1, 4) not in got
    # Two words each linked to the other's occurrence of one translation are swapped.
    en = words("re-reading is where slow reading becomes visible")
    ind = words("membaca lambat paling kelihatan wujudnya ketika kita membaca ulang")
    crossed = frozenset({(0, 0), (0, 8), (3, 1), (4, 7), (6, 3)})
    assert {(0, 7), (4, 0)} <= one_per_occurrence(crossed, en, ind)
    # A repetition stays: `word of mouth` -> `mulut ke mulut`.
    rep = frozenset({(0, 0), (2, 1), (2, 3)})
    assert one_per_occurrence(rep, words("this is mouth"), words("inilah mulut ke mulut")) == rep


def test_aer_counts():
    counts = aer({(0, 0), (1, 2)}, sure={(0, 0)}, possible={(1, 1)})
    assert counts == (1, 1, 2, 1)
    assert aer_value(counts) == pytest.approx(1 - 2 / 3)
    assert aer_value(aer({(0, 0)}, {(0, 0)}, set())) == 0.0


def test_the_gold_phrases_are_valid():
    phrases = [g for doc in DOCUMENTS for g in read_gold(doc)]
    assert len(phrases) >= 300
    for g in phrases:
        assert 1 <= g.en[1] - g.en[0] + 1 <= 4, g
        assert g.sure <= g.possible and g.possible, g
        for i, j in g.possible:
            assert g.en[0] <= i <= g.en[1] and g.ind[0] <= j <= g.ind[1], g
    with pytest.raises(ValueError):
        locate("the cat and the dog", "the")  # twice: needs #n


def test_the_aligner_keeps_its_figures_on_the_gold_phrases():
    """A floor under benchmarks/phrases.py's figures (87.0% exact, 96.9% overlap), at the
    issue's targets (85%, 95%), so that a change that loses counterparts is seen."""
    exact = overlap = total = 0
    for doc in DOCUMENTS:
        beads = [(words(e), words(i)) for e, i in gold_beads(doc)]
        _, links = align_document(beads)
        for g in read_gold(doc):
            got = counterpart(links[g.bead], "en", *g.en)
            total += 1
            exact += got == g.ind
            overlap += got is not None and got[0] <= g.ind[1] and got[1] >= g.ind[0]
    assert exact / total >= 0.85
    assert overlap / total >= 0.95
