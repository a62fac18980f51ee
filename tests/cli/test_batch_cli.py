"""`alignread batch`, `alignread notes` and the new export formats, through Click's CliRunner."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from alignread.cli import BatchProgress, main
from alignread.core.model import Annotation
from alignread.store import pairfile
from alignread.workflows.batch import DocumentDone, DocumentReport, DocumentStarted, Finished, Started, Summary

ROOT = Path(__file__).resolve().parents[2]
CORPORA = ROOT / "corpora"
ESSAYS = ("persuasion", "word-of-mouth")


def first_paragraphs(name: str, lang: str, count: int = 3) -> str:
    text = (CORPORA / f"{name}.{lang}.txt").read_text(encoding="utf-8")
    return "\n\n".join(text.split("\n\n")[:count]) + "\n"


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    for name in ESSAYS:
        (folder / "en").mkdir(parents=True, exist_ok=True)
        (folder / "id").mkdir(parents=True, exist_ok=True)
        (folder / "en" / f"{name}.txt").write_text(first_paragraphs(name, "en"), encoding="utf-8")
        (folder / "id" / f"{name}.txt").write_text(first_paragraphs(name, "id"), encoding="utf-8")
    (folder / "concepts.yaml").write_text((CORPORA / "concepts.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_batch_writes_outputs_and_prints_the_summary(corpus, tmp_path):
    out = tmp_path / "out"
    result = run("batch", corpus, "-o", out, "--format", "tmx,tsv", "--format", "md", "--jobs", "1")
    assert result.exit_code == 0, result.output
    for name in ESSAYS:
        for ext in ("yaml", "tmx", "tsv", "md"):
            assert (out / f"{name}.{ext}").is_file()
    lines = result.stdout.splitlines()
    assert lines[0].split()[:5] == ["document", "status", "en", "id", "beads"]
    rows = {line.split()[0]: line.split() for line in lines if line.split() and line.split()[0] in ESSAYS}
    pair = pairfile.load(out / "persuasion.yaml")
    assert rows["persuasion"][1:5] == ["aligned", str(len(pair.en.sentences)), str(len(pair.ind.sentences)),
                                       str(len(pair.beads))]
    assert "2 documents: 2 aligned; " in result.stdout
    assert result.stderr == ""

    again = run("batch", corpus, "-o", out, "--format", "tmx,tsv,md")
    assert again.exit_code == 0
    assert "2 documents: 2 unchanged; " in again.stdout


def test_a_failing_document_gives_exit_status_1_and_its_reason(corpus, tmp_path):
    (corpus / "en" / "broken.txt").write_text("   \n", encoding="utf-8")
    (corpus / "id" / "broken.txt").write_text("Teks.\n", encoding="utf-8")
    result = run("batch", corpus, "-o", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 1
    assert f"alignread: failed: broken: {corpus / 'en' / 'broken.txt'}: the file is empty" in result.stderr
    assert "2 aligned, 1 failed" in result.stdout
    assert (tmp_path / "out" / "persuasion.yaml").is_file()


def test_quiet_prints_only_failures(corpus, tmp_path):
    (corpus / "en" / "broken.txt").write_text("", encoding="utf-8")
    (corpus / "id" / "broken.txt").write_text("", encoding="utf-8")
    result = run("batch", corpus, "-o", tmp_path / "out", "--quiet", "--jobs", "1")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("alignread: failed: broken:")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "docx"], "unknown format 'docx'"),
        (["--jobs", "0"], "0 is not in the range"),
    ],
)
def test_bad_options_are_usage_errors(corpus, tmp_path, args, message):
    result = run("batch", corpus, "-o", tmp_path / "out", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_corpus_that_is_not_there(tmp_path):
    result = run("batch", tmp_path / "nope", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "no such folder" in result.stderr


def test_notes_across_a_corpus(corpus, tmp_path):
    out = tmp_path / "out"
    assert run("batch", corpus, "-o", out, "--jobs", "1").exit_code == 0
    for name, concept, note in (("persuasion", "trust", "Trust first.\nThen arguments."),
                                ("word-of-mouth", "trust", "Friends vouch.")):
        path = out / f"{name}.yaml"
        pair = pairfile.load(path)
        bead = pair.beads[2]
        ann = Annotation(f"{name}-1", en=bead.en, ind=bead.ind, concepts=(concept,), note=note,
                         quote_en=pair.bead_text(bead, "en"), quote_ind=pair.bead_text(bead, "id"))
        pairfile.save(replace(pair, annotations=(ann,)), path)
    result = run("notes", out, "--concept", "kepercayaan")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# Study notes\n")
    assert text.count("## trust · kepercayaan") == 1
    # document by document, in the corpus order the batch recorded
    assert text.index("### persuasion") < text.index("### word-of-mouth")
    assert "Trust first.\\\nThen arguments." in text and "Friends vouch." in text
    pair = pairfile.load(out / "persuasion.yaml")
    assert f"> **id** {pair.bead_text(pair.beads[2], 'id')}" in text

    notes_file = tmp_path / "notes.md"
    assert run("notes", out, "-o", notes_file).exit_code == 0
    assert notes_file.read_text(encoding="utf-8").count("### ") == 2

    bad = run("notes", out, "--concept", "nonsense")
    assert bad.exit_code == 2 and "no such concept" in bad.stderr
    empty = run("notes", corpus)
    assert empty.exit_code == 2 and "holds no annotated YAML files" in empty.stderr


def test_export_tmx_and_markdown(corpus, tmp_path):
    out = tmp_path / "out"
    assert run("batch", corpus, "-o", out, "--jobs", "1").exit_code == 0
    yaml_path = out / "persuasion.yaml"
    result = run("export", yaml_path, "--format", "tmx")
    assert result.exit_code == 0
    root = ET.fromstring(result.stdout.encode("utf-8"))
    pair = pairfile.load(yaml_path)
    assert len(root.findall("body/tu")) == sum(1 for b in pair.beads if b.en and b.ind)
    md = run("export", yaml_path, "--format", "md", "-o", tmp_path / "p.md")
    assert md.exit_code == 0 and (tmp_path / "p.md").read_text(encoding="utf-8").startswith("# Study notes")


@pytest.mark.parametrize("command", ["batch", "notes", "export", "align", "show", "eval"])
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout


def test_the_progress_display_shows_documents_and_failures():
    from rich.console import Console

    buffer = io.StringIO()
    display = BatchProgress(enabled=True, console=Console(file=buffer, force_terminal=True, width=100))
    bad = DocumentReport("broken", "failed", "broken.en.txt: the file is empty")
    good = DocumentReport("fine", "aligned", beads=(("1-1", 3),))
    for event in (Started(2, 2, 1), DocumentStarted("fine"), DocumentDone(good, 1, 2), DocumentStarted("broken"),
                  DocumentDone(bad, 2, 2), Finished(Summary((good, bad), 1.0, 1))):
        display.handle(event)
    assert "failed broken: broken.en.txt: the file is empty" in buffer.getvalue()
    assert display.progress is None and not display.under_way


def test_batch_keeps_confirmed_beads_when_an_input_changes(corpus, tmp_path):
    from alignread.core import correct

    out = tmp_path / "out"
    assert run("batch", corpus, "-o", out, "--jobs", "1").exit_code == 0
    path = out / "persuasion.yaml"
    edited = correct.merge_beads(pairfile.load(path), 1)
    pairfile.save(edited, path)
    en = corpus / "en" / "persuasion.txt"
    en.write_text(en.read_text(encoding="utf-8") + "\nA closing line written later.\n", encoding="utf-8")
    result = run("batch", corpus, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    again = pairfile.load(path)
    assert again.beads[1] == edited.beads[1] and again.beads[1].status == "confirmed"
    assert len(again.en.sentences) == len(edited.en.sentences) + 1


HOLD_LOCK = (
    "import sys, time; from pathlib import Path; from alignread.workflows.batch.lock import OutputLock\n"
    "lock = OutputLock(Path(sys.argv[1])); lock.acquire(); print('held', flush=True); time.sleep(30)\n"
)


def test_a_second_batch_on_the_same_outputs_is_refused_while_the_first_runs(corpus, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    # Another process holds the lock, as a running batch does.
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        result = run("batch", corpus, "-o", out, "--jobs", "1")
        assert result.exit_code == 2
        assert f"another alignread batch (process {holder.pid}) is writing here" in result.stderr
        assert not (out / "persuasion.yaml").exists()
    finally:
        holder.kill()
        holder.wait()
    # Killed, its lock went with it: no stale lock to take over by hand.
    result = run("batch", corpus, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert (out / "persuasion.yaml").is_file()
    assert not (out / ".alignread-batch.lock").exists()


def test_a_lock_file_naming_a_live_process_that_holds_no_lock_does_not_block(corpus, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".alignread-batch.lock").write_text(f"{os.getppid()}\n", encoding="utf-8")  # some other program
    (out / ".alignread-batch.lock").with_name(".persuasion.yaml.abcd1234.999999999.tmp").write_text("half a file")
    result = run("batch", corpus, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert not list(out.glob(".*.tmp")), "a temporary file of a run that died is removed by the next run"


RACE = (
    "import os, sys, time; from pathlib import Path\n"
    "from alignread.core.errors import AlignreadError\n"
    "from alignread.workflows.batch.lock import OutputLock\n"
    "out = Path(sys.argv[1]); time.sleep(max(0.0, float(sys.argv[2]) - time.time()))\n"
    "lock = OutputLock(out)\n"
    "try:\n"
    "    lock.acquire()\n"
    "except AlignreadError:\n"
    "    print('refused'); sys.exit()\n"
    "inside = out / 'inside'\n"
    "try:\n"
    "    fd = os.open(inside, os.O_CREAT | os.O_EXCL)\n"
    "except FileExistsError:\n"
    "    print('OVERLAP'); sys.exit()\n"
    "time.sleep(0.02); os.close(fd); os.unlink(inside); lock.release(); print('ran')\n"
)


def test_runs_started_at_the_same_moment_never_hold_the_lock_together(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    outcomes: list[str] = []
    for _ in range(3):
        start = time.time() + 1.5  # every process waits for the same moment
        procs = [subprocess.Popen([sys.executable, "-c", RACE, str(out), str(start)], stdout=subprocess.PIPE, text=True)
                 for _ in range(12)]
        outcomes += [p.communicate()[0].strip() for p in procs]
    assert "OVERLAP" not in outcomes and set(outcomes) <= {"ran", "refused"}
    assert outcomes.count("ran") >= 3  # each round, someone ran


def test_export_html_and_batch_html(corpus, tmp_path):
    out = tmp_path / "out"
    assert run("batch", corpus, "-o", out, "--format", "html", "--jobs", "1").exit_code == 0
    assert (out / "index.html").is_file() and (out / "persuasion.html").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    pages = sorted(p.name for p in out.glob("*.html") if p.name != "index.html")
    assert len(pages) == len(list(out.glob("*.yaml"))) > 1
    assert all(f'href="{name}"' in index for name in pages)  # the index links every page
    result = run("export", out / "persuasion.yaml", "--format", "html", "-o", tmp_path / "p.html")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html == (out / "persuasion.html").read_text(encoding="utf-8")
