"""Every command through Click's CliRunner, and every kind of bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from alignread.cli import main
from alignread.store import pairfile
from tests.paths import CORPORA, GOLD


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def aligned_file(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "wom.yaml"
    result = CliRunner().invoke(main, ["align", str(CORPORA / "word-of-mouth"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_align_a_corpus_name_writes_a_valid_file(aligned_file):
    pair = pairfile.load(aligned_file)
    assert pair.meta.title == "How a Story Spreads"
    assert len(pair.en.sentences) == 36 and len(pair.ind.sentences) == 37
    gold = (GOLD / "word-of-mouth.gold").read_text().splitlines()
    from alignread.formats.beads import parse_beads

    assert [(b.en, b.ind) for b in pair.beads] == parse_beads("\n".join(gold))


def test_align_two_files_to_stdout(runner, tmp_path):
    en = tmp_path / "a.en.txt"
    ind = tmp_path / "a.id.txt"
    en.write_text("The market is open. Customers buy books.\n")
    ind.write_text("Pasarnya buka. Para pelanggan membeli buku.\n")
    result = runner.invoke(main, ["align", str(en), str(ind)])
    assert result.exit_code == 0, result.output
    pair = pairfile.loads(result.output)
    assert [(b.en, b.ind) for b in pair.beads] == [((0,), (0,)), ((1,), (1,))]


def test_show_prints_both_sides(runner, aligned_file):
    result = runner.invoke(main, ["show", str(aligned_file), "--width", "100"])
    assert result.exit_code == 0
    assert "How a Story Spreads" in result.output and "Bagaimana Sebuah Kisah Menyebar" in result.output
    assert re.search(r"^\s+7 0-1", result.output, re.M)  # the translator's added remark


@pytest.mark.parametrize("fmt, check", [
    ("yaml", lambda out: out.startswith("schema_version: 2\n")),
    ("tsv", lambda out: out.splitlines()[0] == "english\tindonesian\tbead\tconfidence\tconcepts\tnote"),
    ("beads", lambda out: out.splitlines()[7] == "[]:[7]"),
])
def test_export_formats(runner, aligned_file, fmt, check, tmp_path):
    result = runner.invoke(main, ["export", str(aligned_file), "--format", fmt])
    assert result.exit_code == 0
    assert check(result.output)
    out = tmp_path / f"x.{fmt}"
    result = runner.invoke(main, ["export", str(aligned_file), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0 and check(out.read_text(encoding="utf-8"))


def test_eval_prints_scores_and_saves_beads(runner, tmp_path):
    result = runner.invoke(main, ["eval", str(GOLD), "--save", str(tmp_path / "beads")])
    assert result.exit_code == 0, result.output
    strict = re.search(r"^strict\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", result.output, re.M)
    assert strict and float(strict.group(3)) >= 0.95
    assert (tmp_path / "beads" / "persuasion.beads").read_text().startswith("[0]:[0]\n")


def test_eval_baseline_is_worse_on_the_essays(runner):
    out = runner.invoke(main, ["eval", str(GOLD), "--aligner", "baseline"]).output
    f1 = float(re.search(r"^strict\s+[\d.]+\s+[\d.]+\s+([\d.]+)", out, re.M).group(1))
    assert f1 < 0.99


def _one_line_error(result, *fragments):
    assert result.exit_code == 2, result.output
    err = result.stderr if result.stderr_bytes is not None else result.output
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.fixture
def files(tmp_path):
    good_en = tmp_path / "good.en.txt"
    good_en.write_text("The market is open.\n")
    good_id = tmp_path / "good.id.txt"
    good_id.write_text("Pasarnya buka.\n")
    return tmp_path, good_en, good_id


def test_missing_file(runner, files):
    tmp, _en, ind = files
    _one_line_error(runner.invoke(main, ["align", str(tmp / "nope.txt"), str(ind)]), "nope.txt", "no such file")


def test_empty_file(runner, files):
    tmp, en, _ind = files
    empty = tmp / "empty.txt"
    empty.write_text("  \n\u00a0\n")
    _one_line_error(runner.invoke(main, ["align", str(en), str(empty)]), "empty.txt", "empty")


def test_binary_file(runner, files):
    tmp, _en, ind = files
    binary = tmp / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" * 20)
    _one_line_error(runner.invoke(main, ["align", str(binary), str(ind)]), "photo.jpg", "binary")


def test_not_utf8_offers_encoding(runner, files):
    tmp, en, _ind = files
    latin = tmp / "latin.txt"
    latin.write_bytes("Caf\xe9 terbuka. Pelanggan datang.\n".encode("cp1252"))
    _one_line_error(runner.invoke(main, ["align", str(en), str(latin)]), "latin.txt", "not UTF-8", "--encoding")
    ok = runner.invoke(main, ["align", str(en), str(latin), "--encoding", "cp1252"])
    assert ok.exit_code == 0, ok.output


def test_one_side_empty_after_segmentation(runner, files):
    tmp, en, _ind = files
    dots = tmp / "dots.txt"
    dots.write_text("\u200b\ufeff\n")
    _one_line_error(runner.invoke(main, ["align", str(en), str(dots)]), "dots.txt")


def test_wrong_language(runner, files):
    _tmp, _en, _ind = files
    swapped = runner.invoke(main, ["align", str(CORPORA / "persuasion.id.txt"), str(CORPORA / "persuasion.en.txt")])
    _one_line_error(swapped, "persuasion.id.txt", "looks Indonesian, expected English")


def test_unwritable_output(runner, files):
    tmp, en, ind = files
    _one_line_error(runner.invoke(main, ["align", str(en), str(ind), "-o", str(tmp / "no" / "dir" / "x.yaml")]),
                    "x.yaml", "does not exist")
    _one_line_error(runner.invoke(main, ["align", str(en), str(ind), "-o", str(tmp)]), "is a folder")


@pytest.mark.parametrize("content, fragment", [
    ("texts: [unclosed\n", "is not valid YAML"),
    ("schema_version: 7\ntexts: {}\n", "unknown schema version 7"),
    ("schema_version: 1\nx: !!python/object/apply:os.system ['echo pwned']\n", "Python tag"),
])
def test_bad_yaml_for_show_and_export(runner, tmp_path, content, fragment):
    bad = tmp_path / "bad.yaml"
    bad.write_text(content)
    for command in (["show", str(bad)], ["export", str(bad), "-f", "tsv"]):
        _one_line_error(runner.invoke(main, command), "bad.yaml", fragment)


def test_an_existing_output_is_never_damaged(runner, files, aligned_file, tmp_path):
    _, en, ind = files
    # An annotated file for other texts: aligning over it is refused and it stays as it was.
    from dataclasses import replace

    from alignread.core.model import Annotation

    pair = pairfile.load(aligned_file)
    annotated = tmp_path / "annotated.yaml"
    pairfile.save(replace(pair, annotations=(Annotation("a1", (0,), (0,), (), "my note", "x", "y",
                                                         created="t", modified="t"),)), annotated)
    before = annotated.read_bytes()
    _one_line_error(runner.invoke(main, ["align", str(en), str(ind), "-o", str(annotated)]),
                    "annotated.yaml", "holds 1 annotation,")
    assert annotated.read_bytes() == before
    # A file that is not ours is not overwritten either.
    notes = tmp_path / "notes.yaml"
    notes.write_text("shopping: [milk, eggs]\n")
    _one_line_error(runner.invoke(main, ["align", str(en), str(ind), "-o", str(notes)]),
                    "notes.yaml", "not overwriting")
    assert notes.read_text() == "shopping: [milk, eggs]\n"
    # A failed run (bad input) leaves an existing output alone.
    good = tmp_path / "good.yaml"
    runner.invoke(main, ["align", str(en), str(ind), "-o", str(good)])
    before = good.read_bytes()
    _one_line_error(runner.invoke(main, ["align", str(en), str(tmp_path / "missing.txt"), "-o", str(good)]),
                    "missing.txt")
    assert good.read_bytes() == before


def test_realigning_the_same_texts_keeps_annotations(runner, aligned_file, tmp_path):
    from dataclasses import replace

    from alignread.core.model import Annotation

    pair = pairfile.load(aligned_file)
    path = tmp_path / "keep.yaml"
    pairfile.save(replace(pair, annotations=(Annotation("a1", (1,), (1,), (), "kept", created="t", modified="t"),)),
                  path)
    result = runner.invoke(main, ["align", str(CORPORA / "word-of-mouth"), "-o", str(path)])
    assert result.exit_code == 0, result.output
    assert pairfile.load(path).annotations[0].note == "kept"


def test_python_m_alignread_runs():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "alignread", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and "alignread" in out.stdout


def test_user_dictionaries_in_both_formats(runner, tmp_path):
    en = tmp_path / "a.en.txt"
    ind = tmp_path / "a.id.txt"
    en.write_text("The zorb glows.\n")
    ind.write_text("Kelip itu bercahaya.\n")
    hunalign = tmp_path / "my.dic"
    hunalign.write_text("kelip @ zorb\n")
    tsv = tmp_path / "my.tsv"
    tsv.write_text("zorb\tkelip\n")
    for d in (hunalign, tsv):
        result = runner.invoke(main, ["align", str(en), str(ind), "--dict", str(d)])
        assert result.exit_code == 0, result.output
    bad = tmp_path / "bad.dic"
    bad.write_text("kelip @ zorb\nthis line has no separator\n")
    _one_line_error(runner.invoke(main, ["align", str(en), str(ind), "--dict", str(bad)]), "bad.dic:2")


def test_eval_with_self_training(runner):
    result = runner.invoke(main, ["eval", str(GOLD), "--self-train"])
    assert result.exit_code == 0, result.output
    assert "self-trained" in result.output
    assert re.search(r"^strict\s+[\d.]+\s+[\d.]+\s+1\.0000", result.output, re.M)


def test_a_config_file_sets_defaults(runner, tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("aligner: baseline\neval: {self_train: true}\n")
    result = runner.invoke(main, ["--config", str(config), "eval", str(GOLD)])
    assert result.exit_code == 0, result.output
    assert "gale-church" in result.output and "self-trained" in result.output
    # The command line still wins.
    result = runner.invoke(main, ["--config", str(config), "eval", str(GOLD), "--aligner", "default"])
    assert "alignread (beads" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("colour: blue\n")
    _one_line_error(runner.invoke(main, ["--config", str(bad), "eval", str(GOLD)]), "bad.yaml", "colour")


def test_config_file_can_choose_stanza(runner, tmp_path, monkeypatch):
    # With Stanza chosen in the config and no models, align stops with the download hint.
    pytest.importorskip("stanza", reason="stanza is not installed")
    config = tmp_path / "config.yaml"
    config.write_text(f"nlp: [stanza]\nstanza_dir: {tmp_path / 'empty'}\n")
    (tmp_path / "empty").mkdir()
    en = tmp_path / "a.en.txt"
    en.write_text("The market is open.\n")
    ind = tmp_path / "a.id.txt"
    ind.write_text("Pasarnya buka.\n")
    result = runner.invoke(main, ["--config", str(config), "align", str(en), str(ind)])
    _one_line_error(result, "alignread models download stanza")


def test_realigning_edited_texts_reattaches_annotations(runner, aligned_file, tmp_path):
    from dataclasses import replace

    from alignread.core.model import Annotation

    pair = pairfile.load(aligned_file)
    bead = pair.beads[5]
    ann = Annotation("a1", bead.en, bead.ind, (), "my note", pair.bead_text(bead, "en"), pair.bead_text(bead, "id"),
                     created="t", modified="t")
    path = tmp_path / "edited.yaml"
    pairfile.save(replace(pair, annotations=(ann,)), path)
    en = tmp_path / "wom.en.txt"
    en.write_text("A new first line.\n\n" + (CORPORA / "word-of-mouth.en.txt").read_text(encoding="utf-8"),
                  encoding="utf-8")
    result = runner.invoke(main, ["align", str(en), str(CORPORA / "word-of-mouth.id.txt"), "-o", str(path)])
    assert result.exit_code == 0, result.output
    again = pairfile.load(path)
    (moved,) = again.annotations
    assert moved.note == "my note"
    assert moved.en == tuple(i + 1 for i in bead.en)
    assert again.bead_text(again.beads[again.bead_of("en", moved.en[0])], "en") == ann.quote_en


def test_realigning_keeps_the_beads_a_reader_confirmed(runner, aligned_file, tmp_path):
    from alignread.core import correct

    out = tmp_path / "edited.yaml"
    pair = correct.merge_beads(pairfile.load(aligned_file), 2)
    pairfile.save(pair, out)
    result = runner.invoke(main, ["align", str(CORPORA / "word-of-mouth"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    again = pairfile.load(out)
    assert [(b.en, b.ind) for b in again.beads] == [(b.en, b.ind) for b in pair.beads]
    assert again.beads[2] == pair.beads[2] and again.beads[2].status == "confirmed"
