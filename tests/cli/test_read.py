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
