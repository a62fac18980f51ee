"""No lost update: a reader's tag survives a batch run realigning the same file, whichever
writes first, and two writers never both write over the same version."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from alignread.core import annotate
from alignread.core.model import Concept
from alignread.store import pairfile
from alignread.store.atomic import ChangedOnDisk, atomic_write_text, read_fingerprinted
from alignread.store.document_file import DocumentFile
from alignread.workflows.batch import document as batch_document
from alignread.workflows.batch import run_to_end
from alignread.workflows.session import EditSession
from tests.paths import CORPORA

NOW = "2025-01-01T09:00:00Z"
TRUST = Concept("trust", "trust", "kepercayaan")


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for side in ("en", "id"):
        shutil.copy(CORPORA / f"word-of-mouth.{side}.txt", folder)
    return folder


def reader_on(path: Path) -> EditSession:
    document, pair = DocumentFile.open(path)
    return EditSession(document, pair)


def tag(session: EditSession, bead: int) -> None:
    pair = annotate.add_concept(session.pair, TRUST) if session.pair.concept("trust") is None else session.pair
    session.apply(annotate.tag_bead(pair, bead, ["trust"], at=NOW))
    outcome = session.save()
    assert outcome.ok, outcome.problem


def tagged(path: Path) -> list[str]:
    pair = pairfile.load(path)
    return [pair.bead_text(pair.beads[pair.bead_of("en", a.en[0])], "en") for a in pair.annotations if a.en]


def edit_input(corpus: Path) -> None:
    en = corpus / "word-of-mouth.en.txt"
    en.write_text("A line added at the top.\n\n" + en.read_text(encoding="utf-8"), encoding="utf-8")
    ind = corpus / "word-of-mouth.id.txt"
    ind.write_text("Sebaris yang ditambahkan di atas.\n\n" + ind.read_text(encoding="utf-8"), encoding="utf-8")


def test_a_tag_saved_while_batch_realigns_the_file_is_on_disk_afterwards(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    run_to_end(corpus, out, jobs=1)
    path = out / "word-of-mouth.yaml"
    reader = reader_on(path)
    quote = reader.pair.bead_text(reader.pair.beads[6], "en")
    edit_input(corpus)
    real_build = batch_document._build

    def build_while_the_reader_tags(task):
        # The batch has read the file; the reader saves a tag before the batch writes.
        tag(reader, 6)
        return real_build(task)

    monkeypatch.setattr(batch_document, "_build", build_while_the_reader_tags)
    summary = run_to_end(corpus, out, jobs=1)
    assert [r.status for r in summary.reports] == ["aligned"]
    assert tagged(path) == [quote]  # the tag is there, on the realigned text
    assert pairfile.load(path).en.sentences[0].text == "A line added at the top."
    # The reader's next save finds the realigned file and merges; nothing is lost.
    assert reader.changed_on_disk()
    tag(reader, 10)
    assert len(tagged(path)) == 2 and quote in tagged(path)
    assert pairfile.load(path).en.sentences[0].text == "A line added at the top."


def test_a_tag_saved_after_batch_realigned_the_file_is_merged_into_it(corpus, tmp_path):
    out = tmp_path / "out"
    run_to_end(corpus, out, jobs=1)
    path = out / "word-of-mouth.yaml"
    reader = reader_on(path)
    quote = reader.pair.bead_text(reader.pair.beads[6], "en")
    edit_input(corpus)
    run_to_end(corpus, out, jobs=1)  # the batch writes first
    tag(reader, 6)  # the reader still shows the old alignment: its save merges
    assert reader.merges == 1 and not reader.unsaved
    assert tagged(path) == [quote]
    realigned = pairfile.load(path)
    assert realigned.en.sentences[0].text == "A line added at the top." and reader.pair == realigned
    # Undoing past the merge would put the old alignment back over the new: it asks.
    assert reader.undo_crosses_a_change_on_disk and not reader.undo()


def test_two_writers_of_one_version_cannot_both_write(tmp_path):
    path = tmp_path / "doc.yaml"
    path.write_text("schema_version: 1\n", encoding="utf-8")
    _, read = read_fingerprinted(path)
    atomic_write_text(path, "first\n", expect=read)
    with pytest.raises(ChangedOnDisk):
        atomic_write_text(path, "second\n", expect=read)
    assert path.read_text(encoding="utf-8") == "first\n"
    with pytest.raises(ChangedOnDisk):
        atomic_write_text(path, "new\n", expect=None)  # "no file yet", but there is one
    fresh = tmp_path / "new.yaml"
    assert atomic_write_text(fresh, "made\n", expect=None) is not None
    assert fresh.read_text(encoding="utf-8") == "made\n"
    assert not list(tmp_path.glob(".*.tmp"))  # refused writes leave no temporary file


def test_align_over_a_file_a_reader_changed_meanwhile_keeps_the_reader_s_tag(tmp_path):
    from alignread.workflows.build import build_pair
    from alignread.workflows.realign import read_output, write_over

    en = (CORPORA / "word-of-mouth.en.txt").read_text(encoding="utf-8")
    ind = (CORPORA / "word-of-mouth.id.txt").read_text(encoding="utf-8")
    path = tmp_path / "wom.yaml"
    pair = build_pair(en, ind)
    pairfile.save(pair, path)
    known = read_output(path)  # `align` read the file ...
    reader = reader_on(path)
    tag(reader, 3)  # ... a reader saved a tag ...
    result = write_over(path, build_pair("New first line.\n\n" + en, "Baris pertama baru.\n\n" + ind), known=known)
    assert [o.outcome for o in result.outcomes] == ["moved"]  # ... and `align` carried it over
    assert len(tagged(path)) == 1
