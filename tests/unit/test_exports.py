"""Every export format against a golden file, byte for byte.

The pair is built here, without NLP, so the goldens depend only on the formats. After a
deliberate change to a format, rewrite the goldens and read the diff:

    ALIGNREAD_UPDATE_GOLDEN=1 python -m pytest -q tests/unit/test_exports.py
"""

from __future__ import annotations

import csv
import io
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from alignread.core.model import (
    Annotation,
    Bead,
    Concept,
    Metadata,
    Sentence,
    Text,
    TextPair,
)
from alignread.formats import FORMATS, render
from alignread.formats.markdown_notes import NamedPair, escape, study_notes
from alignread.formats.tmx import translation_units
from alignread.store.pairfile import loads
from tests.texts import make_text

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
UPDATE = os.environ.get("ALIGNREAD_UPDATE_GOLDEN") == "1"


def study_pair() -> TextPair:
    """A small annotated pair with `<`, `&` and quotes in its texts and notes."""
    en = make_text("en", [
        ["Tags & “Quotes”"],
        ["Write <b> & </b> around a word, and it's bold.", 'Say "hello" to the reader\'s friends.'],
        ["Trust grows slowly, one kept promise at a time.", "It breaks fast."],
    ], file="tags.en.txt")
    ind = make_text("id", [
        ["Tag & “Kutipan”"],
        ["Tulis <b> & </b> di sekitar kata, maka kata itu tebal.", 'Ucapkan "halo" kepada teman-teman pembaca.'],
        ["Kepercayaan tumbuh perlahan, satu janji demi satu janji, dan cepat runtuh.", "(Catatan penerjemah.)"],
    ], file="tags.id.txt")
    beads = (
        Bead((0,), (0,), 0.98),
        Bead((1,), (1,), 0.91),
        Bead((2,), (2,), 0.42),
        Bead((3, 4), (3,), 0.88),
        Bead((), (4,), 0.5),
    )
    concepts = (
        Concept("trust", "trust", "kepercayaan", "Confidence built slowly & lost fast.",
                "Keyakinan yang dibangun perlahan."),
        Concept("word-of-mouth", "word of mouth", "getok tular"),
        Concept("reciprocity", "reciprocity", "timbal balik"),
    )
    phrase = "teman-teman pembaca"
    phrase_start = ind.text.index(phrase)
    annotations = (
        Annotation(
            "a1", en=(3, 4), ind=(3,), concepts=("trust",),
            note='Two sentences become one.\nNotice "cepat runtuh" & the <em>rhythm</em>.\n\n- not a list',
            quote_en="Trust grows slowly, one kept promise at a time. It breaks fast.",
            quote_ind="Kepercayaan tumbuh perlahan, satu janji demi satu janji, dan cepat runtuh.",
            created="2026-11-01T10:00:00Z", modified="2026-11-02T09:30:00Z",
        ),
        Annotation(
            "a2", en=(2,), ind=(2,), concepts=("word-of-mouth",), note="Reduplication marks the plural.",
            quote_ind=phrase, side="id", start=phrase_start, end=phrase_start + len(phrase),
        ),
        Annotation(
            "a3", en=(1,), ind=(1,), note="Check the *HTML* tags: <b> & </b>.",
            quote_en=en.sentences[1].text, quote_ind=ind.sentences[1].text,
        ),
        Annotation(
            "a4", concepts=("trust", "word-of-mouth"), note="Kept although its text is gone.",
            quote_en="An old sentence that was cut.", quote_ind="Kalimat lama yang dihapus.",
            detached="its quotes are no longer in the texts",
        ),
    )
    meta = Metadata(title="Tags & Quotes", author="alignread contributors", original="en", licence="CC BY 4.0")
    provenance = (("aligner", "alignread (test)"), ("settings", "sha256:0000000000000000"))
    return TextPair(en, ind, meta, beads, concepts, annotations, provenance)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"{path} is missing; run with ALIGNREAD_UPDATE_GOLDEN=1 to write it"
    assert text.encode("utf-8") == path.read_bytes(), f"{name} differs from its golden file"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_matches_its_golden_file(fmt):
    check_golden(f"study.{fmt}", render(study_pair(), fmt))


def test_the_yaml_golden_reads_back_as_the_same_pair():
    text = (GOLDEN / "study.yaml").read_text(encoding="utf-8")
    assert loads(text) == study_pair()


def test_tmx_parses_and_holds_one_unit_per_two_sided_bead():
    pair = study_pair()
    root = ET.fromstring(render(pair, "tmx").encode("utf-8"))
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    for field in ("creationtool", "creationtoolversion", "datatype", "segtype", "adminlang", "srclang", "o-tmf"):
        assert header.get(field), field
    assert header.get("segtype") == "sentence"
    units = root.findall("body/tu")
    assert len(units) == 4 == len(translation_units(pair))  # the 0-1 bead has nothing to translate
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    segs = [[(tuv.get(lang), tuv.findtext("seg")) for tuv in tu.findall("tuv")] for tu in units]
    assert segs[1] == [("en", "Write <b> & </b> around a word, and it's bold."),
                       ("id", "Tulis <b> & </b> di sekitar kata, maka kata itu tebal.")]
    assert segs[2][0] == ("en", 'Say "hello" to the reader\'s friends.')
    assert segs[0] == [("en", "Tags & “Quotes”"), ("id", "Tag & “Kutipan”")]
    last = units[3]
    assert [p.text for p in last.findall("prop") if p.get("type") == "x-concept"] == ["trust"]
    assert last.findtext("note").startswith("Two sentences become one.\nNotice \"cepat runtuh\" & the <em>")
    assert [p.text for p in units[2].findall("prop") if p.get("type") == "x-concept"] == ["word of mouth"]
    assert units[2].findtext("note") == "id “teman-teman pembaca”: Reduplication marks the plural."


def test_tmx_marks_the_units_a_reader_confirmed():
    from alignread.core.correct import toggle_confirmed

    pair = toggle_confirmed(study_pair(), 1)
    units = ET.fromstring(render(pair, "tmx").encode("utf-8")).findall("body/tu")
    status = [[p.text for p in tu.findall("prop") if p.get("type") == "x-status"] for tu in units]
    assert status == [[], ["confirmed"], [], []]


def test_tmx_drops_characters_xml_cannot_hold():
    pair = study_pair()
    en = pair.en
    bad = Sentence(0, 0, 6, "Bell\x07!", 0)
    pair = TextPair(Text("en", "Bell\x07!\n", en.paragraphs[:1], (bad,)), pair.ind,
                    beads=(Bead((0,), (0, 1, 2, 3, 4)),))
    root = ET.fromstring(render(pair, "tmx"))
    assert root.findtext("body/tu/tuv/seg") == "Bell!"


def test_tsv_reads_back_in_a_spreadsheet_dialect():
    rows = list(csv.reader(io.StringIO(render(study_pair(), "tsv")), dialect="excel-tab"))
    assert rows[0] == ["english", "indonesian", "bead", "confidence", "concepts", "note"]
    assert len(rows) == 1 + len(study_pair().beads)
    assert rows[3][:2] == ['Say "hello" to the reader\'s friends.', 'Ucapkan "halo" kepada teman-teman pembaca.']
    assert rows[4][2:5] == ["2-1", "0.880", "trust"]
    assert rows[4][5] == 'Two sentences become one. Notice "cepat runtuh" & the <em>rhythm</em>. - not a list'


def test_markdown_escapes_the_reader_s_text():
    assert escape("<b> & *x* _y_ [z] `c`") == r"\<b\> & \*x\* \_y\_ \[z\] \`c\`"
    assert escape("&amp; stays visible") == r"\&amp; stays visible"
    assert escape("# not a heading") == r"\# not a heading"
    assert escape("1. not a list") == r"1\. not a list"


def test_notes_for_one_concept_across_documents():
    pair = study_pair()
    docs = [NamedPair("one", pair), NamedPair("two", pair)]
    text = study_notes(docs, concept="kepercayaan")
    assert text.count("## trust · kepercayaan") == 1
    assert "## word of mouth" not in text and "Notes without a concept" not in text
    assert text.count("### Tags & Quotes (one)") == 1 and text.count("### Tags & Quotes (two)") == 1
    assert text.count("**Detached**") == 2
    with pytest.raises(Exception, match="no such concept"):
        study_notes(docs, concept="nonsense")


def test_a_new_export_file_gets_the_usual_permissions(tmp_path):
    from alignread.store.atomic import UMASK, atomic_write_text

    path = tmp_path / "new.tmx"
    atomic_write_text(path, render(study_pair(), "tmx"))
    assert path.stat().st_mode & 0o777 == 0o666 & ~UMASK
