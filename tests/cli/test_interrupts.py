"""Ctrl-C and running out of memory, in the middle of a command: one line on stderr, the
exit status a shell expects (130 for Ctrl-C, 1 for memory), and the output that existed
before is left as it was, with no temporary file beside it.

Python turns Ctrl-C into KeyboardInterrupt wherever the program is; the tests raise it
(and MemoryError) at the two places that matter: while aligning, and while the output is
being written."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from alignread.cli import main
from tests.paths import CORPORA, ROOT

PAIR = ROOT / "tests" / "data" / "word-of-mouth.yaml"


@pytest.fixture
def folder(tmp_path) -> Path:
    for lang in ("en", "id"):
        shutil.copy(CORPORA / f"word-of-mouth.{lang}.txt", tmp_path / f"good.{lang}.txt")
    shutil.copy(PAIR, tmp_path / "pair.yaml")
    return tmp_path


def align_over_pair(folder: Path):
    return CliRunner().invoke(main, ["align", str(folder / "good.en.txt"), str(folder / "good.id.txt"),
                                     "-o", str(folder / "pair.yaml"), "-q"])


def raising(exc: type[BaseException]):
    def raise_it(*_args, **_kwargs):
        raise exc()
    return raise_it


def untouched(folder: Path) -> None:
    assert (folder / "pair.yaml").read_bytes() == PAIR.read_bytes()
    assert sorted(p.name for p in folder.iterdir()) == ["good.en.txt", "good.id.txt", "pair.yaml"]


def only_line(result, line: str) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert [x for x in result.stderr.splitlines() if x.strip()] == [line]


@pytest.mark.parametrize(("exc", "status", "line"), [
    (KeyboardInterrupt, 130, "alignread: interrupted"),
    (MemoryError, 1, "alignread: error: out of memory"),
])
def test_ctrl_c_or_no_memory_while_aligning_is_one_line_and_leaves_the_output_as_it_was(
        folder, monkeypatch, exc, status, line):
    monkeypatch.setattr("alignread.workflows.build.build_pair", raising(exc))
    result = align_over_pair(folder)
    assert result.exit_code == status
    only_line(result, line)
    untouched(folder)


def test_ctrl_c_while_the_output_is_written_leaves_the_old_file_and_no_temporary(folder, monkeypatch):
    # The new file is all written to its temporary and about to be synced when Ctrl-C comes.
    synced: list[int] = []

    def interrupted_fsync(fd: int) -> None:
        synced.append(fd)
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted_fsync)
    result = align_over_pair(folder)
    assert synced, "the write never reached fsync: the test no longer interrupts a write"
    assert result.exit_code == 130
    only_line(result, "alignread: interrupted")
    untouched(folder)


def test_ctrl_c_while_an_export_is_written_leaves_no_temporary(folder, monkeypatch):
    export = ["export", str(folder / "pair.yaml"), "--format", "tmx", "-o", str(folder / "pair.tmx")]
    assert CliRunner().invoke(main, export).exit_code == 0
    old = (folder / "pair.tmx").read_bytes()
    before = sorted(p.name for p in folder.iterdir())
    monkeypatch.setattr(os, "fsync", raising(KeyboardInterrupt))
    result = CliRunner().invoke(main, export)
    assert result.exit_code == 130
    only_line(result, "alignread: interrupted")
    assert (folder / "pair.tmx").read_bytes() == old
    assert sorted(p.name for p in folder.iterdir()) == before


def test_the_temporary_a_killed_write_left_is_removed_by_the_next_write_to_that_file(folder):
    import subprocess
    import sys

    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()  # a process id that no longer runs, as a write killed with SIGKILL leaves
    stale = folder / f".pair.yaml.k2x9q0ab.{ended.pid}.tmp"
    running = folder / f".pair.yaml.k2x9q0ac.{os.getppid()}.tmp"  # a write still going on
    others = folder / f".notes.md.k2x9q0ad.{ended.pid}.tmp"  # another file's: its own command's
    mine = folder / ".pair.yaml.mine.tmp"  # not a name alignread gives its temporaries
    for path in (stale, running, others, mine):
        path.write_text("half a file\n", encoding="utf-8")
    result = align_over_pair(folder)
    assert result.exit_code == 0, result.stderr
    assert not stale.exists()
    assert running.exists() and others.exists() and mine.exists()
