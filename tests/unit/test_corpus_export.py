"""`alignread corpus`: a folder of aligned documents as one corpus of parallel data: the
formats (golden files, byte for byte), the filters and what each dropped, duplicates,
provenance, and the batch record's lines agreeing with the YAML they were taken from.

After a deliberate change to a format: ALIGNREAD_UPDATE_GOLDEN=1 python -m pytest -q tests/unit/test_corpus_export.py
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from alignread.cli import main
from alignread.core.model import CONFIRMED, Bead
from alignread.formats.parallel import BeadLine, decode_lines, encode_lines
from alignread.nlp import NlpSpec
from alignread.store import pairfile
from alignread.store.batch_record import RECORD
from alignread.workflows.batch import BatchOptions, run_to_end
from alignread.workflows.corpus_export import LineFilter, export_corpus
from tests.paths import CORPORA
from tests.unit.test_exports import check_golden, study_pair


@pytest.fixture
def folder(tmp_path) -> Path:
    """Three documents: the study pair, an exact copy of it, and one whose low bead a
    reader confirmed (no batch record: their YAML is read)."""
    out = tmp_path / "aligned"
    out.mkdir()
    pair = study_pair()
    pairfile.save(pair, out / "a-study.yaml")
    pairfile.save(pair, out / "b-copy.yaml")
    beads = list(pair.beads)
    beads[2] = replace(beads[2], status=CONFIRMED)  # confidence 0.42, but a reader checked it
    pairfile.save(replace(pair, beads=tuple(beads)), out / "c-checked.yaml")
    return out


def export(folder: Path, tmp_path: Path, fmt: str, **options) -> tuple[dict[str, str], object]:
    base = tmp_path / "corpus" / ("corpus" if fmt == "moses" else f"corpus.{fmt}")
    base.parent.mkdir(parents=True, exist_ok=True)
    counts = export_corpus(folder, fmt, str(base), LineFilter(**options))
    files = sorted(base.parent.iterdir())
    return {f.name: f.read_text(encoding="utf-8") for f in files}, counts


@pytest.mark.parametrize("fmt", ["moses", "tmx", "jsonl", "tsv"])
def test_every_corpus_format_matches_its_golden_file(folder, tmp_path, fmt):
    files, _counts = export(folder, tmp_path, fmt)
    for name, text in files.items():
        check_golden(name, text)


def test_moses_files_are_line_aligned_with_their_provenance(folder, tmp_path):
    files, counts = export(folder, tmp_path, "moses")
    en, ind, ids = (files[f"corpus.{ext}"].splitlines() for ext in ("en", "id", "ids"))
    assert len(en) == len(ind) == len(ids) == counts.written == 4
    pair = study_pair()
    for line_en, line_ind, ref in zip(en, ind, ids):
        document, bead, kind, confidence = ref.split("\t")
        b = pair.beads[int(bead)]
        assert line_en == " ".join(pair.bead_text(b, "en").split()) and kind == b.kind
        assert line_ind == " ".join(pair.bead_text(b, "id").split()) and float(confidence) == round(b.score, 3)
        assert document in ("a-study", "c-checked")


def test_what_each_filter_drops_is_counted_once(folder, tmp_path):
    _files, counts = export(folder, tmp_path, "jsonl", min_confidence=0.9)
    # 3 documents x 5 beads, all of the same texts: the 0-1 bead of each is one-sided;
    # bead 2 (0.42) and bead 3 (0.88) are under 0.9, but where a reader confirmed bead 2;
    # beads 0 and 1 are written once, and bead 2 by the document that confirmed it.
    assert (counts.documents, counts.beads) == (3, 15)
    assert counts.dropped == {"kind": 3, "confidence": 2 + 2 + 1, "ratio": 0, "duplicate": 2 + 2}
    assert counts.written == 15 - 3 - 5 - 4 == 3
    _files, counts = export(folder, tmp_path, "jsonl", kinds=frozenset({"2-1"}), keep_duplicates=True)
    assert counts.dropped == {"kind": 12, "confidence": 0, "ratio": 0, "duplicate": 0} and counts.written == 3


def test_the_length_ratio_and_the_bead_types_asked_for():
    lines = [BeadLine("d", 0, "1-1", 0.9, False, "a" * 10, "b" * 31),
             BeadLine("d", 1, "1-1", 0.9, False, "a" * 10, "b" * 30),
             BeadLine("d", 2, "0-1", 0.9, False, "", "b"),
             BeadLine("d", 3, "2-1", 0.3, True, "a", "b")]
    assert [LineFilter(max_ratio=3).refuses(line) for line in lines] == ["ratio", None, "kind", None]
    assert [LineFilter(kinds=frozenset({"0-1", "2-1"}), min_confidence=0.5).refuses(line) for line in lines] == [
        "kind", "kind", None, None]


def test_tmx_and_jsonl_lines_name_their_document_and_bead(folder, tmp_path):
    files, _counts = export(folder, tmp_path, "tmx", min_confidence=0.5)
    units = ET.fromstring(files["corpus.tmx"]).findall("body/tu")
    assert [u.get("tuid") for u in units] == ["a-study:0", "a-study:1", "a-study:3", "c-checked:2"]
    checked = units[-1]
    props = {p.get("type"): p.text for p in checked.findall("prop")}
    assert props == {"x-document": "c-checked", "x-bead-index": "2", "x-bead": "1-1", "x-confidence": "0.420",
                     "x-status": "confirmed"}
    assert units[1].find("tuv/seg").text == "Write <b> & </b> around a word, and it's bold."
    files, _counts = export(folder, tmp_path, "jsonl", min_confidence=0.5)
    rows = [json.loads(line) for line in files["corpus.jsonl"].splitlines()]
    assert [(r["document"], r["bead"]) for r in rows] == [("a-study", 0), ("a-study", 1), ("a-study", 3),
                                                        ("c-checked", 2)]
    assert rows[-1]["confirmed"] is True and "confirmed" not in rows[0]


def test_lines_survive_their_compact_form():
    pair = study_pair()
    assert decode_lines("study", encode_lines(pair)) == [
        BeadLine("study", k, b.kind, b.score, b.confirmed, " ".join(pair.bead_text(b, "en").split()),
                 " ".join(pair.bead_text(b, "id").split())) for k, b in enumerate(pair.beads)]


@pytest.fixture
def batch_output(tmp_path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("word-of-mouth", "persuasion"):
        for side in ("en", "id"):
            text = (CORPORA / f"{name}.{side}.txt").read_text(encoding="utf-8").replace(". ", ".\n")
            (corpus / f"{name}.{side}.txt").write_text(text, encoding="utf-8")
    # Not in name order: the corpus order is the manifest's.
    (corpus / "corpus.yaml").write_text("documents:\n  - name: word-of-mouth\n  - name: persuasion\n",
                                        encoding="utf-8")
    out = tmp_path / "out"
    run_to_end(corpus, out, BatchOptions(nlp=NlpSpec("lines")), jobs=1)
    return out


def test_the_record_gives_the_lines_the_yaml_gives(batch_output, tmp_path):
    from_record, counts = export(batch_output, tmp_path / "one", "tsv", keep_duplicates=True)
    assert counts.parsed == 0, "read from the batch record, no YAML parsed"
    with sqlite3.connect(batch_output / RECORD) as db:
        db.execute("DELETE FROM lines")
    from_yaml, counts = export(batch_output, tmp_path / "two", "tsv", keep_duplicates=True)
    assert counts.parsed == 2
    assert from_record == from_yaml
    assert from_record["corpus.tsv"].splitlines()[1].split("\t")[2] == "word-of-mouth", "in corpus order"


def test_an_output_a_reader_changed_since_the_batch_is_read_again(batch_output, tmp_path):
    path = batch_output / "persuasion.yaml"
    pair = pairfile.load(path)
    merged = Bead(pair.beads[1].en + pair.beads[2].en, pair.beads[1].ind + pair.beads[2].ind, 1.0, CONFIRMED)
    pairfile.save(replace(pair, beads=(pair.beads[0], merged, *pair.beads[3:])), path)
    files, counts = export(batch_output, tmp_path, "jsonl")
    assert counts.parsed == 1
    rows = [json.loads(line) for line in files["corpus.jsonl"].splitlines() if '"persuasion"' in line]
    assert rows[1]["confirmed"] is True and rows[1]["en"] == " ".join(pair.bead_text(merged, "en").split())


def test_the_command_says_what_it_wrote_and_dropped(folder, tmp_path):
    result = CliRunner().invoke(main, ["corpus", str(folder), "-o", str(tmp_path / "c"), "--min-confidence", "0.9",
                                       "--max-ratio", "3", "--beads", "1-1,2-1"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"alignread: 3 documents, 15 beads: 3 lines written to {tmp_path / 'c'}.en, {tmp_path / 'c'}.id, "
        f"{tmp_path / 'c'}.ids",
        "alignread: dropped: 3 by bead type (keeping 1-1,2-1), 5 by --min-confidence 0.9, 0 by --max-ratio 3, "
        "4 exact duplicates",
    ]
    assert len((tmp_path / "c.en").read_text(encoding="utf-8").splitlines()) == 3
    result = CliRunner().invoke(main, ["corpus", str(folder), "--format", "jsonl", "--quiet"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 4 and not result.stderr


def test_one_of_each_is_said_in_the_singular(folder, tmp_path):
    for name in ("b-copy.yaml", "c-checked.yaml"):
        (folder / name).unlink()
    result = CliRunner().invoke(main, ["corpus", str(folder), "-o", str(tmp_path / "c"), "--beads", "1-1",
                                       "--min-confidence", "0.9"])
    assert result.exit_code == 0, result.output
    said = result.stderr.splitlines()
    assert said[0].startswith("alignread: 1 document, ") and "documents" not in said[0], said
    result = CliRunner().invoke(main, ["corpus", str(folder), "--format", "jsonl", "--beads", "1-1"])
    assert ", 0 exact duplicates" in result.stderr


def test_describe_counts_says_one_in_the_singular():
    from alignread.workflows.corpus_export import ExportCounts, describe_counts

    counts = ExportCounts()
    counts.documents, counts.beads, counts.written = 1, 1, 1
    counts.dropped["duplicate"] = 1
    said = describe_counts(counts, "jsonl", "-", LineFilter())
    assert said[0] == "1 document, 1 bead: 1 line written", said
    assert said[1].endswith(", 1 exact duplicate"), said
    counts.documents, counts.beads, counts.written = 2, 12345, 2
    assert describe_counts(counts, "jsonl", "-", LineFilter())[0] == "2 documents, 12,345 beads: 2 lines written"


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "-"], "moses writes two line-aligned files"),
    (["--beads", "one-one"], "'one-one' is not a bead type"),
    (["--format", "docx"], "'docx' is not one of"),
])
def test_corpus_mistakes_are_one_line(folder, args, message):
    result = CliRunner().invoke(main, ["corpus", str(folder), *args])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0], result.stderr


def test_a_document_that_cannot_be_read_writes_nothing(folder, tmp_path):
    shutil.copy(folder / "a-study.yaml", folder / "d-broken.yaml")
    (folder / "d-broken.yaml").write_text("schema_version: 1\nbeads: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["corpus", str(folder), "-o", str(tmp_path / "c")])
    assert result.exit_code == 2 and "d-broken.yaml" in result.stderr
    assert not list(tmp_path.glob("c.*")) and not list(tmp_path.glob(".c.*"))


@given(st.text(alphabet=st.sampled_from(list("a&<>\"'\n\r\t é;#")), max_size=12))
def test_the_xml_escapes_are_the_standard_librarys(text):
    from xml.sax import saxutils

    from alignread.formats.tmx import escape, quoteattr

    assert escape(text) == saxutils.escape(text)
    assert quoteattr(text) == saxutils.quoteattr(text)
    # And the attribute reads back as the text.
    assert ET.fromstring(f"<tu tuid={quoteattr(text)}/>").get("tuid") == text
