"""Every command of the `alignread` group, found by walking the group: each has help with
an example, and each reports a mistake on its command line in one line, exit status 2."""

from __future__ import annotations

import re
import shlex

import click
import pytest
from click.testing import CliRunner

from alignread.cli import main


def commands(group: click.Group = main, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The path of every command (`("align",)`, `("models", "download")`), groups included."""
    out = []
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        out.append(path)
        if isinstance(command, click.Group):
            out.extend(commands(command, path))
    return out


ALL = commands()


def one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("alignread: error: ") and "Traceback" not in result.stderr
    return lines[0]


def test_the_walk_finds_every_command():
    assert {("align",), ("import",), ("batch",), ("read",), ("serve",), ("show",), ("export",), ("notes",), ("eval",),
            ("models",), ("models", "download")} <= set(ALL)


@pytest.mark.parametrize("path", [(), *ALL], ids=lambda p: " ".join(p) or "alignread")
def test_help_has_an_example(path):
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"alignread {' '.join(path)} --help has no example"


@pytest.mark.parametrize("path", ALL, ids=" ".join)
def test_an_unknown_option_is_one_line(path):
    line = one_line_error(CliRunner().invoke(main, [*path, "--no-such-option"]))
    assert f"{' '.join(path)}: No such option" in line and f"alignread {' '.join(path)} --help" in line


@pytest.mark.parametrize("path", [p for p in ALL if p != ("models",)], ids=" ".join)
def test_a_missing_file_or_argument_is_one_line(path, tmp_path):
    """Given a file that does not exist (or nothing at all, where an argument is needed)."""
    missing = str(tmp_path / "missing.yaml")
    args = {
        ("models", "download"): ["nope"],
        ("batch",): [missing, "-o", str(tmp_path / "out")],
        ("eval",): [missing],
    }.get(path, [missing])
    line = one_line_error(CliRunner().invoke(main, [*path, *args]))
    assert "missing.yaml" in line or "nope" in line


def example_lines(path: tuple[str, ...]) -> list[str]:
    text = CliRunner().invoke(main, [*path, "--help"]).output
    return [line.strip() for line in text.splitlines() if line.strip().startswith("alignread ")]


@pytest.mark.filterwarnings("ignore:'protected_args' is deprecated")
@pytest.mark.parametrize("path", [(), *ALL], ids=lambda p: " ".join(p) or "alignread")
def test_every_example_can_be_pasted(path):
    """Each example parses as the command line it shows: known options, right arguments, no
    note in brackets the shell would choke on, no path only the developers have."""
    for line in example_lines(path):
        assert "../shared" not in line and "(" not in line.split("#")[0], line
        for command in re.split(r"\s*(?:&&|\|)\s*", line.split("  #")[0]):
            words = shlex.split(command)
            if not words or words[0] != "alignread":
                continue  # `less` after a pipe
            context = main.make_context("alignread", words[1:])
            name, sub, rest = main.resolve_command(context, context.protected_args + context.args)
            assert sub is not None, line
            while isinstance(sub, click.Group):
                inner = sub.make_context(name, rest, parent=context)
                name, sub, rest = sub.resolve_command(inner, inner.protected_args + inner.args)
                context = inner
            sub.make_context(name, rest, parent=context)  # raises on a bad option or argument


def test_an_unknown_command_is_one_line():
    line = one_line_error(CliRunner().invoke(main, ["allign"]))
    assert "No such command 'allign'" in line and "Did you mean 'align'" in line
