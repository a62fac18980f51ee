"""Batch on a Dask cluster (`--cluster`): a LocalCluster of two worker processes, shared by
the module, gives the same outputs as local workers; a worker killed mid-run, a document
that kills every worker it is given, a bad document and an interrupted client all end
with every document aligned (or reported) once, and the run resumable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import dask
import distributed
import pytest
from click.testing import CliRunner

from alignread.cli import main
from alignread.nlp import NlpSpec
from alignread.store import pairfile
from alignread.workflows.batch import BatchOptions, DocumentDone, Finished, run_batch, run_to_end
from alignread.workflows.batch import cluster as batch_cluster
from tests.texts import ESSAYS, rotated_corpus

COPIES = 4
# Sentences one a line: no spaCy to load in each worker (and in each one restarted).
OPTIONS = BatchOptions(nlp=NlpSpec("lines"), formats=("yaml", "tmx", "md"))


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes, a thread each; a task whose workers die twice is given up.

    One task at a time per worker (`worker-saturation` 1.0), so that a worker killed by a
    document takes no other document down with it and the test knows which fail."""
    warnings.filterwarnings("ignore", message="Port 8787 is already in use", category=UserWarning)
    with (dask.config.set({"distributed.scheduler.worker-saturation": 1.0}),
          distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                   silence_logs=40, scheduler_kwargs={"allowed_failures": 1}) as local,
          distributed.Client(local, set_as_default=False) as client):
        yield local.scheduler_address, client


@pytest.fixture(autouse=True)
def both_workers(cluster):
    """Each test starts with both workers up (a test may have killed one)."""
    cluster[1].wait_for_workers(2, timeout=60)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return rotated_corpus(tmp_path_factory.mktemp("cluster") / "corpus", COPIES)


def outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".")}


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> dict[str, bytes]:
    """The outputs of local worker processes (`--jobs 2`)."""
    out = tmp_path_factory.mktemp("cluster") / "reference"
    summary = run_to_end(corpus, out, OPTIONS, jobs=2)
    assert summary.count("aligned") == COPIES * len(ESSAYS)
    return outputs(out)


@pytest.fixture
def writes(monkeypatch) -> dict[str, int]:
    """How many times the client wrote each document's outputs."""
    counts: dict[str, int] = {}
    real = batch_cluster.write_outcome

    def counting(outdir, outcome, expect):
        counts[outcome.report.name] = counts.get(outcome.report.name, 0) + 1
        return real(outdir, outcome, expect)

    monkeypatch.setattr(batch_cluster, "write_outcome", counting)
    return counts


def test_the_cluster_writes_what_local_workers_write(cluster, corpus, reference, tmp_path, writes):
    out = tmp_path / "out"
    summary = run_to_end(corpus, out, OPTIONS, cluster=cluster[0])
    assert summary.count("aligned") == COPIES * len(ESSAYS)
    assert outputs(out) == reference
    assert set(writes.values()) == {1}
    assert summary.where == f"on the cluster at {cluster[0]}" and summary.jobs == 2
    again = run_to_end(corpus, out, OPTIONS, cluster=cluster[0])
    assert again.count("unchanged") == COPIES * len(ESSAYS), "resumed from the record, nothing sent"


class Slows(distributed.WorkerPlugin):
    """On every worker (those restarted too): each document takes at least `seconds`, so
    that a worker seen busy is still busy when it is killed."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def setup(self, worker) -> None:
        from alignread.workflows.batch import job

        real = job.build_from_texts
        seconds = self.seconds

        def build_from_texts(doc, *args, **kwargs):
            time.sleep(seconds)
            return real(doc, *args, **kwargs)

        job.build_from_texts = build_from_texts


def test_a_worker_killed_mid_run_loses_no_document_and_writes_none_twice(cluster, corpus, reference, tmp_path,
                                                                        writes):
    address, client = cluster
    pids = client.run(os.getpid)
    out = tmp_path / "out"
    killed: list[str] = []
    done = threading.Event()

    def kill_a_busy_worker() -> None:
        # Once a document is written, kill a worker that is aligning one at that moment.
        while not done.is_set() and not killed:
            busy = [w for w, keys in client.processing().items() if keys] if written_so_far(out) else []
            if busy:
                os.kill(pids[busy[0]], signal.SIGKILL)
                killed.append(busy[0])
            time.sleep(0.005)

    client.register_plugin(Slows(0.05), name="slows")
    killer = threading.Thread(target=kill_a_busy_worker)
    killer.start()
    try:
        events = list(run_batch(corpus, out, OPTIONS, cluster=address))
    finally:
        done.set()
        killer.join()
        client.unregister_worker_plugin("slows")
    assert killed, "no worker was killed while busy: nothing was tested"
    reports = [e.report for e in events if isinstance(e, DocumentDone)]
    assert sorted(r.name for r in reports) == sorted(f"{n}-{k}" for n in ESSAYS for k in range(COPIES))
    assert {r.status for r in reports} == {"aligned"}
    assert writes == {r.name: 1 for r in reports}, "every document written exactly once"
    assert outputs(out) == reference
    assert isinstance(events[-1], Finished)


def written_so_far(out: Path) -> int:
    return len(list(out.glob("*.yaml"))) if out.exists() else 0


class KillsItsWorker(distributed.WorkerPlugin):
    """On every worker (those restarted too): aligning document `name` kills the process."""

    def __init__(self, name: str) -> None:
        self.name = name

    def setup(self, worker) -> None:
        from alignread.workflows.batch import job

        real = job.build_from_texts
        name = self.name

        def build_from_texts(doc, *args, **kwargs):
            if doc.name == name:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(doc, *args, **kwargs)

        job.build_from_texts = build_from_texts


def test_bad_documents_are_reported_and_the_others_aligned(cluster, corpus, tmp_path, writes):
    address, client = cluster
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ESSAYS[:2]:
        for side in ("en", "id"):
            (folder / f"{name}.{side}.txt").write_bytes((corpus / f"{name}-0.{side}.txt").read_bytes())
    (folder / "empty.en.txt").write_text("\n", encoding="utf-8")
    (folder / "empty.id.txt").write_text("Ada teks.\n", encoding="utf-8")
    (folder / "swapped.en.txt").write_bytes((corpus / "persuasion-1.id.txt").read_bytes())
    (folder / "swapped.id.txt").write_bytes((corpus / "persuasion-1.id.txt").read_bytes())
    for side in ("en", "id"):
        (folder / f"killer.{side}.txt").write_bytes((corpus / f"slow-reading-2.{side}.txt").read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    (out / "persuasion.yaml").write_text("my notes: [unclosed\n", encoding="utf-8")
    client.register_plugin(KillsItsWorker("killer"), name="kills-its-worker")
    try:
        summary = run_to_end(folder, out, OPTIONS, cluster=address)
    finally:
        client.unregister_worker_plugin("kills-its-worker")
    reasons = {r.name: r.reason for r in summary.failed}
    assert set(reasons) == {"empty", "swapped", "killer", "persuasion"}
    assert "the file is empty" in reasons["empty"]
    assert "looks Indonesian, expected English" in reasons["swapped"]
    assert "died 4 times" in reasons["killer"]
    assert "not overwriting it" in reasons["persuasion"]
    assert (out / "persuasion.yaml").read_text(encoding="utf-8") == "my notes: [unclosed\n"
    assert summary.count("aligned") == 1 and (out / "word-of-mouth.yaml").is_file()
    assert set(writes) <= {"word-of-mouth", "empty", "swapped", "persuasion"} and set(writes.values()) == {1}


def test_an_interrupted_client_leaves_whole_files_and_the_rerun_resumes(cluster, corpus, reference, tmp_path):
    address, _client = cluster
    out = tmp_path / "out"
    events = run_batch(corpus, out, OPTIONS, cluster=address)
    done = []
    for event in events:
        if isinstance(event, DocumentDone):
            done.append(event.report.name)
            if len(done) == 3:
                events.close()  # Ctrl-C
                break
    # What the workers held was dropped; what the client had begun writing was finished.
    written = {p.stem for p in out.glob("*.yaml")}
    assert set(done) <= written < {f"{n}-{k}" for n in ESSAYS for k in range(COPIES)}
    for name in written:
        pairfile.load(out / f"{name}.yaml")
    assert not list(out.glob(".*.tmp")) and not (out / ".alignread-batch.lock").exists()
    summary = run_to_end(corpus, out, OPTIONS, cluster=address)
    statuses = {r.name: r.status for r in summary.reports}
    assert {n for n, s in statuses.items() if s == "unchanged"} == written
    assert summary.count("aligned") == COPIES * len(ESSAYS) - len(written)
    assert outputs(out) == reference


def test_a_client_stopped_by_ctrl_c_resumes_from_the_command_line(cluster, corpus, reference, tmp_path):
    address, _client = cluster
    out = tmp_path / "out"
    command = [sys.executable, "-m", "alignread", "batch", str(corpus), "-o", str(out), "--nlp", "lines",
               "--format", "tmx,md", "--cluster", address, "--quiet"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(out.glob("*.yaml")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) in (0, 130), proc.stderr.read() if proc.stderr else ""
    for path in out.glob("*.yaml"):
        pairfile.load(path)
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert outputs(out) == reference


def test_a_local_cluster_from_the_command_line(corpus, reference, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(corpus), "-o", str(out), "--nlp", "lines",
                                       "--format", "tmx,md", "--cluster", "local:2"])
    assert result.exit_code == 0, result.output
    assert "16 aligned" in result.stdout and "on a local cluster of 2 worker processes" in result.stdout
    assert outputs(out) == reference


@pytest.mark.parametrize(("args", "message"), [
    (["--cluster", "local:0"], "give local:N with N worker processes"),
    (["--cluster", "local:2", "--jobs", "2"], "give --jobs or --cluster, not both"),
])
def test_cluster_mistakes_are_one_line(corpus, tmp_path, args, message):
    result = CliRunner().invoke(main, ["batch", str(corpus), "-o", str(tmp_path / "out"), *args])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0], result.stderr


def test_without_the_extra_cluster_says_how_to_get_it(corpus, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if it were not installed
    result = CliRunner().invoke(main, ["batch", str(corpus), "-o", str(tmp_path / "out"), "--cluster", "local:2"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "alignread: error: --cluster: needs Dask's distributed scheduler, which is not installed: "
        "pip install 'alignread[cluster]'"]
    assert not (tmp_path / "out").exists()


class FakeClient:
    def __init__(self, answer) -> None:
        self.answer = answer

    def run(self, fn):
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def test_workers_without_alignread_or_with_another_version_are_refused():
    from alignread import __version__
    from alignread.core.errors import AlignreadError

    batch_cluster.check_workers(FakeClient({"tcp://a:1": __version__}))
    with pytest.raises(AlignreadError, match=r"a worker cannot run alignread \(ModuleNotFoundError: .*pip install"):
        batch_cluster.check_workers(FakeClient(ModuleNotFoundError("No module named 'alignread'")))
    with pytest.raises(AlignreadError, match=r"worker tcp://b:2 runs alignread 0\.0\.1, this client"):
        batch_cluster.check_workers(FakeClient({"tcp://a:1": __version__, "tcp://b:2": "0.0.1"}))


def test_small_documents_share_a_task_and_a_large_one_goes_alone():
    sizes = {"big": 90_000, "mid": 30_000, "a": 6_000, "b": 6_000, "c": 6_000, "d": 6_000, "e": 6_000}
    pending = [(k, name, size) for k, (name, size) in enumerate(sizes.items())]
    groups = list(batch_cluster.task_groups(pending, most=3, budget=40_000))
    assert [[name for _position, name in group] for group in groups] == [
        ["big"], ["mid", "a", "b"], ["c", "d", "e"]]
    # Every document once, in order, whatever the budget.
    for budget in (1, 10_000, 10**9):
        flat = [item for group in batch_cluster.task_groups(pending, 4, budget) for item in group]
        assert flat == [(k, name) for k, name, _size in pending]
