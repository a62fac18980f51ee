"""The reader's edit session without a terminal: undo, redo, saves in any order, conflicts."""

from __future__ import annotations

import shutil

import pytest

from alignread.core import annotate
from alignread.store import pairfile
from alignread.store.document_file import DocumentFile, unsaved_copies
from alignread.workflows.session import NOTHING, EditSession
from tests.paths import ROOT

DATA = ROOT / "tests" / "data" / "word-of-mouth.yaml"
NOW = "2025-01-01T09:00:00Z"


@pytest.fixture
def session(tmp_path) -> EditSession:
    path = tmp_path / "doc.yaml"
    shutil.copy(DATA, path)
    document, pair = DocumentFile.open(path)
    return EditSession(document, pair)


def noted(session: EditSession, note: str, bead: int = 0):
    return annotate.set_bead_note(session.pair, bead, note, at=NOW)


def on_disk(session: EditSession):
    return pairfile.load(session.path)


def test_a_change_is_unsaved_until_written(session):
    assert session.state == "saved" and not session.unsaved
    assert session.apply(noted(session, "first"))
    assert not session.apply(session.pair)  # the same value is no change
    pair, version = session.next_save()
    assert session.unsaved and session.state == "saving…"
    outcome = session.write(pair, version)
    assert outcome.ok and session.record(outcome) == NOTHING
    assert not session.unsaved and on_disk(session).annotations[0].note == "first"


def test_undo_and_redo_walk_the_history_and_each_is_saved(session):
    original = session.pair
    session.apply(noted(session, "one"))
    session.save()
    session.apply(noted(session, "two"))
    session.save()
    assert session.undo() and session.pair.annotations[0].note == "one"
    session.save()
    assert on_disk(session).annotations[0].note == "one"
    assert session.undo() and session.pair is original
    assert not session.undo()
    session.save()
    assert on_disk(session).annotations == ()
    assert session.redo() and session.redo() and not session.redo()
    session.save()
    assert on_disk(session).annotations[0].note == "two"


def test_a_save_that_lands_late_never_overwrites_a_newer_one(session):
    session.apply(noted(session, "older"))
    old_pair, old_version = session.next_save()
    session.apply(noted(session, "newer"))
    new_pair, new_version = session.next_save()
    assert session.write(new_pair, new_version).ok
    late = session.write(old_pair, old_version)  # a worker that was slower
    assert late.ok and on_disk(session).annotations[0].note == "newer"
    session.record(late)
    assert not session.unsaved


def test_an_outside_change_elsewhere_is_merged_and_both_are_on_disk(session):
    pairfile.save(annotate.set_bead_note(session.pair, 3, "theirs", at=NOW), session.path)
    session.apply(noted(session, "mine"))
    outcome = session.save()
    assert outcome.ok and outcome.merged is not None and session.merges == 1
    assert {a.note for a in on_disk(session).annotations} == {"theirs", "mine"}
    assert session.pair == on_disk(session) and not session.unsaved
    # Undoing from the merged value would write the older one over theirs: not without asking.
    assert session.undo_crosses_a_change_on_disk and not session.undo()
    assert session.undo(cross=True) and session.pair.annotations[0].note == "mine"


def test_an_outside_change_to_the_same_bead_is_a_conflict_and_the_work_stays_in_memory(session):
    theirs = annotate.set_bead_note(session.pair, 0, "theirs", at=NOW)
    pairfile.save(theirs, session.path)
    session.apply(noted(session, "mine"))
    outcome = session.save()
    assert not outcome.ok and outcome.conflict
    assert session.problem and session.state == "not saved" and session.unsaved
    assert on_disk(session).annotations[0].note == "theirs"  # theirs is untouched
    assert session.pair.annotations[0].note == "mine"
    # Told twice of the same problem, the caller need not ask the reader again.
    assert session.record(outcome) == NOTHING


def test_reload_takes_theirs_and_keeps_mine_in_the_undo_history(session):
    pairfile.save(annotate.set_bead_note(session.pair, 0, "theirs", at=NOW), session.path)
    session.apply(noted(session, "mine"))
    assert not session.save().ok
    fresh = session.reload()
    assert session.pair is fresh and not session.problem and not session.unsaved
    assert not session.undo()  # back past the reload: only when asked to cross it
    assert session.undo(cross=True) and session.pair.annotations[0].note == "mine"


def test_overwrite_and_save_as_resolve_a_conflict(session, tmp_path):
    pairfile.save(annotate.set_bead_note(session.pair, 0, "theirs", at=NOW), session.path)
    session.apply(noted(session, "mine"))
    assert not session.save().ok
    elsewhere = tmp_path / "mine.yaml"
    session.move_to(elsewhere)
    assert session.save(force=True).ok
    assert pairfile.load(elsewhere).annotations[0].note == "mine" and not session.problem
    session.apply(noted(session, "mine, again"))
    assert session.save().ok and pairfile.load(elsewhere).annotations[0].note == "mine, again"


def test_a_file_that_cannot_be_written_is_a_problem_not_a_conflict(session, tmp_path):
    session.move_to(tmp_path / "no-such-folder" / "doc.yaml")
    session.apply(noted(session, "mine"))
    outcome = session.save()
    assert not outcome.ok and not outcome.conflict and "does not exist" in outcome.problem
    assert session.record(session.write(*session.next_save())) == NOTHING  # the same problem again


def conflicted(session: EditSession, mine: str = "mine"):
    """The session holds a change the file cannot take: it was changed on disk at the same bead."""
    theirs = annotate.set_bead_note(on_disk(session), 0, "theirs", at=NOW)
    pairfile.save(theirs, session.path)
    session.apply(noted(session, mine))
    assert not session.save().ok and session.conflict and session.unsaved
    return theirs


def test_at_exit_work_on_disk_leaves_nothing_beside_the_file(session):
    session.apply(noted(session, "saved"))
    session.save()
    assert session.keep_at_exit() is None
    assert sorted(p.name for p in session.path.parent.iterdir()) == ["doc.yaml"]


def test_at_exit_a_save_in_flight_is_written_to_the_file(session):
    session.apply(noted(session, "in flight"))
    session.next_save()  # handed to a worker that will never report back
    assert session.unsaved and not session.problem
    assert session.keep_at_exit() is None
    assert on_disk(session).annotations[0].note == "in flight"
    assert sorted(p.name for p in session.path.parent.iterdir()) == ["doc.yaml"]


def test_at_exit_a_conflict_is_kept_whole_beside_the_file_never_over_it(session):
    theirs = conflicted(session)
    kept = session.keep_at_exit()
    assert kept == session.path.with_name("doc.unsaved.yaml")
    assert pairfile.load(kept).annotations[0].note == "mine"
    assert on_disk(session) == theirs  # their change is not overwritten
    # A second reader closing the same way takes the next name; both are found.
    other = EditSession(*DocumentFile.open(session.path))
    other.apply(annotate.set_bead_note(other.pair, 0, "mine too", at=NOW))
    pairfile.save(annotate.set_bead_note(other.pair, 0, "theirs again", at=NOW), other.path)
    assert not other.save().ok
    assert other.keep_at_exit() == session.path.with_name("doc.unsaved-2.yaml")
    assert unsaved_copies(session.path) == [kept, session.path.with_name("doc.unsaved-2.yaml")]
    assert pairfile.load(kept).annotations[0].note == "mine"
