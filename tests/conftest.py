"""Shared fixtures: paths to the project's data and to ../shared when present."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from tests.paths import CORPORA, SEED

# No test asserts how fast an example runs (speed is measured by benchmarks/): Hypothesis's
# default 200 ms deadline per example made a property test fail on a busy machine.
settings.register_profile("alignread", deadline=None)
settings.load_profile("alignread")

# Where everything is installed (CI sets it: .ci/run installs Stanza, the embeddings and
# Chromium, and ../shared is beside the clone), a skipped test is a test that did not run:
# it fails instead, so nothing is counted as covered that was not.
NO_SKIPS = os.environ.get("ALIGNREAD_NO_SKIPS") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if NO_SKIPS and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.longrepr = f"skipped, and ALIGNREAD_NO_SKIPS=1 says nothing may be: {reason}"


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
