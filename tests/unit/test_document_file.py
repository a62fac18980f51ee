"""The working file: atomic saves, outside changes detected, newest version last."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from alignread.core import annotate
from alignread.core.model import Concept
from alignread.store import pairfile
from alignread.store.document_file import ChangedOnDisk, DocumentFile, concepts_near, default_pair_path

DATA = Path(__file__).parent.parent / "data"
ROOT = Path(__file__).parent.parent.parent
T0 = "2025-01-01T00:00:00Z"


@pytest.fixture
def working(tmp_path):
    path = tmp_path / "wom.yaml"
    shutil.copy(DATA / "word-of-mouth.yaml", path)
    return path


def tagged(pair, bead=0):
    pair = annotate.add_concept(pair, Concept("trust", "trust", "kepercayaan"))
    return annotate.tag_bead(pair, bead, ["trust"], at=T0)


def test_dumps_equals_pairfile_dumps_and_reuses_stable_sections(working):
    doc, pair = DocumentFile.open(working)
    assert doc.dumps(pair) == pairfile.dumps(pair) == working.read_text(encoding="utf-8")
    one = tagged(pair)
    two = annotate.set_bead_note(one, 1, "a note\nover two lines", at=T0)
    assert doc.dumps(one) == pairfile.dumps(one)
    assert doc.dumps(two) == pairfile.dumps(two)


def test_save_then_reload_round_trips(working):
    doc, pair = DocumentFile.open(working)
    new = tagged(pair)
    assert doc.save(new, version=1)
    assert pairfile.load(working) == new
    assert not doc.changed_on_disk()
    assert not doc.save(new, version=1)  # already saved
    assert not list(working.parent.glob(".*.tmp"))


def test_outside_change_is_detected_and_not_overwritten(working):
    doc, pair = DocumentFile.open(working)
    outside = tagged(pair, bead=5)
    pairfile.save(outside, working)
    os.utime(working, ns=(1, 1))  # make sure the mtime differs even on coarse clocks
    assert doc.changed_on_disk()
    with pytest.raises(ChangedOnDisk, match="changed on disk"):
        doc.save(tagged(pair, bead=2), version=1)
    assert pairfile.load(working) == outside
    doc.save(tagged(pair, bead=2), version=1, force=True)
    assert pairfile.load(working).annotations[0].en == pair.beads[2].en


def test_touch_without_change_is_not_a_conflict(working):
    doc, pair = DocumentFile.open(working)
    os.utime(working, ns=(10**9, 10**9))
    assert not doc.changed_on_disk()
    assert doc.save(tagged(pair), version=1)


def test_deleted_file_and_new_file(working, tmp_path):
    doc, pair = DocumentFile.open(working)
    working.unlink()
    assert doc.changed_on_disk()
    fresh = DocumentFile(tmp_path / "new.yaml")
    assert fresh.save(pair, version=0)
    other = DocumentFile(working.parent / "new.yaml")
    with pytest.raises(ChangedOnDisk):  # a file appeared where a new one was to be written
        other.save(pair, version=0)


def test_concurrent_saves_leave_the_newest_version(working):
    doc, pair = DocumentFile.open(working)
    versions = [annotate.set_bead_note(pair, 0, f"note {k}", at=T0) for k in range(8)]
    threads = [threading.Thread(target=doc.save, args=(v, k + 1)) for k, v in enumerate(versions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Whatever order the threads ran in, an older version never lands after a newer one.
    assert doc.saved_version == 8
    assert pairfile.load(working).annotations[0].note == "note 7"


def test_move_to_and_default_path(working, tmp_path):
    doc, pair = DocumentFile.open(working)
    doc.move_to(tmp_path / "copy.yaml")
    assert doc.save(tagged(pair), version=1)
    assert pairfile.load(tmp_path / "copy.yaml").annotations
    assert default_pair_path("corpora/word-of-mouth.en.txt") == Path("corpora/word-of-mouth.yaml")
    assert default_pair_path("a/old.txt") == Path("a/old.yaml")
    assert default_pair_path("a/x.en.txt", "essay") == Path("a/essay.yaml")


def test_concepts_near_finds_the_corpus_file(working):
    path, concepts = concepts_near(ROOT / "corpora" / "word-of-mouth.yaml")
    assert path == ROOT / "corpora" / "concepts.yaml" and "trust" in {c.id for c in concepts}
    assert concepts_near(working) == (None, ())
