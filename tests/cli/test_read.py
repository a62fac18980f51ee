"""`alignread read`: documented, and its mistakes are one-line errors before any screen."""

from __future__ import annotations

from click.testing import CliRunner

from alignread.cli import main


def test_read_is_documented():
    result = CliRunner().invoke(main, ["read", "--help"])
    assert result.exit_code == 0
    assert "alignread read corpora/word-of-mouth" in result.output and "--concepts" in result.output


def test_read_reports_bad_inputs_in_one_line(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["read", str(tmp_path / "nothing")])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert "found neither nothing.en.txt nor nothing.id.txt" in result.output
    result = runner.invoke(main, ["read", str(tmp_path)])
    assert result.exit_code == 2 and "holds no documents" in result.output
    (tmp_path / "a.yaml").write_text("x: 1\n", encoding="utf-8")
    result = runner.invoke(main, ["read", str(tmp_path / "a.yaml"), "--theme", "no-such-theme"])
    assert result.exit_code == 2 and "unknown theme" in result.output


def test_read_of_a_long_file_cut_short_ends_with_the_one_line_error(tmp_path, monkeypatch):
    """A long file alignread wrote is painted from its preview before it is read whole;
    when the whole turns out cut short, the reader ends and `read` reports it as every
    command reports bad input: one line naming the file, exit 2, the file untouched."""
    from pathlib import Path

    from alignread.store import pairfile

    monkeypatch.setattr(pairfile, "PREVIEW_SIZE", 0)  # preview even a small file
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.headless_driver:HeadlessDriver")
    text = (Path(__file__).parents[1] / "data" / "word-of-mouth.yaml").read_text(encoding="utf-8")
    cut = tmp_path / "cut.yaml"
    cut.write_text(text[: text.index("\nconcepts:") + 1], encoding="utf-8")
    assert pairfile.preview(cut) is not None  # the reader would have painted it at once
    before = cut.read_bytes()
    result = CliRunner().invoke(main, ["read", str(cut)])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("alignread: error: ") and "cut.yaml" in result.output
    assert "cut short" in result.output
    assert result.output.count("\n") == 1 and cut.read_bytes() == before
