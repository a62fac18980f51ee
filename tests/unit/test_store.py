"""The annotated-YAML file: lossless round trips, validation that names the place, atomic saves."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignread.core.errors import FormatError, OutputError
from alignread.core.model import Annotation, Bead, Concept, Metadata, Paragraph, Sentence, Text, TextPair
from alignread.store import pairfile
from alignread.store.atomic import atomic_write_text


def small_pair(note: str = "First line.\nSecond line.", extra_text: str = "") -> TextPair:
    en_text = "A story spreads. It moves." + extra_text
    ind_text = "Kisah menyebar.\n\u00a0\nIa bergerak."
    en = Text("en", en_text, (Paragraph(0, 0, len(en_text)),),
              (Sentence(0, 0, 16, "A story spreads.", 0), Sentence(1, 17, 26, "It moves.", 0)))
    ind = Text("id", ind_text, (Paragraph(0, 0, 15), Paragraph(1, 18, 30)),
               (Sentence(0, 0, 15, "Kisah menyebar.", 0), Sentence(1, 18, 30, "Ia bergerak.", 1)))
    concepts = (Concept("story-that-spreads", "story that spreads", "kisah yang menyebar", "A story.", "Kisah."),)
    anns = (
        Annotation("a1", (0,), (0,), ("story-that-spreads",), note, "A story spreads.", "Kisah menyebar.",
                   created="2026-01-02T03:04:05Z", modified="2026-01-02T03:04:05Z"),
        Annotation("a2", (0,), (), ("story-that-spreads",), "", "story spreads", "", "en", 2, 15,
                   "2026-01-02T03:04:06Z", "2026-01-02T03:04:06Z"),
    )
    return TextPair(en, ind, Metadata(title="Test", licence="CC BY 4.0"),
                    (Bead((0,), (0,), 0.97), Bead((1,), (1,), 0.5, "confirmed")), concepts, anns,
                    (("aligner", "test"),))


def test_round_trip_is_lossless_and_byte_identical(tmp_path):
    pair = small_pair()
    path = tmp_path / "pair.yaml"
    pairfile.save(pair, path)
    first = path.read_bytes()
    again = pairfile.load(path)
    assert again == pair
    pairfile.save(again, path)
    assert path.read_bytes() == first
    assert "note: |-\n" in first.decode() or "note: |\n" in first.decode()  # literal block for notes


def test_round_trip_of_an_aligned_corpus_essay(tmp_path, aligned_essay):
    path = tmp_path / "essay.yaml"
    pairfile.save(aligned_essay, path)
    assert pairfile.load(path) == aligned_essay
    text = path.read_text(encoding="utf-8")
    assert pairfile.dumps(pairfile.loads(text)) == text


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=60), st.text(max_size=30), st.floats(0, 1, allow_nan=False))
def test_any_note_and_label_survive(note, label, score):
    pair = small_pair(note=note)
    pair = replace(pair, concepts=(replace(pair.concepts[0], label_en=label, description_ind=note),),
                   beads=(replace(pair.beads[0], score=round(score, 4)), pair.beads[1]))
    assert pairfile.loads(pairfile.dumps(pair)) == pair


def _broken(tmp_path, transform) -> str:
    text = transform(pairfile.dumps(small_pair()))
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormatError) as info:
        pairfile.load(path)
    message = str(info.value)
    assert message.startswith(str(path) + ": ")
    assert "\n" not in message
    return message


@pytest.mark.parametrize("transform, expected", [
    (lambda t: t.replace("- {en: [1], id: [1]", "- {en: [40], id: [1]"), "beads[1].en: sentence 40 does not exist"),
    (lambda t: t.replace("schema_version: 2", "schema_version: 9"), "unknown schema version 9"),
    (lambda t: t + "extra: {a: !!python/object/apply:os.system [echo hi]}\n", "Python tag"),
    (lambda t: t.replace("texts:", "texts: [oops"), "is not valid YAML"),
    (lambda t: t.replace("concepts: [story-that-spreads]", "concepts: [nonexistent]", 1),
     "unknown concept 'nonexistent'"),
    (lambda t: t.replace("status: confirmed", "status: maybe"), "beads[1].status"),
    (lambda t: t.replace("phrase: {en: [2, 15]}", "phrase: {en: [3, 15]}"),
     "annotations[1].quote.en: differs from the text"),
    (lambda t: t.replace("  title: Test", "  title: Test\n  colour: red"), "meta: unknown key 'colour'"),
    (lambda t: t.replace("- {en: [1], id: [1]", "- {en: [], id: [1]"),
     "beads: English sentence 1 is in no bead"),
    (lambda t: t.replace("It moves.", "It mooves.", 1), "digest: does not match the text"),
    (lambda t: "just a string\n", "is not an alignread file"),
])
def test_bad_files_are_named_with_the_place(tmp_path, transform, expected):
    assert expected in _broken(tmp_path, transform)


@pytest.mark.parametrize("transform, expected", [
    (lambda t: t.replace("- {en: [1], id: [1], score: 0.5", "- {en: [1.0], id: [1], score: 0.5"),
     "beads[1].en[0]: expected a whole number"),
    (lambda t: t.replace("- {en: [1], id: [1], score: 0.5", "- {en: [true], id: [1], score: 0.5"),
     "beads[1].en[0]: expected a whole number"),
    (lambda t: t.replace("- {en: [1], id: [1], score: 0.5", "- {en: [1], id: [1], score: 1.5"),
     "beads[1].score: expected a number from 0 to 1"),
    (lambda t: t.replace("- {en: [1], id: [1], score: 0.5", "- {en: [1], id: [1], colour: red"),
     "beads[1]: unknown key 'colour'"),
    (lambda t: t.replace("status: confirmed}", "status: 5}"), "beads[1].status"),
    (lambda t: t.replace("- {en: [1], id: [1], score: 0.5", "- {en: [0], id: [1], score: 0.5"),
     "beads[1].en: expected sentence 1 next, got [0]"),
    (lambda t: t.replace("paragraph: 0, text: It moves.}", "paragraph: 0, text: 12}"),
     "texts.en.sentences[1].text: expected text"),
    (lambda t: t.replace("{start: 17, end: 26, paragraph: 0,", "{start: 17, end: 26, paragraph: no,"),
     "texts.en.sentences[1].paragraph: expected a whole number"),
])
def test_beads_and_sentences_off_the_usual_shape_are_named(tmp_path, transform, expected):
    """A book's beads and sentences are checked by a fast path for the usual shape; any
    other shape gets the checks that name the place."""
    assert expected in _broken(tmp_path, transform)


def test_a_whole_number_score_is_read():
    text = pairfile.dumps(small_pair()).replace("score: 0.5, status: confirmed", "score: 1, status: confirmed")
    assert pairfile.loads(text).beads[1].score == 1.0


@pytest.mark.parametrize("content, expected", [
    (b"", "the file is empty"),
    (b"\x00\x01\x02binary", "binary"),
    (b"schema_version: 1\ntitle: caf\xe9\n", "is not UTF-8"),
])
def test_unreadable_files(tmp_path, content, expected):
    path = tmp_path / "x.yaml"
    path.write_bytes(content)
    with pytest.raises(FormatError, match=expected):
        pairfile.load(path)


def test_reading_leaves_the_cycle_collector_as_it_found_it():
    """Reading holds the collector off (a book is half a million objects, none in a cycle)
    and gives it back as it was, after a good file and after a bad one."""
    import gc

    text = pairfile.dumps(small_pair())
    assert gc.isenabled()
    pairfile.loads(text)
    with pytest.raises(FormatError):
        pairfile.loads(text.replace("schema_version: 2", "schema_version: 9"))
    assert gc.isenabled()
    gc.disable()
    try:
        pairfile.loads(text)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_failed_save_leaves_the_old_file_whole(tmp_path, monkeypatch):
    path = tmp_path / "pair.yaml"
    pairfile.save(small_pair(), path)
    before = path.read_bytes()

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OutputError):
        pairfile.save(small_pair(note="changed"), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["pair.yaml"]  # no temp file left behind


def test_atomic_write_keeps_permissions(tmp_path):
    path = tmp_path / "f.txt"
    path.write_text("old")
    path.chmod(0o600)
    atomic_write_text(path, "new")
    assert path.read_text() == "new"
    assert path.stat().st_mode & 0o777 == 0o600


def test_emoji_in_notes_stay_readable_and_round_trip():
    pair = small_pair(note="Nice one 😀\nsecond line")
    text = pairfile.dumps(pair)
    assert "😀" in text and "\\U0001F600" not in text
    assert pairfile.loads(text) == pair
    assert pairfile.dumps(pairfile.loads(text)) == text


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["a", "b", "note", "text"]),
                       st.one_of(st.text(max_size=30), st.text(alphabet="ab \n", max_size=12),
                                 st.dictionaries(st.sampled_from(["t", "u"]), st.text(alphabet="xy\n ", max_size=8))),
                       max_size=4))
def test_both_emitters_write_the_same_bytes(data):
    import yaml

    from alignread.store import yamlio

    if yamlio.PairCDumper is None or yamlio.has_astral(data):
        return
    options = dict(allow_unicode=True, sort_keys=False, default_flow_style=False, width=1 << 20, indent=2)
    python = yaml.dump(data, Dumper=yamlio.PairDumper, **options)
    python = python[:-4] if python.endswith("\n...\n") else python
    assert yamlio.dump(data) == python
    assert yamlio.load(yamlio.dump(data), "x") == data


def test_a_document_saved_section_by_section_is_valid(tmp_path):
    # Texts and notes that end in blank lines are written `|+`, which the emitters may
    # close with a `...` marker; the reader's incremental save joins sections.
    from alignread.core import annotate
    from alignread.store.document_file import DocumentFile

    pair = small_pair(note="keep\n\n", extra_text="\n\n")
    path = tmp_path / "doc.yaml"
    pairfile.save(pair, path)
    document, loaded = DocumentFile.open(path)
    assert loaded == pair
    changed = annotate.set_annotation_note(loaded, "a1", "new note\n\nwith a blank line", at="2026-01-01T00:00:00Z")
    document.save(changed, version=1)
    assert pairfile.load(path) == changed
    assert path.read_text(encoding="utf-8") == pairfile.dumps(changed)


def test_a_score_finer_than_the_file_keeps_is_read_as_it_will_be_written(tmp_path):
    # Scores are written with four decimals; a hand-edited 0.03125 must not change on a save.
    path = tmp_path / "pair.yaml"
    pairfile.save(small_pair(), path)
    text = path.read_text(encoding="utf-8")
    first = f"score: {small_pair().beads[0].score:g}"
    assert first in text
    path.write_text(text.replace(first, "score: 0.03125", 1), encoding="utf-8")
    pair = pairfile.load(path)
    assert pair.beads[0].score == 0.0312
    assert pairfile.loads(pairfile.dumps(pair), "again.yaml") == pair
