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


def test_a_rewritten_side_is_reached_through_the_other_side_s_bead():
    old = base_pair()
    en = [EN[0], ["A story spreads when it surprises.", "Completely different words now stand here, unlike before."],
          EN[2]]
    new = realigned(en, ID)
    (bead, _), report = reattach(old, new)
    assert (bead.en, bead.ind) == ((2,), (2,))
    assert bead.quote_en == "Completely different words now stand here, unlike before."
    assert report[0].outcome == "edited" and "through the Indonesian side" in report[0].detail


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
    for ann, outcome in zip(annotations, report):
        assert ann.note == old.annotations[[a.id for a in old.annotations].index(ann.id)].note
        if outcome.outcome == "detached":
            assert ann.is_detached and not ann.en and not ann.ind
        elif ann.is_phrase:
            assert new.en.text[ann.start:ann.end] == ann.quote_en
        else:
            assert " ".join(new.en.sentences[i].text for i in ann.en) == ann.quote_en
            assert " ".join(new.ind.sentences[i].text for i in ann.ind) == ann.quote_ind
    text = dumps(replace(new, annotations=annotations))
    assert loads(text).annotations == annotations
