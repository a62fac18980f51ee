"""Re-attaching annotations through their quotes after the texts change."""

from __future__ import annotations

from dataclasses import replace

from alignread.core.model import Annotation, Bead, Concept, Text, TextPair
from alignread.core.reattach import reattach, sentence_map
from alignread.store.pairfile import dumps, loads
from tests.texts import make_text


def one_to_one(en: Text, ind: Text) -> tuple[Bead, ...]:
    assert len(en.sentences) == len(ind.sentences)
    return tuple(Bead((k,), (k,), 0.9) for k in range(len(en.sentences)))


EN = [
    ["The title."],
    ["A story spreads when it surprises.", "People retell it to friends."],
    ["Trust is slow to build."],
]
ID = [
    ["Judulnya."],
    ["Kisah menyebar jika mengejutkan.", "Orang menceritakannya kepada teman."],
    ["Kepercayaan lambat dibangun."],
]
CONCEPTS = (Concept("trust", "trust", "kepercayaan"), Concept("story", "story that spreads", "kisah yang menyebar"))


def base_pair() -> TextPair:
    en, ind = make_text("en", EN), make_text("id", ID)
    pair = TextPair(en, ind, beads=one_to_one(en, ind), concepts=CONCEPTS)
    bead = Annotation(
        "a1", en=(2,), ind=(2,), concepts=("story",), note="Line one\nline two",
        quote_en="People retell it to friends.", quote_ind="Orang menceritakannya kepada teman.",
    )
    start = en.text.index("slow to build")
    phrase = Annotation(
        "a2", en=(3,), ind=(3,), concepts=("trust",), note="the phrase",
        quote_en="slow to build", side="en", start=start, end=start + len("slow to build"),
    )
    return replace(pair, annotations=(bead, phrase))


def realigned(en_paras, id_paras, beads=None) -> TextPair:
    en, ind = make_text("en", en_paras), make_text("id", id_paras)
    return TextPair(en, ind, beads=beads or one_to_one(en, ind), concepts=CONCEPTS)


def test_unchanged_texts_keep_every_annotation_as_it_was():
    old = base_pair()
    new = realigned(EN, ID)
    annotations, report = reattach(old, new)
    assert annotations == old.annotations
    assert [r.outcome for r in report] == ["kept", "kept"]


def test_an_inserted_sentence_before_moves_ids_and_offsets():
    old = base_pair()
    en = [["The title."], ["A new first sentence.", *EN[1]], EN[2]]
    ind = [["Judulnya."], ["Kalimat pertama yang baru.", *ID[1]], ID[2]]
    new = realigned(en, ind)
    (bead, phrase), report = reattach(old, new)
    assert (bead.en, bead.ind) == ((3,), (3,))
    assert bead.quote_en == "People retell it to friends."
    assert phrase.side == "en" and new.en.text[phrase.start:phrase.end] == "slow to build"
    assert phrase.start == old.annotations[1].start + len("A new first sentence. ")
    assert (phrase.en, phrase.ind) == ((4,), (4,))
    assert [r.outcome for r in report] == ["moved", "moved"]
    assert bead.note == "Line one\nline two" and bead.concepts == ("story",)


def test_an_edited_sentence_is_found_by_similarity_and_its_quote_updated():
    old = base_pair()
    en = [EN[0], ["A story spreads when it surprises.", "People happily retell it to their friends."], EN[2]]
    new = realigned(en, ID)
    (bead, _), report = reattach(old, new)
    assert (bead.en, bead.ind) == ((2,), (2,))
    assert bead.quote_en == "People happily retell it to their friends."
    assert bead.quote_ind == old.annotations[0].quote_ind
    assert report[0].outcome == "edited" and "similarity" in report[0].detail


def test_a_rewritten_side_is_reached_through_the_other_side_s_bead_and_marked_doubtful():
    old = base_pair()
    en = [EN[0], ["A story spreads when it surprises.", "Completely different words now stand here, unlike before."],
          EN[2]]
    new = realigned(en, ID)
    (bead, _), report = reattach(old, new)
    assert (bead.en, bead.ind) == ((2,), (2,))
    # The quote is what the reader tagged, not the text of a sentence found some other way.
    assert bead.quote_en == "People retell it to friends."
    assert report[0].outcome == "doubtful" and "through the Indonesian side" in report[0].detail


def test_a_quote_that_is_gone_is_kept_detached_and_the_file_stays_valid():
    old = base_pair()
    en = [EN[0], ["Nothing of the old paragraph is left."], ["Completely new closing words."]]
    ind = [ID[0], ["Tidak ada yang tersisa dari paragraf lama."], ["Kata penutup yang baru sama sekali."]]
    new = realigned(en, ind)
    annotations, report = reattach(old, new)
    assert len(annotations) == 2, "never dropped"
    bead, phrase = annotations
    assert [r.outcome for r in report] == ["detached", "detached"]
    assert bead.is_detached and (bead.en, bead.ind) == ((), ())
    assert bead.quote_en == "People retell it to friends." and bead.note == "Line one\nline two"
    assert phrase.is_detached and phrase.side == "en" and phrase.start is None
    assert "slow to build" in phrase.detached and phrase.concepts == ("trust",)
    pair = replace(new, annotations=annotations)
    text = dumps(pair)
    assert "detached:" in text
    again = loads(text)
    assert again.annotations == annotations
    assert dumps(again) == text
    assert not list(again.annotations_for_bead(again.beads[1]))


def test_a_detached_annotation_comes_back_when_its_quote_reappears():
    old = base_pair()
    gone = realigned([EN[0], ["Nothing left."], ["New end."]], [ID[0], ["Tiada."], ["Akhir baru."]])
    annotations, _ = reattach(old, gone)
    detached = replace(gone, annotations=annotations)
    back = realigned(EN, ID)
    annotations, report = reattach(detached, back)
    assert [r.outcome for r in report] == ["moved", "moved"]
    assert all(not a.is_detached for a in annotations)
    assert (annotations[0].en, annotations[0].ind) == ((2,), (2,))
    assert back.en.text[annotations[1].start:annotations[1].end] == "slow to build"


def test_a_repeated_quote_goes_to_the_occurrence_nearest_its_old_place():
    en = [["Yes."], ["Same words."], ["Middle."], ["Same words."]]
    ind = [["Ya."], ["Kata sama."], ["Tengah."], ["Kata sama."]]
    old_pair = realigned(en, ind)
    ann = Annotation("a", en=(3,), ind=(3,), quote_en="Same words.", quote_ind="Kata sama.")
    old_pair = replace(old_pair, annotations=(ann,))
    new = realigned([["Yes."], ["Added."], *en[1:]], [["Ya."], ["Tambahan."], *ind[1:]])
    (moved,), _ = reattach(old_pair, new)
    assert (moved.en, moved.ind) == ((4,), (4,))


def test_sentence_map_follows_an_insertion():
    old = make_text("en", [["A.", "B.", "C."]])
    new = make_text("en", [["A.", "X.", "B.", "C."]])
    assert sentence_map(old, new) == [0, 2, 3]


def test_the_file_refuses_a_detached_annotation_that_names_sentences():
    import pytest

    from alignread.core.errors import FormatError

    pair = base_pair()
    text = dumps(replace(pair, annotations=(replace(pair.annotations[0], detached="gone"),)))
    with pytest.raises(FormatError, match=r"annotations\[0\]\.at: a detached annotation sits on no sentence"):
        loads(text)


# ---------------------------------------------------------------- never guessed

FILLER_EN = [f"Filler sentence number {k} says nothing much." for k in range(30)]
FILLER_ID = [f"Kalimat pengisi nomor {k} tidak berkata banyak." for k in range(30)]


def bead_ann(pair: TextPair, k: int, aid: str = "a1") -> Annotation:
    return Annotation(aid, en=(k,), ind=(k,), note="mine", quote_en=pair.en.sentences[k].text,
                      quote_ind=pair.ind.sentences[k].text)


def test_a_reworded_sentence_in_a_paragraph_moved_far_away_is_found():
    moved_en = ["Readers remember the stories that surprise them.", "They forget the rest within a week."]
    moved_id = ["Pembaca mengingat kisah yang mengejutkan mereka.", "Mereka melupakan sisanya dalam seminggu."]
    old = realigned([moved_en, FILLER_EN], [moved_id, FILLER_ID])
    old = replace(old, annotations=(bead_ann(old, 1),))
    reworded_en = [moved_en[0], "They forget all the rest within a single week."]
    new = realigned([FILLER_EN, reworded_en], [FILLER_ID, moved_id])  # 30 sentences on
    (ann,), (outcome,) = reattach(old, new)
    assert (ann.en, ann.ind) == ((31,), (31,))
    assert outcome.outcome == "edited" and ann.quote_en == reworded_en[1]


def test_an_edit_in_place_is_not_outbid_by_an_exact_copy_elsewhere():
    refrain_en, refrain_id = "The river keeps its own time.", "Sungai menjaga waktunya sendiri."
    en = [[refrain_en], FILLER_EN[:10], [refrain_en]]
    ind = [[refrain_id], FILLER_ID[:10], [refrain_id]]
    old = realigned(en, ind)
    old = replace(old, annotations=(bead_ann(old, 0),))
    edited_en = [["The river keeps its very own time."], FILLER_EN[:10], [refrain_en]]
    new = realigned(edited_en, ind)
    (ann,), (outcome,) = reattach(old, new)
    # Both sides stay together, in place: the copy at the end is another sentence.
    assert (ann.en, ann.ind) == ((0,), (0,))
    assert outcome.outcome == "edited" and ann.quote_en == "The river keeps its very own time."


def test_a_phrase_stays_in_its_edited_sentence_although_its_words_recur():
    en = [["The first story spread slowly.", *FILLER_EN[:5], "Another story spread slowly too."]]
    ind = [["Kisah pertama menyebar perlahan.", *FILLER_ID[:5], "Kisah lain juga menyebar perlahan."]]
    old = realigned(en, ind)
    start = old.en.text.index("spread slowly")
    phrase = Annotation("p1", en=(0,), ind=(0,), quote_en="spread slowly", side="en", start=start,
                        end=start + len("spread slowly"))
    old = replace(old, annotations=(phrase,))
    new = realigned([["A short preface.", "The first good story spread slowly.", *en[0][1:]]],
                    [["Sebuah pengantar singkat.", *ind[0]]])
    (ann,), (outcome,) = reattach(old, new)
    assert new.en.sentences[ann.en[0]].text == "The first good story spread slowly."
    assert new.en.text[ann.start:ann.end] == "spread slowly" and outcome.outcome == "moved"


def test_a_phrase_gone_from_its_sentence_is_detached_not_moved_to_another_occurrence():
    en = [["The first story spread slowly.", *FILLER_EN[:5], "Another story spread slowly too."]]
    ind = [["Kisah pertama menyebar perlahan.", *FILLER_ID[:5], "Kisah lain juga menyebar perlahan."]]
    old = realigned(en, ind)
    start = old.en.text.index("spread slowly")
    old = replace(old, annotations=(Annotation("p1", en=(0,), ind=(0,), quote_en="spread slowly", side="en",
                                               start=start, end=start + len("spread slowly")),))
    new = realigned([["The first story travelled far and wide.", *en[0][1:]]], ind)
    (ann,), (outcome,) = reattach(old, new)
    assert outcome.outcome == "detached" and ann.is_detached and "no longer in its sentence" in ann.detached


def test_a_note_on_a_deleted_pair_is_detached_not_moved_to_a_similar_neighbour():
    en = [["Article 4. The tenant pays the rent on time.", "Article 5. The tenant pays the fees on time."]]
    ind = [["Pasal 4. Penyewa membayar sewa tepat waktu.", "Pasal 5. Penyewa membayar biaya tepat waktu."]]
    old = realigned(en, ind)
    old = replace(old, annotations=(bead_ann(old, 0),))
    new = realigned([[en[0][1]]], [[ind[0][1]]])  # article 4 removed on both sides
    (ann,), (outcome,) = reattach(old, new)
    assert outcome.outcome == "detached" and ann.is_detached
    assert ann.quote_en == en[0][0] and ann.note == "mine"


def test_a_side_found_only_faintly_is_attached_as_doubtful_with_its_quote_kept():
    en = [["The committee met on Monday to discuss the budget."], FILLER_EN[:3]]
    ind = [["Komite bertemu pada hari Senin untuk membahas anggaran."], FILLER_ID[:3]]
    old = realigned(en, ind)
    old = replace(old, annotations=(bead_ann(old, 0),))
    new_en = [["The committee met on Tuesday and argued about the plan."], FILLER_EN[:3]]
    new = realigned(new_en, ind)
    (ann,), (outcome,) = reattach(old, new)
    assert (ann.en, ann.ind) == ((0,), (0,))
    assert outcome.outcome == "doubtful" and "check it" in outcome.detail
    assert ann.quote_en == en[0][0]  # what the reader tagged, not the new sentence


# ---------------------------------------------------------------- invariants

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

WORDS = ["trust", "story", "slow", "reader", "friend", "word", "mouth", "kisah", "teman", "pembaca"]
sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(lambda ws: " ".join(ws).capitalize() + ".")


@st.composite
def edited_pairs(draw):
    """An annotated pair, and the same texts after random sentence insertions, deletions and edits."""
    n = draw(st.integers(2, 8))
    en = [draw(sentence) for _ in range(n)]
    ind = [draw(sentence) for _ in range(n)]
    old = realigned([en], [ind])
    anns = []
    for k in draw(st.lists(st.integers(0, n - 1), max_size=4, unique=True)):
        if draw(st.booleans()):
            anns.append(Annotation(f"b{k}", en=(k,), ind=(k,), quote_en=en[k], quote_ind=ind[k], note="n"))
        else:
            s = old.en.sentences[k]
            anns.append(Annotation(f"p{k}", en=(k,), ind=(k,), quote_en=s.text[:5], side="en",
                                   start=s.start, end=s.start + 5))
    old = replace(old, annotations=tuple(anns))
    new_en, new_ind = list(en), list(ind)
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["insert", "delete", "edit"]))
        k = draw(st.integers(0, len(new_en) - 1))
        if op == "insert":
            new_en.insert(k, draw(sentence))
            new_ind.insert(k, draw(sentence))
        elif op == "delete" and len(new_en) > 1:
            del new_en[k], new_ind[k]
        elif op == "edit":
            new_en[k] = draw(sentence)
    return old, realigned([new_en], [new_ind])


@given(edited_pairs())
@settings(max_examples=150, deadline=None)
def test_reattached_annotations_are_all_kept_and_point_at_their_quotes(pairs):
    old, new = pairs
    annotations, report = reattach(old, new)
    assert [a.id for a in annotations] == [a.id for a in old.annotations]
    assert [r.id for r in report] == [a.id for a in old.annotations]
    for ann, before, outcome in zip(annotations, old.annotations, report):
        assert ann.note == before.note
        if outcome.outcome == "detached":
            assert ann.is_detached and not ann.en and not ann.ind
        elif ann.is_phrase:
            assert new.en.text[ann.start:ann.end] == ann.quote_en
        else:
            for side, text in (("en", new.en), ("id", new.ind)):
                here = " ".join(text.sentences[i].text for i in ann.ids(side))
                if outcome.outcome == "doubtful":
                    # Never overwritten with another sentence's text: the text there, or as it was.
                    assert ann.quote_on(side) in (here, before.quote_on(side))
                else:
                    assert ann.quote_on(side) == here
    text = dumps(replace(new, annotations=annotations))
    assert loads(text).annotations == annotations
