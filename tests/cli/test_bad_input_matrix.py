"""Every kind of bad input, for every command that takes it: one line naming the file and
the problem, exit status 2, no traceback, and nothing that existed before is changed.

Grouped by what is bad: a text given to align, import or read; a pair file given to show,
export, read or notes; an output path given to align, import, export, notes, corpus or batch;
standard output that cannot be written.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from alignread.cli import main
from tests.paths import CORPORA, ROOT

PAIR = ROOT / "tests" / "data" / "word-of-mouth.yaml"
EN = (CORPORA / "word-of-mouth.en.txt").read_text(encoding="utf-8")
ID = (CORPORA / "word-of-mouth.id.txt").read_text(encoding="utf-8")


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` by content (links and special files by what they are)."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_symlink():
            out[str(p)] = "link to " + os.readlink(p)
        elif p.is_file():
            out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
        elif not p.is_dir():
            out[str(p)] = "special"
    return out


def one_line(result, *fragments: str) -> str:
    err = result.stderr
    lines = [line for line in err.splitlines() if line.strip()]
    assert result.exit_code == 2, (result.exit_code, err, result.output)
    assert len(lines) == 1 and lines[0].startswith("alignread: error: "), err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def folder(tmp_path) -> Path:
    (tmp_path / "good.en.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "good.id.txt").write_text(ID, encoding="utf-8")
    shutil.copy(PAIR, tmp_path / "pair.yaml")
    return tmp_path


# ---------------------------------------------------------------- texts

BAD_TEXTS = {
    "missing": (None, "no such file"),
    "empty": (b"", "the file is empty"),
    "spaces": (b"   \n\n \t\n", "the file is empty"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00binary", "NUL byte at offset 8"),
    "broken zip": (b"PK\x03\x04\x00\x00binary", "is a damaged ZIP archive"),
    "latin1": ("Caf\u00e9 au lait, s'il vous pla\u00eet, et encore une fois.\n".encode("latin-1"), "is not UTF-8"),
    "punctuation": (b"!!! ... ??? --- ,,, ;;; !!!\n", "too few letters"),
    "zero-width": ("\u200b\u200b\u200b\u200b\n\u200b\n".encode(), "too few letters"),
    "yaml": (PAIR.read_bytes(), "annotated YAML file, not a text"),
    "settings": (b"name: essay\nlanguage: en\nauthor: someone\nyear: 2024\n", "looks like YAML"),
    "xml": (b"<?xml version='1.0'?>\n<tmx version='1.4'><body/></tmx>\n", "looks like XML or HTML"),
}


def write_bad(folder: Path, name: str, side: str) -> Path:
    data, _ = BAD_TEXTS[name]
    path = folder / f"bad.{side}.txt"
    if data is not None:
        path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", BAD_TEXTS)
@pytest.mark.parametrize("command", ["align", "read"])
def test_a_bad_text_of_a_pair(folder, command, name):
    bad = write_bad(folder, name, "id")
    before = snapshot(folder)
    # align writes over the pair file (it must not be damaged); read would open it instead.
    out = folder / ("pair.yaml" if command == "align" else "new.yaml")
    args = [command, str(folder / "good.en.txt"), str(bad), "-o", str(out)]
    one_line(CliRunner().invoke(main, args), str(bad), BAD_TEXTS[name][1])
    assert snapshot(folder) == before


@pytest.mark.parametrize("name", BAD_TEXTS)
def test_a_bad_essay_to_import(folder, name):
    bad = write_bad(folder, name, "essay")
    before = snapshot(folder)
    one_line(CliRunner().invoke(main, ["import", str(bad), "-o", str(folder / "pair.yaml")]), str(bad))
    assert snapshot(folder) == before


def test_a_text_in_the_other_language(folder):
    (folder / "swapped.en.txt").write_text(ID, encoding="utf-8")
    before = snapshot(folder)
    for command in ("align", "read"):
        out = folder / ("pair.yaml" if command == "align" else "new.yaml")
        args = [command, str(folder / "swapped.en.txt"), str(folder / "good.id.txt"), "-o", str(out)]
        one_line(CliRunner().invoke(main, args), "swapped.en.txt", "looks Indonesian, expected English")
    assert snapshot(folder) == before


def test_a_utf16_file_with_a_byte_order_mark_is_read(folder):
    (folder / "wide.en.txt").write_bytes(b"\xff\xfe" + EN.encode("utf-16-le"))
    result = CliRunner().invoke(main, ["align", str(folder / "wide.en.txt"), str(folder / "good.id.txt"),
                                       "-o", str(folder / "new.yaml")])
    assert result.exit_code == 0, result.stderr


def test_an_encoding_for_one_side_only(folder):
    (folder / "old.id.txt").write_bytes(ID.encode("cp1252", errors="replace"))
    (folder / "plain.en.txt").write_text(EN, encoding="utf-8")
    args = ["align", str(folder / "plain.en.txt"), str(folder / "old.id.txt"), "-o", str(folder / "new.yaml"),
            "--encoding", "id=cp1252"]
    assert CliRunner().invoke(main, args).exit_code == 0
    one_line(CliRunner().invoke(main, [*args[:-1], "xx=cp1252"]), "--encoding xx=cp1252")


# ---------------------------------------------------------------- pair files

CUT = PAIR.read_text(encoding="utf-8")
BAD_PAIRS = {
    "missing": (None, "no such file"),
    "empty": (b"", "the file is empty"),
    "binary": (b"\x00\x01\x02binary", "binary"),
    "not utf-8": ("schema_version: 1\nmeta: {title: Caf\u00e9}\n".encode("latin-1"), "is not UTF-8"),
    "foreign": (b"shopping: [milk, eggs]\n", "no schema_version"),
    "truncated": (CUT[: CUT.index("concepts:") + len("concepts:\n- id: tr")].encode(), ""),
    "cut before annotations": (CUT[: CUT.index("\nconcepts:")].encode() + b"\n", "cut short"),
    "python tag": (b"schema_version: 1\ntexts: !!python/object/apply:os.system [ls]\n", "Python tag"),
    "alias bomb": (b"schema_version: 1\na: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", "alias"),
    "no beads": (CUT.replace(CUT[CUT.index("beads:"):CUT.index("\nconcepts:")], "beads: []").encode(),
                 "in no bead"),
    "newer": (b"schema_version: 99\ntexts: {}\n", "unknown schema version"),
}


@pytest.mark.parametrize("name", BAD_PAIRS)
@pytest.mark.parametrize("command", [["show"], ["export", "--format", "tmx"], ["read"], ["notes"]])
def test_a_bad_pair_file(folder, command, name):
    data, fragment = BAD_PAIRS[name]
    bad = folder / "bad.yaml"
    if data is not None:
        bad.write_bytes(data)
    before = snapshot(folder)
    one_line(CliRunner().invoke(main, [*command, str(bad)]), "bad.yaml", fragment)
    assert snapshot(folder) == before


def test_a_pair_file_from_standard_input(folder):
    data = PAIR.read_bytes()
    for command in (["show", "-"], ["export", "-", "--format", "tsv"]):
        result = CliRunner().invoke(main, command, input=data)
        assert result.exit_code == 0 and "Getok tular" in result.output
    one_line(CliRunner().invoke(main, ["show", "-"], input=b"shopping: [milk]\n"), "<stdin>")


# ---------------------------------------------------------------- outputs

def fifo(folder: Path) -> Path:
    path = folder / "a-fifo"
    os.mkfifo(path)
    return path


OUTPUTS = {
    "an input": (lambda f: f / "good.en.txt", "is an input of this command"),
    "not ours": (lambda f: (f / "letter.txt", (f / "letter.txt").write_text("Dear Budi,\n"))[0], "is not an alignread"),
    "a folder": (lambda f: f, "is a folder"),
    "a device": (lambda f: Path("/dev/null"), "is a device"),
    "a fifo": (fifo, "is a FIFO"),
    "a link to a device": (lambda f: ((f / "out").symlink_to("/dev/null"), f / "out")[1], "is a device"),
    "no such folder": (lambda f: f / "nowhere" / "out", "does not exist"),
    "a file for a folder": (lambda f: f / "good.en.txt" / "out", "is a file, not a folder"),
}


@pytest.mark.parametrize("name", OUTPUTS)
@pytest.mark.parametrize("command", ["align", "import", "export", "notes"])
def test_a_bad_output(folder, command, name):
    make, fragment = OUTPUTS[name]
    out = make(folder)
    before = snapshot(folder)
    args = {
        "align": ["align", str(folder / "good.en.txt"), str(folder / "good.id.txt")],
        "import": ["import", str(CORPORA / "first-ten-readers.txt")],
        "export": ["export", str(folder / "pair.yaml"), "--format", "tmx"],
        "notes": ["notes", str(folder / "pair.yaml")],
    }[command]
    if command == "import" and name == "an input":
        out = CORPORA / "first-ten-readers.txt"
    if command in ("export", "notes") and name == "an input":
        out = folder / "pair.yaml"
    one_line(CliRunner().invoke(main, [*args, "-o", str(out)]), fragment)
    assert snapshot(folder) == before
    assert Path("/dev/null").is_char_device()  # never replaced by a regular file


@pytest.fixture
def aligned(folder) -> Path:
    """A batch's output folder of one document, for `alignread corpus`."""
    out = folder / "aligned"
    out.mkdir()
    shutil.copy(folder / "pair.yaml", out / "pair.yaml")
    return out


CORPUS_OUTPUTS = {
    "not ours": (lambda f: (f / "letter.en", (f / "letter.en").write_text("Dear Budi,\n"))[0].with_suffix(""),
                 "is not an alignread"),
    "a foreign tmx": (lambda f: (f / "mine.tmx", (f / "mine.tmx").write_text("<tmx version='1.4'/>\n"))[0],
                      "is not an alignread"),
    "a device": (lambda f: Path("/dev/null"), "is a device"),
    "a fifo": (fifo, "is a FIFO"),
    "a link to a device": (lambda f: ((f / "out").symlink_to("/dev/null"), f / "out")[1], "is a device"),
    "no such folder": (lambda f: f / "nowhere" / "out", "does not exist"),
}


@pytest.mark.parametrize("name", CORPUS_OUTPUTS)
@pytest.mark.parametrize("fmt", ["moses", "tmx", "jsonl", "tsv"])
def test_a_bad_corpus_output(folder, aligned, fmt, name):
    make, fragment = CORPUS_OUTPUTS[name]
    out = make(folder)
    if fmt == "moses" and name in ("a device", "a link to a device", "a fifo"):
        # moses writes OUT.en, OUT.id and OUT.ids: make OUT.en the bad one
        if name == "a fifo":
            os.rename(out, folder / "a-fifo.en")
        else:
            (folder / "out.en").symlink_to("/dev/null")
            if name == "a link to a device":
                (folder / "out").unlink()
        out = folder / ("a-fifo" if name == "a fifo" else "out")
    elif fmt != "moses" and name == "not ours":
        out = folder / "letter.en"
    elif fmt == "moses" and name == "a foreign tmx":
        out.rename(folder / "mine.id")  # the side a moses corpus `-o mine` would write
        out = folder / "mine"
    before = snapshot(folder)
    one_line(CliRunner().invoke(main, ["corpus", str(aligned), "--format", fmt, "-o", str(out)]), fragment)
    assert snapshot(folder) == before
    assert Path("/dev/null").is_char_device()  # never replaced by a regular file


@pytest.mark.parametrize("fmt", ["moses", "tmx", "jsonl", "tsv"])
def test_a_corpus_of_ours_is_written_again(folder, aligned, fmt):
    out = folder / ("corpus" if fmt == "moses" else f"corpus.{fmt}")
    for _ in range(2):
        result = CliRunner().invoke(main, ["corpus", str(aligned), "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.stderr


def test_a_link_to_a_corpus_of_ours_is_kept(folder, aligned):
    (folder / "corpus.tmx").symlink_to("real.tmx")
    for _ in range(2):
        result = CliRunner().invoke(main, ["corpus", str(aligned), "--format", "tmx", "-o", str(folder / "corpus.tmx")])
        assert result.exit_code == 0, result.stderr
        assert (folder / "corpus.tmx").is_symlink() and 'creationtool="alignread"' in (folder / "real.tmx").read_text()


def test_a_moses_side_beside_a_foreign_ids_is_refused(folder, aligned):
    CliRunner().invoke(main, ["corpus", str(aligned), "-o", str(folder / "corpus")])
    (folder / "corpus.ids").write_text("my notes\n", encoding="utf-8")
    before = snapshot(folder)
    one_line(CliRunner().invoke(main, ["corpus", str(aligned), "-o", str(folder / "corpus")]), "corpus.ids")
    assert snapshot(folder) == before


def test_export_over_its_own_input_is_refused_even_with_the_same_format(folder):
    before = snapshot(folder)
    one_line(CliRunner().invoke(main, ["export", str(folder / "pair.yaml"), "--format", "yaml", "-o",
                                       str(folder / "pair.yaml")]), "is an input")
    assert snapshot(folder) == before


def test_an_export_of_ours_is_written_again(folder):
    out = folder / "pair.tmx"
    for _ in range(2):
        result = CliRunner().invoke(main, ["export", str(folder / "pair.yaml"), "--format", "tmx", "-o", str(out)])
        assert result.exit_code == 0, result.stderr


def test_batch_into_a_file_or_over_a_foreign_export(folder):
    corpus = folder / "corpus"
    corpus.mkdir()
    for side in ("en", "id"):
        shutil.copy(folder / f"good.{side}.txt", corpus / f"good.{side}.txt")
    one_line(CliRunner().invoke(main, ["batch", str(corpus), "-o", str(folder / "good.en.txt")]), "is a file")
    out = folder / "out"
    out.mkdir()
    (out / "good.tmx").write_text("my own translation memory, not alignread's\n", encoding="utf-8")
    before = snapshot(out)
    result = CliRunner().invoke(main, ["batch", str(corpus), "-o", str(out), "--format", "tmx", "--jobs", "1"])
    assert result.exit_code == 1 and "good.tmx: exists and is not an alignread TMX export" in result.stderr
    assert (out / "good.tmx").read_text(encoding="utf-8") == "my own translation memory, not alignread's\n"
    assert before[str(out / "good.tmx")] == snapshot(out)[str(out / "good.tmx")]


def test_eval_save_into_a_file_or_over_a_foreign_beads_file(folder):
    gold = ROOT / "tests" / "data" / "gold"
    one_line(CliRunner().invoke(main, ["eval", str(gold), "--save", str(folder / "good.en.txt")]),
             "good.en.txt", "is a file")
    assert (folder / "good.en.txt").read_text(encoding="utf-8") == EN
    out = folder / "beads"
    out.mkdir()
    (out / "persuasion.beads").write_text("my reading list, not beads\n", encoding="utf-8")
    before = snapshot(out)
    one_line(CliRunner().invoke(main, ["eval", str(gold), "--save", str(out)]),
             "persuasion.beads", "exists and is not an alignread beads file")
    assert snapshot(out) == before  # refused before any document was aligned or written
    (out / "persuasion.beads").unlink()
    for _ in range(2):  # its own beads files are written again
        result = CliRunner().invoke(main, ["eval", str(gold), "--save", str(out)])
        assert result.exit_code == 0, result.stderr
    assert (out / "persuasion.beads").read_text(encoding="utf-8").startswith("[0]:[0]\n")


# ---------------------------------------------------------------- standard output


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "alignread", *args], capture_output=True, **kwargs)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="/dev/full is Linux's")
def test_a_full_disk_on_standard_output_is_one_line():
    align = ["align", str(CORPORA / "word-of-mouth.en.txt"), str(CORPORA / "word-of-mouth.id.txt"), "-q"]
    for args in (["show", str(PAIR)], ["export", str(PAIR), "--format", "tmx"], align, ["notes", str(PAIR)]):
        with open("/dev/full", "wb") as full:
            done = subprocess.run([sys.executable, "-m", "alignread", *args], stdout=full, stderr=subprocess.PIPE)
        err = done.stderr.decode()
        assert done.returncode == 1 and err.count("\n") == 1 and "No space left on device" in err, err


def test_a_closed_pipe_ends_quietly(tmp_path):
    from alignread.core.model import Bead, TextPair
    from alignread.store import pairfile
    from tests.texts import make_text

    # Longer than a pipe holds (64 KB), so the writer meets the closed pipe.
    en = make_text("en", [[f"Sentence number {k} of a long document." for k in range(3000)]])
    ind = make_text("id", [[f"Kalimat nomor {k} dari dokumen panjang." for k in range(3000)]])
    big = tmp_path / "big.yaml"
    pairfile.save(TextPair(en, ind, beads=tuple(Bead((k,), (k,)) for k in range(3000))), big)
    proc = subprocess.Popen([sys.executable, "-m", "alignread", "show", str(big)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    _, err = proc.communicate(timeout=30)
    # Quiet, as other Unix tools end there (Click's own handling exits 0; a write of ours
    # that meets the pipe first exits 141, as a tool killed by SIGPIPE would).
    assert proc.returncode in (0, 141) and err == b"", err


def test_a_closed_pipe_ends_align_quietly(tmp_path):
    # A pair whose YAML (about 500 KB) fills the pipe before the reader closes it.
    sentences = {"en": [f"Sentence number {k} of a long document." for k in range(1500)],
                 "id": [f"Kalimat nomor {k} dari dokumen panjang." for k in range(1500)]}
    for lang, lines in sentences.items():
        (tmp_path / f"long.{lang}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "alignread", "align", str(tmp_path / "long.en.txt"),
                             str(tmp_path / "long.id.txt"), "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stdout.readline()
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode in (0, 141) and err == b"", err


@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="/dev/stdout is Linux's")
def test_dev_stdout_as_a_pipe_is_refused_before_any_work(folder):
    # /dev/stdout is a link to /proc/PID/fd/1, itself a link to `pipe:[N]`, no file
    done = run("align", str(folder / "good.en.txt"), str(folder / "good.id.txt"), "-o", "/dev/stdout")
    err = done.stderr.decode()
    assert done.returncode == 2 and err.count("\n") == 1 and "is a FIFO" in err, err
    assert done.stdout == b""
