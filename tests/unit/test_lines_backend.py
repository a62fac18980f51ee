"""`--nlp lines`: texts already split, one sentence a line (alignread.nlp.lines_backend)."""

from __future__ import annotations

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from alignread.cli import main
from alignread.nlp import NlpSpec, get_pipeline, parse_nlp_options
from alignread.store import pairfile
from alignread.workflows.build import build_pair

LINES = NlpSpec("lines")


def test_each_line_is_a_sentence_and_blank_lines_make_paragraphs():
    text = ("Title without a stop\n\n  First line. Still the first line.  \nSecond line\n\u00a0\n\n"
            "Third, after a blank line\n")
    seg = get_pipeline(LINES).segment(text, "en")
    assert [s.text for s in seg.sentences] == [
        "Title without a stop", "First line. Still the first line.", "Second line", "Third, after a blank line"
    ]
    assert [s.paragraph for s in seg.sentences] == [0, 1, 1, 2]
    assert all(text[s.start:s.end] == s.text for s in seg.sentences)


@given(st.lists(st.text(alphabet="ab .\u00a0\t", min_size=0, max_size=12), max_size=8))
def test_spans_are_exact_and_never_blank(lines):
    text = "\n".join(lines)
    seg = get_pipeline(LINES).segment(text, "id")
    assert [s.text for s in seg.sentences] == [ln.strip(" \t\u00a0") for ln in lines if ln.strip(" \t\u00a0")]
    assert all(text[s.start:s.end] == s.text for s in seg.sentences)


def test_sentences_given_a_line_each_are_not_split_from_the_other_side():
    en = ("The town library opened a new reading room in March.\nVolunteers painted the walls.\n"
          "The vote on the budget was delayed by a long debate.\nWijaya spoke first and asked for patience.\n"
          "Nobody expected the room to be full on the first night.\n")
    ind = ("Perpustakaan kota membuka ruang baca baru pada bulan Maret.\nPara relawan mengecat dinding.\n"
           "Pemungutan suara atas anggaran tertunda oleh perdebatan panjang Wijaya berbicara pertama dan "
           "meminta kesabaran.\nTidak ada yang menyangka ruangan itu penuh pada malam pertama.\n")
    # Segmented by spaCy, the Indonesian line is cut where the English shows a boundary...
    assert len(build_pair(en, ind, check_languages=False).ind.sentences) == 5
    # ...but given one sentence a line, the user's sentences stand.
    pair = build_pair(en, ind, nlp=parse_nlp_options(["lines"]), check_languages=False)
    assert [s.text for s in pair.en.sentences] == en.splitlines()
    assert [s.text for s in pair.ind.sentences] == ind.splitlines()
    assert [b.kind for b in pair.beads] == ["1-1", "1-1", "2-1", "1-1"]


def test_align_with_nlp_lines_on_the_command_line(tmp_path):
    en, ind = tmp_path / "a.en.txt", tmp_path / "a.id.txt"
    en.write_text("Why we read\n\nWe read to remember.\nNotes help us think.\n", encoding="utf-8")
    ind.write_text("Mengapa kita membaca\n\nKita membaca untuk mengingat.\nCatatan membantu kita berpikir.\n",
                   encoding="utf-8")
    out = tmp_path / "a.yaml"
    result = CliRunner().invoke(main, ["align", str(en), str(ind), "--nlp", "lines", "-o", str(out)])
    assert result.exit_code == 0, result.output
    pair = pairfile.load(out)
    assert len(pair.beads) == 3 and all(b.kind == "1-1" for b in pair.beads)
    assert dict(pair.provenance)["nlp"] == "lines"
