"""`alignread import`: one-file bilingual essays through Click's CliRunner."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from alignread.cli import main
from alignread.formats.essay import as_written
from alignread.store import pairfile
from tests.paths import CORPORA, ROOT

ESSAYS = ROOT / "tests" / "data" / "essays"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_import_the_corpus_essay(runner, tmp_path):
    out = tmp_path / "ftr.yaml"
    result = runner.invoke(main, ["import", str(CORPORA / "first-ten-readers.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 translation block (1 in brackets): 6 English and 7 Indonesian sentences in 6 beads" in result.stderr
    pair = pairfile.load(out)
    assert pair.meta.title == "The First Ten Readers"
    assert pair.provenance_dict()["layout"] == "interleaved"
    assert as_written(pair) == (CORPORA / "first-ten-readers.txt").read_text(encoding="utf-8")
    # The written file shows as a pair.
    shown = runner.invoke(main, ["show", str(out), "--width", "100"])
    assert shown.exit_code == 0 and "Nobody starts with an audience." in shown.output


def test_import_by_corpus_name_to_stdout(runner):
    result = runner.invoke(main, ["import", str(CORPORA / "first-ten-readers"), "-q"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    pair = pairfile.loads(result.stdout)
    assert len(pair.layout) == 8


def test_a_file_in_one_language_gets_a_message_and_exit_0(runner, tmp_path):
    out = tmp_path / "mono.yaml"
    result = runner.invoke(main, ["import", str(ESSAYS / "monolingual.txt"), "-o", str(out)])
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert "only Indonesian found: imported for monolingual reading (9 sentences)" in lines[0]
    pair = pairfile.load(out)
    assert pair.en.text == "" and len(pair.ind.sentences) == 9


def test_import_help_has_an_example(runner):
    result = runner.invoke(main, ["import", "--help"])
    assert result.exit_code == 0
    assert "alignread import corpora/first-ten-readers.txt -o first-ten-readers.yaml" in result.output


@pytest.mark.parametrize("args, message", [
    (["import", "no-such-essay.txt"], "no-such-essay.txt: no such file"),
    (["import", str(CORPORA / "word-of-mouth")], "is a two-file document; use alignread align"),
])
def test_import_errors_are_one_line(runner, args, message):
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr


def test_import_refuses_an_empty_file(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("\u00a0\n \n", encoding="utf-8")
    result = runner.invoke(main, ["import", str(empty)])
    assert result.exit_code == 2 and "empty" in result.stderr


def test_import_with_a_title(runner, tmp_path):
    out = tmp_path / "x.yaml"
    result = runner.invoke(main, ["import", str(ESSAYS / "indonesian-quote.txt"), "-o", str(out), "--title", "Padi"])
    assert result.exit_code == 0, result.output
    assert pairfile.load(out).meta.title == "Padi"


def test_reimport_keeps_annotations(runner, tmp_path):
    from dataclasses import replace

    from alignread.core.model import Annotation

    out = tmp_path / "ftr.yaml"
    assert runner.invoke(main, ["import", str(CORPORA / "first-ten-readers.txt"), "-o", str(out)]).exit_code == 0
    pair = pairfile.load(out)
    note = Annotation("a1", en=(0,), ind=(0,), note="the opening", quote_en=pair.en.sentences[0].text)
    pairfile.save(replace(pair, annotations=(note,)), out)
    assert runner.invoke(main, ["import", str(CORPORA / "first-ten-readers.txt"), "-o", str(out)]).exit_code == 0
    assert pairfile.load(out).annotations == (note,)


def test_import_from_stdin(runner):
    text = (ESSAYS / "paragraph-by-paragraph.txt").read_text(encoding="utf-8")
    result = runner.invoke(main, ["import", "-"], input=text)
    assert result.exit_code == 0, result.output
    assert "<stdin>: 3 translation blocks" in result.stderr
    assert as_written(pairfile.loads(result.stdout)) == text
