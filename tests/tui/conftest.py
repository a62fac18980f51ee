"""Fixtures of the reader tests: a working copy of a corpus essay, and an annotated one."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from reader_helpers import CONCEPTS, DATA, NOW

from alignread.core import annotate
from alignread.store import pairfile
from alignread.store.corpus import load_concepts


@pytest.fixture
def anyio_backend() -> str:
    """The Pilot runs on asyncio (async tests use anyio's pytest plugin)."""
    return "asyncio"


@pytest.fixture
def working(tmp_path) -> Path:
    """A copy of the aligned word-of-mouth essay, to edit."""
    path = tmp_path / "word-of-mouth.yaml"
    shutil.copy(DATA / "word-of-mouth.yaml", path)
    return path


@pytest.fixture
def annotated(tmp_path) -> Path:
    """The essay with tags, a phrase, notes and one low-confidence bead, as a reader leaves it."""
    pair = pairfile.load(DATA / "word-of-mouth.yaml")
    library = {c.id: c for c in load_concepts(CONCEPTS)}
    for cid in ("word-of-mouth", "trust", "story-that-spreads"):
        pair = annotate.add_concept(pair, library[cid])
    pair = annotate.tag_bead(pair, 6, ["word-of-mouth", "trust"], at=NOW)
    pair = annotate.set_bead_note(pair, 6, "Trust is *borrowed*, not built:\n\n- a cousin\n- a friend", at=NOW)
    start = pair.ind.text.index("Getok tular berhasil")
    pair = annotate.tag_phrase(pair, "id", start, start + len("Getok tular"), ["word-of-mouth"], at=NOW)
    start = pair.en.text.index("A story that spreads")
    pair = annotate.tag_phrase(pair, "en", start, start + len("A story that spreads"), ["story-that-spreads"], at=NOW)
    pair = annotate.tag_bead(pair, 10, ["trust"], at=NOW)
    # The aligner is sure of every bead of this essay; make one doubtful to show the mark.
    pair = replace(pair, beads=tuple(replace(b, score=0.31) if k == 4 else b for k, b in enumerate(pair.beads)))
    path = tmp_path / "word-of-mouth.yaml"
    pairfile.save(pair, path)
    return path
