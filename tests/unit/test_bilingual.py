"""Bilingual phrases, dismissed suggestions, glosses and concept suggestions, without Textual."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from alignread.core import annotate
from alignread.core.find import annotation_beads
from alignread.core.merge import merge
from alignread.core.model import Bead, Concept, Dismissal, TextPair
from alignread.core.reattach import reattach, reattach_dismissals
from alignread.workflows.gloss import gloss, translations
from alignread.workflows.phrases import DocumentWords
from alignread.workflows.suggest import accept, dismiss, suggestions
from tests.texts import make_text

AT = "2026-01-01T09:00:00Z"
EN = [
    ["Why We Buy."],
    ["Every potential buyer brings a natural resistance to saying yes.",
     "This resistance is not a sign that they do not need our product."],
    ["A good salesperson lowers the natural resistance slowly."],
]
ID = [
    ["Mengapa Kita Membeli."],
    ["Setiap calon pembeli membawa hambatan alamiah untuk mengiyakan tawaran.",
     "Hambatan ini bukan tanda bahwa ia tidak membutuhkan produk kita."],
    ["Tenaga penjual yang baik menurunkan hambatan alamiah itu perlahan."],
]
RESISTANCE = Concept("natural-resistance", "natural resistance", "hambatan alamiah")
TRUST = Concept("trust", "trust", "kepercayaan")


def pair_of(en=EN, ind=ID) -> TextPair:
    e, i = make_text("en", en), make_text("id", ind)
    beads = tuple(Bead((k,), (k,), 0.9) for k in range(len(e.sentences)))
    return TextPair(e, i, beads=beads, concepts=(RESISTANCE, TRUST))


def span(pair: TextPair, side: str, quote: str, nth: int = 1) -> tuple[int, int]:
    text = pair.side(side).text
    at = -1
    for _ in range(nth):
        at = text.index(quote, at + 1)
    return at, at + len(quote)


def tagged_both(pair: TextPair) -> TextPair:
    s, e = span(pair, "en", "natural resistance")
    return annotate.tag_phrase(pair, "en", s, e, ["natural-resistance"], at=AT,
                               counterpart=span(pair, "id", "hambatan alamiah"))


def test_a_phrase_is_tagged_with_its_counterpart_once_for_both_languages():
    pair = tagged_both(pair_of())
    (a,) = pair.annotations
    assert a.is_phrase and a.is_bilingual
    assert (a.quote_en, a.quote_ind) == ("natural resistance", "hambatan alamiah")
    assert a.en == (1,) and a.ind == (1,)
    assert a.span_on("id") == span(pair, "id", "hambatan alamiah")
    assert annotation_beads(pair, a) == (1,)
    # Tagging the same two spans again adds to the same annotation.
    s, e = span(pair, "en", "natural resistance")
    again = annotate.tag_phrase(pair, "en", s, e, ["trust"], at=AT, counterpart=a.counterpart)
    assert len(again.annotations) == 1 and again.annotations[0].concepts == ("natural-resistance", "trust")
    # A one-sided phrase on the same words is another annotation.
    alone = annotate.tag_phrase(pair, "en", s, e, ["trust"], at=AT)
    assert len(alone.annotations) == 2 and not alone.annotations[1].is_bilingual


def test_a_counterpart_outside_the_text_or_of_spaces_is_refused():
    pair = pair_of()
    s, e = span(pair, "en", "natural resistance")
    with pytest.raises(annotate.EditError):
        annotate.tag_phrase(pair, "en", s, e, counterpart=(0, 10_000))
    blank = pair.ind.text.index(" ")
    with pytest.raises(annotate.EditError):
        annotate.tag_phrase(pair, "en", s, e, counterpart=(blank, blank + 1))


def test_a_bilingual_phrase_follows_both_of_its_quotes_when_the_texts_change():
    old = tagged_both(pair_of())
    en = [["A new first line."], *EN]
    ind = [["Baris pertama yang baru."], *ID]
    new = pair_of(en, ind)
    (a,), (outcome,) = reattach(old, new)
    assert outcome.outcome == "moved"
    assert a.span_on("en") == span(new, "en", "natural resistance")
    assert a.counterpart == span(new, "id", "hambatan alamiah")
    assert a.en == (2,) and a.ind == (2,)


def test_a_counterpart_gone_from_the_bead_leaves_a_one_sided_phrase_marked_doubtful():
    old = tagged_both(pair_of())
    ind = [ID[0], ["Setiap calon pembeli membawa keengganan untuk mengiyakan tawaran.", ID[1][1]], ID[2]]
    (a,), (outcome,) = reattach(old, pair_of(EN, ind))
    assert outcome.outcome == "doubtful" and "counterpart" in outcome.detail
    assert a.counterpart is None and a.quote_ind == "" and a.quote_en == "natural resistance"


def test_dismissals_are_recorded_once_and_follow_their_quotes():
    pair = pair_of()
    s, e = span(pair, "en", "natural resistance", 2)
    pair = annotate.dismiss(pair, [Dismissal("natural-resistance", "en", s, e)])
    assert pair.dismissed == (Dismissal("natural-resistance", "en", s, e, "natural resistance"),)
    assert annotate.dismiss(pair, [Dismissal("natural-resistance", "en", s, e)]) is pair
    moved = pair_of([["A new first line."], *EN], [["Baris pertama yang baru."], *ID])
    (d,) = reattach_dismissals(pair, moved)
    assert (d.start, d.end) == span(moved, "en", "natural resistance", 2)
    # A quote whose sentence is gone is dropped, not moved to another of its places.
    gone = pair_of([EN[0], EN[1], ["A good salesperson waits."]], ID)
    assert reattach_dismissals(pair, gone) == ()


def test_a_merge_keeps_the_dismissals_of_both_sides():
    base = pair_of()
    s, e = span(base, "en", "natural resistance", 1)
    mine = annotate.dismiss(base, [Dismissal("natural-resistance", "en", s, e)])
    s2, e2 = span(base, "id", "hambatan alamiah", 2)
    theirs = annotate.dismiss(base, [Dismissal("natural-resistance", "id", s2, e2)])
    merged = merge(base, mine, theirs)
    assert merged is not None
    assert {(d.side, d.start) for d in merged.dismissed} == {("en", s), ("id", s2)}
    # A dismissal one side took back (undo) stays taken back.
    undone = merge(mine, replace(mine, dismissed=()), mine)
    assert undone is not None and undone.dismissed == ()


def test_document_words_give_a_counterpart_before_and_after_training():
    pair = pair_of()
    words = DocumentWords(pair)
    s, e = span(pair, "en", "natural resistance")
    first = words.counterpart("en", s, e)
    assert first is not None and pair.ind.text[first.start:first.end] == "hambatan alamiah"
    words.train()
    assert words.trained
    again = words.counterpart("en", s, e)
    assert again is not None and (again.start, again.end) == (first.start, first.end)
    assert words.counterpart("en", 10_000, 10_001) is None


def test_a_gloss_gives_lemma_translations_both_ways_and_other_places():
    pair = pair_of()
    s, e = span(pair, "en", "resistance")
    g = gloss(pair, "en", s, e)
    assert g.entries[0].lemma == "resistance" and "hambatan" in g.entries[0].translations
    assert g.counterpart == "hambatan"
    assert [pair.en.text[h.start:h.end] for h in g.occurrences] == ["resistance", "resistance"]
    s, e = span(pair, "id", "menurunkan")
    g = gloss(pair, "id", s, e)
    assert g.entries[0].lemma == "turun"
    assert "lower" in translations("menurunkan", "id", annotate_lexicon())


def annotate_lexicon():
    from alignread.align.lexicon import load_builtin

    return load_builtin()


def test_suggestions_pair_the_labels_of_both_sides_and_skip_what_is_tagged_or_dismissed():
    pair = pair_of()
    found = [s for s in suggestions(pair) if s.concept == "natural-resistance"]
    assert [s.bead for s in found] == [1, 3]
    assert all(s.labelled == ("en", "id") for s in found)
    assert pair.ind.text[found[0].span("id").start:found[0].span("id").end] == "hambatan alamiah"
    accepted = accept(pair, found[0], at=AT)
    (a,) = accepted.annotations
    assert a.is_bilingual and a.concepts == ("natural-resistance",)
    assert [s.bead for s in suggestions(accepted) if s.concept == "natural-resistance"] == [3]
    dismissed = dismiss(accepted, next(s for s in suggestions(accepted) if s.concept == "natural-resistance"))
    assert [s for s in suggestions(dismissed) if s.concept == "natural-resistance"] == []
    assert len(dismissed.dismissed) == 2


def test_a_label_matches_its_lemma_variants():
    en = [["Trust grows."], ["She trusted him."]]
    ind = [["Kepercayaan tumbuh."], ["Ia dipercaya olehnya."]]
    found = [s for s in suggestions(pair_of(en, ind)) if s.concept == "trust"]
    labelled = {(s.bead, side) for s in found for side in s.labelled}
    assert labelled == {(0, "en"), (0, "id"), (1, "en"), (1, "id")}


# ---------------------------------------------------------------- the file (schema 2)


def saved_both() -> tuple[TextPair, str]:
    from alignread.store import pairfile

    pair = tagged_both(pair_of())
    pair = annotate.dismiss(pair, [Dismissal("trust", "id", *span(pair, "id", "hambatan alamiah", 2))])
    return pair, pairfile.dumps(pair)


def test_a_bilingual_phrase_and_a_dismissal_are_written_and_read_back_byte_for_byte():
    from alignread.store import pairfile

    pair, text = saved_both()
    s, e = span(pair, "en", "natural resistance")
    cs, ce = span(pair, "id", "hambatan alamiah")
    assert f"  phrase: {{en: [{s}, {e}], id: [{cs}, {ce}]}}\n" in text
    assert "    en: natural resistance\n    id: hambatan alamiah\n" in text
    ds, de = span(pair, "id", "hambatan alamiah", 2)
    assert f"dismissed:\n- {{concept: trust, id: [{ds}, {de}], quote: hambatan alamiah}}\nannotations:" in text
    back = pairfile.loads(text)
    assert back.annotations == pair.annotations and back.dismissed == pair.dismissed
    assert pairfile.dumps(back) == text
    # The side selected on comes first: a phrase selected in Indonesian says so.
    from_id = annotate.tag_phrase(pair_of(), "id", cs, ce, ["natural-resistance"], at=AT, counterpart=(s, e))
    written = pairfile.dumps(from_id)
    assert f"phrase: {{id: [{cs}, {ce}], en: [{s}, {e}]}}" in written
    (a,) = pairfile.loads(written).annotations
    assert a.side == "id" and a.counterpart == (s, e)


def test_a_detached_bilingual_phrase_keeps_both_quotes_in_the_file():
    from alignread.store import pairfile

    pair, _ = saved_both()
    (a,) = pair.annotations
    detached = replace(pair, annotations=(replace(a, en=(), ind=(), start=None, end=None, counterpart=None,
                                                  detached="its quotes are no longer in the texts"),))
    text = pairfile.dumps(detached)
    assert "  phrase: {en: [], id: []}\n" in text
    (back,) = pairfile.loads(text).annotations
    assert back.is_detached and back.is_bilingual and (back.quote_en, back.quote_ind) == (a.quote_en, a.quote_ind)


@pytest.mark.parametrize("change, problem", [
    (lambda t: t.replace("    id: hambatan alamiah\n  concepts", "    id: hambatan alami\n  concepts"),
     "annotations[0].quote.id: differs from the text at the phrase's span"),
    (lambda t: t.replace(", id: [52, 68]}", ", id: [52, 6800]}"), "annotations[0].phrase.id: span [52, 6800]"),
    (lambda t: t.replace(", id: [52, 68]}", "}"), "annotations[0].quote.id: a phrase of one side quotes only"),
    (lambda t: t.replace("quote: hambatan alamiah}", "quote: hambatan}"), "dismissed[0].quote: differs"),
    (lambda t: t.replace("{concept: trust, id:", "{concept: trust, en: [0, 3], id:"),
     "dismissed[0]: expected the span"),
    (lambda t: t.replace("schema_version: 2", "schema_version: 1"), "unknown key 'dismissed'"),
])
def test_a_wrong_bilingual_phrase_or_dismissal_is_refused_with_its_place(change, problem):
    from alignread.core.errors import FormatError
    from alignread.store import pairfile

    _, text = saved_both()
    assert ", id: [52, 68]}" in text
    with pytest.raises(FormatError, match=re.escape(problem)):
        pairfile.loads(change(text), "pair.yaml")


def test_exports_show_both_spans_of_a_bilingual_phrase():
    from alignread.formats import render

    pair = tagged_both(pair_of())
    notes = render(pair, "md", "why-we-buy")
    assert "**Phrase** (en) “natural resistance” ⇄ (id) “hambatan alamiah”, bead 1" in notes
    tmx = render(pair, "tmx")
    assert '<prop type="x-concept">natural resistance</prop>' in tmx
    assert '<prop type="x-phrase">en “natural resistance” = id “hambatan alamiah”: natural resistance</prop>' in tmx
    html = render(pair, "html", "why-we-buy")
    assert '<mark class="phrase" id="phrase-a1" title="natural resistance">natural resistance</mark>' in html
    assert '<mark class="phrase" id="phrase-a1-id" title="hambatan alamiah">hambatan alamiah</mark>' in html
    # A phrase of one side is marked on its side only.
    s, e = span(pair, "en", "potential buyer")
    one = render(annotate.tag_phrase(pair_of(), "en", s, e, ["trust"], at=AT), "html", "x")
    assert one.count('<mark class="phrase"') == 1


def test_the_reader_counts_a_bead_s_words_as_the_word_links_do():
    """The bead table selects words of its display text; the links number the words of the
    bead's sentences: the same words, at the same places, in every bead of an essay."""
    from alignread.tui.widgets.table_geometry import SideText
    from tests.paths import ROOT

    pair = pairfile_load(ROOT / "tests" / "data" / "word-of-mouth.yaml")
    words = DocumentWords(pair)
    for k, bead in enumerate(pair.beads):
        for side in ("en", "id"):
            shown = SideText.of(pair, side, bead.ids(side))
            spans = [(shown.to_source(s), shown.to_source(e - 1) + 1) for s, e in shown.words()]
            assert spans == [(w.start, w.end) for w in words.words(k, side)], (k, side)


def pairfile_load(path):
    from alignread.store import pairfile

    return pairfile.load(path)
