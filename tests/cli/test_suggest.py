"""`alignread suggest`: concept suggestions across an output folder, listed or applied."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from alignread.cli import main
from alignread.core import annotate
from alignread.core.model import Dismissal
from alignread.store import pairfile
from alignread.store.corpus import load_concepts
from tests.paths import CORPORA, ROOT

AT = "2026-01-01T09:00:00Z"


@pytest.fixture
def outdir(tmp_path):
    """An output folder holding the word-of-mouth essay with the corpus's concepts."""
    out = tmp_path / "aligned"
    out.mkdir()
    pair = pairfile.load(ROOT / "tests" / "data" / "word-of-mouth.yaml")
    pair = annotate.ensure_concepts(pair, load_concepts(CORPORA / "concepts.yaml"))
    pairfile.save(pair, out / "word-of-mouth.yaml")
    return out


def run(*args):
    return CliRunner().invoke(main, ["suggest", *map(str, args)])


def test_suggestions_are_listed_with_their_counterparts(outdir):
    result = run(outdir)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "word-of-mouth\tbead 7\tword of mouth\ten “Word of mouth” ⇄ id “Getok tular”" in lines
    assert "word-of-mouth\tbead 7\ttrust\ten “trust” ⇄ id “kepercayaan”" in lines
    # A place found on one side only comes with the counterpart the word links found (~).
    assert any(line.startswith("word-of-mouth\tbead 27\tstory that spreads\tid “Kisah yang menyebar” ⇄ en~ “")
               for line in lines)
    assert f"alignread: {len(lines)} suggestions in 1 document" in result.stderr
    only = run(outdir, "--concept", "kepercayaan")
    assert only.exit_code == 0 and {line.split("\t")[2] for line in only.stdout.splitlines()} == {"trust"}


def test_apply_tags_both_languages_and_dismissed_ones_stay_out(outdir):
    path = outdir / "word-of-mouth.yaml"
    pair = pairfile.load(path)
    start = pair.en.text.index("trust that already exists")
    pairfile.save(annotate.dismiss(pair, [Dismissal("trust", "en", start, start + 5)]), path)
    listed = run(outdir, "--concept", "trust").stdout.splitlines()
    assert [line.split("\t")[1] for line in listed] == ["bead 34"]  # bead 7's is dismissed
    result = run(outdir, "--concept", "trust", "--apply")
    assert result.exit_code == 0, result.output
    assert "tagged 1 place (1 suggestion in 1 document)" in result.stderr
    (tagged,) = pairfile.load(path).annotations
    assert tagged.is_bilingual and tagged.concepts == ("trust",)
    assert (tagged.quote_en, tagged.quote_ind) == ("trust", "kepercayaan")
    again = run(outdir, "--concept", "trust")
    assert again.stdout == "" and "0 suggestions in 0 documents" in again.stderr


def test_an_unknown_concept_or_folder_is_one_line(outdir, tmp_path):
    bad = run(outdir, "--concept", "nonsense")
    assert bad.exit_code == 2 and "no such concept" in bad.stderr and len(bad.stderr.splitlines()) == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    shutil.copy(CORPORA / "concepts.yaml", empty)
    none = run(empty)
    assert none.exit_code == 2 and "holds no annotated YAML files" in none.stderr
