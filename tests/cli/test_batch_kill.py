"""A batch run killed (SIGKILL, no chance to clean up) at several points: every output left
behind loads, the next run completes with outputs identical to a run never interrupted,
and no temporary file of ours is left."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from alignread.store import pairfile
from tests.texts import ESSAYS, rotated_corpus

# Sentences given one a line (`--nlp lines`) start in a fraction of a second, so the
# kills land while documents are being aligned and written, not while spaCy loads.
COPIES = 5


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return rotated_corpus(tmp_path_factory.mktemp("kill") / "corpus", COPIES)


def batch(corpus: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "alignread", "batch", str(corpus), "-o", str(out), "--nlp", "lines",
         "--format", "tmx,md", "--jobs", "2", "--quiet"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )


def outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".")}


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("kill") / "reference"
    proc = batch(corpus, out)
    assert proc.wait(timeout=120) == 0, proc.stderr.read() if proc.stderr else ""
    found = outputs(out)
    assert len([n for n in found if n.endswith(".yaml")]) == COPIES * len(ESSAYS)
    return found


def written_so_far(out: Path) -> int:
    return len(list(out.glob("*.yaml"))) if out.exists() else 0


@pytest.mark.parametrize("after", [0, 5, 14])
def test_a_killed_batch_leaves_whole_files_and_the_rerun_matches_an_uninterrupted_run(corpus, reference, tmp_path,
                                                                                      after):
    """Killed once `after` documents are written (0: before any), while others are under way."""
    out = tmp_path / "out"
    proc = batch(corpus, out)
    deadline = time.monotonic() + 60
    while written_so_far(out) < after and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers, at once
    proc.wait(timeout=30)
    assert written_so_far(out) < COPIES * len(ESSAYS), "killed after the run was over: nothing was tested"
    written = list(out.glob("*.yaml")) if out.exists() else []
    for path in written:
        pairfile.load(path)  # whole, or not there at all
    rerun = batch(corpus, out)
    assert rerun.wait(timeout=120) == 0, rerun.stderr.read() if rerun.stderr else ""
    assert outputs(out) == reference
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")], "temporary files left behind"
    assert not (out / ".alignread-batch.lock").exists()
    shutil.rmtree(out)
