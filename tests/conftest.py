"""Shared fixtures: paths to the project's data and to ../shared when present."""

from __future__ import annotations

import pytest

from tests.paths import CORPORA, SEED


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.is_file():
        pytest.skip(f"the seed essay is not present at {SEED}")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def aligned_essay():
    """The corpus essay word-of-mouth, segmented and aligned once per session."""
    from alignread.workflows.build import build_pair

    en = (CORPORA / "word-of-mouth.en.txt").read_text(encoding="utf-8")
    ind = (CORPORA / "word-of-mouth.id.txt").read_text(encoding="utf-8")
    return build_pair(en, ind, en_file="corpora/word-of-mouth.en.txt", ind_file="corpora/word-of-mouth.id.txt")
